"""Deterministic demo data: a catalogue, customers with planted tastes, their events, orders and reviews.

    from demo_shop.seed import seed_shop
    report = seed_shop(seed=42, products=300, customers=300)

Everything comes from one ``random.Random(seed)``: the same seed gives the same product names,
prices, customers, events and review texts (timestamps are relative to the moment of seeding).
No network and no faker: the word lists below are the whole vocabulary.

Each customer likes one or two categories and one colour; about 80% of their views, carts and
orders follow those tastes, so a recommender has something real to find. Reviews are a realistic
mix: mostly genuine praise, a solid share of genuine criticism, and some spam, profanity and
personal data for moderation to catch. Which kind a seeded review is is not stored anywhere; the
counts are returned in the ``SeedReport`` only.
"""

import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo_shop.checkout import format_order_number, last_order_sequence
from demo_shop.models import Category, Order, OrderLine, Product, Review

CUSTOMER_PASSWORD = "demo-pass-123"
CUSTOMER_PREFIX = "customer"
CUSTOMER_USERNAME_RE = r"^customer[0-9]+$"
EVENT_WINDOW_DAYS = 90
IN_TASTE_SHARE = 0.8
BATCH_SIZE = 1000

COLOURS = ["navy", "forest green", "charcoal", "sand", "rust", "white", "black", "mustard", "sky blue",
           "burgundy", "olive", "terracotta"]
BRANDS = ["Northwind", "Fjellby", "Kestrel & Co", "Lumen Works", "Oakhaven", "Tidewater", "Bramble",
          "Saltmarsh", "Greyfield", "Alder Lane"]
CLOTHING_SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
SHOE_SIZES = [str(size) for size in range(36, 47)]


@dataclass(frozen=True)
class CategorySpec:
    name: str
    slug: str
    code: str
    noun: str
    description: str
    price_range: tuple
    brands: tuple
    materials: tuple
    colours: tuple
    adjectives: tuple
    features: tuple
    sizes: tuple = ()
    related: tuple = ()


