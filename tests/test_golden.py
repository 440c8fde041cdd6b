"""Golden cases kept as data in tests/golden/ (see its README)."""

import json

import pytest

from ocrfix import Config, clean
from ocrfix.pipeline import GROUPS, STAGES

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _load(name):
    cases = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    labels = [c["label"] for c in cases]
    assert len(labels) == len(set(labels)), f"duplicate labels in {name}"
    return cases


def _text(case):
    if "file" in case:
        return (ROOT / case["file"]).read_text(encoding="utf-8")
    return case["original"]


def _params(cases):
    out = []
    for c in cases:
        marks = [pytest.mark.xfail(reason=c["xfail"], strict=True)] if c.get("xfail") else []
        out.append(pytest.param(c, id=c["label"], marks=marks))
    return out


def _config_for(group, case):
    config = Config()
    if group is not None:
        config = config.without(*[g for g in GROUPS if g != group])
    if case.get("without"):
        config = config.without(*case["without"])
    return config


@pytest.mark.parametrize("case", _params(_load("negative.json")))
def test_negative_cases_are_unchanged(case):
    text = _text(case)
    result = clean(text, _config_for(None, case))
    assert result.edits == (), [(e.stage, e.before, e.after) for e in result.edits]
    assert result.text == text


GROUP_FILES = [g for g in GROUPS if (GOLDEN / f"{g}.json").exists()]
GROUP_CASES = [(g, c) for g in GROUP_FILES for c in _load(f"{g}.json")]


@pytest.mark.parametrize(
    "group,case",
    [pytest.param(g, c, id=f"{g}:{c['label']}",
                  marks=[pytest.mark.xfail(reason=c["xfail"], strict=True)] if c.get("xfail") else [])
     for g, c in GROUP_CASES])
def test_group_cases(group, case):
    text = _text(case)
    result = clean(text, _config_for(group, case))
    assert result.text == case["expected"]
    assert result.replay() == result.text
    stages_of_group = {s.name for s in STAGES if s.group == group}
    assert {e.stage for e in result.edits} <= stages_of_group


def test_every_golden_file_is_a_group_or_the_negative_set():
    names = {p.stem for p in GOLDEN.glob("*.json")}
    assert names <= set(GROUPS) | {"negative"}, names - set(GROUPS)
