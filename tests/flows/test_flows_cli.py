"""`walkbot flows validate|import|list|export|archive`, run as a technician would: a real process on a real database."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.flows.loader import load_flow_text
from storage.models import Tree

ROOT = Path(__file__).resolve().parents[2]
FLOWS_DIR = ROOT / "flows"
SLUGS = sorted(p.stem for p in FLOWS_DIR.glob("*.yaml"))


@dataclass
class Run:
    code: int
    out: str
    err: str


def env(database_url: str | None = None) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out["PYTHONPATH"] = str(ROOT)
    if database_url:
        out["DATABASE_URL"] = database_url
    return out


def walkbot_sync(*args: str, cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env(), capture_output=True, text=True, timeout=120
    )
    return Run(done.returncode, done.stdout, done.stderr)


async def walkbot(database_url: str, *args: str, cwd: Path) -> Run:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        cwd=cwd,
        env=env(database_url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    return Run(proc.returncode, out.decode(), err.decode())


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the shipped flows the test may edit."""
    target = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, target)
    return target


async def versions(db, slug: str) -> list[Tree]:
    async with db() as s:
        return list(await s.scalars(select(Tree).where(Tree.slug == slug).order_by(Tree.version)))


# ── validate ──


def test_validate_passes_the_shipped_flows(tmp_path):
    result = walkbot_sync("flows", "validate", str(FLOWS_DIR), cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out == f"{len(SLUGS)} flow(s) valid\n"
    assert result.err == ""


def test_validate_prints_every_error_and_exits_1(tmp_path):
    (tmp_path / "broken.yaml").write_text(
        "slug: broken\ntitle: Broken\nstart: a\nnodes:\n"
        "  - id: a\n    type: instruction\n    text: Do it.\n    next: x\n"
        "  - id: b\n    type: resolve\n    text: Never reached.\n"
    )
    (tmp_path / "bad-yaml.yaml").write_text("slug: [\n")
    result = walkbot_sync("flows", "validate", "broken.yaml", "bad-yaml.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "broken.yaml: node 'a': next 'x' is not a node of this flow"
    assert lines[1] == "broken.yaml: node 'b': unreachable from start 'a': point an option or next at it, or remove it"
    assert lines[2].startswith("bad-yaml.yaml: line 2: not valid YAML:")
    assert lines[3:] == ["3 error(s)"]


# ── import ──


async def test_import_twice_publishes_each_flow_once(db, database_url, library, tmp_path):
    first = await walkbot(database_url, "flows", "import", str(library), cwd=tmp_path)
    assert first.code == 0, first.err
    assert first.out.splitlines() == [f"published {slug} v1" for slug in SLUGS]

    second = await walkbot(database_url, "flows", "import", str(library), cwd=tmp_path)
    assert second.code == 0, second.err
    assert second.out.splitlines() == [f"unchanged {slug} v1" for slug in SLUGS]
    async with db() as s:
        assert len(list(await s.scalars(select(Tree)))) == len(SLUGS)


async def test_changing_one_node_publishes_v2_of_that_flow_only(db, database_url, library, tmp_path):
    assert (await walkbot(database_url, "flows", "import", str(library), cwd=tmp_path)).code == 0
    printer = library / "printer-offline.yaml"
    printer.write_text(printer.read_text().replace("cleared it with guidance", "cleared it while I waited"))

    result = await walkbot(database_url, "flows", "import", str(library), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "published printer-offline v2" in result.out.splitlines()
    assert [line for line in result.out.splitlines() if line.startswith("published")] == [
        "published printer-offline v2"
    ]
    v1, v2 = await versions(db, "printer-offline")
    assert (v1.version, v2.version) == (1, 2)
    assert v1.fingerprint != v2.fingerprint
    # v1 is untouched: walks that started on it keep their exact steps.
    texts_v1 = {n["id"]: n["text"] for n in v1.definition["nodes"]}
    texts_v2 = {n["id"]: n["text"] for n in v2.definition["nodes"]}
    assert [k for k in texts_v1 if texts_v1[k] != texts_v2[k]] == ["resolved-panel-error"]
    assert len(await versions(db, "vpn-wont-connect")) == 1


async def test_an_import_with_any_error_publishes_nothing(db, database_url, library, tmp_path):
    (library / "typo.yaml").write_text(
        "slug: typo\ntitle: Typo\nstart: a\nnodes:\n  - id: a\n    type: resolve\n    txet: Done.\n"
    )
    result = await walkbot(database_url, "flows", "import", str(library), cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "typo.yaml: node 'a': line 7: unknown key 'txet': did you mean 'text'?",
        "typo.yaml: node 'a': text is empty: say what the technician should check, do or tell the user",
        "nothing published: 2 error(s)",
    ]
    async with db() as s:
        assert list(await s.scalars(select(Tree))) == []


async def test_a_later_import_may_link_to_published_flows_but_not_back_into_a_cycle(db, database_url, tmp_path):
    assert (await walkbot(database_url, "flows", "import", str(FLOWS_DIR), cwd=tmp_path)).code == 0
    extra = tmp_path / "onboarding.yaml"
    extra.write_text(
        "slug: onboarding\ntitle: New starter\nstart: go\nnodes:\n"
        "  - id: go\n    type: link\n    text: Set up MFA first.\n    flow: mfa-new-phone\n"
    )
    result = await walkbot(database_url, "flows", "import", str(extra), cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out == "published onboarding v1\n"

    # A new version of mfa-new-phone linking to onboarding would close a loop through the published flow.
    mfa = tmp_path / "mfa-new-phone.yaml"
    mfa.write_text(
        (FLOWS_DIR / "mfa-new-phone.yaml")
        .read_text()
        .replace("start: verify-identity", "start: to-onboarding")
        .replace(
            "nodes:\n",
            "nodes:\n  - id: to-onboarding\n    type: link\n    text: Start over.\n    flow: onboarding\n",
            1,
        )
    )
    result = await walkbot(database_url, "flows", "import", str(mfa), cwd=tmp_path)
    assert result.code == 1
    assert "mfa-new-phone.yaml: node 'to-onboarding': links back to itself (mfa-new-phone -> onboarding -> " in (
        result.err
    )


# ── export, list, archive ──


async def test_export_prints_a_chosen_version_that_imports_back_unchanged(db, database_url, library, tmp_path):
    assert (await walkbot(database_url, "flows", "import", str(library), cwd=tmp_path)).code == 0
    original, _ = load_flow_text((library / "printer-offline.yaml").read_text(), "printer-offline.yaml")
    printer = library / "printer-offline.yaml"
    printer.write_text(printer.read_text().replace("title: Printer offline or not printing", "title: Printer offline"))
    assert (await walkbot(database_url, "flows", "import", str(printer), cwd=tmp_path)).code == 0

    v1 = await walkbot(database_url, "flows", "export", "printer-offline", "--version", "1", cwd=tmp_path)
    assert v1.code == 0, v1.err
    exported, errors = load_flow_text(v1.out, "printer-offline.yaml")
    assert exported == original
    assert [e for e in errors if "links to flow" not in e.message] == []

    latest = await walkbot(database_url, "flows", "export", "printer-offline", cwd=tmp_path)
    assert latest.out.splitlines()[1] == "title: Printer offline"

    # Re-importing the exported v1 publishes it as v3: versions only ever go forward.
    (tmp_path / "printer-offline.yaml").write_text(v1.out)
    again = await walkbot(database_url, "flows", "import", str(tmp_path / "printer-offline.yaml"), cwd=tmp_path)
    assert again.out == "published printer-offline v3\n"

    missing = await walkbot(database_url, "flows", "export", "printer-offline", "--version", "9", cwd=tmp_path)
    assert missing.code == 1
    assert missing.err == "no flow 'printer-offline' version 9: see walkbot flows list\n"


async def test_archive_hides_a_flow_from_list_and_keeps_its_versions(db, database_url, tmp_path):
    empty = await walkbot(database_url, "flows", "list", cwd=tmp_path)
    assert empty.out == "no flows published yet: walkbot flows import flows/\n"
    assert (await walkbot(database_url, "flows", "import", str(FLOWS_DIR), cwd=tmp_path)).code == 0
    listed = await walkbot(database_url, "flows", "list", cwd=tmp_path)
    assert [line.split()[0] for line in listed.out.splitlines()] == SLUGS
    assert listed.out.splitlines()[SLUGS.index("printer-offline")].split()[:3] == ["printer-offline", "v1", "printer"]

    archived = await walkbot(database_url, "flows", "archive", "teams-audio-video", cwd=tmp_path)
    assert archived.code == 0, archived.err
    assert archived.out == "archived teams-audio-video (1 version(s)); walks already started keep their version\n"
    listed = await walkbot(database_url, "flows", "list", cwd=tmp_path)
    assert [line.split()[0] for line in listed.out.splitlines()] == [s for s in SLUGS if s != "teams-audio-video"]

    (row,) = await versions(db, "teams-audio-video")
    assert row.archived_at is not None and row.definition["slug"] == "teams-audio-video"
    exported = await walkbot(database_url, "flows", "export", "teams-audio-video", "--version", "1", cwd=tmp_path)
    assert exported.code == 0 and exported.out.startswith("slug: teams-audio-video\n")

    again = await walkbot(database_url, "flows", "archive", "teams-audio-video", cwd=tmp_path)
    assert again.code == 1
    assert again.err == "no published flow 'teams-audio-video' to archive\n"
