"""The class's log: messages, private notes, news, injects, offers and system notes.

Everything a group says or the teacher fires is kept here with the quarter and phase it
happened in, so the debrief can show who said what to whom, when; the log is saved with each
autosave and restored by `host --resume`. Texts are stored as the users typed them: every
page shows them as text (never as HTML), and the debrief escapes them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("message", "note", "news", "inject", "offer", "system")


@dataclass
class Entry:
    kind: str
    turn: int
    phase: str
    sender: str  # a seat, "teacher" or "timer"
    to: list[str]  # seats, or ["all"]
    text: str
    title: str = ""
    inject: str = ""
    option: str = ""

    def visible_to(self, seat: str) -> bool:
        if self.kind == "note":
            return self.sender == seat
        if self.kind == "inject":
            return "everyone" in self.to or seat in self.to
        return self.sender == seat or "all" in self.to or seat in self.to


@dataclass
class Offer:
    """A side payment offered for a yes vote; executed by the engine when accepted."""

    id: int
    turn: int
    sender: str
    to: str
    initiative: str
    amount: float
    text: str
    status: str = "open"  # open | accepted | declined | failed | lapsed
    note: str = ""


@dataclass
class ClassLog:
    entries: list[Entry] = field(default_factory=list)
    offers: dict[int, Offer] = field(default_factory=dict)
    pending_injects: dict[str, str] = field(default_factory=dict)  # inject id -> deciding seat

    def add(self, kind: str, game: Any, *, sender: str, to: list[str], text: str,
            **extra: str) -> Entry:
        entry = Entry(kind, game.turn, game.phase, sender, list(to), text, **extra)
        self.entries.append(entry)
        return entry

    def new_offer(self, game: Any, sender: str, to: str, initiative: str, amount: float,
                  text: str) -> Offer:
        offer = Offer(len(self.offers) + 1, game.turn, sender, to, initiative, amount, text)
        self.offers[offer.id] = offer
        self.add("offer", game, sender=sender, to=[to],
                 text=f"offers €{amount:g} bn for a yes on {initiative}. {text}".strip())
        return offer

    def fired_injects(self) -> set[str]:
        return {e.inject for e in self.entries if e.kind == "inject" and e.inject}

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [asdict(e) for e in self.entries],
                "offers": [asdict(o) for o in self.offers.values()],
                "pending_injects": dict(self.pending_injects)}

    @classmethod
    def from_dict(cls, data: Any) -> ClassLog:
        """Rebuild from an autosave; ValueError on anything malformed (a file is untrusted)."""
        if not isinstance(data, dict):
            raise ValueError("the class log is not a mapping")
        try:
            entries = [Entry(**_strings(e, Entry)) for e in data.get("entries", [])]
            offers = [Offer(**_strings(o, Offer)) for o in data.get("offers", [])]
        except TypeError as error:
            raise ValueError(f"the class log is malformed ({error})") from None
        pending = data.get("pending_injects", {})
        if not isinstance(pending, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in pending.items()):
            raise ValueError("the class log's pending injects are malformed")
        return cls(entries, {o.id: o for o in offers}, dict(pending))


def _strings(item: Any, record: type) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError(f"a {record.__name__} in the class log is not a mapping")
    types = {f: t for f, t in record.__annotations__.items()}
    for name, value in item.items():
        kind = str(types.get(name))
        ok = {"str": isinstance(value, str), "int": type(value) is int,
              "float": isinstance(value, (int, float)) and not isinstance(value, bool),
              "list[str]": isinstance(value, list) and all(isinstance(v, str) for v in value),
              }.get(kind, False)
        if not ok:
            raise ValueError(f"{record.__name__}.{name} in the class log has the wrong type")
    return item
