from .models import DemoAccount
from .seed import DEMO_PASSWORDS


def demo_account_list() -> list[dict[str, str]]:
    """One showcase account per role, in a fixed order: role, sign-in name, password, name."""
    return [
        {"role": demo.role, "username": demo.user.username, "password": DEMO_PASSWORDS[demo.role],
         "name": demo.user.display_name}
        for demo in DemoAccount.objects.select_related("user__student", "user__guardian", "user__staff_member")
    ]
