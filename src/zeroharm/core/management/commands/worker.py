"""`zeroharm worker`: runs deferred jobs (deliveries, later modules' jobs) from the database queue,
and every `--scan-minutes` queues the periodic scans (deadlines, reminders, schedules) for itself."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (django-tasks database queue). --batch runs what is due, then exits."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process all outstanding jobs, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument(
            "--scan-minutes",
            type=float,
            default=15.0,
            help="Queue the periodic scans this often (0: never; then run `zeroharm scan` from cron).",
        )

    def handle(self, *args, batch, interval, scan_minutes, **options):
        if not batch and scan_minutes > 0:
            threading.Thread(target=self._scan_timer, args=(scan_minutes * 60,), daemon=True).start()
        kwargs = {"interval": interval, "no_startup_delay": True, "queue_name": "*"}
        if batch:
            kwargs["batch"] = True
        call_command("db_worker", **kwargs)

    @staticmethod
    def _queue_scans():
        from zeroharm.core.tasks import run_scans

        run_scans.enqueue()

    def _scan_timer(self, seconds: float):
        """Queue the scans now and then every `seconds`; several workers may queue them, the scans are idempotent."""
        from django.db import close_old_connections

        stop = threading.Event()
        while not stop.is_set():
            try:
                self._queue_scans()
            except Exception as exc:  # noqa: BLE001 - a failed enqueue must not stop the timer
                self.stderr.write(f"could not queue the scans: {exc}")
            finally:
                close_old_connections()
            stop.wait(seconds)
