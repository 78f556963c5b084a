"""The commented starting point `autonomy-game new-scenario` writes.

An author learns the format fastest from a file that already works, so the template is a
complete, valid scenario over the bundled EU-27 base data, with a comment on every key. A test
validates it exactly as written.
"""

from __future__ import annotations

import json
import re

TEMPLATE = """\
# yaml-language-server: $schema=./scenario.schema.json
# {title} - an Autonomy scenario (format 1).
# Reference: docs/scenario-format.md. Check this file with:  autonomy-game validate {filename}
# Editor help: the first line points editors that use yaml-language-server (VS Code with the
# YAML extension, and others) at the format's schema, for completion and hover help. Create
# the schema next to this file with:  autonomy-game schema > scenario.schema.json

format: 2                    # format version of this file
id: {scenario_id}{id_padding}# used on the command line: autonomy-game play {scenario_id}
title: {title_yaml}
# The shared data: all member states with sourced figures, the logistics network and the
# joint initiatives. base:eu27 is the copy bundled with the game; a relative path such as
# data/my-base.yaml is read relative to this file. Anything you write below wins over it.
extends: {extends}

summary: >-
  Two or three sentences for the start screen: what happens, and what the players must do.
briefing: |
  The teacher's briefing, read before play. Say what the crisis is, what each seat wants,
  and what to watch for.

start: {{year: 2027, quarter: 1}}   # date of turn 1
turns: 12                        # quarters played (1-40)

# The member states in play (default: every state of the base data) and the seats a class
# should take. Codes are ISO 3166-1 alpha-2: PL, DE, FR... (Greece is GR). A subset needs
# only its GDP share of the base's requirements and U.S. support (set your own to override).
# members: [DE, FR, PL]
suggested_humans: [PL, DE, FR]

# Starting Europe-wide indicators (0-1), overriding the base data.
europe:
  us_commitment: 0.9
  adversary_pressure: 0.4

# Model constants to tune the crisis (see engine/parameters.py for the list and ranges).
parameters:
  us_drawdown: 0.03          # U.S. commitment withdrawn per quarter

# Joint initiatives come from the base data; add your own (or override one key by key). The
# Council decides by `rule` (unanimity | qmv | coalition): a qmv item that the member states
# propose, not the Commission, needs 72 % of the states (TFEU 238(2)). See
# docs/council-rules.md, and try a vote with:  autonomy-game vote qmv --yes DE,FR,PL
initiatives:
  border_drone_wall:
    name: Border drone wall
    description: Sensors and interceptors along the eastern border, bought together.
    rule: qmv
    proposed_by: member-states   # commission (default for qmv) | high-representative
    cost: 3                      # EUR bn in total
    lead: 4                      # quarters from adoption to delivery
    funding: participants        # participants (GDP key) | eu
    threat: {{east: 0.9, hybrid: 0.5}}
    autonomy: 0.6
    delivers:
      capabilities: {{air_defence: 2}}

# Events: `turns: [first, last]` or `turn: N` picks when; `when` is an expression; `effects`
# are statements. With `choices`, the `decider` (a state code or council) picks one.
events:
  - id: drills-on-the-border
    title: Snap drills on the border
    text: Large exercises begin close to Poland's border. Warsaw asks its partners for help.
    turns: [2, 6]
    when: adversary_pressure > 0.3
    chance: 0.5                # per turn while eligible
    effects: ["PL.threat.east += 0.05", "adversary_pressure += 0.02"]
    decider: PL
    choices:
      - id: consult
        label: Ask the allies for consultations
        effects: ["cohesion += 0.02"]
        ai_score: PL.threat.east
      - id: alone
        label: Handle it nationally
        effects: ["PL.support += 0.02", "cohesion -= 0.01"]
        ai_score: 0.4
  - id: budget-debate
    title: Budget debate in Berlin
    turn: 4
    effects: ['message("The Bundestag debates the defence budget.")', "DE.support += 0.03"]

# How the game ends: victory and partial success are checked at the end of the last turn
# (victory first), each defeat after every turn. Each must name something that changes.
goals:
  victory: {{when: "deterrence >= 0.7 and cohesion >= 0.5", text: Europe holds together.}}
  partial: {{when: "deterrence >= 0.55", text: Europe muddles through.}}
  defeat:
    - {{id: split, when: "cohesion < 0.2", text: The Union splits.}}

# Secret objectives for human-played states, shown only to that seat.
objectives:
  PL: {{text: Raise defence spending to 5 % of GDP., when: "PL.defence_pct >= 5"}}
  DE: {{text: Keep the Union together., when: "cohesion >= 0.6"}}
  FR: {{text: Build European capability., when: "autonomy >= 0.5"}}

debrief:
  questions:
    - Which states paid the most, and why?
    - What would have changed under unanimity?
"""


def scenario_id_for(stem: str) -> str:
    """An id from a file name: `My Crisis.yaml` -> `my-crisis`; `my-scenario` if none fits."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40]
    return slug if len(slug) >= 2 else "my-scenario"


def render_template(filename: str, extends: str = "base:eu27") -> str:
    """The template text for a file called `filename`, extending `extends`."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    scenario_id = scenario_id_for(stem)
    title = stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My scenario"
    title = re.sub(r"[^A-Za-z0-9 ,.()'-]", "", title) or "My scenario"
    padding = " " * max(1, 21 - len(scenario_id))
    filename = filename.replace("\n", " ")
    return TEMPLATE.format(title=title, title_yaml=json.dumps(title), scenario_id=scenario_id,
                           id_padding=padding, extends=json.dumps(extends), filename=filename)
