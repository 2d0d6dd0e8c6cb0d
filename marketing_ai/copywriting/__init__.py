"""The product copy studio: prompts, the template composer, the grounding check and the workflow."""
