"""Reading ids from query strings and forms without a 500 on odd input."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # BigAutoField


def as_id(value: object) -> int | None:
    """A database id from user input ("42"), else None: not ASCII digits ("²", "-1", "4.2"), zero, or too
    large for the id column (which would make the database raise, not answer "none")."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
