"""Tables written as CSV for people to open in a spreadsheet, with formula injection neutralised.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or carriage return)
as a formula: an article's title, an author's name or a quotation can carry one (``=HYPERLINK(...)``,
``=cmd|' /C calc'!A0``). Following the OWASP advice on CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection), :func:`neutralise` prefixes such a text cell with a
single quote, which spreadsheets show as text; number columns are left as numbers. Every CSV a command writes
for a reader goes through :func:`write_csv`.

Example:
    >>> neutralise("=1+2"), neutralise("-Bo"), neutralise("Ann")
    ("'=1+2", "'-Bo", 'Ann')
"""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a single quote before it when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells are :func:`neutralise`\\ d (columns of numbers, dates and booleans kept)."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def write_csv(table: pd.DataFrame, out) -> None:
    """Write ``table`` (no index, ``\\n`` line ends) to a path or an open text stream, formula-safe."""
    spreadsheet_safe(table).to_csv(out, index=False, lineterminator="\n")
