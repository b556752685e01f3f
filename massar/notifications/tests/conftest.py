"""Fixtures of the notifications tests: the server's VAPID keys, and a local push service (an HTTP server on
127.0.0.1) that holds a subscription's private key and decrypts what it receives, as a browser's would."""

import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from massar.notifications.webpush import b64url, private_key_text, public_key_of


@pytest.fixture
def vapid(settings):
    """The server's own VAPID key pair, made for the test (as the demo makes its own)."""
    key = ec.generate_private_key(ec.SECP256R1())
    settings.MASSAR_VAPID_PRIVATE_KEY = private_key_text(key)
    settings.MASSAR_VAPID_PUBLIC_KEY = public_key_of(key)
    settings.MASSAR_PUSH_ALLOW_HTTP = True
    return settings.MASSAR_VAPID_PUBLIC_KEY


@dataclass
class Received:
    headers: dict
    message: dict
    vapid_valid: bool


@dataclass
class PushService:
    """A push service for one browser: `subscription()` is what the browser would send to Massar; `received`
    holds each message it accepted, decrypted with the browser's private key; `answer` is the status it gives
    (set 500 to fail, 410 to say the subscription is gone)."""

    url: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    answer: int = 201
    received: list[Received] = field(default_factory=list)
    refused: int = 0

    def subscription(self, name: str = "phone") -> dict:
        return {"endpoint": f"{self.url}/push/{name}", "p256dh": public_key_of(self.private_key),
                "auth": b64url(self.auth)}


@pytest.fixture
def push_service(vapid):
    service = PushService(url="", private_key=ec.generate_private_key(ec.SECP256R1()), auth=os.urandom(16))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if service.answer >= 300:
                service.refused += 1
                self.send_response(service.answer)
                self.end_headers()
                return
            plain = http_ece.decrypt(body, private_key=service.private_key, auth_secret=service.auth,
                                     version="aes128gcm")
            authorization = self.headers.get("Authorization", "")
            try:
                valid = bool(Vapid02.verify(authorization)) and f"k={vapid}" in authorization
            except Exception:
                valid = False
            service.received.append(Received(dict(self.headers), json.loads(plain), valid))
            self.send_response(service.answer)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()
