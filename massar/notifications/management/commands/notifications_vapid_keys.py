"""Print a new VAPID key pair for Web Push, as the environment takes it (MASSAR_VAPID_PRIVATE_KEY,
MASSAR_VAPID_PUBLIC_KEY). Keep the private key secret; changing the pair unsubscribes every phone (browsers
subscribed with the old public key), so generate it once per deployment."""

from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand

from massar.notifications.webpush import private_key_text, public_key_of


class Command(BaseCommand):
    help = "Print a new VAPID key pair (base64url) for MASSAR_VAPID_PRIVATE_KEY and MASSAR_VAPID_PUBLIC_KEY."

    def handle(self, *args, **options) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        self.stdout.write(f"MASSAR_VAPID_PRIVATE_KEY={private_key_text(key)}")
        self.stdout.write(f"MASSAR_VAPID_PUBLIC_KEY={public_key_of(key)}")
