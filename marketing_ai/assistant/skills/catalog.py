"""Catalog skills: product search, questions about one product, and comparing two.

Every statement comes from the product's own data (attributes, price, availability) as the adapter
returns it; nothing is invented.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing_ai.assistant.skills.catalog_index import get_index, words
from marketing_ai.assistant.skills.turn import Reply, format_value, product_card, suggestions
from marketing_ai.conf import app_settings

PRICE_CAP = re.compile(
    r"(?i)\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|at most|no more than)\s*"
    r"[$€£]?\s*(\d+(?:[.,]\d{1,2})?)"
)
# Scores under this are not a match: semantic similarity of unrelated short texts sits around 0.1-0.2.
MIN_SCORE = 0.3

# Which attribute a question is about, by the words it uses.
QUESTION_ATTRIBUTES = [
    (("made", "material", "fabric", "cotton", "linen", "wool", "leather"), ("material", "materials", "fabric")),
    (("size", "sizes", "large", "small", "medium", "fit"), ("sizes", "size")),
    (("colour", "color", "colours", "colors"), ("colour", "color", "colours")),
    (("brand", "make", "maker"), ("brand",)),
    (("weight", "heavy", "light", "weigh"), ("weight",)),
    (("feature", "features", "waterproof", "washable"), ("features",)),
    (("big", "capacity", "volume", "hold"), ("capacity", "volume", "dimensions")),
]
PRICE_WORDS = {"price", "cost", "much", "expensive", "cheap"}
STOCK_WORDS = {"stock", "available", "availability", "buy", "order", "back"}


def price_cap(text):
    """The price limit a message names ("a gift under 50"), or None."""
    match = PRICE_CAP.search(text)
    if not match:
        return None
    try:
        return Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:
        return None


def _price_text(product):
    return str(product.price) if product.price is not None else _("no price listed")


def _availability(product):
    return _("available") if product.available else _("currently not available")


def describe(product):
    """One factual sentence per product: title, price, availability, attributes."""
    details = "; ".join(f"{key}: {format_value(value)}" for key, value in product.attributes.items()
                        if isinstance(value, (str, int, float, list)))
    text = _("%(title)s costs %(price)s and is %(availability)s.") % {
        "title": product.title, "price": _price_text(product), "availability": _availability(product)}
    return f"{text} {details}." if details else text


def search(turn):
    """Products matching the message, as cards, with the attributes the shopper named."""
    index = get_index()
    limit = app_settings.ASSISTANT_MAX_PRODUCT_CARDS
    cap = price_cap(turn.text)
    context = index.products[index.by_id[turn.product_id]] if turn.product_id in index.by_id else None
    mentioned = index.mentioned_attributes(turn.text)
    if context is not None and mentioned and _refers_to_page(turn.text):
        return _variant_answer(index, context, mentioned, limit)
    results = [(product, score) for product, score in index.search(turn.text, limit=limit, max_price=cap,
                                                                       query_vector=turn.vector_for(turn.text))
               if score >= MIN_SCORE]
    if mentioned:
        # "in blue": keep the products that really have the value, when there are any.
        having = {position for hits in mentioned.values() for _key, position in hits}
        matching = [(p, s) for p, s in results if index.by_id[p.id] in having]
        results = matching or results
    if not results:
        return Reply(
            text=_("I couldn't find a product matching that. Could you describe it differently?"),
            parts=[suggestions(gettext_lazy("Show me popular products"), gettext_lazy("Talk to a person"))],
            answered=False,
        )
    products = [product for product, _score in results]
    names = ", ".join(f"{product.title} ({_price_text(product)})" if product.available
                      else f"{product.title} ({_price_text(product)}, {_availability(product)})"
                      for product in products)
    text = _("Here is what I found: %(names)s.") % {"names": names}
    parts = [product_card(product) for product in products]
    if len(products) >= 2:
        names = {"a": products[0].title, "b": products[1].title}
        compare = gettext_lazy("Compare %(a)s and %(b)s")
        with translation.override("en"):
            message = str(compare) % names
        parts.append(suggestions((str(compare) % names, message)))
    return Reply(text=text, parts=parts, facts=[describe(product) for product in products])


def _refers_to_page(text):
    tokens = set(words(text))
    return bool(tokens & {"this", "it", "one", "version", "variant"})


def _variant_answer(index, product, mentioned, limit):
    """"Do you have this in blue?" on a product page: the page's product, or others that have the value."""
    values = list(mentioned)
    here = index.by_id[product.id]
    own = sorted({f"{key}: {value}" for value in values for key, position in mentioned[value] if position == here})
    if own:
        return Reply(
            text=_("Yes: %(title)s has %(values)s. %(facts)s") % {
                "title": product.title, "values": "; ".join(own), "facts": describe(product)},
            parts=[product_card(product)], facts=[describe(product)],
        )
    others = []
    for value in values:
        for _key, position in mentioned[value]:
            candidate = index.products[position]
            if candidate.id != product.id and candidate not in others:
                others.append(candidate)
    # Prefer similar products (same category) among those that have the value.
    others.sort(key=lambda candidate: candidate.category != product.category)
    others = others[:limit]
    if not others:
        return Reply(
            text=_("Sorry, %(title)s does not come in %(values)s, and no other product does.") % {
                "title": product.title, "values": ", ".join(values)},
            parts=[product_card(product)], facts=[describe(product)], answered=True,
        )
    return Reply(
        text=_("%(title)s does not come in %(values)s, but these do: %(names)s.") % {
            "title": product.title, "values": ", ".join(values),
            "names": ", ".join(candidate.title for candidate in others)},
        parts=[product_card(candidate) for candidate in others],
        facts=[describe(product), *[describe(candidate) for candidate in others]],
    )


