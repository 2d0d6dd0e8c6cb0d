"""Shared fixtures. Configured services must be reachable: a missing one fails the run, never skips."""

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def pytest_sessionstart(session):
    # A killed worker can leave SQLite's WAL files behind; beside a new test database they
    # would read as corruption. Files of sessions that are still running stay.
    from pathlib import Path

    for leftover in Path(__file__).resolve().parent.parent.glob(".test-db-*.sqlite3*"):
        pid = leftover.name.split("-")[2].split(".")[0]
        if pid.isdigit() and (int(pid) == os.getpid() or not Path(f"/proc/{pid}").exists()):
            leftover.unlink(missing_ok=True)
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
        except Exception as exc:
            raise pytest.UsageError(f"REDIS_URL={redis_url} is configured but unreachable: {exc}") from exc


@pytest.fixture
def adapter():
    from marketing_ai.shop import get_adapter

    return get_adapter()


@pytest.fixture
def catalog(db):
    """A handful of demo products in two categories."""
    from decimal import Decimal

    from demo_shop.models import Category, Product

    shirts = Category.objects.create(name="T-shirts", slug="t-shirts")
    mugs = Category.objects.create(name="Mugs", slug="mugs")
    products = [
        Product.objects.create(
            category=shirts, name="Nordwind Organic Tee", slug="nordwind-tee", sku="TS-1", price=Decimal("24.00"),
            stock=10, attributes={"material": "organic cotton", "colour": "navy", "sizes": ["S", "M", "L"]},
        ),
        Product.objects.create(
            category=shirts, name="Kestrel Linen Tee", slug="kestrel-tee", sku="TS-2", price=Decimal("31.50"),
            stock=0, attributes={"material": "linen", "colour": "sand"},
        ),
        Product.objects.create(
            category=mugs, name="Harbour Stoneware Mug", slug="harbour-mug", sku="MG-1", price=Decimal("14.00"),
            stock=40, attributes={"material": "stoneware", "capacity": "350 ml"},
        ),
        Product.objects.create(
            category=mugs, name="Retired Mug", slug="retired-mug", sku="MG-2", price=Decimal("9.00"),
            stock=0, is_active=False,
        ),
    ]
    return products


@pytest.fixture
def customers(db):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return [User.objects.create_user(f"customer{i:03d}", f"customer{i:03d}@example.com", "pw-123456") for i in range(1, 4)]


@pytest.fixture
def staff_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("staff", "staff@example.com", "pw-123456", is_staff=True)


@pytest.fixture
def server():
    """A scripted OpenAI-compatible chat server on 127.0.0.1 (tests.chat_server.ChatServer)."""
    from tests.chat_server import ChatServer

    chat = ChatServer()
    chat.thread.start()
    yield chat
    chat.httpd.shutdown()
    chat.httpd.server_close()
