"""Text generation backends shared by product copy and the shop assistant."""

from marketing_ai.textgen.base import TextBackend, TextRequest, TextResult, backend_names, get_backend

__all__ = ["TextBackend", "TextRequest", "TextResult", "backend_names", "get_backend"]
