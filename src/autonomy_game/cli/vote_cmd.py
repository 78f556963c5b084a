"""`autonomy-game vote RULE --yes CODES ...`: a Council calculator for classes and tests.

It counts one vote with the engine's own Treaty code (`engine/treaty.py`) and the base data's
real populations, and says which thresholds applied and why the proposal passes or fails.
Members of the Council named in no list vote no.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

RULE_CHOICES = ("qmv", "reinforced-qmv", "unanimity")
PROPOSALS = ("commission", "high-representative", "member-states")
PROPOSER_LABEL = {"commission": "the Commission", "high-representative": "the High "
                  "Representative", "member-states": "member states"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "vote", help="count a Council vote under a Treaty rule (a calculator)",
        description="Count a Council vote with the real populations of the EU-27 and print the "
                    "thresholds, the tally and the result. CODES are member-state codes "
                    "separated by commas (DE,FR,PL); members named in no list vote no.",
    )
    parser.add_argument("rule", choices=RULE_CHOICES, metavar="RULE",
                        help="qmv (TEU 16(4), TFEU 238(3)(a)), reinforced-qmv (TFEU 238(2), "
                             "238(3)(b)) or unanimity (TFEU 238(4), TEU 31(1))")
    parser.add_argument("--yes", default="", metavar="CODES",
                        help="states voting yes ('all': every participant in no other list)")
    parser.add_argument("--no", default="", metavar="CODES", help="states voting no")
    parser.add_argument("--abstain", default="", metavar="CODES", help="states abstaining")
    parser.add_argument("--constructive", default="", metavar="CODES",
                        help="states abstaining constructively with a formal declaration "
                             "(unanimity only, TEU 31(1))")
    parser.add_argument("--participants", default="", metavar="CODES",
                        help="the states taking part (default: all 27; 'pesco': the PESCO "
                             "participating states)")
    parser.add_argument("--proposal", choices=PROPOSALS, default=None,
                        help="who proposes (default: commission; member-states for "
                             "reinforced-qmv): under qmv, a proposal not from the Commission "
                             "or the High Representative needs reinforced QMV (TFEU 238(2))")
    parser.add_argument("--json", action="store_true", help="print the tally as a JSON object")
    parser.set_defaults(func=run, parser=parser)


def base_members() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Codes, populations in whole thousands and PESCO flags from the bundled base data."""
    from autonomy_game.scenario.merge import bundled_base_path
    from autonomy_game.scenario.yaml_loader import load_yaml_file

    path = bundled_base_path("eu27")
    if path is None:
        raise FileNotFoundError("the bundled base data (scenarios/data/eu27.yaml) is missing")
    states = load_yaml_file(path).data["states"]
    codes = list(states)
    people = np.round(np.array([float(states[c]["population"]) for c in codes]) * 1000.0)
    pesco = np.array([states[c].get("pesco") is True for c in codes], bool)
    return codes, people, pesco


def _codes(text: str, option: str, known: list[str], parser: argparse.ArgumentParser
           ) -> list[str]:
    found = [c.strip().upper() for c in text.split(",") if c.strip()]
    for code in found:
        if code not in known and not (option in ("--yes", "--participants")
                                      and code in ("ALL", "PESCO")):
            parser.error(f"unknown member state '{code}' in {option} (codes: "
                         f"{', '.join(known)})")
    return found


