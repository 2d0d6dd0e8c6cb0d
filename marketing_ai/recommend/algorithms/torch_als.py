"""Our own implicit-feedback ALS in PyTorch, with a conjugate-gradient solver like implicit's.

Objective (Hu, Koren, Volinsky 2008, with implicit's conventions): confidence c_ui = alpha * r_ui for
observed cells and 1 elsewhere, preference p_ui = 1 for observed cells,
    loss = sum_ui c_ui (p_ui - x_u . y_i)^2 + regularization (|X|^2 + |Y|^2).
Each half step runs a few CG iterations per row, warm-started from the current factors, on all
rows at once; the sparse part of A v is computed in chunks of non-zeros so memory stays bounded.
Runs on CUDA when present (device auto/cuda), on CPU otherwise.
"""

import numpy as np

from marketing_ai.recommend.algorithms.base import FactorModel, resolve_device

# Non-zeros per chunk of the sparse product: bounds the (chunk x factors) temporaries.
CHUNK_NNZ = 1 << 21


class TorchALS(FactorModel):
    """Implicit ALS trained with torch (CPU or CUDA)."""

    name = "torch_als"
    required_packages = ("torch",)
    defaults = {"factors": 64, "regularization": 0.01, "alpha": 1.0, "iterations": 15, "cg_steps": 3,
                "random_state": 42}

    def _fit(self, user_items, progress=None):
        import torch

        device = resolve_device(self.requested_device)
        self.device = device
        p = self.params
        factors = int(p["factors"])
        generator = torch.Generator().manual_seed(int(p["random_state"]))
        n_users, n_items = user_items.shape
        # Small random start, as implicit does.
        users = (torch.rand(n_users, factors, generator=generator) * 0.01).to(device)
        items = (torch.rand(n_items, factors, generator=generator) * 0.01).to(device)
        by_user = _SparseRows(user_items, float(p["alpha"]), device)
        by_item = _SparseRows(user_items.T.tocsr(), float(p["alpha"]), device)
        self.loss_history = []
        iterations = int(p["iterations"])
        with torch.no_grad():
            for iteration in range(iterations):
                users = _cg_half_step(users, items, by_user, float(p["regularization"]), int(p["cg_steps"]))
                items = _cg_half_step(items, users, by_item, float(p["regularization"]), int(p["cg_steps"]))
                self.loss_history.append(_loss(users, items, by_user, float(p["regularization"])))
                if progress:
                    progress(100 * (iteration + 1) / iterations)
        self.user_factors = users.cpu().numpy()
        self.item_factors = items.cpu().numpy()

    def _save(self, directory):
        np.savez(directory / "torch_als.npz", user_factors=self.user_factors, item_factors=self.item_factors)

    def _load(self, directory):
        with np.load(directory / "torch_als.npz") as data:
            self.user_factors = data["user_factors"]
            self.item_factors = data["item_factors"]


class _SparseRows:
    """One side of the matrix as (row of each non-zero, column, confidence) tensors."""

    def __init__(self, csr, alpha, device):
        import torch

        counts = np.diff(csr.indptr)
        self.n_rows = csr.shape[0]
        self.rows = torch.from_numpy(np.repeat(np.arange(csr.shape[0], dtype=np.int64), counts)).to(device)
        self.cols = torch.from_numpy(csr.indices.astype(np.int64)).to(device)
        self.confidence = torch.from_numpy((alpha * csr.data).astype(np.float32)).to(device)

    def chunks(self):
        for start in range(0, len(self.cols), CHUNK_NNZ):
            end = start + CHUNK_NNZ
            yield self.rows[start:end], self.cols[start:end], self.confidence[start:end]


def _cg_half_step(x, y, sparse_rows, regularization, steps):
    """Improve every row of x with ``steps`` CG iterations on (Y'Y + Y'(C-I)Y + reg I) x = Y'C p."""
    import torch

    gram = y.T @ y + regularization * torch.eye(y.shape[1], device=y.device, dtype=y.dtype)

    def apply_a(v):
        out = v @ gram
        for rows, cols, conf in sparse_rows.chunks():
            yi = y[cols]
            dots = (yi * v[rows]).sum(dim=1) * (conf - 1.0)
            out.index_add_(0, rows, yi * dots[:, None])
        return out

    b = torch.zeros_like(x)
    for rows, cols, conf in sparse_rows.chunks():
        b.index_add_(0, rows, y[cols] * conf[:, None])
    x = x.clone()
    r = b - apply_a(x)
    p = r.clone()
    rs_old = (r * r).sum(dim=1)
    for _ in range(steps):
        ap = apply_a(p)
        denominator = (p * ap).sum(dim=1)
        alpha = torch.where(denominator > 1e-20, rs_old / denominator.clamp_min(1e-20), torch.zeros_like(rs_old))
        x += alpha[:, None] * p
        r -= alpha[:, None] * ap
        rs_new = (r * r).sum(dim=1)
        if float(rs_new.max()) < 1e-20:
            break
        beta = torch.where(rs_old > 1e-20, rs_new / rs_old.clamp_min(1e-20), torch.zeros_like(rs_new))
        p = r + beta[:, None] * p
        rs_old = rs_new
    return x


def _loss(users, items, by_user, regularization):
    """The full objective, accumulated in float64, divided by the number of cells."""
    import torch

    u, v = users.double(), items.double()
    # Every cell as if unobserved (c = 1, p = 0): sum_u x_u' (Y'Y) x_u ...
    total = float(((u @ (v.T @ v)) * u).sum())
    # ... corrected on the observed cells: c (1 - s)^2 - s^2.
    for rows, cols, conf in by_user.chunks():
        s = (u[rows] * v[cols]).sum(dim=1)
        total += float((conf.double() * (1.0 - s) ** 2 - s ** 2).sum())
    total += regularization * (float((u * u).sum()) + float((v * v).sum()))
    return total / max(1, users.shape[0] * items.shape[0])
