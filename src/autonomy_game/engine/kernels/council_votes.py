"""The Council's stances, votes and counts, game by game in one pass (numba).

Imported only through `engine.kernels.council` (it imports numba). Each kernel is the
compiled form of numpy code in engine/council.py, named in its docstring, and must give the
same arrays bit for bit (tests/test_engine_kernels.py): float32 stays float32 (constants
arrive as float32 arguments, as NEP 50 casts a Python float to an array's float32), float64
stays float64, and every sum the numpy code does is either element-wise in the same order or
a count of whole numbers (exact in any order).
"""

from __future__ import annotations

import numpy as np
from numba import njit

YES, ABSTAIN, NO, CONSTRUCTIVE = 1, 0, -1, 2  # treaty.YES ... (checked by the tests)


@njit(cache=True, nogil=True)
def stance_tail(total, noise, bonus, has_bonus, ratio, per_key, cap, elig, funding, funded,
                positions, has_positions, band, consensus_weight, union, eligible_count,
                unanimity, link_on, no_below, blocked, affordable, reach, lift, link):
    """`utility_and_linkage` after its matrix product (council.py), in place on `total`
    [B, N, C] float32: + noise, + persuasion, - min(cost, cap) where eligible, + funding
    (`funding` [B, N, P] for the columns with `funded[c]` = p >= 0), + positions, then the
    consensus pull (`consensus_term`) and issue linkage (`linkage_term`, written into
    `link` [B, N, C], zero elsewhere) are added."""
    games, members, cols = total.shape
    zero = np.float32(0.0)
    one = np.float32(1.0)
    count = np.zeros(cols, np.int64)
    pull32 = np.zeros(cols, np.float32)
    lone = np.zeros(cols, np.int64)
    deficit = np.zeros(cols, np.float32)
    deal = np.zeros(cols, np.bool_)
    for b in range(games):
        for n in range(members):
            for c in range(cols):
                t = total[b, n, c] + noise[b, n, c]
                if has_bonus:
                    t = t + bonus[b, n, c]
                cost = zero
                if elig[n, c]:
                    cost = min(ratio[b, n] * per_key[b, c], cap)
                t = t - cost
                if funded[c] >= 0:
                    t = t + funding[b, n, funded[c]]
                if has_positions:
                    t = t + positions[n, c]
                total[b, n, c] = t
        # Consensus: the pull of the members already in favour (member-major loops, so each
        # inner loop runs along the contiguous initiative axis).
        count[:] = 0
        for n in range(members):
            for c in range(cols):
                if total[b, n, c] > band and elig[n, c]:
                    count[c] += 1
        for c in range(cols):
            share = np.float64(count[c]) / np.float64(eligible_count[c])
            pull = consensus_weight * min(max(2.0 * share - 1.0, 0.0), 1.0)
            pull32[c] = np.float32(pull * (1.0 if union[c] else 0.0))
        for n in range(members):
            for c in range(cols):
                total[b, n, c] = total[b, n, c] + pull32[c] * (one if elig[n, c] else zero)
        # Issue linkage: a lone veto traded for a concession.
        if link_on:
            lone[:] = 0
            deficit[:] = -np.inf
            for n in range(members):
                for c in range(cols):
                    u = total[b, n, c]
                    against = unanimity[c] and u < no_below and elig[n, c] and not blocked[n, c]
                    if against:
                        lone[c] += 1
                    value = -u if against else zero
                    if value > deficit[c]:
                        deficit[c] = value
            for c in range(cols):
                deal[c] = unanimity[c] and lone[c] == 1 and deficit[c] <= reach and affordable[b]
        for n in range(members):
            for c in range(cols):
                u = total[b, n, c]
                lifted = zero
                if link_on and deal[c] and u < no_below and elig[n, c] and not blocked[n, c]:
                    lifted = (-u + band) + lift
                link[b, n, c] = lifted
                total[b, n, c] = u + lifted


@njit(cache=True, nogil=True)
def votes_from_stances(utility, yes_value, no_value, band, no_below_band, unanimity, veto_below,
                       neutral_military, declared, has_declared, constructive_value, votes):
    """`intentions` (council.py) into `votes` [B, N, C] int8: yes above the band, no below
    it (under unanimity only below the veto threshold, TFEU 238(4); a neutral state's no on
    a military item a constructive abstention, TEU 31(1)); declared votes replace stances."""
    games, members, cols = utility.shape
    for b in range(games):
        for n in range(members):
            for c in range(cols):
                u = utility[b, n, c]
                v = (1 if u > band else 0) * yes_value[n, c] \
                    + (1 if u < no_below_band else 0) * no_value[n, c]
                if unanimity[c] and v == NO and u >= veto_below:
                    v = ABSTAIN
                if neutral_military[n, c] and v == NO:
                    v = CONSTRUCTIVE
                if has_declared:
                    code = declared[b, n, c]
                    if code == 1:  # DECLARED_CODES: yes, no, abstain, constructive-abstention
                        v = yes_value[n, c]
                    elif code == 2:
                        v = no_value[n, c]
                    elif code == 3:
                        v = ABSTAIN
                    elif code == 4:
                        v = constructive_value[c]
                votes[b, n, c] = v


@njit(cache=True, nogil=True)
def count_votes(votes, participants, people, counts):
    """The counts `tally` and `tally_ai` (council.py) take from votes [B, N, C], into
    `counts` [8, B, C] float64: yes, no and yes people of every member (tally_ai), then yes,
    no, constructive, yes people and constructive people of the participants (tally).
    Returns whether anyone abstained constructively. Whole numbers: exact in any order."""
    games, members, cols = votes.shape
    constructive = False
    for b in range(games):
        for c in range(cols):
            yes_all = 0.0
            no_all = 0.0
            people_all = 0.0
            yes_in = 0.0
            no_in = 0.0
            cons_in = 0.0
            people_in = 0.0
            cons_people_in = 0.0
            for n in range(members):
                v = votes[b, n, c]
                if v == YES:
                    yes_all += 1.0
                    people_all += people[n]
                    if participants[n, c]:
                        yes_in += 1.0
                        people_in += people[n]
                elif v == NO:
                    no_all += 1.0
                    if participants[n, c]:
                        no_in += 1.0
                elif v == CONSTRUCTIVE:
                    constructive = True
                    if participants[n, c]:
                        cons_in += 1.0
                        cons_people_in += people[n]
            counts[0, b, c] = yes_all
            counts[1, b, c] = no_all
            counts[2, b, c] = people_all
            counts[3, b, c] = yes_in
            counts[4, b, c] = no_in
            counts[5, b, c] = cons_in
            counts[6, b, c] = people_in
            counts[7, b, c] = cons_people_in
    return constructive
