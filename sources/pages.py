"""From a fetched page or an uploaded file to clean article text and metadata. Pure Python, no network.

Why this module exists: statements are extracted from the stored text and their offsets refer to it, so
the text must be the article and nothing else (no menus, cookie notices, related links, comments or
script), with paragraphs kept as blank-line-separated blocks. trafilatura finds the main text; the
metadata we rely on (canonical address, publication date, language) is read from the markup itself so
each value has a known source, and dates guessed from the URL or the clock are never used. Bytes are
decoded carefully (byte order mark, declared charset, the page's own meta tag, detection) and binary or
undecodable input is refused with a reason a user can read, rather than stored as garbage.
"""

from __future__ import annotations

import codecs
import copy
import html as html_lib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from claims.extraction.dates import MONTHS, find_publication_date


class PageError(ValueError):
    """A permanent, user-readable reason the input cannot become an article."""


@dataclass(frozen=True)
class ParsedPage:
    """The article text of a page or file and what is known about it."""

    text: str  # main text only, paragraphs separated by a blank line
    title: str = ""
    published: date | None = None
    published_source: str = ""  # "metadata" | "dateline" | "text" | "" (Article.DateSource values)
    byline: str = ""
    canonical_url: str = ""
    language: str = ""
    site_name: str = ""


MIN_WORDS = 20  # below this, trafilatura's result is checked against the page's own <article>/<main>

# --- Decoding --------------------------------------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP or Office document"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\x7fELF", "program"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - frozenset(b"\t\n\v\f\r\x1b") | {0x7F}))
# What `_checked` counts, as one regex pass each instead of a Python test per character: `\s` is
# exactly `str.isspace`, and the control characters (Unicode category Cc) that are not spaces are
# these (\t-\r, \x1c-\x1f and \x85 are Cc but spaces).
_SPACE = re.compile(r"\s")
_CONTROL_NOT_SPACE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_UNICODE_CODECS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
_WESTERN = ("latin-1", "iso8859-1", "ascii", "cp1252")  # WHATWG: these labels all mean Windows-1252


def decode_body(body: bytes, *, declared_charset: str = "") -> str:
    """Bytes to text: BOM, UTF-8 when the bytes are UTF-8, the declared charset, <meta charset>,
    detection. Refuses empty, binary and undecodable input with a PageError."""
    if not body.strip():
        raise PageError("the page is empty")
    _refuse_magic(body)
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return _checked(body.decode(encoding, "replace"))
    _refuse_control_bytes(body[:8192])
    return _checked(_decode(body, declared_charset))


def _refuse_magic(body: bytes) -> None:
    head = body[:1024].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise PageError(f"this is binary data ({kind}), not text")


def _refuse_control_bytes(head: bytes) -> None:
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or controls > len(head) * 0.1:
        raise PageError("this is binary data, not text")


def _decode(body: bytes, declared_charset: str) -> str:
    try:
        return body.decode("utf-8")  # valid UTF-8 is UTF-8 whatever the label says (ASCII reads the same)
    except UnicodeDecodeError:
        pass
    lenient = body.decode("utf-8", "replace")
    if _mostly_utf8(lenient):
        return lenient
    for label in (declared_charset, _label_in_markup(body)):
        encoding = _codec(label)
        if encoding in _WESTERN and _non_ascii_share(body) > 0.3:
            continue  # Western European text is mostly ASCII: the label is wrong, let detection decide
        if encoding and encoding not in _UNICODE_CODECS:
            text = _decode_as(body, encoding)
            if text is not None:
                return text
    detected = _detect(body)
    if detected is not None:
        return detected
    if _non_ascii_share(body) <= 0.3:
        return _decode_as(body, "cp1252") or lenient  # mostly ASCII: Western European is the likeliest
    return lenient  # refused by _checked when it is mostly replacement characters


def _mostly_utf8(lenient: str) -> bool:
    """UTF-8 with a stray bad byte or two: multi-byte characters far outnumber the replacements."""
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 0x7F) - bad
    return good >= 3 and good >= 4 * bad


def _label_in_markup(body: bytes) -> str:
    head = body[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "ignore") if match else ""


