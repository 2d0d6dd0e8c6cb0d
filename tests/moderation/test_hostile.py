"""Hostile input: huge reviews, control characters, mixed scripts, HTML and script payloads."""

import pytest

from demo_shop.models import Review
from marketing_ai.moderation.service import moderate_review, moderate_text

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


def test_a_one_megabyte_review_is_held_and_nothing_is_lost(make_review):
    body = ("Lovely mug. " * (MEGABYTE // 12 + 1))[:MEGABYTE]
    review = make_review(body, 5)
    decision = moderate_review(review)
    review.refresh_from_db()
    assert decision.decision == "hold" and decision.truncated and "too_long" in decision.reason_list
    assert len(review.body) == MEGABYTE and review.body == body  # the shop's text is untouched
    assert len(decision.text) == 20000 and not review.is_public


def test_control_and_invisible_characters_cannot_hide_a_blocked_word(make_review):
    # (No NUL byte here: PostgreSQL cannot store one in the shop's own table; see the free-text test.)
    review = make_review("What a f\u200bu\u200cck\x01ing joke\x1b[31m, total \u202erubbish", 1)
    decision = moderate_review(review)
    assert decision.decision != "publish" and "blocked_word" in decision.reason_list
    assert "\x01" not in decision.text and "\u200b" not in decision.text
    review.refresh_from_db()
    assert "\x01" in review.body  # hidden, not rewritten


def test_mixed_scripts_and_emoji_do_not_crash_and_genuine_ones_publish(make_review):
    genuine = moderate_review(make_review("很好的杯子 — très belle tasse, отличная кружка 👍", 5))
    assert genuine.decision == "publish"
    homoglyph = moderate_review(make_review("Frее giftcаrd for every buyer, visit my site", 5))
    assert "mixed_scripts" in homoglyph.reason_list


def test_html_and_script_payloads_are_stored_as_text_and_checked(make_review):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)> Nice mug <a href="http://evil.example">deal</a>'
    review = make_review(payload, 5)
    decision = moderate_review(review)
    assert decision.decision != "publish" and "link" in decision.reason_list
    assert decision.text == payload and Review.objects.get(pk=review.pk).body == payload


def test_surrogates_and_empty_text_are_handled():
    assert moderate_text("").decision == "publish"
    result = moderate_text("broken \ud800 surrogate and text")
    assert "\ud800" not in result.text
    assert moderate_text("nul\x00byte f\x00uck").text == "nulbyte fuck"
