"""The {% assistant_widget %} tag on the demo's pages (rendering; the browser test drives it)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory


@pytest.mark.django_db
def test_widget_renders_an_accessible_chat_box_with_the_product_context(client, catalog):
    page = client.get(catalog[0].get_absolute_url()).content.decode()
    assert 'class="mai-assistant"' in page
    assert f'data-product-id="{catalog[0].pk}"' in page
    assert 'data-endpoint="/api/marketing-ai/assistant/threads/"' in page
    assert 'role="log"' in page and 'aria-live="polite"' in page and 'aria-expanded="false"' in page
    assert 'for="mai-assistant-input"' in page
    assert "marketing_ai/assistant/assistant.js" in page and "data-mai-assistant-open" in page
    assert "csrftoken" in client.cookies


@pytest.mark.django_db
def test_widget_on_other_pages_has_no_product(client, catalog):
    page = client.get("/").content.decode()
    assert 'data-product-id=""' in page


@pytest.mark.django_db
def test_widget_tag_escapes_and_works_without_a_product(rf=RequestFactory()):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    html = Template("{% load marketing_ai_assistant %}{% assistant_widget %}").render(Context({"request": request}))
    assert 'maxlength="1000"' in html
