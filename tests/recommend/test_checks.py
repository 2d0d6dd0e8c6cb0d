"""System checks for the recommendation settings."""

import pytest

from marketing_ai.recommend.checks import check_recommend_settings


def ids(settings, **values):
    settings.MARKETING_AI = {**settings.MARKETING_AI, **values}
    return [error.id for error in check_recommend_settings()]


def test_default_settings_pass(settings):
    assert ids(settings) == []


@pytest.mark.parametrize("values, expected", [
    ({"RECOMMEND_ALGORITHMS": ["eas"]}, "marketing_ai.recommend.E101"),
    ({"RECOMMEND_ALGORITHMS": []}, "marketing_ai.recommend.E101"),
    ({"RECOMMEND_DEVICE": "gpu"}, "marketing_ai.recommend.E102"),
    ({"RECOMMEND_TEST_FRACTION": 1.0}, "marketing_ai.recommend.E103"),
    ({"RECOMMEND_TOP_N": 0}, "marketing_ai.recommend.E103"),
    ({"RECOMMEND_HALF_LIFE_DAYS": -3}, "marketing_ai.recommend.E103"),
    ({"RECOMMEND_TRAIN_CRON": "every night"}, "marketing_ai.recommend.E104"),
])
def test_bad_settings_get_their_stable_id(settings, values, expected):
    assert expected in ids(settings, **values)


def test_missing_optional_package_is_a_warning_not_an_error(settings, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    found = ids(settings, RECOMMEND_ALGORITHMS=["popularity", "ease"])
    assert found == ["marketing_ai.recommend.W101"]
