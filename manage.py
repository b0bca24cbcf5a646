#!/usr/bin/env python
"""Django's command-line utility for the news archive."""

import os
import sys
from pathlib import Path


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.project.settings")
    from django.core.management import execute_from_command_line

    from archive.project.environment import prepare_data_dir

    prepare_data_dir(Path(__file__).resolve().parent)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
