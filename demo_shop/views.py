"""Storefront pages: catalogue, cart, checkout and the customer's own orders."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from demo_shop.cart import MAX_QUANTITY, Cart, CartError
from demo_shop.checkout import place_order
from demo_shop.forms import CartItemForm, CartRemoveForm, CheckoutForm
from demo_shop.models import Category, Order, OrderLine, Product

logger = logging.getLogger(__name__)

PRODUCTS_PER_PAGE = 12
ORDERS_PER_PAGE = 20
FEATURED_COUNT = 8

# Labels for the attribute keys the shop knows; any other key is shown as written.
ATTRIBUTE_LABELS = {
    "brand": gettext_lazy("Brand"),
    "material": gettext_lazy("Material"),
    "colour": gettext_lazy("Colour"),
    "color": gettext_lazy("Colour"),
    "sizes": gettext_lazy("Sizes"),
    "fit": gettext_lazy("Fit"),
    "features": gettext_lazy("Features"),
    "weight": gettext_lazy("Weight"),
    "capacity": gettext_lazy("Capacity"),
    "dimensions": gettext_lazy("Dimensions"),
    "fabric_weight": gettext_lazy("Fabric weight"),
    "bulb": gettext_lazy("Bulb"),
    "filling": gettext_lazy("Filling"),
    "season": gettext_lazy("Season"),
}


def _on_sale():
    return Product.objects.filter(is_active=True).select_related("category")


def home(request):
    categories = Category.objects.annotate(
        product_count=Count("products", filter=Q(products__is_active=True))
    ).filter(product_count__gt=0)
    bestseller_ids = list(
        OrderLine.objects.filter(product__is_active=True, product__stock__gt=0)
        .values("product")
        .annotate(sold=Sum("quantity"))
        .order_by("-sold", "product")
        .values_list("product", flat=True)[:FEATURED_COUNT]
    )
    by_id = {product.pk: product for product in _on_sale().filter(pk__in=bestseller_ids)}
    featured = [by_id[pk] for pk in bestseller_ids if pk in by_id]
    if len(featured) < FEATURED_COUNT:
        # A young shop without sales: fill up with the newest products in stock.
        newest = _on_sale().filter(stock__gt=0).exclude(pk__in=by_id).order_by("-created_at", "pk")
        featured += list(newest[: FEATURED_COUNT - len(featured)])
    return render(request, "demo_shop/home.html", {"categories": categories, "featured": featured})


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    products = _on_sale().filter(category=category).order_by("name", "pk")
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"category": category, "page": page, "current_category_slug": category.slug}
    return render(request, "demo_shop/category_detail.html", context)


def attribute_rows(attributes):
    """(label, value) pairs for the attributes table; lists are joined, nested values shown as text."""
    if not isinstance(attributes, dict):
        return []
    rows = []
    for key, value in attributes.items():
        label = ATTRIBUTE_LABELS.get(str(key).lower(), str(key).replace("_", " ").capitalize())
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        if value in ("", None):
            continue
        rows.append((label, str(value)))
    return rows


def product_detail(request, slug):
    product = get_object_or_404(_on_sale(), slug=slug)
    reviews = product.reviews.filter(is_public=True).select_related("author")
    rating = reviews.aggregate(average=Avg("rating"), count=Count("pk"))
    form = CartItemForm(initial={"product": product.pk, "quantity": 1})
    context = {
        "product": product,
        "attributes": attribute_rows(product.attributes),
        "reviews": reviews[:50],
        "rating": rating,
        "form": form,
        "in_cart": Cart(request.session).quantity_of(product),
        "current_category_slug": product.category.slug,
    }
    return render(request, "demo_shop/product_detail.html", context)


def _safe_next(request, fallback):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _form_errors(form):
    for errors in form.errors.values():
        for error in errors:
            yield error


def _record_add_to_cart(request, product, quantity):
    """Tell marketing_ai about the add to cart; a logging failure never breaks the cart."""
    try:
        from marketing_ai.interactions import record_event
        from marketing_ai.shop import get_adapter

        if not request.session.session_key:
            request.session.save()
        record_event(get_adapter().product_id(product), "add_to_cart", user=request.user,
                     session_key=request.session.session_key or "", quantity=quantity, source="page")
    except Exception:
        logger.exception("demo_shop: could not record an add-to-cart event")


@require_POST
def cart_add(request):
    form = CartItemForm(request.POST)
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return redirect(_safe_next(request, reverse("demo_shop:cart")))
    product, quantity = form.product_obj, form.cleaned_data["quantity"]
    try:
        Cart(request.session).add(product, quantity)
    except CartError as exc:
        messages.error(request, str(exc))
        return redirect(_safe_next(request, product.get_absolute_url()))
    _record_add_to_cart(request, product, quantity)
    messages.success(request, _("Added %(quantity)d x %(name)s to your cart.") % {"quantity": quantity, "name": product.name})
    return redirect(_safe_next(request, reverse("demo_shop:cart")))


@require_POST
def cart_update(request):
    form = CartItemForm(request.POST)
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return redirect("demo_shop:cart")
    try:
        Cart(request.session).set(form.product_obj, form.cleaned_data["quantity"])
    except CartError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Cart updated."))
    return redirect("demo_shop:cart")


@require_POST
def cart_remove(request):
    form = CartRemoveForm(request.POST)
    if form.is_valid() and Cart(request.session).remove(form.cleaned_data["product"]):
        messages.success(request, _("Removed from your cart."))
    else:
        messages.error(request, _("That product is not in your cart."))
    return redirect("demo_shop:cart")


def cart_detail(request):
    cart = Cart(request.session)
    lines = cart.lines()
    context = {"lines": lines, "total": cart.total(lines), "max_quantity": MAX_QUANTITY}
    return render(request, "demo_shop/cart.html", context)


@login_required
def checkout(request):
    cart = Cart(request.session)
    lines = cart.lines()
    if not lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("demo_shop:cart")
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = place_order(
                    customer=request.user,
                    lines=lines,
                    email=data["email"],
                    shipping_address=f"{data['full_name']}\n{data['shipping_address']}",
                )
            except CartError as exc:
                messages.error(request, str(exc))
                return redirect("demo_shop:cart")
            cart.clear()
            return redirect("demo_shop:order_confirmation", number=order.number)
    else:
        full_name = request.user.get_full_name() or request.user.get_username()
        form = CheckoutForm(initial={"email": request.user.email, "full_name": full_name})
    return render(request, "demo_shop/checkout.html", {"form": form, "lines": lines, "total": cart.total(lines)})


def _own_order(request, number):
    """The signed-in customer's order with this number; 404 for anyone else's."""
    orders = Order.objects.filter(customer=request.user).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product").order_by("pk"))
    )
    order = get_object_or_404(orders, number=number)
    # In Python, not SQL: SQLite multiplies decimals as floats.
    for line in order.lines.all():
        line.subtotal = line.unit_price * line.quantity
    return order


@login_required
def order_confirmation(request, number):
    return render(request, "demo_shop/order_confirmation.html", {"order": _own_order(request, number)})


@login_required
def order_list(request):
    orders = Order.objects.filter(customer=request.user).prefetch_related("lines").order_by("-created_at", "-pk")
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "demo_shop/order_list.html", {"page": page})


@login_required
def order_detail(request, number):
    return render(request, "demo_shop/order_detail.html", {"order": _own_order(request, number)})