def _codec(label: str) -> str:
    try:
        return codecs.lookup(label.strip()).name if label.strip() else ""
    except LookupError:
        return ""


def _decode_as(body: bytes, encoding: str) -> str | None:
    """Strict decoding; Windows-1252 for Latin-1 and ASCII labels, its five gaps read as Latin-1."""
    if encoding in _WESTERN:
        text = body.decode("cp1252", "surrogateescape")
        return re.sub("[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), text)
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _non_ascii_share(body: bytes) -> float:
    sample = body[:65536]
    return sum(byte > 0x7F for byte in sample) / max(1, len(sample))


def _detect(body: bytes) -> str | None:
    """charset_normalizer's guess; Windows-1252 whenever it is among the equally good candidates
    (detection often says Central European for short French or German text)."""
    matches = charset_normalizer.from_bytes(body[:65536])
    best = matches.best()
    if best is None:
        return None
    close = [m for m in matches if m.chaos <= best.chaos + 0.02]
    if _non_ascii_share(body) <= 0.3 and any(
        "cp1252" in (m.encoding, *m.could_be_from_charset) for m in close
    ):
        return _decode_as(body, "cp1252")
    if best.coherence <= 0 and _non_ascii_share(body) > 0.3:
        return None  # mostly high bytes in no recognisable language: garbage, not a code page
    return _decode_as(body, best.encoding)


def _checked(text: str) -> str:
    """Refuses empty text and text that is mostly replacement or control characters."""
    sample = text[:50_000]
    visible = len(sample) - _SPACE.subn("", sample)[1]
    if visible == 0:
        raise PageError("the page is empty")
    bad = sample.count("\ufffd") + _CONTROL_NOT_SPACE.subn("", sample)[1]
    if bad > visible * 0.02:
        raise PageError("the text is not valid in any known encoding")
    return text.replace("\x00", "")  # a stray NUL deep in a file: no database text column can hold it


# --- Plain text -----------------------------------------------------------------------------------------

_LINE_BREAKS = re.compile("\r\n|[\r\v\f\u2028\u2029\x85]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_TERMINAL = tuple('.!?…:;"”’»)]')
_BYLINE = re.compile(r"^(?:By|BY|by)\s+(?P<names>\S.{0,150})$")
_NAME_JOINERS = {"and", "&", "de", "da", "di", "del", "der", "van", "von", "la", "le", "bin", "al", "el", "y"}
_NOT_NAMES = {
    *(m.capitalize() for m in MONTHS),
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "This",
    "That",
    "Then",
    "Now",
    "Last",
    "Next",
}


def _normalise(text: str) -> str:
    """Unix line breaks, no control or invisible characters, single spaces, NFC."""
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text.replace("\u00a0", " ")))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in _normalise(text).split("\n")]


def _paragraphs(lines: Iterable[str]) -> str:
    return "\n\n".join(line for line in lines if line)


