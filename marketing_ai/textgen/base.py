"""The one interface of text generation, shared by product copy and the shop assistant.

A backend takes a batch of ``TextRequest`` and returns one ``TextResult`` per request, in order.
It never raises for a single bad request: the failure goes into ``TextResult.error`` so that the
caller can fall back. Backends know nothing of Django models.

Backends are chosen by name: ``MARKETING_AI["TEXT_BACKENDS"]`` maps names to dotted paths and
``MARKETING_AI["TEXT_BACKEND"]`` names the default. Instances are built once per process.
"""

import threading
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from marketing_ai.conf import SETTING_NAME, app_settings


@dataclass(frozen=True)
class TextRequest:
    """One prompt to complete."""

    prompt: str
    system: str = ""
    max_new_tokens: int = 200
    temperature: float = 0.7
    seed: int | None = None
    metadata: dict = field(default_factory=dict)  # e.g. product facts, kind, tone, language for the template backend


@dataclass(frozen=True)
class TextResult:
    """The completion of one request; ``error`` is non-empty when it failed."""

    text: str
    backend: str
    model: str = ""
    error: str = ""

    @property
    def ok(self):
        return not self.error


class TextBackend:
    """A family member of the text backends: a batch of requests in, a batch of results out."""

    name = ""
    # Packages that must be importable for this backend (system check marketing_ai.E005).
    required_packages = ()

    def generate(self, requests: list[TextRequest]) -> list[TextResult]:
        """Complete every request; one result per request, in the same order."""
        raise NotImplementedError


_instances = {}
_lock = threading.Lock()


def backend_names():
    """The names of the configured backends."""
    return list(app_settings.TEXT_BACKENDS)


def get_backend(name: str | None = None) -> TextBackend:
    """The backend called ``name`` (default: ``MARKETING_AI["TEXT_BACKEND"]``), built once per process."""
    name = name or app_settings.TEXT_BACKEND
    paths = app_settings.TEXT_BACKENDS
    if name not in paths:
        raise ImproperlyConfigured(
            f"Unknown text backend {name!r}; {SETTING_NAME}['TEXT_BACKENDS'] has: {', '.join(sorted(paths))}."
        )
    key = (name, paths[name])
    with _lock:
        backend = _instances.get(key)
        if backend is None:
            try:
                backend_class = import_string(paths[name])
            except ImportError as exc:
                raise ImproperlyConfigured(f"Cannot import text backend {name!r} ({paths[name]}): {exc}") from exc
            backend = backend_class()
            if not backend.name:
                backend.name = name
            _instances[key] = backend
    return backend


def _drop_backends(*, setting, **kwargs):
    # Settings of a backend (URL, model path) are read when it is built: rebuild after a change.
    if setting == SETTING_NAME:
        with _lock:
            _instances.clear()


setting_changed.connect(_drop_backends)
