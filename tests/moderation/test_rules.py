"""Each check on its own: scores, reasons and the exact offending spans."""

from datetime import datetime, timedelta, timezone

import pytest

from marketing_ai.moderation.rules import (
    BurstCheck, DuplicateCheck, OffTopicCheck, PersonalDataCheck, ProfanityCheck, RatingMismatchCheck, ReviewText,
    SpamCheck,
)
from marketing_ai.moderation.text import mask_spans, normalise_text
from marketing_ai.payment_cards import luhn_valid
from marketing_ai.shop import ProductData


def spans_text(review, result, code):
    return [review.text[s:e] for reason in result.reasons if reason.code == code for s, e in reason.spans]


def codes(result):
    return {reason.code for reason in result.reasons}


def test_card_numbers_are_luhn_checked():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    good = ReviewText("my card 4111 1111 1111 1111 was charged twice")
    bad = ReviewText("order ref 4111 1111 1111 1112 arrived")
    assert spans_text(good, PersonalDataCheck().check(good), "card_number") == ["4111 1111 1111 1111"]
    assert "card_number" not in codes(PersonalDataCheck().check(bad))


@pytest.mark.parametrize("text, expected", [
    ("call me on +1 415 555 0199 please", "+1 415 555 0199"),
    ("Phone (415) 555-0134.", "(415) 555-0134"),
    ("Text me at +44 20 7946 0958 if you want", "+44 20 7946 0958"),
])
def test_phone_numbers_are_found_with_their_spans(text, expected):
    review = ReviewText(text)
    assert spans_text(review, PersonalDataCheck().check(review), "phone") == [expected]


@pytest.mark.parametrize("text", [
    "Not worth €24.99 in my opinion.", "It measures 40 x 30 x 15 cm and weighs 850 g.", "Bought in 2024, size 42.",
    "My 15 inch laptop fits easily.",
])
def test_prices_sizes_and_years_are_not_personal_data(text):
    assert PersonalDataCheck().check(ReviewText(text)).score == 0


def test_email_and_street_address():
    review = ReviewText("I live at 42 Elm Street, Springfield 62704. Email anna.berg@example.com for photos.")
    result = PersonalDataCheck().check(review)
    assert spans_text(review, result, "email") == ["anna.berg@example.com"]
    assert spans_text(review, result, "address") == ["42 Elm Street, Springfield 62704"]
    assert "link" not in codes(SpamCheck().check(review))  # an e-mail domain is not a link


def test_personal_data_is_held_never_rejected_on_its_own():
    review = ReviewText("card 4111 1111 1111 1111, call +1 415 555 0199 or mail a@example.com, 42 Elm Street")
    assert PersonalDataCheck().check(review).score == 0.8


def test_spam_links_promotion_and_shouting():
    review = ReviewText("BEST PRICES ON BRAND TENTS!!! VISIT WWW.MEGA-DEALS-4U.EXAMPLE NOW!!!")
    result = SpamCheck().check(review)
    assert {"link", "promotion", "all_caps"} <= codes(result)
    assert spans_text(review, result, "link") == ["WWW.MEGA-DEALS-4U.EXAMPLE"]
    assert result.score > 0.9


def test_look_alike_letters_from_another_alphabet_are_spam_signals():
    review = ReviewText("Get your frее gift now")  # the two e's of "free" are Cyrillic
    assert spans_text(review, SpamCheck().check(review), "mixed_scripts") == ["frее"]
    assert SpamCheck().check(ReviewText("Ein schönes Hemd, Größe M")).score == 0


def test_keyboard_mashing_is_gibberish_but_one_odd_brand_name_is_not():
    assert "gibberish" in codes(SpamCheck().check(ReviewText("asdfghjk qwrtzp xcvbnm great")))
    assert SpamCheck().check(ReviewText("Lovely Fjellby jacket, keeps me dry.")).score == 0


def test_profanity_model_finds_the_offending_words():
    review = ReviewText("Absolute crap. Fell apart within a week, what a damn waste of money.")
    result = ProfanityCheck().check(review)
    assert "profanity" in codes(result)
    assert "crap" in [w.lower() for w in spans_text(review, result, "profanity")]
    # Mild swearing alone is held for a person, not rejected.
    assert 0.5 <= result.score <= 0.8


def test_block_list_and_allow_list_are_configurable():
    check = ProfanityCheck(block_list=["rubbish"], allow_list=["damn"], model=False)
    review = ReviewText("Rubbish zip, damn it")
    result = check.check(review)
    assert spans_text(review, result, "blocked_word") == ["Rubbish"] and result.score == 1.0
    assert ProfanityCheck(block_list=["damn"], allow_list=["damn"], model=False).check(review).score == 0


def test_allow_listed_words_are_hidden_from_the_model():
    review = ReviewText("damn good damn comfortable")
    assert ProfanityCheck().check(review).score > 0.5
    assert ProfanityCheck(allow_list=["damn"]).check(review).score < 0.5


def test_near_duplicates_are_found_within_a_batch_and_against_history():
    text = "Buy cheap tents at our outlet, the best deals on every brand you can think of"
    reviews = [ReviewText(text, review_id="1"), ReviewText(text.replace("every", "each"), review_id="2"),
               ReviewText("The zip broke on day two and the seams leak in light rain", review_id="3")]
    results = DuplicateCheck(threshold=0.6).check_many(reviews)
    assert [r.score > 0 for r in results] == [False, True, False]

    class History:
        def recent_texts(self):
            return [("99", text)]

    first = DuplicateCheck(threshold=0.6).check_many(reviews[:1], history=History())[0]
    assert "99" in first.reasons[0].message


def test_short_identical_reviews_are_not_duplicates():
    reviews = [ReviewText("Love it", review_id=str(i)) for i in range(3)]
    assert all(r.score == 0 for r in DuplicateCheck().check_many(reviews))


def test_burst_of_reviews_from_one_account():
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    reviews = [ReviewText(f"review {i}", author_id="7", created=start + timedelta(minutes=i), review_id=str(i))
               for i in range(5)]
    reviews.append(ReviewText("calm", author_id="8", created=start, review_id="x"))
    results = BurstCheck(window_minutes=10, max_reviews=3).check_many(reviews)
    assert all("burst_author" in codes(r) for r in results[:5]) and results[5].score == 0


def test_off_topic_review_only_about_the_delivery():
    product = ProductData(id="1", title="Harbour Stoneware Mug", attributes={"material": "stoneware"})
    off = ReviewText("The courier was late, the parcel sat in the warehouse for weeks and nobody replied to my emails.",
                     product=product)
    on = ReviewText("The stoneware feels solid but the courier was late with the parcel.", product=product)
    results = OffTopicCheck().check_many([off, on])
    assert "off_topic" in codes(results[0]) and results[1].score == 0


def test_rating_mismatch_is_recorded_but_not_decisive():
    check = RatingMismatchCheck()
    assert not check.decisive
    assert "rating_mismatch" in codes(check.check(ReviewText("Terrible, broke after a day, awful and useless.",
                                                             rating=5)))
    assert check.check(ReviewText("Terrible, broke after a day.", rating=1)).score == 0


def test_masking_keeps_length_and_spaces():
    assert mask_spans("call +1 415 555 0199 now", [(5, 20)]) == "call ** *** *** **** now"


def test_normalised_text_drops_control_and_invisible_characters_and_caps_length():
    text, truncated = normalise_text("Ti\x00tle", "f\u200buck\u202e this\x07", max_chars=100)
    assert text == "Title\nfuck this" and not truncated
    text, truncated = normalise_text("", "x" * 50, max_chars=10)
    assert text == "x" * 10 and truncated
