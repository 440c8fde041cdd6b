"""``ocrfix eval``: one pair, folders of pairs, text and JSON output, exit codes."""

import json

import pytest
from click.testing import CliRunner

from ocrfix.cli import main
from ocrfix.noise import damage

from .conftest import CLEAN_SEEDS

MOJIBAKE = "Lâ€™Ã©tat a dÃ©cidÃ© ﬁnalement.\n"
GOLD = "L’État a décidé finalement.\n"


@pytest.fixture
def runner():
    return CliRunner()


def test_eval_of_one_pair_prints_a_table(runner, tmp_path):
    (tmp_path / "a.ocr.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text(GOLD, encoding="utf-8")
    res = runner.invoke(main, ["eval", str(tmp_path / "a.ocr.txt"), str(tmp_path / "a.gold.txt")])
    assert res.exit_code == 0, res.output
    assert "CER before" in res.output
    row = next(line for line in res.output.splitlines() if line.startswith("a "))
    assert "+90.9%" in row  # 11 errors before, 1 after (État)
    assert "repair_mojibake 2" in res.output and "fix_latin_ligatures 1" in res.output


def test_eval_json_of_a_folder_with_injected_errors(runner, tmp_path):
    for path in CLEAN_SEEDS[:2]:
        gold = path.read_text(encoding="utf-8")
        d = damage(gold, "medium", seed=1)
        stem = tmp_path / "sub" / path.name[:3]
        stem.parent.mkdir(exist_ok=True)
        stem.with_name(stem.name + ".ocr.txt").write_text(d.text, encoding="utf-8")
        stem.with_name(stem.name + ".gold.txt").write_text(gold, encoding="utf-8")
        stem.with_name(stem.name + ".errors.json").write_text(d.errors_json(), encoding="utf-8")
    res = runner.invoke(main, ["eval", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["format"] == "ocrfix-eval"
    assert [p["name"] for p in data["pairs"]] == ["sub/000", "sub/001"]
    tot = data["total"]
    assert tot["before"]["char_distance"] > 0
    assert tot["after"]["char_distance"] <= tot["before"]["char_distance"]
    assert sum(k["total"] for k in tot["kinds"].values()) > 20
    assert {"accent_loss", "hard_wrap"} <= set(tot["kinds"])


def test_eval_stage_flags_switch_stages_off(runner, tmp_path):
    (tmp_path / "a.ocr.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text(GOLD, encoding="utf-8")
    res = runner.invoke(main, ["eval", str(tmp_path), "--json", "--no-encoding"])
    data = json.loads(res.output)
    assert data["total"]["edits_per_stage"] == {}
    assert data["total"]["char_error_reduction"] == 0.0
    assert "repair_mojibake" in data["disabled_stages"]


def test_eval_lists_edits_that_made_the_text_worse(runner, tmp_path):
    # the gold keeps a ligature the pipeline spells out: that edit is 'worse'
    (tmp_path / "a.ocr.txt").write_text("Le ﬁnancement.\n", encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text("Le ﬁnancement.\n", encoding="utf-8")
    res = runner.invoke(main, ["eval", str(tmp_path)])
    assert res.exit_code == 0
    assert "made the text worse (1 of 1)" in res.output
    assert "[fix_latin_ligatures] 'ﬁ' -> 'fi'" in res.output


def test_eval_reports_an_ocr_file_without_gold(runner, tmp_path):
    (tmp_path / "a.ocr.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text(GOLD, encoding="utf-8")
    (tmp_path / "b.ocr.txt").write_text(MOJIBAKE, encoding="utf-8")
    res = runner.invoke(main, ["eval", str(tmp_path)])
    assert res.exit_code == 1
    assert "no gold b.gold.txt" in res.output
    assert "a " in res.output  # the good pair is still measured


def test_eval_usage_errors(runner, tmp_path):
    (tmp_path / "a.ocr.txt").write_text(MOJIBAKE, encoding="utf-8")
    assert runner.invoke(main, ["eval", str(tmp_path / "a.ocr.txt")]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(main, ["eval", str(empty)])
    assert res.exit_code == 2 and "no NAME.ocr.txt" in res.output