CATEGORIES = [
    CategorySpec(
        "T-shirts", "t-shirts", "TSH", "T-shirt",
        "Soft everyday tees in natural fibres, cut to last more than one summer.",
        (15, 45), ("Northwind", "Bramble", "Saltmarsh", "Alder Lane"),
        ("organic cotton", "cotton-linen blend", "recycled polyester", "merino wool", "hemp-cotton jersey"),
        ("navy", "forest green", "charcoal", "sand", "rust", "white", "black", "mustard", "sky blue", "olive"),
        ("Everyday", "Classic", "Relaxed", "Essential", "Trail", "Weekend", "Heavyweight", "Pocket"),
        ("machine washable", "pre-shrunk", "tagless neck label", "breathable", "odour resistant", "fair trade certified"),
        sizes=tuple(CLOTHING_SIZES), related=("Shoes", "Jackets"),
    ),
    CategorySpec(
        "Jackets", "jackets", "JKT", "Jacket",
        "Shells, insulated layers and waxed classics for wind, rain and city cold.",
        (89, 349), ("Fjellby", "Northwind", "Kestrel & Co", "Greyfield"),
        ("recycled nylon", "waxed cotton", "wool blend", "softshell", "three-layer ripstop"),
        ("navy", "forest green", "charcoal", "sand", "black", "burgundy", "olive", "rust"),
        ("Storm", "Alpine", "Harbour", "Ridge", "Packable", "Commuter", "Insulated", "Field"),
        ("waterproof", "windproof", "packable", "adjustable hood", "insulated", "taped seams", "two-way zip"),
        sizes=tuple(CLOTHING_SIZES), related=("Tents", "Backpacks"),
    ),
    CategorySpec(
        "Shoes", "shoes", "SHO", "Shoe",
        "Trainers, boots and everyday shoes, made to be walked in.",
        (59, 189), ("Kestrel & Co", "Tidewater", "Fjellby", "Alder Lane"),
        ("full-grain leather", "suede", "recycled mesh", "canvas", "nubuck"),
        ("black", "white", "charcoal", "sand", "navy", "rust", "olive"),
        ("Trail", "City", "Court", "Approach", "Everyday", "Lightweight", "Winter", "Low-top"),
        ("non-slip sole", "vegan", "waterproof", "cushioned insole", "removable insole", "wide fit available"),
        sizes=tuple(SHOE_SIZES), related=("T-shirts", "Backpacks"),
    ),
    CategorySpec(
        "Backpacks", "backpacks", "BPK", "Backpack",
        "Daypacks and travel packs that carry a laptop, a lunch and a spare layer.",
        (39, 159), ("Fjellby", "Greyfield", "Tidewater", "Northwind"),
        ("recycled polyester", "waxed canvas", "nylon ripstop", "cordura", "coated cotton canvas"),
        ("black", "navy", "forest green", "charcoal", "mustard", "sand", "rust", "sky blue"),
        ("Daypack", "Roll-top", "Commuter", "Summit", "Travel", "Minimal", "Explorer", "Cargo"),
        ("padded laptop sleeve", "water-resistant", "padded shoulder straps", "hidden back pocket",
         "bottle side pockets", "lifetime warranty"),
        related=("Tents", "Jackets"),
    ),
    CategorySpec(
        "Mugs", "mugs", "MUG", "Mug",
        "Mugs for the first coffee and the last tea, thrown, glazed and enamelled.",
        (9, 29), ("Oakhaven", "Lumen Works", "Bramble", "Saltmarsh"),
        ("stoneware", "porcelain", "enamel steel", "borosilicate glass", "bone china"),
        ("white", "black", "sky blue", "terracotta", "sand", "forest green", "mustard", "navy"),
        ("Speckled", "Glazed", "Camp", "Everyday", "Handmade", "Double-walled", "Stacking", "Tall"),
        ("dishwasher safe", "microwave safe", "handmade", "lead-free glaze", "stackable"),
        related=("Lamps", "Cushions"),
    ),
    CategorySpec(
        "Lamps", "lamps", "LMP", "Lamp",
        "Table, floor and reading lamps that make an evening room warmer.",
        (39, 249), ("Lumen Works", "Oakhaven", "Greyfield"),
        ("oak", "brass", "concrete", "powder-coated steel", "walnut", "linen and ash"),
        ("white", "black", "sand", "terracotta", "forest green", "charcoal", "mustard"),
        ("Arc", "Reading", "Bedside", "Studio", "Globe", "Task", "Mushroom", "Column"),
        ("dimmable", "LED bulb included", "USB-C charging port", "warm white light", "adjustable arm",
         "fabric cable"),
        related=("Cushions", "Mugs"),
    ),
    CategorySpec(
        "Cushions", "cushions", "CSH", "Cushion",
        "Cushions in linen, wool and velvet, with covers you can take off and wash.",
        (19, 69), ("Bramble", "Oakhaven", "Saltmarsh", "Alder Lane"),
        ("linen", "velvet", "wool", "organic cotton", "chunky knit cotton"),
        ("sand", "rust", "forest green", "mustard", "navy", "burgundy", "terracotta", "olive", "white"),
        ("Striped", "Plain", "Textured", "Fringed", "Patchwork", "Square", "Lumbar", "Waffle"),
        ("removable cover", "machine washable cover", "feather filling", "hypoallergenic filling",
         "hidden zip"),
        related=("Lamps", "Mugs"),
    ),
    CategorySpec(
        "Tents", "tents", "TNT", "Tent",
        "Backpacking and family tents, tested in wind and rain before they reach you.",
        (119, 599), ("Fjellby", "Kestrel & Co", "Northwind", "Greyfield"),
        ("ripstop nylon", "polyester", "silicone-coated nylon", "polycotton"),
        ("forest green", "sand", "olive", "rust", "charcoal", "mustard"),
        ("Ultralight", "Basecamp", "Trekker", "Tunnel", "Dome", "Family", "Bikepacking", "Four-season"),
        ("waterproof", "freestanding", "three-season", "two doors", "colour-coded poles", "footprint included"),
        related=("Backpacks", "Jackets"),
    ),
]
CATEGORY_BY_NAME = {spec.name: spec for spec in CATEGORIES}

FIRST_NAMES = ["Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jack", "Kai", "Lena",
               "Mia", "Noah", "Olivia", "Priya", "Quentin", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wei", "Xin",
               "Yara", "Zoe", "Li", "Mateo", "Nora", "Omar"]
LAST_NAMES = ["Smith", "Chen", "Garcia", "Müller", "Okafor", "Patel", "Rossi", "Nguyen", "Kowalski", "Larsen",
              "Dubois", "Tanaka", "Silva", "Murphy", "Haddad", "Zhang", "Jensen", "Novak", "Costa", "Wright"]


