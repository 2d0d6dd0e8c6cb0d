"""The template composer: fluent, varied product copy built only from a product's own facts.

No model and no network. Every sentence is filled from the product's title, category and
attributes, so the grounding check passes by construction. Variety comes from several phrasings
per fact, chosen and ordered by a ``random.Random`` seeded with the request's seed and the
product's id: the same seed gives the same text, two products get different sentences.

``compose(facts, kind, tone, language, seed)`` is the whole interface; ``facts`` is a plain dict
(``title``, ``category``, ``attributes``; see ``product_facts``).
"""

import hashlib
import random

from marketing_ai.copywriting.vocabulary import display_length, zh

TONES = ["professional", "friendly", "luxury", "playful", "concise"]
LANGUAGES = ["en", "zh-hans"]
KINDS = ["description", "short_description", "seo_title", "meta_description", "ad_headlines", "social_post",
         "email_blurb"]

# Attributes given their own sentence; any other key becomes a "key: value" spec.
KNOWN_KEYS = {"brand", "material", "colour", "color", "sizes", "features", "fit", "fabric_weight", "weight",
              "capacity", "dimensions", "bulb", "filling", "season"}


def product_facts(product):
    """The facts of a ``ProductData`` as the plain dict the composer and the prompts use."""
    return {
        "id": str(product.id),
        "title": product.title,
        "category": product.category or "",
        "attributes": dict(product.attributes or {}),
        "price": str(product.price) if product.price is not None else "",
    }


def _listing(values, language, conjunction=None):
    values = [str(value) for value in values if str(value).strip()]
    if language == "zh-hans":
        return "、".join(values)
    if len(values) <= 1:
        return "".join(values)
    conjunction = conjunction or "and"
    return f"{', '.join(values[:-1])} {conjunction} {values[-1]}"


def _size_range(sizes):
    sizes = [str(size) for size in sizes]
    if len(sizes) >= 3:
        return sizes[0], sizes[-1]
    return None


class _Facts:
    """Normalised view of the facts: the words the sentences are made of."""

    def __init__(self, facts):
        attributes = facts.get("attributes") or {}
        self.title = str(facts.get("title") or "").strip()
        self.category = str(facts.get("category") or "").strip()
        self.brand = str(attributes.get("brand") or "").strip()
        self.material = str(attributes.get("material") or "").strip()
        self.colour = str(attributes.get("colour") or attributes.get("color") or "").strip()
        sizes = attributes.get("sizes") or []
        self.sizes = [str(size) for size in sizes] if isinstance(sizes, (list, tuple)) else [str(sizes)]
        features = attributes.get("features") or []
        self.features = [str(f) for f in features] if isinstance(features, (list, tuple)) else [str(features)]
        self.specs = []  # (label, value) pairs of measured facts, in a stable order
        for key in ("fit", "fabric_weight", "weight", "capacity", "dimensions", "bulb", "filling", "season"):
            if attributes.get(key):
                self.specs.append((key, str(attributes[key])))
        for key, value in attributes.items():
            if key not in KNOWN_KEYS and isinstance(value, (str, int, float)) and str(value).strip():
                self.specs.append((str(key), str(value)))
        noun = self.category.rstrip("s") if self.category.endswith("s") and len(self.category) > 3 else self.category
        self.noun = noun.lower() if noun else "piece"


# --- English ---------------------------------------------------------------------------------

