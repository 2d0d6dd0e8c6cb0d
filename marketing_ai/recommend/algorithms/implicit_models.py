"""The implicit library's models: ALS, BPR and item-item nearest neighbours (cosine, BM25).

implicit is imported inside methods: these classes are listed at start-up but only trained in jobs.
Training runs with BLAS held to one thread (implicit parallelises itself and warns otherwise).
"""

import numpy as np

from marketing_ai.recommend.algorithms.base import BATCH_USERS, FactorModel, Recommender, sparse_top_n


def _one_blas_thread():
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, "blas")


def _implicit_gpu():
    try:
        import implicit.gpu

        return bool(implicit.gpu.HAS_CUDA)
    except ImportError:
        return False


class _ImplicitFactorModel(FactorModel):
    required_packages = ("implicit", "threadpoolctl")
    gpu_module = ""
    cpu_module = ""
    class_name = ""

    def _model_class(self, gpu):
        import importlib

        return getattr(importlib.import_module(self.gpu_module if gpu else self.cpu_module), self.class_name)

    def _fit(self, user_items, progress=None):
        gpu = self.requested_device in ("auto", "cuda") and _implicit_gpu()
        if self.requested_device == "cuda" and not gpu:
            raise RuntimeError(f"{self.name}: device 'cuda' was asked for but implicit was built without CUDA")
        params = dict(self.params)
        seed = params.pop("random_state", 42)
        model = self._model_class(gpu)(**params, random_state=seed)
        with _one_blas_thread():
            model.fit(user_items, show_progress=False)
        if gpu:
            model = model.to_cpu()
        self.device = "cuda" if gpu else "cpu"
        self.model = model
        self.user_factors = np.asarray(model.user_factors)
        self.item_factors = np.asarray(model.item_factors)

    def _save(self, directory):
        self.model.save(str(directory / "implicit_model.npz"))

    def _load(self, directory):
        self.model = self._model_class(False).load(str(directory / "implicit_model.npz"))
        self.user_factors = np.asarray(self.model.user_factors)
        self.item_factors = np.asarray(self.model.item_factors)


class ImplicitALS(_ImplicitFactorModel):
    """implicit's alternating least squares with the conjugate-gradient solver."""

    name = "als"
    cpu_module = "implicit.cpu.als"
    gpu_module = "implicit.gpu.als"
    class_name = "AlternatingLeastSquares"
    defaults = {"factors": 64, "regularization": 0.01, "alpha": 1.0, "iterations": 15, "random_state": 42}

    def refresh_users(self, user_items):
        """One ALS user half-step on ``user_items`` with the product factors fixed (implicit's own solver)."""
        user_items = user_items.tocsr().astype(np.float32)
        confidence = user_items * float(self.params["alpha"]) if self.params["alpha"] != 1.0 else user_items
        factors = np.ascontiguousarray(self.model.user_factors)
        with _one_blas_thread():
            self.model.solver(confidence, factors, self.model.item_factors, self.model.regularization,
                              num_threads=self.model.num_threads)
        self.model.user_factors = factors
        # implicit caches norms and Gram matrices of the old factors.
        self.model._user_norms = None
        self.model._XtX = None
        self.user_factors = factors
        return self


class ImplicitBPR(_ImplicitFactorModel):
    """implicit's Bayesian personalised ranking (pairwise SGD)."""

    name = "bpr"
    cpu_module = "implicit.cpu.bpr"
    gpu_module = "implicit.gpu.bpr"
    class_name = "BayesianPersonalizedRanking"
    defaults = {"factors": 64, "learning_rate": 0.01, "regularization": 0.01, "iterations": 100, "random_state": 42}

    def refresh_users(self, user_items):
        # BPR's factors come from sampled pairs, not a least-squares step: its trained factors serve
        # as they are (held-out products are still excluded from the lists, as seen ones).
        return self

    def _fold_in_factors(self, row):
        # BPR's last factor is the item bias; the user side of it is fixed at 1.
        factors = super()._fold_in_factors(row)
        factors[-1] = 1.0
        return factors


class _ImplicitItemKNN(Recommender):
    required_packages = ("implicit", "threadpoolctl")
    class_name = ""

    def _model(self):
        import implicit.nearest_neighbours as nn

        return getattr(nn, self.class_name)(**self.params)

    def _fit(self, user_items, progress=None):
        import warnings

        model = self._model()
        with _one_blas_thread(), warnings.catch_warnings():
            # implicit's own weighting hands itself a COO matrix and then warns about it.
            warnings.filterwarnings("ignore", message="Method expects CSR input")
            model.fit(user_items, show_progress=False)
        self.model = model
        self.similarity = model.similarity.tocsr()

    def score(self, user_ids, user_items):
        return np.asarray((user_items @ self.similarity).todense())

    def item_scores(self, item_ids):
        return np.asarray(self.similarity[np.asarray(item_ids)].todense())

    def recommend(self, user_ids, user_items, n=10, exclude_seen=True):
        # Each shopper's scores reach only the neighbours of their products: ranked in sparse form
        # (a dense selection among thousands of tied zeros took seconds per 20k shoppers).
        user_items = user_items.tocsr()

        def batch(start):
            rows = user_items[start:start + BATCH_USERS]
            return sparse_top_n(rows @ self.similarity, n, exclude=rows if exclude_seen else None)

        return self._in_batches(batch, user_items.shape[0], n)

    def similar_items(self, item_ids, n=10):
        from scipy import sparse

        item_ids = np.asarray(item_ids, dtype=np.int64)
        itself = sparse.csr_matrix((np.ones(len(item_ids)), (np.arange(len(item_ids)), item_ids)),
                                   shape=(len(item_ids), self.similarity.shape[1]))
        return sparse_top_n(self.similarity[item_ids], n, exclude=itself)

    def estimated_bytes(self, n_users, n_items, nnz):
        return 16 * nnz + 12 * n_items * int(self.params.get("K", 20)) * 2

    def _save(self, directory):
        self.model.save(str(directory / "implicit_model.npz"))

    def _load(self, directory):
        from implicit.nearest_neighbours import ItemItemRecommender

        self.model = ItemItemRecommender.load(str(directory / "implicit_model.npz"))
        self.similarity = self.model.similarity.tocsr()


class ItemKNNCosine(_ImplicitItemKNN):
    """Item-item nearest neighbours, cosine similarity."""

    name = "item_cosine"
    class_name = "CosineRecommender"
    defaults = {"K": 20}


class ItemKNNBM25(_ImplicitItemKNN):
    """Item-item nearest neighbours on BM25-weighted interactions."""

    name = "item_bm25"
    class_name = "BM25Recommender"
    defaults = {"K": 20, "K1": 1.2, "B": 0.75}
