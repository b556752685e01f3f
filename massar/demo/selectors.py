import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import DemoAccount
from .seed import DEMO_PASSWORDS


def demo_account_list() -> list[dict[str, str]]:
    """One showcase account per role, in a fixed order: role, sign-in name, password, name, and for the
    roles that sign in with a second factor the TOTP secret to put in an authenticator app."""
    accounts = []
    for demo in DemoAccount.objects.select_related("user__student", "user__guardian", "user__staff_member"):
        entry = {"role": demo.role, "username": demo.user.username, "password": DEMO_PASSWORDS[demo.role],
                 "name": demo.user.display_name}
        device = TOTPDevice.objects.filter(user=demo.user, confirmed=True).first()
        if device is not None:
            entry["totp_secret"] = base64.b32encode(device.bin_key).decode()
        accounts.append(entry)
    return accounts
