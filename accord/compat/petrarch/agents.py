"""PETRARCH agent dictionaries: words for kinds of actor that add a code to the actor they qualify.

    !MINST! = MINISTER, MINISTERS, MINISTRY      a substitution set, used as !MINST! inside names
    PRIME_MINISTER [~GOV]                        "Gondor prime minister" -> GON + GOV = GONGOV
    MSF {} [NGO~]                                "MSF Arnor" -> NGO + ARN = NGOARN ({} : no plural)
    GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]           explicit plurals
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from accord.compat.petrarch.common import Problem, phrase_words, read_lines

_SUBSTITUTION = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
_ENTRY = re.compile(r"^(?P<name>[^{\[]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]\s*$")


@dataclass(frozen=True)
class Agent:
    words: tuple[str, ...]
    prefix: str  # "NGO" of [NGO~]
    suffix: str  # "GOV" of [~GOV]


def read_agents(path: Path, problems: list[Problem]) -> list[Agent]:
    substitutions: dict[str, list[str]] = {}
    agents: list[Agent] = []
    for line in read_lines(path):
        text = line.text.strip()
        sub = _SUBSTITUTION.match(text)
        if sub:
            substitutions[sub.group(1).upper()] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        found = _ENTRY.match(text)
        if not found:
            problems.append(Problem(str(path), line.number, f"not an agent entry: {text!r}"))
            continue
        code = found.group("code").replace(" ", "").upper()
        if code.count("~") != 1 or not re.fullmatch(r"[A-Z0-9]*~[A-Z0-9]*", code) or code == "~":
            wrong = found.group("code")
            problems.append(Problem(str(path), line.number, f"bad agent code [{wrong}] (want [~XXX] or [XXX~])"))
            continue
        prefix, suffix = code.split("~")
        try:
            names = _expand(found.group("name"), substitutions)
        except KeyError as exc:
            problems.append(Problem(str(path), line.number, f"unknown substitution set !{exc.args[0]}!"))
            continue
        plurals = found.group("plurals")
        for name in names:
            forms = [name]
            if plurals is None:
                forms.append(_plural(name))
            else:
                forms.extend(p for p in plurals.split() if p)
            for form in forms:
                words = phrase_words(form.replace("+", ""))
                if words:
                    agents.append(Agent(words, prefix, suffix))
    return agents


def _expand(name: str, substitutions: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!(\w+)!", name)
    if not match:
        return [name]
    options = substitutions[match.group(1).upper()]
    out = []
    for option in options:
        out.extend(_expand(name[: match.start()] + option + name[match.end() :], substitutions))
    return out


def _plural(name: str) -> str:
    """English plural of the last word, as PETRARCH forms it for agents written without ``{...}``."""
    if name.endswith(("S", "X", "Z", "CH", "SH")):
        return name + "ES"
    if name.endswith("Y") and len(name) > 1 and name[-2] not in "AEIOU":
        return name[:-1] + "IES"
    return name + "S"
