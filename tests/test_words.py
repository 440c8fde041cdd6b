"""The words stages: conservative, replayable, idempotent, never crashing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import Config, clean
from ocrfix.edits import apply_edits
from ocrfix.words import (
    RuleError, context_rules, fix_elision_glyphs, fix_glyph_confusions, parse_confusions,
    parse_context_rules, restore_accents,
)

from ocrfix.pipeline import GROUPS

from .conftest import CLEAN_SEEDS

STAGES = (fix_elision_glyphs, fix_glyph_confusions, restore_accents)
#: The words group alone: the idempotence of the whole pipeline (segmentation
#: runs before words, and a word the words group repairs can give segmentation
#: new work: "c0u:c0u" -> "cou:cou" -> "cou: cou") is a pipeline property.
WORDS_ONLY = Config().without(*[g for g in GROUPS if g != "words"])

french_ish = st.text(
    alphabet=st.sampled_from(list("aàâbcçdeéèêëfghiîïjklmnoôpqrstuùûvwxyz AEÉILOU'’|&6-.,;:!?\n0123")),
    max_size=120)


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.__name__)
@given(text=st.one_of(st.text(max_size=200), french_ish))
@settings(max_examples=150, deadline=None)
def test_stages_never_raise_and_their_edits_replay(stage, text):
    fixed = stage(text)
    assert apply_edits(text, fixed.edits) == fixed.text
    spans = [(e.start, e.end) for e in fixed.edits]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(e.stage == stage.__name__ for e in fixed.edits)


#: Pieces of damaged French, so that the rules actually fire.
damaged_french = st.lists(st.sampled_from([
    "a ", "la ", "ou ", "des ", "du ", "I'", "|'", "tres ", "gue ", "c6té ", "il a ", " a la ",
    "financieres ", "se referent ", "dun ", "'acces ", "d’'une ", "fagon ", "ceuvre ",
    "grace ", "partir ", "meédecin ", "& ", "Etat ", ". ", ", ", "\n", "é", "e", "-",
]), max_size=60).map("".join)


@given(text=st.one_of(french_ish, damaged_french))
@settings(max_examples=200, deadline=None)
def test_words_group_is_idempotent(text):
    once = clean(text, WORDS_ONLY).text
    assert clean(once, WORDS_ONLY).text == once


@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_are_left_alone_by_the_words_stages(path):
    text = path.read_text(encoding="utf-8")
    for stage in STAGES:
        assert stage(text).edits == [], stage.__name__


@pytest.mark.parametrize("text", [
    "Il a été à Paris ; où est-il ? Là-bas, dès lors, il a dû partir, bien sûr.",
    "La cote d'alerte, une tache d'encre, le mur, le foret du menuisier.",
    "Le coeur et l'oeuvre, la sœur et le nœud.",
    "Les élèves ont été élevés ; il élève des chèvres.",
    "Il a crié « À bas ! » puis il a ri.",
    "ETAT DES LIEUX : PREMIERE PARTIE",
    "Agnes Firmin-Le Bodo et Valérie Le Dentu, à Montpellier.",
    "Le COVID-19, le B12, l'A4 et la 4G à 30m² et 10 km/h.",
    "Contactez-nous via https://www.example.fr/a-propos ou contact@exemple.fr.",
    "Le site lagazette.fr et le hashtag #santé.",
])
def test_correct_french_is_unchanged(text):
    assert clean(text).edits == ()


def test_capitals_are_accented_only_on_request():
    text = "L'Etat et l'Ecole."
    assert restore_accents(text).text == text
    assert restore_accents(text, Config(accent_capitals=True)).text == "L'État et l'École."


def test_every_edit_gives_a_reason_and_a_confidence():
    fixed = restore_accents("Il est tres content de venir a Paris apres la reunion.")
    assert [e.after for e in fixed.edits] == ["très", "à", "après", "réunion"]
    for e in fixed.edits:
        assert e.reason and 0 < e.confidence <= 1


def test_context_rule_table_is_well_formed():
    rules = context_rules()
    assert {"a", "ou", "la", "des", "du", "sur", "cote", "*"} <= set(rules)
    for word, rs in rules.items():
        for r in rs:
            assert r.example, (word, r)


def test_bad_rule_lines_are_reported_with_their_line_number():
    with pytest.raises(RuleError, match="line 2"):
        parse_context_rules("# comment\na\tà\tbefore=@INF\tex\n")
    with pytest.raises(RuleError, match="unknown class"):
        parse_context_rules("a\tà\tnext=@NOPE\tex\n")
    with pytest.raises(RuleError, match="line 1"):
        parse_confusions("6\tô\n")


def test_cli_accent_capitals_option():
    from click.testing import CliRunner

    from ocrfix.cli import main

    runner = CliRunner()
    plain = runner.invoke(main, ["clean", "-"], input="L'Etat a decide.\n")
    accented = runner.invoke(main, ["clean", "--accent-capitals", "-"], input="L'Etat a decide.\n")
    assert plain.exit_code == accented.exit_code == 0
    assert plain.output == "L'Etat a décidé.\n"
    assert accented.output == "L'État a décidé.\n"


@pytest.mark.parametrize("text", [
    "les habitués se referent a cette liste",
    "il n'existe pour 'instaut que pour lui",
    "favoriser linstallation dun médecin a Paris",
])
def test_cleaning_twice_changes_nothing_more(text):
    once = clean(text, WORDS_ONLY).text
    assert clean(once, WORDS_ONLY).edits == ()


def test_no_l_restored_before_a_word_that_never_takes_an_article():
    # a stray apostrophe before a preposition or a pronoun is no lost l'
    from ocrfix import clean
    for text in ("Elle peut être finie 'avec un maximum de coups.",
                 "Par exemple, s 'il s’agit d’un agrandissement."):
        assert clean(text).text == text
    assert clean("Attribuer un profil à 'image.").text == "Attribuer un profil à l'image."
    assert "l’on visite" in clean("Un grenier que ’on visite une fois.").text


def test_a_chain_of_decisions_settles_in_one_cleaning():
    # found by hypothesis: each & is decided by the one after it, one per pass
    once = clean("iL a & & & & a", WORDS_ONLY).text
    assert clean(once, WORDS_ONLY).text == once
