"""`zeroharm serve`: the production server (gunicorn, static files by whitenoise)."""

import multiprocessing

from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from django.core.wsgi import get_wsgi_application  # what zeroharm.wsgi serves, without core importing it

        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve ZeroHarm with gunicorn (run `zeroharm collectstatic` after each upgrade)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on (default %(default)s)")
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() * 2 + 1))
        parser.add_argument("--timeout", type=int, default=60)

    def handle(self, *args, bind, workers, timeout, **options):
        self.stdout.write(f"ZeroHarm on http://{bind}/ ({workers} workers); Ctrl+C stops it.")
        _Gunicorn({"bind": bind, "workers": workers, "timeout": timeout, "accesslog": "-"}).run()
