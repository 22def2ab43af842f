"""The page itself: one self-contained HTML file (template, styles and scripts from
graph/outputs/assets/, vis-network inlined), written atomically."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from graph.errors import PhytokgError

ASSETS = Path(__file__).resolve().parent / "assets"


# --------------------------------------------------------------------------- HTML


def script_json(data: Any) -> str:
    """JSON safe inside <script>: no '<', '>', '&', U+2028 or U+2029 left raw.

    Escaping every '<' (so '</script>' and '<!--' can never appear) is stricter
    than escaping '</' as '<\\/'; JSON.parse reads both the same.
    """
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def _vis_assets() -> tuple[str, str]:
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise PhytokgError("pyvis is not installed: install phytokg with its dependencies")
    base = Path(spec.origin).parent
    for folder in (base / "templates" / "lib" / "vis-9.1.2", base / "lib" / "vis-9.1.2"):
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.is_file() and css.is_file():
            code = re.sub(r"//# sourceMappingURL=\S*", "", js.read_text(encoding="utf-8"))
            code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
            return code, css.read_text(encoding="utf-8")
    raise PhytokgError(f"vis-network not found in pyvis ({base}); reinstall pyvis 0.3.2")


def _csp_hash(code: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
    )


def page_html(data: dict[str, Any], title: str) -> str:
    """The whole page as text: template, vis-network, our script and the data, all inline."""
    import html

    vis_js, vis_css = _vis_assets()
    page_js = (ASSETS / "page.js").read_text(encoding="utf-8")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    values = {
        "TITLE": html.escape(title),
        "CSP": html.escape(csp),
        "VIS_CSS": vis_css,
        "PAGE_CSS": (ASSETS / "page.css").read_text(encoding="utf-8"),
        "VIS_JS": vis_js,
        "DATA": script_json(data),
        "PAGE_JS": page_js,
    }
    template = (ASSETS / "page.html").read_text(encoding="utf-8")
    # one pass over the template only: nothing inserted is scanned again
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)


def write_atomic(out: Path, text: str) -> None:
    """Write `text` to `out` through a temporary file in the same folder (standard output,
    devices and pipes directly: graph.rdf.files.atomic_write)."""
    from graph.rdf.files import atomic_write

    atomic_write(out, text)
