"""The printable checklist: every step once, grouped by stage in the curriculum's order, in plan order."""

from __future__ import annotations

from html.parser import HTMLParser

from viz.checklist import checklist_page


class _Rows(HTMLParser):
    """(stage heading, row class, row text) for every checklist row."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, str, str]] = []
        self.stage = ""
        self._in: str | None = None
        self._class = ""
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "li"):
            self._in, self._text = tag, []
            self._class = dict(attrs).get("class", "")

    def handle_endtag(self, tag):
        if tag == self._in == "h2":
            self.stage = "".join(self._text)
        elif tag == self._in == "li":
            self.rows.append((self.stage, self._class, "".join(self._text).lstrip("☐☑")))
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def rows_of(page: str) -> list[tuple[str, str, str]]:
    parser = _Rows()
    parser.feed(page)
    return parser.rows


def test_every_step_once_grouped_by_stage_in_plan_order(toy_graph, toy_plan):
    rows = rows_of(checklist_page(toy_graph, toy_plan))
    assert len(rows) == len(toy_plan.steps)
    names = {s.id: f"{s.position}. {s.name}" for s in toy_plan.steps}
    stage_name = {s.id: toy_graph.stages[s.stage].name for s in toy_plan.steps}
    for step in toy_plan.steps:
        (row,) = [r for r in rows if r[2].startswith(names[step.id])]
        assert row[0] == stage_name[step.id] and row[1] == "todo" and step.reason in row[2]
    headings = list(dict.fromkeys(r[0] for r in rows))
    assert headings == [toy_graph.stages[s].name for s in sorted(set(s.stage for s in toy_plan.steps), key=toy_graph.stage_rank.get)]
    positions = [(r[0], int(r[2].split(".")[0])) for r in rows]
    assert all(a < b for (sa, a), (sb, b) in zip(positions, positions[1:]) if sa == sb), "plan order within a stage"


def test_finished_nodes_are_ticked_under_their_stage_and_in_progress_marked(toy_graph, toy_plan):
    rows = rows_of(checklist_page(toy_graph, toy_plan, done=["python", "statistics", "not-a-node"], learning=["numpy"]))
    done = [(stage, text) for stage, cls, text in rows if cls == "done"]
    assert [text[:len(name)] for (_, text), name in zip(done, ["Python", "Statistics"])] == ["Python", "Statistics"]
    assert len(done) == 2
    assert {stage for stage, _ in done} == {"Foundations"}
    assert [cls for _, cls, text in rows if "NumPy" in text] == ["learning"]


def test_text_is_escaped_and_output_is_deterministic(toy_graph, toy_plan):
    page = checklist_page(toy_graph, toy_plan, title="<script>alert(1)</script> & plan")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page == checklist_page(toy_graph, toy_plan, title="<script>alert(1)</script> & plan")
