from marketing_ai.cli.base import Subcommand
from marketing_ai.interactions import sync_orders


class SyncOrders(Subcommand):
    name = "sync-orders"
    help = "Record a purchase event for every line of every paid order (idempotent)."

    def handle(self, **options):
        created = sync_orders()
        self.stdout.write(self.style.SUCCESS(f"Recorded {created} new purchase events."))
