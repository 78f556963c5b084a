"""The scenario file format (format 1), described as data; docs/scenario-format.md in code.

Checked structurally by `structure.py` and turned into the JSON Schema by `schema.py`.
Cross-references (a member that is not a state, a hub that does not exist, a figure without a
source) are not structure: `references.py` checks those.
"""

from __future__ import annotations

from autonomy_game.engine.parameters import PARAMETERS
from autonomy_game.scenario.model import (
    DOMAINS,
    HUB_KINDS,
    PROPOSERS,
    PROTECTIONS,
    RULES,
    THREAT_AXES,
)
from autonomy_game.scenario.spec import (
    Const,
    Expression,
    Field,
    Flag,
    Number,
    OneOf,
    Record,
    Seq,
    Table,
    Text,
)

FORMAT_VERSION = 2
FORMAT_VERSIONS = (1, 2)  # what this game reads
MAX_TURNS = 40

# Length limits of texts, in characters (docs/scenario-format.md, "Limits"). A text longer
# than the window can show is a mistake or an attack; these leave room for every real one.
MAX_TITLE = 120  # scenario and event titles
MAX_NAME = 120  # names of states, hubs, corridors, initiatives; publishers
MAX_LABEL = 100  # choice buttons
MAX_TEXT = 2_000  # event, choice, goal and objective texts
MAX_DESCRIPTION = 1_000  # initiative descriptions
MAX_SUMMARY = 1_000
MAX_BRIEFING = 10_000
MAX_QUESTION = 500
MAX_SOURCE_TITLE = 600
MAX_URL = 500
MAX_PATH = 500
# How many of each a scenario (merged with its base) may hold: beyond what a class can play,
# well inside what validation and a 10 000-game batch handle quickly.
MAX_EVENTS = 500
MAX_STATES = 60
MAX_INITIATIVES = 200
MAX_HUBS = 300
MAX_CORRIDORS = 300
MAX_SOURCES = 2_000
MAX_CHOICES = 8
MAX_STATEMENTS = 50
MAX_DEFEATS = 20
MAX_QUESTIONS = 50
MAX_GLOSSARY = 100
MAX_SCENARIO_INDICATORS = 4
MAX_OVERLAYS = 20
MAX_OVERLAY_POINTS = 50

SCENARIO_ID = r"^[a-z0-9-]{2,40}$"
STATE_CODE = r"^[A-Z]{2}$"
# Hub, corridor and initiative ids appear inside expressions (hub.RZE.health), so they must be
# identifiers there: a letter, then letters, digits or _.
NETWORK_ID = r"^[A-Za-z][A-Za-z0-9_]{0,31}$"
INITIATIVE_ID = r"^[A-Za-z][A-Za-z0-9_]{0,63}$"
ITEM_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
SOURCE_KEY = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
INDICATOR_ID = r"^[a-z][a-z0-9_]{0,31}$"
FIELD_REF = r"^[a-z_][a-z0-9_]*(\.[a-z_]+)?$"
DECIDER = r"^(council|each|[A-Z]{2})$"
RECIPIENT = r"^(everyone|projector|[A-Z]{2})$"
MAX_INJECTS = 100
# How the Council decides an event it votes on (`rule` on an event whose decider is council).
EVENT_RULES: tuple[str, ...] = ("unanimity", "qmv")
# A vote a choice makes a state declare on an initiative; `constructive-abstention` is
# TEU 31(1): the state abstains, does not block and does not pay (TEU 41(2)).
DECLARED_VOTES: tuple[str, ...] = ("yes", "no", "abstain", "constructive-abstention")

CORRIDOR_MODES: tuple[str, ...] = ("rail", "road", "sea", "river", "air", "mixed")
FUNDING: tuple[str, ...] = ("participants", "eu", "epf")
SOURCE_KINDS: tuple[str, ...] = ("verified", "derived", "estimate", "recalled")
EUROPE_KEYS: tuple[str, ...] = ("us_commitment", "cohesion", "adversary_pressure", "eu_funds",
                               "epf_funds")

# Keys that only a scenario has. A file with none of them is base data (`scenarios/data/`).
SCENARIO_MARKERS: tuple[str, ...] = (
    "id",
    "title",
    "turns",
    "goals",
    "summary",
    "briefing",
    "start",
    "members",
    "suggested_humans",
    "available_initiatives",
    "events",
    "injects",
    "objectives",
    "debrief",
)


def _state_code(description: str = "ISO 3166-1 alpha-2 code, e.g. PL (Greece is GR)") -> Text:
    return Text(pattern=STATE_CODE, hint="two capital letters (ISO 3166-1 alpha-2, e.g. PL)",
                description=description)


def _item_id(description: str) -> Text:
    return Text(pattern=ITEM_ID, hint="lower-case letters, digits, - and _ (e.g. drone-incursion)",
                description=description)


