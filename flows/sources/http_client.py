"""HTTP GET that a hostile server cannot stall, flood, or point at the inside of the network."""

from __future__ import annotations

import email.utils
import functools
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from flows.config import FetchPolicy
from flows.sources.urls import (
    WEB_SCHEMES,
    host_key,
    is_literal_private_host,
    is_public_address,
    literal_address,
    url_host_key,
)

WantedError = TypeVar("WantedError", bound=BaseException)


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Statuses that say "later" rather than "never"; 429 and 503 may also say when (Retry-After).
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
RETRY_AFTER_ATTEMPTS = 2
CHUNK_BYTES = 64 * 1024
# Only encodings we decode ourselves, with a bound on each step (see BoundedDecoder).
ACCEPT_ENCODING = "gzip, deflate"


@dataclass(frozen=True)
class Response:
    """A finished GET: final URL after redirects, status, lower-case headers, decoded body."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class FetchError(Exception):
    """A fetch that gave no usable document; `reason` is a sentence for the run summary."""

    def __init__(self, url: str, reason: str, *, is_transient: bool = False,
                 retry_after_seconds: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.is_transient = is_transient
        self.retry_after_seconds = retry_after_seconds


class DestinationRefused(FetchError):
    """The URL names a scheme or an address that dealwatch never connects to."""


def is_transient(exc: BaseException) -> bool:
    """Worth retrying later (5xx, 429, timeouts, connection errors); follows the exception's cause chain."""
    link: BaseException | None = exc
    while link is not None:
        if isinstance(link, FetchError):
            return link.is_transient
        link = link.__cause__
    return False


def fetch(url: str, policy: FetchPolicy, *, etag: str | None = None,
          last_modified: str | None = None) -> Response:
    """GET `url` under `policy`; 304 comes back as a Response with an empty body, any status >= 400 raises."""
    headers = request_headers(policy, etag, last_modified)
    for attempt in range(RETRY_AFTER_ATTEMPTS + 1):
        try:
            return fetch_once(url, policy, headers)
        except FetchError as error:
            if attempt == RETRY_AFTER_ATTEMPTS or not waits_within_cap(error, policy):
                raise
            time.sleep(error.retry_after_seconds)
    raise AssertionError("unreachable: the last attempt returns or raises")


def waits_within_cap(error: FetchError, policy: FetchPolicy) -> bool:
    """A Retry-After short enough to wait for in this run."""
    wait = error.retry_after_seconds
    return wait is not None and wait <= policy.retry_after_cap_seconds


