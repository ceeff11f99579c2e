"""Opinion groups on the map: Polis's two-level k-means, k chosen by silhouette.

1. Base clusters: k-means with k = 100 on the clustered participants' coordinates, started from the
   first 100 distinct points (participants in key order), at most 100 iterations. With 100
   distinct points or fewer, each distinct point is its own base cluster (as in Polis).
2. Groups: k-means on the base-cluster centres weighted by their member counts, for every k in
   2..max_k, max_k = min(5, 2 + base clusters // 12) (Polis's `max-k-fn`: small conversations get
   fewer groups), and never more than there are base clusters.
3. k = the one with the best silhouette, computed like Polis's on the base-cluster centres (plain
   mean over base clusters, Euclidean distances, 0 for a member of a single-member cluster). A
   larger k has to beat a smaller one by more than 0.01: closer silhouettes are a tie, which goes
   to the smaller k (London 2022: 0.4821 for 3 groups, 0.4831 for 4; one participant more or less
   flips such a difference, and Polis's k-smoother would not switch k on it either).

Departures from Polis, because this computation has no history: Polis warm-starts every k-means
from its previous run and only switches k after the same best k has come 4 times in a row; here
each computation starts cold. Group k-means uses k-means++ with 10 starts and a fixed seed (cold,
Polis's first-k-points start easily lands in a poor local optimum) and runs to convergence
(Polis's group level stops after 20 iterations, a quirk of its code).

Group ids: 0 for the largest group, then by decreasing size (ties by centre x, then y).

Stability: the grouping is recomputed at the chosen k on 20 bootstrap resamples of the clustered
participants (each base cluster weighted by how many of its members were drawn, fixed seeds); each
resample's groups are applied to every participant and compared with the published groups by the
adjusted Rand index. `stability` is the mean: 1.0 means every resample found the same groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

BASE_K = 100
BASE_ITERATIONS = 100
MAX_GROUPS = 5
GROUP_STARTS = 10
BOOTSTRAP_RESAMPLES = 20
SEED = 0
K_TIE = 0.01


@dataclass(frozen=True, eq=False)
class BaseClusters:
    centres: np.ndarray  # base clusters × 2
    weights: np.ndarray  # members per base cluster
    membership: np.ndarray  # base cluster of each clustered participant


@dataclass(frozen=True, eq=False)
class Grouping:
    k: int
    labels: np.ndarray  # group of each clustered participant
    centres: np.ndarray  # k × 2
    silhouettes: tuple  # ((k, score), ...) for every k tried
    stability: float


def base_clusters(points):
    distinct, first, inverse = np.unique(points, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if len(distinct) <= BASE_K:
        weights = np.bincount(inverse, minlength=len(distinct)).astype(float)
        return BaseClusters(distinct, weights, inverse)
    start = points[np.sort(first)[:BASE_K]]
    kmeans = KMeans(n_clusters=BASE_K, init=start, n_init=1, max_iter=BASE_ITERATIONS).fit(points)
    used, membership = np.unique(kmeans.labels_, return_inverse=True)
    centres = kmeans.cluster_centers_[used]
    return BaseClusters(centres, np.bincount(membership).astype(float), membership.reshape(-1))


def max_groups(n_base):
    return min(MAX_GROUPS, 2 + n_base // 12, n_base)


def _kmeans(centres, weights, k, seed):
    return KMeans(n_clusters=k, init="k-means++", n_init=GROUP_STARTS, random_state=seed).fit(
        centres, sample_weight=weights
    )


def _silhouette(centres, labels):
    n_labels = len(np.unique(labels))
    if n_labels == len(centres):
        return 0.0  # every base cluster alone: each scores 0
    if n_labels < 2:
        return None
    return float(silhouette_score(centres, labels))


def _ordered(labels, centres, weights, k):
    """Renumber groups: largest first, ties by centre x then y."""
    sizes = np.bincount(labels, weights=weights, minlength=k)
    order = sorted(range(k), key=lambda g: (-sizes[g], centres[g][0], centres[g][1]))
    rank = np.empty(k, dtype=int)
    rank[order] = np.arange(k)
    return rank[labels], centres[order]


def _stability(base, k, labels):
    rng = np.random.default_rng(SEED)
    total = int(base.weights.sum())
    scores = []
    for resample in range(BOOTSTRAP_RESAMPLES):
        drawn = rng.multinomial(total, base.weights / total).astype(float)
        present = drawn > 0
        if present.sum() < k:
            scores.append(0.0)
            continue
        kmeans = _kmeans(base.centres[present], drawn[present], k, SEED + 1 + resample)
        scores.append(adjusted_rand_score(labels, kmeans.predict(base.centres)[base.membership]))
    return float(np.mean(scores))


def group(points):
    """Group the clustered participants' coordinates (at least 2 distinct points)."""
    base = base_clusters(points)
    tried, fits = [], {}
    for k in range(2, max_groups(len(base.centres)) + 1):
        fit = _kmeans(base.centres, base.weights, k, SEED)
        score = _silhouette(base.centres, fit.labels_)
        if score is not None:
            tried.append((k, score))
            fits[k] = fit
    best_k, best_score = tried[0]
    for k, score in tried[1:]:
        if score > best_score + K_TIE:
            best_k, best_score = k, score
    fit = fits[best_k]
    base_labels, centres = _ordered(fit.labels_, fit.cluster_centers_, base.weights, best_k)
    labels = base_labels[base.membership]
    return Grouping(best_k, labels, centres, tuple(tried), _stability(base, best_k, labels))