def _initiative_id(description: str) -> Text:
    return Text(pattern=INITIATIVE_ID, hint="a letter, then letters, digits or _ (e.g. essi)",
                description=description)


def _source_key(description: str = "key of an entry under `sources`") -> Text:
    return Text(pattern=SOURCE_KEY, hint="letters, digits, _ . and -", description=description)


def _share(description: str) -> Number:
    return Number(low=0, high=1, description=description)


def _by_domain(description: str, high: float = 10_000) -> Table:
    return Table(
        key=OneOf(values=DOMAINS, description="capability domain"),
        value=Number(low=0, high=high),
        description=description,
    )


def _statements(description: str) -> Seq:
    return Seq(item=Expression(statement=True, description="an effect statement, e.g. "
                                                       "`cohesion += 0.03`"),
               max_items=MAX_STATEMENTS, description=description)


SOURCE = Record(
    name="source",
    overridable=True,
    description="A bibliography entry. Every state figure must name one.",
    fields={
        "title": Field(Text(max_length=MAX_SOURCE_TITLE,
                            description="title of the publication or dataset"), required=True),
        "publisher": Field(Text(max_length=MAX_NAME, description="who published it"), default=""),
        "year": Field(Number(low=1800, high=2200, integer=True, description="year of publication")),
        "url": Field(Text(max_length=MAX_URL, description="where to find it"), default=""),
        "kind": Field(
            OneOf(values=SOURCE_KINDS, description="how the figure was obtained; `estimate` "
                  "figures are shown as estimates in the game"),
            default="verified",
        ),
    },
)

THREAT = Record(
    name="threat",
    overridable=True,
    description="threat perception per axis, 0-1",
    fields={axis: Field(_share(f"perceived {axis} threat, 0-1"), required=True)
            for axis in THREAT_AXES},
)

OVERRIDE = Field(Flag(description="true when this entry deliberately redefines the base "
                                  "data's entry of the same id (otherwise validate warns)"),
                 default=False)

STATE = Record(
    name="state",
    overridable=True,
    description="A member state's starting data. Every figure needs a source (see `sources`).",
    fields={"override": OVERRIDE,
        "name": Field(Text(max_length=MAX_NAME,
                           description="name shown in the game"), required=True),
        "population": Field(Number(low=0.01, high=200, description="millions, 1 Jan 2025"),
                            required=True),
        "gdp": Field(Number(low=1, high=10_000, description="GDP, € billion per year"),
                     required=True),
        "gni": Field(Number(low=1, high=10_000, description="gross national income, € billion "
                            "per year: the key for national shares of common costs (EPF, EU "
                            "budget); default: the GDP")),
        "defence_pct": Field(Number(low=0, high=10, description="defence spending, % of GDP "
                                    "in the base year 2024"), required=True),
        "defence_pct_2025": Field(Number(low=0, high=10, description="defence spending, % of "
                                         "GDP in 2025 (used when a scenario sets base_year: "
                                         "2025); default: defence_pct")),
        "nato": Field(Flag(description="NATO member: covered by the U.S. guarantee in deterrence; "
                           "feels a U.S. withdrawal in its threat and Atlanticism"),
                      required=True),
        "pesco": Field(Flag(description="PESCO participant (only these may join PESCO projects)"),
                       required=True),
        "neutral": Field(Flag(description="militarily non-aligned (AT, IE, MT): its EPF share pays "
                              "for non-lethal aid only"), required=True),
        "us_troops": Field(Number(low=0, high=100, description="U.S. personnel hosted, thousands:"
                                  " weighs in deterrence and in how a host feels a withdrawal"),
                           required=True),
        "nuclear_sharing": Field(Flag(description="hosts U.S. B61 under NATO nuclear sharing: "
                                      "the U.S. nuclear guarantee in deterrence"),
                                 required=True),
        "fiscal_space": Field(_share("room to borrow and raise spending (1 = ample)"),
                              required=True),
        "support": Field(_share("public support for defence spending"), required=True),
        "atlanticism": Field(_share("reliance on and preference for U.S.-led answers"),
                             required=True),
        "threat": Field(THREAT, required=True),
        "capabilities": Field(
            _by_domain("capability points per domain (about € 1 bn of equipment each); "
                       "a domain left out is 0"),
            required=True,
        ),
        "ammunition": Field(Number(low=0, high=100_000, description="155 mm stock, thousand "
                                   "rounds"), required=True),
        "shell_capacity": Field(Number(low=0, high=10_000, description="155 mm production, "
                                       "thousand rounds per quarter"), required=True),
        "political_capital": Field(Number(low=0, high=100, description="spendable on persuasion"),
                                   required=True),
        "industry": Field(_share("share of the EU's defence-industrial output made in this state "
                                 "(where jointly bought equipment is built); 0 if left out"),
                          default=0.0),
        "sources": Field(
            Table(key=Text(pattern=FIELD_REF, hint="a state field, e.g. gdp or threat.east"),
                  value=_source_key(),
                  description="source of each figure: field (or field.sub, e.g. threat.east) -> "
                  "source key; overrides `field_sources`"),
            default={},
        ),
    },
)

