"""A throw-away benchmark database (own name, never the shop's): shared by the recs_* benchmarks."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@contextmanager
def bench_database(name=None, keep=False):
    """Create (autoclobber) a test database named ``name`` (default: DATABASE_URL's own name), yield, drop it.

    With ``keep`` an existing database is reused and kept afterwards (for repeated runs on one shop).
    """
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    import tempfile

    from django.conf import settings

    setup_test_environment()
    # Model files of benchmark runs go to a temporary folder, not the shop's media.
    models = tempfile.mkdtemp(prefix="mai-recs-bench-")
    settings.MARKETING_AI = {**settings.MARKETING_AI, "RECOMMEND_MODEL_DIR": models}
    if name or connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name or connection.settings_dict["NAME"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        yield connection
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        import shutil

        shutil.rmtree(models, ignore_errors=True)
