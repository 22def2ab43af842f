"""HTML main text (graph.htmltext): the article, without navigation, asides and footers."""

from __future__ import annotations

from pathlib import Path

from graph.text.htmltext import read_page

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"

PAGE = """<!DOCTYPE html><html><head><title>Kava | Herb Site</title></head><body>
<header><a href="/">Home</a><nav><ul><li>Kratom relieves pain</li><li>Kava</li></ul></nav></header>
<div role="navigation">Caffeine may cause insomnia.</div>
<main><article><header><h1>Kava and anxiety</h1><p>By A. Writer</p></header>
<p>Kava relieves anxiety.</p><h2>Risks</h2><p>Kava may cause liver damage.<br>Rarely.</p>
<form><label>Subscribe: ginseng relieves fatigue</label></form></article>
<aside>Related: Kratom may cause constipation.</aside></main>
<footer>Copyright. Valerian relieves insomnia.</footer></body></html>"""


def test_main_text_without_page_furniture() -> None:
    page = read_page(PAGE)
    assert page.text == (
        "Kava and anxiety\nBy A. Writer\nKava relieves anxiety.\nRisks\n"
        "Kava may cause liver damage.\nRarely."
    )
    assert page.title == "Kava | Herb Site"
    assert [page.text[b:e] for b, e in page.headings] == ["Kava and anxiety", "Risks"]


def test_page_without_main_keeps_body_minus_boilerplate() -> None:
    page = read_page(
        "<body><nav>Menu: kratom</nav><h1>Kava</h1><p>Kava relieves anxiety.</p>"
        "<footer>Valerian relieves insomnia.</footer></body>"
    )
    assert page.text == "Kava\nKava relieves anxiety."
    assert page.headings == ((0, 4),)


def test_simple_page_reads_as_before() -> None:
    page = read_page((DOCS / "iboga.html").read_text(encoding="utf-8"))
    assert page.text.startswith("Iboga & ibogaine\nIboga is made from the root bark")
    assert "Kava" not in page.text and "cocaine" not in page.text and "coca" not in page.text
    assert page.title == "Iboga & ibogaine"


def test_stray_end_tags_and_unclosed_elements() -> None:
    page = read_page("<p>Kava relieves anxiety.</div></span><p>Kava may cause nausea.")
    assert page.text == "Kava relieves anxiety.\nKava may cause nausea."
