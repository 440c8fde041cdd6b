"""The packaged lexicon: its header, its freshness and what it knows."""

import gzip
import importlib.util
import itertools
import unicodedata

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import lexicon as lexmod
from ocrfix.lexicon import Flag, LexiconError, lexicon, lookup_key, strip_accents

from .conftest import ROOT


def _build_script():
    spec = importlib.util.spec_from_file_location(
        "build_lexicon", ROOT / "scripts" / "build_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_packaged_lexicon_is_up_to_date_with_its_sources():
    build = _build_script()
    expected = lexmod.source_digest(ROOT, build.RECIPE + build.wordfreq_version())
    assert lexicon().header["sources"] == expected, (
        "ocrfix/data/lexicon.msgpack.gz is older than wordlists/ or the build recipe: "
        "run 'make lexicon' and commit the result")


def test_header_is_checked(tmp_path):
    bad = tmp_path / "bad.msgpack.gz"
    bad.write_bytes(gzip.compress(msgpack.packb({"format": "ocrfix-lexicon", "version": 999})))
    with pytest.raises(LexiconError, match="version 999"):
        lexmod.load(bad)
    bad.write_bytes(gzip.compress(msgpack.packb({"format": "something-else"})))
    with pytest.raises(LexiconError, match="not an ocrfix-lexicon"):
        lexmod.load(bad)
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(LexiconError, match="not a readable"):
        lexmod.load(bad)


def test_packaged_file_stays_small():
    size = (ROOT / "ocrfix" / "data" / lexmod.DATA_FILE).stat().st_size
    assert size < 4_000_000, size


def test_lookup_key_strips_accents_case_ligatures_and_curly_apostrophes():
    assert lookup_key("CÔTÉ") == lookup_key("cote") == "cote"
    assert lookup_key("Œuvre") == "oeuvre"
    assert lookup_key("aujourd’hui") == "aujourd'hui"
    assert lookup_key("Français") == "francais"


@pytest.mark.parametrize("stripped,right", [
    ("tres", "très"), ("deja", "déjà"), ("batiment", "bâtiment"), ("francais", "français"),
    ("apres", "après"), ("etre", "être"), ("auprés", "auprès"), ("critére", "critère"),
])
def test_frequent_accent_stripped_forms_are_known_but_not_valid(stripped, right):
    lex = lexicon()
    assert not lex.is_valid(stripped)
    best = lex.best_variant(stripped)
    assert best is not None and best.form == right
    assert best.zipf > lex.zipf(stripped)


@pytest.mark.parametrize("word", [
    "coeur", "cœur", "oeuvre", "œuvre", "peut-être", "aujourd’hui", "presqu'île", "où",
    "à", "là", "dû", "côte", "côté", "cote", "tâche", "tache", "forêt", "élève", "élevé",
    "télémédecine", "pluriprofessionnelles", "attractivité", "intercommunalité",
])
def test_correct_forms_are_valid(word):
    assert lexicon().is_valid(word), word


def test_ocr_forms_are_not_valid():
    lex = lexicon()
    for word in ("ceuvre", "fagon", "gue", "guatre", "cing", "réle", "meédecin"):
        assert not lex.is_valid(word), word


def test_parts_of_speech():
    lex = lexicon()
    assert lex.entry("parcourir").has(Flag.INF)
    assert lex.entry("décidé").has(Flag.PPAS)
    assert lex.entry("la").has(Flag.DET) and lex.entry("il").has(Flag.PRON)
    assert lex.entry("à").has(Flag.PREP) and not lex.entry("à").has(Flag.VERB)
    assert lex.entry("a").has(Flag.VERB)


def test_protected_and_domain_lists_are_flagged():
    lex = lexicon()
    assert lex.entry("coeur").protected
    assert lex.entry("cpts").has(Flag.DOMAIN)
    assert lex.entry("médicobus").valid



def _every(keys, step: int):
    """One key in ``step``, from the first (a sample of the whole lexicon)."""
    return itertools.islice(keys, 0, None, step)


def test_every_entry_is_stored_under_its_key():
    lex = lexicon()
    for key in _every(lex.keys(), 997):
        for e in lex._entries(key):
            assert lookup_key(e.form) == key, (key, e.form)


@given(st.text(alphabet=st.characters(max_codepoint=0x36F)))
@settings(max_examples=500, deadline=None)
def test_strip_accents_by_translation_is_nfd_without_marks(text):
    # the letters that lose their accents by translation lose them as NFD does
    decomposed = unicodedata.normalize("NFD", text)
    expected = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    assert strip_accents(text) == expected


def test_variants_and_entries_stay_the_same_when_looked_up_again():
    lex = lexicon()
    first = lex.variants("tres")
    first.append(None)  # a caller's list is its own
    assert lex.variants("tres") == first[:-1] and lex.entry("très") is lex.entry("TRÈS")


def test_forms_of_a_key_are_stored_most_frequent_first():
    # Lexicon.variants, best_variant and key_zipf read them in the stored order
    lex = lexicon()
    for key in _every(lex.keys(), 97):
        zipfs = [e.zipf for e in lex._entries(key)]
        assert zipfs == sorted(zipfs, reverse=True), key


def test_entry_of_an_ascii_word_is_found_by_its_key():
    lex = lexicon()
    assert lex.entry("Tres") == lex.entry("tres") and lex.entry("TRES").form == "tres"
    assert lex.entry("zzqx") is None and lex.key_entries("zzqx") == ()
    assert lex.key_entries("tres") == tuple(lex.variants("très"))


def test_closed_classes_list_every_valid_form_of_them():
    # Lexicon.is_valid_with answers False without a look-up for a form not listed
    lex = lexicon()
    for key in _every(lex.keys(), 29):
        for e in lex._entries(key):
            for flag in lexmod.CLOSED_CLASSES:
                if e.valid and e.has(flag):
                    assert e.form in lex._closed[flag], (e.form, flag)
    assert "par" in lex._closed[Flag.PREP] and "les" in lex._closed[Flag.DET]
