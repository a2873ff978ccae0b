"""Reading pages and files: main text only, metadata with its source, careful decoding. No database, no
network: every page here is written inline."""

from __future__ import annotations

import gzip
import sys
import time
import unicodedata
from datetime import date, timedelta

import pytest

from sources import pages
from sources.pages import (
    PageError,
    ParsedPage,
    decode_body,
    parse_html,
    parse_text,
    parse_upload,
    upload_is_html,
)

PARAGRAPHS = [
    "VIENNA — The foreign minister, Amira Haddad, said on Monday that talks on the nuclear accord would "
    "resume next week after a pause of almost two months.",
    "“We will not back down,” the minister said. “Inspections are not negotiable, and everyone at the "
    "table knows it.”",
    "Her counterpart, Lars Eklund, said his government was ready to compromise on the timetable but not on "
    "the substance of the agreement.",
    "‘There is a deal to be had, but not at any price,’ Eklund said in a statement late on Monday evening.",
    "Diplomats said the main sticking point remained the sequencing of sanctions relief and the verification "
    "of the reactor shutdown.",
    "The next round is expected to last at least a week, officials said, and could be extended if progress "
    "is made on the draft text.",
]
BOILERPLATE = {
    "nav": "NAVMARK",
    "cookie": "COOKIEMARK",
    "consent box inside the article": "CONSENTMARK",
    "aside": "ASIDEMARK",
    "footer": "FOOTERMARK",
    "script in head": "HEADSCRIPTMARK",
    "inline script": "INLINESCRIPTMARK",
    "style": "STYLEMARK",
    "comments": "COMMENTMARK",
    "header": "HEADERMARK",
}


def news_page(*, head: str = "", lead: str = "", paragraphs: list[str] = PARAGRAPHS) -> str:
    """A realistic article page: menus, a cookie notice, scripts, related links, comments and a footer
    around the article body."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Minister vows no retreat as nuclear talks resume | The Daily Example</title>
{head}
<script>window.dataLayer = ["{BOILERPLATE["script in head"]}"];</script>
<style>.promo {{ color: red; }} /* {BOILERPLATE["style"]} */</style>
</head>
<body class="article-page cookies-not-set">
<header class="site-header">
  <div class="tagline">{BOILERPLATE["header"]} Independent journalism since 1901</div>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World {BOILERPLATE["nav"]}</a></li>
  <li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
</header>
<div id="cookie-consent" class="cookie-banner"><p>{BOILERPLATE["cookie"]} We use cookies to personalise
content and ads and to analyse our traffic. By continuing to browse you agree to our use of cookies.</p>
<button>Accept all</button></div>
<main>
<article>
<h1>Minister vows no retreat as nuclear talks resume</h1>
{lead}
{body}
<section class="gdpr-popup"><p>{BOILERPLATE["consent box inside the article"]} Your privacy matters to us.
We and our partners process your data to deliver content and advertising.</p>
<p>Manage your preferences.</p></section>
<script>document.write("{BOILERPLATE["inline script"]}");</script>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/world/geneva">{BOILERPLATE["aside"]} Earlier talks collapsed in Geneva amid acrimony</a></li>
<li><a href="/world/sanctions">Sanctions bill passes after a long debate in parliament</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>{BOILERPLATE["comments"]} This is a terrible idea and the minister should resign
immediately, frankly.</p></div></section>
</main>
<footer><p>{BOILERPLATE["footer"]} &copy; 2024 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>"""


FULL_HEAD = """
<link rel="canonical" href="/world/2024/04/13/nuclear-talks-resume">
<meta property="og:title" content="Minister vows no retreat as nuclear talks resume">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:type" content="article">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Minister vows no retreat as nuclear talks resume",
 "datePublished": "2024-04-13T09:30:00+02:00", "dateModified": "2024-04-14T11:00:00+02:00",
 "author": [{"@type": "Person", "name": "Maria Lopez"}, {"@type": "Person", "name": "Tom Reyes"}],
 "publisher": {"@type": "Organization", "name": "The Daily Example"}}
</script>
"""


def assert_no_boilerplate(text: str) -> None:
    for where, marker in BOILERPLATE.items():
        assert marker not in text, f"text from the {where} leaked into the article"
    for menu in ("Accept all", "Privacy policy", "Related stories", "Sanctions bill passes", "preferences"):
        assert menu not in text


# --- (a) a full news page -----------------------------------------------------------------------------


