"""Evidence is faithful: on any document, every offset points at the text it claims to."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.mentions.matcher import is_case_sensitive, variants
from graph.model import Document
from graph.pipeline import Context, extract_document
from graph.text.read import document_id
from graph.text.textnorm import fold, normalize

SUBJECTS = [
    "kava",
    "Kava",
    "kratom’s",
    "Kratom",
    "mitragynine",
    "7-OH-mitragynine",
    "valerian",
    "ibogaine",
    "St John’s wort",
    "khat",
    "cocaine",
    "morphine",
    "it",
    "this herb",
    "these compounds",
    "they",
    "Its main alkaloid, ibogaine,",
]
OBJECTS = [
    "Piper methysticum",
    "the root bark",
    "leaves",
    "MOR",
    "mu-opioid receptor",
    "μ-opioid receptors",
    "kappa opioid receptor",
    "CYP3A4",
    "dopamine",
    "serotonin",
    "pain",
    "anxiety",
    "insomnia",
    "nausea",
    "seizures",
    "liver injury",
    "constipation",
    "counselling",
    "cognitive behavioural therapy",
    "opioid withdrawal",
    "mitragynine",
    "cathinone",
]
CUES = [
    "relieves",
    "may cause",
    "does not cause",
    "is relieved by",
    "contains",
    "is made from",
    "is an agonist at",
    "is a partial agonist of",
    "blocks",
    "increases",
    "side effects of",
    "include",
    "-induced",
    "-relieving",
    "anti-",
    "such as",
    "including",
    "without causing",
    "no evidence that",
    "is thought to relieve",
    "combined with",
    "alongside",
    "treats",
    "is derived from",
    "acts on",
    "causes",
    "can lead to",
    "reduces",
]
FILLER = [
    "the",
    "in",
    "users",
    "report",
    "that",
    "of",
    "a",
    "with",
    "daily",
    "use",
    "studies",
    "but",
    "and",
    "or",
    ",",
    ";",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "(",
    ")",
    "\u00a0",
    "—",
    "e.g.",
    "Dr.",
]
SEPARATORS = [", ", " and ", ", and ", " or ", "/", " as well as ", ", ’", "” and “"]

noise = st.lists(st.one_of(st.sampled_from(FILLER), st.text(max_size=3)), max_size=3).map(" ".join)
objects = st.lists(
    st.tuples(st.sampled_from(SEPARATORS), st.sampled_from(OBJECTS)), min_size=1, max_size=4
).map(lambda items: "".join(sep + obj for sep, obj in items)[len(items[0][0]) :])
sentence = st.tuples(
    noise,
    st.sampled_from(SUBJECTS),
    noise,
    st.sampled_from(CUES),
    objects,
    noise,
    st.sampled_from([".", "!", "?", ";", "", ".”", "…"]),
).map(lambda p: " ".join(x for x in p[:-1] if x) + p[-1])
documents = st.lists(
    st.tuples(sentence, st.sampled_from([" ", "\n", "  ", "", "\n\n"])), max_size=8
).map(lambda parts: "".join(s + sep for s, sep in parts))


def _surface_forms(context: Context, entity_id: str) -> set[str]:
    entity = context.lexicon.entity(entity_id)
    forms: set[str] = set()
    for term in (entity.label, *entity.alt_labels):
        term = " ".join(term.split())
        forms.add(fold(term) if is_case_sensitive(term) else "")
        forms |= variants(normalize(term))
    return forms - {""}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=documents)
def test_every_offset_is_faithful(context: Context, text: str) -> None:
    doc = Document(document_id(text), text, "gen.txt", "gen", "text/plain", len(text))
    result = extract_document(doc, context)
    for s in result.sentences:
        assert text[s.begin : s.end] == s.text
    for m in result.mentions:
        assert text[m.begin : m.end] == m.text
    coreference = {(m.begin, m.end, m.entity) for m in result.mentions if m.source != "lexicon"}
    for a in result.assertions:
        for e in a.evidence:
            sentence = text[e.sentence_begin : e.sentence_end]
            assert e.sentence_text == sentence
            assert e.doc_id == doc.id
            assert e.sentence_begin <= e.subject_begin < e.subject_end <= e.sentence_end
            assert e.sentence_begin <= e.object_begin < e.object_end <= e.sentence_end
            assert e.cue and e.cue in sentence
            assert 0.0 < e.confidence <= 1.0
            span = text[e.object_begin : e.object_end]
            if (e.object_begin, e.object_end, a.object) not in coreference:
                forms = _surface_forms(context, a.object)
                assert normalize(span) in forms or fold(span) in forms, (span, a.object)
            if a.negated:
                assert a.certainty.value == "negated"
