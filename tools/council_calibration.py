"""Measure the AI Council against history: the figures of docs/council-calibration.md.

    PYTHONPATH=src python tools/council_calibration.py [--runs 2000] [--seed 1]

All-AI Monte Carlo runs of the bundled scenarios (the same batch `simulate` plays); prints one
line per target with the measured figure.
"""

from __future__ import annotations

import argparse

import numpy as np

from autonomy_game.engine.council import NO, YES, open_session
from autonomy_game.engine.events import fire_events
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.simulate import simulate
from autonomy_game.engine.state import new_state
from autonomy_game.engine.turn import begin_turn, turn_streams
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.bundled import bundled_scenarios
from autonomy_game.scenario.validate import load_scenario

SAFE_BORROWERS = ("PL", "RO", "FR", "HU", "IT", "BE", "LT", "PT", "LV", "BG", "EE", "SK", "CZ",
                  "HR", "CY", "ES", "FI", "GR", "DK")  # safe_allocations_2025
ESSI_EU = ("BE", "BG", "CZ", "EE", "DE", "HU", "LV", "LT", "NL", "SK", "SI", "RO", "FI", "DK",
           "SE", "AT", "GR", "PT")  # domain data, air_defence_essi
EURODRONE = ("DE", "FR", "IT", "ES")


def load(name: str):
    path = next(s.path for s in bundled_scenarios() if s.id == name)
    return load_scenario(str(path))


def turn_one_votes(scenario, runs: int, seed: int):
    """Every AI state's turn-1 vote on each open initiative: (world, votes [B, N, I])."""
    world = build_world(scenario)
    state = new_state(world, runs)
    ctx = begin_turn(world, state, indicators_current=True)
    streams = turn_streams(np.random.SeedSequence(seed), 0)
    no_humans = np.zeros(len(world.codes), bool)
    fire_events(world, state, streams.events, no_humans, ctx)
    update_indicators(world, state)
    session = open_session(world, state, streams.council, no_humans)
    return world, session.votes(world, state)


def membership(world, state_mask: np.ndarray, iid: str) -> dict[str, float]:
    i = world.initiative_ids.index(iid)
    return {code: float(state_mask[:, i, n].mean()) for n, code in enumerate(world.codes)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seat-votes", action="store_true",
                        help="also measure one seat voting no / abstaining on everything")
    args = parser.parse_args()
    if args.seat_votes:
        seat_votes(args.runs, args.seed)

    ammo = load("ammunition-cofunding")
    res = simulate(ammo, args.runs, args.seed)
    ids = list(res.adoption)
    world = build_world(ammo)
    turn = res.adopted_turn
    asap = turn[:, world.initiative_ids.index("asap_production")]
    by_july = ((asap > 0) & (asap <= 2)).mean()
    print(f"ammunition: ASAP adopted by turn 2 (Q3 2023, July 2023): {by_july:.1%}"
          f"  (ever: {(asap > 0).mean():.1%})")
    edip = turn[:, world.initiative_ids.index("edip_programme")]
    print(f"ammunition: EDIP adopted: {(edip > 0).mean():.1%}")
    epf = turn[:, world.initiative_ids.index("epf_ukraine_topup")]
    print(f"ammunition: EPF top-up adopted: {(epf > 0).mean():.1%} "
          f"(by turn 4, Q1 2024: {((epf > 0) & (epf <= 4)).mean():.1%})")
    print("ammunition adoption:", {k: round(res.adoption[k], 3) for k in ids})
    print(f"ammunition win rate {res.win_rate:.3f}")

    # EPF without issue linkage: Hungary's veto stands.
    from dataclasses import replace
    no_link = replace(ammo, parameters={**ammo.parameters, "linkage_reach": 0.0})
    res_nl = simulate(no_link, args.runs, args.seed)
    print(f"ammunition, no linkage: EPF top-up adopted {res_nl.adoption['epf_ukraine_topup']:.1%}")

    w, votes = turn_one_votes(ammo, min(args.runs, 500), args.seed)
    hu = w.codes.index("HU")
    i = w.initiative_ids.index("epf_ukraine_topup")
    print(f"ammunition turn 1: HU votes no on the EPF top-up without a deal in "
          f"{(votes[:, hu, i] == NO).mean():.1%} of games, yes (traded) in "
          f"{(votes[:, hu, i] == YES).mean():.1%}")

    tut = load("tutorial")
    res_t = simulate(tut, args.runs, args.seed)
    print("tutorial adoption:", {k: round(v, 3) for k, v in res_t.adoption.items()})

    for name in ("us-withdrawal", "supply-line-crisis"):
        sc = load(name)
        r = simulate(sc, args.runs, args.seed)
        print(f"{name} adoption:", {k: round(v, 3) for k, v in r.adoption.items()})
        w, votes = turn_one_votes(sc, min(args.runs, 500), args.seed)
        if "safe_loans" in w.initiative_ids and w.available[w.initiative_ids.index("safe_loans")]:
            s = w.initiative_ids.index("safe_loans")
            bad = [c for c in SAFE_BORROWERS if c in w.codes
                   and (votes[:, w.codes.index(c), s] == NO).any()]
            print(f"{name} turn 1: SAFE borrowers voting no in some game: {bad or 'none'}")
        for iid, real in (("essi", ESSI_EU), ("eurodrone", EURODRONE)):
            if iid in w.initiative_ids and w.available[w.initiative_ids.index(iid)]:
                k = w.initiative_ids.index(iid)
                join = (votes[:, :, k] == YES).mean(axis=0)
                members = [c for n, c in enumerate(w.codes) if join[n] >= 0.5]
                hit = len(set(members) & set(real))
                print(f"{name} turn 1 {iid}: joins in most games {members}; real members "
                      f"among them {hit}/{len(members)}; real members joining "
                      f"{hit}/{len(real)}")


def seat_votes(runs: int, seed: int) -> None:
    """Issue 9: one seat voting no (or abstaining) on everything, orders still the AI's."""
    from autonomy_game.engine.council import ABSTAIN
    from autonomy_game.engine.seat_votes import victory_rate_with_fixed_votes

    for name in ("us-withdrawal", "ammunition-cofunding", "supply-line-crisis"):
        sc = load(name)
        base = victory_rate_with_fixed_votes(sc, runs, seed, None, 0)
        for seat in ("DE", "FR", "PL"):
            for vote, label in ((NO, "no"), (ABSTAIN, "abstain")):
                late = victory_rate_with_fixed_votes(sc, runs, seed, seat, vote, False)
                print(f"{name}: {seat} votes {label} on everything (after the agenda is set): "
                      f"victory {late:.1%} vs {base:.1%} all-AI ({(late - base) * 100:+.1f} pp)")


if __name__ == "__main__":
    main()
