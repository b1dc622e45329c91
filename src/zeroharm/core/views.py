"""Generic, declarative views every domain app builds its pages from.

An app's view declares only `model`, `filterset_class`, `table_class`, `form_class` (NetBox's
shape). Scoping is applied here and nowhere else: lists and details start from
`visible_to(user, "view")` (another branch's record is a 404), and the action a view performs is
checked against the same rule (in scope but not allowed is a 403).
"""

from __future__ import annotations

import functools
import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.forms import NullBooleanField
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.fields import DateRangeField
from django_filters.views import FilterView
from django_filters.widgets import DateRangeWidget
from django_tables2 import SingleTableMixin

from zeroharm.core import services
from zeroharm.core.cache import per_user
from zeroharm.core.exports import table_download
from zeroharm.core.history import history_page
from zeroharm.core.roles import Action
from zeroharm.core.scoping import ORG_STEPLEN, can, can_anywhere, subtree_q, units_for, user_grants

__all__ = [
    "ScopedMixin",
    "UnitScopeMixin",
    "ObjectListView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectArchiveView",
    "ObjectDeleteView",
]

EXPORT_FORMATS = ("csv", "xlsx")
PAGE_ONLY = frozenset({"page", "sort", "per_page", "_export"})  # parameters that leave the filter form as it is


class ScopedMixin(LoginRequiredMixin):
    """Login, then the view's action anywhere in the user's scope; querysets start from visible_to."""

    model = None
    action = Action.VIEW
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # Object pages check in get_object: first visibility (404), then the action (403).
        if "pk" not in kwargs and not can_anywhere(request.user, self.model, self.action):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user, Action.VIEW)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def get_object(self, queryset=None):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if self.action != Action.VIEW and not can(self.request.user, self.action, obj):
            raise PermissionDenied(_("Your roles do not allow this on this record."))
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meta = self.model._meta
        ctx.update(
            model_meta=meta,
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
            url_prefix=f"{meta.app_label}:{meta.model_name}",
        )
        return ctx


class UnitScopeMixin(LoginRequiredMixin):
    """Pages about a unit and its subtree (rates, OSHA forms, analysis): login; `action` in `area` over a
    subtree somewhere (else 403); the unit asked for among the units the user reaches so (else 404), the
    user's top unit when none is asked for. A role that reaches only its own records reaches no subtree."""

    area = "safety"
    action = Action.VIEW
    refusal = gettext_lazy("Your roles do not allow this.")

    def scope_units(self):
        return units_for(self.request.user, self.area, self.action)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.scope_units().exists():
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def unit_in_scope(self, unit_id: int):
        return get_object_or_404(self.scope_units(), pk=unit_id)

    def top_unit(self):
        unit = self.scope_units().order_by("depth", "path").first()
        if unit is None:
            raise Http404
        return unit

    def asked_unit(self, param: str = "unit"):
        """The unit the query string names (404 outside the user's reach; an id no unit can have, beyond 64 bits,
        is not found rather than a database error), else the user's top unit."""
        wanted = str(self.request.GET.get(param) or "")
        return self.unit_in_scope(int(wanted)) if wanted.isdigit() and len(wanted) < 19 else self.top_unit()


