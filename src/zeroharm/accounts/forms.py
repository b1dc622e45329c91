from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.forms import ScopedForm, ScopedModelForm
from zeroharm.org.forms import EmployeeNumberField
from zeroharm.org.models import Person

__all__ = ["RoleAssignmentForm", "UserCreateForm", "UserEditForm", "LanguageForm"]


class RoleAssignmentForm(ScopedModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["user"].queryset = User.objects.visible_to(user).filter(is_active=True)


class UserCreateForm(ScopedForm):
    person = EmployeeNumberField(label=_("person"), help_text=_("Employee number of the person who gets the login."))
    username = forms.CharField(label=_("username"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)
    password = forms.CharField(
        label=_("password"), widget=forms.PasswordInput, help_text=password_validators_help_text_html()
    )

    scope_area = "accounts"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(user, "change").filter(user__isnull=True)


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "language", "is_active"]


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
