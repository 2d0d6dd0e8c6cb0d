"""English and Simplified Chinese ship compiled; every marked string has a translation."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
# One catalog per app: the core, each capability app, and the demo.
CATALOGS = sorted([*ROOT.glob("marketing_ai/**/locale/zh_Hans/LC_MESSAGES/django.po"),
                   ROOT / "demo_shop/locale/zh_Hans/LC_MESSAGES/django.po"])
CAPABILITIES = sorted(path.parent.name for path in ROOT.glob("marketing_ai/*/apps.py"))
PACKAGES = ["marketing_ai", *(f"marketing_ai/{name}" for name in CAPABILITIES), "demo_shop"]


def test_there_are_catalogs_for_each_app_and_the_demo():
    assert {path.parts[-5] for path in CATALOGS} >= {"marketing_ai", "demo_shop", *CAPABILITIES}


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-5])
def test_every_string_is_translated(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert untranslated == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-5])
def test_compiled_catalog_matches_its_source(po_path):
    po = polib.pofile(str(po_path))
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert catalog._catalog.get(key) == entry.msgstr, f"{po_path.name} is stale: run compilemessages"


@pytest.mark.parametrize("package", PACKAGES)
def test_catalog_covers_every_marked_string(package, tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (CI installs it)")
    copy = tmp_path / package
    # The core's catalog leaves the capability apps to their own.
    skip = CAPABILITIES if package == "marketing_ai" else ()
    shutil.copytree(ROOT / package, copy, ignore=shutil.ignore_patterns("__pycache__", *skip))
    if package == "demo_shop":
        shutil.copytree(ROOT / "templates", copy / "project_templates")
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "zh_Hans", "--no-obsolete"],
                   cwd=copy, check=True, capture_output=True, timeout=120)
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po")) if not e.obsolete}
    shipped = {e.msgid for e in polib.pofile(str(ROOT / package / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    assert sorted(fresh - shipped) == [], "run makemessages and translate the new strings"


def test_app_strings_switch_to_chinese():
    from marketing_ai.models import Job

    with translation.override("zh-hans"):
        assert str(Job._meta.verbose_name) == "后台任务"
        assert str(Job.Status.FAILED.label) == "已失败"
    with translation.override("en"):
        assert str(Job._meta.verbose_name) == "job"


def test_validation_errors_are_translated(catalog):
    from marketing_ai.interactions import validate_event_type

    with translation.override("zh-hans"):
        with pytest.raises(ValueError, match="未知事件类型"):
            validate_event_type("wishlist")
