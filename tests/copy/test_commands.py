"""generate-copy and evaluate-copy: the interface used on held-out catalogues."""

import json

import pytest
from django.core.management import CommandError, call_command

from marketing_ai.copywriting.models import CopyDraft

CSV = """sku,name,material,colour,sizes,features,category
A1,Harbour <b>Mug</b>,stoneware,rust,,dishwasher safe|microwave safe,Mugs
A2,Trail Tee,organic cotton,navy,S|M|L|XL,breathable|pre-shrunk,T-shirts
A3,Plain Thing,,,,,
A4,Kestrel Linen Shirt,linen,sand,M|L,,Shirts
"""


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("marketing_ai", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def catalogue_csv(tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(CSV, encoding="utf-8")
    return str(path)


def test_evaluate_copy_reports_every_measure_as_json(catalogue_csv, db):
    report = json.loads(run("evaluate-copy", "--csv", catalogue_csv, "--title-column", "name",
                            "--attribute-columns", "material,colour,sizes,features", "--category-column", "category",
                            "--id-column", "sku", "--json"))
    assert report["products"] == 4 and report["drafts"] == 4 * 7 and report["backend"] == "template"
    assert report["grounding_pass_rate"] == 1.0 and report["length_compliance"] == 1.0
    assert 0 <= report["duplicate_sentence_share"] < 0.5 and 0.3 < report["distinct_2"] <= 1
    assert report["drafts_per_second"] > 0
    assert set(report["per_kind"]) == {"description", "short_description", "seo_title", "meta_description",
                                       "ad_headlines", "social_post", "email_blurb"}
    assert not CopyDraft.objects.exists()


def test_evaluate_copy_in_chinese_with_chosen_kinds(catalogue_csv, db):
    report = json.loads(run("evaluate-copy", "--csv", catalogue_csv, "--title-column", "name", "--attribute-columns",
                            "material,colour,sizes,features", "--kinds", "description,seo_title", "--language",
                            "zh-hans", "--tone", "playful", "--json"))
    assert report["drafts"] == 8 and report["grounding_pass_rate"] == 1.0


@pytest.mark.parametrize("args, message", [
    (["--title-column", "title"], "no column title"),
    (["--title-column", "name", "--kinds", "poem"], "Unknown kind"),
    (["--title-column", "name", "--backend", "gpt-17"], "Unknown backend"),
])
def test_evaluate_copy_refuses_bad_input_clearly(catalogue_csv, db, args, message):
    with pytest.raises(CommandError, match=message):
        run("evaluate-copy", "--csv", catalogue_csv, *args)


def test_evaluate_copy_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="cannot open"):
        run("evaluate-copy", "--csv", str(tmp_path / "nope.csv"), "--title-column", "name")


def test_generate_copy_writes_drafts_only(catalog):
    out = run("generate-copy", "--products", f"{catalog[0].pk},{catalog[2].pk}", "--kinds",
              "description,seo_title", "--language", "en", "--tone", "friendly", "--no-progress")
    assert "Wrote 4 drafts for 2 products (4 grounded" in out
    assert set(CopyDraft.objects.values_list("status", "tone")) == {("draft", "friendly")}
    catalog[0].refresh_from_db()
    assert catalog[0].description == ""


def test_generate_copy_for_all_products_can_skip_those_with_copy(catalog):
    run("generate-copy", "--all", "--no-progress")
    assert CopyDraft.objects.count() == len(catalog)
    out = run("generate-copy", "--all", "--skip-existing", "--no-progress")
    assert "Wrote 0 drafts" in out and CopyDraft.objects.count() == len(catalog)


def test_generate_copy_refuses_unknown_products_and_options(catalog):
    with pytest.raises(CommandError, match="none of the products"):
        run("generate-copy", "--products", "99999", "--no-progress")
    with pytest.raises(CommandError, match="Unknown tone"):
        run("generate-copy", "--all", "--tone", "grumpy", "--no-progress")
    assert not CopyDraft.objects.exists()
