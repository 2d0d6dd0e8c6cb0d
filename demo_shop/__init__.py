"""A small but real shop that uses marketing_ai, and the demo project's settings."""
