"""Edits: replaying, source spans, word-level diffs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrfix import Edit, clean, replay
from ocrfix.edits import apply_edits, attach_source_spans, changes, compose_edits, diff_edits

from .conftest import OCR_SEED


def test_apply_edits_rejects_an_edit_that_does_not_match():
    with pytest.raises(ValueError, match="does not match"):
        apply_edits("abc", [Edit("s", 0, 1, "x", "y")])


def test_apply_edits_rejects_overlapping_edits():
    with pytest.raises(ValueError, match="out of order"):
        apply_edits("abcd", [Edit("s", 0, 2, "ab", ""), Edit("s", 1, 3, "bc", "")])


def test_replay_reproduces_the_output_of_a_real_document():
    text = OCR_SEED.read_text(encoding="utf-8")
    result = clean(text)
    assert replay(text, list(result.edits)) == result.text


def test_replay_from_serialised_edits():
    text = "Ã©tÃ©\r\nﬁn"
    result = clean(text)
    edits = [Edit.from_dict(e) for e in result.report()["edits"]]
    assert replay(text, edits) == result.text == "été\nfin"


def test_source_spans_point_into_the_original():
    original = "Ã©tÃ©\r\nLe ﬁnancement"
    result = clean(original)
    for e in result.edits:
        assert 0 <= e.source_start <= e.source_end <= len(original)
    lig = next(e for e in result.edits if e.stage == "fix_latin_ligatures")
    assert original[lig.source_start:lig.source_end] == "ﬁ"


def test_changes_join_edits_of_several_stages():
    # stage 1 removes a control char inside a word that stage 2 then rewrites
    edits = attach_source_spans([Edit("s1", 2, 3, "\x00", ""), Edit("s2", 0, 4, "abcd", "ABCD")])
    (c,) = changes("ab\x00cd", "ABCD", edits)
    assert (c.before, c.after, c.stages) == ("ab\x00cd", "ABCD", ("s1", "s2"))


def test_diff_edits_are_whole_words():
    edits = diff_edits("le cafe est ferme", "le café est fermé", "x")
    assert [(e.before, e.after) for e in edits] == [("cafe", "café"), ("ferme", "fermé")]


def test_diff_edits_on_a_huge_line_falls_back_to_one_trimmed_edit():
    old = "a" * 30_000 + "x" + "b" * 10
    new = "a" * 30_000 + "y" + "b" * 10
    (e,) = diff_edits(old, new, "x")
    assert (e.start, e.before, e.after) == (30_000, "x", "y")


words = st.text(alphabet="abcé ’\n", max_size=30)


@st.composite
def edit_runs(draw):
    """A text and two stages of random, valid edits."""
    text = draw(words)
    edits = []
    current = text
    for stage in ("one", "two"):
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=6)))
        run = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            if run and a < run[-1].end:
                continue
            run.append(Edit(stage, a, b, current[a:b], draw(words)))
        current = apply_edits(current, run)
        edits.extend(run)
    return text, edits, current


@given(edit_runs())
def test_source_spans_and_changes_are_consistent(case):
    text, edits, final = case
    assert replay(text, edits) == final
    with_spans = attach_source_spans(edits)
    for e in with_spans:
        assert 0 <= e.source_start <= e.source_end <= len(text)
    # Outside the changed regions, the original and the output are identical.
    regions = changes(text, final, with_spans)
    s_pos = t_pos = 0
    for c in regions:
        assert c.source_start >= s_pos and c.target_start >= t_pos
        assert text[s_pos:c.source_start] == final[t_pos:c.target_start]
        s_pos, t_pos = c.source_end, c.target_end
    assert text[s_pos:] == final[t_pos:]


@given(edit_runs())
def test_compose_edits_equals_applying_both_passes(case):
    text, edits, final = case
    first = [e for e in edits if e.stage == "one"]
    second = [e for e in edits if e.stage == "two"]
    composed = compose_edits(text, first, second)
    assert apply_edits(text, composed) == final
    assert all(a.end <= b.start for a, b in zip(composed, composed[1:]))
