"""Bad input, safe outputs, signals and exit codes (issue 7, part B).

Each bad input gets one line on stderr, ``ocrfix: NAME: reason``, a documented
exit code and no traceback; originals are never modified; an output either
does not exist or is whole, whatever interrupts the run.  Most tests run the
real command (``python -m ocrfix``) in a subprocess; a few call the library.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocrfix.batch import Job, plan_jobs, run_batch
from ocrfix.cli import main
from ocrfix.config import Config
from ocrfix.errors import Interrupted, OutputError
from ocrfix.io import as_file_text, atomic_output, clean_data, printable, write_atomic

from .conftest import OCR_SEED, ROOT

MOJIBAKE = "Lâ€™Ã©tat a dÃ©cidÃ©.\n"
FIXED = "L’état a décidé.\n"

#: (file name, bytes, the reason printed): inputs that are not text to clean
BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n \f\n", "only whitespace"),
    ("nul.txt", b"Bonjour\x00\x00 le monde\x00", "binary data (NUL bytes), not text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "this is a PNG image, not text"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "this is a PDF document, not text"),
    ("archive.txt", gzip.compress("Le café était fermé.\n".encode()),
     "this is a gzip archive, not text"),
    # UTF-16 without a BOM cut in the middle of a character: NUL bytes, not text
    ("truncated16.txt", "Le café était fermé.\n".encode("utf-16-le")[:-1],
     "binary data (NUL bytes), not text"),
]


def ocrfix(*args: str | os.PathLike, cwd: Path | None = None, input: bytes | None = None,
           timeout: float = 120, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m ocrfix ARGS`` for real; stdout and stderr as bytes."""
    cmd = [*(prefix or []), sys.executable, "-m", "ocrfix", *map(os.fsdecode, args)]
    return subprocess.run(cmd, cwd=cwd, input=input, capture_output=True, timeout=timeout,
                          env=_env())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("COLUMNS", None)
    return env


