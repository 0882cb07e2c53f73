"""Imports follow the table in docs/architecture.md: every import of every module, including those inside
functions, must be allowed by the row the module belongs to. The table is read from the document itself, so
the rule book and the test cannot drift apart; a new package needs a row there, and this test says so."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
CHECKED = ("bot", "handlers", "storage", "migrations")  # the project's own top-level packages


@dataclass(frozen=True)
class Row:
    unit: str  # "bot/walks" (a folder) or "bot/runtime.py" (a module)
    may_import: frozenset[str]
    never_imports: frozenset[str]  # third-party libraries kept out of this row


def read_table(text: str) -> dict[str, Row]:
    """The rows of the table headed "| Module | May import | Never imports (libraries) |"."""
    rows: dict[str, Row] = {}
    in_table = False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else None
        if cells is None:
            in_table = False
            continue
        if cells[:2] == ["Module", "May import"]:
            in_table = True
            continue
        if not in_table or set(cells[0]) <= {"-", " "}:
            continue
        names = [re.findall(r"`([^`]+)`", cell) for cell in cells]
        (unit,) = names[0]
        assert unit not in rows, f"{unit} has two rows in docs/architecture.md"
        rows[unit] = Row(unit, frozenset(names[1]), frozenset(names[2]) if len(names) > 2 else frozenset())
    return rows


TABLE = read_table(DOC.read_text())


def unit_of_path(rel: str) -> str | None:
    """The most specific row holding a file (``storage/migrate.py`` before ``storage``)."""
    best = None
    for unit in TABLE:
        holds = rel == unit or rel.startswith(unit + "/")
        if holds and (best is None or len(unit) > len(best)):
            best = unit
    return best


def module_path(dotted: str) -> str | None:
    """``bot.walks.cards`` -> ``bot/walks/cards.py`` (or a package's folder); None outside the project."""
    parts = dotted.split(".")
    if parts[0] not in CHECKED:
        return None
    for end in range(len(parts), 0, -1):  # ``from bot.walks.cards import walk_card`` names a module's attribute
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").is_file():
            return "/".join(parts[:end]) + ".py"
        if (base / "__init__.py").is_file():
            return "/".join(parts[:end])
    return "/".join(parts)


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # absolute dotted name; for ``from a.b import c`` it is ``a.b.c`` (c may be a module)


def imports_of(rel: str, source: str) -> list[Import]:
    """Every import in a file, at any depth (inside functions too), relative ones made absolute."""
    package = rel.removesuffix(".py").split("/")[:-1]
    found = []
    for node in ast.walk(ast.parse(source, filename=rel)):
        if isinstance(node, ast.Import):
            found += [Import(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found += [Import(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def source_files() -> dict[str, str]:
    return {
        p.relative_to(ROOT).as_posix(): p.read_text() for top in CHECKED for p in sorted((ROOT / top).rglob("*.py"))
    }


def allowing_entry(row: Row, target_unit: str) -> str | None:
    """The entry that allows it: listed, or a listed row holding it (``bot/psa`` covers ``bot/psa/accounts.py``)."""
    parts = target_unit.split("/")
    for end in range(len(parts), 0, -1):
        if "/".join(parts[:end]) in row.may_import:
            return "/".join(parts[:end])
    return None


def allowed(row: Row, target_unit: str) -> bool:
    return allowing_entry(row, target_unit) is not None


def unused_entries(sources: dict[str, str]) -> list[str]:
    """Entries of the table no import needs: the table says exactly what each row imports, no more."""
    used: dict[str, set[str]] = {unit: set() for unit in TABLE}
    for rel, source in sources.items():
        unit = unit_of_path(rel)
        if unit is None:
            continue
        for imp in imports_of(rel, source):
            target_path = module_path(imp.target)
            target_unit = unit_of_path(target_path) if target_path else None
            if target_unit is not None and target_unit != unit:
                entry = allowing_entry(TABLE[unit], target_unit)
                if entry is not None:
                    used[unit].add(entry)
    return [
        f"{unit} may import {entry}" for unit, row in TABLE.items() for entry in sorted(row.may_import - used[unit])
    ]


def violations(sources: dict[str, str]) -> list[str]:
    problems = []
    for rel, source in sources.items():
        unit = unit_of_path(rel)
        found = imports_of(rel, source)
        if unit is None:
            if found or not rel.endswith("__init__.py"):
                problems.append(f"{rel}: no row in docs/architecture.md holds it; add one (what it may import)")
            continue
        row = TABLE[unit]
        for imp in found:
            top = imp.target.split(".")[0]
            if top in row.never_imports:
                problems.append(f"{rel}:{imp.line}: imports {imp.target}, which {unit} never imports")
                continue
            target_path = module_path(imp.target)
            if target_path is None:
                continue  # the standard library or a third-party package
            target_unit = unit_of_path(target_path)
            if target_unit is None:
                problems.append(f"{rel}:{imp.line}: imports {imp.target}, which has no row in docs/architecture.md")
            elif target_unit != unit and not allowed(row, target_unit):
                problems.append(
                    f"{rel}:{imp.line}: {unit} may not import {target_unit} ({imp.target}); "
                    "move what both need down, or change the table in docs/architecture.md if the layering changed"
                )
    return problems


def test_the_table_names_only_packages_and_modules_that_exist():
    for row in TABLE.values():
        for unit in (row.unit, *row.may_import):
            assert (ROOT / unit).exists(), f"docs/architecture.md names {unit}, which is not in the repository"


def test_the_table_has_no_circles():
    """Rows allowed to import each other, directly or round a loop, would be one layer in disguise."""
    seen: dict[str, int] = {}

    def visit(unit: str, path: tuple[str, ...]) -> None:
        assert unit not in path, f"docs/architecture.md allows a circle: {' -> '.join((*path, unit))}"
        if seen.get(unit) == 2:
            return
        for below in sorted(TABLE[unit].may_import):
            visit(below, (*path, unit))
        seen[unit] = 2

    for unit in TABLE:
        visit(unit, ())


def test_every_import_in_the_source_is_allowed_by_the_table():
    problems = violations(source_files())
    assert not problems, "imports the architecture does not allow:\n" + "\n".join(problems)


def test_every_entry_of_the_table_is_used():
    unused = unused_entries(source_files())
    assert not unused, (
        "docs/architecture.md allows imports nothing makes; take these entries out of the table:\n" + "\n".join(unused)
    )


# ── the checker itself, on sources it must refuse (checked in memory, never written into the tree) ──


def test_an_import_hidden_inside_a_function_is_found():
    source = "def later():\n    from bot.walks.cards import walk_card\n    return walk_card\n"
    (problem,) = violations({"bot/engine/probe.py": source})
    assert problem.startswith("bot/engine/probe.py:2: bot/engine may not import bot/walks")


def test_a_library_a_row_never_imports_is_refused():
    assert violations({"bot/engine/probe.py": "import sqlalchemy.orm\n"}) == [
        "bot/engine/probe.py:1: imports sqlalchemy.orm, which bot/engine never imports"
    ]


def test_relative_and_from_package_imports_are_resolved():
    problems = violations({"storage/probe.py": "from bot import walks\nfrom .models import Base\n"})
    assert len(problems) == 1 and "storage may not import bot/walks (bot.walks)" in problems[0]
    assert violations({"bot/walks/probe.py": "from ..engine import apply\n"}) == []
    (upward,) = violations({"bot/engine/probe.py": "from ..walks import cards\n"})
    assert "bot/engine may not import bot/walks" in upward


def test_a_downward_import_and_an_import_within_a_row_pass():
    source = "from bot.engine import apply\nfrom bot.walks.cards import walk_card\nimport storage.queries.sessions\n"
    assert violations({"bot/walks/probe.py": source}) == []


def test_a_row_inside_an_allowed_row_is_allowed_too():
    assert violations({"bot/commands/probe.py": "from storage.migrate import upgrade\n"}) == []
    (problem,) = violations({"bot/engine/probe.py": "from storage.migrate import upgrade\n"})
    assert "bot/engine may not import storage/migrate.py" in problem


def test_a_file_outside_every_row_is_named():
    (problem,) = violations({"bot/newthing/probe.py": "import os\n"})
    assert "bot/newthing/probe.py: no row in docs/architecture.md holds it" in problem


def test_an_entry_no_import_needs_is_named():
    sources = source_files()
    sources["bot/cli.py"] = "import argparse\n"  # bot/cli.py imports nothing of the project any more
    unused = unused_entries(sources)
    assert "bot/cli.py may import bot/commands" in unused and "bot/cli.py may import bot/config" in unused


# ── where transactions begin ──

OWNERS_LINE = "Transactions begin only in:"


def transaction_owners(text: str) -> frozenset[str]:
    """The places named on the document's line "Transactions begin only in: `bot/walks`, …"."""
    (line,) = [line for line in text.splitlines() if line.startswith(OWNERS_LINE)]
    return frozenset(re.findall(r"`([^`]+)`", line))


OWNERS = transaction_owners(DOC.read_text())


def transaction_violations(sources: dict[str, str]) -> list[str]:
    """Every ``x.begin()`` / ``x.begin_nested()`` call in a file outside the places the document names."""
    problems = []
    for rel, source in sources.items():
        if any(rel == owner or rel.startswith(owner + "/") for owner in OWNERS):
            continue
        for node in ast.walk(ast.parse(source, filename=rel)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("begin", "begin_nested")
            ):
                problems.append(
                    f"{rel}:{node.lineno}: opens a transaction; call a use-case function that does "
                    f"(docs/architecture.md: {OWNERS_LINE} …)"
                )
    return problems


def test_the_places_that_begin_transactions_exist():
    for owner in OWNERS:
        assert (ROOT / owner).exists(), f"docs/architecture.md names {owner}, which is not in the repository"


def test_transactions_begin_only_in_the_use_case_layer():
    problems = transaction_violations(source_files())
    assert not problems, "transactions begun outside the use-case layer:\n" + "\n".join(problems)


def test_a_transaction_opened_by_a_command_is_found():
    source = "async def run(db):\n    async with db.begin() as session:\n        return session\n"
    (problem,) = transaction_violations({"bot/commands/probe.py": source})
    assert problem.startswith("bot/commands/probe.py:2: opens a transaction")
    assert transaction_violations({"bot/walks/probe.py": source}) == []
