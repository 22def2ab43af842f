"""Bibliographic readers: PubMed XML, MEDLINE, BioC XML/JSON and JATS (graph.literature)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from graph.text.literature import (
    Article,
    Section,
    article_text,
    kind_of,
    read_article_file,
    read_articles,
    sniff,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "literature"
NOT_READ = ("caffeine", "Caffeine", "insomnia", "Graphical", "Copyright", "Example University")


def articles(name: str) -> list[Article]:
    return list(read_article_file(FIXTURES / name))


def text_of(article: Article) -> str:
    return article_text(article)[0]


def test_pubmed_xml_one_article_per_record_with_metadata() -> None:
    first, second = articles("pubmed-two.xml")
    assert first.id == "pmid:99000001"
    assert dict(first.metadata) == {
        "pmid": "99000001",
        "doi": "10.5555/phytokg.test.1",
        "title": "Kratom use for opioid withdrawal: a survey of Mitragyna speciosa users.",
        "journal": "Journal of Ethnopharmacology",
        "year": "2020",
    }
    assert [s.heading for s in first.sections] == ["Background", "Results", "Conclusions"]
    assert first.sections[1].text == (
        "Mitragynine is a partial agonist of the mu-opioid receptor. Kratom may cause constipation."
    )
    # MedlineDate, no DOI, PMC id from the PubmedData id list; the cited article's ids ignored
    assert dict(second.metadata) == {
        "pmid": "99000002",
        "pmcid": "PMC9900002",
        "title": "Kava relieves anxiety.",
        "journal": "Phytomedicine",
        "year": "2019",
    }
    for a in (first, second):
        assert not any(word in text_of(a) for word in NOT_READ)


def test_medline_records_continuations_and_labelled_abstract() -> None:
    first, second = articles("kratom.nbib")
    assert dict(first.metadata) == {
        "pmid": "99000003",
        "pmcid": "PMC9900003",
        "doi": "10.5555/phytokg.test.3",
        "title": "Kratom alkaloids and the mu-opioid receptor: a review of pharmacology and "
        "adverse effects.",
        "journal": "Frontiers in pharmacology",
        "year": "2020",
    }
    assert first.sections == (
        Section("Background", "Kratom contains mitragynine and 7-hydroxymitragynine.", "abstract"),
        Section(
            "Results",
            "7-Hydroxymitragynine is an agonist of the mu-opioid receptor. "
            "Kratom may cause nausea.",
            "abstract",
        ),
        Section("Conclusions", "Kratom relieves pain.", "abstract"),
    )
    assert second.id == "pmid:99000004"
    assert second.metadata["year"] == "2021" and "doi" not in second.metadata


@pytest.mark.parametrize("name", ["pubtator.bioc.xml", "pubtator.bioc.json"])
def test_bioc_title_abstract_and_metadata(name: str) -> None:
    found = articles(name)
    first = found[0]
    assert first.title == "Kratom use for opioid withdrawal: a survey of Mitragyna speciosa users."
    assert dict(first.metadata) == {
        "pmid": "99000001",
        "doi": "10.5555/phytokg.test.1",
        "title": first.title,
        "journal": "J Ethnopharmacol",
        "year": "2020",
    }
    assert [s.kind for s in first.sections] == ["abstract"]
    assert first.sections[0].text.startswith("Kratom is made from the leaves")
    if name.endswith(".xml"):
        assert found[1].metadata["pmcid"] == "PMC9900002"


def test_bioc_json_collection_list_and_lines() -> None:
    passages = [
        {"infons": {"type": "front", "article-id_pmc": "123", "year": "2018"}, "text": "T."},
        {"infons": {"type": "title_1", "section_type": "INTRO"}, "text": "Introduction"},
        {
            "infons": {"type": "paragraph", "section_type": "INTRO"},
            "text": "Kava relieves anxiety.",
        },
        {"infons": {"type": "ref", "section_type": "REF"}, "text": "Caffeine may cause insomnia."},
        {"infons": {"type": "fig_caption", "section_type": "FIG"}, "text": "Caffeine figure."},
    ]
    doc = {"id": "PMC123", "infons": {}, "passages": passages}
    forms = [
        json.dumps({"source": "PMC", "documents": [doc]}),
        json.dumps([doc]),
        json.dumps(doc),
        json.dumps(doc) + "\n" + json.dumps(doc) + "\n",
    ]
    for form in forms:
        found = list(read_articles(io.BytesIO(form.encode()), "bioc-json"))
        assert found[0].id == "pmc:PMC123"
        assert found[0].metadata == {"pmcid": "PMC123", "year": "2018", "title": "T."}
        assert found[0].sections == (Section("Introduction", "Kava relieves anxiety.", "body"),)


def test_jats_body_sections_without_references_figures_tables() -> None:
    (article,) = articles("PMC9900005.nxml")
    assert article.id == "pmid:99000005"
    assert dict(article.metadata) == {
        "pmid": "99000005",
        "pmcid": "PMC9900005",
        "doi": "10.5555/phytokg.test.5",
        "title": "Kratom relieves opioid withdrawal: pharmacology of Mitragyna speciosa",
        "journal": "Frontiers in Pharmacology",
        "year": "2022",
    }
    assert [s.heading for s in article.sections] == [
        "",
        "Introduction",
        "Adverse Effects",
        "Gastrointestinal",
    ]
    text = text_of(article)
    # citations dropped with the space before them, figures, tables, supplements, refs gone
    assert (
        "Kratom relieves pain. Mitragynine is a partial agonist of the mu-opioid receptor." in text
    )
    assert not any(word in text for word in NOT_READ)
    assert "Supplementary" not in text


def test_article_text_marks_title_and_headings() -> None:
    article = Article(
        "pmid:1",
        "A title",
        (Section("Methods", "One.\n\nTwo.", "abstract"), Section("", "Three.", "body")),
    )
    text, spans = article_text(article)
    assert text == "A title\n\nMethods\n\nOne.\n\nTwo.\n\nThree."
    assert [text[b:e] for b, e in spans] == ["A title", "Methods"]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "x" "y">\n<PubmedArticleSet>',
         "pubmed-xml"),
        (b"\xef\xbb\xbfPMID- 1\nTI  - x", "medline"),
        (b"\nPMID- 123\n", "medline"),
        (b"<?xml version='1.0'?><collection><source>PubTator</source>", "bioc-xml"),
        (b'<!-- c --><article xmlns:xlink="http://www.w3.org/1999/xlink">', "jats"),
        (b"<pmc-articleset><article>", "jats"),
        (b'{"PubTator3": [', "bioc-json"),
        (b'[{"id": "1", "passages": []}]', "bioc-json"),
        (b"<!DOCTYPE html><html><body>", None),
        (b"Kratom relieves pain.", None),
        (b'{"name": "not bioc"}', None),
    ],
)  # fmt: skip
def test_sniff(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


def test_kind_of_content_wins_over_extension() -> None:
    xml = (FIXTURES / "pubmed-two.xml").read_bytes()[:4096]
    assert kind_of(Path("renamed.html"), xml) == "pubmed-xml"
    assert kind_of(Path("renamed.txt"), xml) == "pubmed-xml"
    assert kind_of(Path("x.nbib"), b"garbage") == "medline"
    assert kind_of(Path("x.xml"), b"<html>") is None


def test_read_article_file_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("<notes><note>hi</note></notes>")
    with pytest.raises(ValueError, match="not a PubMed"):
        list(read_article_file(path))


def test_entities_are_not_expanded_and_no_dtd_is_fetched() -> None:
    evil = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>T &secret; &b;</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>"""
    (article,) = read_articles(io.BytesIO(evil), "pubmed-xml")
    assert "root:" not in article.title and "aaaa" not in article.title


