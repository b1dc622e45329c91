"""The `zeroharm` command: everything `manage.py` does, plus demo, serve, worker and scan."""

import os
import sys
from importlib.metadata import version

# Each product command and the app that holds it.
PRODUCT_COMMANDS = {"demo": "demo", "serve": "core", "worker": "core", "scan": "core", "pdf_signing_key": "core"}


def _first_line(command: str) -> str:
    # The commands' own `help` is the one description, read from the source: importing a command module may
    # import models, which needs the settings, and reading the help must not load them.
    import ast
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec(f"zeroharm.{PRODUCT_COMMANDS[command]}.management.commands.{command}")
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "help" for t in node.targets):
            return ast.literal_eval(node.value).strip().splitlines()[0]
    return ""


def usage() -> str:
    width = max(map(len, PRODUCT_COMMANDS)) + 2
    lines = [
        "usage: zeroharm <command> [options]",
        "",
        "ZeroHarm's own commands:",
        *(f"  {name:<{width}}{_first_line(name)}" for name in PRODUCT_COMMANDS),
        "",
        "Every Django command works too (migrate, collectstatic, createsuperuser, check --deploy, …):",
        "  zeroharm help            lists them all",
        "  zeroharm help <command>  explains one",
        "  zeroharm --version       prints the version",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = sys.argv[1:]
    # Answered here, before Django loads the settings: reading the help must not create a database or a key.
    if not args or args[0] in {"-h", "--help"}:
        sys.stdout.write(usage())
        return
    if args[0] == "--version":
        sys.stdout.write(f"zeroharm {version('zeroharm')}\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeroharm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "zeroharm", *args])


if __name__ == "__main__":
    main()
