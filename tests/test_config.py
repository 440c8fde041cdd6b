import dataclasses

import pytest

from ocrfix import Config
from ocrfix.pipeline import GROUPS, STAGES, stage_names_for

#: Config fields that are options, not stages.
OPTIONS = {"encoding", "keep_lines", "width", "accent_capitals"}


def test_every_stage_has_a_config_field_of_its_name():
    fields = {f.name: f for f in dataclasses.fields(Config)}
    for stage in STAGES:
        assert stage.name in fields, stage.name
        assert getattr(Config(), stage.name) in (True, False)


def test_every_config_field_is_a_stage_or_a_known_option():
    names = {s.name for s in STAGES}
    for f in dataclasses.fields(Config):
        assert f.name in names or f.name in OPTIONS, f.name


def test_stage_functions_are_named_after_their_stage():
    for stage in STAGES:
        assert stage.fix.__name__ == stage.name


def test_config_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().normalize_nfc = False  # type: ignore[misc]


def test_without_a_group_turns_off_all_its_stages():
    cfg = Config().without("encoding")
    for stage in STAGES:
        assert getattr(cfg, stage.name) is (stage.group != "encoding")


def test_without_accepts_dashes_and_rejects_unknown_names():
    assert Config().without("fix-latin-ligatures").fix_latin_ligatures is False
    with pytest.raises(ValueError, match="unknown stage"):
        Config().without("no_such_stage")


def test_groups_and_stage_names_do_not_collide():
    assert not set(GROUPS) & {s.name for s in STAGES}
    assert stage_names_for("encoding")[0] == STAGES[0].name


def test_config_docstring_documents_every_stage():
    doc = Config.__doc__
    for stage in STAGES:
        assert f"``{stage.name}``" in doc, stage.name
