from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.demo.models import DemoAccount


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo accounts only, never a real one)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        demo = DemoAccount.objects.filter(user__username__iexact=username.strip()).select_related("user").first()
        if demo is None:
            raise CommandError(f"{username} is not a demo account.")
        device = TOTPDevice.objects.filter(user=demo.user, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} signs in without a second factor.")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}")
