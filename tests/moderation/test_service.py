"""Moderating the shop's reviews: decisions with reasons, hidden never deleted, people have the last word."""

import pytest

from demo_shop.models import Review
from demo_shop.seed import NEGATIVE_TITLES
from marketing_ai.moderation.models import ModerationDecision, ModerationOverride
from marketing_ai.moderation.service import moderate_review, moderate_reviews, override

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [42, 7])
def test_genuine_negative_reviews_from_the_demo_seed_are_published(db, seed):
    from demo_shop.seed import seed_shop

    report = seed_shop(seed=seed)
    negatives = list(Review.objects.filter(title__in=NEGATIVE_TITLES, rating__lte=2))
    assert len(negatives) == report.review_kinds["negative"] and len(negatives) >= 30
    decisions = moderate_reviews(Review.objects.order_by("pk"))
    by_review = {d.review_id: d for d in decisions}
    held = [(r.body, by_review[str(r.pk)].reasons) for r in negatives if by_review[str(r.pk)].decision != "publish"]
    assert held == []
    assert Review.objects.filter(pk__in=[r.pk for r in negatives], is_public=True).count() == len(negatives)


def test_seeded_spam_profanity_and_personal_data_are_kept_off_the_page(seeded):
    total = Review.objects.count()
    moderate_reviews(Review.objects.all())
    decisions = {d.review_id: d for d in ModerationDecision.objects.all()}
    assert len(decisions) == total
    spam = [r for r in Review.objects.all() if "http" in r.body.lower() or "www." in r.body.lower()]
    assert len(spam) >= seeded.review_kinds["spam"] - 1
    assert all(decisions[str(r.pk)].decision != "publish" for r in spam)
    card = [r for r in Review.objects.all() if "4111 1111 1111 1111" in r.body]
    phone = [r for r in Review.objects.all() if "+1 415 555 0199" in r.body]
    for review in card + phone:
        decision = decisions[str(review.pk)]
        assert decision.decision == "hold", (review.body, decision.reasons)
        assert {"card_number", "phone"} & set(decision.reason_list)
    # Every genuine review (praise, criticism, neutral) is published and every problem review is not.
    genuine = sum(seeded.review_kinds[kind] for kind in ("positive", "negative", "neutral"))
    assert sum(1 for d in decisions.values() if d.decision == "publish") == genuine
    # Hidden, never deleted.
    assert Review.objects.count() == total
    assert Review.objects.filter(is_public=False).count() == sum(1 for d in decisions.values() if d.decision != "publish")


def test_decision_stores_scores_reasons_spans_and_pipeline_version(make_review):
    review = make_review("Great mug! Buy cheap mugs at http://cheap-mugs.example/deals - 90% OFF today only!!!", 5)
    decision = moderate_review(review)
    assert decision.decision == "reject" and decision.automatic_decision == "reject"
    assert decision.scores["spam"] > 0.9 and decision.pipeline_version.startswith("1-")
    link = next(r for r in decision.reasons if r["code"] == "link")
    start, end = link["spans"][0]
    assert decision.text[start:end] == "http://cheap-mugs.example/deals"
    assert " link " in decision.reason_codes and decision.product_id == str(review.product_id)


def test_rejected_review_is_hidden_not_deleted_and_can_be_restored(make_review, staff_user):
    review = make_review("FREE GIFT CARD FOR EVERY REVIEWER!!! CLICK HERE http://free-gift.example/claim", 5)
    decision = moderate_review(review)
    review.refresh_from_db()
    assert decision.decision == "reject" and review.is_public is False
    override(decision, "publish", user=staff_user, reason="It's our own promotion")
    review.refresh_from_db()
    assert review.is_public is True
    entry = ModerationOverride.objects.get(decision=decision)
    assert (entry.previous, entry.new, entry.user, entry.reason) == ("reject", "publish", staff_user,
                                                                       "It's our own promotion")
    assert entry.created_at is not None


