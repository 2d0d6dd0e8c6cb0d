"""Prompts for model backends: tone presets, default templates per kind and language, requests.

The defaults below seed ``PromptTemplate`` rows (migration 0002_default_prompts); the admin edits the rows, and
``build_requests`` reads them. The template backend ignores the prompt and uses the facts in
``TextRequest.metadata``; model backends get both.
"""

import string

from django.utils.translation import gettext_lazy as _

from marketing_ai.conf import app_settings
from marketing_ai.textgen import TextRequest

TONE_PRESETS = {
    "professional": "clear, confident and factual",
    "friendly": "warm, upbeat and conversational",
    "luxury": "refined, elegant and understated",
    "playful": "light-hearted, witty and fun",
    "concise": "short, plain and to the point",
}
TONE_LABELS = {
    "professional": _("Professional"), "friendly": _("Friendly"), "luxury": _("Luxury"),
    "playful": _("Playful"), "concise": _("Concise"),
}
LANGUAGE_LABELS = {"en": _("English"), "zh-hans": _("Simplified Chinese")}
KIND_LABELS = {
    "description": _("Description"), "short_description": _("Short description"), "seo_title": _("SEO title"),
    "meta_description": _("Meta description"), "ad_headlines": _("Ad headlines"), "social_post": _("Social post"),
    "email_blurb": _("E-mail blurb"),
}
# What each kind asks for, in words a small model understands.
KIND_TASKS = {
    "description": "a product description of three to five sentences",
    "short_description": "a one or two sentence summary",
    "seo_title": "an SEO page title of at most 60 characters",
    "meta_description": "a meta description of 120 to 160 characters",
    "ad_headlines": "five ad headlines, one per line, each at most 30 characters",
    "social_post": "a short social media post",
    "email_blurb": "a short paragraph for a newsletter e-mail",
}
MAX_NEW_TOKENS = {"seo_title": 32, "ad_headlines": 80, "meta_description": 80, "short_description": 90}
PLACEHOLDERS = ["title", "category", "facts", "task", "tone", "limits", "brand_voice", "instructions", "forbidden"]

SYSTEM_EN = ("You are a careful e-commerce copywriter. Use only the facts given. Never invent materials, sizes, "
             "numbers, certifications or features. Reply with the copy only.")
SYSTEM_ZH = "你是一名严谨的电商文案。只使用所给的事实，不要编造材质、尺码、数字、认证或功能。只输出文案本身。"
BODY_EN = ("Write {task} for this product in a {tone} tone. {limits}\n"
           "Product: {title}\nCategory: {category}\nFacts:\n{facts}\n{brand_voice}{instructions}{forbidden}")
BODY_ZH = ("请用{tone}的语气为下面的商品写{task}。{limits}\n"
           "商品：{title}\n类别：{category}\n事实：\n{facts}\n{brand_voice}{instructions}{forbidden}")


def default_prompts():
    """(kind, language, system, body) for every kind in both shipped languages."""
    rows = []
    for kind in KIND_TASKS:
        rows.append((kind, "en", SYSTEM_EN, BODY_EN))
        rows.append((kind, "zh-hans", SYSTEM_ZH, BODY_ZH))
    return rows


def kinds():
    """The configured kinds of copy."""
    return list(app_settings.COPY_KINDS)


def kind_label(kind):
    """The translated label of a kind of copy (the kind itself, humanised, for kinds added in settings)."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def validate_prompt_body(body):
    """Raise ValueError naming the first placeholder that is not one of ``PLACEHOLDERS``."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(body) if name is not None]
    except ValueError as exc:
        raise ValueError(f"the prompt is not a valid template: {exc}") from exc
    for name in fields:
        if name not in PLACEHOLDERS:
            raise ValueError(f"unknown placeholder {{{name}}}; use: {', '.join(PLACEHOLDERS)}")


def _facts_lines(facts):
    lines = []
    for key, value in (facts.get("attributes") or {}).items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(item) for item in value)
        lines.append(f"- {str(key).replace('_', ' ')}: {value}")
    return "\n".join(lines) or "-"


def _limits_text(limits):
    if limits.get("line_max"):
        return f"Each line at most {limits['line_max']} characters."
    if limits.get("min") and limits.get("max"):
        return f"Between {limits['min']} and {limits['max']} characters."
    if limits.get("max"):
        return f"At most {limits['max']} characters."
    return ""


class PromptBook:
    """The prompt templates of one batch, read from the database once."""

    def __init__(self):
        from django.db import DatabaseError

        from marketing_ai.copywriting.models import PromptTemplate

        try:
            self.rows = {(row.kind, row.language): row for row in PromptTemplate.objects.all()}
        except DatabaseError:
            # No migrated database (evaluate-copy on a fresh checkout): the shipped prompts serve.
            self.rows = {}
        self.defaults = {(kind, language): (system, body) for kind, language, system, body in default_prompts()}

    def get(self, kind, language):
        """(system, body, version label) for a kind and language; English when the language has none."""
        for key in ((kind, language), (kind, "en")):
            row = self.rows.get(key)
            if row is not None:
                return row.system, row.body, f"{row.kind}/{row.language}/v{row.version}"
        system, body = self.defaults.get((kind, language)) or (SYSTEM_EN, BODY_EN)
        return system, body, f"{kind}/{language}/default"


def build_request(facts, kind, language, tone, instructions="", book=None, seed=None):
    """The ``TextRequest`` for one piece of copy, and the prompt version it used."""
    limits = app_settings.COPY_KINDS.get(kind, {})
    system, body, version = (book or PromptBook()).get(kind, language)
    forbidden = app_settings.COPY_FORBIDDEN_WORDS
    values = {
        "title": facts.get("title", ""),
        "category": facts.get("category", "") or "-",
        "facts": _facts_lines(facts),
        "task": KIND_TASKS.get(kind, kind.replace("_", " ")),
        "tone": TONE_PRESETS.get(tone, tone),
        "limits": _limits_text(limits),
        "brand_voice": f"Brand voice: {app_settings.COPY_BRAND_VOICE}\n" if app_settings.COPY_BRAND_VOICE else "",
        "instructions": f"Extra instructions: {instructions}\n" if instructions else "",
        "forbidden": f"Never use these words: {', '.join(forbidden)}\n" if forbidden else "",
    }
    try:
        prompt = body.format(**values)
    except (KeyError, IndexError, ValueError):
        # A template broken in the admin must not stop generation: fall back to the shipped one.
        prompt = (BODY_ZH if language.startswith("zh") else BODY_EN).format(**values)
    request = TextRequest(
        prompt=prompt.strip(),
        system=system,
        max_new_tokens=MAX_NEW_TOKENS.get(kind, 200),
        temperature=0.7,
        seed=seed,
        metadata={"facts": facts, "kind": kind, "tone": tone, "language": language, "limits": limits,
                  "instructions": instructions},
    )
    return request, version
