"""A host that installs only the core and the recommendations, on the differently shaped tests.altshop."""

import os

SECRET_KEY = "recommend-only-test-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "rest_framework.authtoken",
    "django_q",
    "marketing_ai",
    "marketing_ai.recommend",
    "tests.altshop",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.projects.recommend_only.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth",
                                       "django.contrib.messages.context_processors.messages"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["RECOMMEND_ONLY_DB"]}}
USE_TZ = True
STATIC_URL = "static/"
MEDIA_ROOT = os.environ.get("RECOMMEND_ONLY_MEDIA", "/tmp")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
Q_CLUSTER = {"name": "recommend_only", "orm": "default", "timeout": 600, "retry": 700}
MARKETING_AI = {
    "SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter",
    "PRODUCT_MODEL": "altshop.Article",
    "RUN_JOBS_SYNC": True,
    "RECOMMEND_ALGORITHMS": ["popularity", "item_cosine"],
    "RECOMMEND_SEARCH_SECONDS": 0,
}
