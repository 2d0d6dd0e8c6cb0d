"""The grounding check: generated copy may claim only what the product's own data says.

Every number (with its unit), clothing size, material, colour, brand and named feature found in
the text must come from the product's facts; forbidden words and the kind's length limits are
enforced too. The result is a ``GroundingReport`` whose ``failures`` name each failing claim, so
that a merchandiser sees why a draft was refused.
"""

import re
from dataclasses import dataclass, field

from marketing_ai.copywriting.vocabulary import (COLOURS, FEATURES, MATERIALS, SIZE_TOKENS, UNITS, ZH_TERMS,
                                                  display_length)

# ASCII letters and digits around a term: "\b" would not separate "尺码S" in Chinese text.
_LEFT = r"(?<![A-Za-z0-9])"
_RIGHT = r"(?![A-Za-z0-9])"
_UNIT_RE = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
NUMBER_RE = re.compile(rf"(?<![A-Za-z0-9.,])(\d+(?:[.,]\d+)?)(?:\s?({_UNIT_RE})(?![A-Za-z]))?", re.IGNORECASE)
SIZE_RE = re.compile(_LEFT + r"(?<!\d )(" + "|".join(sorted(SIZE_TOKENS, key=len, reverse=True)) + r")" + _RIGHT)


@dataclass
class GroundingReport:
    """Whether a text passed, and each failing claim as {"type", "claim", "reason"}."""

    passed: bool
    failures: list = field(default_factory=list)
    claims: int = 0

    def as_dict(self):
        """The report as stored on a draft (JSON)."""
        return {"passed": self.passed, "failures": list(self.failures), "claims": self.claims}


def _number(value):
    value = value.replace(",", ".")
    return value.rstrip("0").rstrip(".") if "." in value else value.lstrip("0") or "0"


def _fact_text(facts):
    parts = [str(facts.get("title") or ""), str(facts.get("category") or ""), str(facts.get("price") or "")]
    for key, value in (facts.get("attributes") or {}).items():
        parts.append(str(key).replace("_", " "))
        if isinstance(value, (list, tuple)):
            parts.extend(str(item) for item in value)
        elif isinstance(value, dict):
            parts.extend(f"{k} {v}" for k, v in value.items())
        else:
            # "filling: duck feather" may be written "a duck feather filling".
            parts.append(f"{value} {str(key).replace('_', ' ')}")
    return " \n ".join(parts)


def _term_pattern(terms):
    terms = sorted({term.lower() for term in terms if term and term.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile(_LEFT + "(" + "|".join(re.escape(term) for term in terms) + ")" + _RIGHT, re.IGNORECASE)


class GroundingChecker:
    """Checks texts against product facts; build one per batch (it compiles the vocabulary once).

    ``known_brands``, ``materials``, ``colours`` and ``features`` extend the built-in vocabulary,
    typically with every value of the catalogue: a claim of another product's brand then fails.
    """

    def __init__(self, known_brands=(), materials=(), colours=(), features=(), forbidden_words=(), limits=None):
        self.kinds = {
            "brand": _term_pattern(known_brands),
            "material": _term_pattern([*MATERIALS, *materials]),
            "colour": _term_pattern([*COLOURS, *colours]),
            "feature": _term_pattern([*FEATURES, *features]),
        }
        self.forbidden = _term_pattern(forbidden_words)
        self.limits = limits or {}

    @classmethod
    def for_products(cls, facts_list, forbidden_words=(), limits=None, known_brands=()):
        """A checker whose vocabulary also holds every brand, material, colour and feature of ``facts_list``."""
        brands, materials, colours, features = set(known_brands), set(), set(), set()
        for facts in facts_list:
            attributes = facts.get("attributes") or {}
            for key, target in (("brand", brands), ("material", materials), ("colour", colours),
                                ("color", colours), ("features", features)):
                value = attributes.get(key)
                if isinstance(value, (list, tuple)):
                    target.update(str(item) for item in value)
                elif value:
                    target.add(str(value))
        return cls(brands, materials, colours, features, forbidden_words, limits)

    def check(self, text, facts, kind=None):
        """A ``GroundingReport`` for ``text`` written about the product described by ``facts``."""
        failures = []
        claims = 0
        fact_text = _fact_text(facts)
        lowered = fact_text.lower()
        fact_numbers, fact_pairs = set(), set()
        for number, unit in NUMBER_RE.findall(fact_text):
            fact_numbers.add(_number(number))
            if unit:
                fact_pairs.add((_number(number), unit.lower()))
        for number, unit in NUMBER_RE.findall(text):
            claims += 1
            value = _number(number)
            if value not in fact_numbers:
                failures.append({"type": "number", "claim": f"{number} {unit}".strip(),
                                 "reason": "this number is not in the product's data"})
            elif unit and (value, unit.lower()) not in fact_pairs:
                failures.append({"type": "unit", "claim": f"{number} {unit}",
                                 "reason": "the product's data gives this number with another unit"})
        fact_sizes = set(SIZE_RE.findall(fact_text))
        for size in SIZE_RE.findall(text):
            claims += 1
            if size not in fact_sizes:
                failures.append({"type": "size", "claim": size, "reason": "this size is not in the product's data"})
        for claim_type, pattern in self.kinds.items():
            if pattern is None:
                continue
            for match in {m.lower() for m in pattern.findall(text)}:
                claims += 1
                if match not in lowered:
                    failures.append({"type": claim_type, "claim": match,
                                     "reason": f"this {claim_type} is not in the product's data"})
        remaining = text
        for term, english in ZH_TERMS.items():
            if term in remaining:
                # Consume the term so that a shorter one inside it is not read as a second claim.
                remaining = remaining.replace(term, "\x00")
                claims += 1
                if not any(word in lowered for word in english):
                    failures.append({"type": "term", "claim": term,
                                     "reason": f"claims {sorted(english)[0]!r}, which is not in the product's data"})
        if self.forbidden is not None:
            for match in {m.lower() for m in self.forbidden.findall(text)}:
                failures.append({"type": "forbidden", "claim": match, "reason": "this word is not allowed in copy"})
        failures.extend(self._length_failures(text, kind))
        if not text.strip():
            failures.append({"type": "empty", "claim": "", "reason": "the text is empty"})
        return GroundingReport(passed=not failures, failures=failures, claims=claims)

    def _length_failures(self, text, kind):
        limits = self.limits.get(kind) or {}
        failures = []
        # Display length: limits are about the space copy takes in results and ad slots.
        length = display_length(text.strip())
        if limits.get("max") and length > limits["max"]:
            failures.append({"type": "length", "claim": str(length),
                             "reason": f"longer than {limits['max']} characters"})
        if limits.get("min") and length < limits["min"]:
            failures.append({"type": "length", "claim": str(length),
                             "reason": f"shorter than {limits['min']} characters"})
        if limits.get("line_max"):
            for line in text.splitlines():
                if display_length(line.strip()) > limits["line_max"]:
                    failures.append({"type": "length", "claim": line.strip(),
                                     "reason": f"line longer than {limits['line_max']} characters"})
        return failures