def err_lines(proc: subprocess.CompletedProcess) -> list[str]:
    text = proc.stderr.decode("utf-8")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    return [line for line in text.splitlines() if line.strip()]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(root: Path) -> dict[Path, str]:
    return {p: sha(p) for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def leftovers(root: Path) -> list[Path]:
    """Temporary files of write_atomic (``.NAME.<random>.tmp``) anywhere under ``root``."""
    return [p for p in root.rglob(".*") if p.name.endswith(".tmp")]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --- bad input -------------------------------------------------------------

@pytest.mark.parametrize("name,data,reason", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_and_exit_1_for_clean_and_diff(runner, tmp_path, name, data, reason):
    src = tmp_path / name
    src.write_bytes(data)
    for args in (["clean", str(src)], ["clean", "--stdout", str(src)], ["diff", str(src)],
                 ["diff", "--stat", str(src)]):
        res = runner.invoke(main, args)
        assert res.exit_code == 1, (args, res.output)
        assert res.stderr.splitlines() == [f"ocrfix: {src}: {reason}"], args
        assert res.stdout == ""
    assert not (tmp_path / name.replace(".txt", ".clean.txt")).exists()
    assert src.read_bytes() == data


def test_clean_of_several_files_goes_on_after_bad_ones(tmp_path):
    for name, data, _ in BAD_INPUTS:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    before = hashes(tmp_path)
    names = [n for n, _, _ in BAD_INPUTS] + ["folder.txt", "missing.txt", "good.txt"]
    proc = ocrfix("clean", *names, cwd=tmp_path)
    assert proc.returncode == 1
    expected = [f"ocrfix: {n}: {r}" for n, _, r in BAD_INPUTS]
    expected += ["ocrfix: folder.txt: is a directory", "ocrfix: missing.txt: no such file"]
    assert err_lines(proc) == expected
    assert (tmp_path / "good.clean.txt").read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in tmp_path.glob("*.clean.txt")) == ["good.clean.txt"]
    assert hashes(tmp_path) == {**before, tmp_path / "good.clean.txt": sha(tmp_path / "good.clean.txt")}


def test_batch_goes_on_lists_failures_at_the_end_and_exits_1(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, data, _ in BAD_INPUTS:
        (src / name).write_bytes(data)
    (src / "good.txt").write_text(MOJIBAKE, encoding="utf-8")
    before = hashes(src)
    proc = ocrfix("batch", src, "--jobs", "2")
    assert proc.returncode == 1
    lines = err_lines(proc)
    failures = sorted(f"ocrfix: {src / n}: {r}" for n, _, r in BAD_INPUTS)
    assert sorted(lines[:len(failures)]) == failures      # listed at the end, before the summary
    assert lines[len(failures)].startswith(
        f"{len(BAD_INPUTS) + 1} files: 1 cleaned, 0 unchanged, 0 skipped, {len(BAD_INPUTS)} failed")
    assert (src / "good.clean.txt").read_text(encoding="utf-8") == FIXED
    assert hashes(src) == {**before, src / "good.clean.txt": sha(src / "good.clean.txt")}


def test_undecodable_bytes_fall_back_to_an_8_bit_code_page_line_by_line(runner, tmp_path):
    """Bytes that are not UTF-8 are not an error: each such line is decoded with the
    8-bit code page that looks most like French, the UTF-8 lines stay UTF-8."""
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("L’été est là.\n".encode() + "Le café était fermé.\n".encode("cp1252"))
    res = runner.invoke(main, ["clean", "--stdout", "--report", str(tmp_path / "r.json"),
                               str(mixed)])
    assert res.exit_code == 0, res.output
    assert res.stdout == "L’été est là.\nLe café était fermé.\n"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["encoding"] == "utf-8+cp1252"
    # the user's encoding is strict: bytes that are not valid in it are an error
    res = runner.invoke(main, ["clean", "--stdout", "--encoding", "utf-8", str(mixed)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"ocrfix: {mixed}: not valid utf-8: byte 0xe9 at offset 25"]
    res = runner.invoke(main, ["clean", "--stdout", "--encoding", "klingon", str(mixed)])
    assert res.exit_code == 1 and "unknown encoding 'klingon'" in res.stderr


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_a_stray_byte_does_not_change_how_its_line_is_read(runner, tmp_path, byte):
    """A byte cp1252 leaves undefined no longer makes its line mac_roman (é read
    as È): it is read as a C1 control, which remove_control_chars drops, and says so."""
    stray = tmp_path / "stray.txt"
    stray.write_bytes(b"Le caf\xe9 " + byte + b"\xe9tait ferm\xe9.\n")
    report = tmp_path / "r.json"
    res = runner.invoke(main, ["clean", "--stdout", "--report", str(report), str(stray)])
    assert res.exit_code == 0
    assert res.stdout == "Le café était fermé.\n"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["encoding"] == "cp1252"
    assert [(e["stage"], e["before"], e["after"]) for e in data["edits"]] == [
        ("remove_control_chars", byte.decode("latin-1"), "")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(runner, tmp_path, codec):
    text = "Le café était fermé.\nÀ bientôt, dit-il.\n"
    src = tmp_path / "u16.txt"
    src.write_bytes(text.encode(codec))
    res = runner.invoke(main, ["clean", "--stdout", "--report", str(tmp_path / "r.json"), str(src)])
    assert res.exit_code == 0, res.output
    assert res.stdout == text
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["encoding"] == codec


def test_a_folder_given_to_clean_or_diff_is_a_failure_of_that_name(runner, tmp_path,
                                                                    monkeypatch):
    (tmp_path / "dossier").mkdir()
    monkeypatch.chdir(tmp_path)
    for args in (["clean", "dossier"], ["diff", "dossier"]):
        res = runner.invoke(main, args)
        assert res.exit_code == 1
        assert res.stderr.splitlines() == ["ocrfix: dossier: is a directory"]


def test_symlink_loops(tmp_path):
    """A file link loop fails with its reason; a folder link to its parent is not followed."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").symlink_to("b.txt")
    (src / "b.txt").symlink_to("a.txt")
    (src / "sub" / "up").symlink_to("..")            # a folder loop
    (src / "sub" / "good.txt").write_text(MOJIBAKE, encoding="utf-8")
    proc = ocrfix("clean", src / "a.txt", timeout=60)
    assert proc.returncode == 1
    assert err_lines(proc) == [f"ocrfix: {src / 'a.txt'}: cannot read: "
                               "Too many levels of symbolic links"]
    proc = ocrfix("batch", src, "--jobs", "1", timeout=60)
    assert proc.returncode == 1
    lines = err_lines(proc)
    assert lines[:2] == [f"ocrfix: {src / n}: cannot read: Too many levels of symbolic links"
                         for n in ("a.txt", "b.txt")]
    assert lines[2].startswith("3 files: 1 cleaned, 0 unchanged, 0 skipped, 2 failed")
    assert (src / "sub" / "good.clean.txt").read_text(encoding="utf-8") == FIXED
    assert not list((src / "sub").glob("up/*.clean.txt"))


def test_fifo_and_device_in_a_batch_folder_are_skipped(tmp_path):
    """Only regular files are inputs: reading a FIFO would block, /dev/zero never ends."""
    src = tmp_path / "in"
    src.mkdir()
    os.mkfifo(src / "pipe.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "good.txt").write_text(MOJIBAKE, encoding="utf-8")
    proc = ocrfix("batch", src, "--jobs", "1", timeout=60)
    assert proc.returncode == 0
    lines = err_lines(proc)
    assert f"ocrfix: WARNING: {src / 'pipe.txt'}: skipped, not a regular file (a FIFO)" in lines
    assert (f"ocrfix: WARNING: {src / 'zero.txt'}: skipped, not a regular file "
            "(a character device)") in lines
    assert any(line.startswith("1 files: 1 cleaned") for line in lines)
    assert (src / "good.clean.txt").read_text(encoding="utf-8") == FIXED
    assert not (src / "pipe.clean.txt").exists() and not (src / "zero.clean.txt").exists()


def test_a_device_named_on_the_command_line_is_refused_a_fifo_is_read(runner, tmp_path):
    """``/dev/zero`` never ends; a FIFO is how ``ocrfix clean <(pdftotext …)`` reads."""
    for args in (["clean", "--stdout", "/dev/zero"], ["diff", "/dev/zero"]):
        res = runner.invoke(main, args)
        assert res.exit_code == 1
        assert res.stderr.splitlines() == [
            "ocrfix: /dev/zero: not a regular file (a character device)"]
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", "clean", "--stdout", str(fifo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        deadline = time.monotonic() + 60
        while True:                          # wait for the reader without blocking
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
        os.set_blocking(fd, True)
        os.write(fd, MOJIBAKE.encode())
        os.close(fd)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out.decode() == FIXED


def test_fifo_in_a_list_of_files_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(MOJIBAKE, encoding="utf-8")
    listing = f"{tmp_path / 'pipe.txt'}\n{tmp_path / 'good.txt'}\n".encode()
    proc = ocrfix("batch", "--from-list", "-", "--jobs", "1", input=listing, timeout=60)
    assert proc.returncode == 0
    lines = err_lines(proc)
    assert lines[0] == (f"ocrfix: WARNING: {tmp_path / 'pipe.txt'}: skipped, "
                        "not a regular file (a FIFO)")
    assert lines[1].startswith("1 files: 1 cleaned")
    assert (tmp_path / "good.clean.txt").read_text(encoding="utf-8") == FIXED


def test_a_file_that_vanishes_during_a_batch_fails_alone(tmp_path):
    """Planned, then removed before its turn: it fails with its reason, the rest is cleaned."""
    for i in range(4):
        (tmp_path / f"f{i}.txt").write_text(MOJIBAKE, encoding="utf-8")
    jobs = plan_jobs(tmp_path)
    assert [j.source.name for j in jobs] == ["f0.txt", "f1.txt", "f2.txt", "f3.txt"]

    def remove_the_next(result):
        if result.source.name == "f1.txt":
            (tmp_path / "f2.txt").unlink()

    summary = run_batch(jobs, Config(), jobs_n=1, on_result=remove_the_next)
    assert [(r.source.name, r.status, r.reason) for r in summary.results] == [
        ("f0.txt", "cleaned", ""), ("f1.txt", "cleaned", ""),
        ("f2.txt", "failed", "no such file"), ("f3.txt", "cleaned", "")]
    assert not summary.results[2].transient
    assert sorted(p.name for p in tmp_path.glob("*.clean.txt")) == [
        "f0.clean.txt", "f1.clean.txt", "f3.clean.txt"]


def test_names_that_are_not_utf8_are_printed_escaped(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    bad = os.fsdecode(b"scan\xe9.txt")
    good = os.fsdecode(b"lettre\xe9.txt")
    try:
        (src / bad).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    (src / good).write_text(MOJIBAKE, encoding="utf-8")
    shown = printable(src)
    proc = ocrfix("batch", src, "--jobs", "1", "--report", tmp_path / "rapports")
    assert proc.returncode == 1
    lines = err_lines(proc)
    assert lines[0] == f"ocrfix: {shown}/scan\\xe9.txt: this is a PNG image, not text"
    assert lines[1].startswith("2 files: 1 cleaned, 0 unchanged, 0 skipped, 1 failed")
    out = src / os.fsdecode(b"lettre\xe9.clean.txt")
    assert out.read_text(encoding="utf-8") == FIXED
    report = tmp_path / "rapports" / os.fsdecode(b"lettre\xe9.txt.json")
    assert json.loads(report.read_text(encoding="utf-8"))["source"] == f"{shown}/lettre\\xe9.txt"
    index = (tmp_path / "rapports" / "index.html").read_text(encoding="utf-8")
    assert 'href="lettre%E9.txt.html"' in index        # the name's bytes, as the browser opens it
    for args in (["clean", src / bad], ["diff", src / bad]):
        proc = ocrfix(*args)
        assert proc.returncode == 1
        assert err_lines(proc) == [f"ocrfix: {shown}/scan\\xe9.txt: this is a PNG image, not text"]
    proc = ocrfix("diff", src / good)
    assert proc.returncode == 0 and f"--- {shown}/lettre\\xe9.txt" in proc.stdout.decode()


def test_printable_keeps_a_message_on_one_line():
    assert printable("a\nb\rc\td\x1b[2Je\x7f") == "a\\nb\\rc\\td\\x1b[2Je\\x7f"
    assert printable(b"caf\xe9/\xc3\xa9t\xc3\xa9") == "caf\\xe9/été"
    assert printable("\ud800") == "\\ud800"           # a surrogate that is not an escaped byte


# --- permissions (we may run as root: drop privileges in the subprocess) ----

def _unprivileged_prefix() -> list[str]:
    """A command prefix that runs as an ordinary user, or skip the test."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot test permissions")
    prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    try:
        probe = subprocess.run([*prefix, sys.executable, "-c", "import ocrfix.cli"],
                               capture_output=True, timeout=60, env=_env())
    except (OSError, subprocess.SubprocessError):
        pytest.skip("setpriv cannot drop privileges here")
    if probe.returncode != 0:
        pytest.skip("ocrfix cannot be imported as nobody: " + probe.stderr.decode()[-200:])
    return prefix


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder everyone can enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="ocrfix-robust-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in [path, *path.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(path)


def test_unreadable_file_and_folders_without_write_permission(shared_dir):
    prefix = _unprivileged_prefix()
    src, ro = shared_dir / "in", shared_dir / "ro"
    src.mkdir()
    ro.mkdir()
    (src / "secret.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "secret.txt").chmod(0)
    (ro / "a.txt").write_text(MOJIBAKE, encoding="utf-8")
    (ro / "a.txt").chmod(0o644)
    for p in (src, ro):
        p.chmod(0o555)

    def run(*args):
        return ocrfix(*args, cwd=shared_dir, prefix=prefix)

    proc = run("clean", "--stdout", "in/secret.txt")
    assert proc.returncode == 1
    assert err_lines(proc) == ["ocrfix: in/secret.txt: permission denied (cannot read)"]
    proc = run("clean", "ro/a.txt")                      # beside the input
    assert proc.returncode == 1
    assert err_lines(proc) == ["ocrfix: ro/a.txt: cannot write in ro: Permission denied"]
    proc = run("clean", "ro/a.txt", "-o", "ro/b.txt")
    assert proc.returncode == 1
    assert err_lines(proc) == ["ocrfix: ro/a.txt: cannot write in ro: Permission denied"]
    proc = run("batch", "ro", "--jobs", "1")                 # beside the inputs
    assert proc.returncode == 1
    lines = err_lines(proc)
    assert lines[0] == "ocrfix: ro/a.txt: cannot write in ro: Permission denied"
    assert lines[1].startswith("1 files: 0 cleaned, 0 unchanged, 0 skipped, 1 failed")
    proc = run("batch", "ro", "--out-dir", "ro/propres", "--jobs", "1")
    assert proc.returncode == 1
    assert err_lines(proc)[0] == "ocrfix: ro/a.txt: Permission denied: ro/propres"
    (shared_dir / "out").mkdir(mode=0o777)
    (shared_dir / "out").chmod(0o777)
    proc = run("batch", "ro", "--out-dir", "out", "--report", "ro/rapports", "--jobs", "1")
    assert proc.returncode == 1
    lines = err_lines(proc)
    assert lines[0] == "ocrfix: ro/a.txt: Permission denied: ro/rapports"
    assert lines[1] == "ocrfix: ro/rapports: cannot write the index: Permission denied"
    assert (shared_dir / "out" / "a.clean.txt").read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in ro.iterdir()) == ["a.txt"]
    assert not leftovers(shared_dir)


def test_a_folder_that_cannot_be_listed_is_named_and_fails_the_batch(shared_dir):
    prefix = _unprivileged_prefix()
    tree = shared_dir / "tree"
    (tree / "prive").mkdir(parents=True)
    (tree / "prive" / "x.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tree / "prive").chmod(0)
    (tree / "a.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tree / "a.txt").chmod(0o644)
    tree.chmod(0o777)
    proc = ocrfix("batch", "tree", "--jobs", "1", cwd=shared_dir, prefix=prefix)
    assert proc.returncode == 1
    lines = err_lines(proc)
    assert lines[0] == "ocrfix: tree/prive: cannot list this folder: Permission denied"
    assert lines[1].startswith("1 files: 1 cleaned, 0 unchanged, 0 skipped, 0 failed")
    assert (tree / "a.clean.txt").read_text(encoding="utf-8") == FIXED


# --- internal errors -----------------------------------------------------------

def test_a_bug_is_one_line_without_debug_and_a_traceback_with_it(runner, tmp_path, monkeypatch):
    import ocrfix.batch
    import ocrfix.cli

    def boom(data, config):
        raise RuntimeError("boom")

    monkeypatch.setattr(ocrfix.cli, "clean_data", boom)
    monkeypatch.setattr(ocrfix.batch, "clean_data", boom)
    src = tmp_path / "a.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    res = runner.invoke(main, ["clean", str(src)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"ocrfix: {src}: internal error: RuntimeError('boom') (run with --debug for details)"]
    res = runner.invoke(main, ["clean", "--debug", str(src)])
    assert isinstance(res.exception, RuntimeError)
    res = runner.invoke(main, ["batch", str(tmp_path), "--jobs", "1"])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == (
        f"ocrfix: {src}: internal error: RuntimeError('boom') (run with --debug for details)")
    assert "Traceback" not in res.stderr
    res = runner.invoke(main, ["diff", str(src)])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"ocrfix: {src}: internal error: RuntimeError('boom') (run with --debug for details)"]
    res = runner.invoke(main, ["diff", "--debug", str(src)])
    assert isinstance(res.exception, RuntimeError)


# --- writing outputs ---------------------------------------------------------

@pytest.fixture
def umask():
    def set_(mask: int) -> None:
        os.umask(mask)
    old = os.umask(0o022)
    os.umask(old)
    yield set_
    os.umask(old)


def test_write_atomic_gives_normal_permissions_or_keeps_the_old_ones(tmp_path, umask):
    umask(0o022)
    write_atomic(tmp_path / "a.txt", "un")
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    umask(0o077)
    write_atomic(tmp_path / "b.txt", "deux")
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o600
    umask(0o022)
    (tmp_path / "a.txt").chmod(0o640)
    write_atomic(tmp_path / "a.txt", "trois")        # replaced: keeps its mode
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o640
    assert (tmp_path / "a.txt").read_text() == "trois"
    assert not leftovers(tmp_path)


def test_write_atomic_syncs_the_file_then_the_folder_after_the_rename(tmp_path, monkeypatch):
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(a, b):
        calls.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "a.txt", "contenu")
    assert calls == ["fsync file", "replace", "fsync folder"]


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), Interrupted(signal.SIGTERM),
                                     OSError(28, "No space left on device")],
                         ids=["ctrl-c", "sigterm", "disk-full"])