def test_a_full_news_page_gives_the_article_and_its_metadata():
    page = parse_html(news_page(head=FULL_HEAD), url="https://news.example.org/world/talks?utm_source=feed")

    assert page.title == "Minister vows no retreat as nuclear talks resume"
    assert page.published == date(2024, 4, 13)
    assert page.published_source == "metadata"
    assert page.byline == "Maria Lopez, Tom Reyes"
    assert page.canonical_url == "https://news.example.org/world/2024/04/13/nuclear-talks-resume"
    assert page.language == "en"
    assert page.site_name == "The Daily Example"
    paragraphs = page.text.split("\n\n")
    for expected in PARAGRAPHS:
        assert expected in paragraphs  # whole, quotes as printed, separated by blank lines
    assert "“We will not back down,” the minister said." in page.text
    assert "\n\n\n" not in page.text and page.text == page.text.strip()
    assert_no_boilerplate(page.text)


def test_paragraphs_keep_their_order():
    text = parse_html(news_page(head=FULL_HEAD)).text
    positions = [text.index(p) for p in PARAGRAPHS]
    assert positions == sorted(positions)


def test_a_page_without_metadata_has_empty_fields_rather_than_guesses():
    html = news_page().replace("| The Daily Example", "")
    page = parse_html(html, url="https://news.example.org/2024/01/05/talks.html")

    assert page.published is None and page.published_source == ""  # the date in the URL is not trusted
    assert page.canonical_url == ""
    assert page.byline == ""
    assert page.title == "Minister vows no retreat as nuclear talks resume"


def test_title_from_the_title_element_loses_the_site_name():
    html = news_page(head='<meta property="og:site_name" content="The Daily Example">').replace(
        "<h1>Minister vows no retreat as nuclear talks resume</h1>", ""
    )
    page = parse_html(html)
    assert page.site_name == "The Daily Example"
    assert page.title == "Minister vows no retreat as nuclear talks resume"


@pytest.mark.parametrize(
    ("head", "url", "canonical"),
    [
        ('<link rel="canonical" href="https://www.example.org/a/1">', "", "https://www.example.org/a/1"),
        (
            '<link rel="canonical" href="../story#top">',
            "https://ex.org/world/x/page",
            "https://ex.org/world/story",
        ),
        ('<meta property="og:url" content="/a/2">', "https://ex.org/b/c", "https://ex.org/a/2"),
        ('<link rel="canonical" href="/relative/only">', "", ""),  # nothing to resolve it against
        ('<link rel="canonical" href="javascript:void(0)">', "https://ex.org/", ""),
    ],
)
def test_canonical_address_is_absolute(head, url, canonical):
    assert parse_html(news_page(head=head), url=url).canonical_url == canonical


@pytest.mark.parametrize(
    ("html_lang", "head", "language"),
    [
        ("en-GB", "", "en"),
        ("", '<meta property="og:locale" content="fr_FR">', "fr"),
        ("", '<meta http-equiv="content-language" content="de">', "de"),
        ("", "", ""),
        ("x-default", "", ""),
    ],
)
def test_language_comes_from_the_markup(html_lang, head, language):
    html = news_page(head=head).replace(
        '<html lang="en">', f'<html lang="{html_lang}">' if html_lang else "<html>"
    )
    assert parse_html(html).language == language


def test_byline_from_meta_author_and_from_a_printed_by_line():
    meta = parse_html(news_page(head='<meta name="author" content="Maria Lopez">'))
    assert meta.byline == "Maria Lopez"

    printed = parse_html(news_page(lead='<div class="meta"><span>By Jane Doe in Vienna</span></div>'))
    assert printed.byline == "Jane Doe"


# --- publication dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2023-11-02T23:10:00-05:00">',
        '<meta name="date" content="2023-11-02">',
        '<meta name="pubdate" content="Sun, 02 Nov 2023 10:00:00 GMT">',
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "X"},'
        ' {"@type": "NewsArticle", "datePublished": "2023-11-02"}]}</script>',
    ],
)
def test_the_metadata_date_wins_and_is_the_date_as_written(head):
    page = parse_html(news_page(head=head, lead="<p>GENEVA, March 3, 2024 (Agency) - A dateline.</p>"))
    assert page.published == date(2023, 11, 2)  # not the UTC day, not the dateline
    assert page.published_source == "metadata"


