"""Load the JSON lexicons in data/ once per process (they are data, not code, so they can grow)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


@cache
def load(name: str) -> Any:
    """The parsed content of data/<name>.json (cached; treat it as read-only)."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)
