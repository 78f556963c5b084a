"""`autonomy-game play`: open the game window (the default command)."""

from __future__ import annotations

import argparse
import sys

from autonomy_game.cli.common import ScenarioUnavailable, load_or_report, seed_int
from autonomy_game.cli.policy_args import POLICY_HELP, policy_specs, seat_policy
from autonomy_game.cli.screenshot_cmd import parse_size
from autonomy_game.ui.theme import MAX_SCALE, MIN_SCALE


def parse_scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale must be a number, not {text!r}") from None
    if not MIN_SCALE <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"scale must be between {MIN_SCALE:g} and "
                                         f"{MAX_SCALE:g}, not {value:g}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "play", help="play in a window (default)",
        description="Open the game. Without SCENARIO: the start screen. With SCENARIO: start "
                    "that scenario at once with the given human seats.")
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO",
                        help="bundled scenario id or a file; starts it at once")
    parser.add_argument("--humans", metavar="PL,DE", default=None,
                        help="human seats in playing order (hotseat); '' for AI only")
    parser.add_argument("--seed", type=seed_int, default=1, metavar="S", help="seed (1)")
    parser.add_argument("--size", type=parse_size, default=(1280, 720), metavar="WxH",
                        help="window size (1280x720)")
    parser.add_argument("--scale", type=parse_scale, default=None,
                        help=f"UI scale {MIN_SCALE:g}–{MAX_SCALE:g} (default: follows the "
                             "window size: 1.5 at 1920x1080, 3 at 3840x2160)")
    parser.add_argument("--projector", action="store_true",
                        help="projector preset: everything larger, text at least 16 px at "
                             "1280x720 (also in the Esc menu)")
    parser.add_argument("--fullscreen", action="store_true", help="start in full screen")
    parser.add_argument("--policy", action="append", default=[], type=seat_policy,
                        metavar="SEAT=POLICY",
                        help=POLICY_HELP + " (with SCENARIO; not a human seat)")
    parser.add_argument("--no-preview", action="store_true",
                        help="switch the decision preview off (the futures of each option "
                        "shown before a choice): knowing the odds changes how a class plays")
    parser.set_defaults(func=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    prog = "autonomy-game play"
    from autonomy_game.ui.app import App, Services, Settings
    from autonomy_game.ui.catalog import DEFAULT_SCENARIO
    from autonomy_game.ui.scenes.game import GameScene
    from autonomy_game.ui.scenes.start import StartScene

    humans = None
    if args.humans is not None:
        humans = [h.strip().upper() for h in args.humans.split(",") if h.strip()]
    scenario = None
    if args.scenario:
        try:
            scenario = load_or_report(args.scenario)
        except ScenarioUnavailable:
            return 1
        seats = humans if humans is not None else scenario.suggested_humans[:1]
        unknown = [h for h in seats if h not in scenario.members]
        if unknown:
            print(f"{prog}: error: not a member state of {scenario.id}: {', '.join(unknown)} "
                  f"(members: {', '.join(scenario.members)})", file=sys.stderr)
            return 1
        humans = seats
    elif args.policy:
        args.parser.error("argument --policy: give the SCENARIO whose seats it plays")
    policies = _policies(args, scenario, humans or []) if args.policy else {}
    if policies is None:
        return 1
    from autonomy_game.ui import env

    try:
        env.init()
        reason = env.no_display_reason()
    except Exception as error:  # SDL could not start at all
        reason = str(error)
    if reason is not None:
        print(f"{prog}: error: cannot open a window: {reason}", file=sys.stderr)
        return 1
    try:
        services = Services.create(settings=Settings(scale=args.scale,
                                                     window_size=args.size,
                                                     projector=args.projector,
                                                     preview=not args.no_preview))
        app = App(services, args.size, fullscreen=args.fullscreen)
    except Exception as error:  # no display, broken SDL: one line, not a traceback
        print(f"{prog}: error: cannot open a window: {error}", file=sys.stderr)
        return 1
    if scenario is not None:
        services.new_game(scenario, args.seed, humans or [], policies)
        app.start(GameScene(services))
    else:
        app.start(StartScene(services, DEFAULT_SCENARIO, args.seed, humans))
    app.run()
    return 0


def _policies(args: argparse.Namespace, scenario, humans: list[str]) -> dict[str, str] | None:
    """Seat -> policy spec for the AI seats `--policy` names (as `simulate --policy`), checked
    against the scenario; None after printing a doctrine's errors (path:line:col)."""
    from autonomy_game.engine.policy.registry import PolicySpecError, seat_policies
    from autonomy_game.scenario.errors import ScenarioLoadError

    try:
        specs = policy_specs(args.policy)
        taken = sorted(set(specs) & set(humans))
        if taken:
            raise PolicySpecError(f"{', '.join(taken)} is played by a human (--humans); a "
                                  "policy plays only the other seats")
        seat_policies(list(scenario.members), specs)
    except PolicySpecError as error:
        args.parser.error(f"argument --policy: {error}")
    except ScenarioLoadError as error:
        for problem in error.errors:
            print(problem, file=sys.stderr)
        return None
    return specs
