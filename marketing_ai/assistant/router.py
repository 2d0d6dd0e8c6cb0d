"""The intent router: sentence embeddings (marketing_ai.embeddings) and a logistic-regression classifier
trained from the built-in example utterances plus the store's own intents edited in the admin.

sklearn and the embedding model are imported on first use only. The trained router is cached per process
and retrained when the store's intents change.
"""

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from marketing_ai import embeddings
from marketing_ai.conf import app_settings

BUILTIN_INTENTS_FILE = Path(__file__).resolve().parent / "data" / "assistant_intents.json"
# Prefix of store intents that route to a fixed reply rather than a built-in skill.
STORE_REPLY_SKILL = "store_reply"

_lock = threading.Lock()
_cache = {}


@dataclass(frozen=True)
class Route:
    """Where one message goes: the intent, the skill that answers it and how sure the router is."""

    intent: str
    skill: str
    confidence: float
    topic: str = ""
    store_intent_id: int | None = None
    # The message's embedding, so that skills searching by the same text need not embed it again.
    vector: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class IntentSpec:
    name: str
    skill: str
    examples: tuple
    topic: str = ""
    store_intent_id: int | None = None


def builtin_intents():
    """The shipped intents (written for this project) as ``IntentSpec``s."""
    data = json.loads(BUILTIN_INTENTS_FILE.read_text(encoding="utf-8"))
    return [
        IntentSpec(name=name, skill=spec["skill"], topic=spec.get("topic", ""), examples=tuple(spec["examples"]))
        for name, spec in data["intents"].items()
    ]


def store_intents():
    """Active store intents with at least one example, from the database."""
    from marketing_ai.assistant.models import StoreIntent

    specs = []
    for intent in StoreIntent.objects.filter(is_active=True).prefetch_related("examples"):
        examples = tuple(example.text for example in intent.examples.all())
        if examples:
            specs.append(IntentSpec(name=intent.name, skill=intent.skill or STORE_REPLY_SKILL, examples=examples,
                                    store_intent_id=intent.pk))
    return specs


def store_signature():
    """Changes whenever a store intent or example is added, edited or removed."""
    from django.db.models import Count, Max

    from marketing_ai.assistant.models import IntentExample, StoreIntent

    intents = StoreIntent.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    examples = IntentExample.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return (intents["n"], str(intents["last"]), intents["top"], examples["n"], examples["top"])


class IntentRouter:
    """Embeds a message and predicts its intent with calibrated probabilities."""

    def __init__(self, classifier, specs):
        self.classifier = classifier
        self.specs = {spec.name: spec for spec in specs}

    @classmethod
    def train(cls, specs, embed=None, vectors_cache=None):
        """Fit on every example of ``specs``. ``vectors_cache`` maps text -> vector to skip re-embedding."""
        from sklearn.linear_model import LogisticRegression

        embed = embed or embeddings.embed
        texts, labels = [], []
        for spec in specs:
            for text in spec.examples:
                texts.append(text)
                labels.append(spec.name)
        if len(set(labels)) < 2:
            raise ValueError("the router needs examples of at least two intents")
        vectors = _embed_cached(texts, embed, vectors_cache)
        # C=10: the classes are well separated in embedding space; a weak penalty keeps rare store
        # intents (a handful of examples) from being swamped by the big ones.
        classifier = LogisticRegression(C=10.0, max_iter=2000)
        classifier.fit(vectors, labels)
        return cls(classifier, specs)

    @classmethod
    def train_on_rows(cls, texts, labels, embed=None):
        """A router from plain (text, label) rows, as read from a CSV (every label answered by a store reply)."""
        grouped = {}
        for text, label in zip(texts, labels):
            grouped.setdefault(str(label), []).append(str(text))
        specs = [IntentSpec(name=name, skill=STORE_REPLY_SKILL, examples=tuple(rows)) for name, rows in grouped.items()]
        return cls.train(specs, embed=embed)

    def predict(self, texts, embed=None):
        """One ``Route`` per text."""
        import numpy as np

        embed = embed or embeddings.embed
        vectors = embed(list(texts))
        if len(vectors) == 0:
            return []
        probabilities = self.classifier.predict_proba(vectors)
        best = np.argmax(probabilities, axis=1)
        routes = []
        for row, index in enumerate(best):
            spec = self.specs[self.classifier.classes_[index]]
            routes.append(Route(intent=spec.name, skill=spec.skill, confidence=float(probabilities[row, index]),
                                topic=spec.topic, store_intent_id=spec.store_intent_id, vector=vectors[row]))
        return routes

    def route(self, text, embed=None):
        """The ``Route`` of one message."""
        return self.predict([text], embed=embed)[0]


def _embed_cached(texts, embed, cache):
    import numpy as np

    if cache is None:
        return embed(texts)
    missing = [text for text in dict.fromkeys(texts) if text not in cache]
    if missing:
        for text, vector in zip(missing, embed(missing)):
            cache[text] = vector
    return np.stack([cache[text] for text in texts])


# Example vectors survive retraining: only new store examples are embedded.
_example_vectors = {}


def get_router():
    """The router for the current built-in and store intents (trained once per change, per process)."""
    signature = (store_signature(), app_settings.raw("EMBEDDING_MODEL"))
    router = _cache.get(signature)
    if router is not None:
        return router
    with _lock:
        router = _cache.get(signature)
        if router is None:
            router = IntentRouter.train([*builtin_intents(), *store_intents()], vectors_cache=_example_vectors)
            _cache.clear()
            _cache[signature] = router
    return router


def route(text):
    """Route one shopper message with the current router."""
    return get_router().route(text)
