"""The OCR-noise generator: deterministic, consistent, and able to inject every kind."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.noise import (
    FAMILIES,
    KINDS,
    PRESETS,
    Rates,
    apply_errors,
    damage,
    damage_encoding,
    damage_layout,
    damage_spacing,
    damage_words,
    load_errors,
    rates_for,
)

from .conftest import CLEAN_SEEDS

ENTRY = {"layout": damage_layout, "words": damage_words, "spacing": damage_spacing,
         "encoding": damage_encoding}
LONG = ("Les collectivités territoriales financent des maisons de santé pluriprofessionnelles "
        "afin de favoriser l’installation des médecins généralistes dans les zones sous-dotées, "
        "où l’accès aux soins reste difficile pour les habitants les plus éloignés des centres.")


def _check(d):
    assert apply_errors(d.gold, d.errors) == d.text
    prev_end = -1
    for e in sorted(d.errors, key=lambda e: (e.gold_start, e.noisy_start)):
        assert e.kind in KINDS
        assert d.gold[e.gold_start:e.gold_end] == e.gold
        assert d.text[e.noisy_start:e.noisy_end] == e.noisy
        assert e.gold != e.noisy
        assert e.gold_start >= prev_end
        prev_end = e.gold_end


def test_every_kind_is_a_rate_and_in_one_family():
    names = {f.name for f in dataclasses.fields(Rates)}
    assert set(KINDS) <= names
    in_families = [k for kinds in FAMILIES.values() for k in kinds]
    assert sorted(in_families) == sorted(KINDS)


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_damage_is_consistent_and_deterministic(path, preset):
    gold = path.read_text(encoding="utf-8")
    d = damage(gold, preset, seed=11)
    _check(d)
    assert d.errors, "a preset that injects nothing measures nothing"
    assert damage(gold, preset, seed=11) == d
    assert damage(gold, preset, seed=12).text != d.text


def test_presets_are_ordered_by_amount_of_damage():
    gold = "\n\n".join(p.read_text(encoding="utf-8") for p in CLEAN_SEEDS)
    counts = [len(damage(gold, p, seed=1).errors) for p in ("light", "medium", "heavy")]
    assert counts[0] < counts[1] < counts[2]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_entry_point_injects_only_its_family(family):
    gold = "\n\n".join(p.read_text(encoding="utf-8") for p in CLEAN_SEEDS)
    d = ENTRY[family](gold, seed=5, rates="heavy")
    _check(d)
    kinds = {e.kind for e in d.errors}
    assert kinds and kinds <= set(FAMILIES[family])


#: For each kind, a text and the rates that must produce it.
SAMPLES = {
    "hard_wrap": (LONG, Rates(hard_wrap=1.0)),
    "hyphenation": (LONG, Rates(hard_wrap=1.0, hyphenation=1.0, hyphen_wrap=0.0)),
    "hyphen_wrap": (("Un mot " * 12) + "sous-dotées " + ("et encore " * 10),
                    Rates(hard_wrap=1.0, line_width_min=90, line_width_max=90)),
    "spurious_paragraph_break": (LONG, Rates(hard_wrap=1.0, spurious_paragraph_break=1.0)),
    "lost_paragraph_break": ("Premier.\n\nSecond.", Rates(lost_paragraph_break=1.0)),
    "page_number": ("ligne\n" * 30, Rates(page_lines=10, page_number=1.0)),
    "form_feed": ("ligne\n" * 30, Rates(page_lines=10, form_feed=1.0)),
    "running_header": ("ligne\n" * 30, Rates(page_lines=10, running_header=1.0)),
    "debris": ("ligne\n" * 30, Rates(page_lines=10, debris=1.0)),
    "accent_loss": ("à l’École", Rates(accent_loss=1.0)),
    "wrong_accent": ("très près", Rates(wrong_accent=1.0)),
    "inserted_e": ("médecin", Rates(inserted_e=1.0)),
    "ampersand_a": ("appel à projets", Rates(ampersand_a=1.0)),
    "l_apostrophe_I": ("l’offre", Rates(l_apostrophe_I=1.0)),
    "l_apostrophe_pipe": ("l'envers", Rates(l_apostrophe_pipe=1.0)),
    "elision_l_lost": ("l’installation", Rates(elision_l_lost=1.0)),
    "apostrophe_lost": ("d’exercice", Rates(apostrophe_lost=1.0)),
    "doubled_apostrophe": ("d’une", Rates(doubled_apostrophe=1.0)),
    "q_to_g": ("question", Rates(q_to_g=1.0)),
    "cedilla_to_g": ("façon", Rates(cedilla_to_g=1.0)),
    "cedilla_loss": ("français", Rates(cedilla_loss=1.0)),
    "oe_to_ce": ("œuvre", Rates(oe_to_ce=1.0)),
    "rn_m": ("commune", Rates(rn_m=1.0)),
    "o_circ_to_6": ("côté", Rates(o_circ_to_6=1.0)),
    "glyph": ("territoire", Rates(glyph=1.0)),
    "space_deleted": ("maisons de santé", Rates(space_deleted=1.0)),
    "space_inserted": ("territoire", Rates(space_inserted=1.0)),
    "ligature": ("financement", Rates(ligature=1.0)),
    "mojibake": ("été", Rates(mojibake=1.0)),
}


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_can_be_injected(kind):
    text, rates = SAMPLES[kind]
    family = next(f for f, kinds in FAMILIES.items() if kind in kinds)
    d = ENTRY[family](text, seed=0, rates=rates)
    _check(d)
    assert kind in d.counts(), (d.text, d.counts())


def test_examples_of_what_each_kind_does():
    assert damage_words("la question", rates=Rates(q_to_g=1.0)).text == "la guestion"
    assert damage_words("l’offre", rates=Rates(l_apostrophe_I=1.0)).text == "I’offre"
    assert damage_words("une œuvre", rates=Rates(oe_to_ce=1.0)).text == "une ceuvre"
    assert damage_words("le côté", rates=Rates(o_circ_to_6=1.0)).text == "le c6té"
    assert damage_words("appel à projets", rates=Rates(ampersand_a=1.0)).text == "appel & projets"
    assert damage_layout("Un.\n\nDeux.", rates=Rates(lost_paragraph_break=1.0)).text == "Un.\nDeux."


def test_layout_wraps_within_the_width_and_only_changes_whitespace_and_hyphens():
    text = "\n\n".join([LONG] * 4)
    d = damage_layout(text, seed=3, rates=Rates(hard_wrap=1.0, hyphenation=0.5))
    lines = d.text.split("\n")
    assert len(lines) > 8
    assert max(len(line) for line in lines) <= 110
    for e in d.errors:
        assert e.kind in ("hard_wrap", "hyphenation", "hyphen_wrap")
        assert e.noisy.replace("-\n", "").replace("\n", " ").strip() == e.gold.strip()


def test_spaces_are_deleted_more_often_next_to_accents():
    plain = " ".join(["mot texte"] * 400)
    accented = " ".join(["été côté"] * 400)
    r = Rates(space_deleted=0.1)
    assert (len(damage_spacing(accented, 1, r).errors)
            > 2 * len(damage_spacing(plain, 1, r).errors))


def test_errors_survive_a_json_round_trip():
    d = damage(LONG, "heavy", seed=2)
    assert load_errors(d.errors_json(preset="heavy", seed=2)) == d.errors


def test_unknown_preset_is_refused():
    with pytest.raises(ValueError, match="unknown noise preset"):
        rates_for("extreme")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeéèàçœôl’'q mn-\n.,ÉA")), max_size=300),
       st.integers(0, 5), st.sampled_from(list(PRESETS)))
def test_damage_is_consistent_on_any_text(text, seed, preset):
    rates = dataclasses.replace(rates_for(preset), line_width_min=20, line_width_max=30,
                                page_lines=3)
    _check(damage(text, rates, seed=seed))
