"""Cleaning an input of any size with bounded memory, piece by piece.

A file larger than :func:`stream_threshold` (8 MB) is not read in one piece.
It is read twice, a chunk at a time:

1. :func:`scan_encoding` decodes every chunk once, only to choose the
   encoding exactly as :func:`ocrfix.encoding.decode_bytes` would on the whole
   file (byte-order mark, UTF-8, UTF-16 without a BOM, or UTF-8 line by line
   with one 8-bit code page for the other lines, chosen over all of them), to
   refuse binary, undecodable or blank input before anything is written;
2. :func:`clean_stream` decodes it again, cuts the text into pieces of about
   :data:`PIECE_CHARS` characters (:func:`cut_point`: at a blank line or a form
   feed, else at a line end, else at a space, else anywhere but inside a
   character), cleans each piece with :func:`ocrfix.pipeline.clean` and
   writes its output at once.

The edits of each piece are shifted to whole-document offsets: ``span`` into
the text each stage saw (the concatenation of what it saw in each piece) and
``source_span`` into the original.  With a report, they are spooled to one
temporary file per stage, and the report is written at the end, stage by
stage, so that :func:`ocrfix.edits.replay` on the whole original gives the
whole output.  Nothing of the document is kept in memory beyond two pieces.

What the pieces change.  The encoding stages work on lines and most words
and segmentation decisions on a word and its neighbours, so they come out the
same in pieces as on the whole text.  Some stages measure the whole document
instead, and in pieces measure each piece: the layout stages (is the text
hard-wrapped, its usual line width and indent, the words it hyphenates
elsewhere, the lines repeated at the top of its pages), ``split_run_together_words``
(its spacing before ``;:!?``, whether it keeps its accents) and
``fix_elision_glyphs`` (its usual apostrophe, for ``l'`` put back).  Pieces of a
million characters hold thousands of lines, so the measures agree; but a
running header is recognised only where it repeats within one piece, and a
word hyphenated across a cut stays cut.  Text whose damage is local comes out
the same in pieces as whole, edits included (``tests/test_stream.py``).
A mixed-encoding file whose lines are longer
than :data:`MAX_LINE_BYTES` is decoded per segment of that size.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import logging
import os
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

import regex

from .chardata import EIGHT_BIT_CANDIDATES
from .config import Config
from .edits import Edit
from .encoding import (
    _BOMS,
    _check_binary,
    _looks_like_latin_text,
    _utf16_without_bom,
    decode_eight_bit,
    eight_bit_plausibility,
)
from .errors import DecodingError, EmptyInputError
from .pipeline import STAGES, clean

if TYPE_CHECKING:  # pragma: no cover
    from .io import Writer

logger = logging.getLogger(__name__)

#: Target size of a piece, in characters: cuts fall near it.
PIECE_CHARS = 1_000_000
#: Environment variable that overrides :data:`PIECE_CHARS` for the command line (tests).
PIECE_CHARS_ENV = "OCRFIX_PIECE_CHARS"
#: Bytes read at a time.
READ_BYTES = 1 << 20
#: Inputs larger than this many bytes are cleaned in pieces (see :func:`stream_threshold`).
STREAM_BYTES = 8 * 1024 * 1024
#: Environment variable that overrides :data:`STREAM_BYTES` (tests use it).
STREAM_BYTES_ENV = "OCRFIX_STREAM_BYTES"
#: In a file of mixed encodings, a line longer than this is decoded per segment.
MAX_LINE_BYTES = 4 * 1024 * 1024


def _from_env(name: str, default: int, minimum: int) -> int:
    value = os.environ.get(name)
    if value:
        try:
            return max(minimum, int(value))
        except ValueError:
            logger.warning("%s=%r is not a number; using %d", name, value, default)
    return default


def stream_threshold() -> int:
    """Size in bytes above which an input is cleaned in pieces: :data:`STREAM_BYTES`,
    or the environment variable ``OCRFIX_STREAM_BYTES``.

    >>> stream_threshold() == int(os.environ.get(STREAM_BYTES_ENV, STREAM_BYTES))
    True
    """
    return _from_env(STREAM_BYTES_ENV, STREAM_BYTES, 0)


def piece_chars() -> int:
    """Target size of a piece: :data:`PIECE_CHARS`, or ``OCRFIX_PIECE_CHARS``."""
    return _from_env(PIECE_CHARS_ENV, PIECE_CHARS, 2)


# --- decoding --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Decoding:
    """How to decode a stream: ``mode`` is ``codec`` (one incremental codec,
    after ``skip`` bytes of BOM) or ``mixed`` (UTF-8 per line, ``codec`` for
    the lines that are not UTF-8); ``name`` is the report's encoding."""

    name: str
    mode: str
    codec: str
    skip: int = 0
    strip_bom: bool = False


