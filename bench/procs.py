"""CPU time of other processes, from /proc (Linux): on a shared machine the figure load inflates least."""

from __future__ import annotations

import os
from pathlib import Path


def _stat_fields(stat: Path) -> list[str] | None:
    try:
        # The command name (field 2) is in brackets and may hold spaces: split after its closing bracket.
        return stat.read_text().rsplit(")", 1)[1].split()
    except OSError:  # the process ended while we looked
        return None


def tree_cpu_seconds(root: int, *, include_root: bool = True) -> float:
    """User + system CPU time of `root` (unless `include_root` is false) and its children alive now."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat_fields(stat)
        if fields is None:
            continue
        pid, parent = int(stat.parent.name), int(fields[1])  # fields[1] is the parent's pid
        if parent == root or (include_root and pid == root):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
