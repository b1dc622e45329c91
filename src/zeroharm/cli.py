"""The `zeroharm` command: everything `manage.py` does, plus demo, serve, worker and scan."""

import importlib
import os
import sys
from importlib.metadata import version

PRODUCT_COMMANDS = ("demo", "serve", "worker", "scan")


def _first_line(command: str) -> str:
    # The commands' own `help` is the one description; importing a command module needs no settings.
    module = importlib.import_module(f"zeroharm.core.management.commands.{command}")
    return module.Command.help.strip().splitlines()[0]


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
