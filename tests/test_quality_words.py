"""Quality gates of the words stages: error-reduction floors on damaged French.

Runs scripts/measure_words.py's measurement on the dev set (eval corpus dev
texts and the clean seeds, the ``words`` noise family of ocrfix.noise at the
``heavy`` preset, seed 1).  The floors sit a little under the figures
measured when they were set (see the report of issue 5): a change that makes
the stages repair less, or damage more, fails here.

These gates need ocrfix.noise, ocrfix.evaluate and corpus/ from issue 3; until
they are merged the module is skipped as a whole.
"""

import importlib.util

import pytest

from .conftest import ROOT

pytest.importorskip("ocrfix.noise")
pytest.importorskip("ocrfix.evaluate")
if not (ROOT / "corpus" / "clean" / "dev").is_dir():
    pytest.skip("corpus/clean/dev is not here (issue 3)", allow_module_level=True)


@pytest.fixture(scope="module")
def measured():
    spec = importlib.util.spec_from_file_location(
        "measure_words", ROOT / "scripts" / "measure_words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure("dev", "heavy", seeds=(1,))


def _sum(kinds, names):
    from ocrfix.evaluate import KindScore

    total = KindScore()
    for k, v in kinds.items():
        if k in names:
            total.add(v)
    return total


def test_no_edit_on_the_clean_texts(measured):
    _, _, clean_edits = measured
    assert clean_edits == [], [(n, e.before, e.after) for n, e in clean_edits]


def test_overall_floors(measured):
    kinds, spurious, _ = measured
    designed = _sum(kinds, {k for k in kinds if not k.endswith("(capital)")})
    # measured 0.908 recall, precision 1.0, 0 spurious (words2, 2026-11-23)
    assert designed.recall >= 0.89, designed.to_dict()
    assert designed.precision >= 0.995, designed.to_dict()
    assert spurious <= 1


@pytest.mark.parametrize("kind,floor", [
    ("accent_loss", 0.85), ("accent_loss(a/à)", 0.85), ("wrong_accent", 0.94),
    ("l_apostrophe_I", 0.97), ("doubled_apostrophe", 0.97), ("q_to_g", 0.93),
    ("cedilla_loss", 0.95), ("cedilla_to_g", 0.95), ("glyph", 0.90),
    ("apostrophe_lost", 0.83), ("elision_l_lost", 0.95), ("inserted_e", 0.77),
])
def test_recall_floor_per_kind(measured, kind, floor):
    kinds, _, _ = measured
    assert kind in kinds
    assert kinds[kind].recall >= floor, kinds[kind].to_dict()
    assert kinds[kind].precision >= 0.97, kinds[kind].to_dict()
