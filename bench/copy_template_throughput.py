"""Template backend throughput in process: drafts per second, against a plain f-string baseline.

    python bench/copy_template_throughput.py [--products 300] [--rounds 3]

Baseline: mail merge, one fixed description template filled with each product's facts (the
cheapest way to get a description, and the "same sentence, other name" copy the composer
exists to avoid). Measured: the
composer alone, and the whole ``write_copy`` path (prompt building, composer, grounding check)
for all seven kinds in English and Chinese. Target: >= 2,000 drafts/s for the whole path.
"""

import argparse
import time

from copy_setup import demo_facts, setup_demo


def rate(function, count, rounds):
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return count / best


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_demo(args.products)
    from marketing_ai.conf import app_settings
    from marketing_ai.copywriting.composer import compose
    from marketing_ai.copywriting.workflow import make_checker, write_copy

    facts_list = demo_facts()
    kinds = list(app_settings.COPY_KINDS)
    limits = app_settings.COPY_KINDS
    count = len(facts_list) * len(kinds) * 2

    merge = ("{title} is a {category} made of {material} in {colour}. Features: {features}. "
             "Order yours today.")

    def baseline():
        for _ in range(len(kinds) * 2):
            for facts in facts_list:
                attributes = facts["attributes"]
                merge.format(title=facts["title"], category=facts["category"],
                             material=attributes.get("material", ""), colour=attributes.get("colour", ""),
                             features=", ".join(attributes.get("features", [])))

    def composer_only():
        for language in ("en", "zh-hans"):
            for facts in facts_list:
                for kind in kinds:
                    compose(facts, kind, "friendly", language, seed=1, limits=limits[kind])

    checker = make_checker(facts_list)

    def whole_path():
        for language in ("en", "zh-hans"):
            written = write_copy(facts_list, kinds, language, "friendly", backend="template", checker=checker, seed=1)
            assert all(item.passed for item in written)

    base = rate(baseline, count, args.rounds)
    composed = rate(composer_only, count, args.rounds)
    whole = rate(whole_path, count, args.rounds)
    print(f"products {len(facts_list)}, drafts per round {count} (7 kinds x en, zh-hans)")
    print(f"baseline mail merge      {base:12,.0f} drafts/s")
    print(f"composer only            {composed:12,.0f} drafts/s  ratio to baseline {composed / base:.3f}")
    print(f"write_copy with grounding{whole:12,.0f} drafts/s  ratio to baseline {whole / base:.3f}")
    print(f"target 2,000 drafts/s: {'met' if whole >= 2000 else 'NOT met'} ({whole / 2000:.2f}x)")


if __name__ == "__main__":
    main()
