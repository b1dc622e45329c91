"""`zeroharm demo`: build the demo group once (running it again changes nothing) and print the logins."""

import datetime
import time

from django.core.management.base import BaseCommand

from zeroharm.demo.context import DEMO_PASSWORD
from zeroharm.demo.run import build, is_loaded, logins


class Command(BaseCommand):
    help = (
        "Load the demo group (five branches, their people, risks, inspections, hidden dangers and incidents of "
        "the last two years, dated from today) and print the logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Build as if today were this date (YYYY-MM-DD); the same date and seed give the same demo.",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        if is_loaded():
            self.stdout.write("The demo group is already loaded; nothing was added.")
        else:
            started = time.monotonic()
            build(today=options["today"], seed=options["seed"], out=self.stdout.write)
            self.stdout.write(f"Demo group built in {time.monotonic() - started:.1f} s.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for persona, username, scope in logins():
            self.stdout.write(f"  {persona:<12} {username:<12} {scope}")
