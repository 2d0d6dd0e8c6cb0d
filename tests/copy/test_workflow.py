"""Drafts, approval, publishing through the adapter, restore: nothing reaches the shop unapproved."""

import pytest
from django.test import override_settings

from marketing_ai.conf import app_settings
from marketing_ai.copywriting import workflow
from marketing_ai.copywriting.workflow import CopyWorkflowError
from marketing_ai.copywriting.models import CopyDraft, PromptTemplate
from tests.altshop.models import Article

BACKENDS = {
    **app_settings.raw("TEXT_BACKENDS"),
    "inventive": "tests.copy.inventive.InventiveBackend",
    "broken": "tests.copy.inventive.BrokenBackend",
}


def product_data(adapter, product):
    return adapter.product_data(product)


def test_prompts_are_seeded_for_every_kind_and_language(db):
    pairs = set(PromptTemplate.objects.values_list("kind", "language"))
    assert {(kind, lang) for kind in app_settings.COPY_KINDS for lang in ("en", "zh-hans")} <= pairs


def test_editing_a_prompt_raises_its_version_and_drafts_record_it(catalog, adapter, staff_user):
    prompt = PromptTemplate.objects.get(kind="description", language="en")
    prompt.body += "\nMention the colour first."
    prompt.save()
    assert prompt.version == 2
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["description"], user=staff_user)
    assert draft.prompt_version == "description/en/v2"


def test_generating_creates_drafts_and_leaves_the_shop_untouched(catalog, adapter, staff_user):
    tee = catalog[0]
    tee.description = "Written by the owner."
    tee.save()
    drafts = workflow.generate_drafts([adapter.product_data(tee)], ["description", "seo_title", "meta_description"],
                                      tone="luxury", user=staff_user)
    assert [d.status for d in drafts] == ["draft"] * 3
    assert all(d.grounded and d.backend == "template" and d.created_by == staff_user for d in drafts)
    tee.refresh_from_db()
    assert tee.description == "Written by the owner."


def test_publish_writes_through_the_adapter_and_restore_brings_the_old_text_back(catalog, adapter, staff_user):
    tee = catalog[0]
    tee.description = "Written by the owner."
    tee.save()
    [draft] = workflow.generate_drafts([adapter.product_data(tee)], ["description"], user=staff_user)
    with pytest.raises(CopyWorkflowError, match="approved"):
        workflow.publish(draft, staff_user)
    workflow.approve(draft, staff_user)
    draft = workflow.publish(draft, staff_user)
    tee.refresh_from_db()
    assert tee.description == draft.text and draft.replaced_text == "Written by the owner."
    assert draft.published_by == staff_user and draft.approved_by == staff_user

    # A second version replaces the first; restoring the second brings the first back.
    [second] = workflow.generate_drafts([adapter.product_data(tee)], ["description"], tone="playful", seed=9)
    workflow.approve(second)
    workflow.publish(second)
    draft.refresh_from_db()
    assert draft.status == "retired"
    back = workflow.restore(second)
    tee.refresh_from_db()
    assert back.pk == draft.pk and back.status == "published" and tee.description == draft.text

    # Restoring the first brings back the owner's own text.
    workflow.restore(back)
    tee.refresh_from_db()
    assert tee.description == "Written by the owner."
    assert not CopyDraft.objects.filter(status="published").exists()
    # An earlier version can be put back again.
    workflow.restore(second)
    tee.refresh_from_db()
    assert tee.description == second.text


def test_rejected_copy_is_kept_and_cannot_be_published(catalog, adapter):
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["seo_title"])
    workflow.reject(draft)
    draft.refresh_from_db()
    assert draft.status == "rejected" and CopyDraft.objects.filter(pk=draft.pk).exists()
    for step in (workflow.approve, workflow.publish, workflow.restore):
        with pytest.raises(CopyWorkflowError):
            step(draft)


