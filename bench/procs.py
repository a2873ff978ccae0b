"""The benchmarks' other processes: a server to measure, and their CPU time from /proc (Linux), the
figure that a shared machine's load inflates least."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
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


def start_gunicorn(
    *, root: Path, port: int, env: dict[str, str], workers: int = 1, extra: list[str] | None = None
) -> subprocess.Popen:
    """The app under gunicorn from `root` (another checkout measures other code), in its own process
    group (stop it with os.killpg), once it answers /healthz; SystemExit if it dies or never answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            *(extra or []),
            "--log-level",
            "warning",
        ],
        cwd=root,
        env={**env, "PYTHONPATH": str(root)},
        start_new_session=True,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with {server.returncode}") from None
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not answer /healthz in 60 s")
