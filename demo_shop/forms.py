"""Forms of the storefront: every value a shopper sends is checked here first."""

from django import forms
from django.utils.translation import gettext_lazy as _

from demo_shop.cart import MAX_QUANTITY
from demo_shop.models import Product


UNKNOWN_PRODUCT = _("This product does not exist or is no longer available.")


def product_field():
    return forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages={
        "invalid": UNKNOWN_PRODUCT, "required": UNKNOWN_PRODUCT, "min_value": UNKNOWN_PRODUCT})


class CartItemForm(forms.Form):
    """A product and a quantity: add to cart, or change the quantity of a cart line."""

    product = product_field()
    quantity = forms.IntegerField(
        label=_("Quantity"),
        initial=1,
        error_messages={
            "invalid": _("Quantity must be a whole number."),
            "required": _("Please enter a quantity."),
        },
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY, "class": "qty"}),
    )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if not 1 <= quantity <= MAX_QUANTITY:
            # params, not %: the message is translated when shown, not at import.
            raise forms.ValidationError(_("Quantity must be between 1 and %(max)d."), code="range",
                                        params={"max": MAX_QUANTITY})
        return quantity

    def clean_product(self):
        """The product must exist and be on sale; keeps it as ``self.product_obj``."""
        pk = self.cleaned_data["product"]
        product = Product.objects.filter(pk=pk, is_active=True).first()
        if product is None:
            raise forms.ValidationError(UNKNOWN_PRODUCT)
        self.product_obj = product
        return pk


class CartRemoveForm(forms.Form):
    product = product_field()


class CheckoutForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             help_text=_("We send the order confirmation here."))
    shipping_address = forms.CharField(
        label=_("Shipping address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Street, postcode, city and country."),
    )

    def clean_shipping_address(self):
        value = self.cleaned_data["shipping_address"].strip()
        if len(value) < 10:
            raise forms.ValidationError(_("Please enter a complete shipping address."))
        return value