def test_write_atomic_leaves_no_temporary_file_and_the_old_output_whole(
        tmp_path, monkeypatch, failure):
    target = tmp_path / "a.clean.txt"
    target.write_text("ancien contenu\n")

    def fail(fd):
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    expected = OutputError if isinstance(failure, OSError) else type(failure)
    with pytest.raises(expected) as info:
        write_atomic(target, "nouveau contenu\n" * 1000)
    if expected is OutputError:
        assert str(info.value) == f"cannot write {target}: No space left on device"
    monkeypatch.undo()
    assert target.read_text() == "ancien contenu\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.clean.txt"]


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), FileNotFoundError(2, "gone")],
                         ids=["ctrl-c", "input-error"])
def test_atomic_output_interrupted_in_the_middle_of_the_pieces(tmp_path, failure):
    """Written in pieces (big files): stopped half-way, the old output stays whole, no
    temporary file is left, and an error of the caller's own passes unchanged."""
    target = tmp_path / "a.clean.txt"
    target.write_text("ancien contenu\n")
    with pytest.raises(type(failure)):
        with atomic_output(target) as f:
            f.write(b"une page\n" * 1000)
            raise failure
    assert target.read_text() == "ancien contenu\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.clean.txt"]


def test_write_atomic_to_a_name_near_the_length_limit(tmp_path):
    name = "é" * 123 + ".txt"                     # 250 bytes: no room for a longer temporary name
    write_atomic(tmp_path / name, "contenu\n")
    assert (tmp_path / name).read_text(encoding="utf-8") == "contenu\n"
    assert os.listdir(tmp_path) == [name]


