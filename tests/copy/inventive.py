"""A text backend for tests that invents facts, as small language models do."""

from marketing_ai.textgen import TextBackend, TextResult


class InventiveBackend(TextBackend):
    """Always claims a material, a size and a number no product has; counts its calls."""

    name = "inventive"
    calls = []

    def generate(self, requests):
        InventiveBackend.calls.append(len(requests))
        return [TextResult(f"{r.metadata['facts']['title']} is made of cashmere, 999 g, in size XXXL.", self.name,
                           "invent-1") for r in requests]


class BrokenBackend(TextBackend):
    name = "broken"

    def generate(self, requests):
        return [TextResult("", self.name, error="server on fire") for _ in requests]


class NeedyBackend(TextBackend):
    """Needs a package that is never installed (system check E005)."""

    name = "needy"
    required_packages = ("marketing_ai_surely_missing_package",)

    def generate(self, requests):
        return [TextResult("", self.name, error="never") for _ in requests]


class SlowTemplateBackend(TextBackend):
    """The template composer, slowed down like a model on a CPU, so a worker can be killed mid-batch."""

    name = "slow"
    seconds_per_batch = 0.6

    def generate(self, requests):
        import time

        from marketing_ai.textgen.template import TemplateBackend

        time.sleep(self.seconds_per_batch)
        return [TextResult(r.text, self.name, "slow-1", r.error) for r in TemplateBackend().generate(requests)]
