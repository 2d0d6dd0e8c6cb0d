"""A host with only marketing_ai + marketing_ai.recommend: none of the other capabilities' tables, jobs,
commands, routes or checks, and recommendations work end to end (tests/projects/recommend_only)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_recommendations_only_shop_gets_nothing_else_and_works(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.projects.recommend_only.settings",
           "RECOMMEND_ONLY_DB": str(tmp_path / "db.sqlite3"), "RECOMMEND_ONLY_MEDIA": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "tests.projects.recommend_only.scenario"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["checks"] == []
    assert not [t for t in report["tables"] if t.startswith(("marketing_ai_copywriting", "marketing_ai_moderation",
                                                             "marketing_ai_assistant"))]
    assert "marketing_ai_recommend_recommenderrun" in report["tables"] and "marketing_ai_job" in report["tables"]
    assert "train" in report["subcommands"] and "evaluate-recs" in report["subcommands"]
    assert not {"moderate", "generate-copy", "train-intents"} & set(report["subcommands"])
    assert "train_recommender" in report["job_kinds"] and "moderate_reviews" not in report["job_kinds"]
    assert report["pipelines"] == ["purchases", "recommendations"]
    assert any(r.startswith("^recommendations") for r in report["routes"])
    assert not any("moderation" in r or "copy-drafts" in r or "assistant" in r for r in report["routes"])
    assert report["train"].startswith("Run 1: succeeded")
    assert len(report["trending_titles"]) == 3 and all(t.startswith("Article ") for t in report["trending_titles"])
    assert all(title in report["trending_html"] for title in report["trending_titles"])
