"""marketing_ai: AI-driven content marketing for Django shops.

``marketing_ai`` is the core app; each capability is an app of its own. A host installs all of them
with ``INSTALLED_APPS += [*marketing_ai.APPS]``, or the core and the capabilities it wants.
"""

__version__ = "0.1.0"

#: Every app of the package, core first.
APPS = [
    "marketing_ai",
    "marketing_ai.recommend",
    "marketing_ai.copywriting",
    "marketing_ai.moderation",
    "marketing_ai.assistant",
]