def test_a_time_element_in_the_article_header_is_metadata():
    lead = '<p class="byline">By Maria Lopez, <time datetime="2023-06-30T08:00:00Z">30 June</time></p>'
    page = parse_html(news_page(lead=lead))
    assert page.published == date(2023, 6, 30) and page.published_source == "metadata"


def test_b_a_dateline_dates_a_page_without_metadata():
    paragraphs = ["GENEVA, March 3, 2023 (Agency) - " + PARAGRAPHS[0], *PARAGRAPHS[1:]]
    page = parse_html(news_page(paragraphs=paragraphs))
    assert page.published == date(2023, 3, 3)
    assert page.published_source == "dateline"


def test_b_a_year_less_dateline_takes_the_year_the_text_mentions():
    paragraphs = [
        "GENEVA, March 3 (Agency) - " + PARAGRAPHS[0],
        "The 2022 accord expires in the spring.",
        *PARAGRAPHS[1:],
    ]
    page = parse_html(news_page(paragraphs=paragraphs))
    assert page.published == date(2022, 3, 3)
    assert page.published_source == "dateline"


def test_b_a_year_less_dateline_without_any_year_is_never_in_the_future():
    paragraphs = ["GENEVA, March 3 (Agency) - " + PARAGRAPHS[0], *PARAGRAPHS[1:]]
    page = parse_html(news_page(paragraphs=paragraphs))
    assert (page.published.month, page.published.day) == (3, 3)
    assert page.published <= date.today()


def test_a_printed_date_stamp_is_a_text_date():
    page = parse_html(news_page(lead="<p>Published: 13 April 2023</p>"))
    assert page.published == date(2023, 4, 13)
    assert page.published_source == "text"


def test_j_a_future_metadata_date_is_dropped():
    future = (date.today() + timedelta(days=30)).isoformat()
    page = parse_html(news_page(head=FULL_HEAD.replace("2024-04-13T09:30:00+02:00", future)))
    assert page.published is None and page.published_source == ""


def test_j_a_future_metadata_date_falls_back_to_the_dateline():
    future = (date.today() + timedelta(days=3)).isoformat()
    paragraphs = ["GENEVA, March 3, 2023 (Agency) - " + PARAGRAPHS[0], *PARAGRAPHS[1:]]
    page = parse_html(news_page(head=f'<meta name="date" content="{future}">', paragraphs=paragraphs))
    assert page.published == date(2023, 3, 3) and page.published_source == "dateline"


def test_j_a_future_dateline_is_dropped():
    year = date.today().year + 2
    page = parse_text(f"GENEVA, March 3, {year} (Agency) - The talks resumed.\n\nNothing else happened.")
    assert page.published is None and page.published_source == ""


# --- (c)(d) pages without an article ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a> <a href='/s'>Sport</a></nav>"
        "</body></html>",
        "<html><body><header><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/q'>Can the talks succeed?</a></li></ul></header><div class='menu'>"
        "<a href='/b'>Business</a> | <a href='/m'>Markets and the economy today</a></div>"
        "<footer><a href='/privacy'>Privacy</a></footer></body></html>",
        "<html><body><div><span>Home</span> <span>World</span> <span>Sport</span></div></body></html>",
    ],
)
def test_c_a_page_of_navigation_has_no_article(html):
    with pytest.raises(PageError, match="^no article text found on the page$"):
        parse_html(html)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n  ",
        b"",
        b" \r\n ",
        "<!-- nothing -->",
        "<html><head><title>Title only</title></head><body></body></html>",
        "<html><body><script>var headline = 'not visible text';</script><style>p{}</style></body></html>",
        "<html><body>&nbsp; <div> </div></body></html>",
    ],
)
def test_d_empty_pages_are_refused(html):
    with pytest.raises(PageError, match="^the page is empty$"):
        parse_html(html)


def test_a_short_brief_is_still_an_article():
    html = (
        "<html><body><article><h1>Rates held</h1><p>The central bank held its key rate at 4.5 percent "
        "on Thursday.</p></article><nav><a href='/'>Home</a></nav></body></html>"
    )
    page = parse_html(html)
    assert page.text == "Rates held\n\nThe central bank held its key rate at 4.5 percent on Thursday."


def test_a_bare_fragment_is_read_from_the_body():
    page = parse_html(f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><nav><a href='/'>Home</a></nav>")
    assert page.text == f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}"


