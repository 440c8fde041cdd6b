"""The tokenizer: exact cover, elisions, compounds and protected spans."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import tokens
from ocrfix.tokens import tokenize


def _kinds(text):
    return [(t.kind, t.what, t.text) for t in tokenize(text) if t.kind != "space"]


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_tokens_cover_any_text_exactly(text):
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and text[t.start:t.end] == t.text
        pos = t.end


def test_elisions_with_both_apostrophes():
    assert _kinds("l’heure d'été qu’il jusqu’à lorsqu'on") == [
        ("elision", "", "l’"), ("word", "", "heure"), ("elision", "", "d'"),
        ("word", "", "été"), ("elision", "", "qu’"), ("word", "", "il"),
        ("elision", "", "jusqu’"), ("word", "", "à"), ("elision", "", "lorsqu'"),
        ("word", "", "on")]


def test_words_with_an_inner_apostrophe_or_hyphen_stay_whole():
    texts = [t for _, _, t in _kinds("aujourd’hui presqu’île quelqu'un peut-être "
                                     "Saône-et-Loire viendra-t-il")]
    assert texts == ["aujourd’hui", "presqu’île", "quelqu'un", "peut-être",
                     "Saône-et-Loire", "viendra-t-il"]


def test_protected_spans():
    got = [(w, t) for k, w, t in _kinds(
        "XIXe 4ème 1er 2e Ier 30m² CPTS r21 A4 IV https://a.fr/x?y=1 x@y.fr "
        "lagazette.fr <b> `ocrfix`") if k == "protected"]
    assert got == [
        ("ordinal", "XIXe"), ("ordinal", "4ème"), ("ordinal", "1er"), ("ordinal", "2e"),
        ("ordinal", "Ier"), ("code", "30m²"), ("acronym", "CPTS"), ("code", "r21"),
        ("code", "A4"), ("roman", "IV"), ("url", "https://a.fr/x?y=1"),
        ("email", "x@y.fr"), ("host", "lagazette.fr"), ("tag", "<b>"),
        ("code-span", "`ocrfix`")]


def test_capitalised_words_are_words_not_ordinals_or_numerals():
    assert [k for k, _, _ in _kinds("De Le Me Etat")] == ["word"] * 4


def test_letters_with_digits_inside_are_repair_candidates():
    assert _kinds("c6té l0gement B12 COVID-19") == [
        ("mixed", "", "c6té"), ("mixed", "", "l0gement"), ("protected", "code", "B12"),
        ("protected", "code", "COVID-19")]


def test_url_keeps_its_trailing_punctuation_outside():
    assert _kinds("voir www.senat.fr.") == [
        ("word", "", "voir"), ("protected", "url", "www.senat.fr"), ("punct", "", ".")]


#: Characters around the scanner's special tokens and elisions, to mix.
_SCANNER_ALPHABET = list("abeLlDdQqUuJjsSpP'’-.@:/<>`w \n\t\r\x1c\x85\u00a0\u2028éÉçÇ019IVXMfrgouvcom_\u0301ſ")


@given(st.lists(st.sampled_from(_SCANNER_ALPHABET + ["qu'", "jusqu’", "www.", "http://", ".fr ",
                                                    "<b>", "`x`", "a@b.org", "L'", "\n\n"]),
                max_size=40).map("".join))
@settings(max_examples=500, deadline=None)
def test_the_fast_scan_cuts_as_the_scanner_does(text):
    # lines without a URL, an email, a host, a tag or a code span are cut
    # without the full scanner: the tokens must be the same
    assert tokens._scan(text) == tokens._scan_all(text)
    assert tokens._scan(text + " " + text) == tokens._scan_all(text + " " + text)
