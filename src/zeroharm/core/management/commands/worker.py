"""`zeroharm worker`: runs deferred jobs (deliveries, later modules' jobs) from the database queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (django-tasks database queue). --batch runs what is due, then exits."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process all outstanding jobs, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")

    def handle(self, *args, batch, interval, **options):
        kwargs = {"interval": interval, "no_startup_delay": True, "queue_name": "*"}
        if batch:
            kwargs["batch"] = True
        call_command("db_worker", **kwargs)
