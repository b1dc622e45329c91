"""Test settings: the product's settings with fast hashing, plain static files and tasks run in-process."""

import os
import tempfile

os.environ.setdefault("ZEROHARM_VAR_DIR", tempfile.mkdtemp(prefix="zeroharm-test-"))
os.environ.setdefault("ZEROHARM_SECRET_KEY", "test-only-not-secret")

from zeroharm.settings import *  # noqa: E402,F403
from zeroharm.settings import DATABASES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "media"
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
HTTPS = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
CACHES = {"default": {"BACKEND": "tests.frozen_cache.FrozenLocMemCache", "LOCATION": "zeroharm-tests"}}
# PDFs are sealed with a self-signed key made on first use in this run's own var/ (a temporary folder).
PDF_SIGNING_AUTO_KEY = True
