"""The command line: clean, batch and diff."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocrfix import Edit, replay
from ocrfix.cli import main

from .conftest import CLEAN_SEEDS, OCR_SEED

MOJIBAKE = "Lâ€™Ã©tat a dÃ©cidÃ©.\n"


@pytest.fixture
def runner():
    return CliRunner()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_clean_writes_name_clean_txt_beside_the_input(runner, tmp_path):
    src = tmp_path / "scan.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    before = _sha(src)
    res = runner.invoke(main, ["clean", str(src)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "scan.clean.txt").read_text(encoding="utf-8") == "L’état a décidé.\n"
    assert _sha(src) == before


def test_clean_refuses_to_replace_an_output_without_force(runner, tmp_path):
    src = tmp_path / "scan.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "scan.clean.txt").write_text("ancien", encoding="utf-8")
    res = runner.invoke(main, ["clean", str(src)])
    assert res.exit_code == 1
    assert "exists" in res.output
    assert (tmp_path / "scan.clean.txt").read_text(encoding="utf-8") == "ancien"
    assert runner.invoke(main, ["clean", "--force", str(src)]).exit_code == 0
    assert (tmp_path / "scan.clean.txt").read_text(encoding="utf-8") == "L’état a décidé.\n"


def test_clean_refuses_to_write_over_its_input(runner, tmp_path):
    src = tmp_path / "scan.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    res = runner.invoke(main, ["clean", str(src), "-o", str(src), "--force"])
    assert res.exit_code == 2
    assert "refusing to write over the input" in res.output
    assert src.read_text(encoding="utf-8") == MOJIBAKE


def test_clean_output_and_report(runner, tmp_path):
    src = tmp_path / "scan.txt"
    src.write_bytes("Ã©tÃ©\r\nﬁn".encode("utf-8"))
    out, rep = tmp_path / "out.txt", tmp_path / "edits.json"
    res = runner.invoke(main, ["clean", str(src), "-o", str(out), "--report", str(rep)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == "été\nfin\n".encode("utf-8")
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["format"] == "ocrfix-report" and report["version"] == 1
    assert report["counts"] == {"normalize_newlines": 1, "repair_mojibake": 1, "fix_latin_ligatures": 1}
    edits = [Edit.from_dict(e) for e in report["edits"]]
    original = src.read_bytes().decode("utf-8")
    assert replay(original, edits) + "\n" == out.read_text(encoding="utf-8")


def test_no_stage_flag_turns_the_stage_off(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("ﬁn Ã©tÃ©", encoding="utf-8")
    res = runner.invoke(main, ["clean", "--no-fix-latin-ligatures", "--stdout", str(src)])
    assert res.output == "ﬁn été\n"
    res = runner.invoke(main, ["clean", "--no-encoding", "--stdout", str(src)])
    assert res.output == "ﬁn Ã©tÃ©\n"


def test_encoding_option(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes("Le café".encode("cp1252"))
    res = runner.invoke(main, ["clean", "--encoding", "cp1252", "--stdout", str(src)])
    assert res.output == "Le café\n"
    res = runner.invoke(main, ["clean", "--encoding", "utf-8", "--stdout", str(src)])
    assert res.exit_code == 1 and "not valid utf-8" in res.output


def test_bad_inputs_give_one_line_and_exit_1(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for name, reason in [("empty.txt", "empty file"), ("image.txt", "PNG image"),
                         ("missing.txt", "no such file")]:
        res = runner.invoke(main, ["clean", str(tmp_path / name)])
        assert res.exit_code == 1
        assert reason in res.output and "Traceback" not in res.output


def test_stdin_to_stdout_through_a_real_pipe():
    data = OCR_SEED.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "ocrfix", "clean", "-"], input=data,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8")
    assert out.endswith("\n") and len(out) > len(data) // 2


@pytest.mark.parametrize("seed", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_pass_through_the_filter_unchanged(runner, seed):
    text = seed.read_text(encoding="utf-8")
    res = runner.invoke(main, ["clean", "-"], input=seed.read_bytes())
    assert res.exit_code == 0
    assert res.output.rstrip("\n") == text.rstrip("\n")


def _tree(root: Path) -> None:
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(MOJIBAKE, encoding="utf-8")
    (root / "a" / "two.txt").write_text("Rien à changer ici.\n", encoding="utf-8")
    (root / "b").mkdir()
    (root / "b" / "bad.txt").write_bytes(b"%PDF-1.4 binary")
    (root / "b" / "old.clean.txt").write_text("an output, not an input", encoding="utf-8")
    (root / "notes.md").write_text("not matched by the glob", encoding="utf-8")


def test_batch_goes_on_after_a_bad_file(runner, tmp_path):
    _tree(tmp_path)
    hashes = {p: _sha(p) for p in tmp_path.rglob("*") if p.is_file()}
    res = runner.invoke(main, ["batch", str(tmp_path), "--jobs", "2"])
    assert res.exit_code == 1
    assert "bad.txt: this is a PDF document" in res.output
    assert "3 files: 1 cleaned, 1 unchanged, 0 skipped, 1 failed" in res.output
    assert (tmp_path / "a" / "one.clean.txt").read_text(encoding="utf-8") == "L’état a décidé.\n"
    assert (tmp_path / "a" / "two.clean.txt").exists()
    assert not (tmp_path / "b" / "bad.clean.txt").exists()
    assert not (tmp_path / "b" / "old.clean.clean.txt").exists()
    assert all(_sha(p) == h for p, h in hashes.items())
    # a second run skips what is up to date
    res = runner.invoke(main, ["batch", str(tmp_path), "--jobs", "1"])
    assert "2 skipped" in res.output


def test_batch_out_dir_mirrors_the_tree(runner, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _tree(src)
    (src / "b" / "bad.txt").unlink()
    res = runner.invoke(main, ["batch", str(src), "--out-dir", str(out), "--report", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert (out / "a" / "one.clean.txt").read_text(encoding="utf-8") == "L’état a décidé.\n"
    assert not list(src.rglob("one.clean.txt"))
    report = json.loads((tmp_path / "r" / "a" / "one.txt.json").read_text(encoding="utf-8"))
    assert report["counts"] == {"repair_mojibake": 2}


def test_batch_usage_error_is_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["batch", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(main, ["batch", str(tmp_path), "--jobs", "0"]).exit_code == 2


def test_diff_labels_changes_by_stage(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Le ﬁnancement.\nLâ€™Ã©tat.\n", encoding="utf-8")
    res = runner.invoke(main, ["diff", "--no-color", str(src)])
    assert res.exit_code == 0
    assert "[-ﬁnancement-]{+financement+}⟨fix_latin_ligatures⟩" in res.output
    assert "⟨repair_mojibake⟩" in res.output
    res = runner.invoke(main, ["diff", "--stat", str(src)])
    assert "fix_latin_ligatures" in res.output and "1 " in res.output


def test_diff_against_a_given_clean_file(runner, tmp_path):
    src, other = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text("Le ﬁnancement.\n", encoding="utf-8")
    other.write_text("Le financement.\n", encoding="utf-8")
    res = runner.invoke(main, ["diff", "--no-color", str(src), str(other)])
    assert "⟨fix_latin_ligatures⟩" in res.output
    other.write_text("Le financement public.\n", encoding="utf-8")
    res = runner.invoke(main, ["diff", "--no-color", str(src), str(other)])
    assert "⟨external⟩" in res.output


def test_diff_colours_only_when_asked(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("ﬁn\n", encoding="utf-8")
    assert "\x1b[" in runner.invoke(main, ["diff", "--color", str(src)]).output
    assert "\x1b[" not in runner.invoke(main, ["diff", str(src)]).output


def test_help_has_examples(runner):
    for cmd in ([], ["clean"], ["batch"], ["diff"]):
        res = runner.invoke(main, [*cmd, "--help"])
        assert res.exit_code == 0 and "Examples:" in res.output


def test_console_script_and_module_agree(tmp_path):
    exe = Path(sys.executable).parent / "ocrfix"
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    a = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    b = subprocess.run([sys.executable, "-m", "ocrfix", "--version"], capture_output=True, text=True)
    assert a.stdout == b.stdout and "ocrfix" in a.stdout
