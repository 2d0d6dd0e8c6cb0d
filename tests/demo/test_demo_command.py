"""``manage.py demo``: one command from an empty database to a running demo."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo_shop.models import Product
from marketing_ai.models import Interaction, Job


@pytest.mark.django_db(transaction=True)
def test_demo_no_serve_runs_end_to_end():
    out = StringIO()
    call_command("demo", "--no-serve", "--products", "24", "--customers", "10", "--port", "8123", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8123/" in printed
    assert "http://127.0.0.1:8123/admin/" in printed
    assert "http://127.0.0.1:8123/api/marketing-ai/docs/" in printed
    assert "admin / admin" in printed and "demo-only" in printed
    assert "customer001 / demo-pass-123" in printed
    assert "Not serving" in printed
    assert Product.objects.count() == 24
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    assert Interaction.objects.filter(event_type="purchase").exists()
    assert Job.objects.exists() and not Job.objects.filter(status="failed").exists()

    again = StringIO()
    call_command("demo", "--no-serve", "--products", "24", "--customers", "10", stdout=again)
    assert "not seeding again" in again.getvalue()
    assert Product.objects.count() == 24