def _chunks(f: BinaryIO) -> Iterator[bytes]:
    while True:
        b = f.read(READ_BYTES)
        if not b:
            return
        yield b


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of a byte stream, as ``bytes.splitlines(keepends=True)`` cuts
    them; a line longer than :data:`MAX_LINE_BYTES` comes in segments."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).splitlines(keepends=True)
        rest = parts.pop() if parts else b""
        if rest.endswith(b"\n"):    # complete (a final \r may be half of \r\n)
            parts.append(rest)
            rest = b""
        yield from parts
        while len(rest) > MAX_LINE_BYTES:
            yield rest[:MAX_LINE_BYTES]
            rest = rest[MAX_LINE_BYTES:]
    if rest:
        yield rest


def _decode_all(chunks: Iterable[bytes], codec: str, base: int,
                message: Callable[[int, int], str]) -> Iterator[str]:
    """Decode incrementally; a bad byte raises :class:`DecodingError` with
    ``message(offset, byte)``, the offset counted from ``base``."""
    dec = codecs.getincrementaldecoder(codec)("strict")
    pos = base
    for chunk in chunks:
        pending = dec.getstate()[0]
        try:
            yield dec.decode(chunk)
        except UnicodeDecodeError as exc:
            data = pending + chunk
            start = min(max(0, exc.start), len(data) - 1)
            raise DecodingError(message(pos - len(pending) + start, data[start])) from None
        pos += len(chunk)
    pending = dec.getstate()[0]
    try:
        yield dec.decode(b"", final=True)
    except UnicodeDecodeError:
        raise DecodingError(message(pos - len(pending), pending[0])) from None


def _valid(chunks: Iterable[bytes], codec: str) -> tuple[bool, bool, str]:
    """(decodes, holds a non-blank character, the first 4096 characters)."""
    dec = codecs.getincrementaldecoder(codec)("strict")
    head = ""
    nonblank = False
    try:
        for chunk in chunks:
            text = dec.decode(chunk)
            if len(head) < 4096:
                head += text[:4096 - len(head)]
            nonblank = nonblank or bool(text.strip())
        text = dec.decode(b"", final=True)
        nonblank = nonblank or bool(text.strip())
    except UnicodeDecodeError:
        return False, nonblank, head
    return True, nonblank, head


def _empty(size: int) -> EmptyInputError:
    return EmptyInputError("empty file" if not size else "only whitespace")


def scan_encoding(f: BinaryIO, encoding: str | None = None) -> Decoding:
    """Choose the decoding of a seekable binary file as ``decode_bytes`` would on
    its whole content, reading it once in chunks; leave ``f`` at its start.

    Raises :class:`~ocrfix.errors.InputError` for binary, undecodable or blank input.

    >>> scan_encoding(io.BytesIO("L’été".encode("utf-8")))
    Decoding(name='utf-8', mode='codec', codec='utf-8', skip=0, strip_bom=False)
    >>> scan_encoding(io.BytesIO("déjà\\n".encode("cp1252") + "été\\n".encode("utf-8"))).name
    'utf-8+cp1252'
    """
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise DecodingError(f"unknown encoding {encoding!r}") from None
        nonblank = False
        for text in _decode_all(_chunks(f), encoding, 0, lambda at, byte: (
                f"not valid {encoding}: byte {byte:#04x} at offset {at}")):
            nonblank = nonblank or bool(text.replace("\ufeff", "").strip())
        f.seek(0)
        if not nonblank:
            raise _empty(size)
        return Decoding(encoding, "codec", encoding, 0, strip_bom=True)
    head = f.read(65536)
    f.seek(0)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            f.seek(len(bom))
            nonblank = False
            for text in _decode_all(_chunks(f), codec, len(bom), lambda at, byte: (
                    f"starts with a {codec} byte-order mark but is not valid {codec} "
                    f"(offset {at})")):
                nonblank = nonblank or bool(text.strip())
            f.seek(0)
            if not nonblank:
                raise _empty(size)
            return Decoding(codec, "codec", codec, len(bom))
    utf16 = _utf16_without_bom(head) if size % 2 == 0 else None
    if utf16:
        ok, nonblank, text_head = _valid(_chunks(f), utf16)
        f.seek(0)
        if ok and _looks_like_latin_text(text_head):
            if not nonblank:
                raise _empty(size)
            return Decoding(utf16, "codec", utf16)
    _check_binary(head)
    ok, nonblank, _ = _valid(_chunks(f), "utf-8")
    f.seek(0)
    if ok:
        if not nonblank:
            raise _empty(size)
        return Decoding("utf-8", "codec", "utf-8")
    return _scan_mixed(f, size)


