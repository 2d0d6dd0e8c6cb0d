"""Settings of review moderation (``marketing_ai.moderation``), with their defaults: read through ``marketing_ai.conf.app_settings``.

Set them in the host's ``MARKETING_AI`` dict like every other marketing_ai setting.
"""

DEFAULTS = {
    # The checks every review goes through: name -> {"class": dotted path of a ReviewCheck,
    # "enabled": bool, "weight": multiplies the check's 0..1 score, "options": its keyword arguments}.
    # A host's entry is merged over the default entry of the same name.
    "MODERATION_CHECKS": {
        "profanity": {"class": "marketing_ai.moderation.rules.ProfanityCheck", "weight": 1.0,
                      "options": {"allow_list": [], "model_max_score": 0.8}},
        "spam": {"class": "marketing_ai.moderation.rules.SpamCheck", "weight": 1.0},
        "duplicate": {"class": "marketing_ai.moderation.rules.DuplicateCheck", "weight": 1.0},
        "burst": {"class": "marketing_ai.moderation.rules.BurstCheck", "weight": 1.0},
        "personal_data": {"class": "marketing_ai.moderation.rules.PersonalDataCheck", "weight": 1.0},
        "off_topic": {"class": "marketing_ai.moderation.rules.OffTopicCheck", "weight": 1.0},
        # A signal for moderators only: never hides a review.
        "rating_mismatch": {"class": "marketing_ai.moderation.rules.RatingMismatchCheck", "weight": 1.0},
        # The learned classifier; it serves only once trained and better than the rules on a holdout.
        "classifier": {"class": "marketing_ai.moderation.classifier.LearnedClassifierCheck", "weight": 1.0},
    },
    # Combined risk (0..1) from which a review is held for a person, and from which it is rejected.
    "MODERATION_THRESHOLDS": {"hold": 0.5, "reject": 0.9},
    # Checks whose flagged spans are masked and the review published instead of held, e.g. ["personal_data"].
    "MODERATION_MASK_AND_PUBLISH": [],
    # Hold every review below this many stars for a person (None: judge by the text only).
    "MODERATION_HOLD_BELOW_STARS": None,
    # Moderate a review when it is saved (post_save on REVIEW_MODEL).
    "MODERATION_ON_SAVE": True,
    # Moderate in the saving request instead of as a background job.
    "MODERATION_SYNC": False,
    # Use MiniLM sentence embeddings for the off-topic and near-duplicate checks (slower, semantic).
    "MODERATION_EMBEDDINGS": False,
    # Only this many characters of a review are checked; a longer review is held for a person.
    "MODERATION_MAX_CHARS": 20000,
    # The REST endpoint refuses longer texts.
    "MODERATION_API_MAX_CHARS": 10000,
    # How many recent reviews the near-duplicate and burst checks compare with.
    "MODERATION_HISTORY_SIZE": 2000,
    # Folder for trained classifiers; None means MEDIA_ROOT/marketing_ai/moderation.
    "MODERATION_CLASSIFIER_DIR": None,
    # Human decisions needed before a classifier is trained, and the share of them held out to test it.
    "MODERATION_CLASSIFIER_MIN_DECISIONS": 200,
    "MODERATION_CLASSIFIER_HOLDOUT": 0.25,
    # Retrain the classifier every this many minutes (a django-q2 schedule); None: only by hand.
    "MODERATION_RETRAIN_MINUTES": 1440,
    # REST throttle scope (merged into THROTTLE_RATES).
    "THROTTLE_RATES": {"moderation": "60/min"},
}