NEIGHBOUR = Record(
    name="neighbour",
    overridable=True,
    description="a non-playable country drawn on the map",
    fields={"override": OVERRIDE, "name": Field(Text(max_length=MAX_NAME,
                               description="name shown on the map"), required=True)},
)

START = Record(
    description="date of turn 1",
    fields={
        "year": Field(Number(low=1900, high=2200, integer=True, description="year of turn 1"),
                      default=2027),
        "quarter": Field(Number(low=1, high=4, integer=True, description="quarter of turn 1"),
                         default=1),
    },
)

EUROPE = Record(
    description="starting Europe-wide indicators",
    fields={
        "us_commitment": Field(_share("share of U.S. forces and enablers still committed to "
                                      "Europe"), default=1.0),
        "cohesion": Field(_share("unity of the Union"), default=0.6),
        "adversary_pressure": Field(_share("how hard the adversary pushes"), default=0.3),
        "eu_funds": Field(Number(low=0, high=100_000, description="€ bn in EU-budget "
                                 "instruments (EDF, EDIP, CEF) available to initiatives"),
                          default=0.0),
        "epf_funds": Field(Number(low=0, high=100_000, description="€ bn still unspent in the "
                                  "off-budget European Peace Facility"), default=0.0),
    },
)

PROCUREMENT = Record(
    name="procurement",
    overridable=True,
    description="cost and lead times of buying one capability domain",
    fields={
        "cost": Field(Number(low=0.01, high=100, description="€ bn per capability point"),
                      required=True),
        "lead_european": Field(Number(low=0, high=MAX_TURNS, integer=True,
                                      description="quarters to deliver when bought in Europe"),
                               required=True),
        "lead_foreign": Field(Number(low=0, high=MAX_TURNS, integer=True,
                                     description="quarters to deliver when bought abroad"),
                              required=True),
        "capacity": Field(Number(low=0, high=100_000, description="€ bn of European orders a "
                                 "quarter that Europe's industry delivers at the base price; 0: "
                                 "no limit"), default=0.0),
        "inflation": Field(Number(low=0, high=10, description="European price rise per unit of "
                                  "orders beyond capacity"), default=0.5),
    },
)

RAMP = Record(
    name="ramp",
    description="a plant whose 155 mm output follows a known schedule (e.g. Rheinmetall "
    "Unterlüß): from `year` on, the state's capacity includes `rounds_per_year`",
    fields={
        "state": Field(_state_code("the state where the plant is"), required=True),
        "plant": Field(Text(description="name of the plant"), default=""),
        "year": Field(Number(low=1900, high=2200, integer=True,
                             description="first calendar year at this output"), required=True),
        "rounds_per_year": Field(Number(low=0, high=100_000, description="thousand rounds a "
                                        "year from that year on"), required=True),
        "source": Field(_source_key("source of the schedule"), required=True),
    },
)

AMMUNITION = Record(
    description="the 155 mm ammunition market",
    fields={
        "price": Field(Number(low=0.01, high=100, description="€ thousand per round at balanced "
                              "demand"), default=4.0),
        "foreign_price": Field(Number(low=0.01, high=100, description="€ thousand per round "
                                      "bought outside Europe"), default=5.5),
        "foreign_supply": Field(Number(low=0, high=100_000, description="thousand rounds per "
                                       "quarter available abroad"), default=150.0),
        "inflation": Field(Number(low=0, high=10, description="price rise per unit of excess "
                                  "demand over capacity"), default=0.6),
        # Not 0: new capacity is bought at money / capacity_cost (found by tools/fuzz.py: 0
        # made the capacity pipeline infinite).
        "capacity_cost": Field(Number(low=0.0001, high=10, description="€ bn per thousand "
                                      "rounds/quarter of new capacity"), default=0.02),
        "capacity_lead": Field(Number(low=0, high=MAX_TURNS, integer=True,
                                      description="quarters before new capacity produces"),
                               default=6),
        "explosives": Field(Number(low=0, high=100_000, description="thousand rounds a quarter "
                                   "that Europe's explosives and powder plants can fill; shell "
                                   "output never exceeds it; 0: no limit"), default=0.0),
        "ramps": Field(Seq(item=RAMP, description="plants with a known output schedule; a "
                           "state's capacity grows by the plant's output when the year comes "
                           "(the state's `shell_capacity` excludes them)"), default=[]),
    },
)