def _scan_mixed(f: BinaryIO, size: int) -> Decoding:
    """The 8-bit code page of ``_best_eight_bit``, scored over every non-UTF-8 line."""
    scores = dict.fromkeys(EIGHT_BIT_CANDIDATES, 0)
    utf8_lines = rest_lines = 0
    nonblank = False
    for line in _lines(_chunks(f)):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            rest_lines += 1
            for c in scores:
                t = decode_eight_bit(line, c)   # every 8-bit candidate reads every line
                scores[c] += eight_bit_plausibility(t, c)
                nonblank = nonblank or bool(t.strip())
        else:
            nonblank = nonblank or bool(text.strip())
            if not line.isascii():
                utf8_lines += 1
    f.seek(0)
    codec = max(EIGHT_BIT_CANDIDATES, key=scores.__getitem__)   # the first of the best
    if not nonblank:
        raise _empty(size)
    if utf8_lines:
        logger.info("mixed encodings: %d UTF-8 lines, %d %s lines", utf8_lines, rest_lines, codec)
    return Decoding(f"utf-8+{codec}" if utf8_lines else codec, "mixed", codec)


def decode_stream(f: BinaryIO, decoding: Decoding) -> Iterator[str]:
    """The text of ``f`` in chunks, decoded as :func:`scan_encoding` chose."""
    f.seek(decoding.skip)
    if decoding.mode == "mixed":
        batch: list[str] = []
        n = 0
        for line in _lines(_chunks(f)):
            try:
                batch.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                batch.append(decode_eight_bit(line, decoding.codec))
            n += len(line)
            if n >= READ_BYTES:
                yield "".join(batch)
                batch, n = [], 0
        if batch:
            yield "".join(batch)
        return
    first = True
    for text in _decode_all(_chunks(f), decoding.codec, decoding.skip,
                            lambda at, byte: f"not valid {decoding.codec} at offset {at}"):
        if first and text:
            first = False
            if decoding.strip_bom and text.startswith("\ufeff"):
                text = text[1:]
        yield text


# --- cutting into pieces ---------------------------------------------------

#: A paragraph boundary: a blank line or a form feed (and the line end after it).
_PARAGRAPH_END = regex.compile(r"\n[ \t]*\n(?:[ \t]*\n)*|\f\n?")


def _safe(text: str, i: int) -> bool:
    """Whether a cut before ``text[i]`` splits no character: not inside ``\\r\\n``,
    not before a combining mark or a joiner."""
    if i <= 0 or i >= len(text):
        return True
    if text[i - 1] == "\r" and text[i] == "\n":
        return False
    ch = text[i]
    return not (unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200d\u034f"
                or "\ufe00" <= ch <= "\ufe0f")


def cut_point(text: str, target: int) -> int:
    """Where to end a piece of ``text`` (more than ``target`` characters long).

    The last paragraph boundary (blank line, form feed) in the second half
    before ``target``, else the last line end there, else the last space,
    else ``target`` itself (a giant line), moved so that no ``\\r\\n`` and no
    letter with its combining accent is split.  The text after the cut must
    exist, so that a ``\\r`` before it is known not to be a ``\\r\\n``.

    >>> t = "Un paragraphe.\\n\\nUn autre qui continue\\nsur deux lignes."
    >>> t[:cut_point(t, 30)]
    'Un paragraphe.\\n\\n'
    >>> t[:cut_point(t, 45)]
    'Un paragraphe.\\n\\nUn autre qui continue\\n'
    >>> t = "une seule ligne sans fin"
    >>> t[:cut_point(t, 12)]
    'une seule '
    >>> t = "e\\u0301" * 10
    >>> cut_point(t, 5) % 2
    0
    """
    target = max(1, min(target, len(text) - 1))
    lo = target // 2
    best = -1
    for m in _PARAGRAPH_END.finditer(text, lo, min(len(text), target + 1000)):
        if m.start() >= target:
            break
        best = m.end()
    if best > lo and best < len(text):
        return best
    i = text.rfind("\n", lo, target)
    if i >= 0:
        return i + 1
    i = max(text.rfind(" ", lo, target), text.rfind("\t", lo, target))
    if i >= 0:
        return i + 1
    i = target
    while i > 1 and not _safe(text, i):
        i -= 1
    if i <= 1:
        i = target
        while i < len(text) - 1 and not _safe(text, i):
            i += 1
    return i


