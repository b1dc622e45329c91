"""Form bases: every model choice cut to what the user may pick, and the optimistic-lock version field."""

from __future__ import annotations

import datetime
import functools

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zeroharm.core.roles import Action
from zeroharm.core.scoping import choosable, units_for
from zeroharm.core.uploads import MAX_PHOTOS

__all__ = [
    "ScopedChoicesMixin",
    "ScopedForm",
    "ScopedModelForm",
    "UnitChoiceField",
    "add_service_errors",
    "BoundedDateField",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "PhotosField",
    "DateInput",
    "DateTimeInput",
    "VersionMixin",
    "FoldedFieldsMixin",
    "PasswordField",
    "DrawingField",
    "SignWithDrawingMixin",
    "ApproveForm",
    "year_asked",
]

# The dates any filter or period accepts: a safety record is never older or further ahead, and beyond them
# date arithmetic (a period's end + 1 day, a date made a time in the zone) overflows Python's dates.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between EARLIEST_DATE and LATEST_DATE: every date a filter or a report period reads."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        message = _("Enter a date between %(first)s and %(last)s.") % {"first": EARLIEST_DATE, "last": LATEST_DATE}
        self.validators += [MinValueValidator(EARLIEST_DATE, message), MaxValueValidator(LATEST_DATE, message)]


class FoldedFieldsMixin:
    """A front-line form shows its few essential fields; the optional ones (`folded`, by name) wait behind "More"
    (core/_form_fields.html), which opens by itself when one of them comes back with an error."""

    folded: tuple[str, ...] = ()

    def first_fields(self):
        return [field for field in self.visible_fields() if field.name not in self.folded]

    def folded_fields(self):
        return [field for field in self.visible_fields() if field.name in self.folded]

    def folded_has_errors(self) -> bool:
        return any(field.errors for field in self.folded_fields())


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so the tree reads in a plain select."""

    def label_from_instance(self, obj):
        return f"{'  ' * (obj.depth - 1)}{obj.name} · {obj.code}"


def _then_scope_choices(init):
    """Run a form's own __init__, then (once, after the outermost one) cut its model choices to the user's scope."""

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        self._init_depth = getattr(self, "_init_depth", 0) + 1
        try:
            init(self, *args, **kwargs)
        finally:
            self._init_depth -= 1
        if self._init_depth == 0:
            self.scope_choices()

    return __init__


class ScopedChoicesMixin:
    """THE form side of `core.scoping.choosable`: every model choice a form offers (a person, a risk point, a
    unit…) is cut to what `self.user` may pick, after the form's own __init__ has narrowed it — so a page
    neither lists another branch's names nor accepts their ids, exactly like the API's `ScopedRelatedField`.

    Every subclass's __init__ is wrapped (`__init_subclass__`), so a form cannot forget to call it.
    `scope_area` is the area whose units a unit choice offers (a model form uses its model's).
    """

    scope_area = "safety"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = _then_scope_choices(cls.__dict__["__init__"])

    def scope_choices(self) -> None:
        model = getattr(getattr(self, "_meta", None), "model", None)
        area = getattr(model, "scope_area", None) or self.scope_area
        instance = getattr(self, "instance", None)
        action = Action.CHANGE if instance is not None and instance.pk else Action.ADD
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                allowed = choosable(self.user, field.queryset.model, area=area, action=action)
                field.queryset = field.queryset.filter(pk__in=allowed.values("pk"))


class ScopedForm(ScopedChoicesMixin, forms.Form):
    """A plain form with model choices: it needs the user whose scope cuts them."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class ScopedModelForm(ScopedChoicesMixin, forms.ModelForm):
    """`unit_fields` are limited to the units where the user may add (new) or change (edit) records; every other
    model choice to what the user may see (ScopedChoicesMixin)."""

    unit_fields: tuple[str, ...] = ("unit",)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        action = Action.CHANGE if editing else Action.ADD
        area = self._meta.model.scope_area
        for name in self.unit_fields:
            if name in self.fields:
                field = self.fields[name]
                self.fields[name] = UnitChoiceField(
                    queryset=units_for(user, area, action).filter(is_archived=False),
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                )
        if editing:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:
            raise forms.ValidationError(_("The form lost its version; reload the page and try again."))
        return version

    def model_data(self) -> tuple[dict, dict]:
        """Split cleaned data into plain fields and many-to-many sets, for the services."""
        data, m2m = {}, {}
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields()}
        for name, value in self.cleaned_data.items():
            model_field = model_fields.get(name)
            if model_field is None or name == "version":
                continue
            (m2m if model_field.many_to_many else data)[name] = value
        return data, m2m


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


#
# Shared fields and widgets
#

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


# Formatted when shown (in the reader's language), not once at import.
_photos_help = lazy(lambda: gettext("Up to %(n)s photos (JPEG, PNG or WebP), 10 MB each.") % {"n": MAX_PHOTOS}, str)


class PhotosField(forms.FileField):
    """Several photos in one input; the camera opens directly on a phone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT, "capture": "environment"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _photos_help())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format="%Y-%m-%dT%H:%M"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs, format)


def posted_version(data) -> int | None:
    """The `version` a page posted beside a formset (which has no field for it): None when missing or not a number,
    which the services refuse as a stale or lost version rather than guess."""
    form = VersionMixin(data)
    return form.cleaned_data.get("version") if form.is_valid() else None


class VersionMixin(forms.Form):
    """The record's version, carried through a step's form (optimistic locking, core.services)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PasswordField(forms.CharField):
    """The signer's password, asked again at the moment of signing (core.signatures)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("your password, to sign"))
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": "current-password"}))
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class SignaturePad(forms.Widget):
    """A canvas to sign on with a finger or the mouse; what is drawn travels as a PNG data: URL in a hidden input
    (static/zeroharm/signature-pad.js). Without JavaScript the canvas stays blank and the signature is the password's
    alone."""

    template_name = "core/widgets/signature_pad.html"


class DrawingField(forms.CharField):
    """The signature drawn at the moment of signing, optional (core.signatures.sign checks it like any upload)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("your signature, drawn (optional)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", SignaturePad)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class SignWithDrawingMixin(forms.Form):
    """The password asked again, and the signature drawn beside it if the signer wishes."""

    password = PasswordField()
    drawing = DrawingField()


class ApproveForm(VersionMixin):
    """Approving a draft of a versioned document (core.versioning): the approver signs with their password."""

    password = PasswordField()


def year_asked(query, default: int, param: str = "year") -> int:
    """The year a query string names, between 2000 and 2100 like every year filter, else `default`."""
    asked = str(query.get(param) or "")
    return int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else default
