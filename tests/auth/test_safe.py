"""Uploaded names shown as written in Streamlit's Markdown (ui/safe.py): in a real browser, nothing is parsed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import urllib.request

import pytest

from analysis import config
from ui.safe import ZERO_WIDTH, literal

# Names a person could upload as a file, region, brand or distributor name.
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    '<a href="http://evil.example">click</a>',
    "[click](http://evil.example)",
    "![x](http://evil.example/x.png)",
    "**bold** _it_ ~~gone~~ `code`",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    ":red[red] :material/home: :smile:",
    "$x^2$ and $$y$$",
    "www.evil.example and http://evil.example and a@evil.example",
    "a\\*b & c &amp; <b>",
    "南宁|北京|---|",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_no_markdown_or_html_character_is_left_bare(name: str) -> None:
    out = literal(name).replace(ZERO_WIDTH, "")
    bare = [c for i, c in enumerate(out) if c in "<>[]()*_~`#!|$" and (i == 0 or out[i - 1] != "\\")]
    assert bare == []
    assert "<" not in out and ">" not in out


def test_none_and_nan_are_empty_and_plain_text_unchanged() -> None:
    assert literal(None) == "" and literal(float("nan")) == ""
    assert literal("南宁市 青秀区") == "南宁市 青秀区"


APP = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from ui.safe import literal
for i, name in enumerate({names!r}):
    with st.container(key=f"n{{i}}"):
        st.markdown(literal(name))
        st.error("上传的文件 " + literal(name) + " 无法读取")
"""


@pytest.fixture(scope="module")
def names_app(tmp_path_factory: pytest.TempPathFactory):
    """A Streamlit app that shows every hostile name through `literal` in st.markdown and st.error."""
    from tests.conftest import _free_port

    folder = tmp_path_factory.mktemp("safe-app")
    (folder / "app.py").write_text(textwrap.dedent(APP.format(root=str(config.ROOT), names=HOSTILE)))
    port = _free_port()
    log = (folder / "log.txt").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the test app did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.mark.browser
def test_hostile_names_show_literally_in_the_browser(names_app, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    page.goto(names_app, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.locator(f".st-key-n{len(HOSTILE) - 1}").wait_for(timeout=30_000)
    for i, name in enumerate(HOSTILE):
        box = page.locator(f".st-key-n{i}")
        parsed = box.locator("[data-testid='stMarkdownContainer'] :is(a, img, b, strong, em, del, code, h1, ol, ul, "
                             "blockquote, table, .katex, span[style], [data-testid='stIconMaterial'])")  # fmt: skip
        assert parsed.count() == 0, (name, parsed.first.evaluate("e => e.outerHTML"))
        texts = [t.replace(ZERO_WIDTH, "") for t in box.get_by_test_id("stMarkdownContainer").all_inner_texts()]
        assert texts[0].strip() == name
        assert texts[1].strip() == f"上传的文件 {name} 无法读取"
    page.screenshot(path=screenshot_dir / "safe_names.png", full_page=True)
    assert offline_page.blocked == []  # no image or link was fetched
