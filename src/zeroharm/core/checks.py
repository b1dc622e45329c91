"""The platform's own deploy checks (`zeroharm check --deploy`): what a production server should not run without."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

__all__ = ["pdf_signing_key_check"]


@register(Tags.security, deploy=True)
def pdf_signing_key_check(app_configs=None, **kwargs):
    """PDFs that show a signature are sealed with the deployment's key (core.pdf_signing): warn when there is none."""
    if settings.PDF_SIGNING_AUTO_KEY:
        return []  # the demo and development make a self-signed key on first use
    from zeroharm.core.pdf_signing import signing_key_problem

    problem = signing_key_problem()
    if problem is None:
        return []
    return [
        CheckWarning(
            f"Signed PDFs will carry no digital (PAdES) signature: {problem}.",
            hint=(
                "Run `zeroharm pdf_signing_key` to make a self-signed key and certificate under ZEROHARM_VAR_DIR, "
                "or set ZEROHARM_PDF_SIGNING_KEY and ZEROHARM_PDF_SIGNING_CERT to the PEM files of a key and a "
                "certificate issued for the company (docs/deployment.md, 'PDF signing key')."
            ),
            id="core.W001",
        )
    ]