def test_write_atomic_never_writes_into_an_existing_file(tmp_path):
    """A hard link to the old output keeps the old content: the name is replaced."""
    (tmp_path / "a.txt").write_text("ancien\n")
    os.link(tmp_path / "a.txt", tmp_path / "lien.txt")
    write_atomic(tmp_path / "a.txt", "nouveau\n")
    assert (tmp_path / "a.txt").read_text() == "nouveau\n"
    assert (tmp_path / "lien.txt").read_text() == "ancien\n"


# --- signals and exit codes --------------------------------------------------

def _catches(pid: int, signum: int) -> bool:
    """Whether process ``pid`` has a handler for ``signum`` (Linux: /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


def test_sigterm_while_cleaning_stdin_exits_143(tmp_path):
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to know when the handler is in place")
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", "clean", "-", "-o",
                             str(tmp_path / "out.txt")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        proc.stdin.write(MOJIBAKE.encode())          # and keep stdin open: it waits for more
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while not _catches(proc.pid, signal.SIGTERM):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143
    assert err.decode().strip().splitlines() == [
        "ocrfix: terminated; outputs already written are complete."]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["clean", "-"], ["diff", "-"]])
def test_a_closed_stdout_is_a_quiet_exit_141(command):
    """``ocrfix clean - < big | head -c 10``: the reader went away; no traceback, no
    'Exception ignored' at exit."""
    data = OCR_SEED.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", *command], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    proc.stdout.close()                              # before anything is written
    _, err = proc.communicate(input=data, timeout=120)
    assert proc.returncode == 141
    assert err == b""


@pytest.mark.parametrize("command", [["clean", "-"], ["diff", "-"]])
def test_a_reader_that_stops_early_gives_141_not_silent_success(command):
    """``| head -c 10``: the reader takes a little, then goes away in the middle of a
    write bigger than the pipe's buffer; the part not written is an error, not lost."""
    data = (MOJIBAKE * 5000).encode()             # 150 KB, each line changed
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", *command], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    proc.stdin.write(data)
    proc.stdin.close()
    assert len(os.read(proc.stdout.fileno(), 10)) > 0
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == b""


