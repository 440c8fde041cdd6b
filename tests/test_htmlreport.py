"""HTML reports, checked without a browser: what the page contains and how it is escaped.

tests/test_browser.py drives the same pages in headless Chromium.
"""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import Cleaned, Edit, clean
from ocrfix.cli import main
from ocrfix.diffview import word_changes
from ocrfix.edits import attach_source_spans, replay
from ocrfix.htmlreport import IndexEntry, render_html, render_index

from .conftest import OCR_SEED


class Page(HTMLParser):
    """Every tag and attribute of a page, the text of its two panes and its JSON data."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.panes: dict[str, list[str]] = {"orig": [], "clean": []}
        self.changes: dict[str, list[dict]] = {"orig": [], "clean": []}
        self.scripts: list[str] = []
        self._pane: str | None = None
        self._depth = 0
        self._script: list[str] | None = None
        self.feed(page)
        self.close()
        self.data = json.loads(self.scripts[0])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script = []
        if self._pane:
            self._depth += 1
            if "ch" in (a.get("class") or "").split():
                self.changes[self._pane].append(a)
        elif tag == "div" and a.get("id") in self.panes:
            self._pane, self._depth = a["id"], 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if self._pane:
            self._depth -= 1
            if self._depth == 0:
                self._pane = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._pane:
            self.panes[self._pane].append(data)

    def text(self, pane: str) -> str:
        return "".join(self.panes[pane])


def _report(text: str) -> tuple[Cleaned, Page]:
    result = clean(text)
    return result, Page(render_html(result, name="doc.txt"))


def test_panes_hold_the_original_and_the_cleaned_text():
    text = OCR_SEED.read_text(encoding="utf-8")
    result, page = _report(text)
    assert page.text("orig") == text.replace("\f", "")
    assert page.text("clean") == result.text.replace("\f", "")


def test_every_change_is_highlighted_in_both_panes_and_counted():
    text = "Lâ€™Ã©tat a dÃ©cidÃ©.\r\nLe ﬁnancement des ﬂux.\nRien ici.\n"
    result, page = _report(text)
    n = len(word_changes(result))
    assert n == 5     # two mojibake words, the CRLF, two ligatures
    assert len(page.changes["orig"]) == len(page.changes["clean"]) == n
    stages = page.data["stages"]
    assert {s["name"]: s["edits"] for s in stages} == result.counts()
    assert sum(s["edits"] for s in stages) == len(result.edits)
    assert len(page.data["changes"]) == n
    # each change carries its edits: stage, before, after, reason
    first = page.data["changes"][0]
    assert [stages[e[0]]["name"] for e in first[3]] == ["repair_mojibake"]
    assert page.data["reasons"][first[3][0][3]].startswith("mojibake")
    # an edit that is the whole change takes its texts from the page, others carry them
    assert first[3][0][1:3] == [None, None]
    crlf = page.data["changes"][2][3][0]
    assert stages[crlf[0]]["name"] == "normalize_newlines" and crlf[1:3] == ["\r\n", "\n"]
    lig = page.data["changes"][3][3][0]
    assert lig[1:3] == ["ﬁ", "fi"]


def test_a_document_with_markup_is_shown_as_text():
    text = ('Le ﬁ <script>window.pwned=1</script> <img src=x onerror="pwned=2"> '
            '&amp; "guillemets" </div></script><!-- ﬂ\n')
    result, page = _report(text)
    assert page.text("orig") == text and page.text("clean") == result.text
    assert [t for t, _ in page.tags if t == "script"] == ["script", "script"]
    assert not [t for t, _ in page.tags if t == "img"]
    # the edits' JSON cannot close its script element
    raw = render_html(result)
    data_block = raw.split('id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_block and json.loads(data_block)["changes"]


def test_the_page_loads_nothing_and_runs_only_its_own_script():
    result, page = _report(OCR_SEED.read_text(encoding="utf-8"))
    for tag, attrs in page.tags:
        assert tag not in {"link", "img", "iframe", "object", "embed", "base", "form"}
        assert not {"src", "href", "action", "srcset"} & set(attrs), (tag, attrs)
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(page.scripts[1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp


def _by_hand(original: str, edits: list[Edit]) -> Cleaned:
    edits = attach_source_spans(edits)
    return Cleaned(replay(original, edits), tuple(edits), original)


def test_removed_page_furniture_is_shown_as_removed():
    original = "Le maire.\n3/39\nLes élus.\n"
    result = _by_hand(original, [Edit("remove_page_furniture", 10, 15, "3/39\n", "",
                                      "page number")])
    page = Page(render_html(result))
    (o,), (c,) = page.changes["orig"], page.changes["clean"]
    assert "k-del" in o["class"].split() and "k-del" in c["class"].split()
    assert page.text("orig") == original           # the removed line is there, struck out
    assert page.text("clean") == "Le maire.\nLes élus.\n"
    marks = [a for t, a in page.tags if a.get("class") == "mark-del"]
    assert marks and marks[0]["data-what"] == "a line removed"
    # a stage the page does not know still gets a colour and a legend entry
    assert page.data["stages"][0]["name"] == "remove_page_furniture"


def test_a_run_without_edits_says_so():
    result, page = _report("Rien à changer.\n")
    assert not page.changes["clean"] and page.data["changes"] == []
    assert "No edits: the text comes out unchanged." in render_html(result)


_PIECES = ["Le", " ", "\n", "\r\n", "é", "Ã©", "â€™", "ﬁ", "ﬂ", "<", ">", "&", '"', "'",
           "\t", "\f", "\x1b[1m", "état", "l’", "\x00", "\u00a0"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_text_gives_a_well_formed_faithful_page(text):
    result = clean(text)
    page = Page(render_html(result))
    n = len(word_changes(result))
    assert len(page.changes["orig"]) == len(page.changes["clean"]) == len(page.data["changes"]) == n

    def shown(s: str) -> str:   # control characters are named by CSS, not in the text
        return re.sub(r"[\x00\x1b\r\f]", "", s)

    assert page.text("orig") == shown(text)
    assert page.text("clean") == shown(result.text)


def test_index_lists_files_with_counts_and_links():
    entries = [IndexEntry("a/un.txt", "cleaned", {"repair_mojibake": 2, "fix_latin_ligatures": 1},
                          "a__un%20.txt.html"),
               IndexEntry("<b>.txt", "failed", reason="empty file")]
    page = Page.__new__(Page)
    HTMLParser.__init__(page)
    page.tags, page.panes, page.scripts = [], {}, []
    page._pane, page._script = None, None
    html_ = render_index(entries)
    page.feed(html_)
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == ["a__un%20.txt.html"]
    assert "&lt;b&gt;.txt" in html_ and "empty file" in html_
    row = re.search(r'<tr class="cleaned">(.*?)</tr>', html_).group(1)
    assert re.findall(r'<td class="num">(\d*)</td>', row) == ["3", "2", "1"]


def test_batch_report_writes_html_per_file_and_an_index(tmp_path):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "un.txt").write_text("Lâ€™Ã©tat a dÃ©cidÃ©.\n", encoding="utf-8")
    (src / "deux.txt").write_text("Rien à changer.\n", encoding="utf-8")
    (src / "vide.txt").write_bytes(b"")
    rep = tmp_path / "rapports"
    runner = CliRunner()
    res = runner.invoke(main, ["batch", str(src), "--report", str(rep), "-j", "1"])
    assert res.exit_code == 1   # vide.txt fails, the rest goes on
    names = sorted(p.relative_to(rep).as_posix() for p in rep.rglob("*") if p.is_file())
    assert names == ["a/un.txt.html", "a/un.txt.json", "deux.txt.html", "deux.txt.json",
                     "index.html"]
    index = (rep / "index.html").read_text(encoding="utf-8")
    assert '<a href="a/un.txt.html">a/un.txt</a>' in index
    assert '<a href="deux.txt.html">deux.txt</a>' in index
    assert "vide.txt" in index and "empty file" in index
    assert "1 cleaned, 1 unchanged, 1 failed" in index
    page = Page((rep / "a/un.txt.html").read_text(encoding="utf-8"))
    assert {s["name"]: s["edits"] for s in page.data["stages"]} == {"repair_mojibake": 2}
    # a second run skips both files but the index keeps their counts and links
    res = runner.invoke(main, ["batch", str(src), "--report", str(rep), "-j", "1"])
    index = (rep / "index.html").read_text(encoding="utf-8")
    assert '<tr class="skipped"><td><a href="a/un.txt.html">a/un.txt</a></td><td>skipped</td>' \
           '<td class="num">2</td>' in index


def test_diff_html_writes_a_page_or_stdout(tmp_path):
    src = tmp_path / "scan.txt"
    src.write_text("Le ﬁnancement <script>x</script>\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["diff", str(src), "--html", str(tmp_path / "r.html")])
    assert res.exit_code == 0 and res.output == ""
    page = Page((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert page.text("clean") == "Le financement <script>x</script>\n"
    res = runner.invoke(main, ["diff", str(src), "--html", "-"])
    assert res.exit_code == 0 and res.output.startswith("<!DOCTYPE html>")
    res = runner.invoke(main, ["diff", str(src), "--html", str(src)])
    assert res.exit_code == 2 and "refusing to write over the input" in res.output
    assert src.read_text(encoding="utf-8") == "Le ﬁnancement <script>x</script>\n"
    res = runner.invoke(main, ["diff", str(src), "--html", str(tmp_path / "no" / "r.html")])
    assert res.exit_code == 1 and "cannot write" in res.output


def _cells(line: str) -> int:
    return len(re.sub(r"\x1b\[[0-9;]*m", "", line))


def test_diff_side_by_side_fits_the_width(tmp_path):
    src = tmp_path / "scan.txt"
    long = "Les collectivités a l’épreuve des déserts médicaux : l’innovation territoriale "
    src.write_text(f"{long}ﬁn.\nRien.\nLâ€™Ã©tat {long}\x1b[31mrouge\n", encoding="utf-8")
    runner = CliRunner()
    for width, color in [(60, False), (120, False), (40, True)]:
        args = ["diff", "-y", "--width", str(width), str(src)] + (["--color"] if color else [])
        res = runner.invoke(main, args)
        assert res.exit_code == 0
        lines = res.output.splitlines()
        body = [ln for ln in lines if "│" in ln]
        assert body and all(_cells(ln) <= width for ln in lines[1:]), res.output
        # the separator sits in the same column on every row
        assert len({_cells(ln.split("│")[0]) for ln in body}) == 1
        assert ("\x1b[" in res.output) == color
        assert "\x1b[31mrouge" not in res.output and "^[[31m" in res.output
    res = runner.invoke(main, ["diff", "-y", "--width", "80", str(src)])
    assert "[-ﬁn-]" in res.output and "{+fin+}" in res.output
    assert "@@ line 1 @@ fix_latin_ligatures" in res.output


def test_html_report_in_readme_example_is_written(tmp_path):
    # the command the README shows
    seed = tmp_path / Path(OCR_SEED).name
    seed.write_bytes(OCR_SEED.read_bytes())
    res = CliRunner().invoke(main, ["diff", str(seed), "--html", str(tmp_path / "rapport.html")])
    assert res.exit_code == 0
    assert (tmp_path / "rapport.html").stat().st_size > seed.stat().st_size


def test_batch_reports_of_two_files_never_share_a_name(tmp_path):
    # a/b.txt and a__b.txt once mapped to the same flat report name
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a" / "b.txt").write_text("Lâ€™Ã©tat a dÃ©cidÃ©.\n", encoding="utf-8")
    (src / "a__b.txt").write_text("Rien à changer.\n", encoding="utf-8")
    rep = tmp_path / "rapports"
    res = CliRunner().invoke(main, ["batch", str(src), "--report", str(rep), "-j", "1"])
    assert res.exit_code == 0, res.output
    nested = json.loads((rep / "a" / "b.txt.json").read_text(encoding="utf-8"))
    flat = json.loads((rep / "a__b.txt.json").read_text(encoding="utf-8"))
    assert nested["counts"] == {"repair_mojibake": 2} and flat["counts"] == {}
    index = (rep / "index.html").read_text(encoding="utf-8")
    assert '<a href="a/b.txt.html">a/b.txt</a>' in index
    assert '<a href="a__b.txt.html">a__b.txt</a>' in index
