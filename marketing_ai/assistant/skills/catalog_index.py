"""The product index behind catalog search: one embedding matrix and one keyword index over
``get_adapter().iter_products()``, cached per process and rebuilt when products change.

Hybrid retrieval: ``ASSISTANT_SEMANTIC_WEIGHT`` x cosine similarity + the rest x an IDF keyword score.
"""

import hashlib
import math
import re
import threading
import time
from collections import defaultdict

from marketing_ai import embeddings
from marketing_ai.conf import app_settings
from marketing_ai.shop import get_adapter

# Hyphens split words, so that "t-shirts" matches "shirt".
WORD = re.compile(r"[\w']+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are any do does for from have has i in is it me of on or show the this that to we what with you your "
    "got sell carry looking need want find something some there these those my can please which one".split()
)

UNAVAILABLE_PENALTY = 0.25

_lock = threading.Lock()
_state = {"index": None, "dirty": False, "connected": None}


def words(text):
    """Lower-cased word tokens, with a naive plural fold ("mugs" -> "mug")."""
    tokens = []
    for token in WORD.findall(str(text).lower()):
        token = token.strip("'")
        if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "is", "us")):
            token = token[:-1]
        if token:
            tokens.append(token)
    return tokens


def product_text(product):
    """What a product is searched by: title, category, attribute values, start of the description."""
    values = []
    for key, value in product.attributes.items():
        if isinstance(value, (list, tuple)):
            value = " ".join(str(item) for item in value)
        if isinstance(value, (str, int, float)):
            values.append(f"{key} {value}")
    # The start of the description only: embedding time grows with length, and titles and attributes carry
    # what shoppers ask about.
    return " ".join(filter(None, [product.title, product.category or "", " ".join(values), product.description[:160]]))


class ProductIndex:
    """Products, their vectors and an inverted keyword index. Plain Python and numpy: no Django models."""

    def __init__(self, products, vectors):
        self.products = list(products)
        self.by_id = {product.id: position for position, product in enumerate(self.products)}
        self.vectors = vectors
        self.built_at = time.monotonic()
        postings = defaultdict(set)
        self.attribute_values = defaultdict(set)
        for position, product in enumerate(self.products):
            for token in set(words(product_text(product))):
                postings[token].add(position)
            for key, value in product.attributes.items():
                for item in value if isinstance(value, (list, tuple)) else [value]:
                    if isinstance(item, (str, int)) and len(str(item)) >= 2:
                        value = str(item).lower()
                        self.attribute_values[value].add((str(key), position))
                        # "sky blue" is also found by "blue"; short words ("xl") only as whole values.
                        for word in WORD.findall(value):
                            if len(word) >= 3 and word != value and word not in STOPWORDS:
                                self.attribute_values[word].add((str(key), position))
        import numpy as np

        # Products not for sale still answer direct questions, but rank below those a shopper can buy.
        self.unavailable_penalty = np.array([0.0 if product.available else UNAVAILABLE_PENALTY
                                             for product in self.products], dtype=np.float32)
        count = max(len(self.products), 1)
        self.postings = {token: frozenset(positions) for token, positions in postings.items()}
        self.idf = {token: math.log(1 + count / len(positions)) for token, positions in postings.items()}

    @classmethod
    def build(cls, adapter=None, embed=None, previous=None):
        """Read the whole catalogue through the adapter and embed it.

        Texts unchanged since ``previous`` keep their vectors, so a rebuild after one product was edited
        embeds one text, not the catalogue.
        """
        import numpy as np

        adapter = adapter or get_adapter()
        embed = embed or embeddings.embed
        products = list(adapter.iter_products())
        texts = [product_text(product) for product in products]
        known = previous.vector_by_text() if previous is not None else {}
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            known.update(stored_vectors(missing))
            missing = [text for text in missing if text not in known]
        if missing:
            fresh = embed(missing)
            known.update(zip(missing, fresh))
            store_vectors(missing, fresh)
        vectors = np.stack([known[text] for text in texts]) if texts else np.zeros((0, 1), dtype=np.float32)
        index = cls(products, vectors)
        index.texts = texts
        index.embedded = len(missing)
        return index

    def vector_by_text(self):
        return dict(zip(getattr(self, "texts", []), self.vectors))

    def keyword_scores(self, query):
        """{position: score in 0..1}: the share of the query's IDF mass a product contains."""
        tokens = [token for token in dict.fromkeys(words(query)) if token not in STOPWORDS]
        total = sum(self.idf.get(token, math.log(1 + max(len(self.products), 1))) for token in tokens)
        scores = defaultdict(float)
        if not total:
            return scores
        for token in tokens:
            for position in self.postings.get(token, ()):
                scores[position] += self.idf[token] / total
        return scores

    def mentioned_attributes(self, query):
        """Attribute values the query names ("blue", "linen", "42"): {value: {(key, position)}}."""
        lowered = f" {' '.join(WORD.findall(str(query).lower()))} "
        return {value: hits for value, hits in self.attribute_values.items() if f" {value} " in lowered}

    def search(self, query, limit=5, max_price=None, embed=None, query_vector=None, exclude=()):
        """[(ProductData, score)] best first, by hybrid score; optionally under a price."""
        import numpy as np

        if not self.products:
            return []
        if query_vector is None:
            query_vector = (embed or embeddings.embed)([query])[0]
        weight = float(app_settings.ASSISTANT_SEMANTIC_WEIGHT)
        scores = weight * (self.vectors @ query_vector) - self.unavailable_penalty
        for position, score in self.keyword_scores(query).items():
            scores[position] += (1 - weight) * score
        # A product carrying a value the shopper named ("in blue") beats one that does not.
        for hits in self.mentioned_attributes(query).values():
            for _key, position in hits:
                scores[position] += 0.15
        order = np.argsort(-scores)
        results = []
        for position in order:
            product = self.products[position]
            if product.id in exclude:
                continue
            if max_price is not None and (product.price is None or product.price > max_price):
                continue
            results.append((product, float(scores[position])))
            if len(results) >= limit:
                break
        return results

    def similar(self, product_id, limit=5, max_price=None):
        """Products nearest to one product in embedding space."""
        position = self.by_id.get(str(product_id))
        if position is None:
            return []
        return [product for product, _score in self.search(
            "", limit=limit, max_price=max_price, query_vector=self.vectors[position], exclude={str(product_id)})]


