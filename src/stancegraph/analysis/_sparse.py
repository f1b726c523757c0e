"""Sparse building blocks shared by the alignment and discourse-network measures."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

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


def level_distance(
    rows: np.ndarray,
    cols: np.ndarray,
    levels: np.ndarray,
    level_of: np.ndarray,
    shape: tuple[int, int],
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Σ_j Σ_{e∈(a,j)} Σ_{f∈(b,j)} w_e w_f |q(e) − q(f)| for every pair of rows a, b.

    Entries e are (row, col, level, weight); several entries may share a cell (DNA records).
    With A_k the row x col matrix of weights at level q_k, the sum is Σ_{k,l} |q_k − q_l| A_k A_lᵀ.
    All K² products are done as one: B = [A_1 … A_K] times the transpose of
    C = [Σ_{l>k} |q_k − q_l| A_l]_k, whose cost is about that of a single A Aᵀ; the result is
    then symmetrised (the k > l half is the transpose of the k < l half).

    >>> rows, cols = np.array([0, 1, 1]), np.array([0, 0, 0])
    >>> levels = np.array([-1.0, 1.0])
    >>> level_distance(rows, cols, levels, np.array([1, 1, 0]), (2, 1)).tolist()
    [[0.0, 2.0], [2.0, 4.0]]
    """
    n_rows, n_cols = shape
    K = len(levels)
    w = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    if K < 2 or len(rows) == 0:
        return np.zeros((n_rows, n_rows))
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
    half = (B @ C.T).toarray()
    return half + half.T