def test_malformed_xml_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="malformed XML"):
        list(read_articles(io.BytesIO(b"<PubmedArticleSet><PubmedArticle>"), "pubmed-xml"))


class CountingReader(io.RawIOBase):
    """A byte stream that records how much has been read from it."""

    def __init__(self, data: bytes) -> None:
        self.inner = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self.inner.read(min(len(buffer), 65536))
        buffer[: len(chunk)] = chunk
        self.consumed += len(chunk)
        return len(chunk)


def _big_pubmed(n: int) -> bytes:
    record = (
        "<PubmedArticle><MedlineCitation><PMID>{i}</PMID><Article><Journal><Title>J</Title>"
        "<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue></Journal>"
        "<ArticleTitle>Title {i}</ArticleTitle><Abstract><AbstractText>"
        + "Kratom relieves pain. " * 20
        + "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n"
    )
    body = "".join(record.format(i=i) for i in range(1, n + 1))
    return f"<?xml version='1.0'?>\n<PubmedArticleSet>\n{body}</PubmedArticleSet>\n".encode()


def test_ten_thousand_record_export_streams() -> None:
    data = _big_pubmed(10_000)
    stream = CountingReader(data)
    found = read_articles(io.BufferedReader(stream), "pubmed-xml")
    first = next(found)
    assert first.id == "pmid:1"
    assert stream.consumed < len(data) / 20  # one record read, not the whole export
    count = 1 + sum(1 for _ in found)
    assert count == 10_000


