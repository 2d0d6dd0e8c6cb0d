"""Settings of the demo project (and the base of the test settings).

Environment:
- ``DATABASE_URL``: a database URL (postgres://...); SQLite in the project folder otherwise.
- ``REDIS_URL``: use the Redis broker for django-q2; the ORM broker otherwise.
- ``DJANGO_DEBUG``: "0" to turn debug off.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import marketing_ai

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-insecure-key-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") != "0"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    *marketing_ai.APPS,
    "demo_shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "demo_shop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "demo_shop.context_processors.shop",
            ],
        },
    },
]

WSGI_APPLICATION = "demo_shop.wsgi.application"


def _databases():
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        return {"default": dj_database_url.parse(url, conn_max_age=60)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # The worker and the web server use the file at the same time: WAL lets pages read
            # while a job writes, and writers wait for each other rather than fail.
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "demo_shop:home"
LOGOUT_REDIRECT_URL = "demo_shop:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "marketing_ai API",
    "DESCRIPTION": "Recommendations, product copy, review moderation and the shop assistant.",
    "VERSION": "1",
    # Swagger UI from the installed drf-spectacular-sidecar package: no CDN needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}


def _q_cluster():
    base = {
        "name": "marketing_ai",
        "workers": int(os.environ.get("Q_WORKERS", "2")),
        "timeout": 3600,
        # Longer than timeout: a task is re-delivered only when its worker is surely gone.
        "retry": 3700,
        "max_attempts": 3,
        "catch_up": False,
        "ack_failures": True,
        "label": "Django Q2",
    }
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        base["redis"] = redis_url
    else:
        base["orm"] = "default"
        base["poll"] = 0.5
    return base


Q_CLUSTER = _q_cluster()

MARKETING_AI = {
    "PRODUCT_MODEL": "demo_shop.Product",
    "ORDER_MODEL": "demo_shop.Order",
    "ORDER_LINE_MODEL": "demo_shop.OrderLine",
    "REVIEW_MODEL": "demo_shop.Review",
    "PRODUCT_FIELDS": {
        "title": "name",
        "description": "description",
        "price": "price",
        "category": "category__name",
        "available": "is_active",
        "attributes": "attributes",
        "image": "image_url",
    },
    "COPY_FIELD_MAP": {
        "description": "description",
        "short_description": "short_description",
        "seo_title": "seo_title",
        "meta_description": "meta_description",
    },
    "CUSTOMER_LOOKUP_FIELD": "username",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"marketing_ai": {"handlers": ["console"], "level": os.environ.get("MARKETING_AI_LOG_LEVEL", "INFO")}},
}