@dataclass
class SeedReport:
    """What a seeding run wrote (and how long it took)."""

    categories: int = 0
    products: int = 0
    customers: int = 0
    views: int = 0
    add_to_carts: int = 0
    orders: int = 0
    order_lines: int = 0
    purchases: int = 0
    reviews: int = 0
    review_kinds: Counter = field(default_factory=Counter)
    faq_entries: int = 0
    seconds: float = 0.0
    skipped: bool = False

    def lines(self):
        if self.skipped:
            return ["The shop already has products: nothing seeded (use --flush to start over)."]
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.review_kinds.items()))
        return [
            f"{self.categories} categories, {self.products} products, {self.customers} customers",
            f"{self.views} views, {self.add_to_carts} add-to-cart events",
            f"{self.orders} orders with {self.order_lines} lines, {self.purchases} purchase events",
            f"{self.reviews} reviews ({kinds})",
            f"{self.faq_entries} FAQ entries for the shop assistant",
            f"seeded in {self.seconds:.1f} s",
        ]


def is_seeded():
    return Product.objects.exists()


def flush_shop():
    """Delete the demo data: the shop's catalogue, orders and reviews, the seeded customers and their events."""
    from marketing_ai.models import Interaction

    user_model = get_user_model()
    with transaction.atomic():
        customers = user_model.objects.filter(username__regex=CUSTOMER_USERNAME_RE, is_staff=False)
        product_ids = [str(pk) for pk in Product.objects.values_list("pk", flat=True)]
        Interaction.objects.filter(user__in=customers).delete()
        for start in range(0, len(product_ids), 900):
            Interaction.objects.filter(product_id__in=product_ids[start:start + 900]).delete()
        Review.objects.all().delete()
        OrderLine.objects.all().delete()
        Order.objects.all().delete()
        Product.objects.all().delete()
        Category.objects.all().delete()
        customers.delete()


def seed_shop(seed=42, products=300, customers=300, flush=False, record_purchases=True):
    """Fill the shop; returns a SeedReport. Does nothing (report.skipped) if products exist and not ``flush``."""
    started = time.monotonic()
    if flush:
        flush_shop()
    elif is_seeded():
        return SeedReport(skipped=True)
    report = _Seeder(random.Random(seed), products, customers).run()
    if record_purchases:
        # bulk_create skipped the post_save receiver: let marketing_ai record the purchases now.
        from marketing_ai.interactions import sync_orders

        report.purchases = sync_orders()
    report.faq_entries = seed_faq()
    report.seconds = time.monotonic() - started
    return report


# The demo shop's own policies, answered word for word by the shop assistant.
FAQ = [
    ("shipping", "How long does delivery take?",
     "We ship within 1 working day. Delivery takes 2-4 working days in the EU and 5-8 elsewhere; you get "
     "a tracking link by e-mail as soon as your parcel leaves us. Orders over 60 EUR ship free.",
     "when will my parcel arrive\nhow much is shipping\ndo you ship abroad"),
    ("returns", "How do I return an item?",
     "You can return anything unused within 30 days. Use the prepaid label in your parcel, or ask us for a "
     "new one; we refund to your original payment method within 5 days of receiving the item.",
     "what is your returns policy\ncan I get a refund\nhow do I exchange a size"),
    ("payment", "Which payment methods do you accept?",
     "We accept Visa, Mastercard, PayPal and bank transfer. Your card is charged only when your order ships.",
     "can I pay with paypal\nwhen is my card charged"),
    ("other", "How do I change or cancel my order?",
     "Orders can be changed or cancelled until they ship, usually within a few hours: reply to your order "
     "confirmation e-mail or ask here for a person.",
     "cancel my order\nchange my delivery address"),
]


def seed_faq():
    """Create the demo FAQ entries that are not there yet; returns how many exist."""
    from marketing_ai.assistant.models import FAQEntry

    for topic, question, answer, alternatives in FAQ:
        FAQEntry.objects.get_or_create(question=question, defaults={
            "topic": topic, "answer": answer, "alternatives": alternatives})
    return FAQEntry.objects.count()


def _price(rng, low, high):
    value = rng.uniform(low, high)
    ending = rng.choice([Decimal("0.00"), Decimal("0.95"), Decimal("0.99"), Decimal("0.50")])
    return Decimal(int(value)) + ending


def _weighted_choice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


