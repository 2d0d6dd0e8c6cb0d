"""{% product_copy %}: published text for the current language, escaped, falling back to the product's field."""

from django.template import Context, Template
from django.utils import translation

from marketing_ai.copywriting import workflow


def render(source, **context):
    return Template("{% load marketing_ai_copy %}" + source).render(Context(context))


def publish(adapter, product, kind, language="en"):
    [draft] = workflow.generate_drafts([adapter.product_data(product)], [kind], language=language)
    workflow.approve(draft)
    return workflow.publish(draft)


def test_falls_back_to_the_products_own_field_then_shows_published_copy(catalog, adapter):
    tee = catalog[0]
    tee.meta_description = "Owner's meta."
    tee.save()
    assert render('{% product_copy p "meta_description" %}', p=tee) == "Owner&#x27;s meta."
    assert render('{% product_copy p "seo_title" %}', p=tee) == "Nordwind Organic Tee"
    draft = publish(adapter, tee, "meta_description")
    tee.refresh_from_db()
    assert render('{% product_copy p "meta_description" as m %}[{{ m }}]', p=tee) == f"[{draft.text}]"


def test_other_languages_get_their_own_published_copy(catalog, adapter):
    tee = catalog[0]
    draft = publish(adapter, tee, "description", language="zh-hans")
    with translation.override("zh-hans"):
        assert render('{% product_copy p "description" %}', p=tee) == draft.text
    with translation.override("en"):
        assert render('{% product_copy p "description" %}', p=tee) == ""


def test_html_in_names_and_attributes_is_escaped_on_the_product_page(catalog, adapter, client):
    mug = catalog[2]
    mug.name = '<script>alert("x")</script> Mug'
    mug.attributes = {**mug.attributes, "colour": "<b>red</b>"}
    mug.save()
    for kind in ("description", "meta_description", "seo_title", "short_description"):
        draft = publish(adapter, mug, kind)
        assert "<script>" in draft.text or kind != "description"
    page = client.get(mug.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<b>red</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_demo_product_page_shows_published_copy_in_body_title_and_meta_tags(catalog, adapter, client):
    tee = catalog[0]
    tee.description = "Owner's words."
    tee.save()
    page = client.get(tee.get_absolute_url()).content.decode()
    assert "Owner&#x27;s words." in page and "<title>Nordwind Organic Tee ·" in page
    drafts = {kind: publish(adapter, tee, kind) for kind in ("description", "seo_title", "meta_description")}
    page = client.get(tee.get_absolute_url()).content.decode()
    from django.utils.html import escape

    assert f'<meta name="description" content="{escape(drafts["meta_description"].text)}">' in page
    assert f"<title>{escape(drafts['seo_title'].text)} ·" in page
    assert escape(drafts["description"].text) in page and "Owner&#x27;s words." not in page
