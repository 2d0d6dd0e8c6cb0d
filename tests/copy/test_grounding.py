"""The grounding check names every claim the product's data does not support."""

from marketing_ai.copywriting.grounding import GroundingChecker

MUG = {"id": "1", "title": "Harbour Stoneware Mug", "category": "Mugs",
       "attributes": {"brand": "Oakhaven", "material": "stoneware", "colour": "rust", "capacity": "350 ml",
                      "features": ["dishwasher safe"]}}
TEE = {"id": "2", "title": "Bramble Tee", "category": "T-shirts",
       "attributes": {"brand": "Bramble", "material": "organic cotton", "colour": "navy", "sizes": ["S", "M", "L"]}}
LIMITS = {"seo_title": {"max": 60}, "meta_description": {"min": 120, "max": 160}, "ad_headlines": {"line_max": 30}}


def checker():
    return GroundingChecker.for_products([MUG, TEE], forbidden_words=["miracle"], limits=LIMITS)


def claims(report):
    return {(failure["type"], failure["claim"].lower()) for failure in report.failures}


def test_true_statements_pass():
    report = checker().check("The Harbour Stoneware Mug by Oakhaven holds 350 ml, comes in rust and is "
                             "dishwasher safe.", MUG)
    assert report.passed, report.failures
    assert report.claims >= 4


def test_each_invented_claim_is_named():
    text = "A 400 ml porcelain mug in navy by Bramble, microwave safe, size XL, holds 350 g. A miracle!"
    found = claims(checker().check(text, MUG))
    assert {("number", "400 ml"), ("material", "porcelain"), ("colour", "navy"), ("brand", "bramble"),
            ("feature", "microwave safe"), ("size", "XL".lower()), ("unit", "350 g"),
            ("forbidden", "miracle")} <= found


def test_sizes_outside_the_range_fail_but_litres_are_not_sizes():
    assert checker().check("Available in S, M and L.", TEE).passed
    assert ("size", "xxl") in claims(checker().check("Also in XXL.", TEE))
    assert ("number", "30 l") in claims(checker().check("Fits 30 L of tea.", MUG))


def test_length_limits_per_kind_and_per_line():
    assert ("length", "61") in claims(checker().check("x" * 61, MUG, "seo_title"))
    report = checker().check("Stoneware mug.", MUG, "meta_description")
    assert any(f["type"] == "length" for f in report.failures)
    headlines = "Harbour Stoneware Mug\nThis headline is certainly far too long to show"
    assert not checker().check(headlines, MUG, "ad_headlines").passed


def test_chinese_terms_are_checked_against_the_english_facts():
    assert checker().check("Harbour Stoneware Mug，炻器材质，铁锈红款，容量 350 ml。", MUG).passed
    found = claims(checker().check("Harbour Stoneware Mug，瓷质，藏青色，尺码XL。", MUG))
    assert {("term", "瓷"), ("term", "藏青色"), ("size", "xl")} <= found
