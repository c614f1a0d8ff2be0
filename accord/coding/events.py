"""The event record: what the coder emits, exactly in the output contract of docs/design.md."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from accord.actors.actor import Actor
from accord.knowledge.schemas import CameoRow

# Organisation families that accord's resolver keeps apart (see ORGANISATION_COUNTRIES) but that CAMEO codes,
# and event records therefore name, as one international "country": IGO.
_IGO_FAMILIES = frozenset({"UNO", "EUR", "NAT", "IGO"})


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as it stands in one event: the resolved code and the words (offsets into the document)."""

    actor: Actor
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        country = self.actor.country or None
        if country in _IGO_FAMILIES:  # the UN, the EU, NATO: CAMEO's country slot says IGO (IGOUNO, IGOEEC)
            country = "IGO"
        return {"code": self.actor.code, "country": country, "sector": self.actor.sector or None,
                "text": self.text, "start": self.start, "end": self.end, "name": self.actor.name,
                "role": self.actor.role}


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    doc_id: str
    sentence: int
    date: str | None
    source: ActorRef | None
    target: ActorRef | None
    cameo: CameoRow
    trigger: Span
    sentence_text: str
    negated: bool = False
    modality: str = "asserted"  # or "intent": a future or planned act coded with CAMEO's intent codes
    location: dict[str, str] | None = None
    issues: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    coder: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two events of one document the same event."""
        return (self.source.actor.code if self.source else "", self.target.actor.code if self.target else "",
                self.cameo.code)

    @property
    def event_id(self) -> str:
        """Stable across runs and machines: the same document coded the same way gives the same id."""
        raw = "|".join([self.doc_id, str(self.sentence), str(self.trigger.start), *self.key])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        row = self.cameo
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "date": self.date,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": row.code,
            "cameo_root": row.root,
            "cameo_name": row.name,
            "quad_class": row.quad_class,
            "goldstein": row.goldstein,
            "plover": {"event": row.plover_event or None, "mode": row.plover_mode or None},
            "trigger": {"text": self.trigger.text, "start": self.trigger.start, "end": self.trigger.end},
            "negated": self.negated,
            "modality": self.modality,
            "location": self.location,
            "issues": list(self.issues),
            "attributes": self.attributes,
            "text": self.sentence_text,
            "coder": self.coder,
        }
