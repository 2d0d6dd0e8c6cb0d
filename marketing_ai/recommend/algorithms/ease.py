"""EASE, the closed-form item-item model (Steck 2019): B = I - P / diag(P), P = (X'X + lambda I)^-1.

The inverse is a float32 Cholesky inverse in torch, on CUDA when present. The dense product x product
matrices make it suit catalogues up to about 20k products on CPU (three matrices of n^2 floats).
"""

import numpy as np

from marketing_ai.recommend.algorithms.base import Recommender, resolve_device


class EASE(Recommender):
    """Embarrassingly shallow autoencoder on the binarised interaction matrix."""

    name = "ease"
    required_packages = ("torch",)
    defaults = {"lambda_": 500.0, "binary": True}

    def _fit(self, user_items, progress=None):
        import torch

        device = resolve_device(self.requested_device)
        x = user_items.copy()
        if self.params["binary"]:
            x.data = np.ones_like(x.data)
        with torch.no_grad():
            g = _gram(x, device)
            g.diagonal().add_(float(self.params["lambda_"]))
            try:
                p = torch.cholesky_inverse(torch.linalg.cholesky(g))
            except RuntimeError:  # not positive definite in float32: fall back to a plain inverse
                p = torch.linalg.inv(g)
            del g
            b = p / (-p.diagonal())[None, :]
            b.diagonal().zero_()
            self.weights = b.cpu().numpy().astype(np.float32)
        self.device = device

    def _input(self, user_items):
        if not self.params["binary"]:
            return user_items
        x = user_items.copy()
        x.data = np.ones_like(x.data)
        return x

    def score(self, user_ids, user_items):
        return np.asarray(self._input(user_items) @ self.weights)

    def item_scores(self, item_ids):
        return self.weights[np.asarray(item_ids)]

    def estimated_bytes(self, n_users, n_items, nnz):
        return 3 * 4 * n_items * n_items + 16 * nnz

    def _save(self, directory):
        np.save(directory / "ease_weights.npy", self.weights)

    def _load(self, directory):
        self.weights = np.load(directory / "ease_weights.npy")


# Users per block when the Gram matrix is built on the GPU: a dense block of users x products floats.
GPU_BLOCK_CELLS = 1 << 28


def _gram(x, device, blocked=None):
    """X'X as a dense float32 tensor on ``device``.

    On CPU scipy's sparse product is used; on CUDA blocks of users are made dense on the GPU and
    multiplied there, which is far faster than a sparse product whose result is nearly dense.
    """
    import torch

    if not (device != "cpu" if blocked is None else blocked):
        return torch.from_numpy((x.T @ x).toarray().astype(np.float32))
    n_users, n_items = x.shape
    gram = torch.zeros((n_items, n_items), dtype=torch.float32, device=device)
    block = max(1, GPU_BLOCK_CELLS // max(1, n_items))
    for start in range(0, n_users, block):
        part = x[start:start + block].tocoo()
        dense = torch.zeros((part.shape[0], n_items), dtype=torch.float32, device=device)
        rows = torch.from_numpy(part.row.astype(np.int64)).to(device)
        cols = torch.from_numpy(part.col.astype(np.int64)).to(device)
        dense[rows, cols] = torch.from_numpy(part.data.astype(np.float32)).to(device)
        gram.addmm_(dense.T, dense)
    return gram