UKRAINE = Record(
    description="Ukraine's needs and the front",
    fields={
        "need": Field(Number(low=0, high=100_000, description="thousand rounds per quarter the "
                             "front consumes"), default=600.0),
        "front": Field(_share("0 = collapse, 0.5 = stable line, 1 = regained ground"),
                       default=0.5),
        "kt_per_k_rounds": Field(Number(low=0, high=10, description="thousand tonnes per "
                                        "thousand rounds"), default=0.05),
        "kt_per_bn_materiel": Field(Number(low=0, high=100, description="thousand tonnes per € "
                                           "bn of materiel"), default=2.0),
    },
)

HUB = Record(
    name="hub",
    overridable=True,
    description="a logistics hub (port, airport, railhead, road node or border crossing)",
    fields={"override": OVERRIDE,
        "name": Field(Text(max_length=MAX_NAME,
                           description="name shown on the map"), required=True),
        "country": Field(_state_code("country the hub is in: a state or a neighbour"),
                         required=True),
        "kind": Field(OneOf(values=HUB_KINDS, description="kind of hub"), required=True),
        "capacity": Field(Number(low=0, high=100_000, description="thousand tonnes per quarter"),
                          required=True),
        "lon": Field(Number(low=-180, high=180, description="longitude, degrees east"),
                     required=True),
        "lat": Field(Number(low=-90, high=90, description="latitude, degrees north"),
                     required=True),
        "source": Field(_source_key("source of the hub's figures"), default=""),
    },
)

CORRIDOR = Record(
    name="corridor",
    overridable=True,
    description="a supply route along hubs; the last hub is at the Ukrainian border",
    fields={"override": OVERRIDE,
        "name": Field(Text(max_length=MAX_NAME,
                           description="name shown on the map"), required=True),
        "mode": Field(OneOf(values=CORRIDOR_MODES, description="how goods move"), required=True),
        "capacity": Field(Number(low=0, high=100_000, description="thousand tonnes per quarter"),
                          required=True),
        "path": Field(Seq(item=Text(pattern=NETWORK_ID, hint="a hub id such as RZE"), min_items=1,
                          description="hub ids in order, the last at the Ukrainian border"),
                      required=True),
        "source": Field(_source_key("source of the corridor's figures"), default=""),
    },
)

NETWORK = Record(
    description="the logistics network",
    fields={
        "hubs": Field(Table(key=Text(pattern=NETWORK_ID, hint="a letter, then letters, digits "
                                     "or _ (e.g. RZE)"), value=HUB, max_items=MAX_HUBS,
                                           description="hubs by id"),
                      default={}),
        "corridors": Field(Table(key=Text(pattern=NETWORK_ID, hint="a letter, then letters, "
                                          "digits or _ (e.g. PL_RAIL)"), value=CORRIDOR,
                                 max_items=MAX_CORRIDORS,
                                 description="corridors by id"), default={}),
    },
)

DELIVERY = Record(
    description="what an initiative delivers when complete",
    fields={
        "capabilities": Field(_by_domain("points, shared among participants by cost share"),
                              default={}),
        "shell_capacity": Field(Number(low=0, high=10_000, description="thousand rounds/quarter,"
                                       " shared likewise"), default=0.0),
        "explosives": Field(Number(low=0, high=10_000, description="thousand rounds/quarter of "
                                   "explosives and powder for Europe as a whole (the input "
                                   "bottleneck co-funding relieves)"), default=0.0),
        "europe": Field(
            Record(description="added once on delivery", fields={
                "us_commitment": Field(Number(low=-1, high=1)),
                "cohesion": Field(Number(low=-1, high=1)),
                "adversary_pressure": Field(Number(low=-1, high=1)),
                "eu_funds": Field(Number(low=-100_000, high=100_000)),
                "epf_funds": Field(Number(low=-100_000, high=100_000)),
                "ukraine_front": Field(Number(low=-1, high=1)),
            }),
            default={},
        ),
        "hubs": Field(
            Record(description="protection added to every hub in participating states",
                   fields={name: Field(_share(f"{name} protection added"))
                           for name in PROTECTIONS}),
            default={},
        ),
    },
)

LOANS = Record(
    description="EU loans to the member states that ask for them (SAFE): on delivery each "
    "named state may draw its allocation, for European equipment only, and repays it later",
    fields={
        "allocations": Field(Table(key=_state_code(), value=Number(low=0, high=100_000),
                                   description="€ bn each state asked for (states not named "
                                   "did not ask)"), required=True),
        "draw_quarters": Field(Number(low=1, high=200, integer=True, description="quarters "
                                      "over which an allocation is paid out"), default=20),
        "grace_quarters": Field(Number(low=0, high=400, integer=True, description="quarters "
                                       "after the opening before repayment starts"),
                                default=40),
        "repay_quarters": Field(Number(low=1, high=400, integer=True, description="quarters "
                                       "over which what was drawn is repaid"), default=80),
        "rate": Field(Number(low=0, high=0.5, description="interest per year on what is "
                             "owed"), default=0.03),
        "source": Field(_source_key("source of the allocations and terms"), default=""),
    },
)

