"""Cleaning big inputs in pieces (ocrfix/stream.py, issue 7): pieces cut where
they should be, decoding as on the whole file, the same output, spans of the
whole document, a report that replays, bounded memory from the command line."""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ocrfix import Config, clean
from ocrfix import stream as st
from ocrfix.edits import Edit, apply_edits, replay
from ocrfix.encoding import decode_bytes
from ocrfix.errors import BinaryInputError, DecodingError, EmptyInputError
from ocrfix.io import as_file_text, clean_data, report_json

from .conftest import CLEAN_SEEDS, OCR_SEED

OCRFIX = [sys.executable, "-m", "ocrfix"]


def _seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _damaged(text: str) -> str:
    """A clean text with local damage only: mojibake lines, ligatures, CRLF, NFD."""
    lines = text.split("\n")
    for i in range(0, len(lines), 7):
        lines[i] = lines[i].encode("utf-8").decode("cp1252", errors="replace")
    out = "\r\n".join(lines).replace("fi", "ﬁ")
    return out.replace("é", "e\u0301")


def _streamed(data: bytes, config: Config = Config(), piece_chars: int = 2000,
              report: bool = False) -> tuple[str, st.StreamResult, dict | None, list]:
    out, rep, parts = io.BytesIO(), io.BytesIO() if report else None, []
    r = st.clean_stream(io.BytesIO(data), out, config, report=rep, piece_chars=piece_chars,
                        pieces_edits=parts)
    doc = json.loads(rep.getvalue()) if report else None
    return out.getvalue().decode("utf-8"), r, doc, parts


# --- cutting ---------------------------------------------------------------

def test_cut_at_the_last_blank_line_before_the_target():
    text = "Un premier paragraphe.\n\nUn deuxième.\n\nUn troisième qui est long.\n"
    cut = st.cut_point(text, 40)
    assert text[:cut] == "Un premier paragraphe.\n\nUn deuxième.\n\n"


def test_cut_after_a_form_feed_and_a_whole_run_of_blank_lines():
    text = "Page un, fin.\n\f\nPage deux commence ici et continue.\n"
    assert text[:st.cut_point(text, 20)] == "Page un, fin.\n\f\n"
    text = "Fin du texte.\n\n \n\nSuite du texte.\n"
    assert text[:st.cut_point(text, 16)] == "Fin du texte.\n\n \n\n"


def test_cut_falls_back_to_a_line_end_then_a_space_then_any_character():
    text = "ligne une sans paragraphe\nligne deux sans paragraphe\nfin"
    assert text[:st.cut_point(text, 40)] == "ligne une sans paragraphe\n"
    text = "une seule ligne sans retour et très longue"
    cut = st.cut_point(text, 30)
    assert text[cut - 1] == " " and 15 <= cut <= 30
    text = "x" * 100
    assert st.cut_point(text, 30) == 30


def test_cut_never_splits_crlf_or_a_letter_from_its_accent():
    text = "a\r\n" * 20
    for target in range(2, len(text) - 1):
        cut = st.cut_point(text, target)
        assert not (text[cut - 1] == "\r" and text[cut] == "\n"), target
    text = "e\u0301" * 50         # é written with a combining accent, no space
    for target in range(2, len(text) - 1):
        assert text[st.cut_point(text, target)] != "\u0301", target


def test_pieces_rebuild_the_text_and_stay_near_the_target():
    text = _damaged(_seed_text(CLEAN_SEEDS[0]))
    chunks = [text[i:i + 777] for i in range(0, len(text), 777)]
    parts = list(st.pieces(chunks, target=1500))
    assert "".join(parts) == text
    assert len(parts) > 3
    assert all(len(p) <= 1500 + 750 for p in parts)
    assert all(not (a.endswith("\r") and b.startswith("\n")) for a, b in zip(parts, parts[1:]))


# --- decoding in chunks ------------------------------------------------------

CASES = {
    "utf-8": "« Déjà l’été », dit-il.\r\nŒuvre ﬁnie.\n".encode("utf-8") * 40,
    "utf-8 BOM": codecs.BOM_UTF8 + "L’été à Paris.\n".encode("utf-8") * 40,
    "utf-16 BOM": codecs.BOM_UTF16_LE + "forêt élevée\n".encode("utf-16-le") * 40,
    "utf-16 no BOM": "forêt élevée, côte\n".encode("utf-16-be") * 40,
    "cp1252": "déjà à côté, œuvre.\n".encode("cp1252") * 40,
    "mac_roman": "« Ça » déjà.\n".encode("mac_roman") * 40,
    "mac_roman è ê ç": "Très frêle leçon.\n".encode("mac_roman") * 40,
    "cp1252 stray byte": b"Le caf\xe9 \x81\xe9tait ferm\xe9.\n" * 40,
    "mixed": ("déjà vu\n".encode("utf-8") + "très été\r\n".encode("cp1252")) * 40,
}


