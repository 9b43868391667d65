"""The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven
by Playwright; no browser download). `make test` installs chromium when it
is missing and it can; elsewhere these tests skip and say why.

Screenshots go to test-output/screenshots/ (or $COMMUNIQUE_TEST_OUTPUT)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import HOSTILE_ARTICLE, REPO

CHROMIUM = os.environ.get("COMMUNIQUE_CHROMIUM", "/usr/bin/chromium")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _skip_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}: `apt-get install chromium` (make test does it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("COMMUNIQUE_TEST_OUTPUT", REPO / "test-output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(served_db: Path):
    """The app under uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from communique.serve import ServeSettings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(ServeSettings(db=str(served_db), coders=0)), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start in 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.dialogs = []  # any alert() that ran: there must be none
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.remote_requests = []
        tab.on(
            "request",
            lambda request: None if request.url.startswith(server) else tab.remote_requests.append(request.url),
        )
        yield tab
        browser.close()


def test_overview_loads_with_chart_map_and_events_offline(page, server, shots):
    page.goto(server + "/")
    assert page.locator("svg.map path.land").count() > 170
    assert page.locator("svg.map circle.dot").count() > 0
    assert page.locator("svg.chart rect").count() > 0
    assert page.locator("table.events tbody tr").count() == 25
    # The stylesheet applied: the header is laid out as a flex row.
    assert page.locator("header").evaluate("e => getComputedStyle(e).display") == "flex"
    page.screenshot(path=str(shots / "overview.png"), full_page=True)
    assert page.remote_requests == []


def test_a_filter_narrows_the_events(page, server, shots):
    page.goto(server + "/")
    page.fill("input[name=country]", "RUS")
    page.check("input[name=include_negated]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**country=RUS**")
    rows = page.locator("table.events tbody tr")
    assert 0 < rows.count() < 25
    for text in rows.all_inner_texts():
        assert "(RUS)" in text or "Russia" in text or "Moscow" in text
    page.screenshot(path=str(shots / "overview-filtered.png"), full_page=True)


def test_clicking_a_place_on_the_map_lists_its_events(page, server, shots):
    page.goto(server + "/")
    dot = page.locator("svg.map a").first
    place = dot.locator("title").text_content().split(" (")[0].split(":")[0]
    dot.click()
    page.wait_for_url("**place=**")
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 1
    assert all(place in text for text in rows.all_inner_texts())
    page.screenshot(path=str(shots / "overview-place.png"), full_page=True)


def test_opening_an_event_shows_its_marked_mentions(page, server, shots):
    page.goto(server + "/?source=PAK")
    page.locator("table.events tbody tr td a").first.click()
    page.wait_for_url("**/events/**")
    assert page.locator("table.fields").count() == 1
    assert page.locator("article.mention mark.trigger").count() >= 1
    assert page.locator("article.mention mark.source").count() >= 1
    page.screenshot(path=str(shots / "event.png"), full_page=True)


def test_the_hostile_article_stays_text_in_the_browser(page, server, shots):
    page.goto(server + "/?source=RUS&include_negated=1&offset=0")
    events = page.request.get(server + "/v1/events?level=events&source=RUS&include_negated=true&limit=100").json()[
        "items"
    ]
    mine = next(e for e in events if e["article_id"] == HOSTILE_ARTICLE["id"])
    page.goto(f"{server}/events/{mine['id']}")
    assert "<script>alert('pwned')</script>" in page.locator("article.mention .article-text").inner_text()
    assert page.locator("article.mention script, article.mention img").count() == 0
    assert page.dialogs == []
    page.screenshot(path=str(shots / "event-untrusted-text.png"), full_page=True)


def test_dyad_view_and_the_events_behind_a_bar(page, server, shots):
    page.goto(server + "/dyad")
    page.fill("input[name=a]", "RUS")
    page.fill("input[name=b]", "UKR")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**a=RUS**")
    bars = page.locator("svg.chart a")
    assert bars.count() > 0
    bars.first.click()
    page.wait_for_url("**period=**")
    assert page.locator("section table.events tbody tr").count() >= 1
    assert "RUS" in page.locator("section table.events").inner_text()
    page.screenshot(path=str(shots / "dyad.png"), full_page=True)


def test_dyad_of_a_named_actor_and_a_sector(page, server, shots):
    page.goto(server + "/dyad")
    # the suggestions hold named actors by Wikidata id and country sectors
    suggestions = page.locator("datalist#dyad-actors option")
    values = [suggestions.nth(i).get_attribute("value") for i in range(suggestions.count())]
    assert "Q7747" in values and "RUSGOV" in values
    page.fill("input[name=a]", "Q7747")
    page.fill("input[name=b]", "UKR MIL")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**a=Q7747**")
    assert "Vladimir Putin" in page.locator("p.actors").inner_text()
    bars = page.locator("svg.chart a")
    assert bars.count() > 0
    bars.first.click()
    page.wait_for_url("**period=**")
    rows = page.locator("section table.events tbody tr")
    assert rows.count() >= 1 and "Vladimir Putin" in rows.first.inner_text()
    page.screenshot(path=str(shots / "dyad-named.png"), full_page=True)
    # a name that reads as a code is refused with the way to write it
    page.fill("input[name=a]", "Israel")
    page.fill("input[name=b]", "PSE")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**a=Israel**")
    assert "name:Israel" in page.locator("ul.errors").inner_text()


def test_pasting_text_marks_its_events(page, server, shots):
    page.goto(server + "/code")
    text = "Brazil and Argentina signed a trade agreement in Brasilia on Monday. <script>alert('x')</script>"
    page.fill("textarea[name=text]", text)
    page.fill("input[name=published]", "2024-05-13")
    page.click("form.code-form button[type=submit]")
    page.wait_for_selector("#coded-text")
    assert page.locator("#coded-text mark.trigger").first.inner_text() == "signed"
    assert page.locator("#coded-text mark.source").count() >= 1
    assert "<script>alert('x')</script>" in page.locator("#coded-text").inner_text()
    assert page.dialogs == []
    page.screenshot(path=str(shots / "code.png"), full_page=True)
