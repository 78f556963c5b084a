"""End to end in a real browser: six team pages and the console play two quarters.

Headless Debian Chromium driven by Selenium (chromium and chromium-driver from apt; .ci/run
installs them). Skipped, with the reason, only where no browser is installed. One browser,
one tab per group and one for the console (each tab keeps its own join code).
Set AUTONOMY_SCREENSHOTS=DIR to keep the pages' screenshots (docs/screenshots).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.classroom import RunningServer, new_class

CHROMIUM = "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
TEAMS = ["DE", "FR", "PL", "IT", "ES", "NL"]

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip("no Chromium here: apt-get install chromium chromium-driver",
                allow_module_level=True)

from selenium.common.exceptions import (  # noqa: E402
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def us_withdrawal():
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario("us-withdrawal")


@pytest.fixture()
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="autonomy-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows", "--window-size=1366,900",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(condition, what: str, timeout: float = 15.0):
    end = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < end:
        try:
            value = condition()
            if value:
                return value
        except (StaleElementReferenceException, WebDriverException) as error:
            last = error
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} ({last})")


def click(driver, css: str, what: str) -> None:
    def go():
        driver.find_element(By.CSS_SELECTOR, css).click()
        return True
    wait(go, what)


def type_into(driver, find, text: str, what: str) -> None:
    """Type into a box found afresh on each try: a push from the server may re-render the page
    between finding the box and typing (a stale element), which must not fail the test."""
    def go():
        box = find()
        box.clear()
        box.send_keys(text)
        return True
    wait(go, what)


class Tabs:
    """One browser tab per group plus the console's, switched by name."""

    def __init__(self, driver, url: str) -> None:
        self.driver, self.url, self.handles = driver, url, {}

    def open(self, name: str, code: str, page: str) -> None:
        d = self.driver
        if self.handles:
            d.switch_to.new_window("tab")
        self.handles[name] = d.current_window_handle
        d.get(self.url)
        box = d.find_element(By.ID, "code")
        box.clear()
        box.send_keys(code)
        d.find_element(By.ID, "join").click()
        wait(lambda: d.current_url.endswith(page), f"{name}'s page")
        wait(lambda: d.execute_script("return document.body.dataset.online") == "yes",
             f"{name} online")

    def go(self, name: str):
        self.driver.switch_to.window(self.handles[name])
        return self.driver

    def tab(self, name: str, tab: str) -> None:
        click(self.go(name), f'#tabs button[data-tab="{tab}"]', f"{name}'s {tab} tab")

    def all_ready(self, room, teams=TEAMS) -> tuple[int, str]:
        """Every group clicks Ready; returns where the class then is. (`room.where()`, not
        `room.game.turn` and `.phase` read apart: those pair up as (2, "orders") while the
        server thread resolves turn 1, a state the class is never in.)"""
        phase = room.where()
        for seat in teams:
            d = self.go(seat)
            wait(lambda d=d: d.find_element(By.ID, "ready").text == "Ready", f"{seat} ready button")
            click(d, "#ready", f"{seat} ready")
        return wait(lambda: room.where() != phase and room.where(), "the phase to close")


def snap(driver, name: str, size: tuple[int, int]) -> None:
    folder = os.environ.get("AUTONOMY_SCREENSHOTS")
    if not folder:
        return
    driver.set_window_size(*size)
    time.sleep(0.3)
    driver.save_screenshot(str(Path(folder) / name))
    driver.set_window_size(1366, 900)