INITIATIVE = Record(
    name="initiative",
    overridable=True,
    description="a joint initiative that can be proposed in the Council",
    fields={"override": OVERRIDE,
        "name": Field(Text(max_length=MAX_NAME,
                           description="name shown in the game"), required=True),
        "description": Field(Text(max_length=MAX_DESCRIPTION, multiline=True,
                                          description="what it is, for the player"), default=""),
        "rule": Field(OneOf(values=RULES, description="decision rule in the Council"),
                      required=True),
        "pesco": Field(Flag(description="only PESCO participants vote and may join (a PESCO "
                            "coalition is a PESCO project: unanimity of the PESCO states, "
                            "TEU 46(6))"), default=False),
        "proposed_by": Field(
            OneOf(values=PROPOSERS, description="who proposes it: a qmv item not proposed by "
                  "the Commission or the High Representative needs a reinforced qualified "
                  "majority of 72 % of the states (TFEU 238(2)); default: commission for qmv, "
                  "member-states otherwise")),
        "military": Field(Flag(description="an operation with military or defence "
                               "implications (TEU 41(2)): a state that abstains "
                               "constructively does not pay for it"), default=False),
        "requires": Field(Seq(item=_initiative_id("initiative id"), description="initiatives "
                              "that must be delivered before this one may be proposed (e.g. "
                              "air-defence data sharing before joint interceptors)"),
                          default=[]),
        "cost": Field(Number(low=0, high=10_000, description="€ bn in total"), required=True),
        "lead": Field(Number(low=0, high=MAX_TURNS, integer=True, description="quarters from "
                             "adoption to delivery"), required=True),
        "min_participants": Field(
            Number(low=1, high=27, integer=True, description="coalition only; default: the "
                   "`min_participants_default` parameter"),
        ),
        "funding": Field(OneOf(values=FUNDING, description="participants (GNI key) | eu (paid "
                               "from eu_funds, then GNI key of all members) | epf (the "
                               "off-budget Peace Facility: epf_funds, then national "
                               "contributions by GNI key; eu_funds untouched)"),
                         default="participants"),
        "loans": Field(LOANS),
        "threat": Field(Table(key=OneOf(values=THREAT_AXES), value=_share("0-1"),
                              description="which fears it answers"), default={}),
        "autonomy": Field(_share("how much it builds European autonomy (Atlanticists resist)"),
                          default=0.0),
        "delivers": Field(DELIVERY, default={}),
        "effects": Field(_statements("further statements run on delivery"), default=[]),
        "source": Field(_source_key("source of the initiative's figures"), default=""),
        "beneficiaries": Field(
            Table(key=_state_code("a state that receives money from the instrument"),
                  value=Number(low=0, high=100_000, description="€ bn it receives (loans or "
                               "grants), in real money: the AI weighs it against its budget"),
                  description="who receives the instrument's money (e.g. SAFE loans by state)"),
            default={}),
        "beneficiaries_source": Field(_source_key("source of the beneficiaries' amounts"),
                                      default=""),
        "positions": Field(
            Table(key=Text(pattern=r"^([A-Z]{2}|others)$", hint="a state code or others"),
                  value=Number(low=-2, high=2, description="utility added to the state's "
                               "stance"),
                  description="national positions on record (a veto threatened, a rival "
                              "programme preferred, a partner of the real programme); `others` "
                              "applies to every state not named"),
            default={}),
        "positions_source": Field(_source_key("source of the positions"), default=""),
    },
)

LATER = Record(
    name="later",
    description="effects that take place some quarters later (an order placed now that "
                "arrives, a promise that falls due)",
    fields={
        "after": Field(Number(low=1, high=MAX_TURNS, integer=True,
                              description="quarters to wait: 1 = at the start of next quarter"),
                       required=True),
        "effects": Field(_statements("statements run then, in the games where it was set "
                                     "going"), required=True),
    },
)

DECLARATION = Record(
    name="declaration",
    description="a state's declared vote on an initiative, binding its AI stance from now on",
    fields={
        "state": Field(_state_code("the state that declares"), required=True),
        "initiative": Field(_initiative_id("the initiative it declares on"), required=True),
        "vote": Field(OneOf(values=DECLARED_VOTES, description="yes | no | abstain | "
                            "constructive-abstention (TEU 31(1): does not block unanimity and "
                            "does not pay, TEU 41(2))"), required=True),
    },
)

