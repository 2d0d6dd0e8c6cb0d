"""FAQ answers from the entries staff manage in the admin, matched by embedding similarity."""

import threading

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing_ai import embeddings
from marketing_ai.assistant.skills.turn import Reply, suggestions
from marketing_ai.conf import app_settings

_lock = threading.Lock()
_cache = {}


class FAQIndex:
    """Every phrasing of every active entry, embedded once per change of the entries."""

    def __init__(self, entries, embed=None):
        embed = embed or embeddings.embed
        self.entries = {entry.pk: entry for entry in entries}
        self.rows = [(entry.pk, text) for entry in entries for text in entry.phrasings()]
        self.vectors = embed([text for _pk, text in self.rows]) if self.rows else None

    def best(self, text, topic="", embed=None, vector=None):
        """(entry, similarity) of the closest phrasing, preferring the routed topic; or (None, 0)."""
        if not self.rows:
            return None, 0.0
        if vector is None:
            vector = (embed or embeddings.embed)([text])[0]
        scores = self.vectors @ vector
        best_entry, best_score = None, 0.0
        for (pk, _text), score in zip(self.rows, scores):
            entry = self.entries[pk]
            # A small nudge towards the topic the router chose; it breaks ties, not matches.
            adjusted = float(score) + (0.05 if topic and entry.topic == topic else 0.0)
            if adjusted > best_score:
                best_entry, best_score = entry, adjusted
        return best_entry, best_score


def get_faq_index():
    """The FAQ index for the current entries (rebuilt when one is added, edited or removed)."""
    from marketing_ai.assistant.models import FAQEntry

    entries = FAQEntry.objects.filter(is_active=True)
    signature = tuple(entries.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk")).values())
    index = _cache.get(signature)
    if index is None:
        with _lock:
            index = _cache.get(signature)
            if index is None:
                index = FAQIndex(list(entries))
                _cache.clear()
                _cache[signature] = index
    return index


def faq(turn):
    """The answer of the closest FAQ entry, or an honest "I don't know" that counts as unanswered."""
    topic = getattr(turn.route, "topic", "") or ""
    entry, score = get_faq_index().best(turn.text, topic=topic, vector=turn.vector_for(turn.text))
    if entry is None or score < app_settings.ASSISTANT_FAQ_MIN_SIMILARITY:
        return Reply(text=_("I don't have an answer to that yet. Would you like me to pass it to our team?"),
                     parts=[suggestions(gettext_lazy("Talk to a person"))], answered=False)
    return Reply(text=entry.answer, parts=[{"type": "faq", "id": entry.pk, "question": entry.question}],
                 facts=[f"{entry.question} {entry.answer}"])
