"""Local HTTP servers on 127.0.0.1 for the network tests, hostile ones included (trickle, bomb, slow)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from flows.config import FetchPolicy

Route = Callable[[BaseHTTPRequestHandler], None]


class QuietServer(ThreadingHTTPServer):
    """The client hanging up mid-response is what several tests provoke: not worth a traceback."""

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | ssl.SSLError | TimeoutError):
            super().handle_error(request, client_address)


class LocalServer:
    """A threaded server whose routes are functions writing straight to the socket (so they can misbehave)."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.httpd = QuietServer(("127.0.0.1", 0), self.handler_class())
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.port = self.httpd.server_address[1]

    @property
    def host_key(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Route) -> str:
        self.routes[path] = handler
        return self.url(path)

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                server.serve(self)

            def log_message(self, *args) -> None:
                """Quiet: the tests assert on what was requested instead."""

        return Handler

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?")[0]
        with self.lock:
            self.requests.append((request.path, {k.lower(): v for k, v in request.headers.items()}))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            self.routes.get(path, not_found)(request)
        except (BrokenPipeError, ConnectionResetError):
            request.close_connection = True  # the client hung up on purpose (cap or deadline)
        finally:
            with self.lock:
                self.in_flight -= 1

    @contextmanager
    def running(self) -> Iterator[LocalServer]:
        thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.httpd.shutdown()
            self.httpd.server_close()


def send(request: BaseHTTPRequestHandler, status: int, body: bytes = b"",
         headers: dict[str, str] | None = None) -> None:
    """A complete response with Content-Length."""
    request.send_response(status)
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def not_found(request: BaseHTTPRequestHandler) -> None:
    send(request, 404, b"no such route")


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    return lambda request: send(request, status, body, headers)


def redirect(location: str, status: int = 302) -> Route:
    return answer(status, headers={"Location": location})


def trickle_body(interval: float = 0.5, limit_seconds: float = 15.0) -> Route:
    """Headers at once, then one byte of body every `interval` seconds (a 'slowloris' in reverse)."""
    def route(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", "1000000")
        request.end_headers()
        drip(request.wfile, b"x", interval, limit_seconds)
    return route


def trickle_headers(interval: float = 0.5, limit_seconds: float = 15.0) -> Route:
    """The status line and headers themselves one byte at a time: nothing for the client to count yet."""
    def route(request: BaseHTTPRequestHandler) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"p" * 200 + b"\r\n\r\n"
        request.close_connection = True
        drip(request.wfile, head, interval, limit_seconds)
    return route


def drip(stream, data: bytes, interval: float, limit_seconds: float) -> None:
    """Write `data` byte by byte (cycling) until `limit_seconds` have passed or the client hangs up."""
    ends_at = time.monotonic() + limit_seconds
    index = 0
    while time.monotonic() < ends_at:
        stream.write(data[index % len(data): index % len(data) + 1])
        stream.flush()
        index += 1
        time.sleep(interval)


def gzip_bomb(decoded_bytes: int = 1 << 30, sent: list[int] | None = None) -> Route:
    """`decoded_bytes` of zeros, gzip-compressed on the fly (~1 MB on the wire per GB), close-delimited."""
    def route(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Encoding", "gzip")
        request.end_headers()
        request.close_connection = True
        deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(1 << 20)
        for _ in range(decoded_bytes // len(zeros)):
            written = deflater.compress(zeros)
            request.wfile.write(written)
            if sent is not None:
                sent.append(len(written))
        request.wfile.write(deflater.flush())
    return route


def slow_answer(seconds: float, body: bytes = b"ok") -> Route:
    """A well-formed answer after a pause: lets tests count requests in flight."""
    def route(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(request, 200, body, {"Content-Type": "text/plain"})
    return route


@contextmanager
def listening_socket() -> Iterator[socket.socket]:
    """A bound, listening socket on 127.0.0.1 that nobody serves: proves a refused fetch never connected."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    try:
        yield sock
    finally:
        sock.close()


def was_connected(sock: socket.socket) -> bool:
    """Whether any client connected to a listening_socket."""
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def policy_for(server: LocalServer, **overrides) -> FetchPolicy:
    """A fetch policy that lets the test reach exactly this server."""
    return FetchPolicy(allow_hosts=frozenset({server.host_key}), **overrides)


def self_signed_tls_context() -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1 (which no client should trust)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    loopback = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(loopback, critical=False)
                   .sign(key, hashes.SHA256()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:
        cert_path, key_path = f"{folder}/cert.pem", f"{folder}/key.pem"
        with open(cert_path, "wb") as cert_file:
            cert_file.write(certificate.public_bytes(serialization.Encoding.PEM))
        with open(key_path, "wb") as key_file:
            key_file.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
        context.load_cert_chain(cert_path, key_path)
    return context
