"""The training matrix page (/training/matrix/?unit=…): people × requirements, totals per child unit, xlsx export.

Who: a training role over a subtree (core.views.UnitScopeMixin, area "training": else 403); the unit among those
(else 404). The rows are written in Python, not a template per cell: the group's matrix is ~3,000 rows × its columns
(benchmarks/training_matrix.py).
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.exports import sheet_download
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.views import UnitScopeMixin, subtree_choices
from zeroharm.core.wording import bracketed, labelled
from zeroharm.org.selectors import unit_ancestors
from zeroharm.training.selectors.matrix import AMBER, GREEN, RED, Matrix, matrix_for

__all__ = ["MatrixView", "TrainingScopeMixin", "STATE_WORDS"]

STATE_WORDS = {
    GREEN: gettext_lazy("met"),
    AMBER: gettext_lazy("due within 30 days"),
    RED: gettext_lazy("missing or expired"),
}
_MARKS = {GREEN: "✓", AMBER: "!", RED: "✗"}


class UnitForm(forms.Form):
    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, min_value=1, max_value=MAX_ID)


class TrainingScopeMixin(UnitScopeMixin):
    """A unit of the user's training scope: `?unit=` (else 404), or the top of their scope."""

    area = "training"
    refusal = gettext_lazy("Your roles do not allow the training figures of a unit.")

    def chosen_unit(self):
        form = UnitForm(self.request.GET)
        if not form.is_valid():
            raise Http404
        unit_id = form.cleaned_data.get("unit")
        return self.unit_in_scope(unit_id) if unit_id else self.top_unit()

    def unit_context(self, unit) -> dict:
        choices = subtree_choices(self.request.user, unit.pk)
        if all(pk != unit.pk for pk, _label in choices):
            choices.append((unit.pk, unit.name))
        form = UnitForm(initial={"unit": unit.pk})
        form.fields["unit"].widget = forms.Select(choices=choices)
        ancestors = unit_ancestors(unit, self.request.user)
        reachable = set(self.scope_units().filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True))
        for ancestor in ancestors:
            ancestor.visible = ancestor.pk in reachable
        return {"unit": unit, "form": form, "ancestors": ancestors}


def rows_html(matrix: Matrix) -> str:
    """The body rows: a person's name and unit, then one cell per column (empty where it does not apply)."""
    keys = [column.key for column in matrix.columns]
    words = {state: str(word) for state, word in STATE_WORDS.items()}
    parts = []
    for row in matrix.rows:
        person = row.person
        parts.append(
            format_html("<tr><th scope='row'>{}<br><span class='muted'>{}</span></th>", person.name, person.unit.name)
        )
        for key in keys:
            cell = row.cells.get(key)
            if cell is None:
                parts.append("<td class='cell-na'></td>")
                continue
            # The sentence says why (red) or what lapses (amber); a green cell needs none (the page stays small).
            title = escape(labelled(words[cell.state], cell.why) if cell.why else words[cell.state])
            parts.append(f"<td class='cell cell-{cell.state}' title='{title}'>{_MARKS[cell.state]}</td>")
        parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every name and sentence went through escape/format_html


class MatrixView(TrainingScopeMixin, View):
    def get(self, request):
        unit = self.chosen_unit()
        matrix = matrix_for(unit, timezone.localdate())
        if request.GET.get("format") == "xlsx":
            return self.export(matrix)
        context = self.unit_context(unit)
        context.update(
            matrix=matrix,
            rows_html=rows_html(matrix),
            children=matrix.by_child.children,
            own=matrix.by_child.own,
            totals=matrix.totals,
            words=STATE_WORDS,
        )
        return render(request, "training/matrix.html", context)

    def export(self, matrix: Matrix):
        """One row per person, a status word per cell (the house's writer has no cell colours)."""
        header = [_("Employee number"), _("Name"), _("Unit"), _("Position")]
        header += [bracketed(column.label, column.who) for column in matrix.columns]
        keys = [column.key for column in matrix.columns]
        rows = (
            [
                row.person.employee_no,
                row.person.name,
                row.person.unit.name,
                row.person.position.name if row.person.position_id else "",
                *(str(STATE_WORDS[row.cells[key].state]) if key in row.cells else "" for key in keys),
            ]
            for row in matrix.rows
        )
        name = slugify(f"training-matrix-{matrix.unit.code}-{matrix.day}") or "training-matrix"
        return sheet_download(f"{name}.xlsx", header, rows, title=_("Training matrix"))
