"""Run a recommendations-only host end to end and print what it saw as JSON (tests.foundation.test_capability_subset).

Run with DJANGO_SETTINGS_MODULE=tests.projects.recommend_only.settings and RECOMMEND_ONLY_DB set.
"""

import io
import json
import random

import django


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core import checks
    from django.core.management import call_command
    from django.db import connection
    from django.template import Context, Template
    from django.urls import get_resolver

    from marketing_ai.capabilities import pipelines, registered_job_kinds
    from marketing_ai.interactions import record_event
    from marketing_ai.management.commands.marketing_ai import Command
    from tests.altshop.models import Article

    report = {}
    report["checks"] = [f"{m.id}: {m.msg}" for m in checks.run_checks() if m.level >= checks.WARNING]
    call_command("migrate", verbosity=0)
    report["tables"] = sorted(t for t in connection.introspection.table_names() if t.startswith("marketing_ai"))
    parser = Command().create_parser("manage.py", "marketing_ai")
    report["subcommands"] = sorted(parser._subparsers._group_actions[0].choices)
    report["job_kinds"] = sorted(registered_job_kinds())
    report["pipelines"] = [p.name for p in pipelines()]
    report["routes"] = sorted(str(p.pattern) for p in get_resolver().url_patterns[1].url_patterns)

    rng = random.Random(1)
    articles = [Article.objects.create(sku=f"A-{i}", label=f"Article {i}", cost_cents=100 + i) for i in range(12)]
    users = [get_user_model().objects.create_user(f"shopper{i}") for i in range(30)]
    for user in users:
        for article in rng.sample(articles[:6] if user.pk % 2 else articles[6:], 4):
            record_event(user=user, product_id=article.sku, event_type="view")
    out = io.StringIO()
    call_command("marketing_ai", "train", stdout=out, stderr=io.StringIO())
    report["train"] = out.getvalue().strip()
    template = Template("{% load marketing_ai_recommend %}{% trending limit=3 as items %}"
                        "{% for item in items %}{{ item.title }}|{% endfor %}")
    report["trending_titles"] = template.render(Context({})).strip("|").split("|")
    report["trending_html"] = Template("{% load marketing_ai_recommend %}{% trending limit=3 %}").render(Context({}))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