def run(args: argparse.Namespace) -> int:
    from autonomy_game.engine import treaty

    parser: argparse.ArgumentParser = args.parser
    codes, people, pesco = base_members()
    lists = {opt: _codes(getattr(args, opt.lstrip("-")), opt, codes, parser)
             for opt in ("--participants", "--yes", "--no", "--abstain", "--constructive")}
    named = lists.pop("--participants")
    if named == ["PESCO"]:
        participants = pesco.copy()
    elif "PESCO" in named or "ALL" in named:
        parser.error("--participants takes codes or the single word 'pesco'")
    else:
        participants = (np.array([c in named for c in codes]) if named
                        else np.ones(len(codes), bool))
    everyone = lists["--yes"] == ["ALL"]
    if "ALL" in lists["--yes"] and not everyone:
        parser.error("--yes takes codes or the single word 'all'")
    seen: dict[str, str] = {}
    for option, found in lists.items():
        for code in found:
            if code == "ALL":
                continue
            if code in seen:
                parser.error(f"{code} is named in both {seen[code]} and {option}")
            if not participants[codes.index(code)]:
                parser.error(f"{code} in {option} is not among the participants")
            seen[code] = option
    if lists["--constructive"] and args.rule != "unanimity":
        parser.error("constructive abstention (--constructive) exists only under unanimity "
                     "(TEU 31(1))")
    votes = np.full(len(codes), treaty.NO, np.int8)
    for option, value in (("--yes", treaty.YES), ("--no", treaty.NO),
                          ("--abstain", treaty.ABSTAIN),
                          ("--constructive", treaty.CONSTRUCTIVE)):
        for code in lists[option]:
            if code != "ALL":
                votes[codes.index(code)] = value
    if everyone:
        votes[[c not in seen for c in codes]] = treaty.YES
    proposal = args.proposal or ("member-states" if args.rule == "reinforced-qmv"
                                 else "commission")
    if args.rule == "reinforced-qmv" and proposal != "member-states":
        parser.error("reinforced QMV is the rule when neither the Commission nor the High "
                     "Representative proposes (TFEU 238(2)): use qmv with that --proposal")
    kind = treaty.rule_kind("qmv" if args.rule == "reinforced-qmv" else args.rule, False,
                            proposal)
    tally = treaty.count(kind, votes, participants, people, codes)
    if args.json:
        print(json.dumps(_as_json(tally, proposal), indent=2))
    else:
        print(_as_text(tally, proposal))
    return 0


def _as_json(t, proposal: str) -> dict:
    return {
        "rule": t.rule,
        "article": t.article,
        "proposal": proposal,
        "adopted": t.adopted,
        "reason": t.reason,
        "participants": t.participants,
        "participants_population_millions": round(t.participants_population, 2),
        "states_needed": t.states_needed,
        "population_needed": t.population_needed,
        "blocking_minority": t.blocking_minority,
        "yes_states": len(t.yes_states),
        "no_states": len(t.no_states),
        "abstaining_states": len(t.abstaining_states),
        "constructive_states": len(t.constructive_states),
        "yes_population_share": round(t.yes_population_share, 6),
        "constructive_population_share": round(t.constructive_population_share, 6),
        "yes": t.yes_states,
        "no": t.no_states,
        "abstain": t.abstaining_states,
        "constructive": t.constructive_states,
    }


def _as_text(t, proposal: str) -> str:
    from autonomy_game.engine.treaty import threshold_text

    members = len(t.participants)
    lines = [
        f"Rule: {threshold_text(t)}",
        f"      ({t.article}"
        + (f"; proposed by {PROPOSER_LABEL[proposal]})" if t.rule != "unanimity" else ")"),
        f"Participants: {members} states, {t.participants_population:.2f} million people",
        f"Tally: {len(t.yes_states)} yes, {len(t.no_states)} no, "
        f"{len(t.abstaining_states)} abstain"
        + (f", {len(t.constructive_states)} abstain constructively "
           f"({t.constructive_population_share:.2%} of the population)"
           if t.constructive_states else "")
        + f"; the yes side holds {t.yes_population_share:.2%} of the population",
    ]
    for label, states in (("Yes", t.yes_states), ("No", t.no_states),
                          ("Abstain", t.abstaining_states),
                          ("Constructive", t.constructive_states)):
        if states:
            lines.append(f"  {label + ':':<14}{', '.join(states)}")
    lines.append(f"Result: {'ADOPTED' if t.adopted else 'NOT ADOPTED'}: {t.reason}.")
    return "\n".join(lines)

