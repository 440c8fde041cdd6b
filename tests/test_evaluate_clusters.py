"""Scoring of large clusters of neighbouring errors (ocrfix.evaluate)."""

from ocrfix.evaluate import score_errors
from ocrfix.noise import InjectedError


def _errors(gold, pairs):
    """Errors turning each (gold word -> noisy word) of ``pairs`` in ``gold``."""
    out, shift, pos = [], 0, 0
    for g, n in pairs:
        i = gold.index(g, pos)
        out.append(InjectedError("accent_loss", i, i + len(g), i + shift, i + shift + len(n), g, n))
        shift += len(n) - len(g)
        pos = i + len(g)
    noisy = gold
    for e in reversed(out):
        noisy = noisy[:e.gold_start] + e.noisy + noisy[e.gold_end:]
    return noisy, out


def test_a_cluster_of_more_than_ten_errors_is_scored_error_by_error():
    words = ["à", "où", "là", "dès", "dû", "sûr", "côté", "tâche", "forêt", "pêche", "mûr", "été"]
    gold = " ".join(words)
    noisy, errors = _errors(gold, [(w, w.replace("à", "a").replace("ù", "u").replace("è", "e")
                                    .replace("û", "u").replace("ô", "o").replace("é", "e")
                                    .replace("â", "a").replace("ê", "e")) for w in words])
    assert len(errors) == 12
    # the cleaner repairs every other word
    cleaned = " ".join(w if i % 2 == 0 else e.noisy for i, (w, e) in enumerate(zip(words, errors)))
    kinds, spurious = score_errors(errors, noisy, cleaned, gold)
    assert (kinds["accent_loss"].repaired, kinds["accent_loss"].left,
            kinds["accent_loss"].worse) == (6, 6, 0)
    assert spurious == 0