class _Seeder:
    def __init__(self, rng, product_count, customer_count):
        self.rng = rng
        self.product_count = max(len(CATEGORIES), int(product_count))
        self.customer_count = max(1, int(customer_count))
        self.now = timezone.now().replace(microsecond=0)
        self.report = SeedReport()

    def run(self):
        with transaction.atomic():
            categories = self._categories()
            products = self._products(categories)
            customers = self._customers()
            carts = self._events(products, customers)
            lines = self._orders(carts)
            self._reviews(products, customers, lines)
        return self.report

    # --- catalogue -----------------------------------------------------------------------------

    def _categories(self):
        rows = [Category(name=spec.name, slug=spec.slug, description=spec.description) for spec in CATEGORIES]
        Category.objects.bulk_create(rows)
        self.report.categories = len(rows)
        return {category.name: category for category in Category.objects.filter(slug__in=[s.slug for s in CATEGORIES])}

    def _attributes(self, spec, brand, material, colour):
        rng = self.rng
        attributes = {"brand": brand, "material": material, "colour": colour}
        if spec.sizes:
            start = rng.randint(0, 1)
            attributes["sizes"] = list(spec.sizes[start:len(spec.sizes) - rng.randint(0, 1)])
        attributes["features"] = rng.sample(list(spec.features), k=rng.randint(2, min(4, len(spec.features))))
        code = spec.code
        if code == "TSH":
            attributes["fit"] = rng.choice(["regular", "slim", "relaxed", "boxy"])
            attributes["fabric_weight"] = f"{rng.choice([140, 160, 180, 200, 220, 240])} g/m²"
        elif code == "JKT":
            attributes["weight"] = f"{rng.randrange(280, 1200, 10)} g"
            attributes["fit"] = rng.choice(["regular", "slim", "relaxed"])
        elif code == "SHO":
            attributes["weight"] = f"{rng.randrange(240, 720, 10)} g per shoe"
        elif code == "BPK":
            attributes["capacity"] = f"{rng.choice([12, 18, 20, 22, 25, 28, 30, 35, 40])} L"
            attributes["dimensions"] = f"{rng.randint(40, 56)} x {rng.randint(26, 34)} x {rng.randint(12, 22)} cm"
            attributes["weight"] = f"{rng.randrange(450, 1400, 10)} g"
        elif code == "MUG":
            attributes["capacity"] = f"{rng.choice([250, 300, 330, 350, 400, 450])} ml"
            attributes["dimensions"] = f"Ø {rng.randint(75, 95) / 10:.1f} x H {rng.randint(85, 120) / 10:.1f} cm"
        elif code == "LMP":
            attributes["dimensions"] = f"H {rng.randint(25, 160)} cm, Ø {rng.randint(15, 45)} cm"
            attributes["bulb"] = rng.choice(["E27, max 40 W", "E14, max 25 W", "integrated LED, 8 W", "GU10 LED, 5 W"])
            attributes["weight"] = f"{rng.randint(8, 60) / 10:.1f} kg"
        elif code == "CSH":
            attributes["dimensions"] = rng.choice(["45 x 45 cm", "50 x 50 cm", "60 x 60 cm", "30 x 50 cm", "40 x 60 cm"])
            attributes["filling"] = rng.choice(["duck feather", "recycled polyester fibre", "kapok", "wool"])
        elif code == "TNT":
            persons = rng.choice([1, 2, 2, 3, 4, 6])
            attributes["capacity"] = f"{persons} person" + ("s" if persons > 1 else "")
            attributes["weight"] = f"{rng.randint(9, 25) / 10 + persons * 0.4:.1f} kg"
            attributes["dimensions"] = f"packed {rng.randint(35, 60)} x {rng.randint(14, 22)} cm"
            attributes["season"] = rng.choice(["3-season", "3-season", "4-season"])
        return attributes

    def _products(self, categories):
        rng = self.rng
        rows, names, slugs = [], set(), set()
        self.popularity = {}
        for index in range(self.product_count):
            spec = CATEGORIES[index % len(CATEGORIES)]
            brand = rng.choice(spec.brands)
            material = rng.choice(spec.materials)
            colour = rng.choice(spec.colours)
            adjective = rng.choice(spec.adjectives)
            material_word = material.split(" and ")[0].title()
            name = f"{brand} {adjective} {material_word} {spec.noun}"
            if name in names:
                name = f"{name} – {colour.title()}"
            suffix = 2
            base_name = name
            while name in names:
                name = f"{base_name} {suffix}"
                suffix += 1
            names.add(name)
            slug = slugify(name)[:200]
            base_slug, suffix = slug, 2
            while slug in slugs:
                slug = f"{base_slug}-{suffix}"
                suffix += 1
            slugs.add(slug)
            attributes = self._attributes(spec, brand, material, colour)
            roll = rng.random()
            stock = 0 if roll < 0.08 else rng.randint(1, 5) if roll < 0.18 else rng.randint(6, 150)
            description = ""
            if rng.random() < 0.5:
                description = (f"{adjective} {spec.noun.lower()} by {brand} in {colour} {material}. "
                               f"{attributes['features'][0].capitalize()}.")
            rows.append(Product(
                category=categories[spec.name],
                name=name,
                slug=slug,
                sku=f"{spec.code}-{index + 1:05d}",
                description=description,
                price=_price(rng, *spec.price_range),
                attributes=attributes,
                stock=stock,
                is_active=rng.random() >= 0.05,
                created_at=self.now - timedelta(days=rng.uniform(0, 365)),
            ))
            # A long tail: a few products are much more popular than the rest.
            self.popularity[slug] = rng.paretovariate(1.3)
        Product.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        products = list(Product.objects.filter(slug__in=slugs).select_related("category").order_by("sku"))
        self.report.products = len(products)
        return products

    # --- customers and their behaviour --------------------------------------------------------

    def _customers(self):
        rng = self.rng
        user_model = get_user_model()
        password = make_password(CUSTOMER_PASSWORD)  # hashed once: hashing 300 times would take seconds
        rows, self.tastes = [], {}
        for number in range(1, self.customer_count + 1):
            username = f"{CUSTOMER_PREFIX}{number:03d}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(user_model(
                username=username,
                email=f"{username}@example.com",
                first_name=first,
                last_name=last,
                password=password,
                date_joined=self.now - timedelta(days=rng.uniform(EVENT_WINDOW_DAYS, 400)),
            ))
            favourite = rng.choice(CATEGORIES)
            favourites = [favourite.name]
            if rng.random() < 0.6:
                # Tastes cluster: a second favourite is usually a related category.
                if rng.random() < 0.7:
                    second = rng.choice(favourite.related)
                else:
                    second = rng.choice([spec.name for spec in CATEGORIES if spec.name != favourite.name])
                favourites.append(second)
            self.tastes[username] = (favourites, rng.choice(COLOURS))
        user_model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        customers = list(user_model.objects.filter(username__in=self.tastes).order_by("username"))
        self.report.customers = len(customers)
        return customers

    def _taste_weights(self, pool, colour):
        """Cumulative weights: popular products, and the customer's colour four times as likely."""
        weights = [self.popularity[p.slug] * (4.0 if p.attributes.get("colour") == colour else 1.0) for p in pool]
        return list(accumulate(weights))

    def _events(self, products, customers):
        from marketing_ai.models import Interaction

        rng = self.rng
        on_sale = [product for product in products if product.is_active]
        by_category = defaultdict(list)
        for product in on_sale:
            by_category[product.category.name].append(product)
        everything_weights = list(accumulate(self.popularity[p.slug] for p in on_sale))
        window = timedelta(days=EVENT_WINDOW_DAYS).total_seconds()
        rows, carts = [], {}
        for customer in customers:
            favourites, colour = self.tastes[customer.username]
            taste_pool = [p for name in favourites for p in by_category[name]]
            taste_weights = self._taste_weights(taste_pool, colour)
            customer_carts = []
            for _ in range(rng.randint(8, 45)):
                if taste_pool and rng.random() < IN_TASTE_SHARE:
                    product = rng.choices(taste_pool, cum_weights=taste_weights, k=1)[0]
                else:
                    product = rng.choices(on_sale, cum_weights=everything_weights, k=1)[0]
                seen_at = self.now - timedelta(seconds=rng.uniform(3600, window))
                rows.append(Interaction(user=customer, product_id=str(product.pk), event_type="view", source="page",
                                        occurred_at=seen_at))
                self.report.views += 1
                liked = product.category.name in favourites and product.attributes.get("colour") == colour
                if product.stock > 0 and rng.random() < (0.35 if liked else 0.12):
                    added_at = seen_at + timedelta(seconds=rng.randint(20, 900))
                    quantity = 1 if rng.random() < 0.85 else rng.randint(2, 3)
                    rows.append(Interaction(user=customer, product_id=str(product.pk), event_type="add_to_cart",
                                            quantity=quantity, source="page", occurred_at=added_at))
                    self.report.add_to_carts += 1
                    customer_carts.append((added_at, product, quantity))
            carts[customer] = sorted(customer_carts, key=lambda cart: (cart[0], cart[1].pk))
        Interaction.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return carts

    def _orders(self, carts):
        rng = self.rng
        statuses = [Order.Status.PAID, Order.Status.SHIPPED, Order.Status.DELIVERED, Order.Status.PENDING,
                    Order.Status.CANCELLED]
        status_weights = [40, 20, 30, 5, 5]
        sequence = last_order_sequence()
        planned = []  # (order, [(product, quantity)])
        for customer, customer_carts in carts.items():
            bought = [cart for cart in customer_carts if rng.random() < 0.55]
            index = 0
            while index < len(bought):
                size = rng.choice([1, 1, 2, 2, 3])
                group = bought[index:index + size]
                index += size
                created = min(group[-1][0] + timedelta(minutes=rng.randint(2, 90)), self.now)
                sequence += 1
                order = Order(
                    customer=customer,
                    number=format_order_number(sequence),
                    email=customer.email,
                    status=_weighted_choice(rng, statuses, status_weights),
                    created_at=created,
                    shipping_address=f"{customer.first_name} {customer.last_name}\n"
                                     f"{rng.randint(1, 180)} {rng.choice(['Elm', 'Harbour', 'Mill', 'Station', 'Garden'])} "
                                     f"{rng.choice(['Street', 'Road', 'Lane'])}\n"
                                     f"{rng.randint(10000, 99999)} {rng.choice(['Springfield', 'Riverton', 'Lakeside'])}",
                )
                merged = {}
                for _, product, quantity in group:
                    merged[product.pk] = (product, merged.get(product.pk, (product, 0))[1] + quantity)
                planned.append((order, list(merged.values())))
        Order.objects.bulk_create([order for order, _ in planned], batch_size=BATCH_SIZE)
        numbers = {order.number: order for order in Order.objects.filter(number__in=[o.number for o, _ in planned])}
        lines = []
        for order, items in planned:
            saved = numbers[order.number]
            saved.customer = order.customer  # already loaded: spares a query per line later
            for product, quantity in items:
                lines.append(OrderLine(order=saved, product=product, quantity=quantity, unit_price=product.price))
        OrderLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
        self.report.orders = len(planned)
        self.report.order_lines = len(lines)
        return lines

    # --- reviews -----------------------------------------------------------------------------------

    def _reviews(self, products, customers, lines):
        rng = self.rng
        paid = {Order.Status.PAID, Order.Status.SHIPPED, Order.Status.DELIVERED}
        purchases = {}
        for line in lines:
            if line.order.status in paid:
                purchases.setdefault((line.order.customer.pk, line.product.pk), (line.order.customer, line.product,
                                                                                  line.order.created_at))
        bought = list(purchases.values())
        genuine_count = max(30, round(len(bought) * 0.45))
        candidates = rng.sample(bought, k=min(len(bought), genuine_count))
        while len(candidates) < genuine_count:
            # A tiny shop has few orders: let some customers review without an order here.
            when = self.now - timedelta(days=rng.uniform(1, EVENT_WINDOW_DAYS))
            candidates.append((rng.choice(customers), rng.choice(products), when))
        # Fixed shares, at least two of every problem kind, so even a small seed has them all.
        problems = {
            "negative": max(2, round(genuine_count * 0.22)),
            "profanity": max(2, round(genuine_count * 0.07)),
            "personal_data": max(2, round(genuine_count * 0.07)),
            "neutral": max(1, round(genuine_count * 0.05)),
        }
        kinds = [kind for kind, count in problems.items() for _ in range(count)]
        kinds = (kinds + ["positive"] * genuine_count)[:genuine_count]
        rng.shuffle(kinds)
        rows = []
        for (author, product, bought_at), kind in zip(candidates, kinds):
            written = min(bought_at + timedelta(days=rng.uniform(2, 25)), self.now)
            rating, title, body = REVIEW_WRITERS[kind](rng, product, author)
            rows.append(Review(product=product, author=author, rating=rating, title=title, body=body,
                               is_public=True, created_at=written))
            self.report.review_kinds[kind] += 1
        for _ in range(max(2, round(genuine_count * 0.1))):
            product = rng.choice(products)
            author = rng.choice(customers) if rng.random() < 0.5 else None
            rating, title, body = _spam(rng, product, author)
            written = self.now - timedelta(days=rng.uniform(0, EVENT_WINDOW_DAYS))
            rows.append(Review(product=product, author=author, rating=rating, title=title, body=body,
                               is_public=True, created_at=written))
            self.report.review_kinds["spam"] += 1
        Review.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.report.reviews = len(rows)


