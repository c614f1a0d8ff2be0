"""PETRARCH and TABARI dictionaries (verbs, actors, agents, discards), a coder that uses them, and the
runner for PETRARCH validation suites.

    from accord.compat.petrarch import load_dictionaries
    dictionaries = load_dictionaries(verbs=[...], actors=[...], agents=[...], discards=[...])
    dictionaries.problems      # every malformed line, as "file:line: problem" (and skipped)
"""

from accord.compat.petrarch.common import Problem
from accord.compat.petrarch.dictionaries import Dictionaries, load_dictionaries

__all__ = ["Dictionaries", "Problem", "load_dictionaries"]
