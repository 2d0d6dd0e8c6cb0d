"""Product feed export (CSV and Google-Merchant-style RSS XML) using the published copy.

The same approved text the storefront shows goes to other channels: each product's published
description (for the feed's language) when there is one, else the shop's own description.
"""

import csv
import io
import re
from xml.sax.saxutils import escape

from marketing_ai.conf import app_settings
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.shop import get_adapter

FIELDS = ["id", "title", "description", "link", "image_link", "price", "availability", "brand", "product_type"]
# Characters XML 1.0 does not allow, even escaped.
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _published(language):
    """{(product_id, kind): text} of everything published in ``language``."""
    rows = (CopyDraft.objects.filter(status=CopyDraft.Status.PUBLISHED, language=language)
            .order_by("published_at", "pk").values_list("product_id", "kind", "text"))
    return {(product_id, kind): text for product_id, kind, text in rows}


def _absolute(url, base_url):
    if not url or url.startswith(("http://", "https://")) or not base_url:
        return url or ""
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def feed_rows(language="en", base_url=None):
    """One dict per product with the ``FIELDS`` of the feed."""
    base_url = base_url or app_settings.COPY_FEED_BASE_URL
    currency = app_settings.COPY_FEED_CURRENCY
    published = _published(language)
    for product in get_adapter().iter_products():
        brand = product.attributes.get("brand", "")
        yield {
            "id": product.id,
            "title": published.get((product.id, "seo_title")) or product.title,
            "description": published.get((product.id, "description")) or product.description,
            "link": _absolute(product.url, base_url),
            "image_link": _absolute(product.image_url, base_url),
            "price": f"{product.price:.2f} {currency}" if product.price is not None else "",
            "availability": "in_stock" if product.available else "out_of_stock",
            "brand": str(brand) if brand else "",
            "product_type": product.category or "",
        }


def feed_csv(language="en", base_url=None):
    """The feed as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for row in feed_rows(language, base_url):
        # A leading = + - @ would run as a formula in a spreadsheet.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()


def _xml(value):
    return escape(XML_INVALID_RE.sub("", str(value)))


def feed_xml(language="en", base_url=None, title="Product feed"):
    """The feed as RSS 2.0 with the ``g:`` namespace of Google Merchant Center."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>',
             f"<title>{_xml(title)}</title>", f"<link>{_xml(base_url or app_settings.COPY_FEED_BASE_URL or '')}</link>"]
    for row in feed_rows(language, base_url):
        parts.append("<item>")
        parts.extend(f"<g:{name}>{_xml(row[name])}</g:{name}>" for name in FIELDS if row[name] != "")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)