# --- review texts ------------------------------------------------------------------------------

def _words(product):
    attributes = product.attributes
    spec = CATEGORY_BY_NAME.get(product.category.name, CATEGORIES[0])
    return {
        "noun": spec.noun.lower(),
        "nouns": spec.noun.lower() + "s",
        "material": attributes.get("material", "material"),
        "colour": attributes.get("colour", "colour"),
        "brand": attributes.get("brand", "the brand"),
        "price": f"{product.price}",
        "code": spec.code,
        "features": attributes.get("features", []),
    }


POSITIVE_OPENERS = [
    "Really happy with this {noun}.",
    "Exactly what I was looking for.",
    "This is the second one I've bought from {brand}.",
    "Great quality for the price.",
    "Bought it as a gift and ended up keeping it for myself.",
    "I did a lot of research before buying and I'm glad I chose this one.",
    "Lovely {noun}, well made.",
    "I've been using it almost every day for a month now.",
    "My partner liked mine so much that I ordered another.",
    "Honestly better than I expected.",
    "Took a chance on a brand I didn't know and it paid off.",
]
POSITIVE_DETAILS = {
    "*": [
        "The {material} feels solid and well finished.",
        "The {colour} colour looks just like the photos, maybe even nicer.",
        "Arrived quickly and well packed.",
        "You can tell a lot of care went into the details.",
        "The {material} has a lovely texture.",
        "It feels like it will last for years.",
        "Good to see {brand} using decent materials.",
    ],
    "TSH": ["Fits true to size and has kept its shape after many washes.", "The fabric is soft but not thin."],
    "JKT": ["Kept me completely dry on a rainy walk along the coast.", "Warm without being bulky, and the hood stays put in the wind."],
    "SHO": ["Comfortable straight out of the box, no breaking in needed.", "Good grip on wet pavements."],
    "BPK": ["My 15 inch laptop fits easily and the straps are comfortable all day.", "Lots of pockets without feeling complicated."],
    "MUG": ["Keeps my coffee warm for a long time and feels nice to hold.", "The glaze is beautiful and it survives the dishwasher."],
    "LMP": ["Gives a warm, cosy light in the evening.", "Easy to assemble and the dimmer works smoothly."],
    "CSH": ["Soft and plump, and the cover washes well.", "The colour brightens up our old sofa."],
    "TNT": ["Pitched it alone in ten minutes and it stayed dry through a night of rain.", "Surprisingly roomy for the packed size."],
}
POSITIVE_CLOSERS = ["Would buy again.", "Highly recommended.", "Five stars from me.", "Very pleased overall.",
                    "Already thinking about getting a second one.", "No complaints at all.",
                    "Thanks {brand}!", ""]
