"""Any OpenAI-compatible chat-completions server: vLLM, Ollama, llama.cpp server, hosted APIs.

Plain ``urllib``: no client package needed. Each request is one POST to
``{OPENAI_BASE_URL}/chat/completions``; timeouts, connection errors, 429 and 5xx are retried with
exponential backoff, other HTTP errors and malformed answers are reported at once. At most
``OPENAI_CONCURRENCY`` requests are in flight per process, however many batches run at once.
"""

import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from marketing_ai.conf import app_settings
from marketing_ai.textgen.base import TextBackend, TextResult

logger = logging.getLogger(__name__)

# A Retry-After longer than this is not waited for: the job should fail over to the template.
MAX_RETRY_AFTER = 30.0


class _Retryable(Exception):
    """A failure worth another try (timeout, connection error, 429, 5xx)."""

    def __init__(self, message, wait=None):
        super().__init__(message)
        self.wait = wait


class _Fatal(Exception):
    """A failure another try will not fix (4xx, malformed answer)."""


class OpenAIBackend(TextBackend):
    """Chat completions over HTTP, configured by the ``OPENAI_*`` settings."""

    name = "openai"

    def __init__(self):
        self.base_url = (app_settings.OPENAI_BASE_URL or "").rstrip("/")
        self.model = app_settings.OPENAI_MODEL or ""
        self.api_key = app_settings.OPENAI_API_KEY
        self.timeout = float(app_settings.OPENAI_TIMEOUT)
        self.max_retries = max(0, int(app_settings.OPENAI_MAX_RETRIES))
        self.backoff = max(0.0, float(app_settings.OPENAI_BACKOFF))
        self.concurrency = max(1, int(app_settings.OPENAI_CONCURRENCY))
        self._slots = threading.BoundedSemaphore(self.concurrency)

    def generate(self, requests):
        if not requests:
            return []
        if not self.base_url:
            return [TextResult("", self.name, self.model, error="MARKETING_AI['OPENAI_BASE_URL'] is not set")
                    for _ in requests]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(requests))) as pool:
            return list(pool.map(self._complete, requests))

    def _complete(self, request):
        last_error = ""
        for attempt in range(self.max_retries + 1):
            try:
                with self._slots:
                    return self._post(request)
            except _Fatal as exc:
                return TextResult("", self.name, self.model, error=str(exc))
            except _Retryable as exc:
                last_error = str(exc)
                if attempt == self.max_retries:
                    break
                wait = exc.wait if exc.wait is not None else self.backoff * (2 ** attempt)
                logger.info("openai backend: %s; retry %d in %.2f s", exc, attempt + 1, wait)
                time.sleep(wait)
        return TextResult("", self.name, self.model,
                          error=f"gave up after {self.max_retries + 1} attempts: {last_error}")

    def _payload(self, request):
        messages = []
        if request.system:
            messages.append({"role": "system", "content": request.system})
        messages.append({"role": "user", "content": request.prompt})
        payload = {"model": self.model, "messages": messages, "max_tokens": request.max_new_tokens,
                   "temperature": request.temperature}
        if request.seed is not None:
            payload["seed"] = request.seed
        return json.dumps(payload).encode()

    def _post(self, request):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        http_request = urllib.request.Request(f"{self.base_url}/chat/completions", data=self._payload(request),
                                              headers=headers, method="POST")
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            if exc.code == 429 or exc.code >= 500:
                raise _Retryable(f"HTTP {exc.code}: {detail}", wait=_retry_after(exc.headers)) from None
            raise _Fatal(f"HTTP {exc.code} from {self.base_url}: {detail}") from None
        except (TimeoutError, socket.timeout):
            raise _Retryable(f"timed out after {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Retryable(f"timed out after {self.timeout:g} s") from None
            raise _Retryable(f"cannot reach {self.base_url}: {exc.reason}") from None
        except (ConnectionError, OSError) as exc:
            raise _Retryable(f"connection to {self.base_url} failed: {exc}") from None
        try:
            data = json.loads(body)
            text = data["choices"][0]["message"]["content"]
            if not isinstance(text, str):
                raise TypeError("content is not a string")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise _Fatal(f"malformed response from {self.base_url}: {exc.__class__.__name__}: "
                         f"{body[:200].decode('utf-8', 'replace')}") from None
        return TextResult(text.strip(), self.name, str(data.get("model") or self.model))


def _retry_after(headers):
    value = headers.get("Retry-After") if headers else None
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value))) if value is not None else None
    except ValueError:
        return None