EN_OPENERS = {
    "professional": [
        "{title} is a well-made {noun}{by_brand}.",
        "Meet the {title}: a dependable {noun}{by_brand}.",
        "The {title} brings considered design to an everyday {noun}.",
        "Built for daily use, the {title} is a {noun}{by_brand} that does its job well.",
    ],
    "friendly": [
        "Say hello to the {title}, a {noun} you will reach for again and again.",
        "Looking for a {noun} that just works? The {title} is here for you.",
        "The {title} is the kind of {noun} that quickly becomes a favourite.",
        "Here is the {title}: an easy-going {noun}{by_brand}.",
    ],
    "luxury": [
        "The {title} is an exquisite {noun}{by_brand}, made to be savoured.",
        "Refined in every detail, the {title} elevates the {noun}.",
        "Discover the {title}, a {noun} of quiet distinction{by_brand}.",
        "The {title}: understated elegance in the form of a {noun}.",
    ],
    "playful": [
        "Ta-da! The {title} has arrived, and it is one fun {noun}.",
        "Psst: the {title} is the {noun} your days have been waiting for.",
        "Good news for {noun} fans: the {title} is in the house.",
        "Who knew a {noun} could be this cheerful? Meet the {title}.",
    ],
    "concise": [
        "{title}: a {noun}{by_brand}.",
        "The {title}, a simple {noun}{by_brand}.",
        "{title}. A {noun} that keeps it simple.",
    ],
}

EN_MATERIAL = [
    "It is made of {material}{in_colour}.",
    "Crafted from {material}{in_colour}.",
    "{Material} gives it its character{comma_colour}.",
    "The {material} construction{in_colour} is the heart of it.",
]
EN_COLOUR_ONLY = ["It comes in {colour}.", "The colour is {colour}.", "Available in {colour}."]
EN_FEATURES = [
    "Highlights: {features}.",
    "Thoughtful touches: {features}.",
    "Details that matter: {features}.",
]
EN_SIZES_RANGE = ["Sizes run from {first} to {last}.", "Choose a size from {first} to {last}.",
                  "Available in sizes {first} to {last}."]
EN_SIZES_LIST = ["Available in size {sizes}.", "Sizes: {sizes}."]
EN_SPEC_LABELS = {
    "fit": "a {value} fit", "fabric_weight": "a fabric weight of {value}", "weight": "a weight of {value}",
    "capacity": "a capacity of {value}", "dimensions": "dimensions of {value}", "bulb": "a {value} bulb",
    "filling": "a {value} filling", "season": "{value} use",
}
EN_SPECS = ["Specifications: {specs}.", "It has {specs}.", "The numbers: {specs}.", "Key specs: {specs}."]
EN_CLOSERS = {
    "professional": ["A sound choice for years of use.", "Practical, reliable and easy to care for.",
                     "A solid addition to any collection.", "Made to be used, day after day.",
                     "Straightforward quality you can count on."],
    "friendly": ["We think you will love it.", "Treat yourself, you deserve it.", "Go on, make it yours.",
                 "It might just become your new favourite.", "Easy to like, easy to live with."],
    "luxury": ["An indulgence worth every moment.", "For those who appreciate the finer things.",
               "Luxury, quietly expressed.", "Made for moments worth savouring.", "Effortless, timeless, yours."],
    "playful": ["Your new favourite thing? We think so.", "Warning: may cause spontaneous smiling.",
                "Go on, have some fun with it.", "Boring? Not on our watch.", "High fives all round."],
    "concise": ["Simple and useful.", "Nothing more, nothing less.", "Does the job.", "Plain and practical."],
}
EN_CALLS = {
    "professional": ["Order yours today.", "Available now in our shop.", "Add it to your order today.",
                     "Order online now."],
    "friendly": ["Grab yours today!", "Pop it in your basket today.", "Bring one home today!",
                 "Treat yourself today!"],
    "luxury": ["Make it yours.", "Discover it in our shop.", "Reserve yours today.", "Indulge today."],
    "playful": ["Grab it before someone else does!", "Add it to your basket and do a little dance.",
                "Click, cart, celebrate!", "Go on, you know you want to!"],
    "concise": ["Shop now.", "Order today.", "Buy now.", "Get it today."],
}
EN_SEO_PATTERNS = ["{title} | {brand}", "{title} – {category}", "{title} in {colour}", "Buy {title}", "{title}"]
EN_META_FILLERS = ["Order online today.", "Discover it in our shop.", "See all the details here.",
                   "Available now.", "Take a closer look today.", "Browse the full range in our shop.",
                   "Find it in our online shop today."]


