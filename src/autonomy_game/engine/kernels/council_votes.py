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

from autonomy_game.engine.streams import ELEMENT, FMIX_M1, FMIX_M2
from autonomy_game.engine.treaty import (
    COALITION,
    ONE_THIRD,
    PESCO_PROJECT,
    QMV,
    QMV_PEOPLE,
    QMV_STATES,
    REINFORCED_QMV,
    REINFORCED_STATES,
)

YES, ABSTAIN, NO, CONSTRUCTIVE = 1, 0, -1, 2  # treaty.YES ... (checked by the tests)
_ELEMENT, _M1, _M2 = np.uint64(ELEMENT), np.uint64(FMIX_M1), np.uint64(FMIX_M2)
_SHIFT, _LEVEL = np.uint64(33), np.uint64(0xFFFF)


@njit(cache=True, nogil=True)
def noise_levels(game_keys, wanted, scale, half, out):
    """`uniform_noise` (council.py) from a counter stream, into `out` [B, K] float32: for
    game b and element `wanted[j]` of `CounterStream.levels16`, the 16-bit level times
    `scale` minus `half`, in float32 as numpy does it.

    Element k is lane k % 4 (lowest 16 bits first) of the hash of word k // 4: fmix64 of
    `game_keys[b] + (k // 4) * ELEMENT` (streams.py). Each game's words are hashed in one
    loop into a small buffer that stays in cache, then the wanted lanes are read out."""
    games = out.shape[0]
    words = (wanted.max() >> 2) + 1 if wanted.shape[0] else 0
    offsets = np.arange(words).astype(np.uint64) * _ELEMENT
    hashes = np.empty(words, np.uint64)
    lanes = np.empty(wanted.shape[0], np.uint64)
    where = np.empty(wanted.shape[0], np.int64)
    for j in range(wanted.shape[0]):
        where[j] = wanted[j] >> 2
        lanes[j] = np.uint64(16) * np.uint64(wanted[j] & 3)
    for b in range(games):
        key = game_keys[b]
        for w in range(words):
            h = key + offsets[w]
            h ^= h >> _SHIFT
            h *= _M1
            h ^= h >> _SHIFT
            h *= _M2
            h ^= h >> _SHIFT
            hashes[w] = h
        for j in range(wanted.shape[0]):
            level = (hashes[where[j]] >> lanes[j]) & _LEVEL
            out[b, j] = np.float32(level) * scale - half


@njit(cache=True, nogil=True)
def stance_inputs(threat, atlanticism, us_commitment, cohesion, support, key, key_total,
                  shells, shell_total, paid, built, industry, budget, keep_share,
                  reciprocity_weight, threat_constant, us_floor, us_weight, atlanticism_weight,
                  inputs, ratio):
    """`_stance_inputs` (council.py) into `inputs` [B, N, A + 4] float32, and the cost
    term's key / money (`_cost_factors`) into `ratio` [B, N] float32, member by member:
    threat axes; Atlanticism (float32, as numpy computes it from float32 arrays and weak
    Python floats); the constants plus reciprocity (float64, then float32); the industry
    and shell ratios (float64, then float32). `key_total`, `shell_total` [B] (row sums),
    `paid` [B, N] and `built` [B] (reciprocity's counts) are numpy's."""
    games, axes, members = threat.shape
    for b in range(games):
        for k in range(axes):
            for n in range(members):
                inputs[b, n, k] = np.float32(threat[b, k, n])
        us = us_floor + us_weight * np.float32(us_commitment[b])
        shared = threat_constant + 0.4 * (cohesion[b] - 0.5)
        key_sum = max(key_total[b], 1e-12)
        shell_sum = max(shell_total[b], 1e-12)
        for n in range(members):
            inputs[b, n, axes] = atlanticism_weight * (np.float32(atlanticism[b, n]) * us)
            share = key[b, n] / key_sum
            builder = 1.0 if industry[n] >= share else 0.0
            count = min(paid[b, n] + built[b] * builder, 2.0)
            goodwill = np.float32(reciprocity_weight * count)
            inputs[b, n, axes + 1] = np.float32(
                shared + 0.3 * (support[b, n] - 0.5) + np.float64(goodwill))
            fair = max(share, 1e-12)
            inputs[b, n, axes + 2] = np.float32(min(industry[n] / fair, 2.0) / 2.0)
            inputs[b, n, axes + 3] = np.float32(min(shells[b, n] / shell_sum / fair, 2.0)
                                                / 2.0)
            ratio[b, n] = np.float32(key[b, n] / max(budget[b, n] * keep_share, 1e-6))


