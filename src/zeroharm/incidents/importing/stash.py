"""The uploaded file between the steps of an import, and who may take those steps.

The uploaded file stays on the server between the steps (MEDIA_ROOT/imports/incidents/<user id>-<random>),
named in the user's session only: a step finds it by a token that must be in this user's session, so a
client can neither point at another file nor at another user's. The file is deleted after the import, when
the user cancels, and by the next upload once it is a day old.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.imports import Table, read_upload
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.importing.saved import import_units
from zeroharm.incidents.models import Incident

__all__ = ["ImportAccessMixin", "StashMixin", "STASH_KEY", "STASH_DIR", "discard", "sweep_old_files"]

STASH_KEY = "incident_imports"
STASH_DIR = "imports/incidents"
STASH_MAX_AGE = datetime.timedelta(days=1)


class ImportAccessMixin(LoginRequiredMixin):
    """Signed in, and allowed to import incidents somewhere (safety manager, administrator)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_anywhere(request.user, Incident, Action.IMPORT):
            raise PermissionDenied(_("Your roles do not allow importing incidents."))
        return self.prepare(request, **kwargs) or super().dispatch(request, *args, **kwargs)

    def prepare(self, request, **kwargs):
        """A response that ends the request before the handler (e.g. a redirect), or None."""
        return None


class StashMixin(ImportAccessMixin):
    """The steps after the upload: the file the user uploaded, found through the session."""

    def prepare(self, request, **kwargs):
        self.token = kwargs["token"]
        self.stash = request.session.get(STASH_KEY, {}).get(self.token)
        if (
            not self.stash
            or self.stash.get("user") != request.user.pk
            or not default_storage.exists(self.stash["path"])
        ):
            messages.error(request, _("That upload is no longer here; upload the file again."))
            return HttpResponseRedirect(reverse("incidents:import"))
        return None

    def read(self) -> Table:
        with default_storage.open(self.stash["path"], "rb") as handle:
            handle.name = self.stash["name"]
            return read_upload(handle, self.stash["encoding"])

    def discard(self) -> None:
        discard(self.request, self.token)

    def mapping_from_stash(self) -> ColumnMapping | None:
        saved = self.stash.get("mapping")
        if not saved:
            return None
        unit = import_units(self.request.user).filter(pk=saved["unit"]).first()
        if unit is None:
            return None
        return ColumnMapping.from_json(saved, unit)


def discard(request, token: str) -> None:
    stash = request.session.get(STASH_KEY, {}).pop(token, None)
    request.session.modified = True
    if stash and stash.get("user") == request.user.pk and default_storage.exists(stash["path"]):
        default_storage.delete(stash["path"])


def sweep_old_files() -> None:
    """Uploads left behind by abandoned imports, older than a day."""
    try:
        _dirs, files = default_storage.listdir(STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - STASH_MAX_AGE
    for name in files:
        path = f"{STASH_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
