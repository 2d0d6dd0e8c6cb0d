"""Every misconfiguration a developer can make gets a stable id and a hint."""

import pytest
from django.core import checks
from django.test import override_settings

from demo_shop.settings import MARKETING_AI, Q_CLUSTER


def ids(errors):
    return sorted({error.id for error in errors})


def run_checks():
    return [e for e in checks.run_checks() if e.id.startswith("marketing_ai.")]


def test_demo_configuration_has_no_problems():
    assert run_checks() == []


def test_settings_must_be_a_dict():
    with override_settings(MARKETING_AI=["PRODUCT_MODEL"]):
        assert "marketing_ai.E001" in ids(run_checks())


def test_unknown_key_warns_with_the_closest_name():
    with override_settings(MARKETING_AI={**MARKETING_AI, "PRODUCT_MODLE": "demo_shop.Product"}):
        warning = next(e for e in run_checks() if e.id == "marketing_ai.W001")
        assert "PRODUCT_MODEL" in warning.hint


@pytest.mark.parametrize("setting", ["PRODUCT_MODEL", "ORDER_MODEL", "REVIEW_MODEL"])
def test_unknown_model_label(setting):
    with override_settings(MARKETING_AI={**MARKETING_AI, setting: "demo_shop.Nope"}):
        errors = [e for e in run_checks() if e.id == "marketing_ai.E002"]
        assert errors and "app_label.ModelName" in errors[0].hint


def test_missing_product_model_setting():
    settings = {k: v for k, v in MARKETING_AI.items() if k != "PRODUCT_MODEL"}
    with override_settings(MARKETING_AI=settings):
        assert "marketing_ai.E002" in ids(run_checks())


def test_missing_field_suggests_the_closest_field():
    fields = {**MARKETING_AI["PRODUCT_FIELDS"], "title": "nmae"}
    with override_settings(MARKETING_AI={**MARKETING_AI, "PRODUCT_FIELDS": fields}):
        error = next(e for e in run_checks() if e.id == "marketing_ai.E003")
        assert "'name'" in error.hint


def test_missing_field_across_a_relation():
    fields = {**MARKETING_AI["PRODUCT_FIELDS"], "category": "category__label"}
    with override_settings(MARKETING_AI={**MARKETING_AI, "PRODUCT_FIELDS": fields}):
        assert "marketing_ai.E003" in ids(run_checks())


def test_copy_field_map_must_name_product_fields():
    with override_settings(MARKETING_AI={**MARKETING_AI, "COPY_FIELD_MAP": {"description": "blurb"}}):
        assert "marketing_ai.E003" in ids(run_checks())


def test_unimportable_adapter():
    with override_settings(MARKETING_AI={**MARKETING_AI, "SHOP_ADAPTER": "shop.adapters.Missing"}):
        assert "marketing_ai.E004" in ids(run_checks())


def test_chosen_backend_without_its_optional_package():
    with override_settings(MARKETING_AI={**MARKETING_AI, "SHOP_ADAPTER": "tests.foundation.needy.NeedyAdapter"}):
        error = next(e for e in run_checks() if e.id == "marketing_ai.E005")
        assert "marketing-ai[ml]" in error.hint


def test_missing_q_cluster(settings):
    del settings.Q_CLUSTER
    error = next(e for e in run_checks() if e.id == "marketing_ai.E006")
    assert '"orm": "default"' in error.hint


def test_q_cluster_without_a_broker():
    conf = {k: v for k, v in Q_CLUSTER.items() if k not in ("orm", "redis")}
    with override_settings(Q_CLUSTER=conf):
        assert "marketing_ai.E006" in ids(run_checks())


def test_orm_broker_must_name_a_database():
    with override_settings(Q_CLUSTER={**Q_CLUSTER, "orm": "reporting"}):
        error = next(e for e in run_checks() if e.id == "marketing_ai.E006")
        assert "DATABASES" in error.msg


def test_retry_must_exceed_timeout():
    with override_settings(Q_CLUSTER={**Q_CLUSTER, "timeout": 600, "retry": 60}):
        assert "marketing_ai.E006" in ids(run_checks())


def test_gpu_queue_without_a_cluster_for_it():
    with override_settings(MARKETING_AI={**MARKETING_AI, "GPU_QUEUE": "gpu"}, Q_CLUSTER=Q_CLUSTER):
        assert "marketing_ai.W004" in ids(run_checks())


@pytest.mark.parametrize("weights", [{}, {"view": -1, "purchase": 5}, {"view": 1, "purchase": "lots"}, {"view": 1}])
def test_bad_event_weights(weights):
    with override_settings(MARKETING_AI={**MARKETING_AI, "EVENT_WEIGHTS": weights}):
        assert "marketing_ai.E007" in ids(run_checks())


def test_token_auth_without_authtoken_app(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "rest_framework.authtoken"]
    assert "marketing_ai.W002" in ids(run_checks())


def test_required_apps(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django_q"]
    assert "marketing_ai.E008" in ids(run_checks())