@njit(cache=True, nogil=True)
def stance_tail(total, noise, bonus, has_bonus, ratio, per_key, cap, elig, funding, funded,
                positions, has_positions, band, consensus_weight, union, eligible_count,
                unanimity, link_on, no_below, blocked, affordable, reach, lift, link):
    """`utility_and_linkage` after its matrix product (council.py), in place on `total`
    [B, N, C] float32: + noise, + persuasion, - min(cost, cap) where eligible, + funding
    (`funding` [B, N, P] for the columns with `funded[c]` = p >= 0), + positions, then the
    consensus pull (`consensus_term`) and issue linkage (`linkage_term`, written into
    `link` [B, N, C], zero elsewhere) are added.

    Each game's [N, C] block is walked a few times while it sits in the L1 cache, every
    walk a simple loop along the contiguous initiative axis that the compiler vectorises;
    each element still sees the numpy code's additions in its order. Issue linkage scans
    only the unanimity columns: a deal needs exactly one AI state against, whose deficit
    (-u; the others count 0) is within reach."""
    games, members, cols = total.shape
    zero = np.float32(0.0)
    eligf = np.zeros((members, cols), np.float32)  # consensus_term's float32 mask
    eligi = np.zeros((members, cols), np.int32)  # the same, to count with
    for n in range(members):
        for c in range(cols):
            if elig[n, c]:
                eligf[n, c] = np.float32(1.0)
                eligi[n, c] = 1
    funded_cols = np.flatnonzero(funded >= 0)
    link_cols = np.flatnonzero(unanimity) if link_on else np.empty(0, np.int64)
    count = np.zeros(cols, np.int32)
    pull32 = np.zeros(cols, np.float32)
    for b in range(games):
        for n in range(members):
            r = ratio[b, n]
            for c in range(cols):
                t = total[b, n, c] + noise[b, n, c]
                if has_bonus:
                    t = t + bonus[b, n, c]
                cost = min(r * per_key[b, c], cap)
                total[b, n, c] = t - (cost if elig[n, c] else zero)
        for c in funded_cols:
            for n in range(members):
                total[b, n, c] = total[b, n, c] + funding[b, n, funded[c]]
        # Consensus: the members already in favour, then their pull.
        count[:] = 0
        for n in range(members):
            for c in range(cols):
                t = total[b, n, c]
                if has_positions:
                    t = t + positions[n, c]
                    total[b, n, c] = t
                count[c] += np.int32(t > band) & eligi[n, c]
        for c in range(cols):
            share = np.float64(count[c]) / np.float64(eligible_count[c])
            pull = consensus_weight * min(max(2.0 * share - 1.0, 0.0), 1.0)
            pull32[c] = np.float32(pull * (1.0 if union[c] else 0.0))
        # + pull, then + the linkage term (zero but for a deal, below): u + 0 is u, but
        # for -0.0, which is never lifted (a deal needs u below -veto_threshold).
        for n in range(members):
            for c in range(cols):
                total[b, n, c] = (total[b, n, c] + pull32[c] * eligf[n, c]) + zero
                link[b, n, c] = zero
        if not affordable[b]:
            continue
        # Issue linkage: a lone veto traded for a concession.
        for c in link_cols:
            against = 0
            who = 0
            for n in range(members):
                if total[b, n, c] < no_below and elig[n, c] and not blocked[n, c]:
                    against += 1
                    who = n
            if against == 1:
                u = total[b, who, c]
                if -u <= reach:
                    lifted = (-u + band) + lift
                    link[b, who, c] = lifted
                    total[b, who, c] = u + lifted


