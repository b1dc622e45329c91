"""Groups of similar narratives: connected parts of the similarity graph above a score."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import scipy.sparse as sp

from zeroharm.analytics.text.tokens import _unzip, narrative_vectorizer


def narrative_clusters(
    items: Iterable[tuple[int, str]],
    *,
    min_score: float = 0.5,
    min_size: int = 3,
    vectors: Callable[[list[str]], sp.spmatrix] | None = None,
) -> list[list[int]]:
    """Groups of at least `min_size` similar narratives, as lists of ids; biggest group first.

    Each group is a star: its first id is the centre, every other member's narrative has a cosine of at
    least `min_score` with the centre's, and the members follow by that similarity (ties by id). Centres
    are taken greedily, the narrative with the most similar neighbours first, and a narrative belongs to
    one group at most. Stars, because connected components of the thresholded similarity graph chain
    near-duplicates of near-duplicates into one giant "cluster".

    `vectors` turns the texts into their L2-normalised rows with a vocabulary learnt beforehand (the narrative
    index's: `narrative_store.SharedIndex.vectors`): then a narrative's row depends on its text alone, the same
    narratives give the same groups, and adding one unlike the others leaves every group as it was (issue 16,
    point 4). Without it the vocabulary and its idf weights are learnt from these narratives, so adding one moves
    every weight a little and may move members across the threshold. The similarity graph is computed in blocks
    of rows (each block's product holds at most a few million entries), so 20,000 narratives fit in memory.
    """
    ids, texts = _unzip(items)
    if len(ids) < max(min_size, 2):
        return []
    try:
        matrix = (vectors(texts) if vectors is not None else narrative_vectorizer().fit_transform(texts)).tocsr()
    except ValueError:
        return []
    if not matrix.shape[1]:
        return []
    graph = _similarity_graph(matrix, min_score)
    degree = np.diff(graph.indptr)
    assigned = np.zeros(len(ids), dtype=bool)
    clusters: list[list[int]] = []
    for centre in np.lexsort((ids, -degree)):
        if degree[centre] + 1 < min_size:
            break  # the rest have fewer neighbours still
        if assigned[centre]:
            continue
        lo, hi = graph.indptr[centre], graph.indptr[centre + 1]
        neighbours, scores = graph.indices[lo:hi], graph.data[lo:hi]
        free = ~assigned[neighbours]
        if free.sum() + 1 < min_size:
            continue
        neighbours, scores = neighbours[free], scores[free]
        members = np.concatenate([[centre], neighbours[np.lexsort((ids[neighbours], -scores))]])
        assigned[members] = True
        clusters.append(ids[members].tolist())
    clusters.sort(key=lambda members: (-len(members), members[0]))
    return clusters


def _similarity_graph(matrix: sp.csr_matrix, min_score: float) -> sp.csr_matrix:
    """Symmetric CSR graph of the pairs (i != j) whose cosine is >= min_score, the cosine as weight.

    Exact, in blocks of rows, each against the rows after it (each pair once). The n-grams in more than
    a tenth of the narratives (" th", "the", 的, 伤...) are few but cost the most in a sparse product
    (every pair of narratives sharing one adds a term), so their part of each cosine is a dense product
    (BLAS); the rest stays sparse.
    """
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    common = df > max(n // 10, 64)
    dense = matrix[:, np.flatnonzero(common)].toarray()
    rare = matrix[:, np.flatnonzero(~common)].tocsr()
    step = max(16, 4_000_000 // max(n, 1))  # a block is at most step x n float32: 16 MB
    rows, cols, weights = [], [], []
    for start in range(0, n, step):
        stop = min(start + step, n)
        block = dense[start:stop] @ dense[start:].T  # rows start..stop against rows start..n
        part = rare[start:stop] @ rare[start:].T.tocsr()
        block[np.repeat(np.arange(stop - start), np.diff(part.indptr)), part.indices] += part.data
        local, col = np.nonzero(np.triu(block, k=1) >= min_score)  # col > row: each pair once, not itself
        rows.append(local + start)
        cols.append(col + start)
        weights.append(block[local, col])
    graph = sp.csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return (graph + graph.T).tocsr()
