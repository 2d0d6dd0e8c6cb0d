"""Our own implicit-feedback ALS in PyTorch, with a conjugate-gradient solver like implicit's.

Objective (Hu, Koren, Volinsky 2008, with implicit's conventions): confidence c_ui = alpha * r_ui for
observed cells and 1 elsewhere, preference p_ui = 1 for observed cells,
    loss = sum_ui c_ui (p_ui - x_u . y_i)^2 + regularization (|X|^2 + |Y|^2).
Each half step runs a few CG iterations per row, warm-started from the current factors, on all
rows at once; the sparse part of A v is a sampled dense-dense product on the matrix's pattern
followed by a CSR x dense product, so memory stays proportional to the non-zeros.
Runs on CUDA when present (device auto/cuda), on CPU otherwise.
"""

import warnings

import numpy as np

from marketing_ai.recommend.algorithms.base import FactorModel, resolve_device


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
        self.loss_history = []
        iterations = int(p["iterations"])
        with torch.no_grad(), warnings.catch_warnings():
            # torch calls its sparse CSR support "beta"; the calls used here are stable since 2.0.
            warnings.simplefilter("ignore", UserWarning)
            by_user = _SparseRows(user_items, float(p["alpha"]), device)
            by_item = _SparseRows(user_items.T.tocsr(), float(p["alpha"]), device)
            for iteration in range(iterations):
                users = _cg_half_step(users, items, by_user, float(p["regularization"]), int(p["cg_steps"]))
                items = _cg_half_step(items, users, by_item, float(p["regularization"]), int(p["cg_steps"]))
                self.loss_history.append(_loss(users, items, by_user, float(p["regularization"])))
                if progress:
                    progress(100 * (iteration + 1) / iterations)
        self.user_factors = users.cpu().numpy()
        self.item_factors = items.cpu().numpy()

    def refresh_users(self, user_items):
        """One CG user half-step on ``user_items`` with the product factors fixed."""
        import torch

        p = self.params
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            items = torch.from_numpy(np.ascontiguousarray(self.item_factors))
            users = torch.from_numpy(np.ascontiguousarray(self.user_factors))
            rows = _SparseRows(user_items.tocsr().astype(np.float32), float(p["alpha"]), "cpu")
            users = _cg_half_step(users, items, rows, float(p["regularization"]), int(p["cg_steps"]))
        self.user_factors = users.numpy()
        return self

    def _save(self, directory):
        np.savez(directory / "torch_als.npz", user_factors=self.user_factors, item_factors=self.item_factors)

    def _load(self, directory):
        with np.load(directory / "torch_als.npz") as data:
            self.user_factors = data["user_factors"]
            self.item_factors = data["item_factors"]


class _SparseRows:
    """One side of the matrix as a torch CSR tensor of confidences (and its pattern)."""

    def __init__(self, csr, alpha, device):
        import torch

        csr = csr.tocsr()
        csr.sort_indices()
        self.crow = torch.from_numpy(csr.indptr.astype(np.int64)).to(device)
        self.col = torch.from_numpy(csr.indices.astype(np.int64)).to(device)
        self.confidence = torch.from_numpy((alpha * csr.data).astype(np.float32)).to(device)
        self.shape = csr.shape
        self.pattern = self.with_values(torch.ones_like(self.confidence))

    def with_values(self, values):
        import torch

        return torch.sparse_csr_tensor(self.crow, self.col, values, self.shape, check_invariants=False)

    def dots(self, x, y):
        """x_r . y_c for every stored cell (r, c), without materialising nnz x factors."""
        import torch

        return torch.sparse.sampled_addmm(self.pattern, x, y.T, beta=0.0).values()


def _cg_half_step(x, y, sparse_rows, regularization, steps):
    """Improve every row of x with ``steps`` CG iterations on (Y'Y + Y'(C-I)Y + reg I) x = Y'C p."""
    import torch

    gram = y.T @ y + regularization * torch.eye(y.shape[1], device=y.device, dtype=y.dtype)
    confidence_minus_one = sparse_rows.confidence - 1.0

    def apply_a(v):
        weights = sparse_rows.dots(v, y) * confidence_minus_one
        return v @ gram + sparse_rows.with_values(weights) @ y

    b = sparse_rows.with_values(sparse_rows.confidence) @ y
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
    u, v = users.double(), items.double()
    # Every cell as if unobserved (c = 1, p = 0): sum_u x_u' (Y'Y) x_u ...
    total = float(((u @ (v.T @ v)) * u).sum())
    # ... corrected on the observed cells: c (1 - s)^2 - s^2.
    s = by_user.dots(users, items).double()
    total += float((by_user.confidence.double() * (1.0 - s) ** 2 - s ** 2).sum())
    total += regularization * (float((u * u).sum()) + float((v * v).sum()))
    return total / max(1, users.shape[0] * items.shape[0])
