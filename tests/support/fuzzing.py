"""Fuzzing every untrusted surface (issue 11): scenario trees, expressions, saves, actions.

Each surface has a hypothesis strategy of hostile inputs and a `check_*` function that
feeds one input to the game the way a user would and judges the result. A check may end in
the expected refusal (a located error, an `ExpressionError`, a `SaveError`, an
`IllegalAction`); it raises `NonFinite` when a state that was let in holds a value that is
not finite or outside its declared range; any other exception is a traceback, a bug.
`tests/test_untrusted_fuzz.py` runs a few hundred cases per surface in CI;
`tools/fuzz.py --cases 10000` runs the nightly size and prints the counts.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenario"


class NonFinite(AssertionError):
    """A state the game accepted holds a non-finite or out-of-range value."""


def _state_ok(state: Any, world: Any, where: str) -> None:
    from autonomy_game.engine.state_limits import state_problems

    problems = state_problems(state, world)
    if problems:
        raise NonFinite(f"{where}: {'; '.join(problems[:3])}")


# -- hostile values ------------------------------------------------------------------------

HOSTILE_TEXT = ["\ud800", "\x00", "\x1b[31mred\x1b[0m", "\x9b2J", "a\nb", "\t", "\u202e",
                "x" * 5000, "a" + "\u0301" * 500, "", " ", "../../etc/passwd", "${HOME}",
                "<script>alert(1)</script>", "1e999", "nan", "inf", "-0", "NO"]
HOSTILE_NUMBERS = [0, -1, 1, 2**63, -(2**63), 10**4000, 10**40, 1e308, -1e308, 1e39, 1e-320,
                   0.1, 7, 3.5, 40, 41, 27, 1_000_000]

texts = st.one_of(st.sampled_from(HOSTILE_TEXT),
                  st.text(st.characters(blacklist_categories=()), max_size=40))
numbers = st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers(-10**30, 10**30),
                    st.floats(allow_nan=False, allow_infinity=False))
scalars = st.one_of(numbers, texts, st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(string.ascii_lowercase, max_size=8),
                                                 inner, max_size=4)), max_leaves=12)


# -- expressions ---------------------------------------------------------------------------

NUMBER_TEXT = st.one_of(
    st.sampled_from(["0", "1", "0.5", "1e9", "1e999", "1e39", "1e308", "10", "-3", "1e-320",
                     "999999999999999999999999", "0.0001"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr))


@cache
def _names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from autonomy_game.engine.expressions import NameTable

    table = NameTable.for_scenario(mini_scenario())
    names = tuple(table.known_names())
    writable = []
    for name in names:
        try:
            if table.resolve(name.split(".")).writable:
                writable.append(name)
        except KeyError:
            pass
    return names, (*writable, "var.x", "var.y")


def expressions(depth: int = 3) -> st.SearchStrategy[str]:
    names, _ = _names()
    leaf = st.one_of(NUMBER_TEXT, st.sampled_from(names), st.sampled_from(
        ["true", "false", "cohesoin", "__import__", "var.x", "mean(gdp)", "sum(cap.land)",
         "count(support > 0.5)", "max(gdp)", "turn", "turns"]))

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "<", ">", "==", "!=",
                                                    "and", "or", "<=", "**", "%"]), inner)
        call = st.tuples(st.sampled_from(["min", "max", "abs", "clamp", "mean", "sum",
                                          "count", "print", "open"]),
                         st.lists(inner, min_size=0, max_size=3))
        return st.one_of(
            binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda e: f"-{e}"), inner.map(lambda e: f"not {e}"),
            call.map(lambda t: f"{t[0]}({', '.join(t[1])})"))

    return st.recursive(leaf, grow, max_leaves=2 ** depth)


def statements() -> st.SearchStrategy[str]:
    _, writable = _names()
    assignment = st.tuples(st.sampled_from(writable), st.sampled_from(["=", "+=", "-=", "*="]),
                           expressions()).map(lambda t: f"{t[0]} {t[1]} {t[2]}")
    attack = st.tuples(st.sampled_from(["strike", "cyberattack", "blackout", "blockade"]),
                       st.sampled_from(["RZE", "GDN", "PL_RAIL", "nowhere"]),
                       expressions(2)).map(lambda t: f'{t[0]}("{t[1]}", {t[2]})')
    message = texts.map(lambda t: f"message({t!r})")
    return st.one_of(assignment, attack, message, expressions(2))


def check_expression(text: str, statement: bool) -> str:
    """Compile; if accepted, run it on a small batch and require a sound state."""
    from autonomy_game.engine.expressions import (
        EvalContext,
        ExpressionError,
        NameTable,
        compile_expression,
        compile_statement,
    )
    from autonomy_game.engine.state import new_state

    scenario, world = mini_scenario(), mini_world()
    names = NameTable.for_scenario(scenario)
    try:
        compiled = (compile_statement if statement else compile_expression)(text, names)
    except ExpressionError:
        return "refused"
    state = new_state(world, 4)
    ctx = EvalContext(state, world)
    mask = np.array([True, False, True, True])
    if statement:
        compiled.execute(ctx, mask)  # type: ignore[union-attr]
        compiled.execute(ctx, None)  # type: ignore[union-attr]
    else:
        result = compiled.evaluate(ctx)  # type: ignore[union-attr]
        if result.shape != (4,):
            raise AssertionError(f"expression gave shape {result.shape}")
    _state_ok(state, world, f"after {text!r}")
    return "accepted"


# -- scenario trees ------------------------------------------------------------------------


@cache
def mini_document() -> dict[str, Any]:
    """The test base data and mini scenario as one self-contained document (no extends)."""
    from autonomy_game.scenario.merge import deep_merge
    from autonomy_game.scenario.yaml_loader import load_yaml_file

    base = load_yaml_file(FIXTURES / "base.yaml").data  # YAML 1.2: NO stays Norway
    mini = load_yaml_file(FIXTURES / "mini.yaml").data
    document = deep_merge(base, mini)
    document.pop("extends", None)
    return document


@cache
def mini_scenario() -> Any:
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario(FIXTURES / "mini.yaml")


@cache
def mini_world() -> Any:
    from autonomy_game.engine.world import build_world

    return build_world(mini_scenario())


def value_paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path in `value`, the root `()` first."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += value_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += value_paths(item, (*path, index))
    return found


def _replace(document: Any, path: tuple, new: Any, delete: bool = False) -> Any:
    if not path:
        return new
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        parent.pop(path[-1], None)
    elif delete and isinstance(parent, list):
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return document


@st.composite
def mutated(draw: Any, original: Any, extra: st.SearchStrategy[Any]) -> Any:
    """`original` with 1-4 places replaced by a hostile value, deleted or given a new key."""
    document = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 4))):
        paths = value_paths(document)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
        if action == "add":
            target = document
            for key in path:
                target = target[key]
            if isinstance(target, dict):
                target[draw(st.one_of(texts, st.integers()))] = draw(extra)
                continue
            if isinstance(target, list):
                target.append(draw(extra))
                continue
        document = _replace(document, path, draw(extra), delete=action == "delete" and
                            bool(path))
    return document


@st.composite
def plausible(draw: Any) -> Any:
    """Mostly valid scenarios: hostile effects in the events, numbers changed within reach of
    their range. Many are accepted, so the run-time side (play) is fuzzed too."""
    document = copy.deepcopy(mini_document())
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            event = draw(st.sampled_from(document["events"]))
            event["effects"] = draw(st.lists(statements(), min_size=1, max_size=3))
            if draw(st.booleans()):
                event["when"] = draw(expressions(2))
        else:
            numeric = [p for p in value_paths(document) if _is_number(_at(document, p))]
            path = draw(st.sampled_from(numeric))
            old = _at(document, path)
            new = draw(st.one_of(st.floats(-1.0, 2.0 * abs(old) + 1.0), st.integers(0, 60)))
            document = _replace(document, path, new)
    return document


def _at(document: Any, path: tuple) -> Any:
    for key in path:
        document = document[key]
    return document


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def scenario_texts() -> st.SearchStrategy[str]:
    extra = st.one_of(values, expressions(), statements(),
                      st.lists(statements(), max_size=3))
    return st.one_of(mutated(mini_document(), extra), plausible()).map(_dump_yaml)


def _dump_yaml(document: Any) -> str:
    try:
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10**6)
    except (yaml.YAMLError, ValueError, UnicodeError, RecursionError):
        return repr(document)  # not YAML-dumpable: fuzz the loader with its text instead


def check_scenario(text: str) -> str:
    """Validate the text; if accepted, play two AI turns of 8 games and check the state."""
    from autonomy_game.engine.state import new_state
    from autonomy_game.engine.turn import play_ai_turn, turn_streams
    from autonomy_game.engine.world import build_world
    from autonomy_game.scenario.validate import check_bytes

    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")  # bytes no editor would save
    result = check_bytes(raw, FIXTURES / "fuzz.yaml", "fuzz.yaml")
    for error in result.errors:
        str(error).encode("utf-8")  # every message must be printable
        if "internal error" in error.message:
            raise AssertionError(str(error))
    if result.errors or result.scenario is None or result.is_base_data:
        return "refused"
    world = build_world(result.scenario)
    state = new_state(world, 8)
    _state_ok(state, world, "new state")
    seeds = np.random.SeedSequence(1)
    for turn in range(min(2, world.turns)):
        play_ai_turn(world, state, turn_streams(seeds, turn), indicators_current=True)
        _state_ok(state, world, f"turn {turn + 1}")
    return "accepted"


# -- saves -----------------------------------------------------------------------------------


@cache
def save_document() -> dict[str, Any]:
    """A real save of the mini scenario at turn 2, in the orders phase."""
    import tempfile

    from autonomy_game.engine.game import Game
    from autonomy_game.engine.saves import save_game

    game = Game(mini_scenario(), seed=3, humans=["PL", "DE"])
    while not (game.turn == 2 and game.phase == "orders"):
        game.advance()
    with tempfile.TemporaryDirectory() as folder:
        path = save_game(game, Path(folder) / "s.json")
        return json.loads(path.read_text())


@st.composite
def save_texts(draw: Any) -> str:
    from autonomy_game.engine.saves import _checksum, decode_array, encode_array

    document = copy.deepcopy(save_document())
    kind = draw(st.sampled_from(["tree", "tree", "array", "array", "truncate"]))
    if kind == "array":  # an encoded state array with hostile values, re-encoded properly
        fields = document["checkpoint"]["state"]
        name = draw(st.sampled_from(sorted(k for k, v in fields.items() if isinstance(v, dict))))
        entry = fields[name]
        template = np.zeros(entry["shape"], np.dtype(entry["dtype"]))
        array = decode_array(entry, template, tuple(entry["shape"]), name)
        if array.size:
            flat = array.reshape(-1)
            index = draw(st.integers(0, flat.size - 1))
            value = draw(st.one_of(st.floats(), st.integers(-2**62, 2**62), st.booleans()))
            with contextlib.suppress(OverflowError, ValueError), np.errstate(over="ignore"):
                flat[index] = value
        fields[name] = encode_array(array)
    elif kind == "tree":
        document = draw(mutated(document, values))
    if isinstance(document, dict) and draw(st.integers(0, 9)):
        body = {k: v for k, v in document.items() if k != "checksum"}
        with contextlib.suppress(TypeError, ValueError):
            document["checksum"] = _checksum(body)  # anyone can recompute it
    text = json.dumps(document, default=str)  # NaN/Infinity written, as a tamperer could
    if kind == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    return text


def check_save(text: str, folder: Path) -> str:
    """Load the text as a save; if it loads, its state must be sound and play must go on."""
    from autonomy_game.engine.actions import IllegalAction
    from autonomy_game.engine.saves import SaveError, load_game

    path = folder / "fuzz-save.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        game = load_game(path)
    except SaveError as error:
        str(error).encode("utf-8")
        return "refused"
    _state_ok(game.state, game.world, "loaded save")
    for _ in range(4):
        if game.phase == "ended":
            break
        try:
            game.advance()
        except IllegalAction:
            break
        _state_ok(game.state, game.world, "after loading and playing on")
    return "accepted"


# -- actions ---------------------------------------------------------------------------------


def actions() -> st.SearchStrategy[Any]:
    from autonomy_game.engine import actions as A

    ids = st.one_of(st.sampled_from(["PL", "DE", "HU", "FR", "essi", "drones", "escalate",
                                     "absorb", "RZE", "PL_RAIL", "land", "air_defence",
                                     "cyber", "xx"]), texts)
    amounts = st.one_of(st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1.0, 0.0,
                                         0.5, 2.0, 1e9, 10**40]), st.floats(),
                        st.integers(-10**20, 10**20))
    return st.one_of(
        st.just(A.EndPhase()),
        st.builds(A.ChooseOption, ids, ids),
        st.builds(A.Propose, ids, ids),
        st.builds(A.Vote, ids, ids, st.one_of(st.sampled_from([-1, 0, 1, 2]), amounts)),
        st.builds(A.Persuade, ids, ids, ids, amounts),
        st.builds(A.SidePayment, ids, ids, ids, amounts),
        st.builds(A.SetDefencePct, ids, amounts),
        st.builds(A.Procure, ids, ids, st.one_of(st.booleans(), amounts), amounts),
        st.builds(A.BuyShells, ids, st.booleans(), amounts),
        st.builds(A.InvestIndustry, ids, amounts),
        st.builds(A.AidUkraine, ids, amounts, amounts),
        st.builds(A.Protect, ids, ids, ids, amounts),
        st.builds(A.InvestCorridor, ids, ids, amounts),
    )


def action_sequences() -> st.SearchStrategy[list[Any]]:
    return st.lists(actions(), min_size=1, max_size=12)


def check_actions(sequence: list[Any]) -> str:
    """Apply each action to a live game: only `IllegalAction` may refuse one, and the state
    stays sound after every step."""
    from autonomy_game.engine.actions import IllegalAction
    from autonomy_game.engine.game import Game

    game = Game(mini_scenario(), seed=5, humans=["PL", "DE"])
    refused = 0
    for action in sequence:
        try:
            game.apply(action)
        except IllegalAction as error:
            str(error).encode("utf-8")
            refused += 1
        _state_ok(game.state, game.world, f"after {type(action).__name__}")
    return "refused" if refused == len(sequence) else "accepted"


# -- running a surface -----------------------------------------------------------------------

SURFACES = ("scenario", "expression", "save", "action")


@dataclass
class Counts:
    """What one surface's run found. Only `tracebacks`, `hangs` and `non_finite` are bugs."""

    surface: str
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    tracebacks: int = 0
    hangs: int = 0
    non_finite: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.tracebacks == self.hangs == self.non_finite == 0


