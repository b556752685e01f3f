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


def orientation_student() -> str:
    """The sign-in name of a demo student whose orientation window is open now (a common-core student of the
    lycée: the showcase student is in 2BAC), or "" when the demo has none."""
    from django.utils import timezone

    from massar.accounts.models import User
    from massar.core.roles import Role
    from massar.orientation.models import OrientationWindow

    now = timezone.now()
    levels = OrientationWindow.objects.filter(opens_at__lte=now, closes_at__gt=now).values("from_level")
    account = (User.objects.filter(role=Role.STUDENT, is_active=True, student__enrolments__status="active",
                                   student__enrolments__school_year__is_current=True,
                                   student__enrolments__school_class__level__in=levels)
               .order_by("student__enrolments__school_class__code", "username").first())
    return account.username if account else ""
