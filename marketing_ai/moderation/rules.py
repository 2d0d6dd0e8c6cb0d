"""The checks a review goes through, behind one interface.

A check gets ``ReviewText`` values (plain data, no Django models) and returns one ``CheckResult`` per
review: a score from 0 (harmless) to 1 (certainly a problem) and the human-readable ``Reason`` s
behind it, each with the offending spans of the text. The pipeline weighs and combines the scores;
a check never decides anything itself.

A new check is one class: subclass ``ReviewCheck``, implement ``check`` (or ``check_many`` for a
batched model), and name it in ``MARKETING_AI["MODERATION_CHECKS"]``.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from marketing_ai.moderation.text import (WORD_RE, MinHasher, embed_texts, find_spans, script_of, sentiment)
from marketing_ai.payment_cards import is_card_number

@dataclass(frozen=True)
class ReviewText:
    """What a check reads: the review's normalised text and what is known around it."""

    text: str
    rating: int | None = None
    product: object = None  # a marketing_ai.shop.ProductData, or None for free text
    author_id: str | None = None
    review_id: str | None = None
    created: object = None  # datetime or None
    ip: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why a check scored a review: a stable code, a sentence for people, the offending spans."""

    code: str
    message: str
    score: float
    spans: tuple = ()  # ((start, end), ...) into ReviewText.text

    def as_dict(self, check):
        return {"check": check, "code": self.code, "message": str(self.message), "score": round(self.score, 4),
                "spans": [list(span) for span in self.spans]}


@dataclass(frozen=True)
class CheckResult:
    score: float = 0.0
    reasons: tuple = ()

    @classmethod
    def from_reasons(cls, reasons):
        """Combine reason scores as independent pieces of evidence (noisy-OR)."""
        remaining = 1.0
        for reason in reasons:
            remaining *= 1.0 - max(0.0, min(1.0, reason.score))
        return cls(score=round(1.0 - remaining, 6), reasons=tuple(reasons))


    @classmethod
    def strongest(cls, reasons):
        """The strongest reason alone decides (evidence that does not add up, like several phone numbers)."""
        return cls(score=max(reason.score for reason in reasons), reasons=tuple(reasons))


CLEAN = CheckResult()


class ReviewCheck:
    """One moderation check. Subclasses set ``name`` and implement ``check`` or ``check_many``.

    ``decisive = False`` marks a signal that is recorded but never counts toward hiding a review.
    ``can_reject = False`` marks a reason for doubt, not abuse: it can hold a review, never reject it.
    ``required_packages`` are optional packages the check imports lazily (system check E005).
    """

    name = ""
    label = ""
    decisive = True
    can_reject = True
    required_packages = ()

    def __init__(self, embeddings=False, **options):
        self.embeddings = embeddings
        self.options = options

    def check(self, review):
        """The result for one ``ReviewText``."""
        raise NotImplementedError

    def check_many(self, reviews, history=None):
        """Results for many reviews, in order; ``history`` knows earlier reviews (duplicates, bursts)."""
        return [self.check(review) for review in reviews]



# --- profanity and abuse ------------------------------------------------------------------------

DEFAULT_BLOCK_LIST = ["fuck", "fucking", "fucker", "motherfucker", "cunt", "retard", "faggot", "nigger"]


class ProfanityCheck(ReviewCheck):
    """The ``alt-profanity-check`` model plus a block list (always abuse) and an allow list (never).

    Options: ``block_list``, ``allow_list`` (words), ``model`` (use the model, default True),
    ``model_max_score`` (the model alone scores at most this, so that mild swearing is held for a
    person rather than rejected; block-listed words score 1).
    """

    name = "profanity"
    label = _("Profanity or abuse")
    required_packages = ("profanity_check", "sklearn")

    def __init__(self, embeddings=False, block_list=None, allow_list=(), model=True, model_max_score=0.8,
                 word_threshold=0.5, **options):
        super().__init__(embeddings, **options)
        self.block_list = {word.lower() for word in (DEFAULT_BLOCK_LIST if block_list is None else block_list)}
        self.allow_list = {word.lower() for word in allow_list}
        self.use_model = model
        self.model_max_score = float(model_max_score)
        self.word_threshold = float(word_threshold)

    @staticmethod
    def _predict(texts):
        # Imports scikit-learn: only here, on first use, never at start-up.
        from profanity_check import predict_prob

        return predict_prob(texts) if texts else []

    def check_many(self, reviews, history=None):
        words_per_review = [[(m.group(0).lower(), m.start(), m.end()) for m in WORD_RE.finditer(r.text)]
                            for r in reviews]
        probabilities = [0.0] * len(reviews)
        if self.use_model:
            # The allow-listed words are taken out before the model reads the text.
            model_texts = [" ".join(w for w, _s, _e in words if w not in self.allow_list) for words in words_per_review]
            probabilities = list(self._predict(model_texts))
        flagged_words = set()
        for p, words in zip(probabilities, words_per_review):
            if p >= 0.5:
                flagged_words.update(w for w, _s, _e in words if w not in self.allow_list and w not in self.block_list)
        word_scores = dict(zip(sorted(flagged_words), self._predict(sorted(flagged_words)))) if flagged_words else {}
        results = []
        for p, words in zip(probabilities, words_per_review):
            reasons = []
            blocked = [(s, e) for w, s, e in words if w in self.block_list and w not in self.allow_list]
            if blocked:
                reasons.append(Reason("blocked_word", _("Contains words on the shop's block list."), 1.0,
                                      tuple(blocked)))
            if p >= 0.5:
                spans = tuple((s, e) for w, s, e in words if word_scores.get(w, 0.0) >= self.word_threshold)
                reasons.append(Reason("profanity", _("Reads as profane or abusive (model score %(score).2f).")
                                      % {"score": p}, float(p) * self.model_max_score, spans))
            results.append(CheckResult.from_reasons(reasons) if reasons else CLEAN)
        return results

    def check(self, review):
        return self.check_many([review])[0]


# --- spam ------------------------------------------------------------------------------------------

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|(?<![@\w.-])[a-z0-9][a-z0-9-]*\.(?:com|net|org|info|biz|io|co|shop|"
                    r"store|xyz|top|online|site|ru|cn|example)(?:/[^\s<>\"']*)?\b", re.IGNORECASE)
PROMO_PHRASES = [
    r"buy (?:cheap|now)", r"cheap \w+", r"click here", r"visit (?:my|our)? ?(?:site|website|shop|store)",
    r"\d+ ?% off", r"today only", r"limited (?:time )?offer", r"free (?:gift|trial|shipping worldwide)",
    r"gift ?cards?", r"earn \$?\d+", r"work(?:ing)? from home", r"no experience needed", r"replicas?",
    r"discount code", r"promo code", r"best prices?", r"followers", r"make money", r"100% (?:free|guaranteed)",
    r"act now", r"order now", r"visit www", r"dm me", r"whatsapp",
]
PROMO_RE = re.compile(r"\b(?:" + "|".join(PROMO_PHRASES) + r")\b", re.IGNORECASE)
REPEATED_CHAR_RE = re.compile(r"([^\d\s!?])\1{3,}|[!?]{3,}")
REPEATED_WORD_RE = re.compile(r"\b(\w+)(?:\W+\1\b){2,}", re.IGNORECASE)
VOWELS = set("aeiouyäöüéèêáàóòúùíìâôûøåæœAEIOUYÄÖÜÉÈÊÁÀÓÒÚÙÍÌÂÔÛØÅÆŒ")


class SpamCheck(ReviewCheck):
    """Links, promotional phrasing, shouting, repetition, gibberish and look-alike letters from other scripts."""

    name = "spam"
    label = _("Spam")

    def check(self, review):
        text = review.text
        reasons = []
        links = find_spans(URL_RE, text)
        if links:
            reasons.append(Reason("link", _("Contains links or web addresses."), 0.6, tuple(links)))
        promo = find_spans(PROMO_RE, text)
        if promo:
            score = min(0.8, 0.35 * len(promo))
            reasons.append(Reason("promotion", _("Uses promotional phrasing."), score, tuple(promo)))
        # Web addresses are lower case by habit; they must not dilute the shouting around them.
        without_links = URL_RE.sub(" ", text)
        letters = [c for c in without_links if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        if len(letters) >= 20 and upper / len(letters) >= 0.7:
            spans = tuple(find_spans(re.compile(r"[^\W\d_a-z]{2,}(?:[\W\d_]+[^\W\d_a-z]{2,})*"), text))
            reasons.append(Reason("all_caps", _("Written mostly in capital letters."), 0.45, spans))
        repeated = find_spans(REPEATED_CHAR_RE, text) + find_spans(REPEATED_WORD_RE, text)
        words = [m.group(0).lower() for m in WORD_RE.finditer(text)]
        if len(words) >= 20 and len(set(words)) / len(words) < 0.3:
            reasons.append(Reason("repetition", _("Repeats the same few words over and over."), 0.45))
        elif repeated:
            reasons.append(Reason("repetition", _("Repeated characters or words."), 0.2, tuple(repeated)))
        gibberish = self._gibberish(text)
        if gibberish:
            reasons.append(Reason("gibberish", _("Contains letter strings that are not words."), 0.45,
                                  tuple(gibberish)))
        mixed = self._mixed_scripts(text)
        if mixed:
            reasons.append(Reason("mixed_scripts", _("Mixes letters of different alphabets inside words "
                                                     "(look-alike characters)."), 0.5, tuple(mixed)))
        return CheckResult.from_reasons(reasons) if reasons else CLEAN

    @staticmethod
    def _gibberish(text):
        spans = []
        candidates = 0
        for m in WORD_RE.finditer(text):
            word = m.group(0)
            if len(word) < 5 or not word.isascii():
                continue
            candidates += 1
            run = longest = 0
            for char in word:
                run = 0 if char in VOWELS else run + 1
                longest = max(longest, run)
            if longest >= 5 or not any(char in VOWELS for char in word):
                spans.append((m.start(), m.end()))
        # One odd word is a brand name or a typo; many are keyboard mashing.
        if len(spans) >= 2 and len(spans) >= 0.3 * candidates:
            return spans
        return []

    @staticmethod
    def _mixed_scripts(text):
        spans = []
        for m in WORD_RE.finditer(text):
            scripts = {script_of(char) for char in m.group(0) if char.isalpha()}
            if {"LATIN"} < scripts and scripts & {"CYRILLIC", "GREEK"}:
                spans.append((m.start(), m.end()))
        return spans


class DuplicateCheck(ReviewCheck):
    """Near-duplicates of other reviews (MinHash of word shingles, or embeddings when switched on).

    Options: ``threshold`` (estimated similarity from which a review counts as a copy), ``min_words``,
    ``score`` (what a copy adds to the risk).
    """

    name = "duplicate"
    label = _("Near-duplicate")

    def __init__(self, embeddings=False, threshold=0.8, min_words=6, score=0.4, **options):
        super().__init__(embeddings, **options)
        self.threshold = float(threshold)
        self.score = float(score)
        self.min_words = int(min_words)

    def check_many(self, reviews, history=None):
        earlier = history.recent_texts() if history is not None else []
        earlier = [(rid, text) for rid, text in earlier if len(WORD_RE.findall(text)) >= self.min_words]
        results = [CLEAN] * len(reviews)
        todo = [i for i, r in enumerate(reviews) if len(WORD_RE.findall(r.text)) >= self.min_words]
        if not todo:
            return results
        keys = [rid for rid, _t in earlier] + [reviews[i].review_id for i in todo]
        texts = [t for _r, t in earlier] + [reviews[i].text for i in todo]
        matches = self._embedding_matches(texts, len(earlier)) if self.embeddings else self._minhash_matches(
            texts, len(earlier))
        for position, index in enumerate(todo):
            own = len(earlier) + position
            review_id = reviews[index].review_id
            # Earlier reviews and the ones before it in this batch count; never itself.
            found = [(similarity, other) for similarity, other in matches.get(own, [])
                     if other < own and not (review_id is not None and keys[other] == review_id)]
            if not found:
                continue
            similarity, other = max(found)
            key = keys[other]
            message = (_("Nearly the same text as review %(id)s.") % {"id": key} if key
                       else _("Nearly the same text as another review."))
            # Evidence, not proof: genuine reviews repeat each other too. Alone it stays below "hold";
            # next to links or promotion it tips the review over.
            results[index] = CheckResult.from_reasons([Reason("near_duplicate", message, self.score)])
        return results

    def _minhash_matches(self, texts, first):
        """{index: [(similarity, other index)]} for texts from ``first`` on, via LSH banding."""
        hasher = MinHasher(permutations=64)
        signatures = [hasher.signature(t) for t in texts]
        bands, rows = 16, 4
        buckets = {}
        candidates = {}
        for index, signature in enumerate(signatures):
            if signature is None:
                continue
            for band in range(bands):
                key = (band, signature[band * rows:(band + 1) * rows].tobytes())
                for other in buckets.get(key, ()):
                    if index >= first:
                        candidates.setdefault(index, set()).add(other)
                buckets.setdefault(key, []).append(index)
        matches = {}
        for index, others in candidates.items():
            for other in others:
                similarity = float((signatures[index] == signatures[other]).mean())
                if similarity >= self.threshold:
                    matches.setdefault(index, []).append((similarity, other))
        return matches

    def _embedding_matches(self, texts, first):
        vectors = embed_texts(texts)
        similarity = vectors[first:] @ vectors.T
        matches = {}
        for row in range(similarity.shape[0]):
            index = first + row
            for other in (similarity[row, :index] >= self.threshold).nonzero()[0]:
                matches.setdefault(index, []).append((float(similarity[row, other]), int(other)))
        return matches


class BurstCheck(ReviewCheck):
    """Many reviews from one account or address in a short time.

    Options: ``window_minutes`` and ``max_reviews`` (more than this many in the window is a burst).
    """

    name = "burst"
    label = _("Burst of reviews")

    def __init__(self, embeddings=False, window_minutes=10, max_reviews=3, **options):
        super().__init__(embeddings, **options)
        self.window = timedelta(minutes=float(window_minutes))
        self.max_reviews = int(max_reviews)

    def check_many(self, reviews, history=None):
        results = []
        for index, review in enumerate(reviews):
            reasons = []
            for kind, value in (("author", review.author_id), ("ip", review.ip)):
                if not value or review.created is None:
                    continue
                since, until = review.created - self.window, review.created + self.window
                count = 1 + sum(1 for other in reviews[:index] + reviews[index + 1:]
                                if getattr(other, f"{kind}_id" if kind == "author" else kind) == value
                                and other.created is not None and since <= other.created <= until)
                if history is not None:
                    count += history.count_between(kind, value, since, until,
                                                   exclude=[r.review_id for r in reviews if r.review_id])
                if count > self.max_reviews:
                    message = (_("%(count)d reviews from this account within %(minutes)d minutes.") if kind == "author"
                               else _("%(count)d reviews from this address within %(minutes)d minutes."))
                    reasons.append(Reason(f"burst_{kind}", message % {
                        "count": count, "minutes": int(self.window.total_seconds() // 60)}, 0.5))
            results.append(CheckResult.from_reasons(reasons) if reasons else CLEAN)
        return results


# --- personal data ---------------------------------------------------------------------------------

EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.UNICODE)
CARD_RE = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w])"
                      r"|(?<![\w+])\+?\d{9,15}(?!\w)")
STREET_WORDS = (r"Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Way|Court|Ct\.?|"
                r"Place|Pl\.?|Square|Terrace|Close|Crescent|Straße|Strasse|Weg|Gasse")
ADDRESS_RE = re.compile(r"\b\d{1,5}[a-z]?\s+(?:[A-Z][\w'-]+\s+){1,3}(?:" + STREET_WORDS + r")\b"
                        r"(?:,?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?:,?\s+\d{4,6})?)?")


class PersonalDataCheck(ReviewCheck):
    """E-mail addresses, phone numbers, card numbers (Luhn-checked) and street addresses.

    The pipeline can mask these spans and publish (``MODERATION_MASK_AND_PUBLISH``) instead of holding.
    """

    name = "personal_data"
    label = _("Personal data")
    can_reject = False

    def check(self, review):
        text = review.text
        reasons = []
        cards = []
        for m in CARD_RE.finditer(text):
            if is_card_number(m.group(0)):
                cards.append((m.start(), m.end()))
        if cards:
            reasons.append(Reason("card_number", _("Contains a payment card number."), 0.8, tuple(cards)))
        emails = find_spans(EMAIL_RE, text)
        if emails:
            reasons.append(Reason("email", _("Contains an e-mail address."), 0.7, tuple(emails)))
        phones = []
        for m in PHONE_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            inside_other = any(s <= m.start() < e for s, e in cards + emails)
            if 9 <= len(digits) <= 15 and not inside_other:
                phones.append((m.start(), m.end()))
        if phones:
            reasons.append(Reason("phone", _("Contains a phone number."), 0.7, tuple(phones)))
        addresses = find_spans(ADDRESS_RE, text)
        if addresses:
            reasons.append(Reason("address", _("Contains a street address."), 0.6, tuple(addresses)))
        # Personal data is held for a person (or masked), never rejected on its own: the rest may be genuine.
        return CheckResult.strongest(reasons) if reasons else CLEAN


# --- off-topic ---------------------------------------------------------------------------------------

LOGISTICS_WORDS = {
    "delivery", "delivered", "deliver", "shipping", "shipped", "ship", "courier", "parcel", "package", "packaging",
    "postman", "post", "tracking", "dispatch", "dispatched", "arrive", "arrived", "arrival", "late", "order",
    "ordered", "refund", "refunded", "seller", "service", "support", "customer", "email", "emails", "reply",
    "replied", "driver", "warehouse", "days", "weeks", "week", "box", "website", "checkout", "payment",
}
PRODUCT_WORDS = {
    "quality", "fit", "fits", "size", "sizes", "colour", "color", "material", "fabric", "comfortable", "soft",
    "warm", "design", "looks", "feels", "wash", "washed", "strap", "straps", "zip", "sole", "handle", "glaze",
    "light", "shade", "cover", "filling", "poles", "seams", "pockets", "works", "broke", "broken", "cracked",
    "made", "finish", "price", "value", "love", "great", "perfect", "durable", "sturdy",
}
LOGISTICS_ANCHOR = "A complaint about delivery, shipping, the courier, the parcel, payment or customer service."


class OffTopicCheck(ReviewCheck):
    """Reviews that are not about the product (only about the delivery, say).

    Without embeddings it compares the review's words with delivery words and the product's own
    words; with ``MODERATION_EMBEDDINGS`` on it compares MiniLM similarities to the product and to a
    delivery anchor. Options: ``margin`` (embeddings), ``min_words``.
    """

    name = "off_topic"
    label = _("Off-topic")
    can_reject = False

    def __init__(self, embeddings=False, margin=0.05, min_words=5, **options):
        super().__init__(embeddings, **options)
        self.margin = float(margin)
        self.min_words = int(min_words)

    @staticmethod
    def product_text(product):
        attributes = " ".join(str(v) if not isinstance(v, (list, tuple)) else " ".join(map(str, v))
                              for v in product.attributes.values())
        return " ".join(part for part in (product.title, product.category or "", attributes,
                                          product.description[:500]) if part)

    def check_many(self, reviews, history=None):
        results = [CLEAN] * len(reviews)
        todo = [i for i, r in enumerate(reviews)
                if r.product is not None and len(WORD_RE.findall(r.text)) >= self.min_words]
        if not todo:
            return results
        if self.embeddings:
            review_vectors = embed_texts([reviews[i].text for i in todo])
            product_vectors = embed_texts([self.product_text(reviews[i].product) for i in todo])
            anchor = embed_texts([LOGISTICS_ANCHOR])[0]
            for row, index in enumerate(todo):
                to_product = float(review_vectors[row] @ product_vectors[row])
                to_logistics = float(review_vectors[row] @ anchor)
                if to_logistics > to_product + self.margin:
                    results[index] = self._off_topic()
            return results
        for index in todo:
            if self._only_logistics(reviews[index]):
                results[index] = self._off_topic()
        return results

    def _only_logistics(self, review):
        # Without a model, be strict: a genuine complaint that mentions the delivery in passing
        # ("it arrived with a mark on it") must not be held. Every sentence has to be about the
        # delivery or the shop, with several such words, and none about the product.
        sentences = [s for s in re.split(r"[.!?\n]+", review.text) if WORD_RE.search(s)]
        words = {w.lower() for w in WORD_RE.findall(review.text)}
        own = {w.lower() for w in WORD_RE.findall(self.product_text(review.product)) if len(w) > 3}
        if words & (PRODUCT_WORDS | own) or len(words & LOGISTICS_WORDS) < 3:
            return False
        return all({w.lower() for w in WORD_RE.findall(sentence)} & LOGISTICS_WORDS for sentence in sentences)

    @staticmethod
    def _off_topic():
        return CheckResult.from_reasons([Reason(
            "off_topic", _("Seems to be about the delivery or the shop, not about the product."), 0.5)])


# --- rating versus text ----------------------------------------------------------------------------

class RatingMismatchCheck(ReviewCheck):
    """Stars that disagree with the text. A signal for people only: it never hides a review."""

    name = "rating_mismatch"
    label = _("Rating and text disagree")
    decisive = False

    def check(self, review):
        if review.rating is None:
            return CLEAN
        mood = sentiment(review.text)
        if review.rating >= 4 and mood <= -0.5:
            return CheckResult.from_reasons([Reason("rating_mismatch", _(
                "The text reads negative but the rating is %(rating)d stars.") % {"rating": review.rating}, 0.3)])
        if review.rating <= 2 and mood >= 0.5:
            return CheckResult.from_reasons([Reason("rating_mismatch", _(
                "The text reads positive but the rating is %(rating)d stars.") % {"rating": review.rating}, 0.3)])
        return CLEAN
