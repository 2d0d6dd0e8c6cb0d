"""An adapter that declares an optional package no machine has, for the E005 check."""

from marketing_ai.shop import ShopAdapter


class NeedyAdapter(ShopAdapter):
    required_packages = ("a_package_that_is_not_installed",)
