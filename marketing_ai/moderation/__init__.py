"""Review moderation: checks behind one interface, a pipeline that decides, a classifier that learns.

    checks.py      ``ReviewCheck`` and the rule checks (profanity, spam, personal data, off-topic ...)
    pipeline.py    runs the enabled, weighted checks and decides publish / hold / reject
    classifier.py  the learned TF-IDF + linear classifier, trained from moderators' decisions
    service.py     moderate_review / moderate_reviews / override: the only code that writes decisions
"""
