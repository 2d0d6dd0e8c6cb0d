from django.apps import AppConfig


class AltShopConfig(AppConfig):
    name = "tests.altshop"
    label = "altshop"
    default_auto_field = "django.db.models.BigAutoField"
