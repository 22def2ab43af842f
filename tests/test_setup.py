"""The README's set-up installs what every command needs: `phytokg serve` included."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_setup_installs_the_serve_extra() -> None:
    script = (ROOT / "scripts" / "setup-env.sh").read_text(encoding="utf-8")
    installs = re.findall(r'pip install -q -e "\.\[([^\]]+)\]"', script)
    assert installs and all("serve" in extras.split(",") for extras in installs)
    build = (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8")
    assert "scripts/setup-env.sh" in build
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/build.sh" in readme


def test_serve_extra_brings_the_oxigraph_server() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("oxigraph") for d in project["optional-dependencies"]["serve"])
