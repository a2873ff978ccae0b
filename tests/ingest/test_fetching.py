"""The fetcher: address guard on every hop, size and time limits, content types. No database needed.

A real HTTP server runs on 127.0.0.1 in a thread. The tests reach it with allow_networks=("127.0.0.0/8",),
which keeps every other non-public address refused, so redirects into 10.0.0.1 or 169.254.169.254 are
refused before any connection is attempted: nothing here sends traffic beyond the loopback interface.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import os
import socket
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import urllib3.response
import urllib3.util.connection

from sources import fetching
from sources.fetching import (
    FEED_TYPES,
    FETCH_DEFAULTS,
    AddressPolicy,
    FetchError,
    FetchRefused,
    GuardedHTTPSConnection,
    address_class,
    check_url,
    fetch,
)

PAGE = b"<!doctype html><html><body><p>Hello</p></body></html>"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)
MB = 1024 * 1024
LOCAL = ("127.0.0.0/8",)  # the test server's network; everything else stays refused
LAST_MODIFIED = "Mon, 02 Jun 2025 10:00:00 GMT"
DEFAULT_ACCEPT = "(expected text/html, application/xhtml+xml, text/plain)"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _send(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str | None = "text/html; charset=utf-8",
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _stream(self, headers: dict[str, str], parts, pause: float = 0.0) -> None:
        """Send headers, then each part (flushed), closing the connection at the end."""
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for part in parts:
                self.wfile.write(part)
                self.wfile.flush()
                time.sleep(pause)

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        path = self.path.split("?", 1)[0]
        port = self.server.server_address[1]
        route = ROUTES.get(path)
        if route is not None:
            route(self, port)
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, headers={"Location": "/page" if left == 0 else f"/hop/{left - 1}"})
        elif path.startswith("/echo"):
            self._send(200, self.path.encode(), content_type="text/plain")
        elif path in ("/404", "/410", "/500", "/503", "/429"):
            self._send(int(path[1:]), b"no", content_type="text/plain")
        else:
            self._send(404, b"no route", content_type="text/plain")

    def conditional(self, port: int) -> None:
        validators = {"ETag": '"v1"', "Last-Modified": LAST_MODIFIED}
        if (
            self.headers.get("If-None-Match") == '"v1"'
            or self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self._send(304, content_type=None, headers=validators)
        else:
            self._send(200, PAGE, validators)


ROUTES = {
    "/page": lambda h, port: h._send(200, PAGE),
    "/conditional": Handler.conditional,
    "/dir/sub/relative": lambda h, port: h._send(302, headers={"Location": "../../hop/0"}),
    "/loop": lambda h, port: h._send(302, headers={"Location": "/loop"}),
    "/to-private": lambda h, port: h._send(302, headers={"Location": "http://10.0.0.1/admin"}),
    "/to-metadata": lambda h, port: h._send(
        301, headers={"Location": "http://169.254.169.254/latest/meta-data"}
    ),
    "/to-ftp": lambda h, port: h._send(302, headers={"Location": "ftp://example.org/file"}),
    "/to-credentials": lambda h, port: h._send(
        307, headers={"Location": f"http://user:secret@127.0.0.1:{port}/page"}
    ),
    "/302-nowhere": lambda h, port: h._send(302, content_type=None),
    "/to-https": lambda h, port: h._send(302, headers={"Location": f"https://127.0.0.1:{port}/secure"}),
    "/huge": lambda h, port: h._send(200, b"<html><body>" + b"a" * (6 * MB)),
    "/huge-no-length": lambda h, port: h._stream({"Content-Type": "text/html"}, [b"b" * 65536] * 100),
    "/length-says-huge": lambda h, port: h._stream(
        {"Content-Type": "text/html", "Content-Length": str(6 * MB)}, [PAGE]
    ),
    "/length-says-less": lambda h, port: h._stream(
        {"Content-Type": "text/html", "Content-Length": "100"}, [b"c" * (6 * MB)]
    ),
    "/length-says-more": lambda h, port: h._stream(
        {"Content-Type": "text/html", "Content-Length": "1000"}, [b"d" * 10]
    ),
    "/bomb": lambda h, port: h._send(200, BOMB, {"Content-Encoding": "gzip"}),
    "/gzip": lambda h, port: h._send(200, gzip.compress(PAGE), {"Content-Encoding": "gzip"}),
    "/deflate": lambda h, port: h._send(200, zlib.compress(PAGE), {"Content-Encoding": "deflate"}),
    "/brotli": lambda h, port: h._send(200, b"\x8b\x02\x80hello\x03", {"Content-Encoding": "br"}),
    "/drip": lambda h, port: h._stream(
        {"Content-Type": "text/html", "Content-Length": "100"}, [b"x"] * 100, 1.0
    ),
    "/pdf": lambda h, port: h._send(200, b"%PDF-1.7" + b"\0" * 100_000, content_type="application/pdf"),
    "/plain": lambda h, port: h._send(200, b"Just text.", content_type="text/plain"),
    "/mixed-case": lambda h, port: h._send(200, PAGE, content_type='Text/HTML; Charset="ISO-8859-1"'),
    "/untyped-html": lambda h, port: h._send(200, b"\n  " + PAGE, content_type=None),
    "/untyped-xml": lambda h, port: h._send(200, RSS, content_type=None),
    "/untyped-binary": lambda h, port: h._send(200, b"\x00\x01\x02binary", content_type=None),
    "/rss": lambda h, port: h._send(200, RSS, content_type="application/rss+xml; charset=utf-8"),
    "/hang-up": lambda h, port: setattr(h, "close_connection", True),
}


@pytest.fixture(scope="module")
def httpd():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(httpd) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture
def requests_seen(httpd):
    """(path, headers) of every request the test server received during the test."""
    before = len(httpd.requests)
    return lambda: httpd.requests[before:]


@pytest.fixture(autouse=True)
def default_settings(settings):
    """Pin the TRACKER_FETCH_* settings to their documented defaults, whatever the environment says."""
    for name, value in FETCH_DEFAULTS.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def connects(monkeypatch):
    """The (host, port) of every TCP connection urllib3 opens during the test."""
    seen: list[tuple[str, int]] = []
    original = urllib3.util.connection.create_connection

    def spy(address, *args, **kwargs):
        seen.append(address)
        return original(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", spy)
    return seen


@pytest.fixture
def decoded(monkeypatch):
    """How many decoded body bytes the fetcher pulled out of urllib3 during the test."""
    total = [0]
    original = urllib3.response.HTTPResponse.read1

    def spy(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        total[0] += len(data or b"")
        return data

    monkeypatch.setattr(urllib3.response.HTTPResponse, "read1", spy)
    return total


def get(url: str, **options):
    return fetch(url, allow_private=False, allow_networks=LOCAL, **options)


def refused_reason(url: str, **options) -> str:
    with pytest.raises(FetchRefused) as refused:
        get(url, **options)
    assert refused.value.transient is False
    return refused.value.reason


def port_of(server: str) -> int:
    return int(server.rsplit(":", 1)[1])


# --- Classifying addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fec0::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "reserved"),
        ("198.18.0.1", "reserved"),
        ("2001:db8::1", "reserved"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("100.127.255.254", "shared (carrier-grade NAT)"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.1.2.3", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("2002:a00:1::", "private"),  # 6to4 wrapping 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),  # Teredo, client 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
    ],
)
def test_non_public_addresses_are_classified(address, kind):
    assert address_class(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
    ],
)
def test_public_addresses_pass(address):
    assert address_class(ipaddress.ip_address(address)) is None
    AddressPolicy().check(address)  # does not raise


def test_wrapped_addresses_name_both_addresses():
    with pytest.raises(FetchRefused) as refused:
        AddressPolicy().check("2002:a00:1::")
    assert refused.value.reason == "refused: 2002:a00:1:: is a private address (it leads to 10.0.0.1)"


# --- Checking URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
        ("http://2130706433/", "refused: 127.0.0.1 is a loopback address"),  # decimal notation
        ("http://0x7f.0.0.1/", "refused: 127.0.0.1 is a loopback address"),  # hex notation
        ("http://0177.0.0.1/", "refused: 127.0.0.1 is a loopback address"),  # octal notation
        ("http://127.1/", "refused: 127.0.0.1 is a loopback address"),  # short notation
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        ("http://[::ffff:7f00:1]/", "refused: 127.0.0.1 is a loopback address"),
        ("http://10.0.0.5/", "refused: 10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        ("http://0.0.0.0:8000/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "refused: 240.0.0.1 is a reserved address"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("https://[fe80::1]/", "refused: fe80::1 is a link-local address"),
        ("ftp://example.org/file", "refused: only http and https addresses can be fetched, not ftp:"),
        ("file:///etc/passwd", "refused: only http and https addresses can be fetched, not file:"),
        ("example.org/page", "refused: only http and https addresses can be fetched, not none:"),
        (
            "http://user:secret@example.org/",
            "refused: addresses with a user name or password are not fetched",
        ),
        ("http://user@example.org/", "refused: addresses with a user name or password are not fetched"),
        ("http:///nohost", "refused: 'http:///nohost' has no host name"),
        ("http://example.org:99999/", "refused: 'http://example.org:99999/' is not a valid address"),
        ("http://[::1/", "refused: 'http://[::1/' is not a valid address"),
    ],
)
def test_refused_urls_say_why(url, message):
    with pytest.raises(FetchRefused) as refused:
        check_url(url, allow_private=False)
    assert refused.value.reason == message
    assert refused.value.transient is False and refused.value.status is None


def test_localhost_by_name_is_refused():
    with pytest.raises(FetchRefused, match=r"^refused: (127\.0\.0\.1|::1) is a loopback address$"):
        check_url("http://localhost:8000/admin", allow_private=False)


def test_every_resolved_address_is_checked(monkeypatch):
    answers = [("93.184.215.14", 80), ("10.1.2.3", 80)]
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in answers],
    )
    with pytest.raises(FetchRefused, match=r"^refused: 10\.1\.2\.3 is a private address$"):
        check_url("http://mixed.example.org/", allow_private=False)
    answers.pop()
    assert check_url("http://mixed.example.org/", allow_private=False) is None


def test_allow_private_lifts_only_the_address_check():
    assert check_url("http://127.0.0.1/", allow_private=True) is None
    assert check_url("http://10.0.0.1/", allow_private=True) is None
    with pytest.raises(FetchRefused, match="only http and https"):
        check_url("ftp://127.0.0.1/", allow_private=True)
    with pytest.raises(FetchRefused, match="user name or password"):
        check_url("http://a:b@127.0.0.1/", allow_private=True)


def test_allow_networks_lifts_it_for_those_networks_only():
    assert check_url("http://127.0.0.1/", allow_private=False, allow_networks=LOCAL) is None
    assert check_url("http://[::ffff:127.0.0.1]/", allow_private=False, allow_networks=LOCAL) is None
    with pytest.raises(FetchRefused, match=r"^refused: 10\.0\.0\.1 is a private address$"):
        check_url("http://10.0.0.1/", allow_private=False, allow_networks=LOCAL)
    with pytest.raises(FetchRefused, match=r"^refused: ::1 is a loopback address$"):
        check_url("http://[::1]/", allow_private=False, allow_networks=LOCAL)


def test_the_setting_decides_when_allow_private_is_not_given(default_settings):
    with pytest.raises(FetchRefused, match="loopback"):
        check_url("http://127.0.0.1/")
    default_settings.TRACKER_FETCH_ALLOW_PRIVATE = True
    assert check_url("http://127.0.0.1/") is None
    with pytest.raises(FetchRefused, match="loopback"):
        check_url("http://127.0.0.1/", allow_private=False)  # an explicit argument wins


@pytest.mark.parametrize(("errno", "transient"), [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)])
def test_unresolvable_hosts_fail_with_the_reason(monkeypatch, errno, transient):
    def fail(*args, **kwargs):
        raise socket.gaierror(errno, "resolver says no")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError) as failed:
        fetch("http://news.example.org/a", allow_private=False)
    assert type(failed.value) is FetchError
    assert failed.value.reason == "could not resolve host news.example.org"
    assert failed.value.transient is transient


def test_an_unknown_host_really_does_not_resolve():
    with pytest.raises(FetchError) as failed:
        fetch("http://no-such-host.invalid/", allow_private=False)
    assert (
        type(failed.value) is FetchError
        and failed.value.reason == "could not resolve host no-such-host.invalid"
    )


def test_international_host_names_are_resolved_in_their_ascii_form(monkeypatch):
    asked = []

    def resolve(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "no")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError):
        check_url("http://bücher.example/", allow_private=False)
    assert asked == ["xn--bcher-kva.example"]


# --- The guard while fetching ------------------------------------------------------------------------


def test_fetch_refuses_the_local_server_unless_allowed(server, requests_seen):
    with pytest.raises(FetchRefused) as refused:
        fetch(server + "/page?unallowed", allow_private=False)
    assert refused.value.reason == "refused: 127.0.0.1 is a loopback address"
    assert requests_seen() == []
    assert fetch(server + "/page", allow_private=True).body == PAGE
    assert get(server + "/page").body == PAGE


def test_the_setting_lifts_the_guard_for_fetch(server, default_settings):
    with pytest.raises(FetchRefused, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        fetch(server + "/page")
    default_settings.TRACKER_FETCH_ALLOW_PRIVATE = True
    assert fetch(server + "/page").status == 200


def test_the_connected_address_is_checked_even_if_resolution_lied(
    server, monkeypatch, connects, requests_seen
):
    """DNS rebinding: the name resolved to a public address for the check, then to 127.0.0.1."""
    monkeypatch.setattr(fetching, "_resolve", lambda host, port: ["93.184.215.14"])
    with pytest.raises(FetchRefused) as refused:
        fetch(server + "/page?rebound", allow_private=False)
    assert refused.value.reason == "refused: 127.0.0.1 is a loopback address"
    assert connects == [("127.0.0.1", port_of(server))]  # it did connect…
    assert requests_seen() == []  # …but sent nothing
    assert get(server + "/page").body == PAGE  # the same hook lets allowed networks through


def test_https_connections_check_the_peer_before_the_handshake(server):
    connection = GuardedHTTPSConnection("127.0.0.1", port_of(server), address_policy=AddressPolicy())
    with pytest.raises(FetchRefused, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        connection.connect()
    assert connection.sock is None


def test_redirects_into_private_space_are_refused_before_connecting(server, connects):
    assert refused_reason(server + "/to-private") == "refused: 10.0.0.1 is a private address"
    assert refused_reason(server + "/to-metadata") == "refused: 169.254.169.254 is a link-local address"
    assert (
        refused_reason(server + "/to-ftp")
        == "refused: only http and https addresses can be fetched, not ftp:"
    )
    assert refused_reason(server + "/to-credentials") == (
        "refused: addresses with a user name or password are not fetched"
    )
    assert connects == [("127.0.0.1", port_of(server))] * 4  # only ever the first hop


def test_environment_proxies_are_ignored(server, monkeypatch, requests_seen):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert get(server + "/page?direct").body == PAGE
    assert [path for path, _ in requests_seen()] == ["/page?direct"]


# --- Redirects ---------------------------------------------------------------------------------------


def test_redirects_are_followed_and_listed(server):
    response = get(server + "/hop/2")
    assert response.url == server + "/page" and response.status == 200 and response.body == PAGE
    assert response.redirects == [server + "/hop/2", server + "/hop/1", server + "/hop/0"]
    relative = get(server + "/dir/sub/relative")
    assert relative.redirects == [server + "/dir/sub/relative", server + "/hop/0"]
    assert get(server + "/page").redirects == []


def test_redirects_stop_at_the_limit(server):
    assert get(server + "/hop/1", max_redirects=2).url == server + "/page"
    assert refused_reason(server + "/hop/2", max_redirects=2) == (
        f"refused: more than 2 redirects, starting at {server}/hop/2"
    )
    assert refused_reason(server + "/loop") == f"refused: more than 5 redirects, starting at {server}/loop"
    assert refused_reason(server + "/hop/0", max_redirects=0) == (
        f"refused: more than 0 redirects, starting at {server}/hop/0"
    )


def test_a_redirect_without_location_is_an_error(server):
    with pytest.raises(FetchError) as failed:
        get(server + "/302-nowhere")
    assert failed.value.reason == f"HTTP 302 Found from {server}/302-nowhere"
    assert failed.value.status == 302 and failed.value.transient is False


class _Redirect:
    """What an https server answering with a redirect looks like to fetch(); no TLS server needed."""

    status, reason = 302, "Found"

    def __init__(self, location: str) -> None:
        self.headers = {"Location": location}

    def close(self) -> None:
        pass


@pytest.fixture
def https_redirects_to(monkeypatch):
    """Make every https hop answer with a redirect to the given URL; http hops reach the test server."""
    original = fetching._send

    def install(location: str) -> None:
        def send(pool, target, headers, limits, deadline):
            if target.scheme == "https":
                return _Redirect(location)
            return original(pool, target, headers, limits, deadline)

        monkeypatch.setattr(fetching, "_send", send)

    return install


def test_a_redirect_from_https_to_http_is_refused(server, https_redirects_to, requests_seen):
    https_redirects_to(server + "/page")
    assert (
        refused_reason(f"https://127.0.0.1:{port_of(server)}/secure")
        == "refused: redirect from https to http"
    )
    assert requests_seen() == []  # refused before the plain-http request was sent


def test_an_http_address_may_come_back_to_http_through_https(server, https_redirects_to):
    https_redirects_to(server + "/page")
    response = get(server + "/to-https")
    assert response.url == server + "/page" and response.body == PAGE
    assert response.redirects == [server + "/to-https", f"https://127.0.0.1:{port_of(server)}/secure"]


# --- Sizes and compression ---------------------------------------------------------------------------


def test_oversized_responses_are_refused(server, decoded):
    assert refused_reason(server + "/huge") == "refused: the response is larger than 5.0 MB"
    assert decoded[0] == 0  # Content-Length said so: nothing read


def test_a_content_length_over_the_cap_is_refused_before_reading(server, decoded):
    # The server only sends a short page: reading it would end in an incomplete-read error instead.
    assert refused_reason(server + "/length-says-huge") == "refused: the response is larger than 5.0 MB"
    assert decoded[0] == 0


def test_a_stream_without_length_is_cut_off_at_the_cap(server, decoded):
    assert (
        refused_reason(server + "/huge-no-length", max_bytes=MB)
        == "refused: the response is larger than 1.0 MB"
    )
    assert MB < decoded[0] <= MB + fetching.CHUNK


def test_a_content_length_that_understates_cannot_smuggle_more(server):
    assert get(server + "/length-says-less").body == b"c" * 100


def test_a_content_length_that_overstates_is_a_broken_connection(server):
    with pytest.raises(FetchError) as broken:
        get(server + "/length-says-more")
    assert broken.value.reason == "the connection to 127.0.0.1 broke: the response ended early"
    assert broken.value.transient is True


def test_a_gzip_bomb_is_refused_without_inflating_it(server, decoded):
    reason = refused_reason(server + "/bomb", max_bytes=MB)
    assert reason in (
        "refused: the response is larger than 1.0 MB",
        "refused: the response looks like a decompression bomb",
    )
    assert decoded[0] <= MB + fetching.CHUNK  # of the 20 MB it would inflate to


def test_the_compression_ratio_is_capped_whatever_the_size_cap(server, decoded):
    assert (
        refused_reason(server + "/bomb", max_bytes=50 * MB)
        == "refused: the response looks like a decompression bomb"
    )
    assert decoded[0] < 5 * MB


def test_ordinary_compression_is_decoded(server, requests_seen):
    assert get(server + "/gzip").body == PAGE
    assert get(server + "/deflate").body == PAGE
    assert requests_seen()[0][1]["Accept-Encoding"] == "gzip, deflate"


def test_an_encoding_we_cannot_decode_is_refused(server):
    assert refused_reason(server + "/brotli") == "refused: content encoding br is not supported"


def test_the_size_cap_setting_is_used(server, default_settings):
    default_settings.TRACKER_FETCH_MAX_BYTES = 32
    assert refused_reason(server + "/page") == "refused: the response is larger than 32 bytes"
    default_settings.TRACKER_FETCH_MAX_BYTES = 2048
    assert refused_reason(server + "/huge-no-length") == "refused: the response is larger than 2.0 KB"


# --- Time --------------------------------------------------------------------------------------------


def test_a_slow_drip_is_stopped_by_the_total_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchError) as slow:
        get(server + "/drip", total_timeout=1.2, read_timeout=10)
    elapsed = time.monotonic() - started
    assert slow.value.reason == "timed out reading from 127.0.0.1: no complete response within 1.2 s"
    assert slow.value.transient is True and type(slow.value) is FetchError
    assert 1.1 < elapsed < 1.7  # one byte a second: a check between reads alone would stop at 2 s


@pytest.fixture
def silent_port():
    """A port whose listener accepts connections (the kernel does) but never reads or answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_server_that_never_answers_times_out(silent_port):
    started = time.monotonic()
    with pytest.raises(FetchError) as silent:
        get(f"http://127.0.0.1:{silent_port}/", read_timeout=0.5)
    assert silent.value.reason == "timed out reading from 127.0.0.1 after 0.5 s"
    assert silent.value.transient is True
    assert time.monotonic() - started < 1.5


