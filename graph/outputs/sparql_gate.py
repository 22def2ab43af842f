"""The front door of `phytokg serve`: an HTTP gate before the Oxigraph server.

The Oxigraph server listens on a private port of 127.0.0.1; the gate listens on the
address the user chose and, for every SPARQL query (GET or POST on /query):

- refuses what would hurt the server before it sees it (graph.outputs.sparql_guard):
  queries nested deep enough to overflow its stack, updates, and SERVICE clauses
  unless `allow_federation`; such requests get HTTP 400 with a one-line reason;
- gives the server `timeout` seconds. The Oxigraph server does not stop a query whose
  client went away, so after the timeout the gate answers 503 and asks for the server
  to be restarted (a read-only server on a store restarts in a fraction of a second),
  which stops the runaway query. Queries running at that moment fail with 502.

Other GET requests (the server's query page, the Graph Store read) pass through; other
methods are refused (the endpoint is read-only).
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from graph.errors import InputError, QueryError, ServerError
from graph.outputs.sparql_guard import check_query

MAX_QUERY_BYTES = 10 * 1024 * 1024
_PASS_HEADERS = ("accept", "content-type", "accept-encoding")
_HOP_HEADERS = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}
)


class Backend:
    """Where the Oxigraph server is, and a way to ask for its restart.

    `port` and `ready` are maintained by whoever runs the server (phytokg serve's main
    thread); `request_restart` is called by the gate after a timeout.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.ready = threading.Event()
        self.ready.set()
        self.restart = threading.Event()
        self.generation = 0

    def request_restart(self, generation: int) -> None:
        if generation == self.generation:
            self.ready.clear()
            self.restart.set()


def make_gate(
    host: str,
    port: int,
    backend: Backend,
    *,
    timeout: float,
    allow_federation: bool = False,
    on_error: Callable[[str], None] | None = None,
) -> http.server.ThreadingHTTPServer:
    """The gate's HTTP server, bound but not yet serving."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "phytokg"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        # ------------------------------------------------------------ methods

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path.rstrip("/") == "/query":
                queries = urllib.parse.parse_qs(url.query).get("query", [])
                if not self._check(queries):
                    return
            self._forward(b"")

        def do_POST(self) -> None:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                self._refuse(411, "send the query with a Content-Length")
                self.close_connection = True
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_QUERY_BYTES:
                self._refuse(413, f"request too large ({length} bytes)")
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            url = urllib.parse.urlsplit(self.path)
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if url.path.rstrip("/") == "/update" or kind == "application/sparql-update":
                self._refuse(403, "updates are not allowed: the endpoint is read-only")
                return
            if url.path.rstrip("/") == "/query":
                queries = urllib.parse.parse_qs(url.query).get("query", [])
                if kind == "application/sparql-query":
                    queries.append(body.decode("utf-8", "replace"))
                elif kind == "application/x-www-form-urlencoded":
                    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
                    if "update" in form:
                        self._refuse(403, "updates are not allowed: the endpoint is read-only")
                        return
                    queries += form.get("query", [])
                if not self._check(queries):
                    return
            self._forward(body)

        def _not_allowed(self) -> None:
            self._refuse(405, "the endpoint is read-only")

        do_PUT = do_DELETE = do_PATCH = _not_allowed

        # ------------------------------------------------------------ helpers

        def _check(self, queries: list[str]) -> bool:
            for text in queries:
                try:
                    check_query(text, allow_federation=allow_federation)
                except QueryError as exc:
                    self._refuse(400, str(exc))
                    return False
            return True

        def _refuse(self, status: int, message: str) -> None:
            data = (message + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _forward(self, body: bytes) -> None:
            deadline = time.monotonic() + timeout
            if not backend.ready.wait(timeout):
                self._refuse(503, "the SPARQL server is restarting; try again")
                return
            generation = backend.generation
            headers = {k: v for k, v in self.headers.items() if k.lower() in _PASS_HEADERS}
            if body:
                headers["Content-Length"] = str(len(body))
            conn = http.client.HTTPConnection("127.0.0.1", backend.port, timeout=timeout)
            try:
                conn.request(self.command, self.path, body=body or None, headers=headers)
                response = conn.getresponse()
                chunks = []
                while True:
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    chunk = response.read(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except TimeoutError:
                conn.close()
                backend.request_restart(generation)
                self._refuse(503, f"query timed out after {timeout:g} s (the server's --timeout)")
                return
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                self._refuse(502, f"the SPARQL server failed: {exc}")
                return
            conn.close()
            data = b"".join(chunks)
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_HEADERS:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    class Gate(http.server.ThreadingHTTPServer):
        daemon_threads = True
        address_family = _family(host, port)

        def handle_error(self, request: Any, client_address: Any) -> None:
            if on_error is not None:
                on_error(f"request from {client_address[0]} failed")

    return Gate((host, port), Handler)


def _family(host: str, port: int) -> int:
    """The address family to bind `host` with; InputError when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise InputError(f"--host {host!r} is not an address to listen on: {reason}") from None
    return int(infos[0][0])


def check_host(host: str, port: int) -> None:
    """InputError unless `host` resolves to an address (before anything is loaded)."""
    if not 0 <= port <= 65535:
        raise InputError(f"--port must be between 0 and 65535, got {port}")
    _family(host, port)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_gate(
    start: Callable[[int], Any],
    stop: Callable[[Any], None],
    *,
    host: str,
    port: int,
    timeout: float,
    allow_federation: bool = False,
    on_ready: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    max_restarts: int = 5,
) -> None:
    """Run the Oxigraph server (`start(port)` -> process, `stop(process)`) behind the
    gate on HOST:PORT until KeyboardInterrupt; restart it after a query's timeout or
    a crash (more than `max_restarts` crashes in a minute: ServerError).

    The server is started and restarted from the calling thread only: it is told to
    die with that thread (PR_SET_PDEATHSIG), so it never outlives phytokg serve.
    """
    backend = Backend(free_port())
    proc = start(backend.port)
    try:
        gate = make_gate(host, port, backend, timeout=timeout, allow_federation=allow_federation)
    except OSError as exc:
        stop(proc)
        raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    thread = threading.Thread(target=gate.serve_forever, name="phytokg-gate", daemon=True)
    thread.start()
    crashes: list[float] = []
    try:
        if on_ready is not None:
            on_ready(f"http://{url_host(host)}:{gate.server_address[1]}")
        while True:
            backend.restart.wait(0.5)
            crashed = proc.poll() is not None
            if not (backend.restart.is_set() or crashed):
                continue
            if crashed and not backend.restart.is_set():
                now = time.monotonic()
                crashes = [t for t in crashes if now - t < 60] + [now]
                if len(crashes) > max_restarts:
                    raise ServerError(
                        f"the oxigraph server keeps stopping (exit {proc.returncode}); giving up"
                    )
                if on_warning is not None:
                    on_warning(f"the oxigraph server stopped (exit {proc.returncode}); restarting")
            backend.ready.clear()
            backend.restart.clear()
            stop(proc)
            backend.port = free_port()
            proc = start(backend.port)
            backend.generation += 1
            backend.ready.set()
    finally:
        gate.shutdown()
        gate.server_close()
        stop(proc)


def url_host(host: str) -> str:
    if host in ("0.0.0.0", "", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
