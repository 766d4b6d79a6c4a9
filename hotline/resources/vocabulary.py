"""Categories and regions of the directory, read from ``directory.toml`` (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hotline.contacts.taxonomy import Term

VOCABULARY_FILE = Path(__file__).with_name("directory.toml")

@dataclass(frozen=True)
class Vocabulary:
    categories: dict[str, Term]
    regions: dict[str, Term]

    def labels(self, codes: list[str], table: str) -> str:
        """Both languages of some codes, for the search text (a search in either finds it)."""
        terms = getattr(self, table)
        return " ".join(f"{terms[c].zh} {terms[c].en}" for c in codes if c in terms)


@lru_cache
def load() -> Vocabulary:
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return Vocabulary(
        *({code: Term(code, v["en"], v["zh"]) for code, v in data[table].items()}
          for table in ("categories", "regions"))
    )
