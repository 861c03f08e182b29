"""The `gcmreview` command: Django's management commands under one name.

`gcmreview load FILE`, `gcmreview export FILE`, `gcmreview demo`, `gcmreview serve` and
the usual `gcmreview migrate`, `gcmreview createsuperuser`, `gcmreview check --deploy`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmreview.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gcmreview", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