def question(turn):
    """A question about one product: the page's product, or the one the message names."""
    index = get_index()
    product = None
    if turn.product_id in index.by_id and (_refers_to_page(turn.text) or not _names_a_product(index, turn.text)):
        product = index.products[index.by_id[turn.product_id]]
    if product is None:
        results = index.search(turn.text, limit=1, query_vector=turn.vector_for(turn.text))
        if results and results[0][1] >= MIN_SCORE:
            product = results[0][0]
    if product is None:
        return Reply(text=_("Which product do you mean? Tell me its name, or ask from its page."),
                     parts=[suggestions(gettext_lazy("Show me popular products"))], answered=False)
    if index.mentioned_attributes(turn.text) and _refers_to_page(turn.text):
        return _variant_answer(index, product, index.mentioned_attributes(turn.text),
                               app_settings.ASSISTANT_MAX_PRODUCT_CARDS)
    tokens = set(words(turn.text)) | set(turn.text.lower().split())
    sentences = []
    for question_words, keys in QUESTION_ATTRIBUTES:
        if tokens & set(question_words):
            for key in keys:
                if key in product.attributes:
                    sentences.append(_("%(key)s: %(value)s") % {"key": key.capitalize(),
                                                               "value": format_value(product.attributes[key])})
                    break
    if tokens & PRICE_WORDS:
        sentences.append(_("Price: %(price)s") % {"price": _price_text(product)})
    if tokens & STOCK_WORDS:
        sentences.append(_("It is %(availability)s.") % {"availability": _availability(product)})
    if sentences:
        text = _("%(title)s — %(answer)s.") % {"title": product.title, "answer": "; ".join(
            sentence.rstrip(".") for sentence in sentences)}
    else:
        text = describe(product)
    return Reply(text=text, parts=[product_card(product)], facts=[describe(product)])


def _names_a_product(index, text):
    scores = index.keyword_scores(text)
    return any(score >= 0.5 for score in scores.values())


SPLIT = re.compile(r"(?i)\b(?:vs\.?|versus|or|and|with|to)\b")


def _named_products(index, names):
    """The best product for each name: by keywords when a name is clearly a product's, else by embedding."""
    chosen, unclear = [None] * len(names), []
    for position, name in enumerate(names):
        scores = index.keyword_scores(name)
        taken = {product.id for product in chosen if product is not None}
        ranked = sorted(((score, candidate) for candidate, score in scores.items()
                         if index.products[candidate].id not in taken), reverse=True)
        # A clear keyword winner (most of the name's weight, ahead of the runner-up) needs no model call.
        if ranked and ranked[0][0] >= 0.6 and (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 0.1):
            chosen[position] = index.products[ranked[0][1]]
        else:
            unclear.append(position)
    if unclear:
        from marketing_ai import embeddings

        # The remaining names in one call: the model's cost is per call more than per text.
        vectors = embeddings.embed([names[position] for position in unclear])
        for position, vector in zip(unclear, vectors):
            taken = {product.id for product in chosen if product is not None}
            results = index.search(names[position], limit=3, exclude=taken, query_vector=vector)
            if results and results[0][1] >= MIN_SCORE:
                chosen[position] = results[0][0]
    return [product for product in chosen if product is not None]


def compare(turn):
    """Two products side by side: those the message names, or the page's product and the best other match."""
    index = get_index()
    chosen = []
    text = re.sub(r"(?i)\b(compare|difference between|what's the difference between|which is better)\b", " ", turn.text)
    halves = [half for half in SPLIT.split(text) if len(words(half)) >= 1]
    if len(halves) >= 2:
        chosen = _named_products(index, halves[-2:])
    if len(chosen) < 2 and turn.product_id in index.by_id:
        page = index.products[index.by_id[turn.product_id]]
        if page not in chosen:
            chosen.insert(0, page)
    if len(chosen) < 2:
        exclude = {product.id for product in chosen}
        for product, score in index.search(turn.text, limit=2, exclude=exclude,
                                           query_vector=turn.vector_for(turn.text)):
            if score >= MIN_SCORE and len(chosen) < 2:
                chosen.append(product)
    if len(chosen) == 1:
        # "These two" on a product page: the page's product and its closest neighbour.
        chosen += index.similar(chosen[0].id, limit=1)
    if len(chosen) < 2:
        return Reply(text=_("Which two products should I compare? Name them, e.g. \"compare A and B\"."),
                     answered=False)
    first, second = chosen[:2]
    keys = [key for key in dict.fromkeys([*first.attributes, *second.attributes])
            if isinstance(first.attributes.get(key, ""), (str, int, float, list))]
    rows = [{"attribute": _("price"), "values": [_price_text(first), _price_text(second)]},
            {"attribute": _("availability"), "values": [_availability(first), _availability(second)]}]
    for key in keys:
        rows.append({"attribute": key, "values": [format_value(first.attributes.get(key, "—")),
                                                  format_value(second.attributes.get(key, "—"))]})
    differences = [f"{row['attribute']}: {row['values'][0]} / {row['values'][1]}" for row in rows
                   if row["values"][0] != row["values"][1]]
    text = _("%(a)s vs %(b)s — %(diff)s.") % {
        "a": first.title, "b": second.title,
        "diff": "; ".join(differences) if differences else _("no differences in their listed details")}
    return Reply(
        text=text,
        parts=[{"type": "comparison", "products": [product_card(first), product_card(second)], "rows": rows}],
        facts=[describe(first), describe(second)],
    )