def test_edit_checks_the_text_again_and_needs_new_approval(catalog, adapter):
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["description"])
    workflow.approve(draft)
    draft = workflow.edit(draft, "Nordwind Organic Tee in bright red silk, sizes XS to XXL, a truly great shirt.")
    assert draft.status == "draft" and not draft.grounded
    assert {f["claim"] for f in draft.grounding["failures"]} >= {"red", "silk", "XS", "XXL"}
    with pytest.raises(CopyWorkflowError, match="empty"):
        workflow.edit(draft, "   ")


def test_copy_in_another_language_is_served_by_the_app_not_written_to_the_shop(catalog, adapter):
    tee = catalog[0]
    [draft] = workflow.generate_drafts([adapter.product_data(tee)], ["description"], language="zh-hans")
    workflow.approve(draft)
    workflow.publish(draft)
    tee.refresh_from_db()
    assert tee.description == ""
    assert workflow.published_text(tee.pk, "description", "zh-hans") == draft.text


@override_settings(MARKETING_AI={**app_settings.user_settings, "TEXT_BACKENDS": BACKENDS})
def test_an_inventing_backend_is_retried_once_then_replaced_by_the_template(catalog, adapter):
    from tests.copy.inventive import InventiveBackend

    InventiveBackend.calls.clear()
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["description"], backend="inventive")
    assert InventiveBackend.calls == [1, 1]
    attempts = draft.grounding["attempts"]
    assert [a["backend"] for a in attempts] == ["inventive", "inventive", "template"]
    assert {f["claim"] for f in attempts[0]["failures"]} >= {"cashmere", "999 g", "XXXL"}
    assert draft.backend == "template" and draft.grounded and draft.grounding["fallback"]
    assert "cashmere" not in draft.text


@override_settings(MARKETING_AI={**app_settings.user_settings, "TEXT_BACKENDS": BACKENDS})
def test_a_failing_backend_falls_back_with_its_error_recorded(catalog, adapter):
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[2])], ["seo_title"], backend="broken")
    assert draft.backend == "template" and draft.grounded
    assert draft.grounding["attempts"][0]["failures"][0]["reason"] == "server on fire"


@pytest.mark.parametrize("options, message", [
    ({"kinds": ["poem"]}, "Unknown kind"), ({"language": "fr"}, "Unknown language"),
    ({"tone": "angry"}, "Unknown tone"), ({"backend": "nope"}, "Unknown backend"),
])
def test_bad_options_are_refused_clearly(catalog, adapter, options, message):
    args = {"kinds": ["description"], "language": "en", "tone": "friendly", "backend": None, **options}
    with pytest.raises(CopyWorkflowError, match=message):
        workflow.generate_drafts([adapter.product_data(catalog[0])], args.pop("kinds"), **args)
    assert not CopyDraft.objects.exists()


@override_settings(MARKETING_AI={"SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter",
                                 "PRODUCT_MODEL": "altshop.Article", "COPY_FIELD_MAP": {"description": "body"}})
def test_the_studio_works_through_a_differently_shaped_shop(db):
    from marketing_ai.shop import get_adapter

    stool = Article.objects.create(sku="OAK-1", label="Oak Stool", body="Solid.", cost_cents=8900,
                                   specs=[["material", "oak"], ["height", "45 cm"]])
    adapter = get_adapter()
    [draft] = workflow.generate_drafts([adapter.product_data(stool)], ["description"])
    assert draft.product_id == "OAK-1" and draft.grounded and "45 cm" in draft.text and "oak" in draft.text
    workflow.approve(draft)
    workflow.publish(draft)
    stool.refresh_from_db()
    assert stool.body == draft.text
    workflow.restore(draft)
    stool.refresh_from_db()
    assert stool.body == "Solid."


def test_a_kind_added_in_settings_can_be_generated(catalog, adapter):
    kinds = {**app_settings.raw("COPY_KINDS"), "banner_text": {"min": 20, "max": 120}}
    with override_settings(MARKETING_AI={**app_settings.user_settings, "COPY_KINDS": kinds}):
        [draft] = workflow.generate_drafts([adapter.product_data(catalog[0])], ["banner_text"])
    assert draft.kind == "banner_text" and draft.grounded and 20 <= len(draft.text) <= 120
    assert draft.prompt_version == "banner_text/en/default"
