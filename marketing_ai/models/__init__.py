"""Records that marketing_ai keeps beside the host shop's own tables, one module per capability."""

from marketing_ai.models.assistant import (FAQEntry, Handoff, IntentExample, Message, ProductEmbedding, StoreIntent,
                                           Thread)
from marketing_ai.models.interactions import Interaction
from marketing_ai.models.jobs import Job
from marketing_ai.models.copy import CopyDraft, PromptTemplate
from marketing_ai.models.moderation import ModerationClassifier, ModerationDecision, ModerationOverride, Verdict
from marketing_ai.models.recommend import RecommendationList, RecommendationRule, RecommenderRun

__all__ = ["Interaction", "Job"]
__all__ += ["CopyDraft", "PromptTemplate"]
__all__ += ["ModerationClassifier", "ModerationDecision", "ModerationOverride", "Verdict"]
__all__ += ["RecommenderRun", "RecommendationList", "RecommendationRule"]
__all__ += ["FAQEntry", "Handoff", "IntentExample", "Message", "ProductEmbedding", "StoreIntent", "Thread"]