def _text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text. With blank lines between paragraphs, hard-wrapped lines inside one are
    joined; without any, every line is a paragraph."""
    lines = _lines(text)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if "" not in lines:
        return [line for line in lines if line]
    paragraphs: list[str] = []
    previous = ""  # the line before, "" after a blank line
    for line in lines:
        first = paragraphs == [previous]
        if previous and _is_wrapped(previous, line, first=first):
            paragraphs[-1] += " " + line
        elif line:
            paragraphs.append(line)
        previous = line
    return paragraphs


def _is_wrapped(previous: str, line: str, *, first: bool) -> bool:
    """`line` continues the `previous` line (a hard-wrapped sentence) rather than starting a block; a
    `first` line that reads like a headline is continued only by a lowercase line."""
    if not line or previous.endswith(_TERMINAL):
        return False
    if line[:1].islower() or line[:1].isdigit():
        return True
    return len(previous) >= 60 and not (first and _headline(previous))


def _headline(line: str) -> str:
    """The line when it reads like a headline: short, no final period, not a dateline or byline."""
    line = line.strip()
    if not (3 <= len(line) <= 150 and len(line.split()) <= 20) or line.endswith((".", ",", ";", ":")):
        return ""
    starts_well = line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'"
    if not starts_well or _BYLINE.match(line) or find_publication_date(line) is not None:
        return ""
    return line


def _byline_names(line: str, *, prefixed: bool = True) -> str:
    """The names in a "By Maria Lopez and Tom Reyes" line (or, with prefixed=False, a bare name line)."""
    line = " ".join(line.split())
    if prefixed:
        match = _BYLINE.match(line)
        if not match:
            return ""
        line = match.group("names")
    names = re.split(r"\s*(?:[|•·]|\s[-–—]\s|\b(?:Published|Updated|Posted)\b|\d)", line, maxsplit=1)[0]
    names = re.split(r"\s+(?:in|for|at)\s+(?=[A-Z])", names, maxsplit=1)[0].strip(" ,.;:")
    words = names.replace(",", " ").split()
    if not (1 if prefixed else 2) <= len(words) <= 8 or words[0] in _NOT_NAMES:
        return ""
    if all(w[0].isupper() or w.lower() in _NAME_JOINERS or w[0] in "'’" for w in words):
        return names
    return ""


def _dateline(text: str) -> tuple[date | None, str]:
    """The date printed at the top of the text (a dateline or a stamp), unless it is in the future."""
    found = find_publication_date(text)
    if found is None or not _plausible(found.value):
        return None, ""
    return found.value, found.source


def _plausible(value: date) -> bool:
    return 1900 <= value.year and value <= date.today() + timedelta(days=1)


def parse_text(text: str | bytes, *, declared_charset: str = "") -> ParsedPage:
    """Plain text (a .txt upload or a paste): control characters removed, paragraphs kept, headline,
    byline and dateline recognised."""
    if isinstance(text, bytes):
        text = decode_body(text, declared_charset=declared_charset)
    paragraphs = _text_paragraphs(text)
    if not paragraphs:
        raise PageError("the text is empty")
    body = "\n\n".join(paragraphs)
    published, source = _dateline(body)
    byline = next((names for p in paragraphs[:4] if (names := _byline_names(p))), "")
    return ParsedPage(
        text=body,
        title=_headline(paragraphs[0]) if len(paragraphs) > 1 else "",
        published=published,
        published_source=source,
        byline=byline[:300],
    )


# --- HTML -----------------------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_MARKUP_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lxml refuses them in a str
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LOWER = (
    "translate(concat(' ', @id, ' ', @class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
)
_COOKIE_XPATH = (  # cookie and consent notices, however named; never a page-sized container
    "//*[not(self::html or self::body or self::main or self::article)]"
    f"[contains({_LOWER}, 'cookie') or contains({_LOWER}, 'consent') or contains({_LOWER}, 'gdpr')]"
    "[string-length(normalize-space(.)) < 1500]"
)
_BOILERPLATE = re.compile(
    r"(?<![a-z])(?:cookie|consent|gdpr|comments?(?!ary)|disqus|related|recommended|more-stories|most-read"
    r"|most-popular|newsletter|subscribe|signup|share|social|advert|promo|sponsor|paywall|breadcrumb"
    r"|outbrain|taboola)",
)
_NOISE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "iframe",
    "svg",
    "figure",
)
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "published_time",
    "original-publish-date",
)
_TEXT_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))\b"
)


def parse_html(html: str | bytes, *, url: str = "", declared_charset: str = "") -> ParsedPage:
    """Main text and metadata of a news page (`url` resolves relative links; it is never fetched)."""
    if isinstance(html, bytes):
        html = decode_body(html, declared_charset=declared_charset)
    markup = _MARKUP_CONTROL.sub("", _XML_DECLARATION.sub("", html.lstrip("\ufeff"), count=1))
    tree = _load(markup)
    meta = _meta_values(tree)
    graph = _json_ld(tree)
    document = _extract(markup, url)
    text = _article_text(document, tree, markup)
    site = _site_name(meta, document, url)
    published, source = _metadata_date(tree, meta, graph), "metadata"
    if published is None:
        published, source = _dateline(text)
    return ParsedPage(
        text=text,
        title=_title(document, tree, meta, site)[:500],
        published=published,
        published_source=source if published else "",
        byline=_byline(document, tree, meta, text)[:300],
        canonical_url=_canonical(tree, meta, url),
        language=_language(tree, meta, graph),
        site_name=site[:200],
    )


def _load(markup: str) -> lxml.html.HtmlElement:
    """The parsed page; PageError when it has no visible text at all."""
    if not markup.strip():
        raise PageError("the page is empty")
    try:
        tree = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        raise PageError("the page is empty") from None
    visible = tree.xpath(
        "boolean(//body//text()[normalize-space(translate(., '\u00a0', ' '))]"
        "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)])"
    )
    if not visible:
        raise PageError("the page is empty")
    return tree


def _extract(markup: str, url: str, *, tables: bool = False) -> Document | None:
    """trafilatura's reading of the page: main text without comments (or tables), metadata."""
    return trafilatura.bare_extraction(
        markup,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=tables,
        favor_precision=True,
        prune_xpath=_COOKIE_XPATH,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _clean_extracted(text: str, links: frozenset[str] = frozenset()) -> str:
    """Blank lines between paragraphs, entities left by double escaping read, table cells split and
    lines made only of the words of `links` (menus) dropped. Markup the page printed as text (an escaped
    "<script>" in a paragraph) stays literal, inert text: no element ever reaches it."""
    text = _ENTITY.sub(lambda m: html_lib.unescape(m.group()), text)
    lines: list[str] = []
    for line in _lines(text):
        cells = line.strip("|").split(" | ") if line.startswith("| ") and line.endswith(" |") else [line]
        lines.extend(cell.strip() for cell in cells if not _is_menu(cell, links))
    return _paragraphs(lines)


def _is_menu(line: str, link_words: frozenset[str]) -> bool:
    """A line of link labels: every word comes from a link and no sentence punctuation."""
    return all(word in link_words for word in line.lstrip("-•| ").split()) and not re.search(
        r"[.!?…\"”]", line
    )


def _words(text: str) -> int:
    return len(text.split())


def _article_text(document: Document | None, tree: lxml.html.HtmlElement, markup: str) -> str:
    """trafilatura's main text; when that is too short, the page's own <article>/<main> paragraphs, then
    trafilatura again with tables (pages laid out in tables); the first long enough, else the longest."""
    text = _document_text(document)
    fallbacks = (
        lambda: _container_text(tree),
        lambda: _document_text(_extract(markup, "", tables=True), _link_words(tree)),
    )
    for fallback in fallbacks:
        if _words(text) >= MIN_WORDS:
            break
        candidate = fallback()
        if _words(candidate) > _words(text):
            text = candidate
    if not _is_prose(text, tree):
        raise PageError("no article text found on the page")
    return text


def _document_text(document: Document | None, links: frozenset[str] = frozenset()) -> str:
    return _clean_extracted(document.text or "", links) if document is not None else ""


def _link_words(tree: lxml.html.HtmlElement) -> frozenset[str]:
    return frozenset(word for a in tree.iter("a") for word in a.text_content().split())


def _container_text(tree: lxml.html.HtmlElement) -> str:
    """Paragraphs of the page's <article> or <main> (the <body> when it has neither), with boilerplate
    blocks removed first."""
    clean = copy.deepcopy(tree)
    _prune(clean)
    best = ""
    for container in clean.xpath("//article | //main") or clean.xpath("//body"):
        paragraphs = [" ".join(p.text_content().split()) for p in container.iter("p")]
        text = _clean_extracted("\n".join(paragraphs))
        if _words(text) > _words(best):
            best = text
    return best


def _prune(tree: lxml.html.HtmlElement) -> None:
    """Drops script, navigation, asides, footers, forms and blocks named like cookie notices, comments,
    related links or promotions (never the article container itself)."""
    root = tree.getroottree().getroot()
    for element in list(tree.iter(etree.Element)):
        if element.getroottree().getroot() is not root or element.tag in ("html", "body", "main", "article"):
            continue  # already dropped with an ancestor, or a container we want
        names = f"{element.get('id', '')} {element.get('class', '')}".lower()
        outside = element.tag == "header" and not element.xpath("ancestor::article")
        if element.tag in _NOISE_TAGS or outside or _BOILERPLATE.search(names):
            element.drop_tree()


def _is_prose(text: str, tree: lxml.html.HtmlElement) -> bool:
    """Text that is more than a list of the page's links or menu labels."""
    links = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    prose = [p for p in text.split("\n\n") if p.lstrip("-• ") not in links]
    words = sum(_words(p) for p in prose)
    return words >= MIN_WORDS or (words > 0 and any(re.search(r"[.!?…\"”]", p) for p in prose))


def _meta_values(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> contents by lowercased property/name/itemprop/http-equiv; the first one wins."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = " ".join((element.get("content") or "").split())
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (element.get(attribute) or "").strip().lower()
            if key and content:
                values.setdefault(key, content)
    return values


def _first(meta: dict[str, str], *names: str) -> str:
    return next((meta[name] for name in names if meta.get(name)), "")


def _json_ld(tree: lxml.html.HtmlElement) -> list[dict]:
    """The JSON-LD objects of the page: top-level ones, @graph members and main entities."""
    nodes: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", script.text)
        try:
            pending = [json.loads(raw, strict=False)]
        except ValueError:
            continue
        while pending:
            node = pending.pop(0)
            if isinstance(node, list):
                pending.extend(node)
            elif isinstance(node, dict):
                nodes.append(node)
                pending.extend(node[key] for key in ("@graph", "mainEntity") if key in node)
    return nodes


def _is_article(node: dict) -> bool:
    types = node.get("@type", "")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    return any(
        isinstance(t, str) and ("article" in t.lower() or t in ("BlogPosting", "Report")) for t in types
    )


def _metadata_date(tree: lxml.html.HtmlElement, meta: dict[str, str], graph: list[dict]) -> date | None:
    """The publication date the page's markup states, first plausible one of: JSON-LD articles,
    <meta> tags, itemprop/pubdate elements, the first <time> of the <article> header, other JSON-LD."""
    for value in _date_candidates(tree, meta, graph):
        parsed = _parse_date(value) if isinstance(value, str) else None
        if parsed is not None and _plausible(parsed):
            return parsed
    return None


def _date_candidates(
    tree: lxml.html.HtmlElement, meta: dict[str, str], graph: list[dict]
) -> Iterator[object]:
    yield from (node.get("datePublished") for node in graph if _is_article(node))
    yield from (meta[name] for name in _DATE_META if meta.get(name))
    for element in tree.xpath("//*[@itemprop='datePublished'] | //time[@pubdate]"):
        yield element.get("datetime") or element.get("content") or element.text_content()
    for element in tree.xpath("//article//time[@datetime]"):
        paragraph = element.xpath("ancestor::p[1]")
        if not paragraph or _words(paragraph[0].text_content()) < MIN_WORDS:  # not a date in the story
            yield element.get("datetime")
            break
    yield from (node.get("datePublished") for node in graph if not _is_article(node))


def _parse_date(value: str) -> date | None:
    """ISO 8601, RFC 2822, 20260413 or "13 April 2026" / "April 13, 2026"; the date as written."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    match = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b", value) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", value
    )
    parts = (int(match[1]), int(match[2]), int(match[3])) if match else None
    if parts is None:
        try:
            return parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            pass
        match = _TEXT_DATE.search(value)
        month = MONTHS.get((match["m1"] or match["m2"]).lower()) if match else None
        if month is None:
            return None
        parts = (int(match["y1"] or match["y2"]), month, int(match["d1"] or match["d2"]))
    try:
        return date(*parts)
    except ValueError:
        return None


def _canonical(tree: lxml.html.HtmlElement, meta: dict[str, str], url: str) -> str:
    """<link rel=canonical>, else og:url, made absolute against the page address."""
    hrefs = [
        link.get("href", "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    for href in [*hrefs, meta.get("og:url", "")]:
        href = href.strip()
        absolute = urljoin(url, href) if href and url else href
        if (
            absolute.startswith(("http://", "https://"))
            and urlsplit(absolute).hostname
            and len(absolute) <= 2000
        ):
            return absolute.split("#", 1)[0]
    return ""


def _language(tree: lxml.html.HtmlElement, meta: dict[str, str], graph: list[dict]) -> str:
    """The primary language subtag from <html lang>, metadata or JSON-LD, e.g. "en"."""
    candidates = [
        tree.get("lang"),
        tree.get("xml:lang"),
        _first(meta, "content-language", "language", "dc.language", "og:locale"),
    ]
    candidates += [node.get("inLanguage") for node in graph if _is_article(node)]
    for value in candidates:
        if isinstance(value, str):
            code = value.strip().replace("_", "-").split("-")[0].split(",")[0].lower()
            if re.fullmatch("[a-z]{2,3}", code):
                return code
    return ""


def _unescape(value: str | None) -> str:
    return " ".join(_ENTITY.sub(lambda m: html_lib.unescape(m.group()), value or "").split())


def _site_name(meta: dict[str, str], document: Document | None, url: str) -> str:
    """og:site_name, else trafilatura's site name unless it merely repeats the host name."""
    site = _unescape(meta.get("og:site_name"))
    if site:
        return site
    site = _unescape(document.sitename if document is not None else "")
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return "" if site and site.lower().removeprefix("www.") == host else site


def _title(document: Document | None, tree: lxml.html.HtmlElement, meta: dict[str, str], site: str) -> str:
    """trafilatura's title, og:title or <title>, without a trailing " | Site Name"."""
    title_element = tree.find(".//title")
    for candidate in (
        document.title if document is not None else "",
        _first(meta, "og:title", "twitter:title"),
        title_element.text_content() if title_element is not None else "",
    ):
        title = _unescape(candidate)
        if title:
            return _strip_site(title, site)
    return ""


def _strip_site(title: str, site: str) -> str:
    if site:
        for separator in (" | ", " - ", " – ", " — ", " :: ", " · "):
            suffix = f"{separator}{site}"
            if title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title


def _byline(document: Document | None, tree: lxml.html.HtmlElement, meta: dict[str, str], text: str) -> str:
    """trafilatura's authors ("; " becomes ", "), else meta author, else a "By ..." line near the top."""
    authors = (document.author if document is not None else "") or ""
    if not authors:
        value = _first(meta, "author", "article:author", "dc.creator", "sailthru.author", "parsely-author")
        authors = "" if value.startswith(("http://", "https://")) else value
    if authors:
        return ", ".join(name.strip() for name in _unescape(authors).split(";") if name.strip())
    for paragraph in text.split("\n\n")[:4]:
        names = _byline_names(paragraph)
        if names:
            return names
    marked = tree.xpath(
        "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author')]"
    )
    printed = tree.xpath(
        "//body//*[starts-with(normalize-space(.), 'By ')][string-length(normalize-space(.)) < 160]"
        "[not(ancestor-or-self::script or ancestor-or-self::style or ancestor::nav or ancestor::aside)]"
    )
    for element in marked[:5] + printed[:5]:
        line = " ".join(element.text_content().split())
        names = _byline_names(line) or _byline_names(line, prefixed=False)
        if names:
            return names
    return ""


# --- Uploads --------------------------------------------------------------------------------------------

_HTML_SUFFIXES = (".html", ".htm")
_TEXT_SUFFIXES = (".txt", ".text")


def parse_upload(data: bytes, *, filename: str, content_type: str = "") -> ParsedPage:
    """An uploaded file: .html/.htm as a page, .txt as text; without a suffix, HTML is recognised by its
    content type or markup. Any other file type is refused."""
    suffix = _suffix(filename)
    if suffix and suffix not in _HTML_SUFFIXES + _TEXT_SUFFIXES:
        raise PageError(f"unsupported file type {suffix}: upload .txt or .html")
    text = decode_body(data)
    return (
        parse_html(text)
        if upload_is_html(text, filename=filename, content_type=content_type)
        else parse_text(text)
    )


def _suffix(filename: str) -> str:
    return PurePosixPath(filename.replace("\\", "/")).suffix.lower()


def upload_is_html(text: str, *, filename: str, content_type: str = "") -> bool:
    """Whether an uploaded file is a page: by its suffix (.html/.htm, or .txt/.text for text); without
    one, by its content type or its markup. The one rule for uploads, when queued and when read."""
    suffix = _suffix(filename)
    if suffix in _TEXT_SUFFIXES:
        return False
    return suffix in _HTML_SUFFIXES or "html" in content_type.lower() or _looks_like_html(text)


_PAGE_TAG = re.compile(r"<(?:head|body|article|main|p)\b")


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(_PAGE_TAG.search(head))
