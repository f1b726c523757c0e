"""The interactive relationship diagram in a real browser (Debian's Chromium driven by Selenium
through chromium-driver): every actor drawn, a hover shows the evidence, filters and search act
on the graph. Screenshots are kept in the test's tmp dir. Skips only where no browser or driver
can be found (.ci/run installs both)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("no chromium and chromedriver here (.ci/run installs chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                     "--disable-background-networking", "--no-first-run"):  # fmt: skip
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def hover(driver, x: float, y: float) -> None:
    """Move the real mouse to (x, y) in the diagram's canvas (rendered pixels)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    container = driver.find_element(By.ID, "cy")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).perform()
    time.sleep(0.2)


def open_page(driver, path: Path) -> None:
    driver.get(path.as_uri())
    for _ in range(100):
        if driver.execute_script("return window.stancegraphReady === true"):
            return
        time.sleep(0.05)
    raise AssertionError("the diagram never became ready")


@pytest.fixture(scope="module")
def seed_page(seed, tmp_path_factory):
    path = tmp_path_factory.mktemp("diagram") / "network.html"
    diagram = seed.diagram()
    diagram.save(path)
    return path, diagram


def visible_edges(driver) -> int:
    return driver.execute_script(
        "return stancegraph.cy.edges().filter(e => !e.hasClass('hidden')).length"
    )


def test_every_actor_is_drawn_inside_the_view(browser, seed_page, seed, tmp_path):
    path, _ = seed_page
    open_page(browser, path)
    drawn = browser.execute_script(
        "var cy = stancegraph.cy, box = cy.extent();"
        "return cy.nodes().filter(n => n.visible() && n.position('x') >= box.x1 &&"
        " n.position('x') <= box.x2 && n.position('y') >= box.y1 && n.position('y') <= box.y2)"
        ".map(n => n.data('label')).sort()"
    )
    assert drawn == sorted(seed.actors()["label"])
    assert browser.execute_script("return window.stancegraphRenderMs") > 0
    browser.save_screenshot(str(tmp_path / "diagram.png"))


def test_hovering_an_actor_shows_its_stances_and_quotes(browser, seed_page, tmp_path):
    from selenium.webdriver.common.by import By

    path, _ = seed_page
    open_page(browser, path)
    x, y = browser.execute_script(
        "var p = stancegraph.cy.getElementById('https://w3id.org/stancegraph/id/Ukraine')"
        ".renderedPosition(); return [p.x, p.y]"
    )
    hover(browser, x, y)
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert tip.text.startswith("Ukraine")
    quotes = {
        s["quote"]
        for s in diagram_data(seed_page[1])["stances"]
        if s["actor"].endswith("/Ukraine") and s["quote"]
    }
    shown = [q for q in quotes if q in tip.text]
    assert len(shown) >= 3 and "explicit" in tip.text
    browser.save_screenshot(str(tmp_path / "hover.png"))


def test_hovering_a_tie_shows_its_kind_sign_and_quote(browser, seed_page):
    from selenium.webdriver.common.by import By

    path, diagram = seed_page
    open_page(browser, path)
    tie = next(e for e in diagram_data(diagram)["edges"] if e["explicit"] and e["quote"])
    x, y = browser.execute_script(
        f"var e = stancegraph.cy.getElementById('{tie['id']}'); var p = e.renderedMidpoint();"
        "return [p.x, p.y]"
    )
    hover(browser, x, y)
    text = browser.find_element(By.ID, "tip").text
    assert tie["kind"] in text and ("friendly" in text or "hostile" in text)
    assert tie["quote"][:40] in text


def diagram_data(diagram) -> dict:
    import json
    import re

    match = re.search(
        r'<script id="stancegraph-data" type="application/json">(.*?)</script>', diagram.html, re.S
    )
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_an_issue_filter_leaves_the_ties_among_its_actors(browser, seed_page, seed, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    path, diagram = seed_page
    open_page(browser, path)
    data = diagram_data(diagram)
    before = visible_edges(browser)
    assert before == sum(1 for e in data["edges"] if not e["inside"])
    table = seed.stance_table()
    on_issue = set(
        table.loc[table["issue"] == seed.resolve("Occupied territories", "issue"), "actor"]
    )
    expected = sum(
        1
        for e in data["edges"]
        if not e["inside"] and e["source"] in on_issue and e["target"] in on_issue
    )
    Select(browser.find_element(By.ID, "issue")).select_by_visible_text("Occupied territories")
    assert visible_edges(browser) == expected < before
    browser.save_screenshot(str(tmp_path / "issue-filter.png"))
    kind = next(
        e["kind"]
        for e in data["edges"]
        if e["explicit"] and e["source"] in on_issue and e["target"] in on_issue
    )
    Select(browser.find_element(By.ID, "kind")).select_by_visible_text(kind)
    of_kind = sum(
        1
        for e in data["edges"]
        if e["kind"] == kind and e["source"] in on_issue and e["target"] in on_issue
    )
    assert visible_edges(browser) == of_kind > 0


def test_search_finds_an_actor_by_alias(browser, seed_page, tmp_path):
    from selenium.webdriver.common.by import By

    path, _ = seed_page
    open_page(browser, path)
    browser.find_element(By.ID, "search").send_keys("zelensky")
    matched = browser.execute_script(
        "return stancegraph.cy.nodes('.match').map(n => n.data('label'))"
    )
    assert matched == ["Volodymyr Zelenskyy"]
    browser.save_screenshot(str(tmp_path / "search.png"))


def test_clicking_a_position_marks_its_supporters_and_opponents(browser, seed_page, seed):
    from selenium.webdriver.common.by import By

    path, _ = seed_page
    open_page(browser, path)
    label = "Full restoration of internationally recognised borders"
    button = next(
        b for b in browser.find_elements(By.CSS_SELECTOR, "#positions button") if b.text == label
    )
    browser.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    supports = browser.execute_script(
        "return stancegraph.cy.nodes('.supports').map(n => n.data('label')).sort()"
    )
    opposes = browser.execute_script(
        "return stancegraph.cy.nodes('.opposes').map(n => n.data('label')).sort()"
    )
    assert supports == sorted(seed.who_supports(label)["label"])
    assert opposes == sorted(seed.who_opposes(label)["label"])


def test_the_report_embeds_the_diagram_and_needs_no_network(browser, seed, tmp_path):
    from stancegraph.report import write_report

    index = write_report(seed, tmp_path / "report", quiet=True)
    page = index.read_text(encoding="utf-8")
    assert '<iframe src="network.html"' in page
    open_page(browser, tmp_path / "report" / "network.html")
    assert browser.execute_script("return stancegraph.cy.nodes().length") == len(seed.actors())
    assert "http" not in "".join(
        browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    )
