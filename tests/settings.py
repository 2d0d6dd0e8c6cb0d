"""Test settings: the demo project plus a second, differently shaped shop (tests.altshop)."""

import os

from demo_shop.settings import *  # noqa: F401,F403
from demo_shop.settings import BASE_DIR, DATABASES, INSTALLED_APPS, MARKETING_AI, Q_CLUSTER

os.environ.setdefault("HF_HUB_OFFLINE", "1")

INSTALLED_APPS = [*INSTALLED_APPS, "tests.altshop"]

# A file, not memory: the qcluster integration tests run a worker in another process.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One file per test session, so that two sessions on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

TEST_JOB_KINDS = {
    name: f"tests.foundation.jobkinds.{name}" for name in ("count_to", "boom", "refuse", "write_events")
}
TEST_JOB_KINDS["gpu_thing"] = {"handler": "tests.foundation.jobkinds.count_to", "label": "GPU thing", "gpu": True}

MARKETING_AI = {**MARKETING_AI, "RUN_JOBS_SYNC": True, "JOB_KINDS": TEST_JOB_KINDS, "GPU_QUEUE": "gpu"}
# A second cluster for GPU jobs: `Q_CLUSTER_NAME=gpu python manage.py qcluster`.
Q_CLUSTER = {**Q_CLUSTER, "ALT_CLUSTERS": {"gpu": {"workers": 1}}}
if os.environ.get("TEST_IMPORT_BATCH_SIZE"):
    MARKETING_AI["IMPORT_BATCH_SIZE"] = int(os.environ["TEST_IMPORT_BATCH_SIZE"])

# The qcluster integration tests start a worker process on the test database.
if os.environ.get("TEST_WORKER_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["TEST_WORKER_DB_NAME"]