def test_the_article_element_is_the_fallback_when_the_extractor_finds_too_little():
    # Without tables, trafilatura drops a layout table wholesale; the <article>'s paragraphs remain.
    cells = (
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<p>The mayor&amp;rsquo;s office declined to comment.</p>"
    )
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><table><tr><td>" + cells + "</td><td>"
        "<div class='related'><p><a href='/r'>RELATEDMARK more</a> on this</p></div></td></tr></table>"
        "<script>var s = 'SCRIPTMARK';</script></article></body></html>"
    )
    text = parse_html(html).text
    assert text.split("\n\n") == [*PARAGRAPHS, "The mayor’s office declined to comment."]
    assert "RELATEDMARK" not in text and "SCRIPTMARK" not in text


def test_a_page_laid_out_in_tables_is_read_with_tables():
    rows = "".join(f"<tr><td class='text'>{p}</td></tr>" for p in PARAGRAPHS)
    html = (
        "<html><body><table><tr><td><a href='/'>Home</a> <a href='/w'>World</a></td></tr>"
        + rows
        + "</table></body></html>"
    )
    text = parse_html(html).text
    assert text.split("\n\n") == PARAGRAPHS  # cells are paragraphs; the row of menu links is gone


# --- (e)(f) bytes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"^this is binary data \(PDF\), not text$"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"\(PNG image\)"),
        (gzip.compress(b"<html><body><p>compressed</p></body></html>"), r"\(gzip archive\)"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", r"\(ZIP or Office document\)"),
        (b"GIF89a\x01\x00\x01\x00", r"\(GIF image\)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", r"\(JPEG image\)"),
        (b"<html>text then \x00\x00\x00 nul bytes</html>", r"^this is binary data, not text$"),
        (bytes([1, 2, 3, 4, 5, 6, 14, 15, 16]) * 50 + b"some words", r"^this is binary data, not text$"),
    ],
)
def test_e_binary_data_is_refused_by_name(data, message):
    with pytest.raises(PageError, match=message):
        decode_body(data)
    with pytest.raises(PageError, match=message):
        parse_html(data)


def test_f_windows_1252_page_declared_in_a_meta_tag():
    sentence = "\u201cCaf\u00e9 society is over,\u201d the mayor said \u2013 d\u00e9j\u00e0 vu for Parisians."
    html = news_page(paragraphs=[sentence, *PARAGRAPHS[2:]]).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    )
    page = parse_html(html.encode("cp1252"))
    assert sentence in page.text.split("\n\n")


def test_f_a_wrong_declared_charset_is_overruled_when_the_bytes_tell():
    text = "caf\u00e9 \u2013 \u201cquoted\u201d"
    assert (
        decode_body(text.encode("utf-8"), declared_charset="iso-8859-1") == text
    )  # label latin-1, bytes UTF-8
    french = "Le ministre a d\u00e9clar\u00e9 \u00ab nous ne reculerons pas \u00bb \u00e0 Gen\u00e8ve."
    assert decode_body(french.encode("cp1252"), declared_charset="utf-8") == french  # label UTF-8, bytes 1252


@pytest.mark.parametrize(
    ("text", "encoding", "declared"),
    [
        ("Caf\u00e9 cr\u00e8me", "latin-1", "iso-8859-1"),
        ("\u201cQuoted\u201d \u2013 caf\u00e9", "cp1252", "latin-1"),  # browsers read latin-1 as 1252
        ("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, d\u00e9j\u00e0 vu.", "cp1252", ""),  # undeclared, short
        (
            "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0437\u0430\u044f\u0432\u0438\u043b.",
            "cp1251",
            "windows-1251",
        ),
        ("Byte order mark", "utf-8-sig", ""),
        ("UTF-16 caf\u00e9", "utf-16", ""),
        ("plain ascii", "ascii", "x-no-such-charset"),
    ],
)
def test_f_decoding(text, encoding, declared):
    assert decode_body(text.encode(encoding), declared_charset=declared) == text


@pytest.mark.parametrize(
    "garbage",
    [
        bytes(range(128, 160)) * 50,
        bytes(range(128, 256)) * 40,
        bytes(range(160, 256)) * 40,
        "A mangled page: \ufffd\ufffd\ufffd caf\ufffd \ufffd\ufffd".encode(),
    ],
)
@pytest.mark.parametrize("declared", ["", "utf-8", "iso-8859-1"])
def test_f_undecodable_bytes_are_refused(garbage, declared):
    with pytest.raises(PageError, match="^the text is not valid in any known encoding$"):
        decode_body(garbage, declared_charset=declared)


