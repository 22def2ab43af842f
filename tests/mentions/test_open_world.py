"""Open-world reading: entities no lexicon lists, found by how scientific and clinical
English writes them (ontology/names.toml), in sentences taken from real public texts
(tests/real-unseen, tests/realworld). Labels are compared, since discovered ids are
slugs of what the text says."""

from __future__ import annotations

from graph.model import Document, DocumentResult
from graph.pipeline import Context, extract_document
from graph.text.read import document_id


def _read(context: Context, text: str) -> DocumentResult:
    doc = Document(document_id(text), text, "case.txt", "case", "text/plain", len(text))
    return extract_document(doc, context)


def _labels(result: DocumentResult) -> dict[str, str]:
    return {e.label.lower(): e.cls for e in result.entities}


def _facts(result: DocumentResult) -> set[tuple[str, str, str]]:
    label = {e.id: e.label.lower() for e in result.entities}
    return {
        (label[a.subject], a.relation, label[a.object]) for a in result.assertions if not a.negated
    }


def test_binomials_with_family_and_list(context: Context) -> None:
    r = _read(
        context,
        "Glaucine is an alkaloid found in several different plant species in the Papaveraceae "
        "family such as Glaucium flavum, Glaucium oxylobum and Corydalis yanhusuo.",
    )
    labels = _labels(r)
    for plant in ("glaucium flavum", "glaucium oxylobum", "corydalis yanhusuo"):
        assert labels.get(plant) == "Plant", labels
    assert "papaveraceae" not in labels  # a family is not a plant
    assert "glaucine" in labels


def test_abbreviated_genus_and_hybrid_resolve_in_the_document(context: Context) -> None:
    r = _read(
        context,
        "dietary supplements that contain the herbal ingredient comfrey (Symphytum officionale "
        "(common comfrey), S. asperum (prickley comfrey), and S. x uplandicum (Russian comfrey). "
        "These plants are a source of pyrrolizidine alkaloids.",
    )
    labels = _labels(r)
    assert labels.get("symphytum asperum") == "Plant"
    assert labels.get("symphytum x uplandicum") == "Plant"
    facts = _facts(r)
    assert ("symphytum asperum", "hasConstituent", "pyrrolizidine alkaloids") in facts, facts


def test_a_synonym_after_syn_is_the_same_plant(context: Context) -> None:
    r = _read(
        context,
        "Black cohosh is a popular herbal medication derived from a plant of the buttercup family "
        "indigenous to North America (Actaea racemosa, syn Cimicifuga racemosa). "
        "Side effects of black cohosh may include hypotension and bradycardia.",
    )
    plants = [e for e in r.entities if e.cls == "Plant" and "racemosa" in e.label.lower()]
    assert len(plants) == 1, plants
    assert ("black cohosh", "mayCause", "bradycardia") in _facts(r)


def test_a_title_and_a_definition_name_the_topic(context: Context) -> None:
    r = _read(
        context,
        "Butterbur\n\nButterbur is a popular herbal preparation that is used to treat migraine "
        "headaches, allergic rhinitis and respiratory illnesses.",
    )
    facts = _facts(r)
    assert _labels(r).get("butterbur") == "HerbalProduct"
    expected = {
        ("butterbur", "alleviates", x) for x in ("allergic rhinitis", "respiratory illnesses")
    }
    assert expected <= facts


def test_receptor_shorthand_in_a_receptor_context(context: Context) -> None:
    r = _read(
        context,
        "Nuciferine was an antagonist at 5-HT2A, 5-HT2C, and 5-HT2B, an inverse agonist at 5-HT7, "
        "a partial agonist at D2, D5 and 5-HT6.",
    )
    relations = {(s, rel) for s, rel, _ in _facts(r)}
    assert ("nuciferine", "antagonistOf") in relations
    assert ("nuciferine", "partialAgonistOf") in relations
    assert sum(1 for e in r.entities if e.cls == "Receptor") >= 7


def test_channels_and_enzymes_as_written(context: Context) -> None:
    r = _read(
        context,
        "Glaucine binds to the benzothiazepine site on L-type Ca2+-channels. "
        "It is also a non-competitive selective inhibitor of PDE4 in human bronchial tissue.",
    )
    labels = _labels(r)
    assert labels.get("l-type calcium channel") == "Receptor", labels
    assert any("pde4" in label for label in labels), labels


def test_enzymes_named_by_their_kind_are_one_target_however_spelled(context: Context) -> None:
    # tests/realworld6 W01 (LiverTox, saw palmetto)
    r = _read(
        context,
        "The free fatty acids have activity in inhibiting 5-alpha-reductase. Finasteride also "
        "inhibits 5α-reductase and acetylcholinesterase, but not the kinase.",
    )
    targets = {e.label.lower() for e in r.entities if e.cls == "Receptor"}
    assert {"5-alpha-reductase", "acetylcholinesterase"} <= targets, targets
    assert "kinase" not in targets