def pieces(chunks: Iterable[str], target: int = PIECE_CHARS) -> Iterator[str]:
    """Cut a stream of text into pieces of about ``target`` characters (see :func:`cut_point`).

    >>> list(pieces(["Premier.\\n\\nDeuxième.\\n", "\\nTroisième."], target=12))
    ['Premier.\\n\\n', 'Deuxième.\\n\\n', 'Troisième.']
    """
    buf = ""
    for chunk in chunks:
        buf += chunk
        while len(buf) > target + target // 2:
            cut = cut_point(buf, target)
            yield buf[:cut]
            buf = buf[cut:]
    while len(buf) > target:
        cut = cut_point(buf, target)
        yield buf[:cut]
        buf = buf[cut:]
    if buf:
        yield buf


# --- cleaning ------------------------------------------------------------------

class _StageOffsets:
    """Whole-document offsets of the next piece: in the original, and in the
    input of each stage."""

    def __init__(self) -> None:
        self.source = 0
        self.stage: Counter[str] = Counter()

    def shift(self, original: str, edits: Iterable[Edit], config: Config) -> Iterator[Edit]:
        """The edits of one piece shifted to the whole document; advance past the piece."""
        by_stage: dict[str, list[Edit]] = {}
        for e in edits:
            by_stage.setdefault(e.stage, []).append(e)
        length = len(original)
        for stage in STAGES:
            if not config.enabled(stage.name):
                continue
            base = self.stage[stage.name]
            for e in by_stage.get(stage.name, ()):
                yield Edit(e.stage, e.start + base, e.end + base, e.before, e.after, e.reason,
                           e.confidence, e.source_start + self.source,
                           e.source_end + self.source)
            self.stage[stage.name] += length
            length += sum(len(e.after) - len(e.before) for e in by_stage.get(stage.name, ()))
        self.source += len(original)


_string = json.encoder.encode_basestring     # JSON string, non-ASCII kept


def _edit_json(e: Edit) -> str:
    """One edit as ``report_json`` writes it inside its list: the text of
    ``json.dumps(e.to_dict(), ensure_ascii=False, indent=1)`` at depth 2,
    made here because the indenting encoder is slow on millions of edits.

    >>> e = Edit("restore_accents", 9, 10, "a", "à", 'avant « Paris »', 0.91234, 9, 10)
    >>> _edit_json(e) == "\\n".join("  " + line for line in json.dumps(
    ...     e.to_dict(), ensure_ascii=False, indent=1).splitlines())
    True
    """
    return (f'  {{\n   "stage": {_string(e.stage)},\n'
            f'   "span": [\n    {e.start},\n    {e.end}\n   ],\n'
            f'   "source_span": [\n    {e.source_start},\n    {e.source_end}\n   ],\n'
            f'   "before": {_string(e.before)},\n   "after": {_string(e.after)},\n'
            f'   "reason": {_string(e.reason)},\n'
            f'   "confidence": {json.dumps(round(e.confidence, 4))}\n  }}')


class _EditSpool:
    """The edits of a run, kept on disk per stage until the report is written."""

    def __init__(self) -> None:
        self.files: dict[str, IO[str]] = {}
        self.counts: Counter[str] = Counter()

    def add(self, e: Edit) -> None:
        f = self.files.get(e.stage)
        if f is None:
            f = self.files[e.stage] = tempfile.TemporaryFile("w+", encoding="utf-8",
                                                             prefix="ocrfix-edits-")
        if self.counts[e.stage]:
            f.write(",\n")
        f.write(_edit_json(e))
        self.counts[e.stage] += 1

    def write_report(self, out: Writer, encoding: str | None, source: str | None) -> None:
        head: dict = {"format": "ocrfix-report", "version": 1}
        if source is not None:
            head["source"] = source
        counts = {s.name: self.counts[s.name] for s in STAGES if self.counts[s.name]}
        head.update(encoding=encoding, counts=counts, edits=[])
        text = json.dumps(head, ensure_ascii=False, indent=1)
        assert text.endswith('"edits": []\n}')
        if not counts:
            out.write((text + "\n").encode("utf-8"))
            return
        out.write((text[: -len("[]\n}")] + "[\n").encode("utf-8"))
        first = True
        for s in STAGES:
            f = self.files.get(s.name)
            if f is None:
                continue
            if not first:
                out.write(b",\n")
            first = False
            f.seek(0)
            while block := f.read(1 << 20):
                out.write(block.encode("utf-8"))
        out.write(b"\n ]\n}\n")

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        self.files.clear()