POSITIVE_TITLES = ["Love it", "Great {noun}", "Excellent quality", "Just right", "Very pleased", "Worth every penny", ""]

NEGATIVE_DETAILS = {
    "*": [
        "Unfortunately the {colour} colour is much duller than in the photos.",
        "It looked nice at first, but the quality doesn't hold up.",
        "Smaller than I expected from the description.",
        "The {material} feels cheaper than I expected at this price.",
        "It arrived with a small mark on it, which was disappointing.",
        "The finish is uneven in a few places.",
    ],
    "TSH": ["It shrank noticeably after the first wash, even on a cool cycle.", "The seams started twisting after a few wears."],
    "JKT": ["It is not as waterproof as advertised; my shoulders were wet after twenty minutes of light rain.",
            "The zip snags almost every time I close it."],
    "SHO": ["They run at least one size small and rubbed my heels badly.", "The sole started to come away after a month."],
    "BPK": ["One of the shoulder strap seams came loose within two weeks.", "The laptop sleeve is too tight for a 15 inch laptop."],
    "MUG": ["The handle cracked in the dishwasher, although it says dishwasher safe.", "It gets far too hot to hold."],
    "LMP": ["The dimmer flickers at low settings.", "The shade arrived dented and the base wobbles."],
    "CSH": ["The filling went flat within a few weeks.", "The cover faded after one wash."],
    "TNT": ["Water came in through the seams during the first night of rain.", "One of the poles bent on the second trip."],
}
NEGATIVE_CLOSERS = ["I expected more from {brand}.", "Customer service was friendly, but I'm returning it.",
                    "Not worth €{price} in my opinion.", "Sadly I can't recommend it.", "Disappointing.",
                    "I hope {brand} sorts this out, because the design is nice.",
                    "Two stars because delivery was fast."]
