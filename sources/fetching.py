"""Fetching pages and feeds from the web without letting a submitted URL reach inside our network.

Anyone who may submit a URL could otherwise make the server request internal services (SSRF): cloud
metadata at 169.254.169.254, an admin port on 127.0.0.1, a database on 10.x. So every hop of every
request is checked: the scheme, the addresses the host name resolves to, and, once connected, the
address of the socket itself, before a byte of the request is sent (a host name can resolve differently
the second time: DNS rebinding). Redirects are followed here, not by urllib3, so each hop passes the same
checks. Only urllib3 connection pools are used, which never read proxy settings from the environment.

Responses are read as a stream and cut off at a size cap counted after decompression, so neither a huge
page nor a gzip bomb can exhaust memory, and a total deadline stops servers that drip bytes slowly.
Errors say what happened in a sentence and whether trying again later may help (`transient`).

Limits come from Django settings (TRACKER_FETCH_*) when they are configured, else from the defaults
below (which settings.py takes as its own), so the module also works as plain Python.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    LocationValueError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    # Many servers mislabel their feeds like this; the feed parser then decides whether it really is one.
    "text/html",
    "text/plain",
    "application/octet-stream",
)

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
MB = 1024 * 1024
BOMB_RATIO = 100  # decoded bytes per byte on the wire above which a large body is a decompression bomb
BOMB_MIN_BYTES = MB  # below this much decoded, any ratio is harmless
SUPPORTED_ENCODINGS = ("", "identity", "gzip", "x-gzip", "deflate")  # what urllib3 decodes without extras

FETCH_DEFAULTS: dict[str, Any] = {
    "TRACKER_FETCH_MAX_BYTES": 5 * MB,
    "TRACKER_FETCH_CONNECT_TIMEOUT": 5,
    "TRACKER_FETCH_READ_TIMEOUT": 15,
    "TRACKER_FETCH_TOTAL_TIMEOUT": 60,
    "TRACKER_FETCH_MAX_REDIRECTS": 5,
    "TRACKER_FETCH_ALLOW_PRIVATE": False,
    "TRACKER_FETCH_USER_AGENT": "ClaimTracker/1.0 (+news statement tracker)",
}


class FetchError(Exception):
    """A fetch that did not produce a usable response. `transient`: trying again later may succeed."""

    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status


class FetchRefused(FetchError):
    """We will not fetch this (address, scheme, size, type, redirects): permanent."""


@dataclass(frozen=True)
class FetchedResponse:
    url: str  # final URL, after redirects
    status: int
    content_type: str  # lower-case media type without parameters
    charset: str  # from the Content-Type parameters, "" if none
    body: bytes  # decoded, at most max_bytes
    headers: dict[str, str]  # lower-case names
    redirects: list[str] = field(default_factory=list)  # each URL that redirected, in order


def _setting(name: str) -> Any:
    """A TRACKER_FETCH_* setting, or its default when Django is absent or not configured."""
    default = FETCH_DEFAULTS[name]
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return default
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


@dataclass(frozen=True)
class _Limits:
    max_bytes: int
    connect: float
    read: float
    total: float
    max_redirects: int

    @classmethod
    def resolve(
        cls,
        max_bytes: int | None,
        connect: float | None,
        read: float | None,
        total: float | None,
        max_redirects: int | None,
    ) -> _Limits:
        """The arguments given, the settings (or defaults) for the others."""

        def pick(value: Any, name: str, cast: type) -> Any:
            return cast(_setting(name) if value is None else value)

        return cls(
            max_bytes=pick(max_bytes, "TRACKER_FETCH_MAX_BYTES", int),
            connect=pick(connect, "TRACKER_FETCH_CONNECT_TIMEOUT", float),
            read=pick(read, "TRACKER_FETCH_READ_TIMEOUT", float),
            total=pick(total, "TRACKER_FETCH_TOTAL_TIMEOUT", float),
            max_redirects=pick(max_redirects, "TRACKER_FETCH_MAX_REDIRECTS", int),
        )


# --- Addresses ---------------------------------------------------------------------------------------

_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PRIVATE = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address leads to (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_class(ip: IPAddress) -> str | None:
    """Why an address must not be fetched ("loopback", "private"…), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
        return address_class(inner)
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip in _SHARED:
        return "shared (carrier-grade NAT)"
    if any(ip in net for net in _PRIVATE) or getattr(ip, "is_site_local", False):
        return "private"
    if ip.is_reserved or ip.is_private or not ip.is_global:
        return "reserved"  # documentation, benchmarking, 240/4, broadcast and the like
    return None


