"""`zeroharm demo`: build the demo group once (running it again changes nothing) and print the logins."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from zeroharm.core.demo import DEMO_PASSWORD, DemoContext
from zeroharm.core.registry import demo_hooks, demo_steps


class Command(BaseCommand):
    help = "Load the deterministic demo group (5 branches, 3,000+ people, 24 months of man-hours) and print logins."

    def handle(self, *args, **options):
        autodiscover_modules("demo")
        if demo_hooks["is_loaded"]():
            self.stdout.write("The demo group is already loaded; nothing was added.")
        else:
            started = time.monotonic()
            ctx = DemoContext()
            with transaction.atomic():
                for _order, name, step in demo_steps:
                    step_started = time.monotonic()
                    summary = step(ctx)
                    self.stdout.write(f"  {name}: {summary} ({time.monotonic() - step_started:.1f} s)")
            self.stdout.write(f"Demo group built in {time.monotonic() - started:.1f} s.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for persona, username, scope in demo_hooks["logins"]():
            self.stdout.write(f"  {persona:<24} {username:<12} {scope}")
