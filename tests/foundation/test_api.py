"""The REST base: one router, session and token auth, permissions per capability, throttling, schema."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketing_ai.jobs import start_job
from marketing_ai.models import Interaction
from tests.permissions import grant

EVENTS = "/api/marketing-ai/events/"
JOBS = "/api/marketing-ai/jobs/"


@pytest.fixture(autouse=True)
def clear_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return APIClient()


def test_api_root_lists_the_router(client, db):
    response = client.get("/api/marketing-ai/")
    assert response.status_code == 200
    assert {"events", "jobs"} <= set(response.json())


def test_anonymous_shopper_posts_a_view_bound_to_the_session(client, catalog):
    response = client.post(EVENTS, {"product": str(catalog[0].pk), "type": "view"}, format="json")
    assert response.status_code == 201, response.content
    event = Interaction.objects.get()
    assert event.user is None and event.session_key and event.source == "api"
    assert client.get(EVENTS).json()["count"] == 1


def test_signed_in_customer_posts_add_to_cart(client, catalog, customers):
    client.force_authenticate(customers[0])
    response = client.post(EVENTS, {"product": str(catalog[2].pk), "type": "add_to_cart", "quantity": 3},
                           format="json")
    assert response.status_code == 201
    assert Interaction.objects.get().user == customers[0]


def test_customers_only_list_their_own_events(client, catalog, customers):
    Interaction.objects.create(user=customers[1], product_id=str(catalog[0].pk), event_type="view")
    client.force_authenticate(customers[0])
    assert client.get(EVENTS).json()["count"] == 0


@pytest.mark.parametrize("payload, field", [
    ({"product": "999999", "type": "view"}, "product"),
    ({"product": "1", "type": "wishlist"}, "type"),
    ({"product": "1", "type": "purchase"}, "type"),
    ({"product": "1", "type": "view", "quantity": 0}, "quantity"),
    ({"product": "1", "type": "view", "quantity": "many"}, "quantity"),
    ({"product": "x" * 65, "type": "view"}, "product"),
    ({"type": "view"}, "product"),
])
def test_bad_events_get_a_clear_400(client, catalog, payload, field):
    response = client.post(EVENTS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Interaction.objects.count() == 0


def test_events_are_throttled(client, catalog, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "THROTTLE_RATES": {"events": "3/min"}}
    codes = [client.post(EVENTS, {"product": str(catalog[0].pk), "type": "view"}, format="json").status_code
             for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]


def test_events_are_throttled_per_address_too(client, catalog, customers, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "THROTTLE_RATES": {"events": "100/min", "events_ip": "2/min"}}
    codes = []
    for customer in customers:
        client.force_authenticate(customer)
        codes.append(client.post(EVENTS, {"product": str(catalog[0].pk), "type": "view"}, format="json").status_code)
    assert codes == [201, 201, 429]


def test_session_auth_enforces_csrf(catalog, customers):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customers[0])
    response = client.post(EVENTS, {"product": str(catalog[0].pk), "type": "view"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_jobs_need_the_view_permission(client, staff_user, customers):
    start_job("count_to", sync=True)
    assert client.get(JOBS).status_code in (401, 403)
    client.force_authenticate(customers[0])
    assert client.get(JOBS).status_code == 403
    client.force_authenticate(grant(staff_user, "marketing_ai.view_job"))
    body = client.get(JOBS).json()
    assert body["count"] == 1 and body["results"][0]["status"] == "succeeded"


def test_token_auth_works(client, staff_user):
    grant(staff_user, "marketing_ai.view_job")
    token = Token.objects.create(user=staff_user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(JOBS).status_code == 200


def test_rerun_needs_the_run_permission(client, staff_user):
    job = start_job("boom", sync=True)
    client.force_authenticate(grant(staff_user, "marketing_ai.view_job"))
    assert client.post(f"{JOBS}{job.pk}/rerun/").status_code == 403
    grant(staff_user, "marketing_ai.run_job")
    response = client.post(f"{JOBS}{job.pk}/rerun/")
    assert response.status_code == 202 and response.json()["attempts"] == 2


def test_rerun_of_a_succeeded_job_is_a_conflict(client, staff_user):
    job = start_job("count_to", sync=True)
    client.force_authenticate(grant(staff_user, "marketing_ai.view_job", "marketing_ai.run_job"))
    assert client.post(f"{JOBS}{job.pk}/rerun/").status_code == 409


def test_openapi_schema_covers_the_api_under_its_mount_point(client, db):
    response = client.get("/api/marketing-ai/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/marketing-ai/events/" in paths and "/api/marketing-ai/jobs/{id}/rerun/" in paths


def test_docs_page_uses_local_assets(client, db):
    response = client.get("/api/marketing-ai/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "cdn.jsdelivr" not in html