def test_six_groups_and_the_console_play_two_quarters_in_chromium(browser, us_withdrawal):
    room = new_class(us_withdrawal, TEAMS, seed=11)
    with RunningServer(room) as srv:
        tabs = Tabs(browser, srv.url)
        for seat in TEAMS:
            tabs.open(seat, room.teams[seat].code, "/team")
        tabs.open("console", room.teacher_code, "/console")
        assert all(t.connected for t in room.teams.values())

        # Each page shows its own secret objective and nobody else's.
        pl = tabs.go("PL")
        objective = pl.find_element(By.ID, "objective").text
        assert objective and objective == us_withdrawal.objectives["PL"].text.strip()
        page = pl.page_source
        for other in ("DE", "FR", "IT"):
            assert us_withdrawal.objectives[other].text.strip()[:60] not in page

        click(tabs.go("console"), "#start", "start")
        wait(lambda: room.started, "the start")

        # Quarter 1, events: the table's decision, each group picks on its page.
        assert room.where() == (1, "events") and room.game.pending
        for seat in TEAMS:
            tabs.tab(seat, "events")
            click(tabs.go(seat), "#events button.choice", f"{seat}'s choice")
        wait(lambda: len(next(iter(room.table_picks.values()), {})) == 6, "six picks")
        assert tabs.all_ready(room) == (1, "council")

        # Council: PL tables a proposal if it can, every eligible group votes yes.
        tabs.tab("PL", "council")
        d = tabs.go("PL")
        if d.find_elements(By.ID, "propose"):
            click(d, "#propose", "propose")
            wait(lambda: "PL" in room.game.proposals, "PL's proposal")
        agenda = room.game.agenda()
        assert agenda, "the Council has something to vote on"
        voted = 0
        for seat in TEAMS:
            tabs.tab(seat, "council")
            d = tabs.go(seat)
            buttons = d.find_elements(By.CSS_SELECTOR, '.item button.vote[data-vote="yes"]')
            if buttons:
                click(d, '.item button.vote[data-vote="yes"]', f"{seat}'s vote")
                voted += 1
        assert voted >= 1
        wait(lambda: any(a.kind == "vote" for a in room.game.decisions), "a vote logged")

        # A message with a script tag is shown as text on the other pages, never run.
        tabs.tab("DE", "talk")
        d = tabs.go("DE")
        d.find_element(By.ID, "msg-text").send_keys(
            '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">')
        click(d, "#send-msg", "send")
        wait(lambda: any(e.kind == "message" for e in room.log.entries), "the message")
        tabs.tab("FR", "talk")
        d = tabs.go("FR")
        wait(lambda: "<script>window.pwned=1</script>" in d.find_element(By.ID, "log").text,
             "the message shown as text")
        assert d.execute_script("return window.pwned === undefined")
        snap(tabs.go("PL"), "classroom-team-laptop.png", (1366, 900))
        tabs.tab("PL", "council")
        snap(tabs.go("PL"), "classroom-team-phone.png", (390, 844))
        assert tabs.all_ready(room) == (1, "orders")

        # Orders: PL sets its defence spending on its page.
        tabs.tab("PL", "orders")
        d = tabs.go("PL")
        low, high = room.game.budget_limits("PL")
        target = round((low + high) / 2, 2)
        box = wait(lambda: d.find_element(By.ID, "pct"), "the budget box")
        box.clear()
        box.send_keys(f"{target}\t")
        wait(lambda: any(a.kind == "budget" and a.seat == "PL" for a in room.game.decisions),
             "PL's budget order")
        # The class stops at the first quarter's report, and every page shows it.
        assert tabs.all_ready(room) == (1, "report")
        assert [r.turn for r in room.game.reports] == [1]
        tabs.tab("NL", "report")
        label1 = us_withdrawal.quarter_label(1)
        wait(lambda: f"Quarter report: {label1}" in tabs.go("NL").find_element(By.ID,
                                                                                 "report").text,
             "NL's report")

        # Quarter 2: the groups read the report; the teacher drives the rest from the console.
        assert tabs.all_ready(room) == (2, "events")
        c = tabs.go("console")
        snap(c, "classroom-console.png", (1366, 900))
        for before, expected in (("events", "council"), ("council", "orders"),
                                 ("orders", "report")):
            # The console must show the phase it closes: its Force carries that phase.
            wait(lambda before=before: c.find_element(By.TAG_NAME, "body")
                 .get_attribute("data-phase") == before, f"the console showing {before}")
            click(c, "#force", "force")
            wait(lambda expected=expected: room.where() == (2, expected),
                 f"forced to {expected} (console says: "
                 f"{c.find_element(By.ID, 'status').text!r})")
        assert [r.turn for r in room.game.reports] == [1, 2]
        label = us_withdrawal.quarter_label(2)
        wait(lambda: f"Quarter report: {label}" in c.find_element(By.ID, "report").text,
             "the console's report")
        assert room.where() == (2, "report") and len(room.game.reports) == 2


def test_a_team_page_joins_a_pesco_project_and_orders_corridors_and_hub_protection(
        browser, us_withdrawal):
    """What the pygame Council and orders screens offer is on the team page too, through the
    same engine actions: ask to join an adopted PESCO project (TEU 46(3)), put money into a
    corridor and into a hub's protection."""
    from autonomy_game.engine import actions as A
    from autonomy_game.engine.state import STATUS_ADOPTED

    project = "pesco_military_mobility"
    room = new_class(us_withdrawal, ["PL", "DE"], seed=11)
    with RunningServer(room) as srv:
        tabs = Tabs(browser, srv.url)
        tabs.open("PL", room.teams["PL"].code, "/team")
        room.teacher_request({"type": "start"})
        room.teacher_request({"type": "advance", "force": True})
        with room.lock:  # adopted in an earlier quarter, PL outside it
            world, state = room.game.world, room.game.state
            i = world.initiative_ids.index(project)
            state.initiative_status[0, i] = STATUS_ADOPTED
            for code in ("DE", "FR", "IT", "NL", "CZ"):
                state.initiative_participants_mask[0, i, world.codes.index(code)] = True
            room.version += 1  # the next push carries it
        tabs.tab("PL", "council")
        d = tabs.go("PL")
        click(d, f'#pesco-join button.join[data-initiative="{project}"]', "Ask to join")
        # The game logs a decision before it handles it: wait for the answer, not the log.
        wait(lambda: ("PL", project) in room.game.join_results, "PL's request answered")
        word = "admitted" if room.game.join_results[("PL", project)] else "refused"
        wait(lambda: word in d.find_element(By.ID, "pesco-join").text, "the answer shown")

        room.teacher_request({"type": "advance", "force": True})
        assert room.where() == (1, "orders")
        tabs.tab("PL", "orders")
        corridor, hub = world.corridor_ids[0], world.hub_ids[0]
        corridor_box = f'tr[data-corridor="{corridor}"] input'
        type_into(d, lambda: d.find_element(By.CSS_SELECTOR, corridor_box), "0\t",
                  "the corridor's box")
        wait(lambda: A.InvestCorridor("PL", corridor, 0.0) in room.game.decisions,
             "PL's corridor order")
        cells = wait(lambda: d.find_elements(By.CSS_SELECTOR, f'tr[data-hub="{hub}"] input'),
                     "the hub's boxes")
        assert len(cells) == 3  # air defence, cyber, microgrid
        type_into(d, lambda: d.find_elements(By.CSS_SELECTOR, f'tr[data-hub="{hub}"] input')[1],
                  "0\t", "the hub's cyber box")
        wait(lambda: A.Protect("PL", hub, "cyber", 0.0) in room.game.decisions,
             "PL's cyber protection order")
