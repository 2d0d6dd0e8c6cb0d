"""The moderation endpoint: permission-checked, throttled, validated, escaped."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from marketing_ai.moderation.models import ModerationDecision
from tests.permissions import grant

pytestmark = pytest.mark.django_db

URL = reverse("marketing_ai_api:moderation-list")


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client, staff_user):
    grant(staff_user, "marketing_ai_moderation.moderate_text")
    client.force_login(staff_user)
    return client


def post(client, **data):
    return client.post(URL, data, content_type="application/json")


def test_moderates_text_with_reasons_and_spans_and_stores_nothing(api):
    response = post(api, text="Great! Buy cheap tents at http://tents.example today only!!!", rating=5)
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "reject" and body["scores"]["spam"] > 0.9
    link = next(r for r in body["reasons"] if r["code"] == "link")
    start, end = link["spans"][0]
    assert body["text"][start:end] == "http://tents.example"
    assert not ModerationDecision.objects.exists()


def test_genuine_negative_text_is_published(api):
    body = post(api, text="The handle cracked in the dishwasher, although it says dishwasher safe. Disappointing.",
                rating=1).json()
    assert body["decision"] == "publish"


def test_anonymous_and_staff_without_permission_are_refused(client, staff_user):
    assert post(client, text="hello").status_code == 403
    client.force_login(staff_user)
    assert post(client, text="hello").status_code == 403


def test_requests_are_throttled(api, moderation_settings):
    moderation_settings(THROTTLE_RATES={"moderation": "2/min"})
    assert [post(api, text="fine mug").status_code for _ in range(3)] == [200, 200, 429]


def test_a_one_megabyte_text_gets_a_clear_error(api):
    response = post(api, text="a" * (1024 * 1024))
    assert response.status_code == 400
    assert "at most 10000 are accepted" in response.json()["text"][0]


@pytest.mark.parametrize("data, field", [
    ({"text": ""}, "text"), ({"text": "ok", "rating": 9}, "rating"), ({"text": "ok", "product": "999999"}, "product"),
    ({"title": "no text"}, "text"), ({"text": ["a", "list"]}, "text"),
])
def test_bad_input_is_refused_field_by_field(api, data, field, catalog):
    response = post(api, **data)
    assert response.status_code == 400 and field in response.json()


def test_control_characters_and_html_come_back_as_json_text(api):
    refused = post(api, text="nul \x00 byte")
    assert refused.status_code == 400 and "Null characters" in refused.json()["text"][0]
    response = post(api, text='<script>alert(1)</script>\x07\x1b[2J f\u200buck you, 很好 отлично')
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "\x1b" not in body["text"] and "\u200b" not in body["text"] and body["text"].startswith("<script>")
    assert body["decision"] == "reject" and "blocked_word" in {r["code"] for r in body["reasons"]}


def test_product_id_enables_the_off_topic_check(api, catalog):
    body = post(api, text="The courier was late, the parcel sat in the warehouse for weeks and nobody replied.",
                product=str(catalog[2].pk), rating=2).json()
    assert body["decision"] == "hold" and "off_topic" in {r["code"] for r in body["reasons"]}


def test_the_endpoint_is_in_the_schema(api, admin_client):
    schema = admin_client.get(reverse("marketing_ai_api:schema")).content.decode()
    assert "/moderation/" in schema
