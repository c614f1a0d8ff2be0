"""What actor resolution returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: CAMEO-style ``code`` = ``country`` + ``sector`` (either may be empty).

    ``name`` and ``role`` say which known person or organisation it is and the office they held on the
    date asked about; ``kind`` says what the decision rested on (person, title, organisation, country,
    place, agent, people).
    """

    code: str
    country: str
    sector: str
    kind: str
    name: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)