def test_f_a_stray_bad_byte_does_not_turn_a_utf8_page_into_mojibake():
    body = "Caf\u00e9 \u201cquoted\u201d d\u00e9j\u00e0 vu \u2013 na\u00efve. ".encode() * 5 + b"\xe9 end"
    text = decode_body(body, declared_charset="")
    assert text.startswith("Caf\u00e9 \u201cquoted\u201d") and text.endswith("\ufffd end")


# --- (g) entities and markup inside the text ---------------------------------------------------------------


def test_g_entities_are_read_and_escaped_markup_stays_inert_text():
    paragraphs = [
        "The caf&eacute; owner said &#8220;enough&#8221; &amp; closed the doors on Tuesday afternoon.",
        "A reader wrote &lt;script&gt;alert(1)&lt;/script&gt; in the form, which the site printed as text.",
        "The minister&amp;rsquo;s office later said nothing had changed, according to a statement.",
        *PARAGRAPHS[2:],
    ]
    html = news_page(paragraphs=paragraphs).replace(
        "</article>", "<script>alert('REALSCRIPT')</script><noscript>NOSCRIPTMARK</noscript></article>"
    )
    text = parse_html(html).text

    assert "The caf\u00e9 owner said \u201cenough\u201d & closed the doors on Tuesday afternoon." in text
    assert "A reader wrote <script>alert(1)</script> in the form, which the site printed as text." in text
    assert "The minister\u2019s office later said nothing had changed, according to a statement." in text
    assert "REALSCRIPT" not in text and "NOSCRIPTMARK" not in text
    assert "&amp;" not in text and "&lt;" not in text


# --- (h) plain text ---------------------------------------------------------------------------------------


def test_h_a_text_file_with_headline_byline_and_dateline():
    raw = (
        "Ministers agree to resume nuclear talks\r\n"
        "By Maria Lopez\r\n\r\n"
        "VIENNA, April 13, 2023 (Wire) - The foreign minister said on Monday that talks would resume.\r\n\r\n"
        "\u201cWe will not back down,\u201d the minister said.\x0c\r\n"
    )
    page = parse_text(raw.encode("utf-8"))

    assert page == ParsedPage(
        text="Ministers agree to resume nuclear talks\n\nBy Maria Lopez\n\n"
        "VIENNA, April 13, 2023 (Wire) - The foreign minister said on Monday that talks would resume.\n\n"
        "\u201cWe will not back down,\u201d the minister said.",
        title="Ministers agree to resume nuclear talks",
        published=date(2023, 4, 13),
        published_source="dateline",
        byline="Maria Lopez",
    )


def test_h_control_characters_are_removed_from_pasted_text():
    page = parse_text("Talks \x00resume\x07 in\u200b Vienna\r\n\r\nThe\x0bminister\x1b spoke.\x0c")
    assert page.text == "Talks resume in Vienna\n\nThe minister spoke."  # vertical tab: a wrapped line
    assert all(ch not in page.text for ch in "\x00\x07\x0b\x0c\x1b\r\u200b")


def test_h_nul_bytes_in_an_uploaded_text_mean_binary():
    with pytest.raises(PageError, match="binary data"):
        parse_text(b"Talks resume\x00\x00 in Vienna")


def test_h_hard_wrapped_lines_join_and_single_newlines_separate():
    wrapped = (
        "The foreign minister said on Monday that the talks would resume next\n"
        "week in Vienna, after a pause of almost two months.\n\n"
        "Diplomats were cautious."
    )
    assert parse_text(wrapped).text.split("\n\n") == [
        "The foreign minister said on Monday that the talks would resume next week in Vienna, after a pause "
        "of almost two months.",
        "Diplomats were cautious.",
    ]
    pasted = "First paragraph here.\nSecond paragraph here.\n   \nThird."
    assert parse_text(pasted).text == "First paragraph here.\n\nSecond paragraph here.\n\nThird."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "It rained in the city on Monday, and the trains ran late.\n\nMore.",
            "",
        ),  # a sentence, not a headline
        ("Will the talks resume?\n\nDiplomats were cautious.", "Will the talks resume?"),
        ("VIENNA, April 13 (Wire) - Talks resumed\n\nMore.", ""),  # a dateline
        ("Only one paragraph, no headline", ""),
    ],
)
def test_h_headline_recognition(text, title):
    assert parse_text(text).title == title


