"""The glossary (`scenarios/data/glossary.yaml`): find its terms in running text.

Keys are written as they appear on screen. All-capital keys (QMV, PESCO) match with their
case; other keys match regardless of case, on word boundaries, longest first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from autonomy_game.resources import data_path


@dataclass(frozen=True)
class Glossary:
    terms: dict[str, str]  # key -> explanation
    _pattern: re.Pattern[str] | None = None
    _folded: dict[str, str] = field(default_factory=dict, repr=False)  # lower -> key
    _memo: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, terms: dict[str, str]) -> Glossary:
        if not terms:
            return cls({}, None)
        parts = []
        for key in sorted(terms, key=len, reverse=True):
            body = re.escape(key)
            if not _case_sensitive(key):
                body = f"(?i:{body})"
            parts.append(rf"(?<![\w-]){body}(?![\w-])")
        folded = {k.lower(): k for k in terms if not _case_sensitive(k)}
        return cls(dict(terms), re.compile("|".join(parts)), folded)

    def lookup(self, word: str) -> tuple[str, str] | None:
        """The entry for a term as written on screen (exact key or case-insensitive match)."""
        if word in self._memo:
            return self._memo[word]
        found = None
        if word in self.terms:
            found = (word, self.terms[word])
        else:
            key = self._folded.get(word.lower())
            if key is not None:
                found = (key, self.terms[key])
        self._memo[word] = found
        return found

    def split(self, text: str) -> list[tuple[str, str | None]]:
        """Cut text into runs: (text, glossary key or None)."""
        if self._pattern is None or not text:
            return [(text, None)]
        runs: list[tuple[str, str | None]] = []
        last = 0
        for match in self._pattern.finditer(text):
            if match.start() > last:
                runs.append((text[last:match.start()], None))
            found = self.lookup(match.group(0))
            runs.append((match.group(0), found[0] if found else None))
            last = match.end()
        if last < len(text):
            runs.append((text[last:], None))
        return runs


def with_scenario_terms(base: Glossary, terms: dict[str, str]) -> Glossary:
    """The game's glossary with a scenario's own terms (format 2 `glossary:`); a scenario's
    explanation of a term the game also explains wins, as the scenario's story needs it."""
    if not terms:
        return base
    return Glossary.build({**base.terms, **terms})


def _case_sensitive(key: str) -> bool:
    letters = [ch for ch in key if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 2


@functools.lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    """The shipped glossary; an empty one when the file is missing or unreadable."""
    try:
        path = data_path("scenarios", "data", "glossary.yaml")
        with open(path, encoding="utf-8") as fh:
            # libyaml's safe loader when built in (8× faster at start-up); same documents.
            doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (OSError, yaml.YAMLError):
        return Glossary.build({})
    terms = {}
    for key, entry in (doc.get("terms") or {}).items():
        text = entry.get("text") if isinstance(entry, dict) else entry
        if isinstance(text, str):
            terms[str(key)] = " ".join(text.split())
    return Glossary.build(terms)
