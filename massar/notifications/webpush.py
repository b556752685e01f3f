"""Web Push without a push library: the payload encrypted for the subscription (RFC 8291, `aes128gcm`, with
http_ece), the sender identified by VAPID (RFC 8292, with py_vapid), posted with urllib.

Keys: `MASSAR_VAPID_PRIVATE_KEY` (the raw 32-byte P-256 private key, base64url, or a PEM) and
`MASSAR_VAPID_PUBLIC_KEY` (the uncompressed public point, base64url: what browsers subscribe with) come from
the environment in production. Outside production, without them, a key pair is generated once into
`MASSAR_VAPID_DEMO_KEY_FILE` (var/vapid.pem), shared by the server and the task worker; tests make their own.
"""

import base64
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

TIMEOUT_SECONDS = 10
TTL_SECONDS = 24 * 60 * 60


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_of(private_key: ec.EllipticCurvePrivateKey) -> str:
    """The uncompressed point, base64url: the `applicationServerKey` browsers subscribe with."""
    return b64url(private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                        serialization.PublicFormat.UncompressedPoint))


def private_key_text(private_key: ec.EllipticCurvePrivateKey) -> str:
    """The raw private value, base64url: what MASSAR_VAPID_PRIVATE_KEY holds."""
    return b64url(private_key.private_numbers().private_value.to_bytes(32, "big"))


@dataclass(frozen=True)
class VapidKeys:
    private: str
    public: str

    def signer(self) -> Vapid02:
        if self.private.lstrip().startswith("-----BEGIN"):
            return Vapid02.from_pem(self.private.encode())
        return Vapid02.from_raw(self.private.encode())


def _demo_keys(path: Path) -> VapidKeys:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, ec.EllipticCurvePrivateKey)
    return VapidKeys(private=private_key_text(loaded), public=public_key_of(loaded))


def vapid_keys() -> VapidKeys | None:
    """The server's VAPID keys, or None when Web Push is not configured (then nobody is offered push)."""
    private, public = settings.MASSAR_VAPID_PRIVATE_KEY, settings.MASSAR_VAPID_PUBLIC_KEY
    if private and public:
        return VapidKeys(private=private, public=public)
    demo_file = getattr(settings, "MASSAR_VAPID_DEMO_KEY_FILE", "")
    if demo_file:
        return _demo_keys(Path(demo_file))
    return None


class PushGone(Exception):
    """The push service no longer knows the subscription (404, 410): it is removed, nothing is retried."""


class PushFailed(Exception):
    """The push service did not take the message (network, 429, 5xx, …): try again later."""


def payload_encrypt(payload: bytes, *, p256dh: str, auth: str) -> bytes:
    """`payload` encrypted for the subscription (RFC 8291): a fresh sender key and salt per message; the
    `aes128gcm` header carries the salt, the record size and the sender's public key."""
    sender = ec.generate_private_key(ec.SECP256R1())
    return http_ece.encrypt(payload, salt=os.urandom(16), private_key=sender, dh=b64url_decode(p256dh),
                            auth_secret=b64url_decode(auth), version="aes128gcm")


def push_send(*, endpoint: str, p256dh: str, auth: str, message: dict[str, Any], keys: VapidKeys,
              urgency: str = "normal") -> int:
    """Post `message` (JSON) to the subscription's push service; the status it answered, or PushGone/PushFailed."""
    parts = urlsplit(endpoint)
    claims = {"aud": f"{parts.scheme}://{parts.netloc}", "exp": int(time.time()) + 12 * 60 * 60,
              "sub": settings.MASSAR_VAPID_SUBJECT}
    headers = {**keys.signer().sign(claims), "TTL": str(TTL_SECONDS), "Content-Encoding": "aes128gcm",
               "Content-Type": "application/octet-stream", "Urgency": urgency}
    body = payload_encrypt(json.dumps(message).encode(), p256dh=p256dh, auth=auth)
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")  # noqa: S310 (checked scheme)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        if error.code in (404, 410):
            raise PushGone(f"push service answered {error.code}") from None
        raise PushFailed(f"push service answered {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise PushFailed(f"push service unreachable: {error}") from None