def refusal(ip: IPAddress) -> str | None:
    """The sentence refusing a non-public address, or None for a public one."""
    kind = address_class(ip)
    if kind is None:
        return None
    article = "an" if kind[0] in "aeiou" else "a"
    inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    if inner is None:
        return f"refused: {ip} is {article} {kind} address"
    if ip.ipv4_mapped is not None:  # type: ignore[union-attr]
        return f"refused: {inner} is {article} {kind} address"
    return f"refused: {ip} is {article} {kind} address (it leads to {inner})"


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be reached: public ones, plus everything or the listed networks if allowed."""

    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def build(cls, allow_private: bool | None, allow_networks: tuple[str, ...] = ()) -> AddressPolicy:
        allow = _setting("TRACKER_FETCH_ALLOW_PRIVATE") if allow_private is None else allow_private
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)
        return cls(bool(allow), networks)

    def check(self, address: str) -> None:
        """Raise FetchRefused unless `address` (as getaddrinfo or getpeername give it) may be reached."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
        if self.allow_private or self._listed(ip):
            return
        message = refusal(ip)
        if message is not None:
            raise FetchRefused(message)

    def _listed(self, ip: IPAddress) -> bool:
        candidates = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        return any(c.version == n.version and c in n for c in candidates for n in self.allow_networks)


def _resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (literal IPs in any notation getaddrinfo accepts)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError:
        raise FetchRefused(f"refused: {host!r} is not a valid host name") from None
    except socket.gaierror as exc:
        # EAI_AGAIN is the resolver failing for now; anything else means the name does not resolve.
        raise FetchError(f"could not resolve host {host}", transient=exc.errno == socket.EAI_AGAIN) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# --- URLs --------------------------------------------------------------------------------------------

_SAFE = "/%:@!$&'()*+,;=-._~"  # left as they are in a request path; spaces, controls and non-ASCII get quoted


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # what goes on the request line: path and query

    @classmethod
    def parse(cls, url: str) -> _Target:
        """Split a URL we may fetch, refusing other schemes, credentials and malformed addresses."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise FetchRefused(f"refused: {url[:100]!r} is not a valid address") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRefused(
                f"refused: only http and https addresses can be fetched, not {scheme or 'none'}:"
            )
        if parts.username is not None or parts.password is not None:
            raise FetchRefused("refused: addresses with a user name or password are not fetched")
        host = parts.hostname or ""
        if not host:
            raise FetchRefused(f"refused: {url[:100]!r} has no host name")
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                raise FetchRefused(f"refused: {host!r} is not a valid host name") from None
        path = quote(parts.path or "/", safe=_SAFE)
        if parts.query:
            path += "?" + quote(parts.query, safe=_SAFE + "?")
        return cls(scheme, host, port or (443 if scheme == "https" else 80), path)


def check_url(url: str, *, allow_private: bool | None = None, allow_networks: tuple[str, ...] = ()) -> None:
    """Raise FetchRefused for a URL we must not fetch; resolves the host name and checks every address."""
    target = _Target.parse(url)
    _check_addresses(target, AddressPolicy.build(allow_private, allow_networks))


def _check_addresses(target: _Target, policy: AddressPolicy) -> None:
    for address in _resolve(target.host, target.port):
        policy.check(address)


# --- Connections that check the address they actually reached ---------------------------------------


class _PeerCheck:
    """Checks the connected socket's peer address before the request is written to it."""

    def __init__(self, *args: Any, address_policy: AddressPolicy, **kwargs: Any) -> None:
        self.address_policy = address_policy
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        try:
            self.address_policy.check(sock.getpeername()[0])
        except FetchRefused:
            sock.close()
            raise
        return sock


