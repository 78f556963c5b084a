"""Typed records for a loaded, merged and validated scenario.

The loader turns YAML into these records; the engine compiles them into numpy arrays. Keeping
this layer plain data (no numpy, no pygame) lets the validator, the front end and the engine
share one description of a scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOMAINS: tuple[str, ...] = (
    "land",
    "air",
    "air_defence",
    "isr",
    "enablers",
    "cyber",
    "energy",
    "mobility",
)
THREAT_AXES: tuple[str, ...] = ("east", "south", "hybrid", "china")
RULES: tuple[str, ...] = ("unanimity", "qmv", "coalition")
PROPOSERS: tuple[str, ...] = ("commission", "high-representative", "member-states")
HUB_KINDS: tuple[str, ...] = ("port", "airport", "rail", "road", "crossing")
PROTECTIONS: tuple[str, ...] = ("air_defence", "cyber", "microgrid")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    kind: str = "verified"  # verified | derived | estimate | recalled


@dataclass
class MemberState:
    code: str
    name: str
    population: float
    gdp: float
    defence_pct: float
    nato: bool
    pesco: bool
    neutral: bool
    us_troops: float
    nuclear_sharing: bool
    fiscal_space: float
    support: float
    atlanticism: float
    threat: dict[str, float]
    capabilities: dict[str, float]
    ammunition: float
    shell_capacity: float
    political_capital: float
    sources: dict[str, str] = field(default_factory=dict)
    industry: float = 0.0  # share of the EU's defence-industrial output
    gni: float = 0.0  # € bn a year; the key for national shares of common costs (0: the GDP)
    defence_pct_2025: float | None = None  # NATO's 2025 estimate, where one is given

    @property
    def contribution_base(self) -> float:
        """GNI where given, else GDP: what national shares of common costs are keyed on."""
        return self.gni if self.gni > 0 else self.gdp


@dataclass(frozen=True)
class Neighbour:
    code: str
    name: str


@dataclass(frozen=True)
class Procurement:
    cost: float  # € bn per capability point
    lead_european: int  # quarters
    lead_foreign: int
    capacity: float = 0.0  # € bn of European orders a quarter at the base price (0: no limit)
    inflation: float = 0.5  # European price rise per unit of orders beyond capacity


@dataclass(frozen=True)
class CapacityRamp:
    """A plant's output from `year` on (thousand rounds a year), added to its state's capacity."""

    state: str
    year: int
    rounds_per_year: float
    plant: str = ""
    source: str = ""


@dataclass(frozen=True)
class AmmunitionMarket:
    price: float = 4.0
    foreign_price: float = 5.5
    foreign_supply: float = 150.0
    inflation: float = 0.6
    capacity_cost: float = 0.02
    capacity_lead: int = 6
    explosives: float = 0.0  # thousand rounds a quarter the explosives plants fill (0: no limit)
    ramps: tuple[CapacityRamp, ...] = ()


@dataclass(frozen=True)
class UkraineSetup:
    need: float = 600.0
    front: float = 0.5
    kt_per_k_rounds: float = 0.05
    kt_per_bn_materiel: float = 2.0


@dataclass(frozen=True)
class Hub:
    id: str
    name: str
    country: str
    kind: str
    capacity: float
    lon: float
    lat: float
    source: str = ""  # source key of its figures, if the data names one


@dataclass(frozen=True)
class Corridor:
    id: str
    name: str
    mode: str
    capacity: float
    path: tuple[str, ...]
    source: str = ""  # source key of its figures, if the data names one


@dataclass(frozen=True)
class Delivery:
    capabilities: dict[str, float] = field(default_factory=dict)
    shell_capacity: float = 0.0
    europe: dict[str, float] = field(default_factory=dict)
    hubs: dict[str, float] = field(default_factory=dict)
    explosives: float = 0.0  # thousand rounds/quarter of explosives, Europe-wide


@dataclass(frozen=True)
class Loans:
    """EU loans (SAFE) to the states that asked: € bn each, and the terms."""

    allocations: dict[str, float]
    draw_quarters: int = 20
    grace_quarters: int = 40
    repay_quarters: int = 80
    rate: float = 0.03
    source: str = ""


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    description: str
    rule: str
    pesco: bool
    cost: float
    lead: int
    min_participants: int
    funding: str  # participants | eu | epf
    threat: dict[str, float]
    autonomy: float
    delivers: Delivery
    effects: tuple[Expr, ...] = ()
    source: str = ""
    beneficiaries: dict[str, float] = field(default_factory=dict)  # € bn each state receives
    beneficiaries_source: str = ""
    positions: dict[str, float] = field(default_factory=dict)  # state code or "others"
    positions_source: str = ""
    proposed_by: str = "commission"  # commission | high-representative | member-states
    military: bool = False  # costs of an operation with military implications (TEU 41(2))
    loans: Loans | None = None  # EU loans to the states that asked (SAFE), money.py
    requires: tuple[str, ...] = ()  # initiatives delivered first (a step before this one)


@dataclass(frozen=True)
class Expr:
    """An expression or statement as written, with where it was written for error messages."""

    text: str
    path: str = ""
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Later:
    """Effects that fall due `after` quarters later (at the start of that quarter's events)."""

    after: int
    effects: tuple[Expr, ...]


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    text: str
    effects: tuple[Expr, ...]
    ai_score: Expr | None
    later: Later | None = None
    declares: tuple[Declaration, ...] = ()
    source: str = ""  # source key of what the option describes (`sources`)


@dataclass(frozen=True)
class Declaration:
    """A state's declared vote on an initiative (yes, no, abstain, constructive-abstention)."""

    state: str
    initiative: str
    vote: str


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    text: str
    when: Expr | None
    first_turn: int  # inclusive, 1-based
    last_turn: int  # inclusive
    chance: float
    once: bool
    effects: tuple[Expr, ...]
    decider: str  # "council" or a state code
    choices: tuple[Choice, ...] = ()
    later: Later | None = None
    rule: str = ""  # council events: "unanimity" or "qmv" puts the options to a vote
    chance_scale: Expr | None = None  # multiplies `chance` game by game (clamped to 0-1)
    source: str = ""  # source key of the event's facts (`sources`)
    origin: int = -1  # index of the entry in the file's `events` (a for_each entry gives many)


@dataclass(frozen=True)
class Inject:
    """An event the facilitator holds back and fires by hand (classroom mode): the scenario's
    secret inject script. `turn` is the script's suggestion (0: none); `recipients` holds
    "everyone", "projector" and/or state codes."""

    id: str
    title: str
    text: str
    turn: int
    recipients: tuple[str, ...]
    effects: tuple[Expr, ...]
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Goal:
    id: str
    when: Expr
    text: str
    from_turn: int | None = None  # victory judged after every turn from this one (format 2)


@dataclass(frozen=True)
class Overlay:
    """A cable, pipeline or sea zone on the map that effects can damage (format 2)."""

    id: str
    name: str
    kind: str  # cable | pipeline | zone
    points: tuple[tuple[float, float], ...]  # (lon, lat)
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class ScenarioIndicator:
    """An indicator of the scenario's own (format 2 `indicators:`)."""

    id: str
    name: str
    value: Expr
    unit: str = "number"
    low: float = 0.0
    high: float = 1.0
    good: str = "high"
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class Goals:
    victory: Goal
    partial: Goal
    defeat: tuple[Goal, ...]


@dataclass(frozen=True)
class Objective:
    state: str
    text: str
    when: Expr


@dataclass
class Scenario:
    id: str
    title: str
    path: str
    summary: str
    briefing: str
    start_year: int
    start_quarter: int
    turns: int
    members: list[str]
    suggested_humans: list[str]
    sources: dict[str, Source]
    states: dict[str, MemberState]
    neighbours: dict[str, Neighbour]
    europe: dict[str, float]
    requirements: dict[str, float]
    us_support: dict[str, float]
    procurement: dict[str, Procurement]
    ammunition: AmmunitionMarket
    ukraine: UkraineSetup
    hubs: dict[str, Hub]
    corridors: dict[str, Corridor]
    initiatives: dict[str, Initiative]
    available_initiatives: list[str]
    events: list[Event]
    goals: Goals
    objectives: dict[str, Objective]
    debrief_questions: list[str]
    parameters: dict[str, float]
    content_hash: str = ""
    injects: list[Inject] = field(default_factory=list)  # the facilitator's script
    base_year: int = 2024  # whose defence spending the states start from (2024 or 2025)
    glossary: dict[str, str] = field(default_factory=dict)  # the scenario's own terms
    indicators: dict[str, ScenarioIndicator] = field(default_factory=dict)
    overlays: dict[str, Overlay] = field(default_factory=dict)
    format: int = 1  # the format version the file declares
    # Whether players may look at a decision's futures before making it (engine/preview.py):
    # an author switches it off where the look itself would change the lesson.
    preview: bool = True
    # The raw bytes it was built from (the file, then each base): saves keep a copy, so a
    # game continues after the file is edited or moved (engine/saves.py).
    source_files: tuple[bytes, ...] = field(default=(), repr=False, compare=False)

    def quarter_label(self, turn: int) -> str:
        """Turn 1 is the scenario's start quarter; later turns count on by quarter."""
        index = (self.start_quarter - 1) + (turn - 1)
        return f"Q{index % 4 + 1} {self.start_year + index // 4}"

    def calendar_year(self, turn: int) -> int:
        """The calendar year of a turn (turn 1 is the start quarter)."""
        return self.start_year + ((self.start_quarter - 1) + (turn - 1)) // 4