def test_a_persons_decision_stands_until_the_text_changes(make_review, staff_user):
    review = make_review("Buy cheap followers and likes at http://growfast.example - first 1000 free!!!", 5)
    decision = override(moderate_review(review), "publish", user=staff_user, reason="test")
    again = moderate_review(review, force=True)
    assert again.decision == "publish" and again.automatic_decision == "reject" and again.decided_by_human
    review.body = "Visit http://growfast.example/new for cheap followers, limited offer!!!"
    review.save()
    edited = moderate_review(review)
    assert edited.decision == "reject" and not edited.decided_by_human
    assert edited.overrides.count() == 1  # the history is kept


def test_unchanged_review_is_not_moderated_twice(make_review):
    review = make_review("Lovely mug, keeps coffee warm.")
    first = moderate_review(review)
    second = moderate_review(review)
    assert first.pk == second.pk and first.updated_at == second.updated_at


def test_override_refuses_unknown_decisions(make_review):
    from marketing_ai.moderation.service import ModerationError

    decision = moderate_review(make_review("Fine."))
    with pytest.raises(ModerationError, match="publish, hold or reject"):
        override(decision, "delete")


def test_mask_and_publish_mode_keeps_the_original(make_review, moderation_settings, staff_user):
    moderation_settings(MODERATION_MASK_AND_PUBLISH=["personal_data"])
    review = make_review("Really nice mug! If anyone wants my spare one, call me on +1 415 555 0199.", 4)
    decision = moderate_review(review)
    review.refresh_from_db()
    assert decision.decision == "publish" and review.is_public
    assert review.body == "Really nice mug! If anyone wants my spare one, call me on ** *** *** ****."
    assert decision.original["text"].endswith("+1 415 555 0199.")
    # The shop now shows the masked text: that is not a new review to check.
    assert moderate_review(review).masked_hash == decision.masked_hash
    override(decision, "hold", user=staff_user, reason="check with customer", restore_text=True)
    review.refresh_from_db()
    assert review.body.endswith("+1 415 555 0199.") and not review.is_public


def test_hold_all_below_n_stars_mode(make_review, moderation_settings):
    moderation_settings(MODERATION_HOLD_BELOW_STARS=3)
    decision = moderate_review(make_review("The handle cracked in the dishwasher.", 2))
    assert decision.decision == "hold" and "low_rating" in decision.reason_list


def test_checks_can_be_switched_off_and_weighted(make_review, moderation_settings):
    text = "Nice. Get replicas for a fraction of the price at https://replica-store.example/mug"
    moderation_settings(MODERATION_CHECKS={"spam": {"enabled": False}})
    assert moderate_review(make_review(text)).decision == "publish"
    moderation_settings(MODERATION_CHECKS={"spam": {"weight": 0.2}})
    decision = moderate_review(make_review("Replicas of this mug much cheaper at https://replica-store.example"))
    assert decision.decision == "publish" and decision.scores["spam"] > 0.5 and decision.risk < 0.5


def test_free_text_through_a_differently_shaped_shop(db, settings):
    from django.test import override_settings

    from marketing_ai.moderation.service import moderate_text
    from tests.altshop.models import Article

    Article.objects.create(sku="OAK-1", label="Oak Stool", body="Solid oak.", cost_cents=8900)
    alt = {"SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter", "PRODUCT_MODEL": "altshop.Article"}
    with override_settings(MARKETING_AI=alt):
        result = moderate_text("The parcel was late, the courier lost it for weeks and support never replied to my "
                               "emails.", rating=1, product_id="OAK-1")
        assert result.decision == "hold" and "off_topic" in result.reason_codes
        assert moderate_text("Solid oak stool, sturdy and a nice height.", rating=5, product_id="OAK-1").decision \
            == "publish"


def test_a_changed_rating_is_checked_again(make_review, moderation_settings):
    moderation_settings(MODERATION_HOLD_BELOW_STARS=3)
    review = make_review("The handle cracked in the dishwasher.", 4)
    assert moderate_review(review).decision == "publish"
    review.rating = 1
    review.save()
    assert moderate_review(review).decision == "hold"


def test_duplicates_are_found_across_batches_of_one_run(make_review):
    text = "Buy cheap mugs at our outlet store today, best prices guaranteed for everyone who visits"
    reviews = [make_review(text, 5), make_review("Lovely mug.", 5), make_review(text, 5)]
    decisions = moderate_reviews(reviews, batch_size=1)
    assert "near_duplicate" in decisions[2].reason_list and "near_duplicate" not in decisions[0].reason_list
