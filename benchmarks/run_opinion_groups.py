"""Time the opinion-groups computation (consultations/opinion/) on generated and real conversations.

    /work/main/.venv/bin/python benchmarks/run_opinion_groups.py [--participants 5000] [--statements 500]

Generated: planted groups (tests/consultations/planted_opinions.py), each participant voting on
20 to 60 statements, 10 % passes, one conversation per number of groups 2..5 (seeded). For each:
seconds of `opinion_groups` (best of 3), peak memory of the computation (tracemalloc, a separate
run, numpy's arrays included), adjusted Rand index against the planted groups, k found.
Real: the three shared Polis conversations (../shared/data/polis or $POLIS_DATA, CC BY 4.0, The Computational
Democracy Project), with the adjusted Rand index against Polis's own groups and, when red-dwarf is
installed (test requirements), against red-dwarf 0.4.0's pipeline.
The process's peak resident memory (ru_maxrss, generation and Python included) is printed last.
"""

import argparse
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import adjusted_rand_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from consultations.opinion.groups import opinion_groups  # noqa: E402  (no Django needed)
from consultations.opinion.polis_export import read_export  # noqa: E402
from tests.consultations.planted_opinions import planted_votes  # noqa: E402

DATA = Path(os.environ.get("POLIS_DATA") or ROOT.parent / "shared" / "data" / "polis")
CONVERSATIONS = ["15-per-hour-seattle", "london.youth.policing", "scoop-hivemind.ubi"]


def timed(function, repeat=3):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def peak_bytes(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def ari(reference, result):
    found = {place.participant: place.group for place in result.placements if place.group is not None}
    common = [p for p in reference if p in found]
    return adjusted_rand_score([reference[p] for p in common], [found[p] for p in common])


def generated(participants, statements):
    print(f"\nGenerated: {participants:,} participants × {statements} statements, 20–60 votes each, 10 % passes")
    print("| Planted groups | Votes | Seconds (best of 3) | Peak memory (MB, tracemalloc) | k found | "
          "ARI vs planted | Stability | Silhouettes (k=2..5) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for groups in (2, 3, 4, 5):
        votes, truth = planted_votes(participants, statements, groups, voted=(20, 60), passes=0.1, seed=groups)
        seconds, result = timed(lambda: opinion_groups(votes))
        peak = peak_bytes(lambda: opinion_groups(votes)) / 2**20
        silhouettes = ", ".join(f"{score:.2f}" for _, score in result.silhouettes)
        print(f"| {groups} | {len(votes):,} | {seconds:.2f} | {peak:.0f} | {result.k} | "
              f"{ari(truth, result):.3f} | {result.stability:.3f} | {silhouettes} |")


def red_dwarf_groups(export):
    """red-dwarf's pipeline as it is (k-means started from the first k distinct points), and its
    clustering step with k-means++ on the same map, 10 seeds, the best silhouette kept (the oracle
    of tests/consultations/test_opinion_groups.py)."""
    try:
        from reddwarf.implementations.base import run_pipeline
        from reddwarf.utils.clusterer.kmeans import run_kmeans
    except ImportError:
        return None, None
    from sklearn.metrics import silhouette_score

    latest = {(p, s): v for p, s, v in export.votes}
    votes = [{"participant_id": p, "statement_id": s, "vote": v} for (p, s), v in latest.items()]
    with threadpool_limits(limits=1):
        frame = run_pipeline(votes=votes, mod_out_statement_ids=sorted(export.moderated_out),
                             random_state=0).participants_df
        clustered = frame[frame["to_cluster"]]
        points = clustered[["x", "y"]].to_numpy()
        runs = [run_kmeans(points, n_clusters=k, init="k-means++", random_state=seed).labels_
                for seed in range(10) for k in range(2, 6)]
    best = max(runs, key=lambda labels: silhouette_score(points, labels))
    pipeline = {int(p): int(g) for p, g in frame["cluster_id"].dropna().items()}
    return pipeline, {int(p): int(g) for p, g in zip(clustered.index, best)}


def real():
    if not DATA.is_dir():
        print(f"\n(no shared Polis data at {DATA})")
        return
    print("\nShared Polis conversations (moderated-out statements passed as such):")
    print("| Conversation | Participants | Statements (moderated out) | Clustered (Polis) | k (Polis) | "
          "Seconds (best of 3) | ARI vs Polis | ARI vs red-dwarf pipeline (its k) | "
          "ARI vs red-dwarf k-means++ best of 10 (its k) | Stability |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in CONVERSATIONS:
        export = read_export(DATA / name)
        seconds, result = timed(lambda: opinion_groups(export.votes, moderated_out=export.moderated_out))
        pipeline, best = red_dwarf_groups(export)
        versus = "not installed | not installed" if pipeline is None else " | ".join(
            f"{ari(reference, result):.3f} ({len(set(reference.values()))})" for reference in (pipeline, best))
        print(f"| {name} | {result.participants} | {result.statements} ({result.moderated_out}) | "
              f"{len(result.clustered)} ({len(export.groups)}) | {result.k} ({len(set(export.groups.values()))}) | "
              f"{seconds:.2f} | {ari(export.groups, result):.3f} | {versus} | {result.stability:.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--statements", type=int, default=500)
    args = parser.parse_args()
    print(f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python {platform.python_version()}, "
          f"{platform.processor() or platform.machine()}")
    generated(args.participants, args.statements)
    real()
    print(f"\nPeak RSS of the whole process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
