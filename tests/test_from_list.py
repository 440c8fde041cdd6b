"""``ocrfix batch --from-list``: collections spread over many folders (local pool)."""

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocrfix.cli import main
from ocrfix.listing import common_root, parse_path_list, plan_jobs_from_list

MOJIBAKE = "Lâ€™Ã©tat a dÃ©cidÃ©.\n"


@pytest.fixture
def spread(tmp_path, monkeypatch) -> Path:
    """Files in folders far apart; the current folder is ``tmp_path``."""
    for folder in ("archives/1890/liasse", "archives/1925", "autre/fonds"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "archives/1890/liasse/a.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "archives/1925/b.txt").write_text("Rien à changer ici.\n", encoding="utf-8")
    (tmp_path / "autre/fonds/c.txt").write_bytes("Le café était fermé.\r\n".encode("cp1252"))
    (tmp_path / "autre/fonds/c.clean.txt").write_text("sortie d’un passage précédent\n",
                                                       encoding="utf-8")
    os.utime(tmp_path / "autre/fonds/c.clean.txt", (1, 1))  # older than its input
    (tmp_path / "autre/fonds/pas-dans-la-liste.txt").write_text(MOJIBAKE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


LISTED = ["archives/1890/liasse/a.txt", "archives/1925/b.txt", "autre/fonds/c.txt",
          "autre/fonds/c.clean.txt"]


def test_list_from_stdin_cleans_exactly_the_listed_files(spread):
    hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in spread.rglob("*.txt")}
    res = CliRunner().invoke(main, ["batch", "--from-list", "-"], input="\n".join(LISTED) + "\n")
    assert res.exit_code == 0, res.output
    assert "3 files: 2 cleaned, 1 unchanged, 0 skipped, 0 failed" in res.output
    assert (spread / "archives/1890/liasse/a.clean.txt").read_text(encoding="utf-8") \
        == "L’état a décidé.\n"
    assert (spread / "autre/fonds/c.clean.txt").read_text(encoding="utf-8") \
        == "Le café était fermé.\n"
    assert not (spread / "autre/fonds/pas-dans-la-liste.clean.txt").exists()
    assert not (spread / "autre/fonds/c.clean.clean.txt").exists()
    changed = [p for p, h in hashes.items()
               if hashlib.sha256(p.read_bytes()).hexdigest() != h]
    assert changed == [spread / "autre/fonds/c.clean.txt"]  # an output, replaced


def test_list_file_nul_separated_with_out_dir_and_reports(spread):
    (spread / "liste").write_bytes(b"\0".join(os.fsencode(spread / p) for p in LISTED) + b"\0")
    res = CliRunner().invoke(main, ["batch", "--from-list", "liste", "--out-dir", "propres",
                                    "--report", "rapports", "--jobs", "2"])
    assert res.exit_code == 0, res.output
    # the tree below the deepest folder holding every listed file is mirrored
    outputs = sorted(p.relative_to(spread / "propres").as_posix()
                     for p in (spread / "propres").rglob("*.txt"))
    assert outputs == ["archives/1890/liasse/a.clean.txt", "archives/1925/b.clean.txt",
                       "autre/fonds/c.clean.txt"]
    assert sorted(p.relative_to(spread / "rapports").as_posix()
                  for p in (spread / "rapports").rglob("*.json")) == [
        "archives/1890/liasse/a.txt.json", "archives/1925/b.txt.json",
        "autre/fonds/c.txt.json"]
    index = (spread / "rapports" / "index.html").read_text(encoding="utf-8")
    assert "archives/1890/liasse/a.txt" in index and "autre/fonds/c.txt" in index


def test_missing_listed_file_is_reported_and_the_batch_goes_on(spread):
    res = CliRunner().invoke(main, ["batch", "--from-list", "-"],
                             input="archives/1925/b.txt\nperdu/absent.txt\n")
    assert res.exit_code == 1
    assert "ocrfix: perdu/absent.txt: no such file" in res.output
    assert (spread / "archives/1925/b.clean.txt").exists()


def test_directory_or_list_not_both_nor_neither(spread):
    runner = CliRunner()
    assert runner.invoke(main, ["batch"]).exit_code == 2
    res = runner.invoke(main, ["batch", "archives", "--from-list", "-"], input="")
    assert res.exit_code == 2 and "DIRECTORY or --from-list" in res.output
    res = runner.invoke(main, ["batch", "--from-list", "pas-de-liste"])
    assert res.exit_code == 2 and "cannot read pas-de-liste" in res.output


def test_scheduler_options_are_checked(spread):
    runner = CliRunner()
    res = runner.invoke(main, ["batch", "archives", "--scheduler", "tcp://h:8786", "--jobs", "2"])
    assert res.exit_code == 2 and "--jobs is for the local pool" in res.output
    res = runner.invoke(main, ["batch", "archives", "--chunk-size", "5"])
    assert res.exit_code == 2 and "--chunk-size goes with --scheduler" in res.output


def test_parse_path_list_keeps_odd_names_and_drops_duplicates():
    data = b"a b.txt\n./a b.txt\n\n  \nnon-utf8-\xe9.txt\r\n"
    paths = parse_path_list(data)
    assert paths == [Path("a b.txt"), Path(os.fsdecode(b"non-utf8-\xe9.txt"))]
    assert os.fsencode(paths[1]) == b"non-utf8-\xe9.txt"


def test_jobs_from_a_list_name_files_as_the_list_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    jobs = plan_jobs_from_list([Path("x/a.txt"), Path("y/z/b.txt")])
    assert [(j.source.as_posix(), j.target.as_posix()) for j in jobs] == [
        ("x/a.txt", "x/a.clean.txt"), ("y/z/b.txt", "y/z/b.clean.txt")]
    assert common_root([Path("x/a.txt"), Path("y/z/b.txt")]) == tmp_path
    assert plan_jobs_from_list([]) == []
