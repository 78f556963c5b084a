"""`--policy` for `simulate` and `play`: a doctrine that names its seat (`seat:`) may be given
alone; `play --policy SEAT=SPEC` plays AI seats by policy in the window's game."""

from __future__ import annotations

import json

import pygame
import pytest

from autonomy_game.cli.main import main
from autonomy_game.ui import env

THOUGHTFUL = "doctrines/thoughtful-us-withdrawal.yaml"


def test_a_doctrine_naming_its_seat_plays_that_seat_in_simulate(capsys):
    assert main(["simulate", "us-withdrawal", "--runs", "20", "--json", "--policy",
                 THOUGHTFUL]) == 0
    alone = json.loads(capsys.readouterr().out)
    seat = next(iter(alone["policies"]))
    assert alone["policies"] == {seat: THOUGHTFUL}
    assert main(["simulate", "us-withdrawal", "--runs", "20", "--json", "--policy",
                 f"{seat}={THOUGHTFUL}"]) == 0
    named = json.loads(capsys.readouterr().out)
    assert named["outcomes"] == alone["outcomes"]


def test_a_policy_without_a_seat_that_names_none_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as usage:
        main(["simulate", "us-withdrawal", "--runs", "5", "--policy", "passive"])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert "names no seat" in err and "Traceback" not in err


def test_play_plays_ai_seats_by_policy(monkeypatch):
    env.use_headless()
    monkeypatch.setattr(pygame.event, "wait", lambda *a: pygame.event.Event(pygame.QUIT))
    made = {}
    from autonomy_game.ui import app as app_module

    original = app_module.Services.new_game

    def spy(self, scenario, seed, humans, policies=None):
        made["policies"] = policies
        session = original(self, scenario, seed, humans, policies)
        made["game"] = session.game
        return session

    monkeypatch.setattr(app_module.Services, "new_game", spy)
    assert main(["play", "us-withdrawal", "--humans", "PL", "--policy", "DE=passive",
                 "--policy", "FR=random"]) == 0
    assert made["policies"] == {"DE": "passive", "FR": "random"}
    assert made["game"].policies == {"DE": "passive", "FR": "random"}


@pytest.mark.parametrize("argv, words", [
    (["play", "us-withdrawal", "--humans", "PL", "--policy", "PL=passive"], "human"),
    (["play", "--policy", "DE=passive"], "SCENARIO"),
    (["play", "us-withdrawal", "--policy", "XX=passive"], "XX"),
    (["play", "us-withdrawal", "--policy", "FR=nonsense"], "nonsense"),
])
def test_play_policy_errors_are_one_line_usage_errors(argv, words, capsys):
    with pytest.raises(SystemExit) as usage:
        main(argv)
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
