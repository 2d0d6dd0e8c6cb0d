"""Subcommands of ``python manage.py marketing_ai``.

A subcommand is a ``Subcommand`` subclass in a module listed in ``SUBCOMMANDS``; later capabilities
add their modules to the list.
"""

SUBCOMMANDS = [
    "marketing_ai.cli.import_events",
    "marketing_ai.cli.sync_orders",
    "marketing_ai.cli.run_pipelines",
    "marketing_ai.cli.jobs",
    "marketing_ai.cli.moderate",
    "marketing_ai.cli.evaluate_moderation",
    "marketing_ai.cli.train_moderation",
    "marketing_ai.cli.evaluate_recs",
    "marketing_ai.cli.train",
    "marketing_ai.cli.copywriting",
    "marketing_ai.cli.intents",
]
