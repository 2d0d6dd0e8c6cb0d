"""Subcommands of ``python manage.py marketing_ai``.

A subcommand is a ``Subcommand`` subclass (``cli/base.py``) in a module that an installed app lists in
``CapabilityConfig.subcommands``; the core's own are in this package.
"""
