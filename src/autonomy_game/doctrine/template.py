"""The commented starting point `autonomy-game new-doctrine` writes.

A teacher learns the format fastest from a file that already works, so the template is a
complete, valid doctrine with a comment on every key. A test validates it exactly as written.
"""

from __future__ import annotations

import re

TEMPLATE = """\
# yaml-language-server: $schema=./doctrine.schema.json
# {doctrine_id} - an Autonomy doctrine (format 1): a scripted strategy for one seat.
# Reference: docs/doctrine-format.md. Check this file with:  autonomy-game validate {filename}
# Play it for Germany:  autonomy-game simulate us-withdrawal --policy DE={filename}
# Editor help: autonomy-game schema --doctrine > doctrine.schema.json

doctrine: 1                  # format marker and version: this file is a doctrine
id: {doctrine_id}{id_padding}# short name shown in results
title: Close the gaps the Americans leave, in time
description: >-
  Raise spending steadily, buy what is missing where it arrives before the end, keep some
  money for shells and for Ukraine, and vote for what answers our threats.
scenario: us-withdrawal      # optional: the bundled scenario whose event ids are checked

# Defence spending, % of GDP. A list gives turn 1, 2, 3...; the last value holds after it.
# Rules: hold, ai (the advisor's level), max, match threat, a number such as 2.5,
# '+0.1 per turn up to 3.5' or '-0.1 per turn down to 2'. Always kept within the quarter's
# limits (fiscal room), exactly as for a human player.
spending: +0.1 per turn up to 3.5

# Shares of the order money (what is left after upkeep and initiative payments); they must
# sum to 1. Write `orders: ai` to keep the advisor's orders, rescaled to this spending.
orders:
  procurement: 0.6           # equipment, split by `procurement` below
  shells: 0.15               # 155 mm rounds, split by `shells` below
  shell_capacity: 0.05       # new shell production lines (deliver after a lead time)
  materiel_aid: 0.1          # materiel bought for Ukraine
  hub_protection: 0.05       # protection of logistics hubs, by `hub_protection` below
  corridors: 0.05            # transport capacity of corridors, by `corridors` below

procurement:
  domains:                   # relative weights (unnamed domains get none), or: domains: gaps
    isr: 3
    enablers: 3
    air_defence: 3
    land: 1
  european_share: 0.6        # bought in Europe (slow, builds autonomy); the rest abroad
  in_time: true              # only buy what is delivered before the last turn

shells:
  european_share: 0.8        # European rounds; the rest are bought abroad

hub_protection:
  kinds: {{air_defence: 2, cyber: 1, microgrid: 1}}   # relative weights of the kinds
  hubs: own                  # own (the seat's hubs, busiest first) or a list: [RZE, GDN]

corridors:
  routes: own                # own (through the seat's hubs) or a list: [RO_RAIL, PL_RAIL_N]

aid_rounds: 0.2              # share of the seat's stock of rounds sent to Ukraine each quarter

council:
  propose: most-support      # never, most-support, or a list of initiative ids in order
  only_if_passing: true      # table an item only where the votes would pass it
  vote: ai                   # ai, yes, no, abstain, threat (with threat_threshold) or cost
  votes:                     # per-initiative votes that override the rule
    essi: yes

events:
  default: ai                # for events not listed: ai (the advisor's pick) or first
  choose:                    # event id: option id
    patriot-offer: split
"""


def render_template(filename: str) -> str:
    """The template for a file named `filename` (its stem becomes the id when it fits)."""
    stem = filename.rsplit(".", 1)[0].lower()
    doctrine_id = re.sub(r"[^a-z0-9-]+", "-", stem).strip("-")[:40] or "my-doctrine"
    if len(doctrine_id) < 2:
        doctrine_id = "my-doctrine"
    padding = " " * max(1, 25 - len(doctrine_id))
    return TEMPLATE.format(doctrine_id=doctrine_id, id_padding=padding, filename=filename)