def _text_key(text):
    return hashlib.sha256(f"{app_settings.raw('EMBEDDING_MODEL') or 'minilm'}\0{text}".encode()).hexdigest()


def stored_vectors(texts, chunk=500):
    """{text: vector} of the texts whose embedding another process (or an earlier run) stored."""
    import numpy as np

    from marketing_ai.assistant.models import ProductEmbedding

    by_key = {_text_key(text): text for text in texts}
    found = {}
    keys = list(by_key)
    for start in range(0, len(keys), chunk):
        for key, vector in ProductEmbedding.objects.filter(key__in=keys[start:start + chunk]).values_list(
                "key", "vector"):
            found[by_key[key]] = np.frombuffer(bytes(vector), dtype=np.float32)
    return found


def store_vectors(texts, vectors):
    """Keep new embeddings for other processes; a row another process wrote meanwhile is left as it is."""
    import numpy as np

    from marketing_ai.assistant.models import ProductEmbedding

    rows = [ProductEmbedding(key=_text_key(text), vector=np.asarray(vector, dtype=np.float32).tobytes())
            for text, vector in zip(texts, vectors)]
    ProductEmbedding.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def _mark_dirty(**kwargs):
    _state["dirty"] = True


def _connect(adapter):
    """Rebuild after any save or delete of the host's product model (connected once, on first build)."""
    from django.db.models.signals import post_delete, post_save

    model = adapter.product_model
    if _state["connected"] is model:
        return
    for signal in (post_save, post_delete):
        signal.connect(_mark_dirty, sender=model, weak=False, dispatch_uid=f"marketing_ai_assistant_index_{signal}")
    _state["connected"] = model


def get_index():
    """The process's product index, rebuilt when a product changed or it is older than the maximum age."""
    adapter = get_adapter()
    index = _state["index"]
    max_age = app_settings.ASSISTANT_INDEX_MAX_AGE_SECONDS
    if index is not None and not _state["dirty"] and index.adapter is adapter and (
        time.monotonic() - index.built_at < max_age
    ):
        return index
    with _lock:
        index = _state["index"]
        if index is None or _state["dirty"] or index.adapter is not adapter or (
            time.monotonic() - index.built_at >= max_age
        ):
            _connect(adapter)
            _state["dirty"] = False
            previous = index if index is not None and index.adapter is adapter else None
            index = ProductIndex.build(adapter, previous=previous)
            index.adapter = adapter
            _state["index"] = index
    return index


def invalidate():
    """Drop the cached index (tests, bulk imports that bypass signals)."""
    _state["index"] = None