def _en_sentences(f, tone, rng):
    by_brand = f" by {f.brand}" if f.brand and f.brand.lower() not in f.title.lower() else ""
    opener = rng.choice(EN_OPENERS[tone]).format(title=f.title, noun=f.noun, by_brand=by_brand)
    body = []
    if f.material:
        in_colour = f" in {f.colour}" if f.colour else ""
        comma_colour = f", here in {f.colour}" if f.colour else ""
        body.append(rng.choice(EN_MATERIAL).format(material=f.material, Material=f.material[:1].upper() + f.material[1:],
                                                   in_colour=in_colour, comma_colour=comma_colour))
    elif f.colour:
        body.append(rng.choice(EN_COLOUR_ONLY).format(colour=f.colour))
    if f.features:
        features = list(f.features)
        rng.shuffle(features)
        body.append(rng.choice(EN_FEATURES).format(features=_listing(features, "en")))
    if f.specs:
        parts = [EN_SPEC_LABELS.get(key, key.replace("_", " ") + " {value}").format(value=value)
                 for key, value in f.specs]
        body.append(rng.choice(EN_SPECS).format(specs=_listing(parts, "en")))
    if f.sizes:
        span = _size_range(f.sizes)
        if span:
            body.append(rng.choice(EN_SIZES_RANGE).format(first=span[0], last=span[1]))
        else:
            body.append(rng.choice(EN_SIZES_LIST).format(sizes=_listing(f.sizes, "en", "or")))
    rng.shuffle(body)
    return opener, body, rng.choice(EN_CLOSERS[tone]), rng.choice(EN_CALLS[tone])


# --- Simplified Chinese --------------------------------------------------------------------------

ZH_OPENERS = {
    "professional": ["{title}是一款做工扎实的{noun}{by_brand}。", "{title}：一款可靠耐用的{noun}{by_brand}。",
                     "为日常使用而设计，{title}是一款值得信赖的{noun}。"],
    "friendly": ["来认识一下{title}吧，一款让你爱不释手的{noun}。", "想找一款省心的{noun}？{title}正合适。",
                 "{title}，一款很快就会成为你心头好的{noun}。"],
    "luxury": ["{title}是一款精致考究的{noun}{by_brand}，值得细细品味。", "每一处细节都经过雕琢，{title}重新定义了{noun}。",
               "探索{title}：低调而优雅的{noun}。"],
    "playful": ["当当当！{title}来啦，超有趣的{noun}。", "悄悄告诉你：{title}就是你一直在等的{noun}。",
                "{noun}爱好者的好消息：{title}登场啦！"],
    "concise": ["{title}：{noun}{by_brand}。", "{title}，简约实用的{noun}。"],
}
ZH_MATERIAL = ["采用{material}制成{in_colour}。", "以{material}打造{in_colour}。", "{material}材质{in_colour}，质感出众。"]
ZH_COLOUR_ONLY = ["颜色为{colour}。", "提供{colour}款。"]
ZH_FEATURES = ["亮点：{features}。", "特点包括：{features}。", "贴心细节：{features}。"]
ZH_SIZES_RANGE = ["尺码从 {first} 到 {last}。", "可选尺码 {first} 至 {last}。"]
ZH_SIZES_LIST = ["尺码：{sizes}。"]
ZH_SPEC_LABELS = {
    "fit": "{value} 版型", "fabric_weight": "面料克重 {value}", "weight": "重量 {value}", "capacity": "容量 {value}",
    "dimensions": "尺寸 {value}", "bulb": "灯泡 {value}", "filling": "填充物 {value}", "season": "适用季节 {value}",
}
ZH_SPECS = ["规格：{specs}。", "参数：{specs}。"]
ZH_CLOSERS = {
    "professional": ["经久耐用，是明智之选。", "实用可靠，易于打理。"],
    "friendly": ["相信你一定会喜欢。", "犒劳一下自己吧。"],
    "luxury": ["为懂得品味的你而生。", "低调的奢华，尽在其中。"],
    "playful": ["你的新宠？我们觉得是！", "小心，可能会让你忍不住微笑。"],
    "concise": ["简单实用。", "恰到好处。"],
}
ZH_CALLS = {
    "professional": ["立即选购。", "现已在店内发售。"],
    "friendly": ["快把它带回家吧！", "今天就加入购物车吧！"],
    "luxury": ["即刻拥有。", "欢迎到店品鉴。"],
    "playful": ["手慢无，快抢！", "加入购物车，开心一整天！"],
    "concise": ["立即购买。", "马上下单。"],
}
ZH_SEO_PATTERNS = ["{title} | {brand}", "{title} - {category}", "{title}", "选购{title}"]
ZH_META_FILLERS = ["立即在线选购。", "欢迎进店了解更多详情。", "现已发售。", "查看全部细节。", "品质之选，值得拥有。",
                   "更多款式，尽在本店。", "欢迎收藏本店，随时选购。"]


