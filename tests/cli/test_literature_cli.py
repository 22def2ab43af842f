"""From bibliographic files to a graph with publication provenance, through the command
line as a user runs it: PubMed XML, MEDLINE, BioC and JATS in; facts with their PMIDs,
titles kept out of the facts, KGX and GraphML out; `-` for standard input and output."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
LITERATURE = ROOT / "tests" / "fixtures" / "literature"
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("literature")
    result = runner.invoke(app, ["build", str(LITERATURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _query(graph: Path, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["query", *args, "--graph", str(graph / "graph.ttl"), "-f", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_article_is_a_document_with_its_metadata(built: Path) -> None:
    rows = _query(
        built,
        "PREFIX bibo: <http://purl.org/ontology/bibo/> "
        "PREFIX fabio: <http://purl.org/spar/fabio/> "
        "PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/> "
        "SELECT ?path ?pmid ?doi ?pmcid ?journal ?year WHERE { ?d kg:sourcePath ?path ; "
        "bibo:pmid ?pmid . OPTIONAL { ?d bibo:doi ?doi } OPTIONAL { ?d fabio:hasPubMedCentralId "
        "?pmcid } OPTIONAL { ?d prism:publicationName ?journal } "
        "OPTIONAL { ?d fabio:hasPublicationYear ?year } } ORDER BY ?path",
    )
    by_path = {r["path"]: r for r in rows}
    assert set(by_path) == {
        "PMC9900005.nxml#pmid:99000005",
        "kratom.nbib#pmid:99000003",
        "kratom.nbib#pmid:99000004",
        "pubmed-two.xml#pmid:99000001",
        "pubmed-two.xml#pmid:99000002",
        "pubtator.bioc.json#pmid:99000001",
        "pubtator.bioc.xml#pmid:99000002",
    }
    jats = by_path["PMC9900005.nxml#pmid:99000005"]
    assert (jats["doi"], jats["pmcid"], jats["journal"], jats["year"]) == (
        "10.5555/phytokg.test.5",
        "PMC9900005",
        "Frontiers in Pharmacology",
        "2022",
    )
    assert by_path["kratom.nbib#pmid:99000004"]["doi"] == ""


def test_facts_carry_their_pmids(built: Path) -> None:
    rows = _query(built, "facts-by-publication", "--param", "pmid=99000001")
    facts = {(r["subjectLabel"], r["relation"], r["objectLabel"]) for r in rows}
    assert ("Mitragynine", "partialAgonistOf", "Mu-opioid receptor") in facts
    assert ("Kratom", "mayCause", "Constipation") in facts
    assert {r["link"] for r in rows} == {"https://pubmed.ncbi.nlm.nih.gov/99000001/"}
    supporting = _query(
        built,
        "publications-supporting-fact",
        "--param",
        "subjectLabel=Mitragynine",
        "--param",
        "objectLabel=Mu-opioid receptor",
    )
    assert {r["pmid"] for r in supporting} == {"99000001", "99000005"}
    out = built / "facts.csv"
    assert (
        runner.invoke(app, ["export", "-g", str(built / "graph.ttl"), "-o", str(out)]).exit_code
        == 0
    )
    with out.open(encoding="utf-8", newline="") as fh:
        facts_rows = list(csv.DictReader(fh))
    agonist = next(r for r in facts_rows if r["relation"] == "partialAgonistOf")
    assert agonist["pmids"] == "99000001;99000005"
    assert "partial agonist of the mu-opioid receptor" in agonist["evidence"]


def test_titles_and_headings_are_not_facts(built: Path) -> None:
    rows = _query(built, "symptoms-relieved")
    stated = {(r["agentLabel"], r["effectLabel"]) for r in rows}
    # "Kava relieves anxiety." and "Kratom use for opioid withdrawal" are titles only
    assert ("Kava", "Anxiety") not in stated
    assert ("Kratom", "Opioid withdrawal") not in stated
    assert ("Kratom", "Pain") in stated  # stated in the abstracts


def test_references_figures_and_tables_are_not_read(built: Path) -> None:
    rows = _query(built, "SELECT ?l WHERE { ?e rdfs:label ?l } ORDER BY ?l")
    labels = {r["l"] for r in rows}
    assert "Caffeine" not in labels and "Insomnia" not in labels


def test_page_links_evidence_to_the_article(built: Path) -> None:
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert '"url":"https://pubmed.ncbi.nlm.nih.gov/99000005/"' in page
    assert '"cite":"PMID 99000005 \\u00b7 Frontiers in Pharmacology \\u00b7 2022"' in page


def test_kgx_export_from_the_command_line(built: Path) -> None:
    out = built / "kgx"
    result = runner.invoke(
        app, ["export", "-g", str(built / "graph.ttl"), "--format", "kgx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    edges = list(csv.DictReader((out / "edges.tsv").open(encoding="utf-8"), delimiter="\t"))
    agonist = next(e for e in edges if e["original_predicate"] == "phytokg.vocab:partialAgonistOf")
    assert agonist["publications"] == "PMID:99000001|PMID:99000005"
    assert agonist["predicate"] == "biolink:directly_physically_interacts_with"
    assert agonist["subject"] == "CHEBI:6956"


def test_medline_from_standard_input(tmp_path: Path) -> None:
    data = (LITERATURE / "kratom.nbib").read_bytes()
    result = runner.invoke(app, ["build", "-", "--out", str(tmp_path), "--json"], input=data)
    assert result.exit_code == 0, result.output
    assert '"documents": 2' in result.stdout
    ttl = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert 'kg:sourcePath "stdin#pmid:99000003"' in ttl


def test_renamed_pubmed_export_is_still_read_as_one(tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((LITERATURE / "pubmed-two.xml").read_bytes())
    result = runner.invoke(app, ["build", str(renamed), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    assert '"documents": 2' in result.stdout
    assert "<AbstractText" not in (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")


def test_query_from_standard_input_and_export_to_standard_output(built: Path) -> None:
    graph = str(built / "graph.ttl")
    result = runner.invoke(
        app,
        ["query", "-", "--graph", graph, "-f", "csv"],
        input="SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "7"]
    exported = runner.invoke(app, ["export", "-g", graph, "-f", "nt", "-o", "-"])
    assert exported.exit_code == 0
    assert exported.stdout.startswith("<") and "wrote" not in exported.stdout
    assert not Path("-").exists()


def test_version_short_option_and_completion() -> None:
    assert runner.invoke(app, ["-V"]).stdout.startswith("phytokg ")
    # In a fresh process: the completion script depends on nothing a test run left behind.
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from graph.cli.app import main; main()",
            "--show-completion",
            "bash",
        ],
        capture_output=True,
        text=True,
        check=False,
        # the shell is named; no parent shell to detect (typer's switch for tests)
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert shown.returncode == 0, shown.stderr
    assert "COMPLETE=complete_bash" in shown.stdout and "complete -o default" in shown.stdout


def test_exit_codes_are_distinct_and_documented() -> None:
    from graph import errors
    from graph.outputs.serve import ServerError

    classes = list(
        {
            c
            for c in [*vars(errors).values(), ServerError]
            if isinstance(c, type) and issubclass(c, errors.PhytokgError)
        }
    )
    codes = {c.exit_code for c in classes if c is not errors.PhytokgError}
    assert 2 not in codes  # Click's usage error
    assert len(codes) == len(classes) - 1
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(n) for n in re.findall(r"^\| (\d+) \|", section, re.M)}
    assert codes | {0, 1, 2, 130} <= documented
    usage = runner.invoke(app, ["build", "--no-such-option"])
    assert usage.exit_code == 2
    missing = runner.invoke(app, ["build", "/no/such/folder"])
    assert missing.exit_code == 10


def test_html_page_main_text_and_headings(tmp_path: Path) -> None:
    page = tmp_path / "kava.html"
    page.write_text(
        "<html><head><title>Kava relieves anxiety | Herbs</title></head><body>"
        "<nav><a href='/'>Kratom relieves pain</a></nav>"
        "<main><h1>Kava relieves anxiety</h1><p>Kava may cause liver damage.</p></main>"
        "<footer>Valerian relieves insomnia.</footer></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(page), "--out", str(out), "--no-html"]).exit_code == 0
    facts = runner.invoke(app, ["export", "-g", str(out / "graph.ttl"), "-f", "csv", "-o", "-"])
    rows = list(csv.DictReader(io.StringIO(facts.stdout)))
    assert [(r["subject"], r["relation"], r["object"]) for r in rows] == [
        ("Kava", "mayCause", "Liver injury")
    ]


def test_render_to_standard_output(built: Path) -> None:
    result = runner.invoke(app, ["render", "-g", str(built / "graph.ttl"), "--out", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and "wrote" not in result.stdout
    assert not Path("-").exists()


def test_readme_pubmed_to_gephi_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    import networkx as nx

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From a PubMed search to a graph and a Gephi picture", 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) == 3 and commands[2].startswith("gephi ")
    (tmp_path / "pubmed-kratom.nbib").write_bytes((LITERATURE / "kratom.nbib").read_bytes())
    monkeypatch.chdir(tmp_path)
    for command in commands[:2]:
        args = shlex.split(command)
        assert args[0] == "phytokg"
        result = runner.invoke(app, args[1:])
        assert result.exit_code == 0, (command, result.output)
    g = nx.read_graphml(tmp_path / "kratom" / "graph.graphml", force_multigraph=True)
    assert g.number_of_edges() > 0
    assert all(data["pmids"] for _, _, data in g.edges(data=True))