@njit(cache=True, nogil=True)
def votes_from_stances(utility, yes_value, no_value, band, no_below_band, unanimity, veto_below,
                       neutral_military, declared, declared_cols, has_declared,
                       constructive_value, votes):
    """`intentions` (council.py) into `votes` [B, N, C] int8: yes above the band, no below
    it (under unanimity only below the veto threshold, TFEU 238(4); a neutral state's no on
    a military item a constructive abstention, TEU 31(1)); declared votes (`declared`
    [B, N, I], column c read at `declared_cols[c]`) replace stances."""
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
                    code = declared[b, n, declared_cols[c]]
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
def _at_least(part, whole, ratio):
    """treaty.at_least: part >= ratio * whole, exactly (whole numbers in float64)."""
    return part * ratio[1] >= whole * ratio[0]


@njit(cache=True, nogil=True)
def _rule_passes(kind, yes, yes_people, no, cons, cons_people, members, people, blocking,
                 min_participants):
    """treaty.adopted for one initiative's counts (its participants' `members` and `people`,
    QMV's `blocking` minority, a coalition's `min_participants`)."""
    if kind == QMV:
        return _at_least(yes, members, QMV_STATES) and (
            _at_least(yes_people, people, QMV_PEOPLE) or members - yes < blocking)
    if kind == REINFORCED_QMV:
        return (_at_least(yes, members, REINFORCED_STATES)
                and _at_least(yes_people, people, QMV_PEOPLE))
    enough = yes >= max(min_participants, 1.0)
    if kind == COALITION:
        return enough
    capped = _at_least(cons, members, ONE_THIRD) and _at_least(cons_people, people, ONE_THIRD)
    agreed = no == 0.0 and yes > 0.0 and not capped
    return agreed and enough if kind == PESCO_PROJECT else agreed


@njit(cache=True, nogil=True)
def count_and_decide(votes, participants, people, kind, members, total_people, blocking,
                     min_participants, by_all, by_participants):
    """`count_and_decide` (council.py) from votes [B, N, C]: whether each initiative passes
    by its Treaty rule (treaty.adopted) counted two ways, into bool [B, C] each: over every
    member (`tally_ai`: yes, no, yes people; no constructive abstention) and over the
    participants (`tally`: yes, no, constructive, yes and constructive people). Returns
    whether anyone in the batch abstained constructively (then `tally`'s count applies).

    Whole numbers (`world.people` is whole thousands), so they are counted as integers,
    exact in any order: each game's counts add member by member along the contiguous
    initiative axis (a vectorised loop) rather than down the strided member axis; the rules'
    products of whole numbers in float64 are exact, as in treaty.py."""
    games, members_n, cols = votes.shape
    acc = np.zeros((9, cols), np.int32)  # people in thousands: the EU's fit 2**31 well
    taking_part = np.zeros((members_n, cols), np.int32)
    weight = np.zeros(members_n, np.int32)
    for n in range(members_n):
        weight[n] = np.int32(people[n])
        for c in range(cols):
            taking_part[n, c] = 1 if participants[n, c] else 0
    constructive = False
    for b in range(games):
        acc[:] = 0
        for n in range(members_n):
            w = weight[n]
            for c in range(cols):
                v = votes[b, n, c]
                part = taking_part[n, c]
                yes = np.int32(v == YES)
                no = np.int32(v == NO)
                cons = np.int32(v == CONSTRUCTIVE)
                acc[0, c] += yes
                acc[1, c] += no
                acc[2, c] += yes * w
                acc[3, c] += yes * part
                acc[4, c] += no * part
                acc[5, c] += cons * part
                acc[6, c] += yes * part * w
                acc[7, c] += cons * part * w
                acc[8, c] += cons  # anyone's, participant or not (a column, not a flag,
                # so that the loop stays vectorised)
        for c in range(cols):
            constructive |= acc[8, c] > 0
            by_all[b, c] = _rule_passes(
                kind[c], np.float64(acc[0, c]), np.float64(acc[2, c]), np.float64(acc[1, c]),
                0.0, 0.0, members[c], total_people[c], blocking[c], min_participants[c])
            by_participants[b, c] = _rule_passes(
                kind[c], np.float64(acc[3, c]), np.float64(acc[6, c]), np.float64(acc[4, c]),
                np.float64(acc[5, c]), np.float64(acc[7, c]), members[c], total_people[c],
                blocking[c], min_participants[c])
    return constructive
