"""The embedded default backend: the template composer, no model, no network."""

from marketing_ai.textgen.base import TextBackend, TextResult


class TemplateBackend(TextBackend):
    """Writes copy from ``request.metadata`` (``facts``, ``kind``, ``tone``, ``language``, ``limits``).

    The prompt text is ignored: everything the composer says comes from the facts. A request
    without facts (a chat message, say) gets an error result so that the caller can fall back.
    """

    name = "template"
    model = "composer-v1"

    def generate(self, requests):
        from marketing_ai.copywriting.composer import compose

        results = []
        for request in requests:
            meta = request.metadata
            facts = meta.get("facts")
            if not facts:
                results.append(TextResult("", self.name, self.model, error="the template backend needs product facts"))
                continue
            text = compose(facts, meta.get("kind", "description"), meta.get("tone", "professional"),
                           meta.get("language", "en"), seed=request.seed, limits=meta.get("limits"))
            results.append(TextResult(text, self.name, self.model))
        return results