def test_effects_by_their_form(context: Context) -> None:
    r = _read(
        context,
        "This latent hyperprolactinemia induces also often a corpus luteum insufficiency. "
        "Germander has been used to treat inflammatory and digestive disorders. "
        "Outbreaks of hepatic veno-occlusive disease have been reported.",
    )
    labels = _labels(r)
    for effect in ("hyperprolactinemia", "digestive disorders", "inflammatory disorders"):
        assert effect in labels, labels
    assert any("veno-occlusive disease" in label for label in labels), labels


def test_a_common_name_before_a_binomial_is_the_remedy_only_when_used_as_one(
    context: Context,
) -> None:
    plant = _read(context, "The root was identified as water hemlock (Cicuta maculata).")
    assert _labels(plant).get("water hemlock") is None  # another name of the plant
    assert not any(a.relation == "derivedFrom" for a in plant.assertions)
    remedy = _read(
        context,
        "Extracts of chasteberry (Vitex agnus castus) are used for premenstrual symptoms.",
    )
    assert ("chasteberry", "derivedFrom", "vitex agnus-castus") in _facts(remedy)
    # grounded: the generated lexicon knows the species under its hyphenated name
    vitex = next(e for e in remedy.entities if e.label == "Vitex agnus-castus")
    assert any("NCBITaxon_" in i for i in vitex.identifiers) and not vitex.discovered


def test_discovered_entities_are_marked(context: Context) -> None:
    r = _read(context, "Glaucine is an alkaloid found in Glaucium flavum.")
    discovered = {e.label.lower() for e in r.entities if e.discovered}
    assert "glaucine" in discovered or "glaucium flavum" in discovered


def test_no_candidate_topic_asserts_nothing(context: Context) -> None:
    r = _read(context, "It has been used for centuries to treat cough and fever.")
    assert r.assertions == ()


def test_numbered_compounds_a_plant_class_word_introduces(context: Context) -> None:
    # tests/realworld4 U08 (Molecules review of Veratrum californicum alkaloids)
    r = _read(
        context,
        "Veratrum californicum grows in mountain meadows. Six of the most well-studied "
        "V. californicum alkaloids are cyclopamine (1), veratramine (2), isorubijervine (3), "
        "and veratrosine (6). These alkaloids are thought to act on serotonin signalling.",
    )
    labels = _labels(r)
    assert labels.get("veratramine") == "Alkaloid" and labels.get("veratrosine") == "Alkaloid"
    facts = _facts(r)
    for compound in ("veratramine", "isorubijervine", "veratrosine"):
        assert ("veratrum californicum", "hasConstituent", compound) in facts, facts
    assert not any(p == "hasConstituent" and o == "serotonin" for _, p, o in facts)


def test_a_chemical_word_the_text_repeats_is_a_compound(context: Context) -> None:
    # tests/realworld6 W08 (Pain Res Manag review of sinomenine)
    r = _read(
        context,
        "Purified from the roots of the plant Sinomenium acutum, sinomenine is traditionally "
        "used in China and Japan for treating rheumatism and arthritis. In conclusion, "
        "sinomenine has promising potential in different clinical settings.",
    )
    labels = _labels(r)
    assert labels.get("sinomenine") == "Alkaloid", labels
    assert ("sinomenine", "alleviates", "rheumatism") in _facts(r)
    # English words of that shape are not compounds, however often they occur
    r = _read(context, "The medicine is routine. The medicine is routine, and routine it is.")
    assert "medicine" not in _labels(r) and "routine" not in _labels(r)


def test_a_word_before_a_class_word_is_a_modifier_not_a_compound(context: Context) -> None:
    r = _read(
        context,
        "Kratom contains oxindole alkaloids. The oxindole alkaloids are minor constituents.",
    )
    assert "oxindole" not in _labels(r)


def test_compounds_named_in_an_apposition_and_a_consists_of_list(context: Context) -> None:
    # tests/realworld5 V01 (Wikipedia, Gelsemium)
    r = _read(
        context,
        "Gelsemium is a genus of flowering plants. These consist primarily of gelsemine (a highly "
        "toxic compound related to strychnine), with lesser amounts of related compounds "
        "(gelsemicine, gelsedine, etc).",
    )
    labels = _labels(r)
    for name in ("gelsemine", "gelsemicine", "gelsedine"):
        assert labels.get(name) == "Alkaloid", labels
    assert ("gelsemine", "mayCause", "toxicity") in _facts(r)