class ObjectListView(ScopedMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated list whose export contains exactly the filtered rows."""

    template_name = "core/object_list.html"
    paginate_by = 25
    filterset_class = None
    table_class = None
    export_exclude: tuple[str, ...] = ("actions",)
    import_url_name: str | None = None
    import_key: str = ""
    import_action: str = Action.IMPORT  # the importer's `action`: what opens its page
    add_url_name: str | None = None
    empty_hint: str = ""

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return ["core/_list_results.html"]
        return [self.template_name]

    def get_paginate_by(self, queryset):
        return None  # django-tables2 paginates (get_table_pagination); paginating here too counted twice

    def get_filterset(self, filterset_class):
        """Same FilterSet as the API; on the page, id filters become choices or ride along hidden in links."""
        filterset = super().get_filterset(filterset_class)
        fields = filterset.form.fields
        # The choices are read when the form is drawn (a kept form is not: filter_fields), once: a select asks for
        # them twice (its first option, then all).
        if "ancestor_id" in fields:
            user, selected = self.request.user, self.request.GET.get("ancestor_id")
            units = functools.cache(lambda: [("", "—"), *subtree_choices(user, selected)])
            fields["ancestor_id"].widget = forms.Select(choices=units)
        for name, field in fields.items():
            if name.endswith("_id") and name != "ancestor_id" and name not in self.filter_choices:
                field.widget = forms.HiddenInput()
        for name, choices in self.get_filter_choices().items():
            fields[name].widget = forms.Select(choices=functools.cache(lambda choices=choices: [("", "—"), *choices]))
        for field in fields.values():
            if isinstance(field, forms.MultipleChoiceField) and not isinstance(field.widget, forms.HiddenInput):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
            if isinstance(field, NullBooleanField):
                field.widget = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])
            elif isinstance(field, DateRangeField):
                field.widget = DateRangeWidget(attrs={"type": "date"})
        return filterset

    filter_choices: tuple[str, ...] = ()

    def get_filter_choices(self) -> dict[str, list]:
        """Choices for id filters shown as selects on the page (e.g. positions), read when the form is drawn (a
        queryset is); override per list."""
        return {}

    def get_table_pagination(self, table):
        if self.request.GET.get("_export") in EXPORT_FORMATS:
            return False
        per_page = self.request.GET.get("per_page")
        return {"per_page": int(per_page) if per_page in {"25", "50", "100"} else self.paginate_by}

    def render_to_response(self, context, **kwargs):
        export_format = self.request.GET.get("_export")
        if export_format in EXPORT_FORMATS:
            table = self.get_table(**self.get_table_kwargs())
            return table_download(
                table, f"{self.model._meta.model_name}s.{export_format}", exclude_columns=self.export_exclude
            )
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("_export", None)
        ctx.update(
            can_add=bool(self.add_url_name) and can_anywhere(user, self.model, Action.ADD),
            can_import=bool(self.import_url_name) and can_anywhere(user, self.model, self.import_action),
            add_url_name=self.add_url_name,
            import_url_name=self.import_url_name,
            import_key=self.import_key,
            empty_hint=self.empty_hint,
            querystring=query.urlencode(),
            is_filtered=any(v for k, v in self.request.GET.items() if k not in {"page", "sort", "per_page"}),
            has_other_filters=any(
                v
                for k, v in self.request.GET.items()
                if k not in {"page", "sort", "per_page", "q", "_export"}
                and k in ctx["filter"].form.fields
                and not isinstance(ctx["filter"].form.fields[k].widget, forms.HiddenInput)
            ),
        )
        ctx["filter_fields"] = SimpleLazyObject(lambda: self.filter_fields(ctx))
        return ctx

    def filter_fields(self, ctx) -> str:
        """The filter form drawn, kept per user, language and query (core.cache.per_user) until a counted record —
        a unit, a role, a position… — is written: the template engine and the widgets drew incidents' twenty-two
        filters, their choices and the user's units for every page, at more CPU than the page's rows."""
        request = self.request
        query = sorted((k, v) for k, values in request.GET.lists() if k not in PAGE_ONLY for v in values)
        name = "filters:" + hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
        context = {"filter": ctx["filter"], "has_other_filters": ctx["has_other_filters"], "request": request}
        return per_user(name, request.user, lambda: render_to_string("core/_filter_fields.html", context))


class ObjectDetailView(ScopedMixin, DetailView):
    template_name = "core/object_detail.html"
    detail_fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        ctx.update(
            fields=[(obj._meta.get_field(name).verbose_name, _field_display(obj, name)) for name in self.detail_fields],
            history=history_page(obj, self.request.GET.get("history_page")),
        )
        prefix = f"{obj._meta.app_label}:{obj._meta.model_name}"
        ctx["edit_url"] = _url_if(f"{prefix}_edit", obj, can(user, Action.CHANGE, obj))
        ctx["archive_url"] = _url_if(
            f"{prefix}_archive", obj, hasattr(obj, "is_archived") and can(user, Action.ARCHIVE, obj)
        )
        ctx["delete_url"] = _url_if(f"{prefix}_delete", obj, can(user, Action.DELETE, obj))
        return ctx


def _url_if(name: str, obj, allowed: bool) -> str | None:
    """The URL of an action on `obj` when the user may do it and the app offers that page."""
    if not allowed:
        return None
    try:
        return reverse(name, args=[obj.pk])
    except NoReverseMatch:
        return None


def subtree_choices(user, selected) -> list[tuple[int, str]]:
    """Units a list can be narrowed to, short enough for a phone at any size of group: the top two levels
    of the user's scope, and around the chosen unit its ancestors and its children (to go one level down)."""
    from django.apps import apps
    from django.db.models import Q

    org_unit = apps.get_model("org", "OrgUnit")
    visible = org_unit.objects.visible_to(user).filter(is_archived=False)
    top = min((g.depth for g in user_grants(user)), default=1)
    wanted = Q(depth__range=(top, top + 1))  # a range SQLite reads from orgunit_depth_path (not so "<=")
    chosen = visible.filter(pk=selected).values("path", "depth").first() if str(selected or "").isdigit() else None
    if chosen:
        step = ORG_STEPLEN
        ancestors = [chosen["path"][:i] for i in range(step, len(chosen["path"]) + 1, step)]
        wanted |= Q(path__in=ancestors) | (subtree_q(chosen["path"]) & Q(depth=chosen["depth"] + 1))
    units = visible.filter(wanted).order_by("path").values_list("pk", "name", "depth")
    return [(pk, f"{'— ' * (depth - top)}{name}") for pk, name, depth in units]


def _field_display(obj, name: str):
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(o) for o in getattr(obj, name).all()) or "—"
    if getattr(model_field, "choices", None):
        return getattr(obj, f"get_{name}_display")() or "—"
    value = getattr(obj, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


class ObjectEditView(ScopedMixin, FormView):
    """Create (no pk) or edit (pk) through the core services, with the optimistic lock in the form."""

    template_name = "core/object_form.html"
    form_class = None

    def dispatch(self, request, *args, **kwargs):
        self.action = Action.CHANGE if "pk" in kwargs else Action.ADD
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        self.object = self.get_object() if "pk" in self.kwargs else None
        kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except services.ConcurrentEditError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(object)s.") % {"object": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())

    def save(self, form):
        data, m2m = form.model_data()
        if self.object is None:
            return services.record_create(model=self.model, data=data, acting_user=self.request.user, m2m=m2m)
        return services.record_update(
            instance=self.object,
            data=data,
            acting_user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
            m2m=m2m,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        return ctx


class ObjectArchiveView(ScopedMixin, View):
    """POST: archive, or restore with `restore=1`. Archived records stay, with their history."""

    action = Action.ARCHIVE

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        obj = self.get_object()
        restore = request.POST.get("restore") == "1"
        try:
            services.record_archive(instance=obj, acting_user=request.user, archived=not restore)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        text = _("Restored %(object)s.") if restore else _("Archived %(object)s.")
        messages.success(request, text % {"object": obj})
        return HttpResponseRedirect(obj.get_absolute_url())


class ObjectDeleteView(ScopedMixin, TemplateView):
    """Permanent delete: administrators only, after a confirmation page; the deletion is in the history."""

    action = Action.DELETE
    template_name = "core/confirm_delete.html"
    success_url_name = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.get_object()
        return ctx

    def post(self, request, pk):
        obj = self.get_object()
        label, url = str(obj), obj.get_absolute_url()  # a refused delete still clears the object's pk
        try:
            services.record_delete(instance=obj, acting_user=request.user)
        except ProtectedError:
            messages.error(
                request, _("%(object)s is still referred to by other records; archive it instead.") % {"object": label}
            )
            return HttpResponseRedirect(url)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(url)
        messages.success(request, _("Deleted %(object)s permanently.") % {"object": label})
        return HttpResponseRedirect(reverse(self.success_url_name))
