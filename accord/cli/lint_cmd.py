"""``accord lint``: malformed entries in accord's knowledge files and in PETRARCH dictionaries, with file
and line. Exit status 1 when there are any."""

from __future__ import annotations

import typer

from accord.cli.common import dictionary_files, err


def lint(
    petrarch_verbs: str = typer.Option(None, "--petrarch-verbs", help="PETRARCH verb dictionaries (F[,F])."),
    petrarch_actors: str = typer.Option(None, "--petrarch-actors", help="PETRARCH actor dictionaries (F[,F])."),
    petrarch_agents: str = typer.Option(None, "--petrarch-agents", help="PETRARCH agent dictionaries (F[,F])."),
    petrarch_discards: str = typer.Option(None, "--petrarch-discards", help="PETRARCH discard lists (F[,F])."),
    knowledge: bool = typer.Option(True, "--knowledge/--no-knowledge", help="Check accord's own knowledge files."),
) -> None:
    """Check knowledge files (accord's own, from ACCORD_KNOWLEDGE_DIR when set) and PETRARCH dictionaries."""
    from accord.compat.petrarch import load_dictionaries
    from accord.compat.petrarch.lint import lint_dictionaries
    from accord.knowledge import KnowledgeLoadError, load_knowledge
    from accord.settings import knowledge_dir

    problems: list[str] = []
    cameo: set[str] = set()
    if knowledge:
        try:
            cameo = set(load_knowledge(knowledge_dir()).cameo)  # type: ignore[arg-type]
        except KnowledgeLoadError as exc:
            problems.extend(str(e) for e in exc.errors)
    else:
        cameo = set(load_knowledge().cameo)
    lists = dictionary_files(petrarch_verbs, petrarch_actors, petrarch_agents, petrarch_discards)
    if any(lists.values()):
        try:
            dictionaries = load_dictionaries(**lists)
        except FileNotFoundError as exc:
            err(f"accord lint: {exc}")
            raise typer.Exit(2) from None
        problems.extend(str(p) for p in lint_dictionaries(dictionaries, cameo))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)
