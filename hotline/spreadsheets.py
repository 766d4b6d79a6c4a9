"""CSV for spreadsheets without formula injection (OWASP "CSV Injection").

A cell of text that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is
read by Excel and LibreOffice as a formula: a name typed as ``=HYPERLINK(...)`` would run on a
supervisor's machine. Such text gets a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` that neutralises every text cell it writes."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
