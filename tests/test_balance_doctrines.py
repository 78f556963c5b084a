"""Which doctrines balance plays and how it classes them (single-lever, thoughtful)."""

from __future__ import annotations

from autonomy_game.balance.cells import playable, policy_cells
from autonomy_game.balance.doctrines import describe, find_doctrines


def write(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


def test_one_lever_with_all_the_money_is_a_single_lever_doctrine(tmp_path):
    path = write(tmp_path, "shells.yaml", "doctrine: 1\nid: all-shells\norders:\n  shells: 1\n")
    info = describe(path)
    assert (info.name, info.lever, info.scenario, info.spec) == ("all-shells", "single", None,
                                                                 str(path))


def test_maximum_spending_with_the_advisors_orders_is_a_single_lever(tmp_path):
    path = write(tmp_path, "max.yaml", "doctrine: 1\nid: max\nspending: max\norders: ai\n")
    assert describe(path).lever == "single"


def test_a_mix_of_levers_is_not_single_and_thoughtful_goes_by_name(tmp_path):
    mixed = write(tmp_path, "mix.yaml", "doctrine: 1\nid: mix\norders:\n  shells: 0.5\n"
                                        "  procurement: 0.5\n")
    wise = write(tmp_path, "thoughtful-x.yaml", "doctrine: 1\nid: thoughtful-x\n"
                                                "scenario: tutorial\norders:\n  shells: 1\n")
    assert describe(mixed).lever == ""
    assert describe(wise).lever == "thoughtful" and describe(wise).scenario == "tutorial"


def test_doctrines_for_another_scenario_are_not_played(tmp_path, eu27_world):
    write(tmp_path, "a.yaml", "doctrine: 1\nid: a\nscenario: other\norders:\n  shells: 1\n")
    write(tmp_path, "b.yaml", "doctrine: 1\nid: b\norders:\n  shells: 1\n")
    write(tmp_path, "notes.txt", "not a doctrine")
    found = find_doctrines(tmp_path)
    assert [d.name for d in found] == ["a", "b"]
    assert [d.name for d in playable(found, eu27_world.scenario.id)] == ["b"]
    keys = {c.key for c in policy_cells(eu27_world, found)}
    assert {"doctrine:b@DE", "doctrine:b@all"} <= keys
    assert not any(k.startswith("doctrine:a@") for k in keys)
