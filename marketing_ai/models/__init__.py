"""Records that marketing_ai keeps beside the host shop's own tables, one module per capability."""

from marketing_ai.models.interactions import Interaction
from marketing_ai.models.jobs import Job
from marketing_ai.models.copy import CopyDraft, PromptTemplate

__all__ = ["Interaction", "Job", "CopyDraft", "PromptTemplate"]
