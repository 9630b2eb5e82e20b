"""The explorer in a real browser: Debian's headless Chromium driven by Playwright.

Skips with the reason when Chromium or Playwright is not installed (.ci/run installs both).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "sanctiongraph" / "demo"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no browser: Debian's chromium is not installed (apt-get install -y chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    # Offline: the pages must not reach anything beyond our server.
    opened.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url) else route.abort())
    yield opened
    context.close()


def _peer_of_xiaomi() -> str:
    with (DEMO / "dod_section_1237.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    day = next(r["release_date"] for r in rows if r["name"] == "Xiaomi Corporation")
    return next(r["name"] for r in rows if r["release_date"] == day and r["name"] != "Xiaomi Corporation")


def test_search_firm_pair_expand_and_named_query(page, tmp_path: Path) -> None:
    page.goto("/")
    page.screenshot(path=str(tmp_path / "home.png"))

    page.fill("#search-box", "Xiaomi")
    page.press("#search-box", "Enter")
    page.wait_for_selector("#results a")
    page.screenshot(path=str(tmp_path / "search.png"))
    page.click("#results a:has-text('Xiaomi Corporation')")
    page.wait_for_selector("h1")
    assert "Xiaomi Corporation" in page.inner_text("h1")
    status = page.inner_text("#status")
    assert "NOT listed" in status
    assert page.locator("svg.timeline circle").count() == 2
    page.screenshot(path=str(tmp_path / "firm.png"), full_page=True)

    peer = _peer_of_xiaomi()
    page.goto(f"/pair?a=Xiaomi%20Corporation&b={peer}")
    page.wait_for_selector("#ties")
    assert peer in page.inner_text("h1")
    assert "same-designation" in page.inner_text("#ties")
    node = page.locator("svg.relation-graph g.node").first
    node.click()
    page.wait_for_function("document.getElementById('graph-info').textContent.includes('relation(s)')")
    assert "expanded" in (node.get_attribute("class") or "")
    page.screenshot(path=str(tmp_path / "pair.png"), full_page=True)

    page.goto("/queries")
    page.select_option("#named", "actions_by_firm")
    page.fill("#params input[name=firm]", "Xiaomi Corporation")
    page.click("#use-named")
    page.wait_for_selector("#results table tbody tr")
    results = page.inner_text("#results")
    assert "2021-01-14" in results and "Delisting" in results
    page.screenshot(path=str(tmp_path / "sparql.png"), full_page=True)

    for name in ("home", "search", "firm", "pair", "sparql"):
        assert (tmp_path / f"{name}.png").stat().st_size > 0
