"""Certificate pages: the list (with its xlsx export), a certificate with its reviews and scan, adding and editing
(dates computed by the service), and the steps: review, renew, scan."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.views_import import ImportView
from zeroharm.training import forms_people
from zeroharm.training.filtersets_people import CertificateFilterSet
from zeroharm.training.importers_people import IMPORTERS
from zeroharm.training.models import Certificate
from zeroharm.training.services import certificates
from zeroharm.training.tables_people import CertificateTable

__all__ = [
    "PeopleImportView",
    "CertificateListView",
    "CertificateDetailView",
    "CertificateEditView",
    "CertificateStepView",
    "CertificateArchiveView",
]


class PeopleImportView(ImportView):
    """Existing people's training records and certificates from a sheet (core.views_import)."""

    importers = IMPORTERS


class CertificateListView(generic.ObjectListView):
    model = Certificate
    filterset_class = CertificateFilterSet
    table_class = CertificateTable
    select_related = ("person__unit",)
    add_url_name = "training:certificate_add"
    import_url_name = "training:people_import"
    import_key = "certificates"
    empty_hint = _("Add the certificates people hold; their review and expiry dates are worked out for you.")


class CertificateDetailView(generic.ObjectDetailView):
    model = Certificate
    template_name = "training/certificate_detail.html"
    select_related = ("person__unit", "supersedes")
    detail_fields = (
        "person",
        "kind",
        "operation",
        "number",
        "issuer",
        "issued_on",
        "validity_years",
        "extended_review",
        "review_due",
        "apply_from",
        "valid_until",
        "verified_violations",
        "status",
        "supersedes",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cert = self.object
        may_change = cert.status == "active" and can(self.request.user, Action.CHANGE, cert)
        ctx.update(
            reviews=list(cert.reviews.filter(is_archived=False)),
            steps=list(CertificateStepView.steps.items()) if may_change else [],
        )
        return ctx


class CertificateEditView(generic.ObjectEditView):
    model = Certificate
    form_class = forms_people.CertificateForm

    def save(self, form):
        data, _m2m = form.model_data()
        return certificates.certificate_save(
            data=data,
            acting_user=self.request.user,
            instance=self.object,
            expected_version=form.cleaned_data.get("version"),
        )


class CertificateArchiveView(generic.ObjectArchiveView):
    model = Certificate


class CertificateStepView(steps.StepView):
    model = Certificate
    action = Action.CHANGE
    template_name = "training/step.html"
    steps = {
        "review": steps.Step(forms_people.ReviewForm, _("Record a review")),
        "renew": steps.Step(forms_people.RenewForm, _("Renew")),
        "scan": steps.Step(forms_people.ScanForm, _("Upload the scan")),
    }

    def form_kwargs(self, step, record):
        return {"user": self.request.user}

    def check(self, step, record):
        if record.status != "active":
            raise steps.StepRefused(_("This certificate has been replaced or revoked."))

    def take(self, step, record, form):
        data, user = form.cleaned_data, self.request.user
        if step == "review":
            return certificates.certificate_review(
                certificate=record,
                reviewed_on=data["reviewed_on"],
                outcome=data["outcome"],
                reason=data["reason"],
                acting_user=user,
            )
        if step == "renew":
            fields = {name: data[name] for name in ("number", "issuer", "issued_on")}
            return certificates.certificate_renew(
                certificate=record, data=fields, acting_user=user, expected_version=data.get("version")
            )
        return certificates.certificate_scan(certificate=record, upload=data["scan"], acting_user=user)

    def success_url(self, step, record, result):
        return result.get_absolute_url() if step == "renew" else record.get_absolute_url()
