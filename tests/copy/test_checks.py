"""System checks of the copy settings: stable ids and hints."""

from django.core import checks
from django.test import override_settings

from demo_shop.settings import MARKETING_AI

DEFAULT_BACKENDS = {"template": "marketing_ai.textgen.template.TemplateBackend"}


def ids(**settings):
    with override_settings(MARKETING_AI={**MARKETING_AI, **settings}):
        return {e.id for e in checks.run_checks() if e.id.startswith("marketing_ai.")}


def test_defaults_pass():
    assert ids() == set()


def test_unknown_default_backend_and_unimportable_paths():
    assert "marketing_ai.E009" in ids(TEXT_BACKEND="gpt")
    assert "marketing_ai.E010" in ids(TEXT_BACKENDS={**DEFAULT_BACKENDS, "x": "nowhere.Backend"})


def test_missing_package_of_the_chosen_backend_is_e005():
    backends = {**DEFAULT_BACKENDS, "needy": "tests.copy.inventive.NeedyBackend"}
    assert "marketing_ai.E005" in ids(TEXT_BACKENDS=backends, TEXT_BACKEND="needy")
    assert "marketing_ai.E005" not in ids(TEXT_BACKENDS=backends)


def test_openai_without_url_warns():
    assert "marketing_ai.W005" in ids(TEXT_BACKEND="openai")
    assert "marketing_ai.W005" not in ids(TEXT_BACKEND="openai", OPENAI_BASE_URL="http://127.0.0.1:8000/v1")


def test_bad_kinds_and_languages():
    assert "marketing_ai.copywriting.E203" in ids(COPY_KINDS={"seo_title": {"min": 70, "max": 60}})
    assert "marketing_ai.copywriting.E203" in ids(COPY_KINDS={"seo_title": {"max": "sixty"}})
    assert "marketing_ai.copywriting.E204" in ids(COPY_LANGUAGES="en")
