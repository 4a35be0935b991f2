"""flows.sources.http_client against real servers on 127.0.0.1: policy, deadline, caps, redirects, politeness."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import pytest
from servers import (
    LocalServer,
    answer,
    gzip_bomb,
    listening_socket,
    policy_for,
    redirect,
    self_signed_tls_context,
    send,
    slow_answer,
    trickle_body,
    trickle_headers,
    was_connected,
)

from flows.config import USER_AGENT, FetchPolicy
from flows.sources.http_client import (
    Deadline,
    DestinationRefused,
    FetchError,
    GuardedBackend,
    fetch,
    is_transient,
    parse_retry_after,
)
from flows.sources.urls import is_public_address


def test_get_returns_decoded_body_final_url_and_sends_the_project_user_agent(server):
    body = "<p>Ünïcode body</p>".encode() * 50
    url = server.route("/page", answer(200, gzip.compress(body), {"Content-Encoding": "gzip"}))

    response = fetch(url, policy_for(server))

    assert (response.status, response.url, response.body) == (200, url, body)
    assert response.headers["content-encoding"] == "gzip"
    assert server.requests[0][1]["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("dealwatch/")


def test_conditional_get_sends_validators_and_turns_304_into_an_empty_response(server):
    validators = {"ETag": '"v1"', "Last-Modified": "Sat, 01 Nov 2025 10:00:00 GMT"}

    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            send(request, 304, headers=validators)
        else:
            send(request, 200, b"<rss/>", validators)

    url = server.route("/feed", feed)
    first = fetch(url, policy_for(server))
    second = fetch(url, policy_for(server), etag=first.headers["etag"],
                   last_modified=first.headers["last-modified"])

    assert first.body == b"<rss/>"
    assert (second.status, second.body) == (304, b"")
    sent = server.requests[1][1]
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', validators["Last-Modified"])
    assert "if-none-match" not in server.requests[0][1]


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (429, True), (403, False),
                                                   (404, False), (410, False)])
def test_error_statuses_raise_and_say_whether_to_retry(server, status, transient):
    url = server.route("/err", answer(status, b"Forbidden URL\nHTTP Error 403 " * 20))

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server))

    assert caught.value.reason == f"HTTP {status}"
    assert caught.value.is_transient is transient
    assert is_transient(caught.value) is transient


def test_retry_after_within_the_cap_is_waited_for_then_the_request_succeeds(server):
    calls = []

    def busy_then_ok(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            send(request, 429, b"slow down", {"Retry-After": "1"})
        else:
            send(request, 200, b"fine")

    url = server.route("/busy", busy_then_ok)
    response = fetch(url, policy_for(server, retry_after_cap_seconds=5))

    assert response.body == b"fine"
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 0.95


def test_retry_after_beyond_the_cap_raises_a_transient_error_carrying_the_wait(server):
    url = server.route("/down", answer(503, b"", {"Retry-After": "3600"}))
    started = time.monotonic()

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server, retry_after_cap_seconds=60))

    assert time.monotonic() - started < 1
    assert caught.value.is_transient and caught.value.retry_after_seconds == 3600
    assert len(server.requests) == 1


def test_retry_after_keeps_asking_a_bounded_number_of_times(server):
    url = server.route("/always-busy", answer(429, b"", {"Retry-After": "0"}))

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server))

    assert caught.value.retry_after_seconds == 0
    assert len(server.requests) == 3


def test_retry_after_reads_seconds_and_http_dates():
    now = time.time()
    assert parse_retry_after("120") == 120
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, abs=1)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0
    assert parse_retry_after("soon") is None


def test_a_body_trickling_one_byte_every_half_second_is_cut_at_the_deadline(server):
    url = server.route("/trickle", trickle_body(interval=0.5))
    started = time.monotonic()

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server, deadline_seconds=2))

    elapsed = time.monotonic() - started
    assert 1.9 <= elapsed < 3.0
    assert "deadline" in caught.value.reason and caught.value.is_transient


def test_headers_trickling_one_byte_every_half_second_are_cut_at_the_deadline(server):
    url = server.route("/slow-headers", trickle_headers(interval=0.5))
    started = time.monotonic()

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server, deadline_seconds=2))

    assert 1.9 <= time.monotonic() - started < 3.0
    assert "deadline" in caught.value.reason


def test_a_gzip_bomb_stops_at_the_decoded_byte_cap(server):
    sent: list[int] = []
    url = server.route("/bomb", gzip_bomb(decoded_bytes=1 << 30, sent=sent))
    started = time.monotonic()

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server, max_bytes=1_000_000))

    assert "1000000 byte cap" in caught.value.reason
    assert time.monotonic() - started < 5
    # The server wrote far less than the ~1 MB that the whole gigabyte compresses to.
    assert len(sent) < 1024


def test_redirects_are_followed_hop_by_hop_to_the_final_url(server):
    final = server.route("/final", answer(200, b"arrived"))
    server.route("/middle", redirect("/final", 301))
    start = server.route("/start", redirect(server.url("/middle")))

    response = fetch(start, policy_for(server))

    assert (response.url, response.body) == (final, b"arrived")
    assert [path for path, _ in server.requests] == ["/start", "/middle", "/final"]


@pytest.mark.parametrize("target", ["http://10.0.0.1/latest", "http://169.254.169.254/latest/meta-data/",
                                    "http://[::ffff:169.254.169.254]/", "http://100.64.0.1/"])
def test_a_redirect_to_a_private_or_metadata_address_is_refused(server, target):
    url = server.route("/evil", redirect(target))

    with pytest.raises(DestinationRefused) as caught:
        fetch(url, policy_for(server))

    assert caught.value.reason.startswith(f"after a redirect to {target}: refused: ")
    assert "non-public address" in caught.value.reason and not caught.value.is_transient
    assert caught.value.url == url


def test_a_redirect_to_a_loopback_port_not_in_the_allow_list_never_connects(server):
    with listening_socket() as other:
        other_port = other.getsockname()[1]
        url = server.route("/hop", redirect(f"http://127.0.0.1:{other_port}/admin"))

        with pytest.raises(DestinationRefused):
            fetch(url, policy_for(server))

        assert not was_connected(other)


@pytest.mark.parametrize("spelling", ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "0177.0.0.1",
                                      "[::ffff:127.0.0.1]", "[::1]", "localhost", "0.0.0.0"])
def test_loopback_in_any_spelling_is_refused_before_connecting(spelling):
    with listening_socket() as target:
        url = f"http://{spelling}:{target.getsockname()[1]}/"

        with pytest.raises(DestinationRefused):
            fetch(url, FetchPolicy())

        assert not was_connected(target)


def test_the_connection_layer_refuses_on_its_own_what_the_url_check_would():
    """Even a URL that slipped past the first check cannot connect: the backend re-resolves and re-checks."""
    with listening_socket() as target:
        port = target.getsockname()[1]
        backend = GuardedBackend(FetchPolicy(allow_hosts=frozenset({"127.0.0.1:1"})), Deadline(5))

        with pytest.raises(DestinationRefused):
            backend.connect_tcp("127.0.0.1", port)

        assert not was_connected(target)


def test_a_redirect_loop_is_capped(server):
    url = server.route("/loop", redirect("/loop"))

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server, max_redirects=3))

    assert caught.value.reason == "more than 3 redirects"
    assert len(server.requests) == 4


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed", "gopher://example.com/",
                                 "javascript:alert(1)", "data:text/html,hi"])
def test_schemes_other_than_http_and_https_are_refused(url):
    with pytest.raises(DestinationRefused) as caught:
        fetch(url, FetchPolicy())

    assert "only http and https" in caught.value.reason


def test_a_redirect_to_a_file_url_is_refused(server):
    url = server.route("/to-file", redirect("file:///etc/passwd"))

    with pytest.raises(DestinationRefused):
        fetch(url, policy_for(server))


def test_an_unknown_host_is_a_clear_permanent_error():
    with pytest.raises(FetchError) as caught:
        fetch("http://no-such-feed.invalid/rss", FetchPolicy())

    assert caught.value.reason.startswith("unknown host no-such-feed.invalid")
    assert not caught.value.is_transient


def test_a_closed_port_is_a_transient_network_error():
    with listening_socket() as sock:
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/", FetchPolicy(allow_hosts=frozenset({f"127.0.0.1:{port}"})))

    assert "network error" in caught.value.reason and caught.value.is_transient


def test_requests_to_one_host_are_bounded_by_max_per_host(server):
    url = server.route("/slow", slow_answer(0.3))
    policy = policy_for(server, max_per_host=2)

    with ThreadPoolExecutor(max_workers=6) as pool:
        bodies = list(pool.map(lambda _: fetch(url, policy).body, range(6)))

    assert bodies == [b"ok"] * 6
    assert server.most_in_flight == 2


def test_is_transient_follows_the_cause_chain():
    try:
        try:
            raise FetchError("http://x.test/", "HTTP 502", is_transient=True)
        except FetchError as inner:
            raise RuntimeError("feed task failed") from inner
    except RuntimeError as outer:
        assert is_transient(outer)
    assert not is_transient(ValueError("no cause"))


def test_waiting_for_a_per_host_slot_does_not_count_against_the_deadline(server):
    url = server.route("/slow", slow_answer(0.6))
    policy = policy_for(server, max_per_host=1, deadline_seconds=1.0)

    with ThreadPoolExecutor(max_workers=3) as pool:
        bodies = list(pool.map(lambda _: fetch(url, policy).body, range(3)))

    assert bodies == [b"ok"] * 3 and server.most_in_flight == 1


def test_a_name_that_resolves_to_loopback_is_refused_before_connecting():
    name = socket.gethostname()  # this machine's name: /etc/hosts maps it to a local address
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except socket.gaierror:
        pytest.skip(f"{name} does not resolve here")
    if any(is_public_address(ipaddress.ip_address(address.split("%")[0])) for address in resolved):
        pytest.skip(f"{name} resolves to a public address here: the test must not connect anywhere")
    with listening_socket() as target:
        with pytest.raises(DestinationRefused) as caught:
            fetch(f"http://{name}:{target.getsockname()[1]}/", FetchPolicy())

        assert not was_connected(target)
    assert "resolves to the non-public address" in caught.value.reason


def raw_deflate(data: bytes) -> bytes:
    deflater = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return deflater.compress(data) + deflater.flush()


@pytest.mark.parametrize(("encoding", "compress"), [
    ("deflate", zlib.compress),  # zlib-wrapped, as the standard says
    ("deflate", raw_deflate),  # headerless, as some servers send it
    ("x-gzip", gzip.compress),
])
def test_deflate_and_gzip_bodies_are_decoded(server, encoding, compress):
    body = b"<p>Orbit Capital leads the round.</p>" * 500
    url = server.route("/enc", answer(200, compress(body), {"Content-Encoding": encoding}))

    assert fetch(url, policy_for(server)).body == body


@pytest.mark.parametrize(("encoding", "payload", "reason"), [
    ("br", b"\x0b\x02\x80hello\x03", "unsupported Content-Encoding 'br'"),
    ("gzip", b"\x1f\x8b\x08\x00garbage-not-deflate", "corrupt gzip body"),
])
def test_undecodable_bodies_are_clear_errors(server, encoding, payload, reason):
    url = server.route("/bad", answer(200, payload, {"Content-Encoding": encoding}))

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server))

    assert caught.value.reason.startswith(reason)


def test_a_plain_body_over_the_cap_is_cut(server):
    url = server.route("/big", answer(200, b"x" * 2_000_000))

    with pytest.raises(FetchError) as caught:
        fetch(url, policy_for(server, max_bytes=1_000_000))

    assert caught.value.reason == "body larger than the 1000000 byte cap (after decoding)"


def test_proxy_variables_in_the_environment_are_ignored(server, monkeypatch):
    """A proxy would take the connection out of the address checks' hands."""
    url = server.route("/direct", answer(200, b"direct"))
    with listening_socket() as proxy:
        for variable in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(variable, f"http://127.0.0.1:{proxy.getsockname()[1]}")

        assert fetch(url, policy_for(server)).body == b"direct"
        assert not was_connected(proxy)


def test_an_untrusted_tls_certificate_is_a_permanent_error():
    tls_server = LocalServer(tls=self_signed_tls_context())
    url = tls_server.route("/secure", answer(200, b"never read"))

    with tls_server.running(), pytest.raises(FetchError) as caught:
        fetch(url, policy_for(tls_server))

    assert caught.value.reason.startswith("TLS certificate refused: self-signed certificate")
    assert not caught.value.is_transient


def test_a_stalled_tls_handshake_is_cut_at_the_deadline():
    with listening_socket() as silent:  # accepts TCP (backlog) but never answers the ClientHello
        port = silent.getsockname()[1]
        policy = FetchPolicy(allow_hosts=frozenset({f"127.0.0.1:{port}"}), deadline_seconds=1.5)
        started = time.monotonic()

        with pytest.raises(FetchError) as caught:
            fetch(f"https://127.0.0.1:{port}/", policy)

    assert 1.4 <= time.monotonic() - started < 2.5
    assert caught.value.reason == "took longer than the 1.5 s deadline"
