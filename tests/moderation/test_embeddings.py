"""With MODERATION_EMBEDDINGS on, off-topic and near-duplicate checks use MiniLM (slow: loads the model)."""

import pytest

from marketing_ai import embeddings
from marketing_ai.moderation.rules import DuplicateCheck, OffTopicCheck, ReviewText
from marketing_ai.shop import ProductData

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]

MUG = ProductData(id="1", title="Harbour Stoneware Mug", category="Mugs",
                  attributes={"material": "stoneware", "capacity": "350 ml"}, description="A hand-glazed mug.")


def test_semantic_off_topic_and_on_topic():
    check = OffTopicCheck(embeddings=True)
    off = ReviewText("The courier left the parcel in the rain and customer service never answered my emails.",
                     product=MUG)
    on = ReviewText("Beautiful glaze, my tea stays hot and it feels lovely in the hand.", product=MUG)
    results = check.check_many([off, on])
    assert results[0].reasons[0].code == "off_topic" and results[1].score == 0


def test_paraphrased_duplicate_is_found_by_embeddings():
    check = DuplicateCheck(embeddings=True, threshold=0.9)
    reviews = [ReviewText("Buy cheap mugs at our outlet store today, best prices guaranteed for everyone", review_id="1"),
               ReviewText("Buy cheap mugs at our outlet shop today, best prices guaranteed for everybody",
                          review_id="2"),
               ReviewText("The handle cracked in the dishwasher although it says dishwasher safe", review_id="3")]
    results = check.check_many(reviews)
    assert [r.score > 0 for r in results] == [False, True, False]
