"""What a skill is given (``Turn``) and what it gives back (``Reply``)."""

from dataclasses import dataclass, field

from django.utils import translation


@dataclass
class Turn:
    """One shopper message with everything a skill may use.

    ``user`` is the signed-in customer or None; skills that reveal personal data check it themselves.
    ``product_id`` is the product page the shopper is on, if any.
    """

    text: str
    route: object = None
    user: object = None
    thread: object = None
    product_id: str | None = None

    def vector_for(self, text):
        """The routed embedding when ``text`` is the whole message (saves a second embedding), else None."""
        return getattr(self.route, "vector", None) if text == self.text else None


@dataclass
class Reply:
    """A structured answer: text plus parts (product cards, order status, suggested replies, hand-off notice).

    ``facts`` are the retrieved statements the text was built from: the only input LLM phrasing gets.
    ``answered`` is False when the skill could not help (counts towards hand-off and unanswered metrics).
    """

    text: str
    parts: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    answered: bool = True
    handoff_reason: str = ""
    resolves: bool = False


def suggestions(*labels):
    """A suggested-replies part: ``replies`` are the labels shown (in the shopper's language),
    ``messages`` what a click sends (English, the language the intent router was trained in).

    A label is a lazy translation, or a (shown, sent) pair of strings.
    """
    replies, messages = [], []
    for label in labels:
        if isinstance(label, tuple):
            shown, sent = label
        else:
            shown = str(label)
            with translation.override("en"):
                sent = str(label)
        replies.append(str(shown))
        messages.append(str(sent))
    return {"type": "suggestions", "replies": replies, "messages": messages}


def product_card(product, attribute_names=None):
    """A product-card part from a ``ProductData`` (only public catalog facts)."""
    attributes = product.attributes
    if attribute_names is not None:
        attributes = {name: attributes[name] for name in attribute_names if name in attributes}
    return {
        "type": "product",
        "id": product.id,
        "title": product.title,
        "price": str(product.price) if product.price is not None else None,
        "available": product.available,
        "category": product.category,
        "url": product.url,
        "image_url": product.image_url,
        "attributes": {str(key): value for key, value in attributes.items() if _plain(value)},
    }


def _plain(value):
    if isinstance(value, (str, int, float, bool)):
        return True
    return isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value)


def format_value(value):
    """An attribute value as text ("S, M, L" for lists)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)
