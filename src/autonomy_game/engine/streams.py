"""Counter-based random streams: each game's numbers depend on its own index, never on the batch.

A number drawn for game g is a hash of (the seed, g's game index, the turn, the phase, the
call's number within the phase, the element's index within the game): nothing else. So the
first 400 games of a 1 000-game batch are the 400 games of a 400-game batch, a batch can be
cut into chunks (each chunk starting at its first game's index) and the chunks can run in any
order, in any process or on any machine, and give the same games bit for bit. The live `Game`
is game 0 of its seed.

The hash is the 64-bit finaliser of MurmurHash3 (fmix64) applied twice: once per game to
its index (with the call's key), once per element to the game's key plus the element's index
(with an odd multiplier). It is computed in blocks that stay in the processor's cache (floats
converted block by block too), which makes a turn's draws cheaper than numpy's PCG64
`Generator` for the same shapes: at 4 096 games 1.6 against 2.4 ms (Council noise 0.54x,
orders noise 0.85x, the events' floats 1.4x); tests/test_engine_streams.py keeps the Council
noise below numpy's.

Draw sites ask `CounterStream` for what they used to ask a `numpy.random.Generator`
(`random`, `integers`, `dirichlet` with a flat alpha), always with the batch as the leading
axis (or `batch_axis`): element k of game g is the same number whatever the batch size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15  # odd: game index -> distinct 64-bit inputs
_ELEMENT = 0xD1B54A32D192ED03  # odd: element index -> distinct offsets
ELEMENT, FMIX_M1, FMIX_M2 = _ELEMENT, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53  # for kernels
_M1 = np.uint64(FMIX_M1)
_M2 = np.uint64(FMIX_M2)
_SHIFT = np.uint64(33)
_BLOCK = 1 << 14  # elements hashed per block: 128 KB of uint64, in cache with its temporary
_TO_UNIT = 1.0 / (1 << 53)
_ROOT = 0x6175746F6E6F6D79  # "autonomy": the root of every game's keys


def mix64(z: int) -> int:
    """SplitMix64's mixing of one Python integer (keys: seed, turn, phase, call)."""
    z = (z + _GOLDEN) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def derive(key: int, *parts: int) -> int:
    """A child key: `key` followed by `parts` (non-negative integers of any size)."""
    for part in parts:
        if part < 0:
            raise ValueError(f"stream key parts are non-negative, not {part}")
        limbs = [part & MASK64]
        part >>= 64
        while part:
            limbs.append(part & MASK64)
            part >>= 64
        for limb in (len(limbs), *limbs):
            key = mix64(key ^ mix64(limb))
    return key


def _fmix(x: np.ndarray, tmp: np.ndarray) -> None:
    """MurmurHash3's fmix64 on a uint64 array, in place (`tmp` has its shape)."""
    np.right_shift(x, _SHIFT, out=tmp)
    x ^= tmp
    x *= _M1
    np.right_shift(x, _SHIFT, out=tmp)
    x ^= tmp
    x *= _M2
    np.right_shift(x, _SHIFT, out=tmp)
    x ^= tmp


@dataclass(frozen=True)
class GameSeeds:
    """Where a batch's games get their numbers: the seed, the index of the batch's first game
    (a chunk of a bigger run starts further on) and a `path` that keeps separate families
    apart (the decision preview's futures use their own)."""

    seed: int
    first_game: int = 0
    path: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.seed < 0 or self.first_game < 0:
            raise ValueError("seeds and game indices are non-negative")

    @property
    def root(self) -> int:
        return derive(_ROOT, self.seed, *self.path)

    def turn_key(self, turn: int) -> int:
        return derive(self.root, turn)

    def at(self, first_game: int) -> GameSeeds:
        """The same seed, for a batch starting at game `first_game`."""
        return GameSeeds(self.seed, first_game, self.path)


def as_seeds(seeds: GameSeeds | np.random.SeedSequence | int) -> GameSeeds:
    """`GameSeeds` from a seed, or from a SeedSequence (its entropy and spawn key)."""
    if isinstance(seeds, GameSeeds):
        return seeds
    if isinstance(seeds, np.random.SeedSequence):
        entropy = seeds.entropy
        if not isinstance(entropy, int):
            raise ValueError("a SeedSequence made from one integer is expected")
        return GameSeeds(entropy, 0, tuple(int(k) for k in seeds.spawn_key))
    return GameSeeds(int(seeds))


