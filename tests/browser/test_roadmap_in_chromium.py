"""The learner's roadmap page (``/roadmap``) in real headless Chromium, against a real server.

A learner is made on the page, ticks steps with the page's buttons, reloads,
and the page must show what the API stored; every expected figure is
computed here from the plan the API gave before the ticks, never read back
from the page.  The token must never appear in a URL.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import icalendar
import pytest

from tests.browser.conftest import Page
from viz.pages import entry_roles
from viz.roadmap import CALENDAR_WEEKS, CREDENTIALS_KEY, ROADMAP_PATH

pytestmark = pytest.mark.browser

STORED = f"() => JSON.parse(sessionStorage.getItem({CREDENTIALS_KEY!r}))"
# Rows as the page shows them: stage sections in order, rows in order within each.
ROWS = """() => [...document.querySelectorAll('#roadmap section.stage')].map(s => ({
    stage: s.dataset.stage,
    rows: [...s.querySelectorAll('li.step')].map(li => ({node: li.dataset.node, status: li.dataset.status,
        position: li.querySelector('.pos').textContent, background: getComputedStyle(li).backgroundColor}))}))"""


def api(base: str, path: str, *, token: str | None = None, body: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{base}{path}", data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST")
    request.add_header("Accept", "application/json")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def saved_plan(base: str, learner_id: str, token: str) -> dict:
    status, body = api(base, f"/v1/learners/{learner_id}/plan", token=token)
    assert status == 200, body
    return json.loads(body)


def wait_ready(page: Page, version: str | None = None) -> None:
    """The page rendered a roadmap (a newer one than ``version``, when given) and is idle again."""
    condition = "document.body.dataset.state === 'ready' && !document.querySelector('#roadmap button:disabled')"
    if version is not None:
        condition += f" && document.body.dataset.version !== {json.dumps(version)}"
    page.page.wait_for_function(condition, timeout=60_000)


def open_page(page: Page, server: str) -> None:
    page.page.goto(f"{server}{ROADMAP_PATH}")
    page.page.wait_for_function("['ready', 'signed-out'].includes(document.body.dataset.state)", timeout=60_000)


def new_learner(server: str, graph) -> tuple[str, str]:
    known = ["python"] if "python" in graph.nodes else [graph.topological_order[0]]
    status, body = api(server, "/v1/learners", body={"targets": entry_roles(graph)[:1], "known": [{"node": k} for k in known]})
    assert status == 201, body
    created = json.loads(body)
    return created["learner"]["id"], created["token"]


def signed_in(page: Page, server: str, learner_id: str, token: str) -> None:
    """The roadmap open for a learner whose id and token this tab already holds."""
    open_page(page, server)
    page.page.evaluate(f"sessionStorage.setItem({CREDENTIALS_KEY!r}, {json.dumps(json.dumps({'id': learner_id, 'token': token}))})")
    page.page.reload()
    wait_ready(page)


def press(page: Page, node: str, status: str) -> None:
    version = page.page.evaluate("document.body.dataset.version")
    page.page.click(f'li.step[data-node="{node}"] button[data-status="{status}"]')
    wait_ready(page, version)


def test_ticks_survive_a_reload_and_take_exactly_their_hours_off_the_plan(page, server, graph):
    open_page(page, server)
    assert page.page.evaluate("document.body.dataset.state") == "signed-out"
    known = "python" if "python" in graph.nodes else graph.topological_order[0]
    page.page.fill("#known-input", graph.nodes[known].name.upper())  # free text: the page resolves it through /v1/match
    page.page.press("#known-input", "Enter")
    page.page.click("#create-submit")
    wait_ready(page)
    credentials = page.page.evaluate(STORED)
    assert credentials and page.page.inner_text("#issued-token") == credentials["token"]
    before = saved_plan(server, credentials["id"], credentials["token"])
    assert before["targets"] == entry_roles(graph)[:1] and known in before["known"]

    steps = sorted(before["steps"], key=lambda s: s["position"])
    first_three = steps[:3]  # each needs only what is known or ticked before it, so nothing else leaves the plan
    expected_hours = before["total_hours"] - sum(s["hours"] for s in first_three)
    page.page.evaluate("window.sameDocument = true")
    for step in first_three:
        press(page, step["id"], "done")
    assert page.page.evaluate("window.sameDocument") is True  # re-planned in place, no reload
    learning = steps[3]["id"]
    press(page, learning, "learning")

    def check(where: str) -> None:
        shown = page.page.evaluate(ROWS)
        status = {r["node"]: r["status"] for section in shown for r in section["rows"]}
        assert all(status[s["id"]] == "done" for s in first_three), where
        assert status[learning] == "learning", where
        assert float(page.page.get_attribute("#summary", "data-total-hours")) == pytest.approx(expected_hours, abs=1e-9), where
        # Grouped by stage in the curriculum's order; within a stage, plan steps in plan order.
        ranks = [graph.stage_rank[section["stage"]] for section in shown]
        assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks), where
        for section in shown:
            positions = [int(r["position"]) for r in section["rows"] if r["position"]]
            assert positions == sorted(positions), where
            assert all(graph.nodes[r["node"]].stage == section["stage"] for r in section["rows"]), where
        rows = {r["node"]: r for section in shown for r in section["rows"]}
        plain = next(r for r in rows.values() if r["status"] == "todo")
        assert rows[learning]["background"] != plain["background"], f"{where}: the step in progress is not highlighted"

    check("after ticking")
    page.page.reload()
    wait_ready(page)
    check("after reloading")
    after = saved_plan(server, credentials["id"], credentials["token"])
    assert after["total_hours"] == pytest.approx(expected_hours, abs=1e-9)
    assert not {s["id"] for s in first_three} & {s["id"] for s in after["steps"]}
    assert after["in_progress"] == [learning]
    assert credentials["token"] not in page.page.url
    page.screenshot("roadmap")
    assert page.errors == []


def test_a_wrong_token_says_so_on_the_page_and_is_not_kept(page, server, graph):
    learner_id, token = new_learner(server, graph)
    open_page(page, server)
    page.page.fill("#learner-id", learner_id)
    page.page.fill("#learner-token", token[:-4] + ("0000" if not token.endswith("0000") else "1111"))
    page.page.click("#open-submit")
    page.page.wait_for_selector("#problem:not([hidden])", timeout=30_000)
    message = page.page.inner_text("#problem")
    assert "do not open a roadmap" in message and "token" in message
    assert page.page.evaluate("document.body.dataset.state") == "signed-out"
    assert page.page.evaluate(STORED) is None
    assert page.count("#roadmap li.step") == 0
    page.screenshot("roadmap-wrong-token")


def test_id_and_token_open_the_roadmap_and_the_whole_curriculum_view(page, server, graph):
    learner_id, token = new_learner(server, graph)
    open_page(page, server)
    page.page.fill("#learner-id", learner_id)
    page.page.fill("#learner-token", token)
    page.page.click("#open-submit")
    wait_ready(page)
    plan = saved_plan(server, learner_id, token)
    assert page.count("#roadmap li.step") == len(plan["steps"])
    page.page.click("#whole-graph-link")
    page.page.wait_for_function("document.body.dataset.wholeGraph === 'drawn'", timeout=60_000)
    numbered = page.page.evaluate("""() => document.getElementById('mlpath-path').data
        .filter(t => t.meta === 'nodes' && (t.name.startsWith('step') || t.name === 'target'))
        .reduce((n, t) => n + t.x.length, 0)""")
    assert numbered == len(plan["steps"])
    scheduled = page.page.evaluate("""() => document.getElementById('mlpath-schedule').data
        .filter(t => ['steps', 'milestones'].includes(t.meta)).reduce((n, t) => n + t.x.length, 0)""")
    assert scheduled == len(plan["steps"])
    assert token not in page.page.url
    page.screenshot("roadmap-whole-graph", "mlpath-path")
    assert page.errors == []


def test_calendar_and_checklist_come_with_the_token_or_say_they_are_missing(page, server, graph):
    learner_id, token = new_learner(server, graph)
    signed_in(page, server, learner_id, token)
    calendar_status, calendar = api(server, f"/v1/learners/{learner_id}/calendar.ics", token=token)
    if calendar_status == 404:
        page.page.click("#calendar")
        page.page.wait_for_selector("#problem:not([hidden])")
        assert "calendar is not available on this server" in page.page.inner_text("#problem")
    else:
        assert calendar_status == 200
        with page.page.expect_download() as download:
            page.page.click("#calendar")
        assert download.value.suggested_filename == f"mlpath-plan-{learner_id}.ics", "the server's file name"
        text = open(download.value.path(), "rb").read()
        assert text.startswith(b"BEGIN:VCALENDAR")
        starts = [e.decoded("DTSTART").date() for e in icalendar.Calendar.from_ical(text).walk("VEVENT")]
        assert (max(starts) - min(starts)).days < 7 * CALENDAR_WEEKS, "the page asks for the next two years only"
    checklist_status, _ = api(server, f"/v1/learners/{learner_id}/checklist", token=token)
    if checklist_status == 404:
        page.page.click("#checklist")
        page.page.wait_for_function("document.getElementById('problem').textContent.includes('checklist')")
        assert "checklist is not available on this server" in page.page.inner_text("#problem")
        assert len(page.page.context.pages) == 1  # the tab opened for it is closed again
    else:
        assert checklist_status == 200
        with page.page.context.expect_page() as opened:
            page.page.click("#checklist")
        tab = opened.value  # opened blank at the click, pointed at the checklist once it has arrived
        tab.wait_for_url(lambda url: url.startswith("blob:"))
        assert token not in tab.url
        plan = saved_plan(server, learner_id, token)
        assert all(step["name"] in tab.inner_text("body") for step in plan["steps"])


def test_a_change_made_elsewhere_is_shown_and_not_overwritten(page, server, graph):
    learner_id, token = new_learner(server, graph)
    signed_in(page, server, learner_id, token)
    first, second = (s["id"] for s in sorted(saved_plan(server, learner_id, token)["steps"], key=lambda s: s["position"])[:2])
    status, body = api(server, f"/v1/learners/{learner_id}/progress", token=token,
                       body={"marks": [{"node": first, "status": "done"}]})  # another tab, or the CLI
    assert status == 200, body
    press(page, second, "skipped")
    page.page.wait_for_selector("#problem:not([hidden])")
    assert "changed elsewhere" in page.page.inner_text("#problem")
    assert page.page.get_attribute(f'li.step[data-node="{first}"]', "data-status") == "done"
    assert page.page.get_attribute(f'li.step[data-node="{second}"]', "data-status") == "todo"
    status, body = api(server, f"/v1/learners/{learner_id}", token=token)
    marks = {m["node"]: m["status"] for m in json.loads(body)["marks"]}
    assert marks[first] == "done" and second not in marks  # the stale press wrote nothing
