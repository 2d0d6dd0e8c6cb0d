"""``python manage.py marketing_ai <subcommand>``: the app's one command-line entry point."""

import importlib

from django.core.management.base import BaseCommand

from marketing_ai.capabilities import subcommand_modules
from marketing_ai.cli.base import Subcommand


def _subcommand_classes():
    classes = []
    for module_path in subcommand_modules():
        module = importlib.import_module(module_path)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Subcommand) and value is not Subcommand and value.name:
                if value.__module__ == module.__name__:
                    classes.append(value)
    return classes


class Command(BaseCommand):
    help = "marketing_ai: import events, train, generate, moderate and more. See --help of each subcommand."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        self._subcommands = {}
        for cls in _subcommand_classes():
            subcommand = cls(self)
            sub = subparsers.add_parser(cls.name, help=cls.help, description=cls.help)
            subcommand.add_arguments(sub)
            self._subcommands[cls.name] = subcommand

    def handle(self, *args, **options):
        name = options.pop("subcommand")
        subcommand = self._subcommands[name]
        # The streams may have been swapped after add_arguments (call_command(stdout=...)).
        subcommand.stdout, subcommand.stderr = self.stdout, self.stderr
        return subcommand.handle(**options)
