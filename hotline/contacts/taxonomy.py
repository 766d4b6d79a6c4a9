"""Presenting issues, interventions and referral codes, read from ``taxonomy.toml``.

Kept as data so a hotline can add sub-categories without touching code; codes are stable
because records and reports refer to them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from hotline.errors import invalid_value

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.toml")


@dataclass(frozen=True)
class Term:
    code: str
    en: str
    zh: str
    children: tuple[Term, ...] = field(default=())

    def label(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


@dataclass(frozen=True)
class Taxonomy:
    issues: tuple[Term, ...]
    interventions: tuple[Term, ...]
    referrals: tuple[Term, ...]

    @property
    def issue_codes(self) -> frozenset[str]:
        return frozenset(
            code for top in self.issues for code in (top.code, *(c.code for c in top.children))
        )

    def label(self, code: str, language: str) -> str:
        """The label of any code, for pages and exports; unknown codes show as themselves."""
        for term in (*self.interventions, *self.referrals):
            if term.code == code:
                return term.label(language)
        for top in self.issues:
            if top.code == code:
                return top.label(language)
            for child in top.children:
                if child.code == code:
                    return f"{top.label(language)} / {child.label(language)}"
        return code


def _terms(table: dict[str, dict[str, str]]) -> tuple[Term, ...]:
    return tuple(Term(code, v["en"], v["zh"]) for code, v in table.items())


@lru_cache
def load() -> Taxonomy:
    data = tomllib.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    issues = tuple(
        Term(
            code, top["en"], top["zh"],
            tuple(Term(f"{code}.{sub}", v["en"], v["zh"]) for sub, v in top.get("sub", {}).items()),
        )
        for code, top in data["issues"].items()
    )
    return Taxonomy(issues, _terms(data["interventions"]), _terms(data["referrals"]))


def check_codes(codes: list[str], allowed: frozenset[str] | set[str]) -> list[str]:
    """Refuse (a validation error) naming unknown codes; return the codes without duplicates."""
    unknown = sorted(set(codes) - set(allowed))
    if unknown:
        raise invalid_value("contact.unknown_codes", codes=", ".join(unknown))
    return list(dict.fromkeys(codes))