def test_the_read_timeout_setting_is_used(silent_port, default_settings):
    default_settings.TRACKER_FETCH_READ_TIMEOUT = 0.3
    with pytest.raises(FetchError, match=r"^timed out reading from 127\.0\.0\.1 after 0\.3 s$"):
        get(f"http://127.0.0.1:{silent_port}/")


def test_a_connect_timeout_is_transient(monkeypatch):
    def slow_connect(address, timeout, *args, **kwargs):
        assert timeout == 0.25
        raise TimeoutError("timed out")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", slow_connect)
    with pytest.raises(FetchError) as slow:
        get("http://127.0.0.1:9/", connect_timeout=0.25)
    assert (
        slow.value.reason == "timed out connecting to 127.0.0.1 after 0.25 s" and slow.value.transient is True
    )


def test_a_closed_port_is_a_transient_connection_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as closed:
        get(f"http://127.0.0.1:{port}/", connect_timeout=1)
    assert closed.value.reason == "could not connect to 127.0.0.1: connection refused"
    assert closed.value.transient is True


def test_a_server_hanging_up_is_transient(server):
    with pytest.raises(FetchError) as broken:
        get(server + "/hang-up")
    assert (
        broken.value.reason
        == "the connection to 127.0.0.1 broke: the server closed the connection without answering"
    )
    assert broken.value.transient is True