CHOICE = Record(
    name="choice",
    description="an option the decider picks",
    fields={
        "source": Field(_source_key("source of what this option describes"), default=""),
        "id": Field(_item_id("choice id, unique within the event"), required=True),
        "label": Field(Text(max_length=MAX_LABEL,
                            description="short label on the button"), required=True),
        "text": Field(Text(max_length=MAX_TEXT, multiline=True,
                           description="longer explanation"), default=""),
        "effects": Field(_statements("statements run when chosen"), default=[]),
        "ai_score": Field(Expression(description="how much an AI decider likes this choice")),
        "later": Field(LATER),
        "declares": Field(Seq(item=DECLARATION, description="votes states declare on "
                                                           "initiatives when this is chosen"),
                          default=[]),
    },
)

EVENT = Record(
    name="event",
    description="a scripted or random event",
    fields={
        "source": Field(_source_key("source of the event's facts (a key under sources)"),
                        default=""),
        "id": Field(_item_id("event id, unique in the scenario"), required=True),
        "title": Field(Text(max_length=MAX_TITLE, description="headline"), required=True),
        "text": Field(Text(max_length=MAX_TEXT, multiline=True,
                           description="what happened"), default=""),
        "turn": Field(Number(low=1, high=MAX_TURNS, integer=True,
                             description="the only turn it may happen (instead of `turns`)")),
        "turns": Field(Seq(item=Number(low=1, high=MAX_TURNS, integer=True), min_items=2,
                           max_items=2, description="[first, last] turn it may happen, "
                           "inclusive; default: any turn")),
        "when": Field(Expression(description="trigger; default: true")),
        "chance": Field(Expression(number_low=0, number_high=1,
                                   description="chance per turn while eligible: a number from "
                                   "0 to 1, or an expression judged game by game and clamped "
                                   "to 0-1 (e.g. 0.3 * (1 - hub.RZE.air_defence))"),
                        default=1.0),
        "chance_scale": Field(Expression(description="multiplies `chance` in each game, "
                                         "clamped to 0-1: a risk that depends on what players "
                                         "did (e.g. 1 - hub.RZE.air_defence)")),
        "once": Field(Flag(description="happens at most once"), default=True),
        "effects": Field(_statements("statements run when it happens"), default=[]),
        "for_each": Field(Seq(item=Text(pattern=r"^([A-Z]{2}|members)$",
                                        hint="a member state code, or members for all",
                                        description="a member in play, or members"),
                              min_items=1, max_items=MAX_STATES,
                              description="format 2: one event per listed state ([members]: "
                              "every member in play); `each.` in its expressions names that "
                              "state, {state} in its texts its name, decider: each lets it "
                              "decide")),
        "decider": Field(Text(pattern=DECIDER, hint="a state code, council or each",
                              description="who picks a choice: a state code, or council"),
                         default="council"),
        "choices": Field(Seq(item=CHOICE, max_items=MAX_CHOICES,
                             description="options; the decider picks one"),
                         default=[]),
        "rule": Field(OneOf(values=EVENT_RULES, description="council events only: the Council "
                            "votes on the options under this rule (unanimity: TFEU 238(4), "
                            "abstentions do not block; qmv: TEU 16(4)); each AI state votes by "
                            "what the option's effects give or cost it; if no option carries, "
                            "the last option (the status quo) applies")),
        "later": Field(LATER),
    },
)

INJECT = Record(
    name="inject",
    description="an event held back for the facilitator (a secret inject script): the teacher "
                "fires it from the classroom console when the class is ready for it",
    fields={
        "id": Field(_item_id("inject id, unique in the scenario"), required=True),
        "title": Field(Text(max_length=MAX_TITLE, description="headline"), required=True),
        "text": Field(Text(max_length=MAX_TEXT, multiline=True,
                           description="what the recipients read"), default=""),
        "turn": Field(Number(low=1, high=MAX_TURNS, integer=True,
                             description="the turn the script suggests firing it in")),
        "recipients": Field(Seq(item=Text(pattern=RECIPIENT,
                                          hint="everyone, projector or a state code"),
                                min_items=1, description="who receives it: everyone, "
                                "projector (the room view only) or state codes"),
                            default=["everyone"]),
        "effects": Field(_statements("statements run when it is fired"), default=[]),
        "choices": Field(Seq(item=CHOICE, max_items=MAX_CHOICES,
                             description="options; the first recipient state picks one (or the "
                             "teacher, when the recipients name no state)"),
                         default=[]),
    },
)

GOAL = Record(
    name="goal",
    description="an end condition",
    fields={
        "when": Field(Expression(description="condition; must name something that changes in "
                                 "play"), required=True),
        "text": Field(Text(max_length=MAX_TEXT, multiline=True,
                                 description="what the players are told"), required=True),
        "from_turn": Field(Number(low=1, high=MAX_TURNS, integer=True,
                                  description="victory only (format 2): judged after every "
                                  "turn from this one on, so the game is won as soon as it "
                                  "holds; default: judged after the last turn only")),
    },
)

