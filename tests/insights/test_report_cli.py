"""``walkbot report`` as an operator runs it: every figure of the known mix, in text, JSON and HTML."""

import json
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import text

from tests.commands.cli import walkbot
from tests.insights.seed import Walk, seed, standard_walks


@pytest.fixture
async def seeded(db):
    async with db.begin() as s:
        return await seed(s, standard_walks())


def _run(database_url, tmp_path, *args):
    result = walkbot(database_url, "report", "--team", "T1", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_json_gives_one_object_per_flow_with_the_documented_keys(database_url, seeded, tmp_path):
    report = json.loads(_run(database_url, tmp_path, "--json"))
    flows = {f["slug"]: f for f in report["flows"]}
    assert set(flows) == {"printer", "vpn"}
    printer = flows["printer"]
    assert {k: printer[k] for k in ("walks", "resolved", "escalated", "abandoned", "active")} == {
        "walks": 8,
        "resolved": 3,
        "escalated": 3,
        "abandoned": 1,
        "active": 1,
    }
    assert printer["median_seconds_to_resolve"] == 600
    assert printer["p90_seconds_to_resolve"] == pytest.approx(1080)
    assert printer["helpful_rate"] == 0.5
    assert printer["drop_off_node"] == "panel"
    assert printer["resolved_share"] == 3 / 8
    assert printer["top_escalation_categories"] == [
        {"category": "hardware_fault", "escalations": 2},
        {"category": "outside_l1_scope", "escalations": 1},
    ]
    assert [(v["version"], v["walks"], v["drop_off_node"]) for v in printer["versions"]] == [
        (1, 4, "panel"),
        (2, 4, None),
    ]
    panel = next(n for n in printer["nodes"] if n["id"] == "panel")
    assert (panel["reached"], panel["ended_escalated"], panel["ended_abandoned"], panel["drop_off"]) == (4, 2, 1, True)
    assert panel["type"] == "question" and panel["text"] == "What does the printer panel show?"
    assert flows["vpn"]["helpful_rate"] is None and flows["vpn"]["drop_off_node"] == "node-b"
    # the drop-off step's notes are quoted, with the password masked
    assert sorted(n["text"] for n in printer["drop_off_notes"]) == [
        "Needs someone on site",
        "Panel shows E05, admin password=[redacted]",
    ]
    assert {k["kind"]: k["walks"] for k in report["kinds"]} == {"adhoc": 1, "ai_build": 1}
    assert {c["key"]: c["walks"] for c in report["customers"]} == {"Acme": 6, "Globex": 4, "Initech": 11}
    assert {t["key"]: t["walks"] for t in report["technicians"]} == {"U1": 17, "U2": 4}


async def test_json_filters_by_flow_and_technician(database_url, seeded, tmp_path):
    only_vpn = json.loads(_run(database_url, tmp_path, "--json", "--flow", "vpn"))
    assert [f["slug"] for f in only_vpn["flows"]] == ["vpn"] and only_vpn["kinds"] == []
    bob = json.loads(_run(database_url, tmp_path, "--json", "--technician", "U2"))
    assert {f["slug"]: f["walks"] for f in bob["flows"]} == {"printer": 3}


async def test_text_report_prints_every_figure(database_url, seeded, tmp_path):
    out = _run(database_url, tmp_path)
    printer = out[out.index("== Printer offline (v2) (printer)") :]
    assert "walks 8: resolved 3 (38%), escalated 3 (38%), abandoned 1 (12%), active 1" in printer
    assert "time to resolve: median 10m 00s, p90 18m 00s · helpful 50% of 2 answers" in printer
    assert "top escalation categories: hardware_fault (2), outside_l1_scope (1)" in printer
    assert "DROP-OFF: panel — 3 of 4 walks ended there (2 escalated, 1 abandoned)" in printer
    assert "note: Panel shows E05, admin password=[redacted]" in printer
    assert "hunter2" not in out
    assert re.search(r"panel\s+4 · 0/2/1 · An error 1 <- drop-off", printer)
    assert (
        "v1: 4 walks, resolved 25%, escalated 50%, abandoned 25%, median 10m 00s, helpful 100%, drop-off panel" in out
    )
    assert "v2: 4 walks, resolved 50%, escalated 25%, abandoned 0%, median 12m 30s, helpful 0%, drop-off none" in out
    assert "== Ad-hoc investigations (adhoc)" in out and "== AI-guided walks (ai_build)" in out
    assert re.search(r"Acme\s+6 walks · resolved 50% · escalated 33% · abandoned 0% · median 15m 00s", out)
    assert re.search(r"Ann \(U1\)\s+17 walks", out)


async def test_bad_period_and_unknown_technician_say_what_to_write(database_url, seeded, tmp_path):
    bad = walkbot(database_url, "report", "--team", "T1", "--since", "last tuesday", cwd=tmp_path)
    assert bad.returncode == 2 and "write 30d, 2w, 12h or a date" in bad.stderr
    nobody = walkbot(database_url, "report", "--team", "T1", "--technician", "U404", cwd=tmp_path)
    assert nobody.returncode == 2 and "U404 has never used walkbot here" in nobody.stderr


class _Figures(HTMLParser):
    """Collects the text of every element carrying data-figure, per flow row of the summary table."""

    def __init__(self):
        super().__init__()
        self.figures: dict[tuple[str, str], str] = {}
        self.external: list[str] = []
        self._slug = None
        self._figure = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-slug" in attrs:
            self._slug = attrs["data-slug"]
        if "data-figure" in attrs and self._slug:
            self._figure = attrs["data-figure"]
            self.figures[(self._slug, self._figure)] = ""
        for key in ("src", "href"):
            if attrs.get(key) and not attrs[key].startswith("#"):
                self.external.append(attrs[key])

    def handle_endtag(self, tag):
        if tag in ("td", "b", "span", "p"):
            self._figure = None
        if tag == "table":
            self._slug = None

    def handle_data(self, data):
        if self._figure and self._slug:
            self.figures[(self._slug, self._figure)] += data


async def test_html_report_is_one_self_contained_file_with_the_figures(database_url, seeded, tmp_path):
    out = _run(database_url, tmp_path, "--html", "report.html")
    assert "wrote report.html (2 flow(s))" in out
    html = (tmp_path / "report.html").read_text()
    parser = _Figures()
    parser.feed(html)
    assert parser.external == []  # no external asset, no link out
    assert "<script" not in html and "<svg" in html
    assert {k: v for k, v in parser.figures.items() if k[0] == "printer"} == {
        ("printer", "walks"): "8",
        ("printer", "resolved"): "3 (38%)",
        ("printer", "escalated"): "3 (38%)",
        ("printer", "abandoned"): "1 (12%)",
        ("printer", "active"): "1",
        ("printer", "median"): "10m 00s",
        ("printer", "helpful"): "50%",
        ("printer", "drop-off"): "panel",
    }
    assert parser.figures[("vpn", "drop-off")] == "node-b" and parser.figures[("vpn", "helpful")] == "—"
    assert "hunter2" not in html and "password=[redacted]" in html


async def test_report_settings_set_the_timezone_days_are_counted_in(database_url, db, tmp_path):
    async with db.begin() as s:
        await seed(s, [])
    ok = walkbot(database_url, "report-settings", "--team", "T1", "--timezone", "Pacific/Auckland", cwd=tmp_path)
    assert ok.returncode == 0 and "timezone: Pacific/Auckland · weekly digest: off" in ok.stdout
    report = json.loads(_run(database_url, tmp_path, "--json", "--since", "2026-11-01"))
    assert report["period"]["timezone"] == "Pacific/Auckland"
    assert report["period"]["since"] == "2026-10-31T11:00:00+00:00"  # midnight in Auckland (UTC+13)
    bad = walkbot(database_url, "report-settings", "--team", "T1", "--timezone", "Mars/Olympus", cwd=tmp_path)
    assert bad.returncode == 2 and "use an IANA name such as Europe/London" in bad.stderr
    channel = walkbot(database_url, "report-settings", "--team", "T1", "--digest-channel", "C0DIGEST1", cwd=tmp_path)
    assert "timezone: Pacific/Auckland · weekly digest: channel C0DIGEST1" in channel.stdout


def _scanner_candidates() -> list[Walk]:
    """Three peripherals walks about a jamming scanner (no flow covers it): two resolved, on a ConnectWise ticket
    of Acme's and on an internal ticket with no company; one abandoned."""
    return [
        Walk(
            kind="adhoc",
            end="resolved",
            problem="Scanner jams on floor 1",
            problem_category="peripherals",
            ticket="12345",
            company="Acme",
        ),
        Walk(
            kind="ai_build",
            end="resolved",
            problem="Scanner jams on floor 2",
            problem_category="peripherals",
            ticket="INT-7",
        ),
        Walk(kind="adhoc", end="abandoned", problem="scanner jams", problem_category="peripherals", ticket="12347"),
    ]


async def test_candidates_for_new_flows_name_their_resolved_walks_by_ticket(database_url, db, tmp_path):
    async with db.begin() as s:
        seeded = await seed(s, _scanner_candidates())
        # the Acme walk was proposed as a flow already: its draft is named beside it
        await s.execute(
            text(
                "INSERT INTO flow_proposals (id, account_id, slug, title, definition, source, l1_session_id, created_at) "
                "VALUES (gen_random_uuid(), :account, 'scanner-jams', 'Scanner jams', '{}', 'adhoc', :walk, now())"
            ),
            {"account": seeded.account_id, "walk": seeded.session_ids[0]},
        )
    acme = "ConnectWise #12345 · Scanner jams on floor 1 (Acme) — proposed as draft scanner-jams"
    internal = "Internal INT-7 · Scanner jams on floor 2"

    out = _run(database_url, tmp_path).splitlines()
    for word in ("scanner", "jam"):
        at = out.index(f"  peripherals · “{word}”: 3 walks, 2 resolved — Propose as flow (/walk proposals) from:")
        assert sorted(out[at + 1 : at + 3]) == sorted([f"    {acme}", f"    {internal}"])
    assert not any(str(i) in line for line in out for i in seeded.session_ids)  # tickets, never session ids

    _run(database_url, tmp_path, "--html", "report.html")
    html = (tmp_path / "report.html").read_text()
    rows = re.findall(
        r'<tr><td>peripherals</td><td>(\w+)</td><td class="num">(\d+)</td><td class="num">(\d+)</td>'
        r'<td class="tickets">(.*?)</td></tr>',
        html,
    )
    assert {(word, walks, resolved) for word, walks, resolved, _ in rows} == {("scanner", "3", "2"), ("jam", "3", "2")}
    for *_, tickets in rows:
        assert sorted(tickets.split("<br>")) == sorted([acme, internal])

    report = json.loads(_run(database_url, tmp_path, "--json"))
    scanner = next(c for c in report["candidates"] if c["word"] == "scanner")
    assert (scanner["walks"], scanner["resolved"]) == (3, 2)
    assert sorted((w["ticket"], w["company"], w["draft_slug"]) for w in scanner["resolved_walks"]) == [
        ("ConnectWise #12345 · Scanner jams on floor 1", "Acme", "scanner-jams"),
        ("Internal INT-7 · Scanner jams on floor 2", None, None),
    ]
