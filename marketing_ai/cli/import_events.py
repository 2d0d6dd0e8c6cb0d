from django.core.management.base import CommandError

from marketing_ai.backfill import EventImportError, ImportSpec, import_events
from marketing_ai.cli.base import Subcommand


class ImportEvents(Subcommand):
    name = "import-events"
    help = ("Import historical shopper events from a CSV file. Every row is checked first; a bad row "
            "stops the import with its line number and nothing is imported. Re-running adds nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file with a header row")
        parser.add_argument("--user-column", required=True, help="column with the customer (see CUSTOMER_LOOKUP_FIELD)")
        parser.add_argument("--product-column", required=True, help="column with the product id")
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--type-column", help="column with the event type (view, add_to_cart, purchase, ...)")
        kind.add_argument("--type", dest="event_type", help="one event type for every row, e.g. purchase")
        parser.add_argument("--time-column", help="column with the time: ISO 8601 or Unix seconds")
        parser.add_argument("--quantity-column", help="column with a whole-number quantity")
        parser.add_argument("--sep", default=",", help="field separator (default ,)")
        parser.add_argument("--encoding", default="utf-8", help="file encoding (default utf-8)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, **options):
        spec = ImportSpec(
            path=options["path"],
            user_column=options["user_column"],
            product_column=options["product_column"],
            type_column=options["type_column"],
            event_type=options["event_type"],
            time_column=options["time_column"],
            quantity_column=options["quantity_column"],
            sep=options["sep"].encode().decode("unicode_escape"),
            encoding=options["encoding"],
        )
        bar = self.progress_bar(total=100, unit="%", disable=True if options["no_progress"] else None)
        state = {"last": 0}

        def progress(fraction, message, milestone=False):
            value = int(100 * fraction)
            bar.set_description_str(str(message))
            bar.update(value - state["last"])
            state["last"] = value

        try:
            result = import_events(spec, progress=progress)
        except EventImportError as exc:
            raise CommandError(f"{spec.path}: {exc} (nothing was imported)") from None
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(
            f"Imported {result.created} new events from {result.rows} rows "
            f"({result.already_present} were already recorded)."
        ))