def _batch_tree(root: Path, n: int) -> list[Path]:
    """``n`` pieces of the OCR seed (a few KB each): slow enough to interrupt."""
    text = OCR_SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        p = root / f"d{i % 3}" / f"f{i:03d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        start = (i * 997) % (len(text) - 6000)
        p.write_text(text[start:start + 6000], encoding="utf-8")
        paths.append(p)
    return paths


def _children(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    return [c.pid for c in psutil.Process(pid).children(recursive=True)]


@pytest.mark.parametrize("how,jobs", [("ctrl-c", "2"), ("sigterm", "2"), ("sigterm", "1")])
def test_interrupting_a_batch_leaves_only_complete_outputs(tmp_path, how, jobs):
    """A real signal in the middle of ``batch --jobs 2``: Ctrl-C reaches the whole
    process group (the workers too), SIGTERM only the parent."""
    psutil = pytest.importorskip("psutil")
    src = tmp_path / "in"
    inputs = _batch_tree(src, 120)
    before = hashes(src)
    proc = subprocess.Popen([sys.executable, "-m", "ocrfix", "batch", str(src), "--jobs", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(src.rglob("*.clean.txt"))) < 3:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        workers = [psutil.Process(pid) for pid in _children(proc.pid)]
        assert len(workers) >= int(jobs) if jobs != "1" else not workers
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == (130 if how == "ctrl-c" else 143)
    text = err.decode()
    assert "Traceback" not in text and "Exception" not in text, text
    assert text.strip().splitlines()[-1] == (
        "ocrfix: interrupted; outputs already written are complete." if how == "ctrl-c"
        else "ocrfix: terminated; outputs already written are complete.")
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive                                     # the pool's workers are gone
    outputs = sorted(src.rglob("*.clean.txt"))
    assert 3 <= len(outputs) < len(inputs)                # stopped in the middle
    assert not leftovers(src)
    for out_path in outputs:                               # each one whole
        source = out_path.with_name(out_path.name.replace(".clean.txt", ".txt"))
        expected = as_file_text(clean_data(source.read_bytes(), Config()).text)
        assert out_path.read_text(encoding="utf-8") == expected, out_path
    assert {p: h for p, h in hashes(src).items() if p in before} == before


def test_a_report_cut_short_is_written_again(tmp_path):
    """Interrupted after a file's output but before its report: the next run does not
    skip that file as up to date, so its report is not lost."""
    src, rep = tmp_path / "in", tmp_path / "rapports"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(MOJIBAKE, encoding="utf-8")
    jobs = plan_jobs(src, report_dir=rep)
    assert [r.status for r in run_batch(jobs, Config()).results] == ["cleaned", "cleaned"]
    (rep / "b.txt.html").unlink()                  # as if stopped between the two writes
    assert [r.status for r in run_batch(jobs, Config()).results] == ["skipped", "cleaned"]
    assert (rep / "b.txt.html").exists()


def test_the_readme_documents_every_exit_code():
    from ocrfix import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    for code in (cli.EXIT_OK, cli.EXIT_FAILED, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED,
                 cli.EXIT_BROKEN_PIPE, cli.EXIT_TERMINATED):
        assert f"\n| {code} |" in section, code


# --- originals are never modified ----------------------------------------------

def test_originals_are_never_modified(tmp_path):
    src = tmp_path / "in"
    (src / "sous").mkdir(parents=True)
    (src / "a.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "b.txt").write_text("Rien à changer ici.\n", encoding="utf-8")
    (src / "sous" / "c.txt").write_bytes("Le café était fermé.\n".encode("cp1252"))
    (src / "vide.txt").write_bytes(b"")
    os.link(src / "a.txt", src / "lien-dur.txt")
    (src / "lien.txt").symlink_to("b.txt")
    inputs = hashes(src)

    def unchanged() -> bool:
        return {p: h for p, h in hashes(src).items() if p in inputs} == inputs

    assert ocrfix("clean", src / "a.txt", src / "b.txt", src / "sous" / "c.txt").returncode == 0
    assert unchanged()
    assert ocrfix("batch", src, "--jobs", "2", "--force").returncode == 1   # vide.txt fails
    assert unchanged()
    # --out-dir the input folder itself: outputs beside the inputs, inputs untouched
    proc = ocrfix("batch", src, "--out-dir", src, "--jobs", "1", "--force",
                  "--report", src / "rapports")
    assert proc.returncode == 1 and unchanged()
    assert (src / "a.clean.txt").read_text(encoding="utf-8") == FIXED
    # an output name that is a hard link to an input: replaced, the input keeps its bytes
    os.unlink(src / "b.clean.txt")
    os.link(src / "b.txt", src / "b.clean.txt")
    assert ocrfix("clean", "--force", src / "b.txt").returncode == 0
    assert unchanged()
    # -o, --report or --html naming the input, itself or through a link: refused (exit 2)
    a = src / "a.txt"
    for args in (["clean", a, "-o", a], ["clean", a, "-o", src / "lien-dur.txt"],
                 ["clean", src / "lien.txt", "-o", src / "b.txt"],
                 ["clean", src / "b.txt", "-o", src / "lien.txt", "--force"],
                 ["clean", a, "--report", a], ["clean", a, "-o", tmp_path / "x.txt",
                                               "--report", src / "lien-dur.txt"],
                 ["diff", a, "--html", src / "lien-dur.txt"]):
        proc = ocrfix(*args)
        assert proc.returncode == 2, args
        assert "refusing to write over the input" in proc.stderr.decode(), args
        assert "Traceback" not in proc.stderr.decode()
    assert unchanged()
    assert not (tmp_path / "x.txt").exists()


# --- concurrency -----------------------------------------------------------------

def _small_files(root: Path, n: int) -> None:
    """``n`` small documents from the development corpus, a third of them damaged."""
    from ocrfix.noise import damage

    texts = [p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "corpus" / "clean" / "dev").glob("*.txt"))]
    paras = [q[:600] for t in texts for q in t.split("\n\n") if len(q) > 80]
    for i in range(n):
        text = paras[i % len(paras)]
        if i % 3 == 0:
            text = damage(text, seed=i).text
        p = root / f"d{i % 20:02d}" / f"f{i:04d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def test_two_jobs_give_the_same_outputs_and_reports_as_one(tmp_path):
    """2,000 small files: ``--jobs 2`` and ``--jobs 1`` agree byte for byte.

    On tmpfs when there is one: the test is about the pool, not the disk's fsync.
    """
    base = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="ocrfix-jobs-", dir=base)) if (
        base.is_dir() and os.access(base, os.W_OK)) else tmp_path
    try:
        src = work / "in"
        _small_files(src, 2000)
        runs = {}
        for jobs in ("1", "2"):
            out, rep = work / f"out{jobs}", work / f"rep{jobs}"
            proc = ocrfix("batch", src, "--jobs", jobs, "--out-dir", out, "--report", rep,
                          timeout=600)
            assert proc.returncode == 0, proc.stderr.decode()[-2000:]
            assert "2000 files: " in proc.stderr.decode()
            runs[jobs] = ({p.relative_to(out): p.read_bytes() for p in out.rglob("*.clean.txt")},
                          {p.relative_to(rep): p.read_bytes() for p in rep.rglob("*.json")})
        outputs, reports = runs["1"]
        assert len(outputs) == 2000 and len(reports) == 2000
        assert runs["2"] == runs["1"]
        assert sum(1 for r in reports.values() if json.loads(r)["edits"]) > 600
    finally:
        if work != tmp_path:
            shutil.rmtree(work, ignore_errors=True)


