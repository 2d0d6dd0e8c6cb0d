"""The shape of a subcommand, and a progress bar that stays out of the way when not on a terminal."""

import sys

from django.core.management.base import CommandError


class Subcommand:
    """One ``python manage.py marketing_ai <name>`` subcommand."""

    name = ""
    help = ""

    def __init__(self, command):
        self.command = command
        self.stdout = command.stdout
        self.stderr = command.stderr
        self.style = command.style

    def add_arguments(self, parser):
        """Add this subcommand's arguments to its own parser."""

    def handle(self, **options):
        raise NotImplementedError

    def progress_bar(self, total=None, unit="rows", disable=None, desc=None):
        """A tqdm bar on stderr; off when stderr is not a terminal or ``--no-progress`` was given."""
        from tqdm import tqdm

        if disable is None:
            disable = not sys.stderr.isatty()
        return tqdm(total=total, unit=unit, disable=disable, desc=desc, file=sys.stderr, dynamic_ncols=True)


def parse_id_list(value):
    """"1,2, 5" -> ["1", "2", "5"]; refuses an empty list."""
    ids = [part.strip() for part in value.split(",") if part.strip()]
    if not ids:
        raise CommandError("give at least one id")
    return ids
