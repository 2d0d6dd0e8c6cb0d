"""The REST API: one router, mounted by the host with include("marketing_ai.api.urls")."""
