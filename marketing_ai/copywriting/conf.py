"""Settings of the product copy studio (``marketing_ai.copywriting``), with their defaults: read through ``marketing_ai.conf.app_settings``.

Set them in the host's ``MARKETING_AI`` dict like every other marketing_ai setting. The text
backends themselves (``TEXT_BACKEND``, ``OPENAI_*``, ``TRANSFORMERS_*``) are core settings: the
assistant uses them too.
"""

DEFAULTS = {
    # Kinds of copy and their length limits in characters ("line_max": per line, for headlines).
    # Add a kind here (and a PromptTemplate for it) to extend the studio.
    "COPY_KINDS": {
        "description": {"min": 80, "max": 1200},
        "short_description": {"min": 40, "max": 280},
        "seo_title": {"min": 10, "max": 60},
        "meta_description": {"min": 120, "max": 160},
        "ad_headlines": {"line_max": 30, "lines": 5},
        "social_post": {"min": 40, "max": 280},
        "email_blurb": {"min": 60, "max": 500},
    },
    # Languages copy can be written in (the template composer writes "en" and "zh-hans").
    "COPY_LANGUAGES": ["en", "zh-hans"],
    # Copy in this language is written to the shop's own product fields on publish; copy in other
    # languages is served by {% product_copy %} only. None means settings.LANGUAGE_CODE.
    "COPY_SHOP_LANGUAGE": None,
    # A sentence about the brand's voice, given to model backends with every prompt.
    "COPY_BRAND_VOICE": "",
    # Words no generated copy may contain (case-insensitive); a draft that has one fails grounding.
    "COPY_FORBIDDEN_WORDS": ["best in the world", "guaranteed", "miracle", "cheapest"],
    # Brand names the grounding check knows besides those in the catalogue (a claim of another
    # product's brand is a failure).
    "COPY_KNOWN_BRANDS": [],
    # Products per chunk of a bulk generation job (each chunk is one transaction).
    # Draft copy for new products that have no description, as a background job (drafts only; a
    # person still approves and publishes). None: off. E.g. {"kinds": ["description", "seo_title"],
    # "language": "en", "tone": "professional"}.
    "COPY_AUTO_GENERATE": None,
    "COPY_JOB_CHUNK_SIZE": 8,
    # Product feed export: currency of the prices, and the site's base URL for links (None: the
    # request's host, or relative links from the command line).
    "COPY_FEED_CURRENCY": "EUR",
    "COPY_FEED_BASE_URL": None,
    # REST throttle scope (merged into THROTTLE_RATES).
    "THROTTLE_RATES": {"copy": "60/min"},
}
