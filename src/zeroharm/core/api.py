"""API base: the same scoping rule, validation and history as the pages, one error format.

Errors follow drf-standardized-errors: `{"type": ..., "errors": [{"code", "detail", "attr"}]}`.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings

from zeroharm.core import services
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.forms import EARLIEST_DATE, LATEST_DATE
from zeroharm.core.history import history_entries
from zeroharm.core.roles import Action
from zeroharm.core.scoping import choosable

__all__ = [
    "Pagination",
    "ScopedPermission",
    "DomainSerializer",
    "ScopedRelatedField",
    "ScopedUnitField",
    "DomainViewSet",
    "Conflict",
    "call_service",
    "MAX_ID",
    "HistoryMixin",
    "BoundedDateField",
    "BoundedDateTimeField",
    "grouped_routes",
]

from zeroharm.core.drf import Pagination, ScopedPermission  # noqa: E402,F401 - re-exported


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record was changed by someone else."
    default_code = "conflict"


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """THE API reference field: an id the caller may set, from `core.scoping.choosable` (their scoped queryset).

    Another branch's person, risk point or unit answers 400 on this field, exactly like an id that does not
    exist (so the answer does not tell them apart). `DomainSerializer` builds every model relation with it;
    declare it explicitly on plain serializers (`ScopedRelatedField(model=Person)`).
    `area` is the area of the record that refers (it decides which units are allowed); a unit reference is
    limited to units where the caller may add (create) or change (update) such records.
    """

    default_error_messages = {
        "does_not_exist": _("No such record, or not one you may choose (id {pk_value})."),
        "incorrect_type": _("Expected the id of a record, received {data_type}."),
    }

    def __init__(self, *, model=None, area: str | None = None, **kwargs):
        queryset = kwargs.pop("queryset", None)  # ModelSerializer passes the unscoped default manager
        # A model, or its label ("risks.RiskPoint"): an app refers to a sibling's records without importing it.
        self._model = model or (queryset.model if queryset is not None else None)
        self.area = area
        # An id too large for the database answers 400, not an overflow deep in the driver.
        kwargs.setdefault("pk_field", serializers.IntegerField(min_value=1, max_value=MAX_ID))
        super().__init__(**kwargs)

    @property
    def model(self):
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    def _referring_serializer(self):
        """The nearest model serializer above this field (a many=True field sits in a ManyRelatedField)."""
        node = getattr(self, "parent", None)
        while node is not None and not hasattr(getattr(node, "Meta", None), "model"):
            node = getattr(node, "parent", None)
        return node

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model._default_manager.none()
        owner = self._referring_serializer()
        area = self.area or (getattr(owner.Meta.model, "scope_area", "safety") if owner is not None else "safety")
        updating = owner is not None and getattr(owner, "instance", None) is not None
        return choosable(request.user, self.model, area=area, action=Action.CHANGE if updating else Action.ADD)


class ScopedUnitField(ScopedRelatedField):
    """A unit reference limited to units where the user may add (create) or change (update) records of `area`."""

    def __init__(self, *, area: str, **kwargs):
        super().__init__(model="org.OrgUnit", area=area, **kwargs)


class DomainSerializer(serializers.ModelSerializer):
    """`version` is read-only on create and required on update (optimistic locking); every relation a caller
    can set is a `ScopedRelatedField`."""

    serializer_related_field = ScopedRelatedField

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version you read. Required on update; a stale version answers 409.",
    )

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise ValidationError({"version": ["This field is required when updating."]})
        return attrs


def _model_data(serializer) -> tuple[dict, dict]:
    data, m2m = {}, {}
    model = serializer.Meta.model
    for name, value in serializer.validated_data.items():
        if name == "version":
            continue
        model_field = model._meta.get_field(name)
        (m2m if model_field.many_to_many else data)[name] = value
    return data, m2m


def _check_day(day) -> None:
    """Refuse a day outside the bounds, with the codes the schema lists for a date (min_value / max_value)."""
    if day is not None and EARLIEST_DATE <= day <= LATEST_DATE:
        return
    message = _("Enter a date between %(first)s and %(last)s.") % {"first": EARLIEST_DATE, "last": LATEST_DATE}
    raise ValidationError(message, code="max_value" if day is not None and day > LATEST_DATE else "min_value")


class BoundedDateField(serializers.DateField):
    """A date the API reads, between core.forms.EARLIEST_DATE and LATEST_DATE as on the pages."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        _check_day(day)
        return day


