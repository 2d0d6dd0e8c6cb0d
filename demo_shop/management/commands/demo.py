"""``python manage.py demo [--no-serve] [--seed 42] [--port 8000]``: the whole demo from a fresh checkout.

Migrates, seeds an empty shop, creates the demo admin, runs marketing_ai's pipelines, then starts a
django-q2 worker and the development server (unless --no-serve).
"""

import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo_shop import seed
from demo_shop.management.commands.seed_shop import positive

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"


def _stop(signum, frame):
    raise KeyboardInterrupt


def ensure_demo_admin():
    """Create the demo superuser admin/admin if there is no user called admin. Returns True if created."""
    user_model = get_user_model()
    if user_model.objects.filter(username=ADMIN_USERNAME).exists():
        return False
    user_model.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)
    return True


class Command(BaseCommand):
    help = "Set up and run the demo: migrate, seed, create the demo admin, run the pipelines, serve."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="set everything up, print the URLs and exit")
        parser.add_argument("--seed", type=int, default=42, help="random seed for the demo data (default 42)")
        parser.add_argument("--products", type=positive, default=300, help="products to seed (default 300)")
        parser.add_argument("--customers", type=positive, default=300, help="customers to seed (default 300)")
        parser.add_argument("--port", type=int, default=8000, help="port of the development server (default 8000)")

    def handle(self, *args, **options):
        port = options["port"]
        self.stdout.write("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0)

        if seed.is_seeded():
            self.stdout.write("The shop already has data: not seeding again.")
        else:
            self.stdout.write("Seeding the demo shop ...")
            report = seed.seed_shop(seed=options["seed"], products=options["products"], customers=options["customers"])
            for line in report.lines():
                self.stdout.write(f"  {line}")

        created = ensure_demo_admin()
        self.stdout.write(self.style.WARNING(
            f"{'Created' if created else 'Using'} the demo admin login {ADMIN_USERNAME} / {ADMIN_PASSWORD}. "
            "This is a demo-only login: never use it on a server others can reach."
        ))

        self.stdout.write("Running marketing_ai pipelines ...")
        call_command("marketing_ai", "run-pipelines", stdout=self.stdout, stderr=self.stderr)

        base = f"http://127.0.0.1:{port}"
        self.stdout.write("")
        self.stdout.write(f"Storefront:      {base}/")
        self.stdout.write(f"Admin:           {base}/admin/  (login {ADMIN_USERNAME} / {ADMIN_PASSWORD})")
        self.stdout.write(f"API docs:        {base}/api/marketing-ai/docs/")
        self.stdout.write(f"Demo customer:   {seed.CUSTOMER_PREFIX}001 / {seed.CUSTOMER_PASSWORD}")
        self.stdout.write("")

        if options["no_serve"]:
            self.stdout.write("Not serving (--no-serve). Start it with: python manage.py demo")
            return
        self._serve(port)

    def _serve(self, port):
        manage_py = Path(settings.BASE_DIR) / "manage.py"
        self.stdout.write("Starting the django-q2 worker (qcluster) ...")
        # Ctrl-C and a plain kill both end up in the finally below, so the worker never outlives us.
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        worker = subprocess.Popen([sys.executable, str(manage_py), "qcluster"], cwd=str(settings.BASE_DIR))
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stdout.write("Stopping the worker ...")
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