@pytest.mark.parametrize("name", CASES)
def test_decoding_in_chunks_equals_decoding_the_whole(name, monkeypatch):
    monkeypatch.setattr(st, "READ_BYTES", 7)   # chunks cut inside characters and CRLF
    data = CASES[name]
    text, codec = decode_bytes(data)
    decoding = st.scan_encoding(io.BytesIO(data))
    assert decoding.name == codec
    assert "".join(st.decode_stream(io.BytesIO(data), decoding)) == text


def test_a_giant_line_in_a_mixed_encoding_file_is_decoded_per_segment(monkeypatch):
    """A line over MAX_LINE_BYTES in a file of mixed encodings is cut into
    segments, each UTF-8 if it can be, else the file's 8-bit code page: the
    same text as whole when every segment holds a letter of that code page
    (a segment of UTF-8 inside a cp1252 line would differ: documented)."""
    monkeypatch.setattr(st, "READ_BYTES", 16)
    monkeypatch.setattr(st, "MAX_LINE_BYTES", 32)
    data = "très été ".encode("cp1252") * 20 + b"\n" + "déjà vu\n".encode("utf-8") * 3
    decoding = st.scan_encoding(io.BytesIO(data))
    assert decoding.name == "utf-8+cp1252"
    text = "".join(st.decode_stream(io.BytesIO(data), decoding))
    assert text == decode_bytes(data)[0] == "très été " * 20 + "\n" + "déjà vu\n" * 3


def test_bad_input_is_refused_before_anything_is_written():
    for data, error in [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, BinaryInputError),
                        (b"   \n\n\t ", EmptyInputError),
                        (codecs.BOM_UTF8 + b"ok \xff\xfe bad", DecodingError)]:
        out = io.BytesIO()
        with pytest.raises(error):
            st.clean_stream(io.BytesIO(data), out, Config())
        assert out.getvalue() == b""
        with pytest.raises(error):
            clean_data(data, Config())


def test_a_named_encoding_reports_the_offset_of_a_bad_byte(monkeypatch):
    monkeypatch.setattr(st, "READ_BYTES", 5)
    data = "bonjour à tous".encode("utf-8")[:-1] + b"\xff"
    with pytest.raises(DecodingError, match="not valid ascii: byte 0xc3 at offset 8"):
        st.scan_encoding(io.BytesIO(data), "ascii")
    with pytest.raises(DecodingError, match="byte 0xc3 at offset 8"):
        clean_data(data, Config(encoding="ascii"))


# --- the same output ----------------------------------------------------------

