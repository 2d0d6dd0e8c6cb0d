"""Recommendation template tags. Each renders an overridable template, or stores the products with ``as``.

    {% load marketing_ai_recommend %}
    {% recommended_for limit=4 %}                    {# the signed-in customer, or this session's views #}
    {% similar_products product limit=4 %}
    {% bought_together product as together %}        {# a list of ProductData, nothing rendered #}
    {% trending limit=8 category="Mugs" %}

Templates, most specific first: ``marketing_ai/recommend/<tag>.html``, then
``marketing_ai/recommend/product_list.html``; override either in the shop's templates folder.
Results are cached per customer/session/product until the next training run or rule change.
"""

from django import template
from django.template.library import parse_bits
from django.core.cache import cache
from django.template.loader import select_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketing_ai.interactions import recent_views
from marketing_ai.conf import app_settings
from marketing_ai.recommend import serve
from marketing_ai.recommend.cache import cache_key
from marketing_ai.shop import get_adapter

register = template.Library()

TITLES = {
    "recommended_for": _("Recommended for you"),
    "similar_products": _("Similar products"),
    "bought_together": _("Frequently bought together"),
    "trending": _("Trending now"),
}


def _product_id(product):
    if product is None or isinstance(product, (str, int)):
        return product
    return get_adapter().product_id(product)


def _shopper(context):
    """(customer id, recent views) of the page's shopper: what makes "recommended for you" personal."""
    request = context.get("request")
    if request is None:
        return None, ()
    return get_adapter().customer_id(getattr(request, "user", None)), tuple(recent_views(request))


def _recommended_for(context, limit=10, category=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    return serve.recommended_for(user=user, session_product_ids=recent_views(request) if request else None,
                                 limit=limit, category=category)


def _similar(context, product, limit=10):
    product_id = _product_id(product)
    return serve.similar_products(product_id, limit=limit) if product_id is not None else []


def _together(context, product, limit=10):
    product_id = _product_id(product)
    return serve.bought_together(product_id, limit=limit) if product_id is not None else []


def _trending(context, limit=10, category=None):
    return serve.trending(limit=limit, category=category)


class RecommendationNode(template.Node):
    def __init__(self, name, compute, args, kwargs, target):
        self.name, self.compute, self.args, self.kwargs, self.target = name, compute, args, kwargs, target

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        if self.target:
            context[self.target] = self.compute(context, *args, **kwargs)
            return ""
        # The rendered HTML is cached like the list itself (same generation, same lifetime), keyed by
        # everything that shapes it, so a warm page pays two cache reads per tag and no rendering.
        key = cache_key("html", self.name, [_product_id(a) for a in args],
                        sorted((k, _product_id(v)) for k, v in kwargs.items()), *_shopper(context), get_language())
        html = cache.get(key)
        if html is None:
            html = self._render(context, self.compute(context, *args, **kwargs))
            cache.set(key, html, app_settings.RECOMMEND_CACHE_SECONDS)
        return html

    def _render(self, context, products):
        if not products:
            return ""
        chosen = select_template([f"marketing_ai/recommend/{self.name}.html", "marketing_ai/recommend/product_list.html"])
        # A small context of its own: flattening the page's whole context costs more than the list.
        request = context.get("request")
        values = {"products": products, "title": TITLES[self.name], "kind": self.name, "request": request,
                  "product": context.get("product")}
        return mark_safe(chosen.render(values, request))


def _register(name, compute, params, defaults):
    def tag(parser, token):
        bits = token.split_contents()[1:]
        target = None
        if len(bits) >= 2 and bits[-2] == "as":
            target = bits[-1]
            bits = bits[:-2]
        args, kwargs = parse_bits(parser, bits, params, None, None, defaults, [], {}, False, name)
        return RecommendationNode(name, compute, args, kwargs, target)

    tag.__doc__ = compute.__doc__
    register.tag(name, tag)


_register("recommended_for", _recommended_for, ["limit", "category"], (10, None))
_register("similar_products", _similar, ["product", "limit"], (10,))
_register("bought_together", _together, ["product", "limit"], (10,))
_register("trending", _trending, ["limit", "category"], (10, None))