def test_medline_streams() -> None:
    record = "PMID- {i}\nTI  - Title {i}\nAB  - Kratom relieves pain.\n\n"
    data = "".join(record.format(i=i) for i in range(1, 20_001)).encode()
    stream = CountingReader(data)
    found = read_articles(io.BufferedReader(stream), "medline")
    assert next(found).id == "pmid:1"
    assert stream.consumed < len(data) / 20
    assert 1 + sum(1 for _ in found) == 20_000


def test_publication_triples_only_for_given_keys() -> None:
    from graph.rdf.publication import (
        DOI,
        GYEAR,
        JOURNAL,
        PMCID,
        PMID,
        SOURCE,
        YEAR,
        publication_triples,
    )

    node = "https://w3id.org/phytokg/doc/x"
    assert publication_triples(node, {}) == []
    (article,) = articles("PMC9900005.nxml")
    assert set(publication_triples(node, article.metadata)) == {
        (node, PMID, ("99000005", "")),
        (node, DOI, ("10.5555/phytokg.test.5", "")),
        (node, PMCID, ("PMC9900005", "")),
        (node, JOURNAL, ("Frontiers in Pharmacology", "")),
        (node, YEAR, ("2022", GYEAR)),
        (node, SOURCE, "https://pubmed.ncbi.nlm.nih.gov/99000005/"),
        (node, SOURCE, "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900005/"),
        (node, SOURCE, "https://doi.org/10.5555/phytokg.test.5"),
    }


def test_text_that_only_looks_like_an_export_is_read_as_text(tmp_path: Path) -> None:
    from graph.text.read import read_documents

    note = tmp_path / "note.txt"
    note.write_text("<article> is how the tag starts. Kava relieves anxiety.\n", encoding="utf-8")
    (doc,) = read_documents([note])
    assert doc.media_type == "text/plain" and doc.metadata == ()
    broken = tmp_path / "broken.xml"
    broken.write_text("<PubmedArticleSet><PubmedArticle>", encoding="utf-8")
    from graph.errors import InputError

    with pytest.raises(InputError, match="malformed XML"):
        list(read_documents([broken]))


JATS_LIST = b"""<article><front><article-meta>
<article-id pub-id-type="pmid">1</article-id>
<title-group><article-title>Kratom review</article-title></title-group></article-meta></front>
<body><sec><title>Adverse effects</title><list list-type="bullet">
<list-item><p>Nausea</p></list-item><list-item><p>Constipation <xref ref-type="bibr">3</xref></p>
</list-item></list></sec></body></article>"""


def test_jats_list_items_are_bullets_under_their_heading() -> None:
    (article,) = read_articles(io.BytesIO(JATS_LIST), "jats")
    assert article_text(article)[0] == (
        "Kratom review\n\nAdverse effects\n\n- Nausea\n\n- Constipation"
    )
    from graph.pipeline import extract_document, load_context
    from graph.text.read import article_documents

    (doc,) = article_documents(io.BytesIO(JATS_LIST), "jats", "review.nxml")
    facts = {
        (a.subject, a.relation, a.object) for a in extract_document(doc, load_context()).assertions
    }
    assert facts == {("Kratom", "mayCause", "Nausea"), ("Kratom", "mayCause", "Constipation")}