# --- Content types -----------------------------------------------------------------------------------


def test_an_unaccepted_content_type_is_refused_before_reading(server, decoded):
    assert (
        refused_reason(server + "/pdf")
        == f"refused: content type application/pdf is not accepted {DEFAULT_ACCEPT}"
    )
    assert decoded[0] == 0


def test_media_type_and_charset_are_normalised(server):
    response = get(server + "/mixed-case")
    assert (response.content_type, response.charset) == ("text/html", "iso-8859-1")
    plain = get(server + "/plain")
    assert (plain.content_type, plain.charset, plain.body) == ("text/plain", "", b"Just text.")


def test_a_missing_content_type_is_sniffed(server):
    html = get(server + "/untyped-html")
    assert (html.content_type, html.body) == ("text/html", b"\n  " + PAGE)
    assert get(server + "/untyped-xml", accept=FEED_TYPES).content_type == "application/xml"
    assert refused_reason(server + "/untyped-xml") == (
        f"refused: content type application/xml is not accepted {DEFAULT_ACCEPT}"
    )
    assert refused_reason(server + "/untyped-binary") == (
        "refused: the response has no content type and does not look like HTML or XML"
    )


def test_feeds_accept_xml_and_commonly_mislabelled_types(server):
    feed = get(server + "/rss", accept=FEED_TYPES)
    assert (feed.content_type, feed.charset, feed.body) == ("application/rss+xml", "utf-8", RSS)
    assert (
        refused_reason(server + "/rss")
        == f"refused: content type application/rss+xml is not accepted {DEFAULT_ACCEPT}"
    )
    assert get(server + "/page", accept=FEED_TYPES).content_type == "text/html"  # feedparser judges it


