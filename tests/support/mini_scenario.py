"""A five-state scenario built in Python, for engine tests that must not depend on data files."""

from autonomy_game.scenario.model import (
    DOMAINS,
    AmmunitionMarket,
    Choice,
    Corridor,
    Delivery,
    Event,
    Expr,
    Goal,
    Goals,
    Hub,
    Initiative,
    MemberState,
    Objective,
    Procurement,
    Scenario,
    UkraineSetup,
)


def E(text: str) -> Expr:
    return Expr(text)


def mini_scenario() -> Scenario:
    codes = {
        "DE": (83.58, 4344, 2.1, 0.7),
        "FR": (68.64, 2957, 2.03, 0.55),
        "PL": (36.5, 797, 4.07, 0.95),
        "IT": (58.93, 2218, 1.5, 0.3),
        "HU": (9.54, 212, 2.13, 0.2),
    }
    states = {}
    for c, (pop, gdp, pct, east) in codes.items():
        states[c] = MemberState(
            c,
            c,
            pop,
            gdp,
            pct,
            True,
            True,
            False,
            1,
            False,
            0.5,
            0.5,
            0.6,
            {"east": east, "south": 0.5, "hybrid": 0.6, "china": 0.4},
            {d: 20.0 for d in DOMAINS},
            100,
            50,
            5,
        )
    proc = {d: Procurement(1.0, 8, 4) for d in DOMAINS}
    hubs = {
        "GDN": Hub("GDN", "Gdansk", "PL", "port", 100, 18.6, 54.4),
        "RZE": Hub("RZE", "Rzeszow", "PL", "airport", 60, 22, 50.1),
    }
    cors = {"PL_RAIL": Corridor("PL_RAIL", "rail", "rail", 80, ("GDN", "RZE"))}
    inits = {
        "essi": Initiative(
            "essi",
            "ESSI",
            "",
            "coalition",
            False,
            20,
            8,
            3,
            "participants",
            {"east": 0.8},
            0.6,
            Delivery({"air_defence": 25}, 0, {"cohesion": 0.03}, {"air_defence": 0.3}),
        ),
        "asap": Initiative(
            "asap",
            "ASAP",
            "",
            "qmv",
            False,
            5,
            6,
            0,
            "eu",
            {"east": 0.6},
            0.8,
            Delivery({}, 200, {}, {}),
        ),
    }
    ev = [
        Event(
            "strike",
            "Strike",
            "",
            E("adversary_pressure > 0.3"),
            2,
            10,
            0.5,
            True,
            (E('strike("RZE", 0.5)'),),
            "council",
            (),
        ),
        Event(
            "choice",
            "Choice",
            "",
            None,
            3,
            3,
            1.0,
            True,
            (),
            "PL",
            (
                Choice("a", "A", "", (E("cohesion += 0.05"),), E("1")),
                Choice("b", "B", "", (E("cohesion -= 0.05"),), E("0")),
            ),
        ),
    ]
    goals = Goals(
        Goal("v", E("deterrence >= 0.6"), ""),
        Goal("p", E("deterrence >= 0.4"), ""),
        (Goal("d", E("cohesion < 0.1"), ""),),
    )
    return Scenario(
        "mini",
        "Mini",
        "",
        "",
        "",
        2027,
        1,
        12,
        list(codes),
        [],
        {},
        states,
        {},
        {"us_commitment": 1.0, "cohesion": 0.6},
        {d: 200.0 for d in DOMAINS},
        {d: 60.0 for d in DOMAINS},
        proc,
        AmmunitionMarket(),
        UkraineSetup(need=300),
        hubs,
        cors,
        inits,
        list(inits),
        ev,
        goals,
        {"PL": Objective("PL", "x", E("initiative.essi.adopted"))},
        [],
        {"us_drawdown": 0.05},
    )
