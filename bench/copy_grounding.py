"""Grounding pass rate of each text backend on the seeded demo catalogue.

    python bench/copy_grounding.py [--backends template,transformers] [--sample 16] [--kinds ...]

The template backend runs on every product, every kind, in English and Chinese. Model backends
run on the first ``--sample`` products (they are slow on CPU). "first pass" is the backend's own
answers; "final" is what would be saved after one retry and the template fallback. The mail-merge
baseline (one fixed sentence filled with the facts) is checked the same way in the same run.
"""

import argparse
import json

from copy_setup import demo_facts, setup_demo


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--backends", default="template")
    parser.add_argument("--sample", type=int, default=16, help="products for model backends")
    parser.add_argument("--kinds", default="", help="kinds for model backends (default: description,seo_title)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_demo(args.products)
    from marketing_ai.conf import app_settings
    from marketing_ai.copywriting.evaluation import evaluate
    from marketing_ai.copywriting.workflow import make_checker

    facts_list = demo_facts()
    checker = make_checker(facts_list)
    merged = [f"{f['title']} is a {f['category']} made of {f['attributes'].get('material', '')}. Order yours today."
              for f in facts_list]
    baseline = sum(checker.check(text, f, "description").passed for text, f in zip(merged, facts_list)) / len(merged)
    print(f"baseline mail merge (description): pass rate {baseline:.4f} on {len(merged)} products")
    results = {"baseline_mail_merge": baseline}
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if name == "template":
            sample, kinds = facts_list, list(app_settings.COPY_KINDS)
        else:
            sample = facts_list[: args.sample]
            kinds = [k for k in (args.kinds or "description,seo_title").split(",") if k]
        for language in ("en", "zh-hans") if name == "template" else ("en",):
            report = evaluate(sample, kinds, language, "friendly", backend=name)
            results[f"{name}/{language}"] = report
            print(f"{name:12} {language:8} products {report['products']:4} drafts {report['drafts']:5}  "
                  f"first pass {report['grounding_pass_rate']:.4f}  length {report['length_compliance']:.4f}  "
                  f"final {report['final_pass_rate']:.4f}  fallback {report['fallback_rate']:.4f}  "
                  f"dup sentences {report['duplicate_sentence_share']:.4f}  distinct-2 {report['distinct_2']:.4f}  "
                  f"{report['drafts_per_second']} drafts/s")
            if report["products"] and baseline:
                print(f"{'':12} {'':8} ratio of first-pass rate to baseline {report['grounding_pass_rate'] / baseline:.2f}")
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