@pytest.mark.parametrize("seed", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_come_out_unchanged_in_pieces(seed):
    data = seed.read_bytes()
    text, r, _, _ = _streamed(data, piece_chars=1500)
    assert r.pieces > 2
    assert text == as_file_text(data.decode("utf-8"))


def _damaged_seeds() -> bytes:
    return "\r\n\r\n".join(_damaged(_seed_text(s)) for s in CLEAN_SEEDS).encode("utf-8")


@pytest.mark.parametrize("size", [2000, 5000])
def test_damaged_text_cleaned_in_pieces_equals_cleaned_whole(size):
    """Local damage (mojibake, ligatures, CRLF, decomposed accents) in a text
    without running headers: the piece boundaries do not show, in the text
    or in the report."""
    data = _damaged_seeds()
    whole = clean_data(data, Config())
    text, r, doc, _ = _streamed(data, piece_chars=size, report=True)
    assert r.pieces > 3 and r.edits > 100
    assert text == as_file_text(whole.text)
    assert doc == json.loads(report_json(whole))


def test_real_ocr_one_paragraph_per_line_in_pieces_equals_whole():
    """The stages that look only at a line or a word's neighbours give the
    same output in pieces on real OCR.  (The others measure the document's
    habits: its spacing before ``;:!?`` in split_run_together_words, its
    apostrophe in fix_elision_glyphs, its line widths in layout; a small piece
    may not show them as the whole does.)  Pieces are longer than twice the
    longest line, so that every cut falls at a line end."""
    paragraphs = [" ".join(line.split()) for line in
                  _seed_text(OCR_SEED).split("\n\n") if line.strip()]
    data = "\n\n".join(paragraphs).encode("utf-8")
    config = Config().without("layout", "split_run_together_words", "fix_elision_glyphs")
    size = 2 * max(map(len, paragraphs)) + 100
    text, r, _, _ = _streamed(data, config, piece_chars=size)
    assert r.pieces > 3 and r.edits > 50
    assert text == as_file_text(clean_data(data, config).text)


def test_a_long_line_without_newline_cut_at_spaces_equals_whole():
    words = " ".join(_seed_text(CLEAN_SEEDS[1]).split())
    data = (words.replace("é", "e\u0301") + " ").encode("utf-8") * 3
    text, r, _, _ = _streamed(data, piece_chars=4000)
    assert r.pieces > 3
    assert text == as_file_text(clean_data(data, Config()).text)


# --- spans of the whole document ------------------------------------------------

def test_each_piece_replays_and_the_report_replays_the_whole_real_ocr():
    data = OCR_SEED.read_bytes()
    text, r, doc, parts = _streamed(data, piece_chars=4000, report=True)
    assert r.pieces > 3
    for piece, edits in parts:                 # each piece's own edits
        assert replay(piece, edits) == clean(piece).text
    edits = [Edit.from_dict(d) for d in doc["edits"]]
    original = decode_bytes(data)[0]
    assert as_file_text(replay(original, edits)) == text
    assert doc["counts"] == r.ordered_counts() and sum(doc["counts"].values()) == len(edits)
    first = [e for e in edits if e.stage == edits[0].stage]
    for e in first:                            # the first stage's spans index the original
        assert original[e.start:e.end] == e.before == original[e.source_start:e.source_end]
    late = [e for e in edits if e.source_start > len(original) // 2]
    assert late, "edits in later pieces are shifted to whole-document offsets"
    for e in late:
        assert e.source_end <= len(original)


def test_the_report_is_json_with_the_header_of_a_whole_report():
    data = _damaged(_seed_text(CLEAN_SEEDS[2])).encode("utf-8")
    out, rep = io.BytesIO(), io.BytesIO()
    st.clean_stream(io.BytesIO(data), out, Config(), report=rep, source_name="scan.txt",
                    piece_chars=2000)
    doc = json.loads(rep.getvalue())
    assert list(doc)[:5] == ["format", "version", "source", "encoding", "counts"]
    assert (doc["format"], doc["version"], doc["source"], doc["encoding"]) == \
        ("ocrfix-report", 1, "scan.txt", "utf-8")
    assert doc["edits"] and all(e["stage"] in doc["counts"] for e in doc["edits"])
    # a report without edits is valid too
    rep = io.BytesIO()
    st.clean_stream(io.BytesIO(CLEAN_SEEDS[0].read_bytes()), io.BytesIO(), Config(),
                    report=rep, piece_chars=2000)
    assert json.loads(rep.getvalue())["edits"] == []


# --- from the command line ------------------------------------------------------

def _run(args, env_bytes: int | None = 3000, piece_chars: int | None = None, **kw):
    env = dict(os.environ)
    if env_bytes is not None:
        env[st.STREAM_BYTES_ENV] = str(env_bytes)
    if piece_chars is not None:
        env[st.PIECE_CHARS_ENV] = str(piece_chars)
    return subprocess.run([*OCRFIX, *args], capture_output=True, env=env, **kw)


def test_cli_streams_a_file_above_the_threshold(tmp_path):
    src = tmp_path / "scan.txt"
    src.write_bytes(_damaged(_seed_text(CLEAN_SEEDS[3])).encode("utf-8") * 2)
    before = src.read_bytes()
    r = _run(["clean", str(src), "-o", str(tmp_path / "out.txt"), "--report",
              str(tmp_path / "out.json")], piece_chars=2500)
    assert r.returncode == 0, r.stderr
    whole = _run(["clean", str(src), "-o", str(tmp_path / "whole.txt"), "--report",
                  str(tmp_path / "whole.json")], env_bytes=None)
    assert whole.returncode == 0, whole.stderr
    assert (tmp_path / "out.txt").read_bytes() == (tmp_path / "whole.txt").read_bytes()
    assert json.loads((tmp_path / "out.json").read_text()) == \
        json.loads((tmp_path / "whole.json").read_text())
    assert src.read_bytes() == before
    r = _run(["clean", "-"], input=before, piece_chars=2500)     # standard input, spooled
    assert r.returncode == 0 and r.stdout == (tmp_path / "whole.txt").read_bytes()
    r = _run(["clean", str(src), "-o", str(tmp_path / "out.txt")])
    assert r.returncode == 1 and b"exists" in r.stderr


def test_cli_blank_or_binary_big_input_fails_and_leaves_nothing(tmp_path):
    (tmp_path / "blanc.txt").write_bytes(b" \n" * 5000)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    for name, reason in [("blanc.txt", b"only whitespace"), ("image.txt", b"PNG")]:
        r = _run(["clean", str(tmp_path / name)])
        assert r.returncode == 1 and reason in r.stderr, r.stderr
        assert len(r.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blanc.txt", "image.txt"]


def test_batch_streams_big_files_and_writes_their_json_report(tmp_path):
    src = tmp_path / "scans"
    src.mkdir()
    big = _damaged(_seed_text(CLEAN_SEEDS[0])).encode("utf-8")
    (src / "gros.txt").write_bytes(big)
    (src / "petit.txt").write_bytes("Ã©tÃ© ﬁni.\n".encode("utf-8"))
    (tmp_path / "rapports").mkdir()
    (tmp_path / "rapports" / "gros.txt.html").write_text("an earlier run")
    r = _run(["batch", str(src), "--jobs", "2", "--report", str(tmp_path / "rapports"), "-q"],
             env_bytes=len(big) - 1, piece_chars=2500)
    assert r.returncode == 0, r.stderr
    assert (src / "gros.clean.txt").read_text() == as_file_text(clean_data(big, Config()).text)
    assert (src / "petit.clean.txt").read_text() == "été fini.\n"
    doc = json.loads((tmp_path / "rapports" / "gros.txt.json").read_text())
    assert doc["source"] == str(src / "gros.txt") and doc["edits"]
    assert (tmp_path / "rapports" / "petit.txt.html").exists()
    assert not (tmp_path / "rapports" / "gros.txt.html").exists()
    index = (tmp_path / "rapports" / "index.html").read_text()
    assert "cleaned in pieces: JSON report only" in index
    assert 'href="gros.txt.html"' not in index and 'href="petit.txt.html"' in index


def _peak_rss_mb(args: list[str]) -> float:
    """Peak RSS of ``ocrfix ARGS`` run by a small launcher process (its only child)."""
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, *OCRFIX, *args], capture_output=True,
                         text=True, check=True).stdout.split()
    assert out[0] == "0"
    return int(out[1]) / 1024


def test_memory_stays_bounded_on_a_24_mb_crlf_file(tmp_path, monkeypatch):
    """Peak memory on 24 MB is that of 2 MB, both cleaned in pieces, with a
    report of every CRLF repaired: it does not grow with the file (the whole
    24 MB text would take over 100 MB).  Cheap stages only, to stay fast."""
    monkeypatch.setenv(st.STREAM_BYTES_ENV, "1000000")
    block = _seed_text(CLEAN_SEEDS[1]).replace("\n", "\r\n").encode("utf-8")
    peaks = {}
    for mb in (2, 24):
        src = tmp_path / f"gros{mb}.txt"
        with src.open("wb") as f:
            for _ in range(mb * 1_000_000 // len(block) + 1):
                f.write(block)
        peaks[mb] = _peak_rss_mb(["clean", str(src), "-o", str(tmp_path / "out.txt"), "-f",
                                  "--report", str(tmp_path / "out.json"), "--no-layout",
                                  "--no-segmentation", "--no-words", "--no-repair-mojibake"])
        out = (tmp_path / "out.txt").read_bytes()
        assert out.decode("utf-8") == as_file_text(src.read_text().replace("\r\n", "\n"))
        counts = json.loads((tmp_path / "out.json").read_text())["counts"]
        assert counts == {"normalize_newlines": src.read_bytes().count(b"\r\n")}
    assert peaks[24] - peaks[2] < 15, peaks


def test_a_10_mb_line_without_newline_is_cleaned(tmp_path):
    words = " ".join(_seed_text(CLEAN_SEEDS[2]).split()).encode("utf-8")
    src = tmp_path / "ligne.txt"
    with src.open("wb") as f:
        for _ in range(10_000_000 // (len(words) + 1) + 1):
            f.write(words.replace(b"fi", "ﬁ".encode("utf-8")) + b" ")
    r = _run(["clean", str(src), "--no-segmentation", "--no-words"], env_bytes=None)
    assert r.returncode == 0, r.stderr
    out = (tmp_path / "ligne.clean.txt").read_bytes()
    assert out == src.read_bytes().replace("ﬁ".encode("utf-8"), b"fi") + b"\n"
