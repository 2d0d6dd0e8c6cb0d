"""REST for drafts (permission-checked) and the product feed with published copy."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from marketing_ai.copywriting import workflow
from marketing_ai.copywriting.models import CopyDraft
from tests.permissions import grant

BASE = "/api/marketing-ai/copy-drafts/"
G = "{http://base.google.com/ns/1.0}"


@pytest.fixture
def api(staff_user):
    client = APIClient()
    client.force_authenticate(staff_user)
    return client


def publish(adapter, product, kind):
    [draft] = workflow.generate_drafts([adapter.product_data(product)], [kind])
    workflow.approve(draft)
    return workflow.publish(draft)


def test_generation_needs_the_generate_permission_and_valid_input(api, staff_user, catalog):
    body = {"product_ids": [str(catalog[0].pk)], "kinds": ["description", "seo_title"], "tone": "friendly"}
    assert api.post(BASE + "generate/", body, format="json").status_code == 403
    assert APIClient().post(BASE + "generate/", body, format="json").status_code in (401, 403)
    grant(staff_user, "marketing_ai_copywriting.generate_copy")
    response = api.post(BASE + "generate/", body, format="json")
    assert response.status_code == 202 and response.json()["status"] == "succeeded"
    assert CopyDraft.objects.filter(status="draft").count() == 2
    for bad, field in [({**body, "product_ids": ["424242"]}, "product_ids"), ({**body, "tone": "rude"}, "tone"),
                       ({**body, "kinds": ["haiku"]}, "non_field_errors"), ({**body, "product_ids": []}, "product_ids"),
                       ({**body, "instructions": "x" * 501}, "instructions")]:
        response = api.post(BASE + "generate/", bad, format="json")
        assert response.status_code == 400 and field in response.json(), (bad, response.json())
    assert CopyDraft.objects.count() == 2


def test_listing_and_review_steps_are_permission_checked(api, staff_user, catalog, adapter):
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["description"])
    assert api.get(BASE).status_code == 403
    grant(staff_user, "marketing_ai_copywriting.view_copydraft")
    listing = api.get(BASE, {"kind": "description", "status": "draft"}).json()
    assert listing["count"] == 1 and listing["results"][0]["text"] == draft.text
    assert api.post(f"{BASE}{draft.pk}/approve/").status_code == 403
    grant(staff_user, "marketing_ai_copywriting.approve_copy")
    assert api.post(f"{BASE}{draft.pk}/approve/").json()["status"] == "approved"
    assert api.post(f"{BASE}{draft.pk}/approve/").status_code == 409
    assert api.post(f"{BASE}{draft.pk}/publish/").status_code == 403
    grant(staff_user, "marketing_ai_copywriting.publish_copy")
    assert api.post(f"{BASE}{draft.pk}/publish/").json()["status"] == "published"
    catalog[0].refresh_from_db()
    assert catalog[0].description == draft.text
    assert api.post(f"{BASE}{draft.pk}/restore/").json()["status"] == "retired"


def test_feed_uses_published_copy_and_escapes_everything(api, staff_user, catalog, adapter):
    grant(staff_user, "marketing_ai_copywriting.view_copydraft")
    mug = catalog[2]
    mug.name = 'Mug <script>alert("x")</script> & co'
    mug.description = "=HYPERLINK(evil)"
    mug.save()
    tee_copy = publish(adapter, catalog[0], "description")
    csv_text = api.get(BASE + "feed/", {"feed_format": "csv"}).content.decode()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(csv_text))}
    assert rows[str(catalog[0].pk)]["description"] == tee_copy.text
    assert rows[str(mug.pk)]["description"] == "'=HYPERLINK(evil)"
    assert rows[str(mug.pk)]["price"] == "14.00 EUR" and rows[str(catalog[1].pk)]["availability"] == "in_stock"
    assert rows[str(catalog[0].pk)]["link"].startswith("http://testserver/")

    xml = api.get(BASE + "feed/", {"feed_format": "xml"}).content.decode()
    assert "<script>" not in xml
    items = {item.find(f"{G}id").text: item for item in ET.fromstring(xml).iter("item")}
    assert items[str(mug.pk)].find(f"{G}title").text == 'Mug <script>alert("x")</script> & co'
    assert items[str(catalog[0].pk)].find(f"{G}description").text == tee_copy.text
    assert api.get(BASE + "feed/", {"feed_format": "pdf"}).status_code == 400


def test_export_feed_command_writes_a_file(catalog, adapter, tmp_path):
    publish(adapter, catalog[0], "seo_title")
    target = tmp_path / "feed.xml"
    call_command("marketing_ai", "export-feed", "--format", "xml", "--output", str(target),
                 "--base-url", "https://shop.example", stdout=io.StringIO())
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    links = [item.find(f"{G}link").text for item in root.iter("item")]
    assert len(links) == len(catalog) and all(link.startswith("https://shop.example/") for link in links)


def test_schema_lists_the_copy_endpoints(api):
    schema = api.get("/api/marketing-ai/schema/").content.decode()
    assert "copy-drafts/generate/" in schema and "copy-drafts/{id}/publish/" in schema