DEFEAT = Record(
    name="defeat",
    description="a defeat condition, checked after every turn",
    fields={
        "id": Field(_item_id("defeat id, unique"), required=True),
        "when": Field(Expression(description="condition; must name something that changes in "
                                 "play"), required=True),
        "text": Field(Text(max_length=MAX_TEXT, multiline=True,
                                 description="what the players are told"), required=True),
    },
)

GOALS = Record(
    description="how the game ends: victory and partial success at the end of the last turn "
    "(victory first), defeat after any turn",
    fields={
        "victory": Field(GOAL, required=True),
        "partial": Field(GOAL, required=True),
        "defeat": Field(Seq(item=DEFEAT, max_items=MAX_DEFEATS, description="defeat conditions"),
                        default=[]),
    },
)

OBJECTIVE = Record(
    name="objective",
    description="a secret objective for a human-played state",
    fields={
        "text": Field(Text(max_length=MAX_TEXT, multiline=True,
                                 description="what the state's players are told"), required=True),
        "when": Field(Expression(description="met when true at the end; must name something that"
                                 " changes in play"), required=True),
    },
)

PARAMETERS_SPEC = Record(
    description="model constants (engine/parameters.py); each has a default",
    fields={
        name: Field(Number(low=p.low, high=p.high, description=p.meaning), default=p.default)
        for name, p in PARAMETERS.items()
    },
)

OVERLAY_KINDS = ("cable", "pipeline", "zone")

OVERLAY = Record(
    name="overlay",
    description="a line or area drawn on the map that effects can damage (format 2)",
    fields={
        "name": Field(Text(max_length=MAX_NAME, description="name shown on the map"),
                      required=True),
        "kind": Field(OneOf(values=OVERLAY_KINDS, description="cable or pipeline (a line), "
                            "zone (an area)"), required=True),
        "points": Field(Seq(item=Seq(item=Number(low=-180, high=180), min_items=2, max_items=2,
                                     description="[longitude, latitude] in degrees"),
                            min_items=2, max_items=MAX_OVERLAY_POINTS,
                            description="the line's points in order, or the zone's corners"),
                        required=True),
        "description": Field(Text(max_length=MAX_DESCRIPTION, multiline=True,
                                  description="for the tooltip"), default=""),
        "source": Field(_source_key("source of its route"), default=""),
    },
)

INDICATOR_UNITS = ("share", "count", "number", "eur_bn", "kt", "k_rounds")

INDICATOR = Record(
    name="indicator",
    description="an indicator of the scenario's own, shown in the top bar, the charts, the "
    "quarter report and the debrief",
    fields={
        "name": Field(Text(max_length=40, description="short label shown to players"),
                      required=True),
        "value": Field(Expression(description="its value, recomputed whenever Europe's "
                                  "indicators are (e.g. var.cuts)"), required=True),
        "unit": Field(OneOf(values=INDICATOR_UNITS, description="how the value is shown: "
                            "share (as %), count, number, eur_bn (€ bn), kt, k_rounds "
                            "(thousand rounds)"), default="number"),
        "low": Field(Number(low=-1e6, high=1e6, description="bottom of its scale in charts"),
                     default=0),
        "high": Field(Number(low=-1e6, high=1e6, description="top of its scale in charts"),
                      default=1),
        "good": Field(OneOf(values=("high", "low"), description="which direction is good "
                            "for Europe (colours the change)"), default="high"),
        "description": Field(Text(max_length=MAX_DESCRIPTION, multiline=True,
                                  description="what it measures, for the tooltip"), default=""),
        "source": Field(_source_key("source of what it measures"), default=""),
    },
)