NEGATIVE_TITLES = ["Disappointed", "Not as described", "Poor quality for the price", "Expected better", "Returned it",
                   "Not great"]

NEUTRAL_BODIES = [
    "It's fine. Does the job, nothing special. The {colour} colour is a bit lighter than I thought.",
    "Nice design, average build. I'd wait for a sale.",
    "Decent {noun}, but I think there are better options at this price.",
    "Okay overall. The {material} is nice, delivery took longer than promised.",
]

PROFANE_BODIES = [
    (5, "Damn, this {noun} is good. Way better than the crap I bought last year."),
    (1, "Absolute crap. Fell apart within a week, what a damn waste of money."),
    (4, "Pretty damn comfortable. The {colour} is a bit loud but who gives a shit."),
    (1, "The zip broke on day two. This shit is not worth €{price}."),
    (2, "Bloody hell, the {material} already looks worn out. Crap quality."),
    (5, "Holy crap, I did not expect it to be this nice. Damn good value."),
]

PERSONAL_DATA_BODIES = [
    (4, "Really nice {noun}! If anyone wants my spare one, call me on +1 415 555 0199."),
    (5, "Great {colour} colour. Questions? Email me at {email} and I'll send photos."),
    (2, "Arrived late and my card 4111 1111 1111 1111 was charged twice. Please refund to {email}."),
    (4, "Good quality. Text me at +44 20 7946 0958 if you want to swap for a different size."),
    (3, "Decent. I live at 42 Elm Street, Springfield 62704, happy to show it to neighbours. Phone (415) 555-0134."),
    (5, "Love it. My name is {full_name}, reach me at {email} or +1 212 555 0187 for a discount code."),
]

