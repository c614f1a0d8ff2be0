"""``accord validate SUITE.xml``: run a PETRARCH validation suite with the dictionaries it names."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import err
from accord.coding.nlp import ModelMissing


def validate(
    suite: Path = typer.Argument(..., help="A PETRARCH validation file (XML records with an <Environment>)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the last line: N passed, N failed."),
) -> None:
    """Code every record of a PETRARCH validation suite with only the dictionaries its <Environment> names
    (read from the suite's folder) and compare with the expected codings."""
    from accord.coding.coder import Coder
    from accord.compat.petrarch.suite import SuiteError
    from accord.compat.petrarch.validation import run_suite

    if not suite.is_file():
        err(f"accord validate: no such file: {suite}")
        raise typer.Exit(2)
    try:
        report = run_suite(suite, Coder().kb.cameo)
    except (SuiteError, FileNotFoundError, ModelMissing) as exc:
        err(f"accord validate: {exc}")
        raise typer.Exit(2) from None
    if not quiet:
        for problem in report.dictionaries.problems if report.dictionaries else []:
            print(f"dictionary: {problem}: skipped")
        for outcome in report.outcomes:
            if not outcome.passed:
                record = outcome.record
                print(f"FAIL {record.id} [{record.category}] {record.text[:150]}")
                print(f"    expected: {_codings(record.expected)}")
                print(f"    found:    {_codings(outcome.found)}")
        if report.errors:
            print(f"ERROR-category records (reported apart, not counted): {len(report.errors)}")
            for outcome in report.errors:
                print(f"    {outcome.record.id}: expects error {outcome.record.error or '?'}; "
                      f"found {_codings(outcome.found)}")
    print(f"{report.passed} passed, {report.failed} failed")


def _codings(codings: set[tuple[str, str, str]]) -> str:
    return "; ".join(f"{s or '-'} -> {t or '-'} {c}" for s, t, c in sorted(codings)) or "(no event)"
