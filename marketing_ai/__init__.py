"""marketing_ai: AI-driven content marketing for Django shops."""

__version__ = "0.1.0"
