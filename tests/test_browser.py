"""The HTML report in a real browser: Debian's headless Chromium driven by selenium.

Skipped, with the reason, when Chromium or selenium is missing; CI installs
both (.ci/run sets OCRFIX_REQUIRE_BROWSER=1 once Chromium is there, and then
a missing browser fails the run instead of skipping).
"""

import os
import struct
from pathlib import Path

import pytest

from ocrfix import GROUPS, Cleaned, Config, clean, clean_bytes
from ocrfix.diffview import word_changes
from ocrfix.htmlreport import render_html

from .browser import chromium, console_errors, damaged_seed, missing_reason
from .conftest import OCR_SEED

_REASON = missing_reason()
if _REASON and os.environ.get("OCRFIX_REQUIRE_BROWSER"):
    raise RuntimeError(f"OCRFIX_REQUIRE_BROWSER is set but {_REASON}")
pytestmark = pytest.mark.skipif(_REASON is not None, reason=f"browser test skipped: {_REASON}")

WIDTH, HEIGHT = 1400, 900


@pytest.fixture(scope="module")
def driver():
    with chromium(WIDTH, HEIGHT) as d:
        yield d


def _open(driver, path: Path, result: Cleaned, name: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    path.write_text(render_html(result, name=name), encoding="utf-8")
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === '1'"))
    console_errors(driver)      # start each page with an empty log


def _js(driver, script: str, *args):
    return driver.execute_script(script, *args)


def _key(driver, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def _settle(driver) -> None:
    """Wait until the page no longer brings the current change to its place, and two frames."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 3, poll_frequency=0.05).until(
        lambda d: not _js(d, "return document.body.hasAttribute('data-centring')"))
    driver.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));")


def _current(driver) -> list[int]:
    """The index of the current change in each pane that has one."""
    return _js(driver, "return [...document.querySelectorAll('.ch.cur')].map(e => e._i)")


def _pos(driver) -> str:
    return driver.find_element("id", "pos").text


def _in_view(driver, pane: str, i: int) -> bool:
    """Whether change ``i`` is inside the visible part of its pane, once the page settled.

    Blocks of text out of view have an estimated height until shown, so the
    page may take a few frames to bring a change to its place.
    """
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, 3, poll_frequency=0.05).until(
            lambda d: _in_view_now(d, pane, i))
    except TimeoutException:
        return False


def _in_view_now(driver, pane: str, i: int) -> bool:
    return _js(driver, """
        const pane = document.getElementById(arguments[0]);
        const el = pane.querySelectorAll('.ch')[arguments[1]];
        const p = pane.getBoundingClientRect(), r = el.getClientRects()[0];
        return r.top >= p.top && r.bottom <= p.bottom;""", pane, i)


def test_seed_003_report_highlights_counts_and_navigates(driver, tmp_path):
    result = clean_bytes(OCR_SEED.read_bytes())
    n = len(word_changes(result))
    assert n > 0, "the pipeline finds nothing to show in seed 003"
    _open(driver, tmp_path / "report-003.html", result, OCR_SEED.name)

    # every change is highlighted, in both columns
    highlighted = _js(driver, """
        return ['orig', 'clean'].map(id => [...document.querySelectorAll('#' + id + ' .ch')]
            .filter(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)').length)""")
    assert highlighted == [n, n]
    # the legend counts the edits of each stage, in pipeline order
    legend = _js(driver, """return [...document.querySelectorAll('#legend .stage')]
        .map(l => [l.querySelector('code').textContent, +l.querySelector('.n').textContent])""")
    assert [tuple(x) for x in legend] == list(result.counts().items())
    assert _pos(driver) == f"{n} change{'s' * (n != 1)}"

    # next edit: the first change becomes current, in view in both columns, with its tooltip
    driver.find_element("id", "next").click()
    assert _pos(driver) == f"change 1 of {n}"
    assert _current(driver) == [0, 0]
    assert _in_view(driver, "orig", 0) and _in_view(driver, "clean", 0)
    tip = driver.find_element("id", "tip")
    first = word_changes(result)[0]
    assert tip.is_displayed()
    assert first.stages[0] in tip.text and first.reasons[0] in tip.text
    assert _js(driver, "return document.activeElement._i") == 0
    # keys: n next, p previous, wrapping round at the ends
    _key(driver, "n")
    assert _pos(driver) == f"change {min(2, n)} of {n}"
    _key(driver, "p")
    _key(driver, "p")
    assert _pos(driver) == f"change {n} of {n}" and _current(driver) == [n - 1, n - 1]

    png = tmp_path / "report-003.png"
    assert driver.save_screenshot(str(png))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)
    assert _js(driver, "return performance.getEntriesByType('resource').length") == 0
    assert console_errors(driver) == []


def test_stage_filter_hides_changes_and_next_skips_them(driver, tmp_path):
    # only the encoding group: switching it off must hide every change
    result = clean(damaged_seed(), Config().without(*[g for g in GROUPS if g != "encoding"]))
    changes = word_changes(result)
    n = len(changes)
    counts = result.counts()
    assert {"normalize_newlines", "repair_mojibake", "fix_latin_ligatures"} <= set(counts)
    _open(driver, tmp_path / "damaged.html", result, "damaged.txt")

    stage = "repair_mojibake"
    hidden = {i for i, c in enumerate(changes) if set(c.stages) == {stage}}
    assert 0 < len(hidden) < n
    driver.find_element("css selector",
                        f'#legend input[data-stage="{list(counts).index(stage)}"]').click()
    off = _js(driver, "return [...document.querySelectorAll('#clean .ch.off')].map(e => e._i)")
    assert set(off) == hidden
    assert driver.find_element("id", "shown").text == f"showing {n - len(hidden)} of {n} changes"
    # next goes through the shown changes only, in order
    seen = []
    for _ in range(12):
        _key(driver, "n")
        seen.append(_current(driver)[0])
    assert not hidden & set(seen)
    assert seen == sorted(seen) and len(set(seen)) == 12
    # the tooltip of a shown change names its stages
    from selenium.webdriver.common.action_chains import ActionChains

    target = _js(driver, "return document.querySelectorAll('#orig .ch')[arguments[0]]", seen[3])
    _js(driver, "arguments[0].scrollIntoView({block: 'center'})", target)
    _settle(driver)
    ActionChains(driver).move_to_element(target).perform()
    assert changes[seen[3]].stages[0] in driver.find_element("id", "tip").text
    # a whole group off, then on again
    group = driver.find_element("css selector", '#legend .group[data-group="encoding"] '
                                                "input[data-group-toggle]")
    group.click()
    assert driver.find_element("id", "shown").text == f"showing 0 of {n} changes"
    assert _pos(driver) == f"{n} changes"
    _key(driver, "n")
    assert _current(driver) == []
    group.click()
    assert driver.find_element("id", "shown").text == ""
    assert not _js(driver, "return document.querySelectorAll('.ch.off').length")
    assert console_errors(driver) == []


def test_inline_view_and_scrolling_on_hundreds_of_changes(driver, tmp_path):
    result = clean(damaged_seed(every=2))
    changes = word_changes(result)
    n = len(changes)
    assert n > 300 and len(result.original) > 30_000
    _open(driver, tmp_path / "many.html", result, "many.txt")

    _key(driver, "p")                                  # wraps round to the last change
    assert _current(driver) == [n - 1, n - 1]
    assert _in_view(driver, "orig", n - 1) and _in_view(driver, "clean", n - 1)
    # scrolling one column scrolls the other to the same place
    _settle(driver)
    i = n // 2
    _js(driver, """const o = document.getElementById('orig');
        const el = o.querySelectorAll('.ch')[arguments[0]];
        o.scrollTop += el.getClientRects()[0].top - o.getBoundingClientRect().top
                       - o.clientHeight / 3;""", i)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 5).until(lambda d: _in_view(d, "clean", i))
    # the inline view: every change as <del>before</del><ins>after</ins>, the current one kept
    _key(driver, "v")
    assert driver.find_element("id", "inline").is_displayed()
    assert not driver.find_element("id", "side").is_displayed()
    inline = _js(driver, """return [...document.querySelectorAll('#inl .ch')].map(e => [
        e._i, e.querySelector('del') ? e.querySelector('del').textContent : '',
        e.querySelector('ins') ? e.querySelector('ins').textContent : '',
        e.classList.contains('cur')])""")
    assert [x[0] for x in inline] == list(range(n))
    for (k, before, after, cur), c in zip(inline, changes):
        # CR is named by CSS; a removed line break shows as its mark, the lines are the cleaned ones
        assert (before, after) == (c.before.replace("\r", "").replace("\n", ""), c.after)
        assert cur == (k == n - 1)
    assert _in_view(driver, "inl", n - 1)
    _key(driver, "n")
    assert _current(driver) == [0, 0, 0] and _in_view(driver, "inl", 0)
    _key(driver, "v")
    assert driver.find_element("id", "side").is_displayed()
    assert console_errors(driver) == []


def test_markup_in_the_document_is_shown_as_text(driver, tmp_path):
    text = ("Le ﬁnancement <script>window.pwned = 1</script>\n"
            '<img src="x" onerror="window.pwned = 2"> ﬂux </div></body>\n')
    result = clean(text)
    _open(driver, tmp_path / "markup.html", result, "<b>markup</b>.txt")
    assert _js(driver, "return window.pwned === undefined")
    assert _js(driver, "return document.getElementById('orig').textContent") == text
    assert _js(driver, "return document.querySelectorAll('img, #orig script').length") == 0
    assert "<b>markup</b>.txt" in driver.title
    assert console_errors(driver) == []


def test_a_large_document_opens_and_navigates(driver, tmp_path):
    # ~0.5 MB with ~9,000 changes: blocks out of view are laid out lazily
    result = clean(damaged_seed(every=2) * 14)
    n = len(word_changes(result))
    assert n > 8000
    _open(driver, tmp_path / "large.html", result, "large.txt")
    assert _js(driver, "return document.body.classList.contains('lazy')")
    assert _js(driver, "return document.querySelectorAll('#clean .ch').length") == n
    _key(driver, "p")
    assert _current(driver) == [n - 1, n - 1]
    assert _in_view(driver, "orig", n - 1) and _in_view(driver, "clean", n - 1)
    _key(driver, "n")
    _key(driver, "n")
    assert _pos(driver) == f"change 2 of {n}" and _in_view(driver, "clean", 1)
    driver.find_element("css selector", '#legend input[data-stage="0"]').click()
    assert driver.find_element("id", "shown").text.startswith("showing ")
    _key(driver, "v")
    assert _js(driver, "return document.querySelectorAll('#inl .ch').length") == n
    assert _in_view(driver, "inl", 1)
    assert console_errors(driver) == []


def test_batch_index_sorts_and_links_to_reports(driver, tmp_path):
    from click.testing import CliRunner

    from ocrfix.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Rien à changer.\n", encoding="utf-8")
    (src / "b.txt").write_text("Lâ€™Ã©tat a dÃ©cidÃ© du ﬁnancement.\n", encoding="utf-8")
    (src / "c.txt").write_text("Le ﬁnancement.\n", encoding="utf-8")
    rep = tmp_path / "rapports"
    res = CliRunner().invoke(main, ["batch", str(src), "--report", str(rep), "-j", "1", "-q"])
    assert res.exit_code == 0, res.output
    driver.get((rep / "index.html").as_uri())
    rows = lambda: _js(driver, "return [...document.querySelectorAll('#files tbody tr')]"  # noqa: E731
                               ".map(r => [r.cells[0].textContent, +r.cells[2].textContent])")
    assert rows() == [["a.txt", 0], ["b.txt", 3], ["c.txt", 1]]
    driver.find_element("xpath", "//th[text()='edits']").click()
    assert rows() == [["b.txt", 3], ["c.txt", 1], ["a.txt", 0]]
    driver.find_element("xpath", "//th[text()='file']").click()
    assert [r[0] for r in rows()] == ["a.txt", "b.txt", "c.txt"]
    driver.find_element("link text", "b.txt").click()
    assert driver.current_url.endswith("/b.txt.html")
    assert _js(driver, "return document.querySelectorAll('#clean .ch').length") == 3
    assert console_errors(driver) == []
