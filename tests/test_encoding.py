"""The encoding group: bytes to text, mojibake, controls, ligatures, NFC."""

import codecs

import pytest

from ocrfix import GROUPS, BinaryInputError, Config, DecodingError, clean, clean_bytes
from ocrfix.encoding import decode_bytes

FRENCH = "L’été, à côté de l’hôpital, « déjà » ça coûte cher : œuvre et cœur."


@pytest.mark.parametrize("codec", ["cp1252", "latin-1", "mac_roman"])
def test_eight_bit_code_pages_are_detected(codec):
    text = FRENCH if codec == "cp1252" else FRENCH.replace("’", "'").replace("œ", "oe")
    data = text.encode(codec)
    decoded, name = decode_bytes(data)
    assert decoded == text
    # latin-1 and cp1252 agree on these bytes: either name is a correct answer
    assert name == codec or {name, codec} == {"cp1252", "latin-1"}


def test_mac_roman_is_still_detected_when_its_letters_are_bytes_cp1252_leaves_undefined():
    """ç è ê are 0x8d 0x8f 0x90 in mac_roman, bytes cp1252 has no character for:
    read as cp1252 they would be stray controls, and mac_roman reads them as French."""
    text = "Ça, c’est très frêle : la leçon. Père et mère.\n"
    data = text.encode("mac_roman")
    assert set(data) & {0x8d, 0x8f, 0x90}
    assert decode_bytes(data) == (text, "mac_roman")


@pytest.mark.parametrize("bom,codec", [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_byte_order_marks(bom, codec):
    text, name = decode_bytes(bom + FRENCH.encode(codec))
    assert (text, name) == (FRENCH, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    assert decode_bytes(FRENCH.encode(codec)) == (FRENCH, codec)


def test_mixed_utf8_and_cp1252_lines():
    data = "Première ligne.\n".encode("utf-8") + "Deuxième ligne.\n".encode("cp1252")
    text, name = decode_bytes(data)
    assert text == "Première ligne.\nDeuxième ligne.\n"
    assert name == "utf-8+cp1252"


def test_named_encoding_wins_and_fails_clearly():
    assert decode_bytes("été".encode("cp1252"), "cp1252") == ("été", "cp1252")
    with pytest.raises(DecodingError, match="not valid utf-8"):
        decode_bytes("été".encode("cp1252"), "utf-8")
    with pytest.raises(DecodingError, match="unknown encoding"):
        decode_bytes(b"abc", "klingon")


@pytest.mark.parametrize("data,what", [
    (b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"abc\x00def\x00\x01\x02", "NUL"), (bytes(range(1, 32)) * 10, "control")])
def test_binary_input_is_refused(data, what):
    with pytest.raises(BinaryInputError, match=what):
        decode_bytes(data)


def test_clean_bytes_reports_the_encoding_and_repairs():
    r = clean_bytes("Ã©tÃ©\r\n".encode("utf-8"))
    assert (r.encoding, r.text) == ("utf-8", "été\n")


def test_mojibake_file_in_cp1252_comes_back_repaired():
    # A UTF-8 text once read as cp1252 and saved as UTF-8 again
    damaged = FRENCH.encode("utf-8").decode("cp1252", errors="replace")
    assert clean_bytes(damaged.encode("utf-8")).text == FRENCH


def test_curly_quotes_and_no_break_spaces_survive():
    text = "« L’État\u00a0! » dit-il\u202f; c’est ‘ainsi’."
    assert clean(text).text == text


def test_form_feed_is_kept_for_layout():
    only_encoding = Config().without(*[g for g in GROUPS if g != "encoding"])
    assert clean("Page un\fPage deux", only_encoding).text == "Page un\fPage deux"


def test_lone_surrogate_becomes_replacement_character():
    r = clean("abc\ud800def")
    assert r.text == "abc\ufffddef"
    assert r.text.encode("utf-8")
