"""The one error a knowledge file can raise: it always names the file and the line."""

from __future__ import annotations


class KnowledgeError(ValueError):
    """A malformed knowledge entry, reported as ``file:line: problem``."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        super().__init__(f"{path}:{line}: {problem}")
