"""A time-bounded fuzz run of the API and the command line (issue 7).

Each target is a hypothesis test with the ``fuzz`` profile (conftest.py),
run in rounds of fresh random examples until its share of
``OCRFIX_FUZZ_SECONDS`` is spent (30 s in all by default, so that ``make
test`` runs a short one; ``make fuzz`` runs ten minutes, from a random seed:
see :func:`fuzz_for_a_while`).  A failure is
shrunk to a minimal example and printed with the blob that reproduces it
(``@reproduce_failure``); add the example to tests/test_properties.py or to
the golden cases of its stage once it is fixed.

The command line is driven in-process through click's ``CliRunner``: whatever
the files hold, the exit code is 0 or 1, failures are one-line messages
naming the file, nothing is an "internal error", and the inputs are never
modified.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from ocrfix import Config, InputError, clean, clean_bytes
from ocrfix.cli import main
from ocrfix.io import clean_data

from .conftest import FUZZ_SECONDS, FUZZ_SEED
from .strategies import any_text, damaged_french, file_bytes
from .test_properties import assert_idempotent, unaccounted

FUZZ = settings.get_profile("fuzz")
#: The fuzz targets below share FUZZ_SECONDS equally.
TARGETS = 4


def fuzz_for_a_while(test: Callable[[], None]) -> int:
    """Run the hypothesis ``test`` in rounds until its share of the time is spent.

    Round ``k`` draws its examples with the seed ``FUZZ_SEED + k``: by default
    the seeds start at 0, so that ``make test`` tries the same examples on
    every run (CI does not fail on an example nobody has seen before); ``make
    fuzz`` starts at a random seed.  At least one round runs; a failure says
    which seed reproduces it.  Returns the number of rounds.
    """
    end = time.monotonic() + FUZZ_SECONDS / TARGETS
    rounds = 0
    while True:
        round_seed = FUZZ_SEED + rounds
        try:
            seed(round_seed)(test)()
        except BaseException as exc:
            exc.add_note(f"fuzz round seed {round_seed}: OCRFIX_FUZZ_SEED={round_seed} "
                         f"OCRFIX_FUZZ_SECONDS=1 runs this round first")
            raise
        rounds += 1
        if time.monotonic() >= end:
            return rounds


#: Configurations a user can ask for on the command line.
configs = st.builds(
    lambda keep, width, capitals, off: Config(keep_lines=keep, width=width,
                                              accent_capitals=capitals).without(*off),
    st.booleans(), st.one_of(st.none(), st.integers(10, 120)), st.booleans(),
    st.lists(st.sampled_from(["encoding", "layout", "segmentation", "words",
                              "repair_mojibake", "remove_control_chars", "restore_paragraphs",
                              "split_run_together_words", "restore_accents"]),
             max_size=2, unique=True))

fuzz_text = st.one_of(any_text, damaged_french(("light", "medium", "heavy")),
                      file_bytes().map(lambda b: b.decode("latin-1")))


# --- the API ---------------------------------------------------------------------

@settings(FUZZ, max_examples=100)
@given(fuzz_text, configs)
def _fuzz_clean_text(text, config):
    result = clean(text, config)
    assert result.replay() == result.text
    assert unaccounted(result) == []
    assert_idempotent(text)


def test_fuzz_clean_text():
    assert fuzz_for_a_while(_fuzz_clean_text) >= 1


@settings(FUZZ, max_examples=200)
@given(file_bytes(), configs)
def _fuzz_clean_bytes(data, config):
    for run in (lambda: clean_bytes(data, config), lambda: clean_data(data, config)):
        try:
            result = run()
        except InputError as exc:
            assert str(exc)
        else:
            assert result.replay() == result.text


def test_fuzz_clean_bytes():
    assert fuzz_for_a_while(_fuzz_clean_bytes) >= 1


# --- the command line --------------------------------------------------------------

#: Options of ``clean`` and ``batch`` that change what the stages do.
stage_options = st.lists(st.sampled_from([
    ["--keep-lines"], ["--width", "40"], ["--accent-capitals"], ["--no-layout"],
    ["--no-segmentation"], ["--no-words"], ["--no-repair-mojibake"], ["--encoding", "cp1252"],
    ["--encoding", "utf-8"]]), max_size=2).map(lambda opts: [o for opt in opts for o in opt])
file_names = st.text(alphabet=st.sampled_from("abcdéèçœ _-"), min_size=1, max_size=8).map(
    lambda s: s.strip() or "x")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_cli(res: Result, names: list[str]) -> None:
    """Exit code 0 or 1, no traceback, no internal error; 1 names a failed input.

    The callers check that every input without an output is named on stderr.
    """
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
    assert res.exit_code in (0, 1), (res.exit_code, res.stderr)
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    if res.exit_code == 1:
        assert any(name in line for line in res.stderr.splitlines() for name in names), res.stderr


@settings(FUZZ, max_examples=30)
@given(st.lists(file_bytes(), min_size=1, max_size=3), st.one_of(st.none(), file_bytes()),
       stage_options)
def _fuzz_cli_clean(contents, stdin, options):
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"scan{i}.txt" for i in range(len(contents))]
        for path, data in zip(paths, contents):
            path.write_bytes(data)
        hashes = [_sha(p) for p in paths]
        args = ["clean", "--force", *options, *map(str, paths)] + (["-"] if stdin is not None else [])
        res = CliRunner().invoke(main, args, input=stdin or b"")
        check_cli(res, [*map(str, paths), "-"])
        assert [_sha(p) for p in paths] == hashes
        for path in paths:
            if str(path) not in res.stderr:
                assert path.with_name(path.stem + ".clean.txt").exists()


def test_fuzz_cli_clean():
    assert fuzz_for_a_while(_fuzz_cli_clean) >= 1


@settings(FUZZ, max_examples=20)
@given(st.dictionaries(file_names, file_bytes(), min_size=1, max_size=5), stage_options,
       st.booleans())
def _fuzz_cli_batch(files, options, out_dir):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "scans"
        (src / "sub").mkdir(parents=True)
        paths = [src / ("sub" if i % 2 else "") / f"{name}.txt" for i, name in enumerate(files)]
        for path, data in zip(paths, files.values()):
            path.write_bytes(data)
        hashes = [_sha(p) for p in paths]
        out = Path(tmp) / "out"
        args = ["batch", str(src), "-j", "1", "-q", *options] + (["--out-dir", str(out)] if out_dir else [])
        res = CliRunner().invoke(main, args)
        check_cli(res, list(map(str, paths)))
        assert [_sha(p) for p in paths] == hashes
        for path in paths:
            if str(path) not in res.stderr:
                target = (out / path.relative_to(src)) if out_dir else path
                assert target.with_name(target.stem + ".clean.txt").exists(), path


def test_fuzz_cli_batch():
    assert fuzz_for_a_while(_fuzz_cli_batch) >= 1
