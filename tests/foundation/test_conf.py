import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from marketing_ai.conf import DEFAULTS, app_settings
from marketing_ai.shop import ShopAdapter, get_adapter


def test_defaults_apply_when_a_key_is_not_set():
    assert app_settings.VIEW_DEDUP_SECONDS == DEFAULTS["VIEW_DEDUP_SECONDS"]


def test_field_maps_merge_with_defaults_key_by_key():
    with override_settings(MARKETING_AI={"PRODUCT_MODEL": "demo_shop.Product", "PRODUCT_FIELDS": {"title": "sku"}}):
        fields = app_settings.PRODUCT_FIELDS
        assert fields["title"] == "sku"
        assert fields["price"] == DEFAULTS["PRODUCT_FIELDS"]["price"]


def test_settings_are_reloaded_when_overridden():
    before = app_settings.EVENT_WEIGHTS
    with override_settings(MARKETING_AI={"EVENT_WEIGHTS": {"view": 2.0, "purchase": 9.0}}):
        assert app_settings.EVENT_WEIGHTS == {"view": 2.0, "purchase": 9.0}
    assert app_settings.EVENT_WEIGHTS == before


def test_dotted_paths_are_imported_lazily():
    assert app_settings.SHOP_ADAPTER is ShopAdapter
    with override_settings(MARKETING_AI={"SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter"}):
        from tests.altshop.adapter import ArticleAdapter

        assert isinstance(get_adapter(), ArticleAdapter)
    assert type(get_adapter()) is ShopAdapter


def test_unknown_setting_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="Invalid MARKETING_AI setting"):
        app_settings.NOT_A_SETTING


def test_bad_dotted_path_names_the_setting():
    with override_settings(MARKETING_AI={"SHOP_ADAPTER": "nowhere.Adapter"}):
        with pytest.raises(ImportError, match="SHOP_ADAPTER"):
            app_settings.SHOP_ADAPTER


def test_adapter_must_subclass_shop_adapter():
    with override_settings(MARKETING_AI={"SHOP_ADAPTER": "collections.OrderedDict"}):
        with pytest.raises(ImproperlyConfigured):
            get_adapter()
