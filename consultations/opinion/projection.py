"""The two-dimensional map of participants: PCA of the vote matrix, projected as Polis does.

- Moderated-out statements are columns of zeros for every participant (Polis's `zero-out-columns`):
  they carry no variance, but count as voted in the scaling below.
- A missing vote is replaced by the mean of that statement's votes. After centring, an imputed cell
  is exactly 0, so the centred matrix keeps the sparsity of the votes and PCA is a truncated SVD of
  that sparse matrix (scikit-learn's TruncatedSVD, ARPACK): the same two components as PCA of the
  imputed dense matrix, without building it.
- Participant i's coordinates are their centred votes times the components, scaled by
  sqrt(number of statements / number of statements i voted on), so that someone who voted on few
  statements is not pulled towards the centre (Polis's `sparsity-aware-project-ptpt`).
- Component signs are arbitrary in PCA (Polis starts its power iteration from a random vector); each
  is turned so that its largest loading is positive, so the same votes always give the same map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD

COMPONENTS = 2
SEED = 0


@dataclass(frozen=True, eq=False)
class Projection:
    coordinates: np.ndarray  # participants × 2
    components: np.ndarray  # 2 × statements
    centre: np.ndarray  # statements
    explained_variance_ratio: tuple


def project(matrix, moderated_out_mask):
    """PCA map of every participant of `matrix` (a votes.VoteMatrix)."""
    n_participants, n_statements = matrix.shape
    keep = ~moderated_out_mask[matrix.cols]
    rows, cols = matrix.rows[keep], matrix.cols[keep]
    values = matrix.values[keep].astype(float)

    counts = np.bincount(cols, minlength=n_statements)
    sums = np.bincount(cols, weights=values, minlength=n_statements)
    centre = np.divide(sums, counts, out=np.zeros(n_statements), where=counts > 0)
    centred = sparse.csr_matrix((values - centre[cols], (rows, cols)), shape=matrix.shape)
    centred.eliminate_zeros()
    if centred.nnz == 0:  # everyone voted alike: no direction to find (ARPACK would fail)
        zeros = np.zeros((COMPONENTS, n_statements))
        flat = np.zeros((n_participants, COMPONENTS))
        return Projection(flat, zeros, centre, (0.0,) * COMPONENTS)

    svd = TruncatedSVD(n_components=COMPONENTS, algorithm="arpack", random_state=SEED)
    svd.fit(centred)
    components = svd.components_.copy()
    for component in components:
        if component[np.argmax(np.abs(component))] < 0:
            component *= -1

    voted = np.bincount(rows, minlength=n_participants) + int(moderated_out_mask.sum())
    scale = np.sqrt(n_statements / np.maximum(voted, 1))
    coordinates = np.asarray(centred @ components.T) * scale[:, None]
    total = centred.multiply(centred).sum()
    explained = tuple(float(v) for v in svd.singular_values_**2 / total)
    return Projection(coordinates, components, centre, explained)