SPAM_BODIES = [
    "Buy cheap {nouns} at http://cheap-{code_lower}-outlet.example/deals - 90% OFF today only!!!",
    "BEST PRICES ON BRAND {nouns_upper}!!! VISIT WWW.MEGA-DEALS-4U.EXAMPLE NOW!!!",
    "Earn $500 a day working from home, no experience needed: http://quick-cash.example/start",
    "Nice. Get {brand} replicas for a fraction of the price at https://replica-store.example/{code_lower}",
    "FREE GIFT CARD FOR EVERY REVIEWER!!! CLICK HERE http://free-gift.example/claim",
    "Buy cheap followers and likes at http://growfast.example - first 1000 free!!! Limited offer",
]
SPAM_TITLES = ["AMAZING DEAL", "Cheap {nouns} here", "!!! BEST OFFER !!!", "", "Visit my site"]


def _fill(template, words):
    return template.format(**words).strip()


def _category_line(rng, pool, words):
    options = pool.get(words["code"], []) + pool["*"]
    return _fill(rng.choice(options), words)


def _positive(rng, product, author):
    words = _words(product)
    sentences = [_fill(rng.choice(POSITIVE_OPENERS), words), _category_line(rng, POSITIVE_DETAILS, words)]
    if rng.random() < 0.5:
        sentences.append(_category_line(rng, POSITIVE_DETAILS, words))
    sentences.append(_fill(rng.choice(POSITIVE_CLOSERS), words))
    body = " ".join(dict.fromkeys(sentence for sentence in sentences if sentence))
    return rng.choice([4, 5, 5, 5]), _fill(rng.choice(POSITIVE_TITLES), words), body


def _negative(rng, product, author):
    words = _words(product)
    sentences = [_category_line(rng, NEGATIVE_DETAILS, words)]
    if rng.random() < 0.5:
        sentences.append(_category_line(rng, NEGATIVE_DETAILS, words))
    sentences.append(_fill(rng.choice(NEGATIVE_CLOSERS), words))
    body = " ".join(dict.fromkeys(sentences))
    return rng.choice([1, 2, 2]), _fill(rng.choice(NEGATIVE_TITLES), words), body


def _neutral(rng, product, author):
    words = _words(product)
    return 3, rng.choice(["It's okay", "Average", ""]), _fill(rng.choice(NEUTRAL_BODIES), words)


def _profane(rng, product, author):
    rating, template = rng.choice(PROFANE_BODIES)
    return rating, "", _fill(template, _words(product))


def _personal_data(rng, product, author):
    words = _words(product)
    first = (author.first_name if author else "") or rng.choice(FIRST_NAMES)
    last = (author.last_name if author else "") or rng.choice(LAST_NAMES)
    local = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower().replace("ü", "ue"))
    words.update(email=f"{local}@example.com", full_name=f"{first} {last}")
    rating, template = rng.choice(PERSONAL_DATA_BODIES)
    return rating, "", _fill(template, words)


def _spam(rng, product, author):
    words = _words(product)
    words.update(code_lower=words["code"].lower(), nouns_upper=words["nouns"].upper())
    body = _fill(rng.choice(SPAM_BODIES), words)
    if rng.random() < 0.3:
        body = body.upper()
    return 5, _fill(rng.choice(SPAM_TITLES), words), body


REVIEW_WRITERS = {
    "positive": _positive,
    "negative": _negative,
    "neutral": _neutral,
    "profanity": _profane,
    "personal_data": _personal_data,
}