def test_pharmacopoeial_latin_is_a_drug_even_where_it_reads_like_a_binomial(
    context: Context,
) -> None:
    # tests/realworld6 W07 (Chinese Medicine review of Coptidis rhizoma)
    r = _read(
        context,
        "Coptidis rhizoma and its main bioactive components: recent advances\n\n"
        "Coptidis rhizoma (CR) is the dried rhizome of Coptis chinensis Franch. (Ranunculaceae) "
        "and is commonly used for the treatment of tuberculosis and pertussis.",
    )
    assert _labels(r).get("coptidis rhizoma") == "HerbalProduct"
    facts = _facts(r)
    assert ("coptidis rhizoma", "derivedFrom", "coptis chinensis") in facts, facts
    assert ("coptidis rhizoma", "alleviates", "tuberculosis") in facts, facts
    assert not any(s == "coptis chinensis" and p == "alleviates" for s, p, _ in facts)


def test_a_species_named_by_its_common_name_keeps_that_name(context: Context) -> None:
    # tests/realworld4 U05 (MMWR, ackee)
    r = _read(
        context,
        "Toxic hypoglycemic syndrome is an illness associated with consumption of unripe ackee "
        "fruit. Cases were attributed to ackee poisoning.",
    )
    plant = next(e for e in r.entities if e.cls == "Plant")
    assert plant.label == "Blighia sapida" and "Ackee" in plant.alt_labels, plant


def test_a_product_named_in_quotes_is_a_product(context: Context) -> None:
    # tests/realworld4 U06 (FDA warning on "Chomper")
    r = _read(
        context,
        'FDA WARNS AGAINST DIETARY SUPPLEMENT PRODUCT, "CHOMPER"\n\n'
        'Investigation of the product "Chomper" revealed that it contained cardiac glycosides.',
    )
    assert _labels(r).get("chomper") == "HerbalProduct", _labels(r)
    assert "Chomper" in {e.label for e in r.entities}
    assert ("chomper", "hasConstituent", "cardiac glycosides") in _facts(r), _facts(r)


def test_a_fronted_participle_clause_names_the_source(context: Context) -> None:
    # tests/realworld6 W08 (sinomenine) and W05 (Wikipedia, tetrandrine)
    r = _read(
        context,
        "Purified from the roots of the plant Sinomenium acutum, sinomenine is traditionally "
        "used for treating rheumatism. In conclusion, sinomenine has promising potential.",
    )
    assert ("sinomenium acutum", "hasConstituent", "sinomenine") in _facts(r), _facts(r)
    r = _read(
        context,
        "Tetrandrine, a bis-benzylisoquinoline alkaloid, is a calcium channel blocker. "
        "It has a quinidine-like anti-arrhythmic effect.",
    )
    facts = _facts(r)
    assert _labels(r).get("tetrandrine") == "Alkaloid"  # not a channel: "blocker" is the head
    assert ("tetrandrine", "antagonistOf", "voltage-gated calcium channel") in facts, facts
    assert ("tetrandrine", "alleviates", "arrhythmia") in facts, facts
    assert not any(s == "quinidine" for s, _, _ in facts), facts


def test_the_name_a_text_gives_to_listed_constituents_is_one_too(context: Context) -> None:
    # tests/realworld3 T01 (LiverTox, cascara)
    r = _read(
        context,
        "Cascara is an herbal medication. The active laxative components in cascara are "
        "anthraquinone derivatives and their glucosides, referred to as cascarosides.",
    )
    facts = _facts(r)
    assert ("cascara", "hasConstituent", "cascarosides") in facts, facts


def test_a_remedy_named_with_a_part_keeps_that_name(context: Context) -> None:
    # tests/realworld6 W03 (NCCIH, bilberry)
    r = _read(
        context,
        "Bilberry\n\nHistorically, bilberry fruit was used to treat diarrhea and scurvy. "
        "Bilberry leaf is used for entirely different conditions, including diabetes.",
    )
    bilberry = next(e for e in r.entities if e.label == "Bilberry")
    assert {"Bilberry fruit", "Bilberry leaf"} <= set(bilberry.alt_labels), bilberry
    assert ("bilberry", "alleviates", "diabetes mellitus") in _facts(r)


def test_the_names_a_fact_sheet_lists_name_its_subject(context: Context) -> None:
    # tests/realworld4 U02 (NCCIH, European elder)
    r = _read(
        context,
        "European Elder\n\nCommon Names: European elder, black elder, elderberry, elder flower\n\n"
        "Current folk or traditional uses of elderberry and elder flower include flu, colds, "
        "fevers and constipation. Uncooked or unripe elderberries are toxic and cause nausea.",
    )
    elder = next(e for e in r.entities if e.label == "European elder")
    assert {"Elderberry", "Elder flower", "Black elder"} <= set(elder.alt_labels), elder
    assert ("european elder", "alleviates", "influenza") in _facts(r), _facts(r)
    assert ("european elder", "mayCause", "nausea") in _facts(r), _facts(r)  # the plural
