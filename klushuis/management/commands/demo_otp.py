from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of an account's authenticator app, for logging "
        "in to the demo without a phone (only with DEBUG on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's e-mail address.")

    def handle(self, *args, email, **options):
        if not settings.DEBUG or settings.PRODUCTION:
            raise CommandError(
                "demo_otp only runs with DEBUG on (development): a code printed on a server "
                "would make the second factor pointless."
            )
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no authenticator app set up.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        remaining = device.step - (int(totp.time) - device.t0) % device.step
        self.stderr.write(f"(valid for another {remaining} seconds)")
