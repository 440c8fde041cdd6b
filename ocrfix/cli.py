"""The ``ocrfix`` command line: a thin layer that turns options into a Config.

Exit codes (all commands):

- 0: every input was cleaned (or needed no change);
- 1: at least one input failed (each is named on stderr with its reason);
- 2: usage error (bad option, refusing to write over an input);
- 130: interrupted (Ctrl-C); outputs already written are complete;
- 141: stdout was closed early (``ocrfix clean - < big | head``), quietly;
- 143: stopped by SIGTERM; outputs already written are complete.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import click

from . import __version__
from .batch import FileResult, Job, Summary, plan_jobs, run_batch, run_job, special_file
from .config import Config
from .diffview import external_result, render_diff, render_side_by_side, render_stat
from .errors import InputError, Interrupted, OcrfixError
from .io import (
    WriteAll,
    as_file_text,
    clean_data,
    input_size,
    open_input,
    output_path_for,
    printable,
    read_bytes,
    report_json,
    same_file,
    write_atomic,
)
from .pipeline import GROUPS, STAGES, Cleaned
from .stream import clean_file, spool_stdin, stream_threshold

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BROKEN_PIPE, EXIT_TERMINATED = 141, 143   # 128 + SIGPIPE, 128 + SIGTERM

logger = logging.getLogger("ocrfix")


def _stage_options(func: Callable) -> Callable:
    """Add ``--no-<stage>`` for every stage and ``--no-<group>`` for every group."""
    for name in reversed([*GROUPS, *(s.name for s in STAGES)]):
        flag = "--no-" + name.replace("_", "-")
        if name in GROUPS:
            help_ = f"Skip every stage of the {name} group."
        else:
            stage = next(s for s in STAGES if s.name == name)
            help_ = f"Skip {name} ({stage.summary})."
        func = click.option(flag, "off_" + name, is_flag=True, help=help_)(func)
    func = click.option("--encoding", metavar="CODEC",
                        help="Decode inputs with CODEC instead of detecting it.")(func)
    func = click.option("--keep-lines", is_flag=True,
                        help="Keep the lines of hard-wrapped text; only restore "
                             "the blank lines between paragraphs.")(func)
    func = click.option("--accent-capitals", is_flag=True,
                        help="Let restore_accents accent capital letters (Etat -> État).")(func)
    return func


def _rewrap_option(func: Callable) -> Callable:
    """``--width N``: re-wrap the cleaned text (commands that write it)."""
    return click.option("--width", "rewrap_width", type=click.IntRange(min=10), metavar="N",
                        help="Re-wrap the output at N columns [default: no wrapping].")(func)


def _config_from(kwargs: dict) -> Config:
    off = [k[len("off_"):] for k, v in list(kwargs.items()) if k.startswith("off_") and v]
    for k in [k for k in kwargs if k.startswith("off_")]:
        del kwargs[k]
    config = Config(encoding=kwargs.pop("encoding", None),
                    keep_lines=kwargs.pop("keep_lines", False),
                    width=kwargs.pop("rewrap_width", None),
                    accent_capitals=kwargs.pop("accent_capitals", False))
    return config.without(*off) if off else config


_debug = False


def _setup_logging(debug: bool) -> None:
    global _debug
    _debug = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="ocrfix: %(levelname)s: %(message)s")


def _fail(path: str | os.PathLike, reason: str) -> None:
    click.echo(f"ocrfix: {printable(path)}: {printable(reason)}", err=True)


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


class _Main(click.Group):
    """The ``ocrfix`` group: signals, a closed stdout and unexpected errors end every
    command the same way, with one line on stderr and a documented exit code.

    SIGTERM raises :class:`Interrupted` (a ``KeyboardInterrupt``), so the clean-up
    made for Ctrl-C runs for it too: temporary files removed, pool workers stopped.
    """

    def invoke(self, ctx: click.Context):
        try:
            previous = {signal.SIGINT: signal.getsignal(signal.SIGINT),
                        signal.SIGTERM: signal.signal(signal.SIGTERM, _raise_interrupted)}
        except ValueError:  # not the main thread: leave signals alone
            previous = None
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            for sig in (signal.SIGINT, signal.SIGTERM):   # a second Ctrl-C: no traceback
                try:
                    signal.signal(sig, signal.SIG_IGN)
                except ValueError:
                    pass
            code = exc.exit_code if isinstance(exc, Interrupted) else EXIT_INTERRUPTED
            why = "terminated" if isinstance(exc, Interrupted) else "interrupted"
            _echo_err(f"\nocrfix: {why}; outputs already written are complete.")
            sys.exit(code)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_BROKEN_PIPE)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except OcrfixError as exc:
            if _debug:
                raise
            _echo_err(f"ocrfix: {printable(str(exc))}")
            sys.exit(EXIT_FAILED)
        except Exception as exc:
            if _debug:
                raise
            _echo_err(f"ocrfix: internal error: {printable(repr(exc))} "
                      "(run with --debug for details)")
            sys.exit(EXIT_FAILED)
        finally:
            for sig, handler in (previous or {}).items():
                signal.signal(sig, handler)


def _echo_err(message: str) -> None:
    try:
        click.echo(message, err=True)
    except OSError:  # stderr closed too: the exit code says it
        pass


def _write_stdout(data: bytes) -> None:
    """Write all of ``data`` to stdout: a closed pipe always ends in
    ``BrokenPipeError`` (exit 141), never in silent loss (:class:`~ocrfix.io.WriteAll`)."""
    sys.stdout.flush()
    out = WriteAll(sys.stdout.buffer)
    out.write(data)
    out.flush()


def _echo_stdout(text: str) -> None:
    """``click.echo(text)`` through :func:`_write_stdout` (the text is already coloured or not)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    errors = getattr(sys.stdout, "errors", None) or "strict"
    _write_stdout((text + "\n").encode(encoding, errors))


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that flushing it at exit
    prints no "Exception ignored" message (the Python documentation's recipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ocrfix")
def main() -> None:
    """Clean OCR output of scanned French documents, recording every edit.

    \b
    Examples:
      ocrfix clean scan.txt                 # writes scan.clean.txt
      ocrfix clean - < scan.txt > out.txt   # as a filter
      ocrfix batch archives/ --jobs 4       # a whole folder, recursively
      ocrfix diff scan.txt                  # what would change, word by word
      ocrfix diff --stat scan.txt           # edits per stage
      ocrfix eval scan.txt scan.gold.txt    # error rates before and after
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(readable=False, path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (a single input only). '-' is stdout.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Write the cleaned text to stdout.")
@click.option("-f", "--force", is_flag=True, help="Replace an existing output.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the edits as JSON to this file (a single input only).")
@click.option("--debug", is_flag=True, help="Log every stage; show tracebacks.")
@_stage_options
@_rewrap_option
def clean(files: tuple[str, ...], output: Path | None, to_stdout: bool, force: bool,
          report: Path | None, debug: bool, **kwargs) -> None:
    """Clean FILES; each NAME.txt gives NAME.clean.txt beside it.

    '-' reads stdin and writes stdout, so ocrfix works as a filter.
    An output is never written over its input, and an existing output is
    replaced only with --force.

    \b
    Examples:
      ocrfix clean scan.txt
      ocrfix clean scan.txt -o propre.txt --report edits.json
      ocrfix clean --no-layout --encoding cp1252 vieux.txt
      ocrfix clean --keep-lines scan.txt    # paragraphs restored, lines kept
      ocrfix clean --width 80 scan.txt      # one paragraph per line, wrapped at 80
      cat scan.txt | ocrfix clean - > propre.txt
    """
    _setup_logging(debug)
    config = _config_from(kwargs)
    if len(files) > 1 and (output is not None or report is not None):
        raise click.UsageError("-o/--output and --report take a single input file.")
    for name in files:
        for target in (output, report):
            if target is not None and name != "-" and str(target) != "-" and (
                    same_file(Path(name), target) or Path(name).resolve() == target.resolve()):
                raise click.UsageError(f"refusing to write over the input {name}")
    failures = 0
    for name in files:
        try:
            _refuse_device(name)
            if not _clean_one(name, config, output, to_stdout, force, report):
                failures += 1
        except BrokenPipeError:
            raise   # stdout closed early: the group exits quietly
        except OcrfixError as exc:
            _fail(name, str(exc))
            failures += 1
        except Exception as exc:
            if debug:
                raise
            _fail(name, f"internal error: {exc!r} (run with --debug for details)")
            failures += 1
    sys.exit(EXIT_FAILED if failures else EXIT_OK)


def _refuse_device(name: str) -> None:
    """A device (``/dev/zero``) never ends: refuse it.  A FIFO named on the command
    line is read (``ocrfix clean <(pdftotext scan.pdf -)``)."""
    what = special_file(Path(name)) if name != "-" else ""
    if what in ("a character device", "a block device", "a socket"):
        raise InputError(f"not a regular file ({what})")


def _clean_one(name: str, config: Config, output: Path | None, to_stdout: bool,
               force: bool, report: Path | None) -> bool:
    from_stdin = name == "-"
    threshold = stream_threshold()
    if from_stdin:
        data = sys.stdin.buffer.read(threshold + 1)
        if len(data) > threshold:
            return _clean_streamed(name, spool_stdin(data, sys.stdin.buffer), config,
                                   output, to_stdout, force, report)
    else:
        size = input_size(Path(name))
        if size is not None and size > threshold:
            return _clean_streamed(name, open_input(Path(name)), config, output, to_stdout,
                                   force, report)
        data = read_bytes(Path(name))
    result = clean_data(data, config)
    text = as_file_text(result.text)
    if report is not None:
        write_atomic(report, report_json(result, None if from_stdin else name))
    if to_stdout or (from_stdin and output is None) or (output is not None and str(output) == "-"):
        _write_stdout(text.encode("utf-8"))
        return True
    target = output if output is not None else output_path_for(Path(name))
    if target.exists() and not force:
        _fail(name, f"{target} exists (use --force to replace it)")
        return False
    write_atomic(target, text)
    return True


def _clean_streamed(name: str, source: BinaryIO, config: Config, output: Path | None,
                    to_stdout: bool, force: bool, report: Path | None) -> bool:
    """``_clean_one`` for an input above the streaming threshold: in pieces (ocrfix.stream)."""
    from_stdin = name == "-"
    with source:
        if to_stdout or (from_stdin and output is None) or (output is not None and str(output) == "-"):
            sys.stdout.flush()
            out = WriteAll(sys.stdout.buffer)
            clean_file(source, out, config, report=report,
                       source_name=None if from_stdin else printable(name))
            out.flush()
            return True
        target = output if output is not None else output_path_for(Path(name))
        if target.exists() and not force:
            _fail(name, f"{target} exists (use --force to replace it)")
            return False
        clean_file(source, target, config, report=report,
                   source_name=None if from_stdin else printable(name))
    return True


@main.command()
@click.argument("directory", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--glob", "pattern", default="*.txt", show_default=True,
              help="Which files to clean (outputs *.clean.txt are always skipped).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Mirror the tree here instead of writing beside the inputs.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the number of CPUs].")
@click.option("-f", "--force", is_flag=True,
              help="Clean even files whose output is newer than the input.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write a JSON and an HTML report per file into this folder, and an "
                   "index.html linking them.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--debug", is_flag=True, help="Log every stage; show tracebacks.")
# scale out (issue 9): ocrfix/listing.py, ocrfix/distributed.py
@click.option("--from-list", "from_list", metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="Clean the files listed in FILE (one path per line, or NUL-separated; "
                   "'-' is stdin) instead of a DIRECTORY.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Send the files to the Dask cluster at ADDRESS (tcp://HOST:8786); its "
                   "workers must see the same paths. Needs the dask extra.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Files per Dask task [default: about a second of cleaning each].")
@_stage_options
@_rewrap_option
def batch(directory: Path | None, pattern: str, out_dir: Path | None, jobs: int | None,
          force: bool, report_dir: Path | None, quiet: bool, debug: bool,
          from_list: str | None, scheduler: str | None, chunk_size: int | None,
          **kwargs) -> None:
    """Clean every *.txt file under DIRECTORY, recursively.

    Each NAME.txt gives NAME.clean.txt beside it (or under --out-dir, in the
    same tree).  Files whose output is newer than the input are skipped
    unless --force.  One bad file never stops the batch: failures are listed
    at the end and the exit code is 1.

    With --from-list the files come from a list instead (--glob is not
    used); --out-dir then mirrors the tree below the deepest folder that
    holds them all.  With --scheduler the workers of a Dask cluster clean
    the files: they must see the same paths as this machine.

    \b
    Examples:
      ocrfix batch scans/
      ocrfix batch scans/ --out-dir propres/ --jobs 2
      ocrfix batch scans/ --glob '*.ocr' --report rapports/   # open rapports/index.html
      find /archives -name '*.txt' -print0 | ocrfix batch --from-list -
      ocrfix batch /partage/scans --scheduler tcp://10.0.0.5:8786
    """
    _setup_logging(debug)
    config = _config_from(kwargs)
    jobs_n = jobs or os.cpu_count() or 1
    if (directory is None) == (from_list is None):
        raise click.UsageError("give a DIRECTORY or --from-list FILE (one of them).")
    if scheduler is not None and jobs is not None:
        raise click.UsageError("--jobs is for the local pool; with --scheduler the "
                               "cluster's workers do the work.")
    if chunk_size is not None and scheduler is None:
        raise click.UsageError("--chunk-size goes with --scheduler.")
    unlisted: list[tuple[Path, str]] = []   # folders of the tree that cannot be read
    if directory is None:
        assert from_list is not None   # one of the two, checked above
        plan = _plan_from_list(from_list, out_dir, report_dir)
    else:
        plan = plan_jobs(directory, pattern, out_dir, report_dir, unlisted)
    if out_dir is not None:
        plan = [j for j in plan if not same_file(j.source, j.target)]
    show_progress = not quiet and sys.stderr.isatty() and len(plan) > 1
    if scheduler is not None:
        run = _dask_runner(scheduler, chunk_size)
    else:
        run = functools.partial(run_batch, jobs_n=jobs_n)
    try:
        if show_progress:
            with click.progressbar(length=len(plan), label="cleaning", file=sys.stderr) as bar:
                summary = run(plan, config, force=force, on_result=lambda r: bar.update(1))
        else:
            summary = run(plan, config, force=force)
    except OcrfixError as exc:  # the cluster, not a file
        click.echo(f"ocrfix: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    # Ctrl-C and SIGTERM: the group ends the command (exit 130 or 143)
    for folder, reason in unlisted:
        _fail(folder, reason)
    for r in summary.failed:
        _fail(r.source, r.reason)
    if report_dir is not None:
        from .htmlreport import write_batch_index

        try:
            write_batch_index(report_dir, directory or _list_root(plan), plan, summary.results)
        except (OcrfixError, OSError) as exc:
            _fail(report_dir, str(exc) if isinstance(exc, OcrfixError)
                  else f"cannot write the index: {exc.strerror or exc}")
            sys.exit(EXIT_FAILED)
    if not quiet:
        _print_summary(summary)
    sys.exit(EXIT_FAILED if summary.failed or unlisted else EXIT_OK)


def _plan_from_list(from_list: str, out_dir: Path | None, report_dir: Path | None) -> list[Job]:
    from .listing import plan_jobs_from_list, read_path_list

    try:
        paths = read_path_list(from_list)
    except OSError as exc:
        raise click.BadParameter(f"cannot read {from_list}: {exc.strerror or exc}",
                                 param_hint="--from-list") from None
    return plan_jobs_from_list(paths, out_dir, report_dir)


def _list_root(plan: list[Job]) -> Path:
    from .listing import common_root

    return common_root([j.source for j in plan])


def _dask_runner(scheduler: str, chunk_size: int | None) -> Callable[..., Summary]:
    from .distributed import run_batch_dask

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise click.UsageError(
            "--scheduler needs the dask extra: pip install 'ocrfix[dask]'") from None
    return functools.partial(run_batch_dask, scheduler=scheduler, chunk_size=chunk_size)


def _print_summary(summary) -> None:
    st = summary.by_status()
    secs = summary.seconds
    rate = summary.megabytes / secs if secs > 0 else 0.0
    click.echo(
        f"{len(summary.results)} files: {st['cleaned']} cleaned, {st['unchanged']} unchanged, "
        f"{st['skipped']} skipped, {st['failed']} failed in {secs:.1f} s "
        f"({summary.megabytes:.2f} MB, {rate:.2f} MB/s)", err=True)
    counts = summary.stage_counts()
    if counts:
        click.echo("edits per stage: " + ", ".join(
            f"{s.name} {counts[s.name]}" for s in STAGES if counts[s.name]), err=True)


@main.command()
@click.argument("file", type=click.Path(readable=False, path_type=str))
@click.argument("cleaned", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--stat", is_flag=True, help="Only the number of edits per stage.")
@click.option("-y", "--side-by-side", is_flag=True,
              help="Original and cleaned lines in two columns fitted to the terminal.")
@click.option("--width", type=click.IntRange(min=20), metavar="N",
              help="Columns for --side-by-side [default: the terminal's width].")
@click.option("--html", "html_out", metavar="FILE",
              help="Write a before/after report to FILE, a self-contained page to open in a "
                   "browser ('-' for stdout); nothing else is printed.")
@click.option("--color/--no-color", default=None, help="Colour the output [default: on a terminal].")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@_stage_options
def diff(file: str, cleaned: Path | None, stat: bool, side_by_side: bool, width: int | None,
         html_out: str | None, color: bool | None, debug: bool, **kwargs) -> None:
    """Show what cleaning changes in FILE, word by word, labelled by stage.

    Without CLEANED the clean side is computed on the fly.  With CLEANED,
    the edits are labelled by stage when CLEANED is what ocrfix produces now,
    and shown as 'external' otherwise.

    \b
    Examples:
      ocrfix diff scan.txt | less -R
      ocrfix diff --stat scan.txt
      ocrfix diff -y scan.txt               # side by side
      ocrfix diff scan.txt --html rapport.html
      ocrfix diff scan.txt scan.clean.txt
    """
    _setup_logging(debug)
    config = _config_from(kwargs)
    try:
        _refuse_device(file)
        data = sys.stdin.buffer.read() if file == "-" else read_bytes(Path(file))
        result: Cleaned = clean_data(data, config)
        if cleaned is not None:
            other = read_bytes(cleaned).decode("utf-8", errors="replace")
            if other != as_file_text(result.text) and other != result.text:
                result = external_result(result.original, other)
    except OcrfixError as exc:
        _fail(file, str(exc))
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        if debug:
            raise
        _fail(file, f"internal error: {exc!r} (run with --debug for details)")
        sys.exit(EXIT_FAILED)
    if html_out is not None:
        _write_html(file, html_out, result)
        sys.exit(EXIT_OK)
    if color is None:
        color = sys.stdout.isatty()
    if side_by_side:
        out = render_side_by_side(result, width=width or shutil.get_terminal_size().columns,
                                  color=color, name=printable(file))
        if out:
            _echo_stdout(out)
    elif stat:
        _echo_stdout(render_stat(result, printable(file)))
    else:
        out = render_diff(result, color=color, name=printable(file))
        if out:
            _echo_stdout(out)
    sys.exit(EXIT_OK)


def _write_html(file: str, target: str, result: Cleaned) -> None:
    from .htmlreport import render_html

    if target != "-" and file != "-" and same_file(Path(file), Path(target)):
        raise click.UsageError(f"refusing to write over the input {file}")
    page = render_html(result, name="stdin" if file == "-" else printable(file))
    if target == "-":
        _write_stdout(page.encode("utf-8"))
        return
    try:
        write_atomic(Path(target), page)
    except OcrfixError as exc:
        _fail(target, str(exc))
        sys.exit(EXIT_FAILED)


@main.command("eval")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--worse", "worse_limit", type=int, default=10, show_default=True, metavar="N",
              help="List at most N edits that made the text worse (-1: all; --json lists all).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@_stage_options
def eval_(paths: tuple[Path, ...], as_json: bool, worse_limit: int, debug: bool,
          **kwargs) -> None:
    """Measure cleaning against a gold: OCR GOLD, or folders of pairs.

    A folder holds pairs NAME.ocr.txt / NAME.gold.txt (searched
    recursively); a NAME.errors.json beside them (written by the noise
    generator) adds scores per injected error kind.  Reports, before and after
    cleaning: character and word error rates (whitespace runs collapsed, ’ and
    ' equal), error reduction, paragraph-break F1, edits per stage, and the
    edits that made the text worse.

    \b
    Examples:
      ocrfix eval scan.txt scan.gold.txt
      ocrfix eval corpus/noisy/ --json > mesures.json
      ocrfix eval corpus/noisy/ --no-words      # what the other stages do alone
    """
    from . import evaluate

    _setup_logging(debug)
    config = _config_from(kwargs)
    pairs: list[evaluate.Pair] = []
    problems: list[str] = []
    if len(paths) == 2 and all(p.is_file() for p in paths):
        ocr, gold = paths
        errors = gold.with_name(gold.name.removesuffix(evaluate.GOLD_SUFFIX)
                                + evaluate.ERRORS_SUFFIX)
        name = ocr.name.removesuffix(evaluate.OCR_SUFFIX)
        pairs.append(evaluate.Pair(name, ocr, gold, errors if errors.is_file() else None))
    elif all(p.is_dir() for p in paths):
        for folder in paths:
            found, missing = evaluate.find_pairs(folder)
            pairs.extend(found)
            problems.extend(missing)
        if not pairs and not problems:
            raise click.UsageError("no NAME.ocr.txt / NAME.gold.txt pairs in "
                                   + ", ".join(map(str, paths)))
    else:
        raise click.UsageError("give OCR GOLD (two files) or folders of pairs")
    reports = []
    for pair in pairs:
        try:
            reports.append(evaluate.evaluate_files(pair, config))
        except (OcrfixError, UnicodeDecodeError, ValueError, OSError) as exc:
            if debug:
                raise
            problems.append(f"{pair.ocr}: {exc}")
    for msg in problems:
        click.echo(f"ocrfix: {msg}", err=True)
    if as_json:
        import json
        disabled = [s.name for s in STAGES if not config.enabled(s.name)]
        click.echo(json.dumps(evaluate.report_json(reports, disabled_stages=disabled),
                              ensure_ascii=False, indent=1))
    elif reports:
        click.echo(evaluate.render_table(reports, worse_limit=worse_limit))
    sys.exit(EXIT_FAILED if problems else EXIT_OK)


__all__ = ["main", "FileResult", "Job", "run_job"]
