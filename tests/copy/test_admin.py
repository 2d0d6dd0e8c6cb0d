"""The admin: only staff with the copy permissions see and run the actions; drafts are compared and reviewed."""

import pytest
from django.urls import reverse

from marketing_ai.copywriting import workflow
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.models import Job
from tests.permissions import grant

CHANGELIST = "admin:demo_shop_product_changelist"


@pytest.fixture
def copywriter(staff_user):
    grant(staff_user, "demo_shop.view_product", "demo_shop.change_product", "marketing_ai_copywriting.view_copydraft",
          "marketing_ai.view_job")
    return staff_user


def test_staff_without_copy_permissions_neither_see_nor_run_generate(client, catalog, copywriter):
    client.force_login(copywriter)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "generate_copy_action" not in page
    response = client.post(reverse(CHANGELIST), {"action": "generate_copy_action", "_selected_action": [catalog[0].pk],
                                                 "apply": "1", "kinds": ["description"], "tone": "friendly",
                                                 "language": "en", "backend": "template"})
    assert not CopyDraft.objects.exists() and not Job.objects.exists()
    change = client.get(reverse("admin:demo_shop_product_change", args=[catalog[0].pk])).content.decode()
    assert "Generate copy" not in change
    assert client.get(reverse("admin:demo_shop_product_generate_copy", args=[catalog[0].pk])).status_code == 403
    assert response.status_code in (200, 302)


def test_generate_action_shows_a_form_then_runs_a_job(client, catalog, copywriter):
    grant(copywriter, "marketing_ai_copywriting.generate_copy")
    client.force_login(copywriter)
    assert "generate_copy_action" in client.get(reverse(CHANGELIST)).content.decode()
    selected = [catalog[0].pk, catalog[2].pk]
    form_page = client.post(reverse(CHANGELIST), {"action": "generate_copy_action", "_selected_action": selected})
    assert form_page.status_code == 200 and "Luxury" in form_page.content.decode()
    response = client.post(reverse(CHANGELIST), {
        "action": "generate_copy_action", "_selected_action": selected, "apply": "1",
        "kinds": ["description", "meta_description"], "tone": "luxury", "language": "zh-hans", "backend": "template"})
    job = Job.objects.get(kind="generate_copy")
    assert response.status_code == 302 and response["Location"] == reverse("admin:marketing_ai_job_change",
                                                                            args=[job.pk])
    assert job.status == "succeeded" and job.created_by == copywriter
    assert CopyDraft.objects.filter(language="zh-hans", tone="luxury", status="draft").count() == 4


def test_button_on_the_product_page_generates_for_that_product(client, catalog, copywriter):
    grant(copywriter, "marketing_ai_copywriting.generate_copy")
    client.force_login(copywriter)
    url = reverse("admin:demo_shop_product_generate_copy", args=[catalog[1].pk])
    assert url in client.get(reverse("admin:demo_shop_product_change", args=[catalog[1].pk])).content.decode()
    bad = client.post(url, {"kinds": ["limerick"], "tone": "friendly", "language": "en", "backend": "template"})
    assert bad.status_code == 200 and not CopyDraft.objects.exists()
    client.post(url, {"kinds": ["seo_title"], "tone": "friendly", "language": "en", "backend": "template"})
    assert CopyDraft.objects.get().product_id == str(catalog[1].pk)


def test_draft_page_shows_an_escaped_side_by_side_diff_and_the_steps_allowed(client, catalog, adapter, copywriter):
    mug = catalog[2]
    mug.name = "<img src=x onerror=alert(1)> Mug"
    mug.description = "Old <b>text</b>."
    mug.save()
    [draft] = workflow.generate_drafts([adapter.product_data(mug)], ["description"])
    client.force_login(copywriter)
    url = reverse("admin:marketing_ai_copywriting_copydraft_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "marketing-ai-diff" in page and '<del class="marketing-ai-del">&lt;b&gt;text&lt;/b&gt;.</del>' in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "step/approve" not in page and "step/publish" not in page
    # Without the permission the step is refused.
    step = reverse("admin:marketing_ai_copywriting_copydraft_step", args=[draft.pk, "approve"])
    assert client.post(step).status_code == 403
    grant(copywriter, "marketing_ai_copywriting.approve_copy")
    page = client.get(url).content.decode()
    assert "step/approve" in page and "step/publish" not in page
    client.post(step)
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == copywriter


def test_approve_publish_reject_actions_need_their_permissions(client, catalog, adapter, copywriter):
    drafts = workflow.generate_drafts([adapter.product_data(p) for p in catalog[:3]], ["description"])
    client.force_login(copywriter)
    changelist = reverse("admin:marketing_ai_copywriting_copydraft_changelist")
    assert "approve_selected" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "approve_selected", "_selected_action": [d.pk for d in drafts]})
    assert set(CopyDraft.objects.values_list("status", flat=True)) == {"draft"}

    grant(copywriter, "marketing_ai_copywriting.approve_copy")
    page = client.get(changelist).content.decode()
    assert "approve_selected" in page and "publish_selected" not in page
    client.post(changelist, {"action": "approve_selected", "_selected_action": [drafts[0].pk, drafts[1].pk]})
    client.post(changelist, {"action": "reject_selected", "_selected_action": [drafts[2].pk]})
    grant(copywriter, "marketing_ai_copywriting.publish_copy")
    client.post(changelist, {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]})
    statuses = dict(CopyDraft.objects.values_list("pk", "status"))
    assert [statuses[d.pk] for d in drafts] == ["published", "published", "rejected"]
    catalog[0].refresh_from_db()
    assert catalog[0].description == drafts[0].text
    client.post(changelist, {"action": "restore_selected", "_selected_action": [drafts[0].pk]})
    catalog[0].refresh_from_db()
    assert catalog[0].description == ""


def test_editing_a_draft_in_the_admin_checks_it_again(client, catalog, adapter, copywriter):
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["description"])
    grant(copywriter, "marketing_ai_copywriting.approve_copy")
    client.force_login(copywriter)
    url = reverse("admin:marketing_ai_copywriting_copydraft_change", args=[draft.pk])
    client.post(url, {"text": "Nordwind Organic Tee, now in 100% silk and sizes up to XXL. Lovely stuff indeed."})
    draft.refresh_from_db()
    assert "silk" in draft.text and not draft.grounded
    assert {"silk", "XXL", "100 %"} & {f["claim"] for f in draft.grounding["failures"]}


def test_prompt_templates_are_editable_but_placeholders_are_checked(client, db, staff_user):
    from marketing_ai.copywriting.models import PromptTemplate

    grant(staff_user, "marketing_ai_copywriting.view_prompttemplate", "marketing_ai_copywriting.change_prompttemplate")
    client.force_login(staff_user)
    prompt = PromptTemplate.objects.get(kind="seo_title", language="en")
    url = reverse("admin:marketing_ai_copywriting_prompttemplate_change", args=[prompt.pk])
    response = client.post(url, {"kind": "seo_title", "language": "en", "system": "x", "body": "Write {colour}"})
    assert response.status_code == 200 and "unknown placeholder" in response.content.decode()
    client.post(url, {"kind": "seo_title", "language": "en", "system": "x", "body": "Title for {title}."})
    prompt.refresh_from_db()
    assert prompt.body == "Title for {title}." and prompt.version == 2
