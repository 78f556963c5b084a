"""The doctrine file format (format 1), described as data: docs/doctrine-format.md in code.

A doctrine is a scripted strategy for one seat, written by a teacher or a researcher without
Python. The description below is read by the structural checker (`check.py`, the scenario
checker plus one rule for "a list or a text") and by the JSON Schema generator (`schema.py`),
so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from autonomy_game.scenario.format_spec import (
    INITIATIVE_ID,
    ITEM_ID,
    NETWORK_ID,
    SCENARIO_ID,
    STATE_CODE,
)
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS
from autonomy_game.scenario.spec import (
    Const,
    Field,
    Flag,
    Number,
    OneOf,
    Record,
    Seq,
    Spec,
    Table,
    Text,
)

FORMAT_VERSION = 1
MARKER = "doctrine"  # the top-level key that makes a YAML file a doctrine
MAX_PATH_TURNS = 40

# Where the order money goes: each lever's share of the seat's discretionary money.
LEVERS: tuple[str, ...] = (
    "procurement",
    "shells",
    "shell_capacity",
    "materiel_aid",
    "hub_protection",
    "corridors",
)
PROPOSE_RULES: tuple[str, ...] = ("never", "most-support")
VOTE_RULES: tuple[str, ...] = ("ai", "yes", "no", "abstain", "threat", "cost")
VOTE_VALUES: tuple[str, ...] = ("yes", "no", "abstain")
EVENT_DEFAULTS: tuple[str, ...] = ("ai", "first")
KINDS: tuple[str, ...] = ("single-lever", "thoughtful", "other")
# Spending rules written as text (a list of numbers is a path). See `spending.py`.
SPENDING_WORDS: tuple[str, ...] = ("hold", "ai", "max", "match threat")
SPENDING_HINT = ("a list of % GDP per turn, or one of: hold, ai, max, match threat, "
                 "'+0.1 per turn up to 3.5', '-0.1 per turn down to 2', or a number such as 2.5")


@dataclass(frozen=True, kw_only=True)
class Either(Spec):
    """A value matching any one of `options` (a list of numbers or a text, say).

    The checker reports the option whose kind matches the value (a list is checked as the
    list option), so the message is about what the author wrote, not a list of alternatives.
    """

    options: tuple[Spec, ...]


def _share(description: str) -> Number:
    return Number(low=0, high=1, description=description)


SPENDING = Either(
    name="spending",
    description="Defence spending, % of GDP, each quarter: " + SPENDING_HINT + ". Always kept "
    "within the quarter's budget limits (fiscal room), as for a human player.",
    options=(
        Seq(item=Number(low=0, high=10, description="% of GDP"), min_items=1,
            max_items=MAX_PATH_TURNS,
            description="% of GDP for turn 1, 2, ...; the last value holds for later turns"),
        Text(max_length=60, description="a spending rule (" + SPENDING_HINT + ")"),
        Number(low=0, high=10, description="a constant target, % of GDP"),
    ),
)

ORDERS = Either(
    name="orders",
    description="How the seat's order money is split between the levers (shares summing to "
    "1), or `ai` to keep the advisor's orders (rescaled to this doctrine's spending).",
    options=(
        Record(
            description="share of the order money per lever; the shares must sum to 1",
            fields={lever: Field(_share(f"share of the order money into {lever}"), default=0)
                    for lever in LEVERS},
        ),
        OneOf(values=("ai",), description="keep the advisor's orders"),
    ),
)

PROCUREMENT = Record(
    name="procurement",
    description="How procurement money is spread over capability domains and origins.",
    fields={
        "domains": Field(Either(
            description="relative weight per domain (normalised; unnamed domains get 0), or "
                        "`gaps` to weight by the seat's capability gaps as the advisor does",
            options=(
                Table(key=OneOf(values=DOMAINS, description="capability domain"),
                      value=Number(low=0, high=1000), description="weight per domain"),
                OneOf(values=("gaps",), description="weight by the seat's gaps"),
            )), default="gaps"),
        "european_share": Field(_share("share bought from European industry (slower, builds "
                                       "autonomy); the rest is bought abroad"), default=0.7),
        "in_time": Field(Flag(description="buy only what is delivered before the last turn "
                                          "(an origin with nothing left in time hands its money "
                                          "to the other; money nothing can use is not spent)"),
                         default=True),
    },
)

def _ids_or(description: str, item: Text, list_description: str, words: tuple[str, ...],
            words_description: str) -> Either:
    """A list of 1 to 64 ids, or one of a few words (`own`, `never`...)."""
    return Either(description=description, options=(
        Seq(item=item, min_items=1, max_items=64, description=list_description),
        OneOf(values=words, description=words_description),
    ))


SHELLS = Record(
    name="shells",
    description="155 mm shell purchases.",
    fields={
        "european_share": Field(_share("share of shell money spent on European rounds; the "
                                       "rest buys foreign rounds"), default=1.0),
    },
)

HUB_PROTECTION = Record(
    name="hub_protection",
    description="Where the hub_protection money goes: which hubs, and which kinds.",
    fields={
        "kinds": Field(Table(key=OneOf(values=PROTECTIONS, description="protection kind"),
                             value=Number(low=0, high=1000),
                             description="relative weight of each protection kind "
                                         "(normalised; default: equal)")),
        "hubs": Field(_ids_or(
            "own: the seat's own hubs, busiest first; or a list of hub ids (any member's, "
            "e.g. RZE), shared equally",
            Text(pattern=NETWORK_ID, hint="a hub id such as RZE"), "hub ids",
            ("own",), "the seat's own hubs"), default="own"),
    },
)

CORRIDORS = Record(
    name="corridors",
    description="Where the corridors money goes.",
    fields={
        "routes": Field(_ids_or(
            "own: the corridors through the seat's hubs; or a list of corridor ids "
            "(e.g. RO_RAIL), shared equally",
            Text(pattern=NETWORK_ID, hint="a corridor id such as RO_RAIL"), "corridor ids",
            ("own",), "the seat's own corridors"), default="own"),
    },
)

COUNCIL = Record(
    name="council",
    description="What the seat does in the Council.",
    fields={
        "propose": Field(_ids_or(
            "never; most-support (the open initiative with the most yes votes); or a list of "
            "initiative ids, tabled in that order",
            Text(pattern=INITIATIVE_ID, hint="an initiative id such as essi"),
            "initiative ids in order", PROPOSE_RULES, "a proposing rule"), default="never"),
        "only_if_passing": Field(Flag(description="table an item only where the current votes "
                                                  "would pass it (a failed vote costs "
                                                  "cohesion)"), default=True),
        "vote": Field(OneOf(values=VOTE_RULES,
                            description="ai: as the advisor; yes / no / abstain: always; "
                                        "threat: yes when the initiative answers the seat's "
                                        "threat; cost: yes when the seat's share is cheap"),
                      default="ai"),
        "threat_threshold": Field(_share("for vote: threat, the least alignment (0-1) between "
                                         "the seat's threats and the initiative's for a yes"),
                                  default=0.4),
        "cost_limit": Field(_share("for vote: cost, the largest share of the seat's quarterly "
                                   "order money its part of an initiative may take for a yes"),
                            default=0.1),
        "votes": Field(Table(key=Text(pattern=INITIATIVE_ID, hint="an initiative id"),
                             value=OneOf(values=VOTE_VALUES),
                             description="per-initiative votes that override the rule")),
    },
)

EVENTS = Record(
    name="events",
    description="Options the seat picks in the events it decides.",
    fields={
        "default": Field(OneOf(values=EVENT_DEFAULTS,
                               description="ai: the advisor's pick; first: the first option"),
                         default="ai"),
        "choose": Field(Table(key=Text(pattern=ITEM_ID, hint="an event id"),
                              value=Text(pattern=ITEM_ID, hint="an option id"),
                              description="event id -> option id")),
    },
)

# What a phase may change, from its turn on (the rest is the doctrine's own setting).
PHASE_KEYS: tuple[str, ...] = ("spending", "orders", "procurement", "shells", "hub_protection",
                               "corridors", "aid_rounds", "council", "events")

_STRATEGY: dict[str, Field] = {
    "spending": Field(SPENDING, default="ai"),
    "orders": Field(ORDERS, default="ai"),
    "procurement": Field(PROCUREMENT),
    "shells": Field(SHELLS),
    "hub_protection": Field(HUB_PROTECTION),
    "corridors": Field(CORRIDORS),
    "aid_rounds": Field(_share("share of the seat's stock of rounds sent to Ukraine each "
                               "quarter (with orders: ai, the advisor's choice)")),
    "council": Field(COUNCIL),
    "events": Field(EVENTS),
}
assert tuple(_STRATEGY) == PHASE_KEYS

PHASE = Record(
    name="phase",
    description="From turn `from_turn` on, these keys replace the doctrine's own (each key "
                "whole: a phase's `orders` replaces all the shares); keys not given stay.",
    fields={
        "from_turn": Field(Number(low=1, high=MAX_PATH_TURNS, integer=True,
                                  description="the first turn of the phase"), required=True),
        **{key: Field(field.spec) for key, field in _STRATEGY.items()},
    },
)

DOCTRINE = Record(
    name="doctrine_file",
    description="An Autonomy doctrine: a scripted strategy for one seat (format 1).",
    fields={
        MARKER: Field(Const(values=(FORMAT_VERSION,), description="doctrine format version"),
                      required=True),
        "id": Field(Text(pattern=SCENARIO_ID, hint="2-40 lower-case letters, digits and -",
                         description="short name shown in results"), required=True),
        "title": Field(Text(max_length=120, description="one line for people")),
        "description": Field(Text(max_length=4000, description="what the doctrine does and "
                                                               "why")),
        "scenario": Field(Text(pattern=SCENARIO_ID, description="the bundled scenario it was "
                                                                "written for (its event and "
                                                                "option ids are checked)")),
        "seat": Field(Text(pattern=STATE_CODE, hint="a member state code such as DE",
                           description="the seat it was written for (the balance command "
                                       "plays it there); any seat may play it")),
        "kind": Field(OneOf(values=KINDS, description="single-lever: all money into one "
                                                      "lever; thoughtful: an expert's play")),
        **_STRATEGY,
        "phases": Field(Seq(item=PHASE, max_items=MAX_PATH_TURNS,
                            description="changes from a given turn on, in order of from_turn")),
    },
)
