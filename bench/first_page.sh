#!/usr/bin/env bash
# Seconds from `make run` on a fresh clone with no package cache to the first page (the login page).
# Usage: bench/first_page.sh [PORT]   (clones HEAD of this repo into a temporary folder; removes it after)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-8765}"
work="$(mktemp -d)"
trap 'kill -- -"$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
cd "$work/clone"
export UV_NO_CACHE=1 PIP_NO_CACHE_DIR=1 UV_CACHE_DIR="$work/uv-cache"
start=$(date +%s.%N)
setsid make run PORT="$port" >"$work/log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/login/"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/log"; echo "make run stopped" >&2; exit 1; }
  sleep 0.2
done
end=$(date +%s.%N)
cp "$work/log" "${FIRST_PAGE_LOG:-/dev/null}"
printf 'first page after %.1f s\n' "$(echo "$end - $start" | bc)"