class GuardedHTTPConnection(_PeerCheck, HTTPConnection):
    pass


class GuardedHTTPSConnection(_PeerCheck, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


def _pool(target: _Target, policy: AddressPolicy, timeout: urllib3.Timeout) -> HTTPConnectionPool:
    pool_class = _GuardedHTTPSPool if target.scheme == "https" else _GuardedHTTPPool
    return pool_class(
        target.host,
        target.port,
        timeout=timeout,
        retries=False,
        maxsize=1,
        block=False,
        address_policy=policy,
    )


# --- Messages ----------------------------------------------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:g}"


def _size(value: int) -> str:
    if value >= MB:
        return f"{value / MB:.1f} MB"
    if value >= 1024:
        return f"{value / 1024:.1f} KB"
    return f"{value} bytes"


def _short(exc: BaseException) -> str:
    """The useful end of a urllib3/socket error message."""
    text = str(exc)
    for needle, said in (
        ("Connection refused", "connection refused"),
        ("Connection reset", "connection reset"),
        ("IncompleteRead", "the response ended early"),
        ("without response", "the server closed the connection without answering"),
    ):
        if needle in text:
            return said
    return text.rsplit(": ", 1)[-1][:200] or type(exc).__name__


def _read_timeout(host: str, limits: _Limits, deadline: float) -> FetchError:
    if time.monotonic() >= deadline - 0.05:
        return FetchError(
            f"timed out reading from {host}: no complete response within {_seconds(limits.total)} s",
            transient=True,
        )
    return FetchError(f"timed out reading from {host} after {_seconds(limits.read)} s", transient=True)


def _http_error(status: int, reason: str, url: str) -> FetchError:
    transient = status == 429 or status >= 500
    text = f"HTTP {status} {reason}".strip()
    return FetchError(f"{text} from {url}", transient=transient, status=status)


def _not_accepted(media: str, accept: tuple[str, ...]) -> FetchRefused:
    return FetchRefused(f"refused: content type {media} is not accepted (expected {', '.join(accept)})")


# --- Fetching ----------------------------------------------------------------------------------------


def _request_headers(accept: tuple[str, ...], extra: dict[str, str] | None) -> dict[str, str]:
    return {
        "User-Agent": str(_setting("TRACKER_FETCH_USER_AGENT")),
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
        **(extra or {}),
    }


def _send(
    pool: HTTPConnectionPool, target: _Target, headers: dict[str, str], limits: _Limits, deadline: float
) -> Any:
    """Send the GET and wait for the status line and headers; the body is left on the wire."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _read_timeout(target.host, limits, deadline)
    connect = min(limits.connect, remaining)
    host = target.host
    try:
        return pool.urlopen(
            "GET",
            target.path,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=True,
            assert_same_host=False,
            timeout=urllib3.Timeout(connect=connect, read=min(limits.read, remaining)),
        )
    except NewConnectionError as exc:  # before the timeouts: urllib3 makes it a subclass of them
        raise FetchError(f"could not connect to {host}: {_short(exc)}", transient=True) from None
    except ConnectTimeoutError:
        raise FetchError(
            f"timed out connecting to {host} after {_seconds(connect)} s", transient=True
        ) from None
    except (ReadTimeoutError, Urllib3Timeout):
        raise _read_timeout(host, limits, deadline) from None
    except SSLError as exc:
        raise FetchError(f"TLS error talking to {host}: {_short(exc)}") from None
    except LocationValueError:
        raise FetchRefused(f"refused: {host!r} is not a valid host name") from None
    except (ProtocolError, HTTPError, OSError) as exc:
        raise FetchError(f"the connection to {host} broke: {_short(exc)}", transient=True) from None


def _location(response: Any) -> str | None:
    """Where a redirect points, or None if the response is not one."""
    if response.status not in REDIRECT_STATUSES:
        return None
    value = (response.headers.get("Location") or "").strip()
    if not value:
        return None
    try:  # http.client decodes header bytes as Latin-1; servers send UTF-8
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _media_type(header: str) -> tuple[str, str]:
    """("text/html", "utf-8") from "Text/HTML; charset=UTF-8"."""
    media, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _sniff(body: bytes) -> str:
    """The media type a body without Content-Type evidently has: HTML, XML, or "" if neither."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "application/xml"
    return ""


def _check_before_reading(headers: dict[str, str], accept: tuple[str, ...], max_bytes: int) -> None:
    """Refuse on the headers alone when they already show the body is unusable."""
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding not in SUPPORTED_ENCODINGS:
        raise FetchRefused(f"refused: content encoding {encoding} is not supported")
    length = headers.get("content-length", "").strip()
    if encoding in ("", "identity") and length.isascii() and length.isdigit() and int(length) > max_bytes:
        raise FetchRefused(f"refused: the response is larger than {_size(max_bytes)}")
    media, _ = _media_type(headers.get("content-type", ""))
    if media and media not in accept:
        raise _not_accepted(media, accept)


def _read_body(response: Any, host: str, limits: _Limits, deadline: float) -> bytes:
    """Read and decode the body in chunks, within the size cap, the bomb ratio and the deadline."""
    sock = getattr(response.connection, "sock", None)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _read_timeout(host, limits, deadline)
            if sock is not None:  # so that one slow read cannot outlast the deadline
                sock.settimeout(min(limits.read, remaining))
            chunk = response.read1(CHUNK, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > BOMB_MIN_BYTES and size > BOMB_RATIO * max(1, response.tell()):
                raise FetchRefused("refused: the response looks like a decompression bomb")
            if size > limits.max_bytes:
                raise FetchRefused(f"refused: the response is larger than {_size(limits.max_bytes)}")
            chunks.append(chunk)
    except (ReadTimeoutError, Urllib3Timeout):
        raise _read_timeout(host, limits, deadline) from None
    except DecodeError:
        raise FetchError(f"could not decode the compressed response from {host}") from None
    except (ProtocolError, HTTPError, OSError) as exc:
        raise FetchError(f"the connection to {host} broke: {_short(exc)}", transient=True) from None


def _finish(
    response: Any, url: str, redirects: list[str], accept: tuple[str, ...], limits: _Limits, deadline: float
) -> FetchedResponse:
    """Turn a final (non-redirect) response into a FetchedResponse or an error."""
    headers = {name.lower(): value for name, value in response.headers.items()}
    media, charset = _media_type(headers.get("content-type", ""))
    status = response.status
    if status == 304:
        return FetchedResponse(url, 304, media, charset, b"", headers, redirects)
    if status >= 300:
        raise _http_error(status, response.reason or "", url)
    _check_before_reading(headers, accept, limits.max_bytes)
    body = _read_body(response, urlsplit(url).hostname or "", limits, deadline)
    if not media:
        media = _sniff(body)
        if not media:
            raise FetchRefused("refused: the response has no content type and does not look like HTML or XML")
        if media not in accept:
            raise _not_accepted(media, accept)
    return FetchedResponse(url, status, media, charset, body, headers, redirects)


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] = HTML_TYPES + TEXT_TYPES,
    max_bytes: int | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    total_timeout: float | None = None,
    max_redirects: int | None = None,
    allow_private: bool | None = None,
    allow_networks: tuple[str, ...] = (),
    extra_headers: dict[str, str] | None = None,
) -> FetchedResponse:
    """GET a URL, following redirects ourselves so that every hop passes the address guard.

    `allow_private` lifts the address-class check entirely; `allow_networks` (CIDR strings) lifts it for
    those networks only. Scheme and credential checks always apply. A 304 is returned, not raised.
    A redirect from https to http is refused unless `url` itself was http (no silent downgrade).
    """
    limits = _Limits.resolve(max_bytes, connect_timeout, read_timeout, total_timeout, max_redirects)
    policy = AddressPolicy.build(allow_private, allow_networks)
    headers = _request_headers(accept, extra_headers)
    deadline = time.monotonic() + limits.total
    redirects: list[str] = []
    current = url
    while True:
        target = _Target.parse(current)
        _check_addresses(target, policy)
        with _pool(target, policy, urllib3.Timeout(connect=limits.connect, read=limits.read)) as pool:
            response = _send(pool, target, headers, limits, deadline)
            try:
                location = _location(response)
                if location is None:
                    return _finish(response, current, redirects, accept, limits, deadline)
            finally:
                response.close()
        redirects.append(current)
        if len(redirects) > limits.max_redirects:
            raise FetchRefused(f"refused: more than {limits.max_redirects} redirects, starting at {url}")
        previous, current = current, urljoin(current, location)
        if _downgrades(url, previous, current):
            raise FetchRefused("refused: redirect from https to http")


