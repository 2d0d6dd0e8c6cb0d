"""Context for every storefront page: the category menu and the cart badge."""

from django.conf import settings

from demo_shop.cart import Cart
from demo_shop.models import Category


def shop(request):
    session = getattr(request, "session", None)
    return {
        # Lazy: only pages that draw the menu run the query.
        "nav_categories": Category.objects.only("name", "slug"),
        "cart_count": Cart(session).count() if session is not None else 0,
        # The login page names the seeded demo customer only while DEBUG is on.
        "debug_demo_logins": settings.DEBUG,
    }
