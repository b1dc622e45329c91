"""Import an existing risk register: one row per hazard source, rows of the same point code form one point."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core import services as core_services
from zeroharm.core.choices import AccidentCategory
from zeroharm.core.imports import ImportColumn, Importer
from zeroharm.org.importers import RowForm, choice_errors
from zeroharm.risks import scoring
from zeroharm.risks.choices import CauseCategory, ControlType, Method, PointKind
from zeroharm.risks.models import Control, HazardSource, RiskPoint
from zeroharm.risks.services import assessment_create

__all__ = ["RiskRegisterImporter"]


class RiskRowForm(RowForm):
    point_code = forms.CharField(max_length=32)
    point_name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=PointKind.choices, error_messages=choice_errors(PointKind.choices))
    unit_code = forms.CharField(max_length=32)
    location = forms.CharField(max_length=200, required=False)
    hazard = forms.CharField(max_length=300)
    cause_category = forms.ChoiceField(
        choices=CauseCategory.choices, error_messages=choice_errors(CauseCategory.choices)
    )
    accident_types = forms.CharField(required=False, max_length=100)
    method = forms.ChoiceField(
        choices=[("", "")] + Method.choices, required=False, error_messages=choice_errors(Method.choices)
    )
    likelihood = forms.DecimalField(required=False, error_messages={"invalid": _("is not a number")})
    exposure = forms.DecimalField(required=False, error_messages={"invalid": _("is not a number")})
    consequence = forms.DecimalField(required=False, error_messages={"invalid": _("is not a number")})
    controls = forms.CharField(required=False, max_length=2000)
    emergency_measures = forms.CharField(required=False, max_length=2000)
    emergency_phone = forms.CharField(required=False, max_length=32)

    LENIENT = {"kind": PointKind.choices, "cause_category": CauseCategory.choices, "method": Method.choices}

    def clean_unit_code(self):
        return self.unit_in_scope(self.cleaned_data["unit_code"], "risks")

    def clean_accident_types(self):
        codes = [
            c.strip().zfill(2) for c in self.cleaned_data["accident_types"].replace("；", ";").split(";") if c.strip()
        ]
        unknown = [c for c in codes if c not in AccidentCategory.values]
        if unknown:
            raise forms.ValidationError(_("is not a list of GB 6441 codes 01–20 separated by ';'"), code="invalid")
        return codes

    def clean_controls(self):
        controls = []
        for item in self.cleaned_data["controls"].replace("；", ";").split(";"):
            if not item.strip():
                continue
            kind, _sep, text = item.replace("：", ":").partition(":")
            kind = kind.strip().lower()
            if not text.strip() or kind not in ControlType.values:
                raise forms.ValidationError(
                    _("is not a list of 'type: measure' separated by ';' (types: %(types)s)")
                    % {"types": ", ".join(ControlType.values)},
                    code="invalid",
                )
            controls.append((kind, text.strip()))
        return controls

    def clean(self):
        data = super().clean()
        method = data.get("method")
        factors = [data.get("likelihood"), data.get("exposure"), data.get("consequence")]
        if method:
            errors = scoring.validate_factors(
                method, data.get("likelihood") or 0, data.get("exposure"), data.get("consequence") or 0
            )
            for name in errors:
                self.add_error(name, forms.ValidationError(_("is not on the scale of the method"), code="invalid"))
        elif any(f is not None for f in factors):
            self.add_error("method", _("Say which method the factors belong to (lec, ls or matrix)."))
        return data


class RiskRegisterImporter(Importer):
    key = "register"
    title = _("Import a risk register")
    model = RiskPoint
    list_url_name = "risks:riskpoint_list"
    row_form = RiskRowForm
    columns = [
        ImportColumn(
            "point_code", _("Code of the risk point; rows with the same code describe one point"), True, "MACH-W01-RP01"
        ),
        ImportColumn("point_name", _("Name of the risk point"), True, "冲压机操作岗位"),
        ImportColumn("kind", _("place, equipment, activity or job"), True, "job"),
        ImportColumn("unit_code", _("Code of the unit that controls it"), True, "MACH-W01-T01"),
        ImportColumn("location", _("Where it is"), False, "冲压车间A线"),
        ImportColumn("hazard", _("One hazard source of the point"), True, "手进入模具区"),
        ImportColumn("cause_category", _("people, equipment, environment or management"), True, "people"),
        ImportColumn("accident_types", _("GB 6441 codes it could lead to, separated by ';'"), False, "03;01"),
        ImportColumn("method", _("lec, ls or matrix (on the first row of a point)"), False, "lec"),
        ImportColumn("likelihood", _("L"), False, "3"),
        ImportColumn("exposure", _("E (LEC only)"), False, "6"),
        ImportColumn("consequence", _("C, or S for LS"), False, "15"),
        ImportColumn(
            "controls", _("'type: measure' items separated by ';'"), False, "engineering: 双手按钮和光幕; ppe: 防护手套"
        ),
        ImportColumn("emergency_measures", _("What to do in an emergency"), False, "立即停机断电，报告班长"),
        ImportColumn("emergency_phone", _("Emergency phone"), False, "0571-88880000"),
    ]
    field_columns = {"unit": "unit_code", "code": "point_code", "name": "point_name", "description": "hazard"}

    def save_row(self, cleaned, user) -> bool:
        point, created = self._point(cleaned, user)
        if not point.hazard_sources.filter(description=cleaned["hazard"], is_archived=False).exists():
            core_services.record_create(
                model=HazardSource,
                acting_user=user,
                data={
                    "risk_point": point,
                    "description": cleaned["hazard"],
                    "cause_category": cleaned["cause_category"],
                    "accident_types": cleaned["accident_types"],
                },
            )
        for kind, text in cleaned["controls"]:
            if not point.controls.filter(control_type=kind, description=text, is_archived=False).exists():
                core_services.record_create(
                    model=Control,
                    acting_user=user,
                    data={"risk_point": point, "control_type": kind, "description": text},
                )
        if cleaned["method"]:
            assessment_create(
                risk_point=point,
                method=cleaned["method"],
                stage="residual",
                likelihood=cleaned["likelihood"],
                exposure=cleaned["exposure"],
                consequence=cleaned["consequence"],
                acting_user=user,
            )
        return created

    def _point(self, cleaned, user) -> tuple[RiskPoint, bool]:
        data = {
            "code": cleaned["point_code"],
            "name": cleaned["point_name"],
            "kind": cleaned["kind"],
            "unit": cleaned["unit_code"],
            "location": cleaned["location"],
        }
        for optional in ("emergency_measures", "emergency_phone"):
            if cleaned[optional]:
                data[optional] = cleaned[optional]
        return self.upsert(lookup={"code": data["code"]}, data=data, user=user, only_changed=True)


IMPORTERS = {RiskRegisterImporter.key: RiskRegisterImporter}