# --- Statuses, headers, conditional requests ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "phrase", "transient"),
    [
        ("/404", "Not Found", False),
        ("/410", "Gone", False),
        ("/500", "Internal Server Error", True),
        ("/503", "Service Unavailable", True),
        ("/429", "Too Many Requests", True),
    ],
)
def test_http_errors_say_whether_to_retry(server, path, phrase, transient):
    with pytest.raises(FetchError) as failed:
        get(server + path)
    assert type(failed.value) is FetchError
    assert failed.value.reason == f"HTTP {path[1:]} {phrase} from {server}{path}"
    assert failed.value.status == int(path[1:]) and failed.value.transient is transient


def test_conditional_requests_return_304_without_a_body(server, requests_seen):
    first = get(server + "/conditional")
    assert first.status == 200 and first.body == PAGE
    assert first.headers["etag"] == '"v1"' and first.headers["last-modified"] == LAST_MODIFIED
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    by_etag = get(server + "/conditional", extra_headers={"If-None-Match": first.headers["etag"]})
    assert (by_etag.status, by_etag.body, by_etag.headers["etag"]) == (304, b"", '"v1"')
    by_date = get(server + "/conditional", extra_headers={"If-Modified-Since": LAST_MODIFIED})
    assert (by_date.status, by_date.body) == (304, b"")
    sent = [headers for _, headers in requests_seen()]
    assert sent[1]["If-None-Match"] == '"v1"' and sent[2]["If-Modified-Since"] == LAST_MODIFIED


