"""Reading documents: every format gives its visible text, bad files are skipped with a reason."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.text.read import Skipped, read_document, read_documents

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"

KAVA = (
    "Kava and anxiety\n\n"
    "Kava is made from the root of Piper methysticum. It relieves anxiety and restlessness.\n"
    "Heavy kava use may cause liver injury.\n"
)


def _read_all(*paths: Path) -> tuple[list, list[Skipped]]:
    skipped: list[Skipped] = []
    docs = list(read_documents(list(paths), on_skip=skipped.append))
    return docs, skipped


def test_plain_text_is_read_as_is() -> None:
    doc = read_document(DOCS / "kava.txt", "kava.txt")
    assert doc.text == KAVA
    assert doc.media_type == "text/plain"
    assert doc.title == "Kava and anxiety"
    assert doc.size == len(KAVA.encode("utf-8"))


def test_document_id_is_sha256_of_the_text() -> None:
    doc = read_document(DOCS / "kava.txt")
    assert doc.id == hashlib.sha256(KAVA.encode("utf-8")).hexdigest()


def test_utf8_with_bom_drops_the_bom() -> None:
    doc = read_document(DOCS / "valerian-bom.txt")
    assert doc.text == (
        "Valerian and sleep\n\nValerian may relieve insomnia. "
        "The herb is prepared from the roots of Valeriana officinalis.\n"
    )
    assert doc.title == "Valerian and sleep"


def test_cp1252_file_decodes_common_words() -> None:
    doc = read_document(DOCS / "chamomile-cp1252.txt")
    assert doc.text.startswith("Chamomile and sleep\n\nChamomile tea is a gentle remedy")
    assert "café culture" in doc.text
    assert "‘apple-like’" in doc.text
    assert "délicat and français" in doc.text


def test_cp1252_file_decodes_exactly() -> None:
    doc = read_document(DOCS / "chamomile-cp1252.txt")
    expected = (DOCS / "chamomile-cp1252.txt").read_bytes().decode("cp1252")
    assert doc.text == expected


def test_latin1_file_decodes(tmp_path: Path) -> None:
    text = (
        "Guaraná is a Brazilian stimulant. Its seeds contain caffeine; the drink is sold in "
        "São Paulo and Belém as a refresco. Très populaire, à la française, the crème of sodas.\n"
    )
    path = tmp_path / "guarana.txt"
    path.write_bytes(text.encode("latin-1"))
    assert read_document(path).text == text


def test_markdown_markup_is_removed() -> None:
    doc = read_document(DOCS / "kratom.md")
    lines = doc.text.splitlines()
    assert lines[0] == "Kratom: a short overview"
    assert lines[1] == "Kratom is derived from the leaves of Mitragyna speciosa."
    assert doc.title == "Kratom: a short overview"
    assert doc.media_type == "text/markdown"
    for mark in ("#", "*", "`", "__", "](", "https://", ">"):
        assert mark not in doc.text
    assert "Kratom contains mitragynine and 7-hydroxymitragynine." in doc.text
    assert "Its side effects include nausea and constipation." in doc.text


def test_markdown_list_items_stay_list_items() -> None:
    """List markers are kept: a heading followed by items is read as one list."""
    doc = read_document(DOCS / "kratom.md")
    assert doc.text.splitlines()[-1] == "- Its side effects include nausea and constipation."


def test_html_gives_visible_text_only() -> None:
    doc = read_document(DOCS / "iboga.html")
    assert doc.text == (
        "Iboga & ibogaine\n"
        "Iboga is made from the root bark of Tabernanthe\xa0iboga.\n"
        "Its main alkaloid, ibogaine, may reduce opioid withdrawal – but it can cause "
        "arrhythmias."
    )
    assert doc.title == "Iboga & ibogaine"
    assert doc.media_type == "text/html"
    for hidden in ("font-family", "relieves pain", "document.write", "Kava", "cocaine", "coca"):
        assert hidden not in doc.text


def test_pdf_text_is_extracted() -> None:
    doc = read_document(DOCS / "nested" / "opium.pdf")
    assert doc.text == (
        "Opium and morphine\nOpium contains morphine and codeine.\nMorphine relieves pain."
    )
    assert doc.media_type == "application/pdf"


def test_directory_is_read_recursively_in_sorted_order_with_skips() -> None:
    docs, skipped = _read_all(DOCS)
    assert [d.source for d in docs] == [
        "chamomile-cp1252.txt",
        "iboga.html",
        "kava.txt",
        "kratom.md",
        "nested/coca.md",
        "nested/opium.pdf",
        "valerian-bom.txt",
    ]
    assert skipped == [
        Skipped("binary.txt", "binary file (contains NUL bytes)"),
        Skipped("empty.txt", "empty file"),
        Skipped("notes.csv", "unsupported file type .csv"),
    ]


def test_same_text_twice_is_read_once() -> None:
    # nested/kava-duplicate.txt has the text of kava.txt
    assert (DOCS / "nested" / "kava-duplicate.txt").read_bytes() == (DOCS / "kava.txt").read_bytes()
    docs, _ = _read_all(DOCS / "kava.txt", DOCS / "nested" / "kava-duplicate.txt", DOCS)
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids))
    assert sum(d.text == KAVA for d in docs) == 1


def test_sources_are_relative_even_for_absolute_paths() -> None:
    root = DOCS.resolve()
    docs, skipped = _read_all(root)
    for name in [d.source for d in docs] + [s.path for s in skipped]:
        assert not Path(name).is_absolute()
        assert str(root) not in name
    single, _ = _read_all(root / "kratom.md")
    assert [d.source for d in single] == ["kratom.md"]


def test_good_files_are_read_next_to_bad_ones(tmp_path: Path) -> None:
    shutil.copy(DOCS / "binary.txt", tmp_path / "a-binary.txt")
    shutil.copy(DOCS / "empty.txt", tmp_path / "b-empty.txt")
    shutil.copy(DOCS / "kava.txt", tmp_path / "c-kava.txt")
    (tmp_path / "d-broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    docs, skipped = _read_all(tmp_path)
    assert [d.source for d in docs] == ["c-kava.txt"]
    assert [s.path for s in skipped] == ["a-binary.txt", "b-empty.txt", "d-broken.pdf"]
    assert all(s.reason for s in skipped)


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        list(read_documents([tmp_path / "nowhere"]))


def test_folder_with_nothing_readable_raises_input_error(tmp_path: Path) -> None:
    shutil.copy(DOCS / "binary.txt", tmp_path / "binary.txt")
    shutil.copy(DOCS / "empty.txt", tmp_path / "empty.txt")
    skipped: list[Skipped] = []
    with pytest.raises(InputError, match="no readable documents"):
        list(read_documents([tmp_path], on_skip=skipped.append))
    assert [s.path for s in skipped] == ["binary.txt", "empty.txt"]


def test_empty_folder_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_documents([tmp_path]))


def test_hidden_files_are_ignored(tmp_path: Path) -> None:
    shutil.copy(DOCS / "kava.txt", tmp_path / "kava.txt")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "old.txt").write_text("Coca relieves fatigue.\n", encoding="utf-8")
    docs, skipped = _read_all(tmp_path)
    assert [d.source for d in docs] == ["kava.txt"]
    assert skipped == []