class BoundedDateTimeField(serializers.DateTimeField):
    """A moment the API reads, on a local day between EARLIEST_DATE and LATEST_DATE. Year 40 was accepted and
    then written back with the zone's local mean time (+08:05:43), which no client can parse as RFC 3339."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        try:
            day = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
        except OverflowError:  # within a day of year 1 or 9999
            day = None
        _check_day(day)
        return moment


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    kind = serializers.ChoiceField(choices=["+", "~", "-"])
    changes = HistoryChangeSerializer(many=True)
    reason = serializers.CharField(allow_blank=True, help_text="The workflow step that made the change, if any.")


class ArchiveSerializer(serializers.Serializer):
    archived = serializers.BooleanField(default=True)

    class Meta:
        ref_name = "ArchiveRequest"


def call_service(service, **kwargs):
    """Run a service for the API: a stale version answers 409, a refusal 400 or 403 in the API's error format."""
    try:
        return service(**kwargs)
    except services.ConcurrentEditError as exc:
        raise Conflict(str(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(api_errors(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def api_errors(exc: DjangoValidationError) -> dict:
    """A model's or a service's errors as the API names them: what Django files under "__all__" (a unique
    constraint of several fields, a rule across fields) is the API's non-field error, as its schema says."""
    errors = as_serializer_error(exc)
    if NON_FIELD_ERRORS in errors:
        errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(errors.pop(NON_FIELD_ERRORS))
    return errors


class HistoryMixin:
    """`GET …/{id}/history/` for a viewset of records with a history, in the API's standard pages."""

    @extend_schema(request=None, responses={200: HistoryEntrySerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[])  # the list's filters are not the history's
    def history(self, request, pk=None):
        """Who changed this record, when, and which fields from what to what: newest first, a page at a time
        (`?page=`, `?page_size=`)."""
        page = self.paginate_queryset(history_entries(self.get_object()))
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)


class DomainViewSet(HistoryMixin, viewsets.ModelViewSet):
    """CRUD through core.services. DELETE is not offered: records are archived (POST …/archive/)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    scope_action: str | None = None  # set per @action: the role-table action that endpoint performs
    skip_scope = False
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.queryset.model.objects.visible_to(self.request.user, Action.VIEW)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def perform_create(self, serializer):
        data, m2m = _model_data(serializer)
        serializer.instance = self._call(
            services.record_create, model=self.queryset.model, data=data, acting_user=self.request.user, m2m=m2m
        )

    def perform_update(self, serializer):
        data, m2m = _model_data(serializer)
        serializer.instance = self._call(
            services.record_update,
            instance=serializer.instance,
            data=data,
            acting_user=self.request.user,
            expected_version=serializer.validated_data.get("version"),
            m2m=m2m,
        )

    _call = staticmethod(call_service)

    @extend_schema(
        request=ArchiveSerializer,
    )
    @action(detail=True, methods=["post"], scope_action=Action.ARCHIVE)
    def archive(self, request, pk=None):
        """Archive the record (or restore it with {"archived": false}); it keeps its history."""
        obj = self.get_object()
        body = ArchiveSerializer(data=request.data)  # any JSON may arrive: `true`, a list… → a clear 400
        body.is_valid(raise_exception=True)
        flag = body.validated_data["archived"]
        obj = self._call(services.record_archive, instance=obj, acting_user=request.user, archived=flag)
        return Response(self.get_serializer(obj).data)


def grouped_routes(router) -> list:
    """The router's routes behind one include per first segment of their prefix ("teams/briefings" under
    "teams/"), in the order registered. Django tries a path against each pattern in turn: flat, the 280 patterns of
    the whole API made one near the end (the briefing sign-in, the shift-start peak) take 0.6 ms to resolve; grouped,
    a path meets about 30 prefixes and then its own resource's few. URLs and their names are the router's, without
    the format suffixes (".json": the API speaks JSON only, so they named nothing the Accept header doesn't)."""
    groups: dict[str, list] = defaultdict(list)
    for prefix, viewset, basename in router.registry:
        head, _slash, rest = prefix.partition("/")
        groups[head].append((rest, viewset, basename))
    patterns = []
    for head, entries in groups.items():
        group = type(router)()
        group.include_root_view = group.include_format_suffixes = False
        for rest, viewset, basename in entries:
            group.register(rest, viewset, basename=basename)
        patterns.append(path(f"{head}/", include(group.urls)))
    return patterns
