"""`zeroharm pdf_signing_key`: make the deployment's self-signed PDF signing key and certificate (core.pdf_signing)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zeroharm.core.pdf_signing import create_signing_key, signing_key_problem


class Command(BaseCommand):
    help = (
        "Make the key and self-signed certificate that seal signed PDFs (PAdES).\n"
        "They are written to ZEROHARM_PDF_SIGNING_KEY and ZEROHARM_PDF_SIGNING_CERT, by default under "
        "ZEROHARM_VAR_DIR/pdf-signing/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation", default="", help="The company named in the certificate, e.g. 某某集团有限公司."
        )
        parser.add_argument("--common-name", default="ZeroHarm PDF signing", help="The certificate's common name.")
        parser.add_argument("--days", type=int, default=3650, help="How long the certificate is valid (days).")
        parser.add_argument("--force", action="store_true", help="Replace a key that is already there.")

    def handle(self, *args, **options):
        key_path, cert_path = settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        made = create_signing_key(
            key_path,
            cert_path,
            common_name=options["common_name"],
            organisation=options["organisation"],
            days=options["days"],
            passphrase=settings.PDF_SIGNING_KEY_PASSPHRASE.encode("utf-8") or None,
            overwrite=options["force"],
        )
        if not made:
            raise CommandError(f"A key is already at {key_path}: keep it, or pass --force to replace it.")
        problem = signing_key_problem()
        if problem:
            raise CommandError(problem)
        self.stdout.write(f"Key:         {key_path} (mode 600: keep it readable only by the ZeroHarm user)")
        self.stdout.write(f"Certificate: {cert_path}")
        self.stdout.write("Signed PDFs are sealed with this key from now on; back both files up with var/.")
