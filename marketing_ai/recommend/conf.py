"""Settings of the recommendations (``marketing_ai.recommend``), with their defaults: read through ``marketing_ai.conf.app_settings``.

Set them in the host's ``MARKETING_AI`` dict like every other marketing_ai setting.
"""

DEFAULTS = {
    # Algorithms the automatic selection tries (names from recommend.algorithms.ALGORITHMS).
    "RECOMMEND_ALGORITHMS": ["popularity", "als", "bpr", "item_cosine", "item_bm25", "ease", "torch_als"],
    # "auto" (CUDA when present), "cpu" or "cuda": where torch ALS, EASE and implicit train.
    "RECOMMEND_DEVICE": "auto",
    # Seconds the hyperparameter search may spend before it stops starting new fits.
    "RECOMMEND_SEARCH_SECONDS": 120,
    # Candidates whose estimated training memory is above this many MiB are skipped.
    "RECOMMEND_MEMORY_MB": 4096,
    # Half-life of an event's weight in the training matrix, in days; None: no time decay.
    "RECOMMEND_HALF_LIFE_DAYS": None,
    # Share of each shopper's products held out to compare a new model with the serving one.
    "RECOMMEND_TEST_FRACTION": 0.2,
    # The k of nDCG@k that decides whether a new model serves.
    "RECOMMEND_K": 10,
    # Models are compared on at most this many shoppers with held-out products (a fixed random
    # sample, the same for every model); None: all of them. Scoring cost grows with shoppers x products.
    "RECOMMEND_EVAL_USERS": 5000,
    # Length of each precomputed top-N list.
    "RECOMMEND_TOP_N": 50,
    # Folder of trained model files; None: MEDIA_ROOT/marketing_ai/models.
    "RECOMMEND_MODEL_DIR": None,
    # Leave out products a signed-in customer already bought.
    "RECOMMEND_EXCLUDE_PURCHASED": True,
    # Trending: events of the last this-many days, each halving in weight every half-life.
    "RECOMMEND_TRENDING_DAYS": 30,
    "RECOMMEND_TRENDING_HALF_LIFE_DAYS": 7,
    # "Bought together" needs at least this many shared orders.
    "RECOMMEND_MIN_COPURCHASES": 1,
    # Seconds a rendered list stays in Django's cache (a new run or rule change invalidates it anyway).
    "RECOMMEND_CACHE_SECONDS": 300,
    # Retraining schedule for django-q2 (cron syntax); None: no scheduled retraining.
    "RECOMMEND_TRAIN_CRON": "0 3 * * *",
    # REST throttle scope (merged into THROTTLE_RATES).
    "THROTTLE_RATES": {"recommendations": "300/min"},
}
