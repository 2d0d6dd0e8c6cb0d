"""Words that make a factual claim about a product: materials, colours, features, sizes.

The composer uses the Chinese glossary to write about a product in Simplified Chinese; the
grounding check maps the same Chinese terms back to the English facts they claim.
"""

MATERIALS = [
    "organic cotton", "cotton", "linen", "hemp", "wool", "merino wool", "merino", "cashmere", "silk", "alpaca",
    "polyester", "recycled polyester", "nylon", "ripstop nylon", "polyamide", "elastane", "spandex", "fleece",
    "down", "duck feather", "goose down", "kapok", "leather", "suede", "canvas", "denim", "corduroy", "jersey",
    "stoneware", "porcelain", "ceramic", "earthenware", "glass", "borosilicate glass", "bamboo", "oak", "walnut",
    "beech", "ash", "pine", "teak", "rattan", "cork", "steel", "stainless steel", "aluminium", "aluminum", "brass",
    "copper", "iron", "concrete", "marble", "rubber", "plastic", "acrylic", "viscose", "lyocell", "tencel",
    "modal", "gore-tex", "softshell", "waxed cotton", "polyurethane", "pvc", "paper", "velvet", "tweed",
]

COLOURS = [
    "black", "white", "grey", "gray", "charcoal", "navy", "blue", "sky blue", "light blue", "red", "burgundy",
    "green", "forest green", "olive", "sage", "mint", "yellow", "mustard", "orange", "rust", "terracotta",
    "brown", "tan", "sand", "beige", "cream", "ivory", "pink", "purple", "lilac", "teal", "gold", "silver",
]

FEATURES = [
    "waterproof", "water-resistant", "water resistant", "windproof", "breathable", "machine washable",
    "dishwasher safe", "microwave safe", "oven safe", "insulated", "packable", "reflective", "recycled",
    "organic", "vegan", "handmade", "hand-made", "fair trade", "fair trade certified", "pre-shrunk", "odour resistant",
    "odor resistant", "uv protection", "anti-slip", "non-slip", "stain resistant", "wrinkle-free", "quick-dry",
    "quick dry", "dimmable", "cordless", "rechargeable", "wireless", "bluetooth", "lifetime warranty", "warranty",
    "hypoallergenic", "biodegradable", "compostable", "gluten-free", "lightweight", "ultralight", "heated",
    "removable cover", "taped seams", "hood", "zip pockets", "laptop sleeve", "padded", "adjustable",
]

# Clothing sizes written as standalone tokens ("XS", "XL"); numbers (shoe sizes) are checked as numbers.
SIZE_TOKENS = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "2XL", "3XL", "4XL"]

# Units a number can carry; "30 L" and "30 ml" are different claims.
UNITS = [
    "g/m²", "g/m2", "mah", "ml", "cl", "l", "mm", "cm", "km", "kg", "g", "mg", "oz", "lb", "lbs", "w", "kw", "v",
    "gb", "tb", "inch", "inches", "%", "person", "persons", "people", "season", "pack", "pcs", "pieces",
    "毫升", "升", "厘米", "毫米", "克", "千克", "公斤", "瓦", "人",
]

# English fact -> Simplified Chinese. Terms not listed stay in English in Chinese copy.
ZH_GLOSSARY = {
    "black": "黑色", "white": "白色", "grey": "灰色", "gray": "灰色", "charcoal": "炭灰色", "navy": "藏青色",
    "blue": "蓝色", "sky blue": "天蓝色", "red": "红色", "burgundy": "酒红色", "green": "绿色",
    "forest green": "森林绿", "olive": "橄榄绿", "yellow": "黄色", "mustard": "芥末黄", "orange": "橙色",
    "rust": "铁锈红", "terracotta": "陶土色", "brown": "棕色", "sand": "沙色", "beige": "米色", "cream": "奶油色",
    "pink": "粉色", "purple": "紫色",
    "organic cotton": "有机棉", "cotton": "棉", "linen": "亚麻", "hemp": "大麻纤维", "wool": "羊毛",
    "merino wool": "美利奴羊毛", "cashmere": "羊绒", "silk": "真丝", "recycled polyester": "再生聚酯纤维",
    "polyester": "聚酯纤维", "nylon": "尼龙", "ripstop nylon": "防撕裂尼龙", "leather": "皮革", "canvas": "帆布",
    "stoneware": "炻器", "porcelain": "瓷", "ceramic": "陶瓷", "glass": "玻璃", "bamboo": "竹", "oak": "橡木",
    "walnut": "胡桃木", "steel": "钢", "stainless steel": "不锈钢", "aluminium": "铝", "brass": "黄铜",
    "duck feather": "鸭绒", "kapok": "木棉", "down": "羽绒", "fleece": "抓绒", "denim": "牛仔布",
    "machine washable": "可机洗", "breathable": "透气", "waterproof": "防水", "windproof": "防风",
    "dishwasher safe": "可用洗碗机清洗", "microwave safe": "可用微波炉", "pre-shrunk": "预缩处理",
    "odour resistant": "防异味", "fair trade certified": "公平贸易认证", "insulated": "保暖",
    "recycled": "再生", "lightweight": "轻量", "adjustable": "可调节", "padded": "加垫",
    # Category names of the demo shop.
    "t-shirts": "T恤", "jackets": "夹克", "shoes": "鞋履", "backpacks": "双肩包", "mugs": "马克杯", "lamps": "灯具",
    "cushions": "靠垫", "tents": "帐篷",
}

# The reverse map (Chinese term -> the English facts it may stand for), longest terms first so
# that "酒红色" (burgundy) is read before "红色" (red) could match inside it.
ZH_TERMS = {}
for _english, _chinese in sorted(ZH_GLOSSARY.items(), key=lambda pair: -len(pair[1])):
    ZH_TERMS.setdefault(_chinese, set()).add(_english)


def zh(term):
    """The Chinese word for an English fact, or the fact itself."""
    return ZH_GLOSSARY.get(str(term).lower(), str(term))


def display_length(text):
    """Length as search results and ad slots count it: a CJK character is as wide as two Latin ones."""
    return sum(2 if "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" else 1 for char in text)
