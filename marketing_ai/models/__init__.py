"""Records that marketing_ai keeps beside the host shop's own tables, one module per capability."""

from marketing_ai.models.assistant import (FAQEntry, Handoff, IntentExample, Message, ProductEmbedding, StoreIntent,
                                           Thread)
from marketing_ai.models.interactions import Interaction
from marketing_ai.models.jobs import Job

__all__ = ["Interaction", "Job"]
__all__ += ["FAQEntry", "Handoff", "IntentExample", "Message", "ProductEmbedding", "StoreIntent", "Thread"]
