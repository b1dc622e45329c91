"""The `zeroharm` command: everything `manage.py` does, plus demo, serve, worker and scan."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeroharm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "zeroharm", *sys.argv[1:]])


if __name__ == "__main__":
    main()