SCENARIO = Record(
    description="An Autonomy scenario (format 1 or 2), or base data when it has none of the "
    "scenario keys (id, title, turns, goals, events...).",
    fields={
        "format": Field(Const(values=FORMAT_VERSIONS,
                              description="format version: 1 or 2 (2 adds scenario "
                              "indicators, a glossary, victory.from_turn, chance as an "
                              "expression, numbers in messages, sources on events; a format 1 "
                              "file is also a valid format 2 file)"),
                        required=True),
        "id": Field(Text(pattern=SCENARIO_ID, hint="2-40 lower-case letters, digits and -",
                         description="identifier used on the command line"), scenario_only=True),
        "title": Field(Text(max_length=MAX_TITLE,
                            description="shown on the start screen"), scenario_only=True),
        "extends": Field(Text(max_length=MAX_PATH,
                              description="base data file: a path relative to this file, or "
                              "base:NAME for the bundled scenarios/data/NAME.yaml")),
        "summary": Field(Text(max_length=MAX_SUMMARY, multiline=True,
                              description="two or three sentences for the start screen"),
                         default=""),
        "briefing": Field(Text(max_length=MAX_BRIEFING, multiline=True,
                               description="the teacher's briefing"), default=""),
        "start": Field(START, default={"year": 2027, "quarter": 1}),
        "base_year": Field(Number(low=2024, high=2025, integer=True,
                                  description="which year's defence spending the states start "
                                  "from: 2024 (defence_pct, NATO's 2024 report) or 2025 "
                                  "(defence_pct_2025, NATO's 2025 estimates)"), default=2024),
        "preview": Field(Flag(description="whether players may preview a decision (the "
                              "futures of each option, played by the AI) before making it; "
                              "false switches it off"), default=True),
        "turns": Field(Number(low=1, high=MAX_TURNS, integer=True,
                              description="number of quarters played"), scenario_only=True),
        "members": Field(Seq(item=_state_code(), description="member states in play; default: "
                             "all states")),
        "suggested_humans": Field(Seq(item=_state_code(), description="seats a class should "
                                      "take"), default=[]),
        "sources": Field(Table(key=_source_key("source key"), value=SOURCE, max_items=MAX_SOURCES,
                               description="bibliography"), default={}),
        "field_sources": Field(
            Table(key=Text(pattern=FIELD_REF, hint="a state field, e.g. gdp or threat.east"),
                  value=_source_key(), description="default source for a state field"),
            default={},
        ),
        "states": Field(Table(key=_state_code(), value=STATE, max_items=MAX_STATES,
                              description="member-state data "
                              "(merged over the base)"), default={}),
        "neighbours": Field(Table(key=_state_code(), value=NEIGHBOUR, max_items=MAX_STATES,
                                  description="non-playable countries on the map"), default={}),
        "europe": Field(EUROPE, default={}),
        "requirements": Field(_by_domain("what Europe needs per domain; a domain left out is 0",
                                         high=100_000), default={}),
        "us_support": Field(_by_domain("what the U.S. supplies per domain at full commitment; a "
                                       "domain left out is 0", high=100_000), default={}),
        "procurement": Field(Table(key=OneOf(values=DOMAINS), value=PROCUREMENT,
                                   description="cost and lead times per domain (every domain)"),
                             default={}),
        "ammunition": Field(AMMUNITION, default={}),
        "ukraine": Field(UKRAINE, default={}),
        "network": Field(NETWORK, default={}),
        "initiatives": Field(Table(key=_initiative_id("initiative id"), value=INITIATIVE,
                                   max_items=MAX_INITIATIVES,
                                   description="joint initiatives that can be proposed"),
                             default={}),
        "available_initiatives": Field(Seq(item=_initiative_id("initiative id"),
                                           description="which initiatives may be proposed; "
                                           "default: all")),
        "events": Field(Seq(item=EVENT, max_items=MAX_EVENTS,
                            description="scripted and random events"), default=[]),
        "injects": Field(Seq(item=INJECT, max_items=MAX_INJECTS,
                             description="the facilitator's secret inject script (classroom "
                             "mode)"), default=[]),
        "goals": Field(GOALS, scenario_only=True),
        "objectives": Field(Table(key=_state_code(), value=OBJECTIVE, max_items=MAX_STATES,
                                  description="secret objectives by state code"), default={}),
        "debrief": Field(Record(description="for the class discussion", fields={
            "questions": Field(Seq(item=Text(max_length=MAX_QUESTION, multiline=True),
                                  max_items=MAX_QUESTIONS,
                                  description="discussion questions"), default=[]),
        }), default={"questions": []}),
        "parameters": Field(PARAMETERS_SPEC, default={}),
        "indicators": Field(Table(key=Text(pattern=INDICATOR_ID, hint="a lower-case letter, "
                                           "then lower-case letters, digits or _ (e.g. "
                                           "cables_cut)"),
                                  value=INDICATOR, max_items=MAX_SCENARIO_INDICATORS,
                                  description="the scenario's own indicators (format 2), shown "
                                  "to players beside Europe's"), default={}),
        "overlays": Field(Table(key=Text(pattern=INDICATOR_ID, hint="a lower-case letter, then "
                                         "lower-case letters, digits or _ (e.g. estlink2)"),
                                value=OVERLAY, max_items=MAX_OVERLAYS,
                                description="lines and areas on the map that effects can "
                                "damage (format 2): read overlay.ID.health, damage with "
                                "sabotage(\"ID\", 0.5)"), default={}),
        "glossary": Field(Table(key=Text(max_length=60, description="the term as it appears "
                                         "in the scenario's text"),
                                value=Text(max_length=MAX_DESCRIPTION, multiline=True,
                                           description="a short explanation for students"),
                                max_items=MAX_GLOSSARY,
                                description="the scenario's own glossary terms (format 2): "
                                "linked in its text like the game's glossary, and listed with "
                                "it; a term the game already explains is explained this "
                                "scenario's way"), default={}, scenario_only=False),
    },
)
