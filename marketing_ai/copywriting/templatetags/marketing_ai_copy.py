"""Published product copy in templates.

    {% load marketing_ai_copy %}
    {% product_copy product "meta_description" %}
    {% product_copy product "description" as description %}{{ description|linebreaks }}

The published text for the current language, falling back to the product's own field (through
the shop adapter); always plain text, escaped like any other variable.
"""

from django import template
from django.utils.translation import get_language

from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.shop import get_adapter

register = template.Library()

# What a kind falls back to when the shop has no field mapped for it.
FALLBACKS = {"description": "product_description", "seo_title": "product_title", "short_description": None}


def _own_text(adapter, product, kind):
    if adapter.copy_field(kind):
        text = adapter.read_product_text(product, kind)
        if text:
            return text
    reader = FALLBACKS.get(kind)
    return getattr(adapter, reader)(product) if reader else ""


@register.simple_tag
def product_copy(product, kind, language=None):
    """The published ``kind`` of copy for ``product`` in ``language`` (default: the current one)."""
    if product is None:
        return ""
    adapter = get_adapter()
    language = (language or get_language() or "").lower()
    text = (CopyDraft.objects.filter(product_id=adapter.product_id(product), kind=kind, language=language,
                                     status=CopyDraft.Status.PUBLISHED)
            .order_by("-published_at", "-pk").values_list("text", flat=True).first())
    # Plain str, never SafeString: the template engine escapes it.
    return str(text) if text else str(_own_text(adapter, product, kind) or "")
