"""Test settings: the demo project plus a second, differently shaped shop (tests.altshop)."""

import os

from demo_shop.settings import *  # noqa: F401,F403
from demo_shop.settings import BASE_DIR, DATABASES, INSTALLED_APPS, MARKETING_AI

os.environ.setdefault("HF_HUB_OFFLINE", "1")

INSTALLED_APPS = [*INSTALLED_APPS, "tests.altshop"]

# A file, not memory: the qcluster integration tests run a worker in another process.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

MARKETING_AI = {**MARKETING_AI, "RUN_JOBS_SYNC": True}
