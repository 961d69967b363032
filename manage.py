#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp.settings")
    # Management commands (migrate, makemigrations, check, load_demo…) sign nothing, so they
    # run without DJANGO_SECRET_KEY, on a development key that `check --deploy` flags. The
    # served site (ogp/wsgi.py, gunicorn) still refuses to start without a real key.
    os.environ.setdefault("DJANGO_INSECURE_DEV_KEY", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