@dataclass
class StreamResult:
    """What :func:`clean_stream` did: the encoding, edits per stage, sizes."""

    encoding: str
    counts: Counter = field(default_factory=Counter)
    bytes_in: int = 0
    pieces: int = 0
    chars_in: int = 0
    chars_out: int = 0

    @property
    def edits(self) -> int:
        return sum(self.counts.values())

    def ordered_counts(self) -> dict[str, int]:
        """Edits per stage, in pipeline order (like ``Cleaned.counts``)."""
        return {s.name: self.counts[s.name] for s in STAGES if self.counts[s.name]}


def clean_stream(source: BinaryIO, out: Writer, config: Config, *,
                 report: Writer | None = None, source_name: str | None = None,
                 piece_chars: int = PIECE_CHARS,
                 pieces_edits: list | None = None) -> StreamResult:
    """Clean the seekable binary file ``source`` piece by piece into ``out``.

    ``out`` receives the cleaned text as UTF-8, ending with one newline (like
    :func:`ocrfix.io.as_file_text`); ``report``, if given, the ``--report``
    JSON with whole-document spans.  ``pieces_edits``, if given, collects
    ``(piece original, piece edits)`` (for tests).  Raises
    :class:`~ocrfix.errors.InputError` for input ``clean_data`` refuses; the
    caller writes ``out`` atomically, so that nothing is left behind then.

    >>> src, dst = io.BytesIO("Ã©tÃ© ﬁni\\n\\nLe café.".encode("utf-8")), io.BytesIO()
    >>> r = clean_stream(src, dst, Config(), piece_chars=12)
    >>> dst.getvalue().decode("utf-8"), r.pieces, r.ordered_counts()
    ('été fini\\n\\nLe café.\\n', 2, {'repair_mojibake': 1, 'fix_latin_ligatures': 1})
    """
    decoding = scan_encoding(source, config.encoding)
    result = StreamResult(decoding.name)
    offsets = _StageOffsets()
    spool = _EditSpool() if report is not None else None
    last = ""
    try:
        for piece in pieces(decode_stream(source, decoding), piece_chars):
            cleaned = clean(piece, config)
            if cleaned.text:
                out.write(cleaned.text.encode("utf-8"))
                last = cleaned.text[-1]
            result.pieces += 1
            result.chars_in += len(piece)
            result.chars_out += len(cleaned.text)
            if pieces_edits is not None:
                pieces_edits.append((piece, cleaned.edits))
            for e in offsets.shift(piece, cleaned.edits, config):
                result.counts[e.stage] += 1
                if spool is not None:
                    spool.add(e)
        if result.chars_out and last != "\n":
            out.write(b"\n")
            result.chars_out += 1
        source.seek(0, os.SEEK_END)
        result.bytes_in = source.tell()
        if spool is not None and report is not None:   # the spool is there for the report
            spool.write_report(report, decoding.name, source_name)
    finally:
        if spool is not None:
            spool.close()
    return result


def spool_stdin(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A seekable temporary file holding ``head`` and what remains of ``rest``
    (standard input is read twice, see :func:`scan_encoding`); the caller closes it."""
    f = tempfile.TemporaryFile(prefix="ocrfix-stdin-")
    try:
        f.write(head)
        shutil.copyfileobj(rest, f, READ_BYTES)
        f.seek(0)
    except BaseException:
        f.close()
        raise
    return f


def clean_file(source: BinaryIO, target: Path | Writer, config: Config, *,
               report: Path | None = None, source_name: str | None = None) -> StreamResult:
    """Clean ``source`` in pieces into ``target``, a path written atomically
    (or an open binary stream such as stdout), with the report at ``report``
    (written atomically too), in pieces of :func:`piece_chars` characters."""
    from .io import atomic_output

    with contextlib.ExitStack() as stack:
        out = stack.enter_context(atomic_output(target)) if isinstance(target, Path) else target
        rep = stack.enter_context(atomic_output(report)) if report is not None else None
        return clean_stream(source, out, config, report=rep, source_name=source_name,
                            piece_chars=piece_chars())


__all__ = ["PIECE_CHARS", "PIECE_CHARS_ENV", "STREAM_BYTES", "STREAM_BYTES_ENV", "Decoding", "StreamResult",
           "clean_file", "clean_stream", "cut_point", "decode_stream", "pieces",
           "piece_chars", "scan_encoding", "spool_stdin", "stream_threshold"]