def _zh_sentences(f, tone, rng):
    by_brand = f"（{f.brand}出品）" if f.brand and f.brand.lower() not in f.title.lower() else ""
    noun = zh(f.category) if f.category else "商品"
    opener = rng.choice(ZH_OPENERS[tone]).format(title=f.title, noun=noun, by_brand=by_brand)
    body = []
    if f.material:
        in_colour = f"，{zh(f.colour)}款" if f.colour else ""
        body.append(rng.choice(ZH_MATERIAL).format(material=zh(f.material), in_colour=in_colour))
    elif f.colour:
        body.append(rng.choice(ZH_COLOUR_ONLY).format(colour=zh(f.colour)))
    if f.features:
        features = [zh(feature) for feature in f.features]
        rng.shuffle(features)
        body.append(rng.choice(ZH_FEATURES).format(features=_listing(features, "zh-hans")))
    if f.specs:
        parts = [ZH_SPEC_LABELS.get(key, key.replace("_", " ") + " {value}").format(value=value)
                 for key, value in f.specs]
        body.append(rng.choice(ZH_SPECS).format(specs=_listing(parts, "zh-hans")))
    if f.sizes:
        span = _size_range(f.sizes)
        if span:
            body.append(rng.choice(ZH_SIZES_RANGE).format(first=span[0], last=span[1]))
        else:
            body.append(rng.choice(ZH_SIZES_LIST).format(sizes=_listing(f.sizes, "zh-hans")))
    rng.shuffle(body)
    return opener, body, rng.choice(ZH_CLOSERS[tone]), rng.choice(ZH_CALLS[tone])


# --- kinds ------------------------------------------------------------------------------------------


