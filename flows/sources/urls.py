"""URL rules: one canonical spelling per article, and which hosts are literal non-public addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import unquote_plus, urlsplit, urlunsplit

WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Query keys that identify the click, not the document: dropping them makes one article one URL.
TRACKING_KEYS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid",
    "ref_src", "ref_url", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc",
})
TRACKING_PREFIXES = ("utm_",)
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits: judge the IPv4 address.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAMES = ("localhost", ".localhost")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def canonical_url(url: str) -> str:
    """One spelling per document: lower-case scheme and host, no default port, fragment or tracking keys.

    >>> canonical_url("HTTPS://Example.COM:443/a/b/?utm_source=x&b=2&a=1#top")
    'https://example.com/a/b?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    return urlunsplit((scheme, canonical_netloc(scheme, parts), canonical_path(parts.path),
                       canonical_query(parts.query), ""))


def canonical_netloc(scheme: str, parts) -> str:
    """Host lower-cased, credentials dropped (never worth storing), port kept only when not the default."""
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return host
    return f"{host}:{port}"


def canonical_path(path: str) -> str:
    """An empty path is the root; a trailing slash elsewhere is the same page."""
    if not path or path == "/":
        return "/"
    return path.rstrip("/") or "/"


def canonical_query(query: str) -> str:
    """Tracking keys removed and the rest sorted, each pair kept in its original encoding."""
    pairs = [pair for pair in query.split("&") if pair]
    kept = [pair for pair in pairs if not is_tracking_key(unquote_plus(pair.partition("=")[0]))]
    return "&".join(sorted(kept))


def is_tracking_key(key: str) -> bool:
    """utm_* and the click identifiers that ad and mail platforms append."""
    key = key.lower()
    return key in TRACKING_KEYS or key.startswith(TRACKING_PREFIXES)


def is_web_url(url: str) -> bool:
    """http or https with a host: the only links worth following."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        return False  # a malformed IPv6 literal or port
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def host_key(host: str, port: int) -> str:
    """`host:port` as written in allow_hosts (IPv6 in brackets)."""
    host = host.lower().strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def url_host_key(url: str) -> str:
    """`host:port` of a URL, with the scheme's default port when none is written."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    return host_key(parts.hostname or "", port)


def literal_address(host: str) -> IPAddress | None:
    """The address a host spells directly, including legacy IPv4 forms (2130706433, 0x7f000001, 127.1)."""
    host = host.strip("[]").split("%")[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        # inet_aton is what resolvers apply to numeric hosts, so it reads every odd spelling they accept.
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def is_public_address(address: IPAddress) -> bool:
    """Globally routable unicast only: no private, loopback, link-local, CGNAT, multicast or reserved."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, Teredo client, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_local_name(host: str) -> bool:
    """Names that always mean this machine, whatever DNS says."""
    host = host.lower().rstrip(".")
    return host == LOCAL_NAMES[0] or host.endswith(LOCAL_NAMES[1])


def is_literal_private_host(host: str) -> bool:
    """True for hosts that name a non-public address without any DNS lookup (parsing stays pure)."""
    if is_local_name(host):
        return True
    address = literal_address(host)
    return address is not None and not is_public_address(address)
