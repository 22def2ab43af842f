"""The graph page without a browser: what it shows, what it loads, what it escapes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import rdflib
import typer
from typer.testing import CliRunner

from graph.cli.app import app as phytokg_app
from graph.domain.namespaces import ASSERTION, ENT, KG, OBO
from graph.errors import InputError
from graph.outputs.page import layout, render_html, script_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SMALL = FIXTURES / "render-small.ttl"
INJECTION = FIXTURES / "render-injection.ttl"


def _graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def page_data(html: str) -> dict[str, Any]:
    """The JSON the page reads, as the page reads it."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.fixture(scope="module")
def small() -> rdflib.Graph:
    return _graph(SMALL)


def _render(g: rdflib.Graph, tmp_path: Path, **kw: Any) -> tuple[Any, dict[str, Any], str]:
    out = tmp_path / "page.html"
    summary = render_html(g, out, **kw)
    html = out.read_text(encoding="utf-8")
    return summary, page_data(html), html


def _labels(data: dict[str, Any]) -> list[str]:
    return sorted(n["label"] for n in data["nodes"])


def _facts(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    name = {n["id"]: n["label"] for n in data["nodes"]}
    return sorted(
        (name[e["from"]], e["rel"].removeprefix(KG), name[e["to"]]) for e in data["edges"]
    )


def test_every_entity_and_direct_fact_once(small: rdflib.Graph, tmp_path: Path) -> None:
    summary, data, _ = _render(small, tmp_path)
    # 7 entities; 7 direct facts: the entailed interactsWith triple is drawn once, as agonistOf,
    # and the negated fact (no direct triple) is not drawn
    assert (summary.nodes, summary.edges) == (7, 7)
    assert _labels(data) == [
        "Anxiety",
        "Insomnia",
        "Kratom",
        "Mitragynine",
        "Nausea",
        "mu-opioid receptor",
        "paynantheine",
    ]
    assert _facts(data) == [
        ("Kratom", "alleviates", "Anxiety"),
        ("Kratom", "alleviates", "Nausea"),
        ("Kratom", "hasConstituent", "Mitragynine"),
        ("Kratom", "hasConstituent", "paynantheine"),
        ("Kratom", "mayCause", "Nausea"),
        ("Mitragynine", "agonistOf", "mu-opioid receptor"),
        ("Mitragynine", "alleviates", "Anxiety"),
    ]


def test_counts_match_the_graph_by_sparql(small: rdflib.Graph, tmp_path: Path) -> None:
    summary, _, _ = _render(small, tmp_path)
    entities = small.query(
        f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
            ?e a ?c . FILTER(STRSTARTS(STR(?e), "{ENT}"))
        }}"""
    )
    facts = small.query(
        f"""SELECT (COUNT(*) AS ?n) WHERE {{
            ?s ?p ?o . FILTER(STRSTARTS(STR(?s), "{ENT}") && STRSTARTS(STR(?o), "{ENT}"))
            FILTER NOT EXISTS {{ ?q <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> ?p .
                                ?s ?q ?o }}
        }}"""
    )
    assert summary.nodes == int(next(iter(entities))[0])  # type: ignore[index]
    assert summary.edges == int(next(iter(facts))[0])  # type: ignore[index]


def test_show_negated_draws_the_denied_fact(small: rdflib.Graph, tmp_path: Path) -> None:
    summary, data, _ = _render(small, tmp_path, show_negated=True)
    assert summary.edges == 8
    negated = [e for e in data["edges"] if e["certainty"] == "negated"]
    assert [(e["from"], e["to"]) for e in negated] == [(ENT + "Kratom", ENT + "Insomnia")]


@pytest.mark.parametrize(
    ("kw", "nodes", "edges"),
    [
        ({"classes": ["Compound"]}, ["Mitragynine", "paynantheine"], 0),  # sub-class Alkaloid
        (
            {"classes": ["alkaloid", "kg:Receptor"]},
            ["Mitragynine", "mu-opioid receptor", "paynantheine"],
            1,
        ),
        (
            {"relations": ["interactsWith"]},
            ["Mitragynine", "mu-opioid receptor"],
            1,
        ),  # sub-property
        ({"relations": ["may cause"]}, ["Kratom", "Nausea"], 1),  # by label
        ({"min_evidence": 2}, ["Kratom", "Mitragynine"], 1),
        ({"focus": "MOR"}, ["Mitragynine", "mu-opioid receptor"], 1),  # by synonym
        ({"focus": "Kratom"}, ["Anxiety", "Kratom", "Mitragynine", "Nausea", "paynantheine"], 6),
        (
            {"focus": ENT + "Kratom", "depth": 2},
            ["Anxiety", "Kratom", "Mitragynine", "Nausea", "mu-opioid receptor", "paynantheine"],
            7,
        ),
    ],
)
def test_filters(
    small: rdflib.Graph, tmp_path: Path, kw: dict[str, Any], nodes: list[str], edges: int
) -> None:
    summary, data, _ = _render(small, tmp_path, **kw)
    assert _labels(data) == nodes
    assert (summary.nodes, summary.edges) == (len(nodes), edges)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"focus": "Nothing"}, "unknown focus entity 'Nothing'"),
        ({"classes": ["Planet"]}, "unknown class 'Planet'"),
        ({"relations": ["cures"]}, "unknown relation 'cures'"),
    ],
)
def test_unknown_names_are_input_errors(
    small: rdflib.Graph, tmp_path: Path, kw: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        render_html(small, tmp_path / "x.html", **kw)
    assert not (tmp_path / "x.html").exists()


def test_fact_carries_its_evidence_with_marked_mentions(
    small: rdflib.Graph, tmp_path: Path
) -> None:
    _, data, _ = _render(small, tmp_path)
    edge = next(e for e in data["edges"] if e["id"] == ASSERTION + "a005")
    assert (edge["certainty"], edge["confidence"], edge["count"]) == ("asserted", 0.8, 1)
    assert edge["contradicts"] == [ASSERTION + "a004"]
    [ev] = edge["evidence"]
    assert ev["segments"] == [
        ["Kratom", "s"],
        [" relieves nausea in some users but causes ", ""],
        ["nausea", "o"],
        [" in others.", ""],
    ]
    assert data["docs"][ev["doc"]] == {"title": "A review of kratom", "path": "review.txt"}
    hedged = next(e for e in data["edges"] if e["id"] == ASSERTION + "a003")
    assert hedged["certainty"] == "hedged"
    two = next(e for e in data["edges"] if e["id"] == ASSERTION + "a001")
    assert [d["doc"].rsplit("/", 1)[1] for d in two["evidence"]] == ["aaaa", "bbbb"]


def test_entity_details(small: rdflib.Graph, tmp_path: Path) -> None:
    _, data, _ = _render(small, tmp_path)
    node = {n["label"]: n for n in data["nodes"]}
    assert node["Mitragynine"]["ids"] == [
        {"iri": OBO + "CHEBI_6956", "text": "CHEBI:6956", "link": True}
    ]
    assert node["Mitragynine"]["alt"] == ["MG"]
    assert node["Mitragynine"]["classes"] == ["alkaloid"]  # the ontology's label
    assert node["paynantheine"]["discovered"] is True
    assert node["Kratom"]["discovered"] is False
    assert sorted(node["Nausea"]["classes"]) == ["adverse effect", "symptom"]
    legend = {c["label"]: c["count"] for c in data["classes"]}
    assert legend == {
        "alkaloid": 2,
        "herbal product": 1,
        "receptor": 1,
        "symptom": 2,
        "adverse effect": 1,
    }


def test_labels_fall_back_to_local_names(tmp_path: Path) -> None:
    g = rdflib.Graph()
    a, b = rdflib.URIRef(ENT + "A"), rdflib.URIRef(ENT + "B")
    g.add((a, rdflib.RDF.type, rdflib.URIRef(KG + "Plant")))
    g.add((b, rdflib.RDF.type, rdflib.URIRef(KG + "Compound")))
    g.add((a, rdflib.URIRef(KG + "hasConstituent"), b))
    _, data, _ = _render(g, tmp_path)
    assert _labels(data) == ["A", "B"]
    assert [r["label"] for r in data["relations"]] == ["hasConstituent"]
    assert sorted(c["label"] for c in data["classes"]) == ["Compound", "Plant"]


def test_page_loads_nothing_from_the_network(small: rdflib.Graph, tmp_path: Path) -> None:
    _, _, html = _render(small, tmp_path)
    outside_data = re.sub(
        r'(<script type="application/json" id="kg-data">).*?(</script>)', "", html, flags=re.S
    )
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", outside_data, re.I) == []
    assert (
        re.findall(
            r"<script[^>]*\ssrc\s*=|<link\b|@import|url\(\s*['\"]?(?:https?:)?//",
            outside_data,
            re.I,
        )
        == []
    )
    assert "cdnjs.cloudflare.com" not in html and "cdn.jsdelivr.net" not in html  # pyvis's CDNs
    assert "default-src &#x27;none&#x27;" in html  # the CSP forbids any other load
    assert html.count("<h1") == 1


def test_injection_probes_stay_json_data(tmp_path: Path) -> None:
    g = _graph(INJECTION)
    _, data, html = _render(g, tmp_path)
    block = re.search(r'id="kg-data">(.*?)</script>', html, re.S)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1)
    assert "\u2028" not in html and "\u2029" not in html
    assert "window.__pwned" not in html.replace(block.group(1), "")
    # the text arrives intact, to be shown as text
    node = {n["id"]: n for n in data["nodes"]}
    assert node[ENT + "Probe"]["label"] == "<script>window.__pwned=1</script>"
    assert node[ENT + "Probe"]["alt"][2] == "probe\u2028line"
    ids = {i["iri"]: i["link"] for i in node[ENT + "Probe"]["ids"]}
    assert ids == {
        "javascript:window.__pwned=1": False,
        "https://example.org/id?q=%3Cscript%3E": True,
    }
    assert (
        data["docs"][next(iter(data["docs"]))]["title"]
        == "</script><script>window.__pwned=1</script>"
    )
    assert "".join(s for s, _ in data["edges"][0]["evidence"][0]["segments"]).startswith("<script>")


def test_script_json_escapes_what_ends_a_script() -> None:
    text = script_json({"a": "</script><!--<script>", "b": "x\u2028y\u2029z&"})
    assert text == (
        '{"a":"\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e","b":"x\\u2028y\\u2029z\\u0026"}'
    )
    assert json.loads(text) == {"a": "</script><!--<script>", "b": "x\u2028y\u2029z&"}


def test_same_graph_same_bytes(small: rdflib.Graph, tmp_path: Path) -> None:
    first = tmp_path / "one.html"
    second = tmp_path / "two.html"
    render_html(small, first, show_negated=True)
    reparsed = rdflib.Graph().parse(data=small.serialize(format="nt"), format="nt")
    render_html(reparsed, second, show_negated=True)
    assert first.read_bytes() == second.read_bytes()


def test_write_is_atomic_and_readable(small: rdflib.Graph, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "graph.html"
    render_html(small, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_layout_is_seeded_and_spreads_components() -> None:
    nodes = [f"n{i:03d}" for i in range(120)]
    edges = [(nodes[i], nodes[(i * 7 + 1) % 60]) for i in range(60)]  # 60 linked, 60 alone
    first = layout(nodes, edges)
    assert first == layout(list(reversed(nodes)), list(reversed(edges)))
    assert set(first) == set(nodes)
    assert len(set(first.values())) == len(nodes)  # no two nodes on one spot
    assert all(isinstance(v, int) for xy in first.values() for v in xy)


def _app() -> typer.Typer:
    return phytokg_app


def test_cli_render(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        _app(),
        [
            "render",
            "--graph",
            str(SMALL),
            "--out",
            str(out),
            "--relation",
            "alleviates",
            "--title",
            "T",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 4 entities, 3 facts\n"
    assert "<title>T</title>" in out.read_text(encoding="utf-8")


def test_cli_render_default_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_bytes(SMALL.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        _app(), ["render", "--focus", "ketum", "--depth", "2", "--show-negated"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {Path('out') / 'graph.html'}: 7 entities, 8 facts\n"
    assert (tmp_path / "out" / "graph.html").is_file()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--graph", "missing.ttl"], 3, "missing.ttl"),
        (["--graph", str(SMALL), "--focus", "Nothing"], 10, "unknown focus entity 'Nothing'"),
        (["--graph", str(SMALL), "--class", "Planet"], 10, "unknown class 'Planet'"),
    ],
)
def test_cli_render_errors_are_one_line(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(_app(), ["render", *args, "--out", str(tmp_path / "x.html")])
    assert result.exit_code == code
    assert result.stderr.startswith("phytokg: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_cli_render_unparsable_graph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    result = CliRunner().invoke(
        _app(), ["render", "--graph", str(bad), "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 3
    assert result.stderr.startswith("phytokg: error: ") and result.stderr.count("\n") == 1


def test_cli_render_help() -> None:
    result = CliRunner().invoke(_app(), ["render", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in (
        "--graph",
        "--out",
        "--class",
        "--relation",
        "--min-evidence",
        "--focus",
        "--depth",
        "--title",
        "--show-negated",
    ):
        assert option in result.stdout
    assert "Example: phytokg render" in result.stdout
    assert "out/graph.ttl" in result.stdout and "out/graph.html" in result.stdout


def test_seed_graph_page(seed_graph: rdflib.Graph, tmp_path: Path) -> None:
    summary, data, _ = _render(seed_graph, tmp_path)
    entities = {
        str(s)
        for s, c in seed_graph.subject_objects(rdflib.RDF.type)
        if str(s).startswith(ENT) and str(c).startswith(KG)
    }
    positive = {
        str(a)
        for a in seed_graph.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "Assertion"))
        if seed_graph.value(a, rdflib.URIRef(KG + "certainty")) != rdflib.URIRef(KG + "Negated")
    }
    assert summary.nodes == len(entities)
    assert {e["id"] for e in data["edges"]} == positive
    assert all(e["evidence"] for e in data["edges"])
