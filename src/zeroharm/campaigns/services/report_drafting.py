"""The first text of each section of a campaign's closing report, written from its figures: plain sentences with the
numbers in them, one item per line, in the language of the request, for the organisers to rewrite. A draft, never
the final word: the section on lessons and what comes next is theirs to write."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zeroharm.campaigns.models.report import ReportSection

__all__ = ["section_drafts"]


def _done(f: dict) -> str:
    t = f["total"]
    lines = [
        _('From %(start)s to %(end)s, %(unit)s and the units under it ran the campaign "%(theme)s".')
        % {"start": f["start"], "end": f["end"], "unit": f["unit"], "theme": f["theme"] or f["campaign"]},
        _("Of %(tasks)s tasks issued to units, %(done)s were done and %(accepted)s accepted on their evidence.") % t,
        _("%(signed)s of %(people)s people signed the pledge.") % t,
        _("%(activities)s activities were held, with %(participants)s participants.") % t,
        _("%(hazards_found)s hidden dangers were found during the campaign, %(hazards_rectified)s of them rectified.")
        % t,
    ]
    lines += [_("%(kind)s: %(n)s, with %(people)s participants.") % a for a in f["activities"]]
    return "\n".join(lines)


def _best(f: dict) -> str:
    lines = [
        _("%(name)s: %(accepted)s of %(tasks)s tasks accepted.") % u
        + ("" if u["percent"] is None else " " + _("Pledge signed by %(percent)s%%.") % u)
        for u in f["best_units"]
    ] or [_("No unit held a task.")]
    lines += [
        _("Team %(name)s: %(hazards_found)s hidden dangers found, %(activities)s activities held.") % team
        for team in f["best_teams"]
    ]
    return "\n".join(lines)


def _not_done(f: dict) -> str:
    if not f["not_done"]:
        return _("Every task was accepted.")
    lines = [_("%(n)s tasks were not accepted by the end of the campaign:") % {"n": len(f["not_done"])}]
    for item in f["not_done"]:
        line = _("%(task)s, %(unit)s (deadline %(deadline)s): %(state)s.") % item
        if item["reason"]:
            line += " " + _("Returned because: %(reason)s") % item
        lines.append(line)
    lines.append(_("Why each was not done: (write it here)"))
    return "\n".join(lines)


def _commitments(f: dict) -> str:
    lines = [
        _("%(kept)s commitments were kept and %(open)s are still open.")
        % {"kept": len(f["kept"]), "open": len(f["open"])}
    ]
    lines += [_("Kept: %(unit)s, %(text)s (%(owner)s, done on %(done_on)s).") % c for c in f["kept"]]
    lines += [_("Open: %(unit)s, %(text)s (%(owner)s, due on %(due_on)s).") % c for c in f["open"]]
    if f["open"]:
        lines.append(_("The open commitments are followed up in the next summary review."))
    return "\n".join(lines)


def section_drafts(figures: dict) -> dict[str, str]:
    return {
        ReportSection.DONE: _done(figures),
        ReportSection.BEST: _best(figures),
        ReportSection.NOT_DONE: _not_done(figures),
        ReportSection.COMMITMENTS: _commitments(figures),
        ReportSection.NEXT: "",
    }
