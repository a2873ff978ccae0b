"""Build an annotated development set (tests/data/political3, political4, ...) from its sources in
SET_DIR/src: one `.src` file per article, `@title`/`@published` lines, then the text with each statement
marked [[content]]{{speaker|kind|cue|date}}; SET_DIR/src/ABOUT.txt is the manifest's `about`.

Usage: python3 tests/data/build_annotated_set.py tests/data/political3
"""

import json
import re
import sys
from pathlib import Path

TOKEN = re.compile(r"\[\[(.*?)\]\]|\{\{(.*?)\}\}", re.S)


def build(src: Path, gold: list[dict]) -> tuple[str, dict]:
    """One article's text (markers removed) and manifest row; its statements go to `gold`."""
    lines = src.read_text(encoding="utf-8").split("\n")
    meta = {line.split(" ", 1)[0][1:]: line.split(" ", 1)[1] for line in lines if line.startswith("@")}
    body = "\n".join(line for line in lines if not line.startswith("@")).strip() + "\n"
    name = src.stem + ".txt"
    text, parts, pos = "", [], 0
    for m in TOKEN.finditer(body):
        text += body[pos : m.start()]
        pos = m.end()
        if m.group(1) is not None:
            parts.append(m.group(1))
            text += m.group(1)
            continue
        speaker, kind, cue, *rest = m.group(2).split("|")
        dated = rest[:1] != ["-"]
        gold.append(
            {
                "doc": name,
                "speaker": speaker,
                "kind": kind,
                "quote": " ".join(parts),
                "parts": parts,
                "cue": cue,
                "date": meta["published"] if dated else None,
                "date_precision": "day" if dated else None,
                "via": None,
            }
        )
        parts = []
    text += body[pos:]
    assert not parts and "[[" not in text and "{{" not in text, src
    return text, {"file": name, "published": meta["published"], "title": meta["title"]}


def main() -> None:
    out = Path(sys.argv[1])
    about = (out / "src" / "ABOUT.txt").read_text(encoding="utf-8").strip()
    gold: list[dict] = []
    manifest = []
    for src in sorted((out / "src").glob("*.src")):
        text, row = build(src, gold)
        (out / row["file"]).write_text(text, encoding="utf-8")
        manifest.append(row)
    rows = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold)
    (out / "gold.jsonl").write_text(rows, encoding="utf-8")
    listing = json.dumps({"about": about, "articles": manifest}, indent=2, ensure_ascii=False)
    (out / "manifest.json").write_text(listing + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for g in gold:
        kinds[g["kind"]] = kinds.get(g["kind"], 0) + 1
    words = sum(len((out / a["file"]).read_text(encoding="utf-8").split()) for a in manifest)
    print(len(manifest), "articles,", words, "words,", len(gold), "statements", kinds)


if __name__ == "__main__":
    main()
