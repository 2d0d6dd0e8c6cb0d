"""Packaging for marketing_ai; metadata and tool settings live in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["marketing_ai", "marketing_ai.*"]),
    include_package_data=True,
    package_data={
        # The core's and each capability app's own templates, static files, catalogs and data.
        "marketing_ai": [
            "templates/marketing_ai/**/*.html", "*/templates/marketing_ai/**/*.html",
            "static/marketing_ai/**/*", "*/static/marketing_ai/**/*",
            "locale/*/LC_MESSAGES/*.po", "locale/*/LC_MESSAGES/*.mo",
            "*/locale/*/LC_MESSAGES/*.po", "*/locale/*/LC_MESSAGES/*.mo",
            "data/*", "*/data/*",
        ],
    },
)
