"""The yardstick: distances, error rates, paragraph breaks and per-kind scores."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import Edit
from ocrfix.edits import attach_source_spans
from ocrfix.evaluate import (
    distance,
    evaluate_pair,
    levenshtein,
    paragraph_breaks,
    score,
    score_errors,
    total,
    worse_changes,
)
from ocrfix.noise import FAMILIES, InjectedError, apply_errors, damage

from .conftest import CLEAN_SEEDS


def _dp(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


TEXT = st.text(alphabet=st.sampled_from(list("abcé ’'\n")), max_size=90)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_levenshtein_is_exact(a, b):
    assert levenshtein(a, b) == _dp(a, b)
    assert levenshtein(a.split(), b.split()) == _dp(a.split(), b.split())


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_anchored_distance_is_an_upper_bound(a, b):
    assert distance(a, b) >= _dp(a, b)
    assert (distance(a, b) == 0) == (a == b)


@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_anchored_distance_is_exact_on_damaged_seeds(path):
    gold = path.read_text(encoding="utf-8")
    noisy = damage(gold, "heavy", seed=1).text
    g, n = " ".join(gold.split()), " ".join(noisy.split())
    assert distance(n, g) == levenshtein(n, g) > 0


def test_scores_ignore_apostrophe_style_and_whitespace_runs():
    s = score("L’État  a\ndécidé.", "L'État a décidé.")
    assert (s.char_distance, s.word_distance) == (0, 0)
    assert s.cer == 0.0 and s.wer == 0.0


def test_cer_and_wer():
    s = score("Les medecins de santé", "Les médecins de santé")
    assert s.char_distance == 1 and s.chars == 21
    assert s.word_distance == 1 and s.words == 4


def test_paragraph_breaks():
    gold = "Un.\n\nDeux.\n\nTrois."
    assert paragraph_breaks(gold, gold).f1 == 1.0
    lost = paragraph_breaks("Un.\nDeux.\n\nTrois.", gold)
    assert (lost.true_positives, lost.false_negatives, lost.false_positives) == (1, 1, 0)
    extra = paragraph_breaks("Un.\n\nDeux.\n\nTr\n\nois.", gold)
    assert extra.false_positives == 1 and extra.recall == 1.0
    assert paragraph_breaks("Un. Deux.", "Un. Deux.").f1 == 1.0  # no breaks at all


def _seed_damage(preset="heavy", seed=3):
    gold = "\n\n".join(p.read_text(encoding="utf-8") for p in CLEAN_SEEDS)
    return damage(gold, preset, seed=seed)


def test_an_oracle_repairs_everything_and_identity_leaves_everything():
    d = _seed_damage()
    kinds, spurious = score_errors(d.errors, d.text, d.gold, d.gold)
    assert all(k.repaired == k.total for k in kinds.values()), kinds
    assert spurious == 0
    kinds, spurious = score_errors(d.errors, d.text, d.text, d.gold)
    assert all(k.left == k.total for k in kinds.values()), kinds
    assert spurious == 0


@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_cleaner_of_one_family_is_credited_with_that_family_only(family):
    d = _seed_damage(seed=4)
    others = [e for e in d.errors if e.kind not in FAMILIES[family]]
    # the gold with only the other families' errors: as if the family were repaired
    cleaned = apply_errors(d.gold, others)
    kinds, spurious = score_errors(d.errors, d.text, cleaned, d.gold)
    assert spurious == 0
    for kind, k in kinds.items():
        if kind in FAMILIES[family]:
            assert k.repaired == k.total, (kind, k)
        else:
            assert k.left == k.total, (kind, k)


def test_damage_to_a_correct_word_is_spurious_and_worse():
    d = damage("Le médecin est arrivé à la maison.", "heavy", seed=0)
    cleaned = d.gold.replace("maison", "maisons")
    kinds, spurious = score_errors(d.errors, d.text, cleaned, d.gold)
    assert spurious == 1
    worse = worse_changes(d.text, cleaned, d.gold)
    assert [(w.before, w.after) for w in worse] == [("", "s")]


def test_a_wrong_repair_is_worse():
    gold, noisy = "Il est très tard.", "Il est tres tard."
    errors = [InjectedError("accent_loss", 9, 10, 9, 10, "è", "e")]
    kinds, _ = score_errors(errors, noisy, "Il est trés tard.", gold)
    assert kinds["accent_loss"].worse == 1 and kinds["accent_loss"].precision == 0.0
    kinds, _ = score_errors(errors, noisy, "Il  est très\ntard.", gold)
    assert kinds["accent_loss"].repaired == 1


def test_worse_edits_are_labelled_by_stage():
    noisy, gold = "la maison a Paris", "la maison à Paris"
    edits = attach_source_spans([Edit("some_stage", 9, 9, "", "s")])
    w = worse_changes(noisy, "la maisons a Paris", gold, edits)
    assert [(x.stages, x.before, x.after) for x in w] == [(("some_stage",), "", "s")]


def test_good_edits_are_not_worse():
    noisy, gold = "la maison a Paris", "la maison à Paris"
    edits = attach_source_spans([Edit("some_stage", 10, 11, "a", "à")])
    assert worse_changes(noisy, gold, gold, edits) == []


@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_score_perfectly_against_themselves(path):
    text = path.read_text(encoding="utf-8")
    r = evaluate_pair(text, text)
    assert r.counts == {} and r.worse == []
    assert r.after.cer == 0.0 and r.after.breaks.f1 == 1.0
    assert r.char_reduction is None


def test_evaluate_pair_with_ocrfix_and_with_another_cleaner():
    d = damage("Un été chaud à la campagne, sans fin.", "heavy", seed=1)
    mojibake = "Un Ã©tÃ© chaud à la campagne, sans fin."
    r = evaluate_pair(mojibake, d.gold)
    assert r.after.char_distance == 0 and r.counts == {"repair_mojibake": 1}
    r2 = evaluate_pair(d.text, d.gold, errors=d.errors, cleaner=lambda t: d.gold)
    assert r2.after.char_distance == 0 and r2.kinds
    assert all(k.recall == 1.0 for k in r2.kinds.values())
    t = total([r, r2])
    assert t.before.chars == r.before.chars + r2.before.chars



def test_repairs_are_recognised_whatever_the_apostrophe():
    gold, noisy = "Il s’agit d’une note.", "Il s’agit d’'une note."
    errors = [InjectedError("doubled_apostrophe", 11, 12, 11, 13, "’", "’'")]
    kinds, _ = score_errors(errors, noisy, gold, gold)
    assert kinds["doubled_apostrophe"].repaired == 1
    kinds, _ = score_errors(errors, noisy, "Il s'agit d'une note.", gold)
    assert kinds["doubled_apostrophe"].repaired == 1


def test_a_text_repeated_many_times_still_aligns():
    # no token is unique when a document is repeated: anchors come from tokens
    # occurring as often in both texts
    gold = "\n\n".join(p.read_text(encoding="utf-8") for p in CLEAN_SEEDS)
    golds, noisies = [], []
    for seed in range(6):
        golds.append(gold)
        noisies.append(damage(gold, "medium", seed=seed).text)
    g, n = "\n\n".join(golds), "\n\n".join(noisies)
    parts = [score(x, gold) for x in noisies]
    all_ = score(n, g)
    assert all_.char_distance <= 1.02 * sum(p.char_distance for p in parts)
    assert all_.word_distance <= 1.02 * sum(p.word_distance for p in parts)


def test_errors_made_worse_are_listed_with_their_region():
    gold, noisy = "Il est très tard.", "Il est tres tard."
    errors = [InjectedError("accent_loss", 9, 10, 9, 10, "è", "e")]
    missed = []
    score_errors(errors, noisy, "Il est trés tard.", gold, missed)
    assert [(m.kind, m.expected, m.cleaned) for m in missed] == [("accent_loss", "rès", "rés")]