def _fit(text, limit):
    """Cut ``text`` to ``limit`` (display length) at a word boundary (never mid-word)."""
    if display_length(text) <= limit:
        return text
    width, end = 0, 0
    for end, char in enumerate(text):
        width += display_length(char)
        if width > limit:
            break
    cut = text[:end]
    if " " in cut and not text[end:end + 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:|–-")


def _join(sentences, language):
    return ("" if language == "zh-hans" else " ").join(s for s in sentences if s)


def _fill(sentences, fillers, language, low, high, rng):
    """Sentences in order while they fit under ``high``; fillers (no facts) until ``low`` is reached."""
    chosen = []
    for sentence in sentences:
        if display_length(_join([*chosen, sentence], language)) <= high:
            chosen.append(sentence)
    spare = list(fillers)
    rng.shuffle(spare)
    while display_length(_join(chosen, language)) < low and spare:
        sentence = spare.pop()
        if display_length(_join([*chosen, sentence], language)) <= high:
            chosen.append(sentence)
    text = _join(chosen, language)
    return text if text else _fit(_join(sentences, language), high)


def _headlines(f, language, tone, limit, count, rng):
    if language == "zh-hans":
        category = zh(f.category) if f.category else ""
        candidates = [f.title, f"{f.brand}{category}" if f.brand else "", f"{zh(f.material)}材质" if f.material else "",
                      f"{zh(f.colour)}款{category}" if f.colour else "", rng.choice(ZH_CALLS[tone]).rstrip("。！"),
                      (zh(f.features[0]) if f.features else "")]
    else:
        candidates = [f.title, f"{f.brand} {f.category}".strip() if f.brand else "",
                      f"{f.material[:1].upper()}{f.material[1:]}, done right" if f.material else "",
                      f"Now in {f.colour}" if f.colour else "",
                      f"{f.features[0][:1].upper()}{f.features[0][1:]}" if f.features else "",
                      rng.choice(EN_CALLS[tone]).rstrip(".!")]
    lines = []
    for candidate in candidates:
        line = _fit(candidate.strip(), limit)
        if line and line not in lines:
            lines.append(line)
    head, tail = lines[:1], lines[1:]
    rng.shuffle(tail)
    return "\n".join((head + tail)[:count])


def compose(facts, kind, tone="professional", language="en", seed=None, limits=None):
    """Write one piece of copy of ``kind`` about the product described by ``facts``."""
    tone = tone if tone in TONES else "professional"
    language = "zh-hans" if str(language).lower().startswith("zh") else "en"
    limits = limits or {}
    f = _Facts(facts)
    # The product's id joins the seed: two products never share the same choices by accident.
    digest = hashlib.blake2b(f"{seed}:{facts.get('id', f.title)}:{kind}".encode(), digest_size=8).digest()
    rng = random.Random(int.from_bytes(digest, "big"))
    writer = _zh_sentences if language == "zh-hans" else _en_sentences
    opener, body, closer, call = writer(f, tone, rng)
    fillers = ZH_META_FILLERS if language == "zh-hans" else EN_META_FILLERS
    high = limits.get("max")
    low = limits.get("min", 0)
    if kind == "seo_title":
        patterns = ZH_SEO_PATTERNS if language == "zh-hans" else EN_SEO_PATTERNS
        usable = [p for p in patterns if ("{brand}" not in p or (f.brand and f.brand.lower() not in f.title.lower()))
                  and ("{category}" not in p or f.category) and ("{colour}" not in p or f.colour)]
        limit = high or 60
        category = zh(f.category) if language == "zh-hans" else f.category
        options = [p.format(title=f.title, brand=f.brand, category=category, colour=zh(f.colour) if language ==
                            "zh-hans" else f.colour) for p in usable]
        fitting = ([o for o in options if low <= display_length(o) <= limit]
                   or [o for o in options if display_length(o) <= limit])
        return rng.choice(fitting) if fitting else _fit(f.title, limit)
    if kind == "ad_headlines":
        return _headlines(f, language, tone, limits.get("line_max", 30), limits.get("lines", 5), rng)
    if kind == "meta_description":
        return _fill([opener, *body, call], fillers, language, low or 120, high or 160, rng)
    if kind == "short_description":
        return _fill([opener, *body[:1]], [call, closer, *fillers], language, low, high or 280, rng)
    if kind == "social_post":
        tags = " ".join(f"#{word.replace(' ', '').replace('&', '')}" for word in (f.brand, f.category) if word)
        sentences = [opener, *body[:1], call]
        text = _fill(sentences, [closer, *fillers], language, low, (high or 280) - display_length(tags) - 1, rng)
        return f"{text} {tags}".strip()
    if kind == "email_blurb":
        return _fill([opener, *body[:2], call], [closer, *fillers], language, low, high or 500, rng)
    # description, and any kind added in settings: the full text.
    sentences = [opener, *body] if tone == "concise" else [opener, *body, closer]
    return _fill(sentences, [call, *fillers], language, low, high or 2000, rng)
