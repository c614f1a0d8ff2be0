"""The PETRARCH Internal Coding Ontology (PICO) file of UD-PETRARCH: CAMEO codes as hexadecimal values,
some with the value their negation takes::

    050:0x0080#DiplomaticCoop
    110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove      "did not disapprove" is coded 050

Only the negations are used here: a negated verb whose code has one is coded with it.
"""

from __future__ import annotations

import re
from pathlib import Path

from accord.compat.petrarch.common import Problem, read_lines

_ENTRY = re.compile(r"^(?P<code>\d{2,4})\s*:\s*(?P<value>-?0x[0-9A-Fa-f]+(?:\+0x[0-9A-Fa-f]+)*)(?P<rest>.*)$")
_NEGATION = re.compile(r"^0xFFFF\+(0x[0-9A-Fa-f]+)$|^(0x[0-9A-Fa-f]+)\+0xFFFF$", re.I)


def read_negations(path: Path, problems: list[Problem]) -> dict[str, str]:
    """CAMEO code -> the CAMEO code of its negation, from a PICO file."""
    values: dict[int, str] = {}
    negated: dict[str, int] = {}
    # read_lines takes what follows the first "#" for a comment: here it holds the negation field
    for line in read_lines(path):
        found = _ENTRY.match(line.text.strip() + ("#" + line.comment if line.comment else ""))
        if not found:
            continue
        code, value = found.group("code"), found.group("value")
        if "+" not in value and not value.startswith("-"):
            values.setdefault(int(value, 16), code)
        fields = [f.strip() for f in found.group("rest").split("#")]
        if len(fields) > 1:
            negation = _NEGATION.match(fields[1])
            if negation:
                negated[code] = int(negation.group(1) or negation.group(2), 16)
    out = {}
    for code, value in negated.items():
        if value in values:
            out[code] = values[value]
        else:
            problems.append(Problem(str(path), 0, f"negation of {code} is no CAMEO code's value ({value:#x})"))
    return out