def request_headers(policy: FetchPolicy, etag: str | None, last_modified: str | None) -> dict[str, str]:
    """One User-Agent, encodings we can bound, and the conditional-GET validators when we have them."""
    headers = {"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def fetch_once(url: str, policy: FetchPolicy, headers: dict[str, str]) -> Response:
    """One attempt: every redirect hop checked, all of it within one deadline."""
    deadline = Deadline(policy.deadline_seconds)
    guard = GuardedBackend(policy, deadline)
    hop_url = url
    with guard, watchdog(deadline, guard.shut_down_sockets), open_client(policy, guard) as client:
        for _hop in range(policy.max_redirects + 1):
            try:
                check_destination(hop_url, policy)
                with host_slot(url_host_key(hop_url), policy.max_per_host, deadline):
                    response = get_one_hop(client, hop_url, headers, policy, deadline)
            except FetchError as error:
                if hop_url == url:
                    raise
                raise after_redirect(error, url) from error
            if response.status not in REDIRECT_STATUSES:
                return response
            hop_url = redirect_target(response)
    raise FetchError(url, f"more than {policy.max_redirects} redirects")


def after_redirect(error: FetchError, requested_url: str) -> FetchError:
    """The same error, told about the URL the caller asked for, naming the hop where it happened."""
    return type(error)(requested_url, f"after a redirect to {error.url}: {error.reason}",
                       is_transient=error.is_transient, retry_after_seconds=error.retry_after_seconds)


def redirect_target(response: Response) -> str:
    """The absolute URL a redirect points to."""
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(response.url, f"HTTP {response.status} redirect without a Location header")
    return urljoin(response.url, location)


class Deadline:
    """A monotonic whole-request budget (httpx timeouts only measure inactivity), paused while queueing."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.paused_at: float | None = None

    def remaining(self) -> float:
        now = self.paused_at if self.paused_at is not None else time.monotonic()
        return max(0.0, self.ends_at - now)

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def check(self, url: str) -> None:
        if self.expired():
            raise FetchError(url, f"took longer than the {self.seconds:g} s deadline", is_transient=True)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Time spent waiting for our own per-host slot is not the server's fault: it does not count."""
        self.paused_at = time.monotonic()
        try:
            yield
        finally:
            self.ends_at += time.monotonic() - self.paused_at
            self.paused_at = None


@contextmanager
def watchdog(deadline: Deadline, on_expiry: Callable[[], None]) -> Iterator[None]:
    """Cut the sockets at the deadline even while a read blocks (slow headers, a stalled TLS handshake)."""
    finished = threading.Event()

    def watch() -> None:
        # Re-arms itself while the deadline is paused or pushed back; fires once it has really passed.
        while not finished.wait(max(deadline.remaining(), 0.01)):
            if deadline.expired():
                on_expiry()
                return

    threading.Thread(target=watch, name="fetch-watchdog", daemon=True).start()
    try:
        yield
    finally:
        finished.set()


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle costs milliseconds: do it once per process."""
    return httpx.create_ssl_context()


def open_client(policy: FetchPolicy, guard: GuardedBackend) -> httpx.Client:
    """A client whose every TCP connection goes through `guard`; redirects are followed by hand."""
    timeout = httpx.Timeout(policy.deadline_seconds, connect=policy.connect_timeout_seconds)
    return httpx.Client(transport=GuardedTransport(guard), timeout=timeout, follow_redirects=False)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pool built on GuardedBackend."""

    def __init__(self, guard: GuardedBackend) -> None:
        super().__init__(verify=shared_ssl_context())
        # httpx exposes no network-backend argument; the pool it built is replaced by an
        # identical one (http/1.1, same SSL context) whose connects go through the guard.
        self._pool = httpcore.ConnectionPool(ssl_context=shared_ssl_context(), network_backend=guard)


class GuardedBackend(httpcore.NetworkBackend):
    """Connects only to addresses it has just vetted (no DNS-rebinding gap); keeps a handle on each socket."""

    def __init__(self, policy: FetchPolicy, deadline: Deadline) -> None:
        self.policy = policy
        self.deadline = deadline
        self.inner = httpcore.SyncBackend()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        url = f"//{host_key(host, port)}"
        addresses = vetted_addresses(url, host, port, self.policy, self.deadline)
        error: httpcore.ConnectError | None = None
        for address in addresses:
            self.deadline.check(url)
            budget = min(timeout or self.policy.connect_timeout_seconds, self.deadline.remaining())
            try:
                stream = self.inner.connect_tcp(address, port, budget, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
                continue
            # A duplicate handle: TLS wrapping detaches the original socket object, the duplicate stays
            # valid (and its number cannot be reused by another connection) until close_handles().
            self.remember(stream.get_extra_info("socket").dup())
            return stream
        raise error or httpcore.ConnectError(f"no address to connect to for {host}")

    def __enter__(self) -> GuardedBackend:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close_handles()

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise DestinationRefused(path, "unix sockets are never used")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)

    def remember(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)

    def shut_down_sockets(self) -> None:
        """Wake any blocked read or TLS handshake: shutdown() reaches the connection, close() would not."""
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    continue  # the peer already closed it: nothing left to cut

    def close_handles(self) -> None:
        with self.lock:
            for sock in self.sockets:
                sock.close()
            self.sockets.clear()


def check_destination(url: str, policy: FetchPolicy) -> None:
    """Refuse a non-web scheme, or a host that names a non-public address outright, before any DNS or socket.

    Names are resolved and every address checked by GuardedBackend, just before it connects.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise DestinationRefused(url, f"scheme {parts.scheme or '(none)'!r} refused: only http and https")
    if not parts.hostname:
        raise DestinationRefused(url, "no host in the URL")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise DestinationRefused(url, f"bad port ({exc})") from exc
    if host_key(parts.hostname, port) not in policy.allow_hosts and is_literal_private_host(parts.hostname):
        raise DestinationRefused(url, f"refused: {parts.hostname} is a non-public address")


def vetted_addresses(url: str, host: str, port: int, policy: FetchPolicy, deadline: Deadline) -> list[str]:
    """Every address `host` resolves to, all public, or the exact host:port is allowed by the policy."""
    if host_key(host, port) in policy.allow_hosts:
        return resolve(url, host, port, deadline)
    if is_literal_private_host(host):
        raise DestinationRefused(url, f"refused: {host} is a non-public address")
    addresses = resolve(url, host, port, deadline)
    for address in addresses:
        if not is_public_address(literal_address(address)):
            raise DestinationRefused(url, f"refused: {host} resolves to the non-public address {address}")
    return addresses


# getaddrinfo has no timeout of its own: lookups run here so a fetch can give up at its deadline.
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="dealwatch-dns")


def resolve(url: str, host: str, port: int, deadline: Deadline) -> list[str]:
    """The addresses a connection would use, in resolver order, without duplicates."""
    lookup = _RESOLVER.submit(socket.getaddrinfo, host.strip("[]"), port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=deadline.remaining())
    except FutureTimeout as exc:
        raise FetchError(url, f"DNS lookup of {host} outlasted the deadline", is_transient=True) from exc
    except socket.gaierror as exc:
        # EAI_AGAIN is a resolver hiccup worth retrying; a name that does not exist stays so.
        transient = exc.errno == socket.EAI_AGAIN
        raise FetchError(url, f"unknown host {host} ({exc.strerror})", is_transient=transient) from exc
    return list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))


_HOST_SLOTS: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_HOST_SLOTS_LOCK = threading.Lock()


@contextmanager
def host_slot(key: str, limit: int, deadline: Deadline) -> Iterator[None]:
    """At most `limit` requests in flight to one host:port from this process; queueing pauses the deadline."""
    with _HOST_SLOTS_LOCK:
        slot = _HOST_SLOTS.setdefault((key, limit), threading.BoundedSemaphore(max(1, limit)))
    with deadline.paused():
        slot.acquire()
    try:
        yield
    finally:
        slot.release()


def get_one_hop(client: httpx.Client, url: str, headers: dict[str, str], policy: FetchPolicy,
                deadline: Deadline) -> Response:
    """One request; the body is read only when it is the answer (not a redirect, not an error)."""
    try:
        with client.stream("GET", url, headers=headers) as response:
            answer = Response(url=url, status=response.status_code,
                              headers={k.lower(): v for k, v in response.headers.items()})
            raise_for_status(answer)
            if answer.status in REDIRECT_STATUSES or answer.status == 304:
                return answer
            body = read_body(response, url, policy.max_bytes, deadline)
    except httpx.HTTPError as exc:
        raise network_error(url, exc, deadline) from exc
    return Response(url=url, status=answer.status, headers=answer.headers, body=body)


def network_error(url: str, exc: httpx.HTTPError, deadline: Deadline) -> FetchError:
    """httpx's exception as a FetchError; a socket the watchdog cut reads as the deadline."""
    if deadline.expired():
        return FetchError(url, f"took longer than the {deadline.seconds:g} s deadline", is_transient=True)
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, f"timed out ({type(exc).__name__})", is_transient=True)
    certificate_error = cause_of_type(exc, ssl.SSLCertVerificationError)
    if certificate_error is not None:
        # A certificate that does not verify will not verify on the next try either.
        return FetchError(url, f"TLS certificate refused: {certificate_error.verify_message}")
    return FetchError(url, f"network error: {type(exc).__name__}: {exc}", is_transient=True)