@dataclass
class CounterStream:
    """One phase's numbers for a batch of games (the games `first_game`, `first_game + 1`,
    ... in batch order). Each call draws the next call's numbers: call k of a phase is the
    same for a game in any batch, as long as the phase makes the same calls in every batch
    (draw sites never draw only when something happened somewhere in the batch)."""

    key: int
    first_game: int = 0
    calls: int = field(default=0)

    def fork(self, *parts: int) -> CounterStream:
        """An independent stream under this one (its calls do not advance this one's)."""
        return CounterStream(derive(self.key, *parts), self.first_game)

    def _next_key(self) -> int:
        key = derive(self.key, self.calls)
        self.calls += 1
        return key

    def game_keys(self, batch: int) -> np.ndarray:
        """The next call's key of each game [batch] uint64: element k of game g is hashed
        from `game_keys[g] + k * ELEMENT` (a compiled draw, engine/kernels, starts here)."""
        key = self._next_key()
        games = np.arange(self.first_game, self.first_game + batch, dtype=np.uint64)
        games *= np.uint64(_GOLDEN)
        games += np.uint64(key)
        _fmix(games, np.empty_like(games))
        return games

    def _hashes(self, batch: int, per_game: int, unit: bool = False) -> np.ndarray:
        """[batch, per_game] uint64: one fresh hash per element of each game; with `unit`,
        float64 in [0, 1) from each hash's top 53 bits instead (converted block by block,
        while the block is in cache)."""
        games = self.game_keys(batch)
        out = np.empty((batch, per_game), np.float64 if unit else np.uint64)
        if per_game == 0 or batch == 0:
            return out
        offsets = np.arange(per_game, dtype=np.uint64)
        offsets *= np.uint64(_ELEMENT)
        rows = max(1, _BLOCK // per_game)
        tmp = np.empty((min(rows, batch), per_game), np.uint64)
        bits = np.empty_like(tmp) if unit else None
        for start in range(0, batch, rows):
            end = min(start + rows, batch)
            block = out[start:end] if bits is None else bits[:end - start]
            np.add(games[start:end, None], offsets, out=block)
            _fmix(block, tmp[:end - start])
            if bits is not None:
                block >>= np.uint64(11)
                np.multiply(block.view(np.int64), _TO_UNIT, out=out[start:end])
        return out

    @staticmethod
    def _shape(size: int | tuple[int, ...]) -> tuple[int, ...]:
        shape = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
        if not shape:
            raise ValueError("a draw needs the batch as its leading axis")
        return tuple(int(s) for s in shape)

    def _unit(self, shape: tuple[int, ...]) -> np.ndarray:
        """float64 in [0, 1) with 53 random bits, of `shape` (batch first)."""
        return self._hashes(shape[0], int(np.prod(shape[1:], dtype=np.int64)),
                            unit=True).reshape(shape)

    def random(self, size: int | tuple[int, ...]) -> np.ndarray:
        """Uniform float64 in [0, 1), like `Generator.random(size)`."""
        return self._unit(self._shape(size))

    def integers(self, low: int, high: int | None = None,
                 size: int | tuple[int, ...] | None = None,
                 dtype: type | np.dtype = np.int64) -> np.ndarray:
        """Uniform integers in [low, high), like `Generator.integers`; 0..65 535 as uint16
        takes the fast path (`levels16`)."""
        if high is None:
            low, high = 0, low
        if size is None:
            raise ValueError("a draw needs the batch as its leading axis")
        shape = self._shape(size)
        if high <= low:
            raise ValueError(f"high ({high}) must be above low ({low})")
        if low == 0 and high == 1 << 16 and np.dtype(dtype) == np.uint16:
            return self.levels16(shape)
        picks = np.floor(self._unit(shape) * (high - low)) + low
        return np.minimum(picks, high - 1).astype(dtype)

    def levels16(self, shape: tuple[int, ...], batch_axis: int = 0) -> np.ndarray:
        """Uniform uint16 levels (four per hash), of `shape` with the batch on `batch_axis`;
        element k of a game is the k-th in C order of the other axes."""
        shape = self._shape(shape)
        batch = shape[batch_axis]
        rest = shape[:batch_axis] + shape[batch_axis + 1:]
        per_game = int(np.prod(rest, dtype=np.int64))
        bits = self._hashes(batch, (per_game + 3) // 4)
        if not np.little_endian:  # the lowest 16 bits first on every machine
            bits = bits.astype("<u8")
        levels = bits.view("<u2")[:, :per_game].reshape((batch, *rest))
        if batch_axis:
            levels = np.ascontiguousarray(np.moveaxis(levels, 0, batch_axis))
        return levels.astype(np.uint16, copy=False)

    def dirichlet(self, alpha: np.ndarray, size: int) -> np.ndarray:
        """Flat Dirichlet draws [size, K] (alpha all ones: normalised exponentials), like
        `Generator.dirichlet(np.ones(K), size)`."""
        alpha = np.asarray(alpha, float)
        if not np.all(alpha == 1.0):
            raise ValueError("only the flat Dirichlet (alpha all ones) is drawn here")
        exponential = -np.log1p(-self._unit((int(size), len(alpha))))
        total = exponential.sum(axis=1, keepdims=True)
        return exponential / np.where(total > 0, total, 1.0)
