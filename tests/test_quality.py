"""Quality gates on the development corpus (see corpus/README.md).

- every clean text of the corpus comes out of the pipeline unchanged;
- error reductions, paragraph-break F1 and per-kind recall stay above the
  floors of tests/quality_floors.json, and few edits make the text worse.

Floors are raised by the helpers whose stages improve a figure
(``python -m ocrfix.corpus floors`` proposes them); they assert quality, not time.
"""

import json

import pytest

from ocrfix import clean
from ocrfix.corpus import (
    LEVELS,
    PARTS,
    check_floors,
    clean_texts,
    measure,
    noisy,
    propose_floors,
)
from ocrfix.noise import apply_errors

from .conftest import ROOT

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
TEXTS = clean_texts(ROOT)


@pytest.fixture(scope="module")
def measured():
    return measure(ROOT)


def test_the_corpus_has_dev_heldout_and_real_parts():
    parts = {t.part for t in TEXTS}
    assert parts == set(PARTS)
    assert sum(len(t.read()) for t in TEXTS if t.part == "heldout") > 30_000
    assert len(list((ROOT / "corpus" / "real").glob("*.gold.txt"))) >= 2


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: f"{t.part}/{t.name}")
def test_clean_texts_come_out_unchanged(text):
    original = text.read()
    result = clean(original)
    assert [(e.stage, e.before, e.after) for e in result.edits] == []
    assert result.text == original


def test_noisy_versions_are_reproducible_and_consistent():
    text = TEXTS[0]
    for level in LEVELS:
        d = noisy(text, level)
        assert d == noisy(text, level)
        assert apply_errors(d.gold, d.errors) == d.text


def test_floors_cover_every_set(measured):
    assert set(FLOORS["floors"]) == set(measured)


def test_quality_floors(measured):
    problems = check_floors(measured, FLOORS["floors"])
    assert not problems, "\n".join(problems)


def test_floor_checks_can_fail(measured):
    """The gate is not vacuous: floors above the measures are reported."""
    raised = propose_floors(measured, ["ligature"])
    for f in raised.values():
        f["char_error_reduction"] = 101.0
        f["kind_recall"] = {"ligature": 1.01}
    problems = check_floors(measured, raised)
    assert len(problems) >= 2 * len(raised)


def test_build_writes_pairs_that_ocrfix_eval_reads(tmp_path):
    from ocrfix.corpus import build
    from ocrfix.evaluate import find_pairs
    from ocrfix.noise import load_errors

    written = build(ROOT, tmp_path, levels=("light",))
    assert len(written) == len(TEXTS)
    pairs, problems = find_pairs(tmp_path)
    assert not problems and len(pairs) == len(TEXTS)
    pair = pairs[0]
    errors = load_errors(pair.errors.read_text(encoding="utf-8"))
    gold = pair.gold.read_text(encoding="utf-8")
    assert apply_errors(gold, errors) == pair.ocr.read_text(encoding="utf-8")


def test_bench_text_reaches_the_size_asked():
    from ocrfix.bench import bench_text

    docs = bench_text(ROOT, 0.05)
    assert sum(len(d.encode("utf-8")) for d in docs) >= 50_000
    assert len(set(docs)) == len(docs)


def test_second_pass_changes_little():
    """Idempotence on realistic damage: cleaning ocrfix's output again changes
    at most the few edits of ``second_pass_edits_max`` per set."""
    from ocrfix.corpus import second_pass

    caps = FLOORS["second_pass_edits_max"]
    measured = second_pass(ROOT)
    assert set(caps) == set(measured)
    over = [f"{name}: {sum(m.edits.values())} edits > {caps[name]} ({', '.join(m.examples)})"
            for name, m in measured.items() if sum(m.edits.values()) > caps[name]]
    assert not over, "\n".join(over)
