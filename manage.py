#!/usr/bin/env python
"""Django's command-line utility for the demo project."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_shop.settings")
    # Before numpy loads: implicit's training is slower with OpenBLAS's own thread pool.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Models come from installed packages and local files, never from a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
