"""The moderation queue and the shop's own review admin with the moderation mixin."""

import pytest
from django.urls import reverse

from demo_shop.models import Review
from marketing_ai.models import Job
from marketing_ai.moderation.models import ModerationDecision, ModerationOverride
from marketing_ai.moderation.admin import highlight
from marketing_ai.moderation.service import moderate_review, moderate_reviews
from tests.permissions import grant

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:marketing_ai_moderation_moderationdecision_changelist")
PAYLOAD = '<script>alert("x")</script> Cheap deals at http://evil.example/<b>now</b> click here!!!'


@pytest.fixture
def moderator(client, staff_user):
    grant(staff_user, "marketing_ai_moderation.view_moderationdecision", "marketing_ai_moderation.change_moderationdecision",
          "marketing_ai_moderation.moderate_review", "marketing_ai.run_job", "marketing_ai.view_job",
          "demo_shop.view_review", "demo_shop.change_review")
    client.force_login(staff_user)
    return client


@pytest.fixture
def decided(make_review):
    reviews = [make_review("Lovely mug, keeps my coffee warm.", 5), make_review(PAYLOAD, 5),
               make_review("Call me on +1 415 555 0199 about a swap.", 4)]
    return reviews, moderate_reviews(reviews)


def test_highlight_escapes_everything_and_marks_the_spans():
    text = '<b>x</b> http://a.example/<i> end'
    html = str(highlight(text, [{"message": 'link "here"', "spans": [[9, 29]]}]))
    assert html == ('&lt;b&gt;x&lt;/b&gt; <mark class="marketing-ai-flag" title="link &quot;here&quot;">'
                    'http://a.example/&lt;i&gt;</mark> end')


def test_queue_shows_counts_chart_and_escaped_highlighted_text(moderator, decided):
    page = moderator.get(QUEUE).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert '<mark class="marketing-ai-flag"' in page
    assert "publish: <strong>1</strong>" in page and "reject: <strong>1</strong>" in page
    assert "<svg" in page and "marketing-ai-bar-reject" in page


def test_queue_filters_by_decision_reason_and_product(moderator, decided, make_review, catalog):
    reviews, decisions = decided
    other = moderate_review(make_review("Buy cheap mugs at http://mugs.example today only!!!", 5, product=catalog[2]))
    page = moderator.get(QUEUE, {"decision__exact": "hold"}).content.decode()
    assert "555 0199" in page and "Lovely mug" not in page
    page = moderator.get(QUEUE, {"reason": "phone"}).content.decode()
    assert "555 0199" in page and "evil.example" not in page
    page = moderator.get(QUEUE, {"product": other.product_id}).content.decode()
    assert "mugs.example" in page and "evil.example" not in page
    assert "Harbour Stoneware Mug" in page  # the product filter names products through the adapter


def test_bulk_approve_and_reject_record_who_and_why(moderator, decided, staff_user):
    reviews, decisions = decided
    rejected = next(d for d in decisions if d.decision == "reject")
    response = moderator.post(QUEUE, {"action": "approve_selected", "_selected_action": [rejected.pk]})
    assert response.status_code == 302
    entry = ModerationOverride.objects.get(decision=rejected)
    assert entry.user == staff_user and entry.new == "publish" and "queue" in entry.reason
    assert Review.objects.get(pk=reviews[1].pk).is_public
    published = next(d for d in decisions if d.decision == "publish")
    moderator.post(QUEUE, {"action": "reject_selected", "_selected_action": [published.pk]})
    assert not Review.objects.get(pk=reviews[0].pk).is_public and Review.objects.count() == 3


def test_decision_page_takes_a_decision_with_a_reason(moderator, decided, staff_user):
    reviews, decisions = decided
    held = next(d for d in decisions if d.decision == "hold")
    url = reverse("admin:marketing_ai_moderation_moderationdecision_change", args=[held.pk])
    page = moderator.get(url).content.decode()
    assert '<mark class="marketing-ai-flag"' in page and "Contains a phone number." in page
    response = moderator.post(url, {"new_decision": "publish", "why": "Customer asked us to", "overrides-TOTAL_FORMS": 0,
                                    "overrides-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    held.refresh_from_db()
    assert held.decision == "publish" and held.overrides.get().reason == "Customer asked us to"


def test_staff_without_the_moderation_permission_cannot_decide(client, staff_user, decided):
    grant(staff_user, "marketing_ai_moderation.view_moderationdecision")
    client.force_login(staff_user)
    reviews, decisions = decided
    assert client.get(QUEUE).status_code == 200
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [decisions[1].pk]})
    assert not ModerationOverride.objects.exists() and not Review.objects.get(pk=reviews[1].pk).is_public


def test_nothing_can_be_deleted_or_added_in_the_queue(moderator, decided):
    reviews, decisions = decided
    assert moderator.get(reverse("admin:marketing_ai_moderation_moderationdecision_delete", args=[decisions[0].pk])).status_code \
        == 403
    assert moderator.get(reverse("admin:marketing_ai_moderation_moderationdecision_add")).status_code == 403


def test_moderate_pending_button_starts_a_job(moderator, make_review):
    make_review("Lovely mug.", 5)
    response = moderator.post(reverse("admin:marketing_ai_moderation_moderationdecision_moderate_pending"))
    job = Job.objects.get(kind="moderate_reviews")
    assert response.status_code == 302 and job.status == "succeeded" and ModerationDecision.objects.count() == 1
    assert moderator.get(reverse("admin:marketing_ai_moderation_moderationdecision_moderate_pending")).status_code == 405


def test_shop_review_admin_gets_a_decision_column_and_moderate_selected(moderator, make_review):
    spam = make_review(PAYLOAD, 5)
    fine = make_review("Lovely mug, keeps my coffee warm.", 5)
    url = reverse("admin:demo_shop_review_changelist")
    page = moderator.get(url).content.decode()
    assert "not moderated" in page and 'value="moderate_selected"' in page
    moderator.post(url, {"action": "moderate_selected", "_selected_action": [spam.pk, fine.pk]})
    assert ModerationDecision.objects.get(review_id=str(spam.pk)).decision == "reject"
    assert not Review.objects.get(pk=spam.pk).is_public and Review.objects.get(pk=fine.pk).is_public
    page = moderator.get(url).content.decode()
    assert "marketing-ai-decision-reject" in page and "marketing-ai-decision-publish" in page


def test_moderate_selected_is_not_offered_without_the_permission(client, staff_user, make_review):
    grant(staff_user, "demo_shop.view_review", "demo_shop.change_review")
    client.force_login(staff_user)
    make_review("Lovely mug.", 5)
    page = client.get(reverse("admin:demo_shop_review_changelist")).content.decode()
    assert 'value="moderate_selected"' not in page and 'value="hide"' in page
