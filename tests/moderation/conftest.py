"""Fixtures of the moderation tests: seeded reviews, a pipeline without a classifier, sync moderation."""

import pytest
from django.test import override_settings

from demo_shop.models import Review


@pytest.fixture
def moderation_settings(settings):
    """Change MARKETING_AI keys for one test: ``moderation_settings(MODERATION_SYNC=True)``."""
    overrides = []

    def apply(**values):
        override = override_settings(MARKETING_AI={**settings.MARKETING_AI, **values})
        override.enable()
        overrides.append(override)

    yield apply
    for override in reversed(overrides):
        override.disable()


@pytest.fixture
def sync_moderation(moderation_settings):
    moderation_settings(MODERATION_SYNC=True)


@pytest.fixture
def seeded(db):
    """The demo's own seed (same size as ``manage.py demo``); returns its SeedReport. bulk_create skips the hook."""
    from demo_shop.seed import seed_shop

    return seed_shop(seed=42)


@pytest.fixture
def make_review(catalog, customers):
    """A saved demo review (fires the save hook)."""

    def make(body, rating=4, title="", product=None, author=None):
        return Review.objects.create(product=product or catalog[0], author=author or customers[0], rating=rating,
                                     title=title, body=body)

    return make
