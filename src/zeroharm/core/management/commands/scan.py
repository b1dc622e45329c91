"""`zeroharm scan`: the periodic checks (reminders, escalations, delivery retries) of every module.

Run it from cron or a systemd timer, e.g. every 15 minutes; each scan is idempotent.
"""

from django.core.management.base import BaseCommand

from zeroharm.core.registry import scans


class Command(BaseCommand):
    help = "Run every registered periodic scan once (schedule with cron or a systemd timer)."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Only these scans (default: all). Known: " + ", ".join(scans))

    def handle(self, *args, names, **options):
        for name, scan in scans.items():
            if names and name not in names:
                continue
            self.stdout.write(f"{name}: {scan()}")
