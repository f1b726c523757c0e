"""Sparse building blocks shared by the alignment and discourse-network measures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._lazy import lazy

if TYPE_CHECKING:
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    sp = lazy("scipy.sparse")

#: Above this many matrix cells the Gram product stays sparse; below, dense BLAS is faster.
DENSE_CELLS = 30_000_000


def gram(matrix: sp.csr_matrix) -> np.ndarray:
    """``matrix @ matrix.T`` as a dense array: multi-threaded BLAS when the matrix is small
    enough to densify, a sparse product otherwise.

    >>> gram(sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 2.0]]))).tolist()
    [[1.0, 1.0], [1.0, 5.0]]
    """
    n, p = matrix.shape
    if n * p <= DENSE_CELLS:
        dense = matrix.toarray().astype(np.float64)
        return dense @ dense.T
    return (matrix @ matrix.T).toarray()


def on_structure(X: sp.csr_array, S: sp.csr_array, offset: float = 1.0) -> np.ndarray:
    """The entries of ``X`` on the sparsity structure of ``S``, in the order of ``S.data``
    (0 where ``X`` has none). ``X`` must lie within that structure and every entry of
    ``X + offset·S`` must be positive (``S`` ≥ 1, ``X`` ≥ −offset·S + 1): a sparse product
    drops the entries that come out 0, and adding ``offset·S`` restores exactly ``S``'s cells,
    so the two data arrays line up without looking any pair up.

    >>> S = sp.csr_array(np.array([[1.0, 2.0], [0.0, 1.0]]))
    >>> on_structure(sp.csr_array(np.array([[0.0, 0.5], [0.0, 0.0]])), S).tolist()
    [0.0, 0.5, 0.0]
    """
    total = sp.csr_array(X + offset * S)
    total.sort_indices()
    if total.nnz != S.nnz:
        raise ValueError("X has entries outside the structure of S")
    return total.data - offset * S.data


def shared_and_distance(
    rows: np.ndarray,
    cols: np.ndarray,
    levels: np.ndarray,
    level_of: np.ndarray,
    shape: tuple[int, int],
) -> tuple[sp.csr_array, np.ndarray]:
    """For every pair of rows sharing a column: how many columns they share (CSR, sorted
    indices, diagonal included) and Σ_j |q(a, j) − q(b, j)| in the order of its entries, from
    one sparse product. The columns of a row come in the product's order, not sorted.

    With B the row x (level, col) indicator and C holding, for each entry at level l, the
    value (|q_k − q_l| + 1) + i in block k for every k, the complex product B Cᵀ has
    imaginary part the shared count and real part distance + count. Every shared cell is at
    least 1 + i, so none is dropped as 0, and both parts come on the same structure.

    >>> shared, dist = shared_and_distance(np.array([0, 1, 1]), np.array([0, 0, 1]),
    ...     np.array([-1.0, 1.0]), np.array([1, 0, 1]), (2, 2))
    >>> shared.toarray().tolist(), sorted(dist.tolist())
    ([[1, 1], [1, 2]], [0.0, 0.0, 2.0, 2.0])
    """
    n_rows, n_cols = shape
    K, N = max(len(levels), 1), len(rows)
    # Both operands are laid out as CSR directly (a stable sort and a count): letting scipy
    # convert COO would sort K·N entries, 11M at 1M stances over 11 polarity levels.
    order, indptr = _grouped(rows, n_rows)
    at = (level_of * n_cols + cols)[order]
    B = sp.csr_array((np.ones(N), at, indptr), shape=(n_rows, K * n_cols))
    gaps = np.abs(levels[:, None] - levels[None, :]) if len(levels) else np.zeros((1, 1))
    # Cᵀ, (level block, col) x row: block k is the entries grouped by col, valued for level k.
    by_col, col_ptr = _grouped(cols, n_cols)
    values = np.empty((K, N), dtype=np.complex128)
    values.real = gaps[:, level_of[by_col]] + 1.0
    values.imag = 1.0
    blocks = np.arange(K, dtype=np.int64)[:, None] * N + col_ptr[None, :-1]
    CT = sp.csr_array(
        (values.ravel(), np.tile(rows[by_col], K), np.append(blocks.ravel(), K * N)),
        shape=(K * n_cols, n_rows),
    )
    both = sp.csr_array(B @ CT)
    count = both.data.imag.astype(np.int64)  # sums of 1.0: exact, no rounding needed
    dist = both.data.real - count
    shared = sp.csr_array((count, both.indices, both.indptr), shape=both.shape)
    return shared, dist


def _grouped(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The entries in order of ``keys`` (stable), and where each key's run starts (CSR indptr)."""
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=size), out=indptr[1:])
    return np.argsort(keys, kind="stable"), indptr


def level_distance(
    rows: np.ndarray,
    cols: np.ndarray,
    levels: np.ndarray,
    level_of: np.ndarray,
    shape: tuple[int, int],
    weights: np.ndarray | None = None,
) -> sp.csr_array:
    """Σ_j Σ_{e∈(a,j)} Σ_{f∈(b,j)} w_e w_f |q(e) − q(f)| for every pair of rows a, b.

    Entries e are (row, col, level, weight); several entries may share a cell (DNA records).
    With A_k the row x col matrix of weights at level q_k, the sum is Σ_{k,l} |q_k − q_l| A_k A_lᵀ.
    All K² products are done as one: B = [A_1 … A_K] times the transpose of
    C = [Σ_{l>k} |q_k − q_l| A_l]_k, whose cost is about that of a single A Aᵀ; the result is
    then symmetrised (the k > l half is the transpose of the k < l half).

    >>> rows, cols = np.array([0, 1, 1]), np.array([0, 0, 0])
    >>> levels = np.array([-1.0, 1.0])
    >>> level_distance(rows, cols, levels, np.array([1, 1, 0]), (2, 1)).toarray().tolist()
    [[0.0, 2.0], [2.0, 4.0]]
    """
    n_rows, n_cols = shape
    K = len(levels)
    w = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    if K < 2 or len(rows) == 0:
        return sp.csr_array((n_rows, n_rows))
    B = sp.csr_matrix((w, (rows, level_of * n_cols + cols)), shape=(n_rows, K * n_cols))
    gaps = np.abs(levels[:, None] - levels[None, :])
    # Entry e at level l contributes |q_k − q_l| w_e to block k of C for every k < l.
    k = np.tile(np.arange(K), len(rows))
    l_rep = np.repeat(level_of, K)
    keep = k < l_rep
    C = sp.csr_matrix(
        (
            gaps[k[keep], l_rep[keep]] * np.repeat(w, K)[keep],
            (np.repeat(rows, K)[keep], k[keep] * n_cols + np.repeat(cols, K)[keep]),
        ),
        shape=(n_rows, K * n_cols),
    )
    half = sp.csr_array(B @ C.T)
    return sp.csr_array(half + half.T)
