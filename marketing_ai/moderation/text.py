"""Text helpers the review rules share: words, spans and masking, shingles and MinHash, a crude
sentiment, the normalisation every review goes through, and cached embeddings."""

import re
import unicodedata
import zlib


WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


_EMBEDDING_CACHE = {}
EMBEDDING_CACHE_SIZE = 20000


def embed_texts(texts):
    """MiniLM vectors for texts, each distinct text embedded once per process (bounded cache).

    The near-duplicate and off-topic checks read the same reviews, and products repeat: embedding
    is by far the slowest step, so it is never done twice for one text.
    """
    import numpy as np

    from marketing_ai.embeddings import embed

    missing = list(dict.fromkeys(text for text in texts if text not in _EMBEDDING_CACHE))
    if missing:
        if len(_EMBEDDING_CACHE) + len(missing) > EMBEDDING_CACHE_SIZE:
            _EMBEDDING_CACHE.clear()
        for text, vector in zip(missing, embed(missing)):
            _EMBEDDING_CACHE[text] = vector
    return np.stack([_EMBEDDING_CACHE[text] for text in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def find_spans(pattern, text):
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def merge_spans(spans):
    """Sorted, non-overlapping spans."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_spans(text, spans, keep_first=False):
    """Replace each span by asterisks (keeping its first letter if asked); the length stays the same."""
    chars = list(text)
    for start, end in merge_spans(spans):
        first = start + 1 if keep_first else start
        for position in range(first, end):
            if not chars[position].isspace():
                chars[position] = "*"
    return "".join(chars)


def script_of(char):
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def shingles(text, size=3):
    words = [w.lower() for w in WORD_RE.findall(text)]
    if len(words) < size:
        return set()
    return {zlib.crc32(" ".join(words[i:i + size]).encode()) for i in range(len(words) - size + 1)}


class MinHasher:
    """MinHash signatures of word 3-shingles: near-duplicate detection without any model."""

    prime = (1 << 61) - 1

    def __init__(self, permutations=64, seed=7):
        import numpy as np

        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, self.prime, size=permutations, dtype=np.uint64)
        self.b = rng.integers(0, self.prime, size=permutations, dtype=np.uint64)

    def signature(self, text):
        import numpy as np

        hashes = shingles(text)
        if not hashes:
            return None
        values = np.fromiter(hashes, dtype=np.uint64)
        # Products wrap around 2**64; that is still a fine hash family for MinHash.
        hashed = (values[:, None] * self.a[None, :] + self.b[None, :]) % np.uint64(self.prime)
        return hashed.min(axis=0)


POSITIVE_WORDS = {
    "love", "loved", "lovely", "great", "excellent", "perfect", "happy", "pleased", "recommend", "recommended",
    "amazing", "fantastic", "beautiful", "comfortable", "best", "nice", "good", "glad", "superb", "brilliant",
    "wonderful", "solid", "sturdy", "quality",
}
NEGATIVE_WORDS = {
    "disappointed", "disappointing", "poor", "bad", "terrible", "awful", "broke", "broken", "cracked", "returned",
    "returning", "worst", "cheap", "waste", "faded", "flat", "shrank", "uneven", "dull", "duller", "wobbles",
    "flickers", "snags", "worn", "useless", "refund", "not", "never", "unfortunately", "sadly",
}
NEGATIONS = {"not", "never", "no", "hardly", "isn't", "wasn't", "don't", "didn't", "can't", "cannot"}


def sentiment(text):
    """A crude lexicon sentiment in [-1, 1]; enough to notice five stars on an angry text."""
    words = [w.lower() for w in WORD_RE.findall(text)]
    score = 0
    for index, word in enumerate(words):
        negated = index > 0 and words[index - 1] in NEGATIONS
        if word in POSITIVE_WORDS:
            score += -1 if negated else 1
        elif word in NEGATIVE_WORDS and word not in NEGATIONS:
            score += 1 if negated else -1
    return max(-1.0, min(1.0, score / 3.0))


def normalise_text(*parts, max_chars):
    """Title and body as one text the checks read: NFC, no control characters, at most ``max_chars``.

    Returns ``(text, truncated)``. Tabs and line breaks stay; other control and format characters
    (zero-width joiners, bidi overrides) are dropped because they only serve to hide words.
    """
    joined = "\n".join(str(part) for part in parts if part)
    cleaned, position, chunk = [], 0, max(1024, max_chars)
    # Chunk by chunk, so that a 1 MB review costs no more than its first max_chars characters.
    while position < len(joined) and len(cleaned) <= max_chars:
        piece = unicodedata.normalize("NFC", joined[position:position + chunk])
        cleaned.extend(char for char in piece
                       if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
        position += chunk
    truncated = len(cleaned) > max_chars
    return "".join(cleaned[:max_chars]), truncated