def test_identifying_headers_are_sent(server, requests_seen, default_settings):
    get(server + "/page")
    headers = requests_seen()[0][1]
    assert headers["User-Agent"] == "ClaimTracker/1.0 (+news statement tracker)"
    assert headers["Accept"] == "text/html, application/xhtml+xml, text/plain, */*;q=0.1"
    assert headers["Accept-Encoding"] == "gzip, deflate"
    default_settings.TRACKER_FETCH_USER_AGENT = "TestAgent/2"
    get(server + "/rss", accept=FEED_TYPES)
    headers = requests_seen()[1][1]
    assert headers["User-Agent"] == "TestAgent/2" and headers["Accept"].startswith("application/rss+xml, ")


def test_the_request_line_is_quoted_and_has_no_fragment(server):
    assert get(server + "/echo/a b/ü?q=x y&r=1#part").body == b"/echo/a%20b/%C3%BC?q=x%20y&r=1"


# --- Without Django settings -------------------------------------------------------------------------


def test_defaults_apply_when_django_is_not_configured():
    script = (
        "from sources import fetching as f\n"
        "limits = f._Limits.resolve(None, None, None, None, None)\n"
        "print(limits.max_bytes, limits.connect, limits.read, limits.total, limits.max_redirects)\n"
        "print(f._setting('TRACKER_FETCH_USER_AGENT'))\n"
        "try:\n    f.check_url('http://127.0.0.1/')\nexcept f.FetchRefused as e:\n    print(e.reason)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRACKER_"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        cwd=Path(fetching.__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "5242880 5.0 15.0 60.0 5",
        "ClaimTracker/1.0 (+news statement tracker)",
        "refused: 127.0.0.1 is a loopback address",
    ]
