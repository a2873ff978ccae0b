"""Reading ids from query strings and forms without a 500 on odd input."""

from __future__ import annotations

import re

# C0 controls and DEL, except tab, line feed and carriage return (harmless in typed text). PostgreSQL
# cannot store or compare a NUL in a text value, and no user means any of them.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MAX_ID = 2**63 - 1  # BigAutoField


def as_id(value: object) -> int | None:
    """A database id from user input ("42"), else None: not ASCII digits ("²", "-1", "4.2"), zero, or too
    large for the id column (which would make the database raise, not answer "none")."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def has_control_character(value: str) -> bool:
    """Whether typed text holds a character no one types (NUL and the other C0 controls but tab and
    line breaks): such input is refused or ignored before it reaches the database."""
    return CONTROL_CHARACTER.search(value) is not None
