"""A graph over HTTP: `serve` runs the Oxigraph server (SPARQL 1.1 Protocol) on a store
loaded from a graph file; `push` sends a graph file to an existing SPARQL store over the
SPARQL 1.1 Graph Store Protocol (HTTP PUT or POST of Turtle).

The server is the `oxigraph` command of the `oxigraph` Python package (pip install
oxigraph); it binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.errors import GraphFileError, InputError, PhytokgError


class ServerError(PhytokgError):
    """The SPARQL server cannot be started, or an endpoint refuses a request."""

    exit_code = 9


def oxigraph_binary() -> str:
    """The `oxigraph` server command: next to this Python, or on PATH."""
    local = Path(sys.executable).parent / "oxigraph"
    if local.is_file():
        return str(local)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServerError("the oxigraph server is not installed: pip install oxigraph")
    return found


def load_store(graph: Path, store_dir: Path) -> None:
    """Load a graph file into an Oxigraph store folder (with the oxigraph command)."""
    from graph.rdf.files import check_graph_file, parser_for

    check_graph_file(graph)
    _, ox_format = parser_for(graph)
    if not ox_format:
        raise GraphFileError(f"{graph}: serve reads Turtle, N-Triples, N-Quads or TriG")
    proc = subprocess.run(
        [oxigraph_binary(), "load", "--location", str(store_dir), "--file", str(graph)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise GraphFileError(f"{graph}: cannot load into a store: {last}")


def start_server(
    store_dir: Path, host: str = "127.0.0.1", port: int = 7878, *, read_only: bool = True
) -> subprocess.Popen[bytes]:
    """Start the Oxigraph server on `store_dir` and wait until it answers (10 s at most)."""
    command = "serve-read-only" if read_only else "serve"
    proc = subprocess.Popen(
        [
            oxigraph_binary(),
            command,
            "--location",
            str(store_dir),
            "--bind",
            f"{host}:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://{_url_host(host)}:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            last = (err.strip().splitlines() or ["exited"])[-1]
            raise ServerError(f"oxigraph server did not start on {host}:{port}: {last}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1):
                return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    stop_server(proc)
    raise ServerError(f"oxigraph server did not answer on {url} within 10 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server started by start_server (kill it after 5 s)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stderr:
        proc.stderr.close()


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def serve(
    graph: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    store_dir: Path | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve `graph` read-only at http://HOST:PORT/query until interrupted."""
    with tempfile.TemporaryDirectory(prefix="phytokg-store-") as tmp:
        location = store_dir or Path(tmp) / "store"
        load_store(graph, location)
        proc = start_server(location, host, port, read_only=True)
        previous = _on_sigterm(_interrupt)
        try:
            if on_ready is not None:
                on_ready(f"http://{_url_host(host)}:{port}")
            proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop_server(proc)
            _on_sigterm(previous)


def _on_sigterm(handler: Any) -> Any:
    """Install a SIGTERM handler (only the main thread may); the previous one."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler) if handler is not None else None


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops `serve` like Ctrl-C, so that the server process is stopped too."""
    raise KeyboardInterrupt


def push(
    graph: Path,
    endpoint: str,
    *,
    named_graph: str | None = None,
    replace: bool = True,
    timeout: float = 60.0,
) -> int:
    """Send `graph` as Turtle to a Graph Store Protocol endpoint; the HTTP status.

    PUT replaces the target graph, POST adds to it. The target is `named_graph`
    (`?graph=IRI`) or the default graph (`?default`).
    """
    from graph.rdf.files import check_graph_file

    check_graph_file(graph)
    if graph.suffix.lower() not in (".ttl", ".turtle"):
        raise GraphFileError(f"{graph}: push sends Turtle (.ttl); export the graph first")
    parsed = urllib.parse.urlsplit(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"--endpoint must be an http(s) URL, got {endpoint!r}")
    target = urllib.parse.urlencode({"graph": named_graph}) if named_graph else "default"
    url = endpoint + ("&" if parsed.query else "?") + target
    request = urllib.request.Request(
        url,
        data=graph.read_bytes(),
        method="PUT" if replace else "POST",
        headers={"Content-Type": "text/turtle; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        raise ServerError(
            f"{endpoint} refused the graph: HTTP {exc.code} {exc.reason}{detail}"
        ) from None
    except urllib.error.URLError as exc:
        raise ServerError(f"cannot reach {endpoint}: {exc.reason}") from None
    except OSError as exc:
        raise ServerError(f"cannot reach {endpoint}: {exc}") from None