@pytest.mark.parametrize("text", ["", " \n\t\r\n ", "\x00\x0c\u200b"])
def test_h_empty_text_is_refused(text):
    with pytest.raises(PageError, match="empty"):
        parse_text(text)


# --- (i) uploads ------------------------------------------------------------------------------------------


def test_i_uploads_dispatch_by_type():
    html = news_page(head=FULL_HEAD).encode()
    for filename in ("story.HTML", "story.htm", "saved-page"):
        page = parse_upload(html, filename=filename)
        assert page.title == "Minister vows no retreat as nuclear talks resume"
        assert_no_boilerplate(page.text)
    fragment = "<p>" + "</p><p>".join(PARAGRAPHS) + "</p>"
    assert parse_upload(fragment.encode(), filename="export", content_type="text/html").text.split(
        "\n\n"
    ) == (PARAGRAPHS)

    text_file = parse_upload(b"Headline here\n\n<p> is how HTML starts.", filename="C:\\notes\\a.txt")
    assert text_file.title == "Headline here" and "<p> is how HTML starts." in text_file.text


@pytest.mark.parametrize(
    ("text", "filename", "content_type", "is_html"),
    [
        ("<p>Words.</p>", "notes.txt", "", False),  # the suffix decides first
        ("Plain words.", "page.HTM", "", True),
        ("Plain words.", "export", "text/html; charset=utf-8", True),
        ("Plain words, then <p> in them.", "export", "", True),
        ("\ufeff\n<!DOCTYPE html><title>t</title>", "export", "", True),
        ("Plain words about a <param> and a <mainframe>.", "export", "", False),
    ],
)
def test_i_one_rule_says_whether_an_upload_is_a_page(text, filename, content_type, is_html):
    assert upload_is_html(text, filename=filename, content_type=content_type) is is_html


@pytest.mark.parametrize(
    ("filename", "suffix"), [("report.pdf", ".pdf"), ("Report.DOCX", ".docx"), ("archive.tar.gz", ".gz")]
)
def test_i_unsupported_file_types_are_refused(filename, suffix):
    with pytest.raises(PageError, match=f"^unsupported file type \\{suffix}: upload .txt or .html$"):
        parse_upload(b"%PDF-1.4 whatever", filename=filename)


def test_i_a_binary_file_with_a_text_name_is_refused_as_binary():
    with pytest.raises(PageError, match=r"binary data \(PDF\)"):
        parse_upload(b"%PDF-1.4\n1 0 obj", filename="story.txt")


# --- speed and determinism ------------------------------------------------------------------------------


def test_a_large_page_parses_quickly_and_the_same_way_every_time():
    paragraph = (
        "Witness {i} told the committee on Tuesday that \u201cthe process was flawed from the start\u201d "
        "and that officials had ignored repeated warnings from staff."
    )
    menu = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(1500))
    paragraphs = [paragraph.format(i=i) for i in range(900)]
    html = news_page(head=f"<script>var big = {list(range(15000))};</script>", paragraphs=paragraphs)
    html = html.replace("<nav><ul>", f"<nav><ul>{menu}")
    assert len(html.encode()) > 300_000

    started = time.perf_counter()
    first = parse_html(html)
    elapsed = time.perf_counter() - started

    assert elapsed < 1.5  # typically ~0.3 s
    assert first.text.split("\n\n")[1:] == paragraphs
    assert parse_html(html) == first


def test_f_the_character_classes_counted_in_one_pass_are_the_unicode_ones():
    """`_checked` counts spaces and control characters with regexes; they must be `str.isspace` and
    "category Cc, not a space" for every code point, or a page would be refused or let through wrongly."""
    every = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    spaces = {ch for ch in every if ch.isspace()}
    controls = {ch for ch in every if unicodedata.category(ch) == "Cc" and not ch.isspace()}
    assert {ch for ch in every if pages._SPACE.fullmatch(ch)} == spaces
    assert {ch for ch in every if pages._CONTROL_NOT_SPACE.fullmatch(ch)} == controls


def test_f_a_page_of_control_characters_between_words_is_refused():
    body = ("word \x01\x02\x7f\x80\x9f " * 200).encode()
    with pytest.raises(PageError):
        decode_body(body, declared_charset="utf-8")