def _downgrades(original: str, previous: str, following: str) -> bool:
    """An https hop sending us to plain http, when the caller asked for https (it would expose the request)."""
    schemes = [urlsplit(u).scheme.lower() for u in (original, previous, following)]
    return schemes[1] == "https" and schemes[2] == "http" and schemes[0] != "http"


# --- Posting (webhooks) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostedResponse:
    status: int
    body: bytes  # the start of the answer, for the delivery log


def post(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str],
    timeout: float | None = None,
    allow_private: bool | None = None,
    max_answer_bytes: int = 2048,
) -> PostedResponse:
    """POST `body` to `url` behind the same address guard as `fetch` (resolved addresses and the
    connected socket both checked), without following redirects: a webhook target answers itself.

    Raises FetchRefused for an address we must not reach, FetchError (transient) when the connection
    fails or times out. Any HTTP answer is returned, whatever its status: the caller decides."""
    limits = _Limits.resolve(None, None, None, timeout, 0)
    policy = AddressPolicy.build(allow_private)
    target = _Target.parse(url)
    _check_addresses(target, policy)
    deadline = time.monotonic() + limits.total
    request_headers = {"User-Agent": str(_setting("TRACKER_FETCH_USER_AGENT")), **headers}
    connect = min(limits.connect, limits.total)
    with _pool(target, policy, urllib3.Timeout(connect=connect, read=limits.read)) as pool:
        try:
            response = pool.urlopen(
                "POST",
                target.path,
                body=body,
                headers=request_headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
                timeout=urllib3.Timeout(connect=connect, read=min(limits.read, limits.total)),
            )
        except NewConnectionError as exc:
            raise FetchError(f"could not connect to {target.host}: {_short(exc)}", transient=True) from None
        except ConnectTimeoutError:
            raise FetchError(
                f"timed out connecting to {target.host} after {_seconds(connect)} s", transient=True
            ) from None
        except (ReadTimeoutError, Urllib3Timeout):
            raise _read_timeout(target.host, limits, deadline) from None
        except SSLError as exc:
            raise FetchError(f"TLS error talking to {target.host}: {_short(exc)}") from None
        except (ProtocolError, HTTPError, OSError) as exc:
            raise FetchError(
                f"the connection to {target.host} broke: {_short(exc)}", transient=True
            ) from None
        try:
            answer = response.read(max_answer_bytes, decode_content=False) or b""
        except (ProtocolError, HTTPError, OSError):
            answer = b""
        finally:
            response.close()
    return PostedResponse(response.status, answer)