class _Hang(BaseException):
    """Raised by the alarm: a BaseException, so no `except Exception` under test swallows it."""


def _surface(name: str, folder: Path) -> tuple[st.SearchStrategy[Any], Any]:
    if name == "scenario":
        return scenario_texts(), check_scenario
    if name == "expression":
        cases = st.one_of(expressions().map(lambda e: (e, False)),
                          statements().map(lambda e: (e, True)))
        return cases, lambda case: check_expression(*case)
    if name == "save":
        return save_texts(), lambda text: check_save(text, folder)
    if name == "action":
        return action_sequences(), check_actions
    raise ValueError(f"unknown surface {name!r} (one of {', '.join(SURFACES)})")


def run_surface(name: str, cases: int, seed: int = 0, hang_s: float = 20.0) -> Counts:
    """Run `cases` generated inputs through one surface; every outcome is counted, nothing
    is raised (so hypothesis neither stops nor shrinks: this is a census, not a search)."""
    import signal
    import tempfile
    import time
    import traceback

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    counts = Counts(name)
    started = time.perf_counter()

    def alarm(signum: int, frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    with tempfile.TemporaryDirectory() as folder:
        strategy, check = _surface(name, Path(folder))

        @hypothesis_seed(seed)
        @settings(max_examples=cases, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def one(case: Any) -> None:
            counts.cases += 1
            signal.setitimer(signal.ITIMER_REAL, hang_s)
            try:
                outcome = check(case)
            except _Hang:
                counts.hangs += 1
                counts.failures.append(f"hang (> {hang_s} s): {case!r:.300}")
            except NonFinite as error:
                counts.non_finite += 1
                counts.failures.append(f"non-finite: {error}; input {case!r:.300}")
            except Exception:
                counts.tracebacks += 1
                counts.failures.append(f"{traceback.format_exc(limit=-3)}input {case!r:.300}")
            else:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)

        try:
            one()
        finally:
            signal.signal(signal.SIGALRM, previous)
    counts.seconds = time.perf_counter() - started
    return counts
