"""System checks for the moderation settings (ids E301-E304, W301-W302, E005)."""

import pytest
from django.conf import settings
from django.test import override_settings

from marketing_ai.moderation.checks import check_moderation_settings
from marketing_ai.moderation.rules import ReviewCheck


class NeedsAMissingPackage(ReviewCheck):
    required_packages = ("surely_not_installed_package_xyz",)

    def check(self, review):
        raise AssertionError("never run")


def ids(**values):
    with override_settings(MARKETING_AI={**settings.MARKETING_AI, **values}):
        return [error.id for error in check_moderation_settings()]


def test_default_settings_pass():
    assert ids() == []


@pytest.mark.parametrize("value", [
    {"spam": {"class": "marketing_ai.moderation.rules.NoSuchCheck"}},
    {"spam": {"class": "marketing_ai.shop.ShopAdapter"}},
    {"spam": {"weight": -1}},
    {"spam": {"weight": "high"}},
    {"spam": "on"},
    {"mine": {"enabled": True}},
    {"spam": {"options": ["a"]}},
])
def test_bad_check_entries_are_e301(value):
    assert ids(MODERATION_CHECKS=value) == ["marketing_ai.moderation.E301"]


def test_thresholds_mask_and_stars():
    assert ids(MODERATION_THRESHOLDS={"hold": 0.9, "reject": 0.5}) == ["marketing_ai.moderation.E302"]
    assert ids(MODERATION_THRESHOLDS={"hold": 0.5}) == ["marketing_ai.moderation.E302"]
    assert ids(MODERATION_MASK_AND_PUBLISH=["pii"]) == ["marketing_ai.moderation.E303"]
    assert ids(MODERATION_HOLD_BELOW_STARS="3") == ["marketing_ai.moderation.E304"]
    assert ids(MODERATION_HOLD_BELOW_STARS=3, MODERATION_MASK_AND_PUBLISH=["personal_data"]) == []


def test_missing_package_of_an_enabled_check_is_e005():
    value = {"mine": {"class": "tests.moderation.test_system_checks.NeedsAMissingPackage"}}
    assert ids(MODERATION_CHECKS=value) == ["marketing_ai.E005"]
    value["mine"]["enabled"] = False
    assert ids(MODERATION_CHECKS=value) == []


def test_hiding_needs_a_visible_field():
    fields = {**settings.MARKETING_AI.get("REVIEW_FIELDS", {}), "visible": None}
    assert ids(REVIEW_FIELDS=fields) == ["marketing_ai.moderation.W302"]
