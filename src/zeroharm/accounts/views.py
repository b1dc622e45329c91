"""Logins, role assignments and each user's own settings (language, API token)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from zeroharm.accounts import filtersets, forms, selectors, services, tables
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import ROLE_TABLE, Action, Role
from zeroharm.core.scoping import can_anywhere


class ProfileView(LoginRequiredMixin, View):
    """The signed-in user's own page: language, roles, API token."""

    def get(self, request, form=None, token=None):
        assignments = request.user.role_assignments.filter(is_archived=False).select_related("unit")
        return render(
            request,
            "accounts/profile.html",
            {
                "form": form or forms.LanguageForm(instance=request.user),
                "assignments": assignments,
                "token": token,
            },
        )

    def post(self, request):
        if "rotate_token" in request.POST:
            token = services.user_token_rotate(user=request.user)
            messages.success(request, _("A new API token was issued; the old one no longer works."))
            return self.get(request, token=token)
        form = forms.LanguageForm(request.POST, instance=request.user)
        if not form.is_valid():
            return self.get(request, form=form)
        services.user_set_language(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your language is saved."))
        return HttpResponseRedirect(reverse("accounts:profile"))


class RoleTableView(LoginRequiredMixin, View):
    """The role table in code, shown as it is, so nobody has to guess who may do what."""

    def get(self, request):
        from zeroharm.core.roles import AREAS

        rows = [
            {
                "role": role.label,
                "areas": [
                    (
                        AREAS[area],
                        [
                            f"{Action(a).label}{' *' if r == 'own' else ''}"
                            for a, r in ROLE_TABLE[role].get(area, {}).items()
                        ],
                    )
                    for area in AREAS
                ],
            }
            for role in Role
        ]
        return render(request, "accounts/roles.html", {"rows": rows, "areas": list(AREAS.values())})


class UserListView(generic.ObjectListView):
    model = User
    filterset_class = filtersets.UserFilterSet
    table_class = tables.UserTable
    select_related = ("person",)
    add_url_name = "accounts:user_add"
    empty_hint = gettext_lazy("Give a person a login, then assign roles to that login.")


class UserDetailView(generic.ObjectDetailView):
    model = User
    template_name = "accounts/user_detail.html"
    select_related = ("person",)
    detail_fields = ("username", "first_name", "email", "language", "is_active", "last_login", "date_joined")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["assignments"] = (
            RoleAssignment.objects.visible_to(self.request.user).filter(user=self.object).select_related("unit")
        )
        ctx["can_archive"] = False
        ctx["lockouts"] = selectors.sign_in_lockouts(self.object)
        ctx["unlock_url"] = ctx["edit_url"] and reverse("accounts:user_unlock", args=[self.object.pk])
        return ctx


class UserCreateView(LoginRequiredMixin, FormView):
    template_name = "core/object_form.html"
    form_class = forms.UserCreateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, User, Action.ADD):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            user = services.user_create_for_person(acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("password", exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Login %(user)s created; now assign its roles.") % {"user": user})
        return HttpResponseRedirect(f"{reverse('accounts:roleassignment_add')}?user={user.pk}")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verbose_name": _("login")}


class UserChangeMixin(LoginRequiredMixin):
    """A login the user may change: outside their scope a 404, in scope without the right a 403."""

    def get_user(self, request, pk):
        target = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
        if not User.objects.visible_to(request.user, Action.CHANGE).filter(pk=pk).exists():
            raise PermissionDenied
        return target


class UserEditView(UserChangeMixin, View):
    def get(self, request, pk, form=None):
        target = self.get_user(request, pk)
        return render(
            request,
            "core/object_form.html",
            {
                "form": form or forms.UserEditForm(instance=target),
                "object": target,
                "verbose_name": _("login"),
            },
        )

    def post(self, request, pk):
        target = self.get_user(request, pk)
        form = forms.UserEditForm(request.POST, instance=target)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        try:
            target = services.user_update(user=User.objects.get(pk=pk), acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.get(request, pk, form=form)
        messages.success(request, _("Saved %(object)s.") % {"object": target})
        return HttpResponseRedirect(target.get_absolute_url())


class UserUnlockView(UserChangeMixin, View):
    """POST: lift the login's sign-in lockout (administrators)."""

    def post(self, request, pk):
        target = self.get_user(request, pk)
        services.user_unlock(user=target, acting_user=request.user)
        messages.success(request, _("%(user)s can sign in again.") % {"user": target})
        return HttpResponseRedirect(target.get_absolute_url())


class RoleAssignmentListView(generic.ObjectListView):
    model = RoleAssignment
    filterset_class = filtersets.RoleAssignmentFilterSet
    table_class = tables.RoleAssignmentTable
    select_related = ("user__person__unit", "unit")
    add_url_name = "accounts:roleassignment_add"
    empty_hint = gettext_lazy("Assign a role over a unit: it covers that unit and everything under it.")


class RoleAssignmentDetailView(generic.ObjectDetailView):
    model = RoleAssignment
    select_related = ("user__person__unit", "unit")
    detail_fields = ("user", "role", "unit", "is_archived")


class RoleAssignmentEditView(generic.ObjectEditView):
    model = RoleAssignment
    form_class = forms.RoleAssignmentForm

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("user", "").isdigit():
            initial["user"] = int(self.request.GET["user"])
        return initial


class RoleAssignmentArchiveView(generic.ObjectArchiveView):
    model = RoleAssignment


class RoleAssignmentDeleteView(generic.ObjectDeleteView):
    model = RoleAssignment
    success_url_name = "accounts:roleassignment_list"


def switch_language(request):
    """Django's set_language, and for a signed-in user also remember the choice on their login."""
    from django.views.i18n import set_language

    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(User._meta.get_field("language").choices)
    ):
        services.user_set_language(user=request.user, language=language)
    return response