def test_plan_keeps_jobs_in_tree_order(tmp_path):
    """Outputs are compared by name above; results are also returned in plan order."""
    _small_files(tmp_path, 30)
    jobs = plan_jobs(tmp_path)
    s1 = run_batch(jobs, Config(), jobs_n=1)
    s2 = run_batch(jobs, Config(), jobs_n=2, force=True)
    assert [r.source for r in s2.results] == [j.source for j in jobs]
    assert [(r.status, r.counts) for r in s2.results] == [(r.status, r.counts) for r in s1.results]


def test_ctrl_c_is_not_held_back_while_the_pool_works(tmp_path):
    """Signals are held back only while the workers start, also with fewer files than workers."""
    for i in range(2):
        (tmp_path / f"f{i}.txt").write_text(MOJIBAKE, encoding="utf-8")
    masks = []
    summary = run_batch(plan_jobs(tmp_path), Config(), jobs_n=4,
                        on_result=lambda r: masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, [])))
    assert [r.status for r in summary.results] == ["cleaned", "cleaned"]
    assert masks == [set(), set()]


def test_an_exception_in_the_callback_stops_the_pool_cleanly(tmp_path):
    """What Ctrl-C does in the parent, in process: no file started after it, workers
    stopped, no temporary file left."""
    _small_files(tmp_path, 60)
    jobs = [Job(j.source, j.target) for j in plan_jobs(tmp_path)]
    seen = []

    def stop(result):
        seen.append(result)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(jobs, Config(), jobs_n=2, on_result=stop)
    outputs = list(tmp_path.rglob("*.clean.txt"))
    assert 3 <= len(outputs) < len(jobs)
    assert not leftovers(tmp_path)
    # signals are no longer held back in this process
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()