def cause_of_type(exc: BaseException, wanted: type[WantedError]) -> WantedError | None:
    """The first exception of type `wanted` in the cause/context chain (httpx wraps httpcore wraps ssl)."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, wanted):
            return link
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return None


def raise_for_status(response: Response) -> None:
    """A page answered with an error status is not a document (a 403 bot wall extracts as text)."""
    if response.status < 400:
        return
    retry_after = None
    if response.status in RETRY_AFTER_STATUSES:
        retry_after = parse_retry_after(response.headers.get("retry-after", ""))
    raise FetchError(response.url, f"HTTP {response.status}",
                     is_transient=response.status in TRANSIENT_STATUSES, retry_after_seconds=retry_after)


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None when unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def read_body(response: httpx.Response, url: str, max_bytes: int, deadline: Deadline) -> bytes:
    """The decoded body, stopped as soon as it passes `max_bytes` or the deadline."""
    decoder = BoundedDecoder(url, response.headers.get("content-encoding", ""))
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw(CHUNK_BYTES):
        deadline.check(url)
        for piece in decoder.decode(raw):
            size += len(piece)
            if size > max_bytes:
                raise FetchError(url, f"body larger than the {max_bytes} byte cap (after decoding)")
            chunks.append(piece)
    deadline.check(url)
    return b"".join(chunks)


class BoundedDecoder:
    """gzip/deflate inflated at most CHUNK_BYTES at a time, so a bomb never expands past one chunk."""

    def __init__(self, url: str, content_encoding: str) -> None:
        self.url = url
        encoding = content_encoding.strip().lower()
        if encoding not in {"", "identity", "gzip", "x-gzip", "deflate"}:
            raise FetchError(url, f"unsupported Content-Encoding {content_encoding!r}")
        self.encoding = encoding
        # 32 + MAX_WBITS reads both gzip and zlib headers.
        self.inflater = zlib.decompressobj(32 + zlib.MAX_WBITS) if encoding not in {"", "identity"} else None
        self.started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            yield from (data[i:i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES))
            return
        while data and not self.inflater.eof:
            piece = self.inflate(data)
            data = self.inflater.unconsumed_tail
            if piece:
                yield piece

    def inflate(self, data: bytes) -> bytes:
        try:
            piece = self.inflater.decompress(data, CHUNK_BYTES)
        except zlib.error as exc:
            if self.encoding == "deflate" and not self.started:
                # Some servers send raw deflate without the zlib header the standard asks for.
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.inflate(data)
            raise FetchError(self.url, f"corrupt {self.encoding} body ({exc})") from exc
        self.started = True
        return piece
