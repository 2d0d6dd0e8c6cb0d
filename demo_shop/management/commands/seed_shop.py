"""``python manage.py seed_shop [--seed 42] [--products 300] [--customers 300] [--flush]``."""

from django.core.management.base import BaseCommand, CommandError

from demo_shop import seed


def positive(value):
    number = int(value)
    if number < 1 or number > 100_000:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Fill the demo shop with a deterministic catalogue, customers, events, orders and reviews."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same data (default 42)")
        parser.add_argument("--products", type=positive, default=300, help="number of products (default 300)")
        parser.add_argument("--customers", type=positive, default=300, help="number of customers (default 300)")
        parser.add_argument("--flush", action="store_true", help="delete the demo data first")

    def handle(self, *args, **options):
        try:
            report = seed.seed_shop(seed=options["seed"], products=options["products"],
                                    customers=options["customers"], flush=options["flush"])
        except Exception as exc:  # a half-seeded shop is rolled back; say why in one line
            raise CommandError(f"seeding failed: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        if not report.skipped:
            self.stdout.write(self.style.SUCCESS(
                f"Demo customers: {seed.CUSTOMER_PREFIX}001 ... with password {seed.CUSTOMER_PASSWORD!r}"))
