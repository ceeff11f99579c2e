"""Time MES in the portal (consultations/budgeting.py) and in pabutools 1.2.3, in the same run.

    /work/main/.venv/bin/python benchmarks/run_budgeting.py [--pabulib-file PATH] [--skip-pabutools-completed]

Instances: the largest pabulib file in ../shared/data/pabulib (Wieliczka 2023: 6,586 voters,
64 projects) and a generated one (10,000 voters × 100 projects, seeded). Rules: MES without
completion, and MES completed "add1 until infeasible" (pabutools `exhaustion_by_budget_increase`
with budget_step = number of voters, exhaustive_stop=False). Both sides are checked to select the
same projects. pabutools needs the test requirements (pip install -r requirements.txt).
"""

import argparse
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consultations import budgeting, pabulib  # noqa: E402  (no Django needed)

DATA = ROOT.parent / "shared" / "data" / "pabulib"


def generated(voters=10_000, projects=100, seed=2026):
    """Approval ballots with a few popular projects, as in real elections; budget ≈ 1/3 of all costs."""
    rng = random.Random(seed)
    ids = [str(number) for number in range(1, projects + 1)]
    costs = {pid: rng.randrange(5_000, 200_001, 500) for pid in ids}
    popularity = [rng.paretovariate(1.2) for _ in ids]
    ballots = []
    for _ in range(voters):
        size = rng.randint(1, 8)
        ballots.append(set(rng.choices(ids, weights=popularity, k=size)))
    budget = sum(costs.values()) // 3
    return budgeting.Instance(budget=budget, costs=costs, ballots=ballots, kind=budgeting.APPROVAL)


def to_pabutools(instance):
    from pabutools.election import ApprovalBallot, ApprovalProfile, Project
    from pabutools.election import Instance as PbInstance

    projects = {pid: Project(pid, cost) for pid, cost in instance.costs.items()}
    profile = ApprovalProfile([ApprovalBallot({projects[p] for p in ballot}) for ballot in instance.ballots])
    return PbInstance(projects.values(), budget_limit=instance.budget), profile


def timed(function, repeat=1):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def compare(label, instance, *, completed_pabutools=True):
    from pabutools.election import Cost_Sat
    from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares

    pb_instance, profile = to_pabutools(instance)
    rows = []
    ours_plain, outcome = timed(lambda: budgeting.mes_plain(instance), repeat=3)
    theirs_plain, allocation = timed(lambda: method_of_equal_shares(pb_instance, profile, sat_class=Cost_Sat))
    assert sorted(outcome.selected) == sorted(p.name for p in allocation), "MES differs from pabutools"
    rows.append(("MES, no completion", ours_plain, theirs_plain, len(outcome.selected)))
    ours_full, outcome = timed(lambda: budgeting.mes(instance), repeat=1)
    theirs_full = None
    if completed_pabutools:
        theirs_full, allocation = timed(lambda: exhaustion_by_budget_increase(
            pb_instance, profile, rule=method_of_equal_shares, rule_params={"sat_class": Cost_Sat},
            budget_step=len(profile), exhaustive_stop=False,
        ))
        assert sorted(outcome.selected) == sorted(p.name for p in allocation), "completed MES differs"
    rows.append((f"MES add1 until infeasible ({outcome.increment + 1} runs)", ours_full, theirs_full, len(outcome.selected)))
    print(f"\n{label}: {len(instance.ballots)} voters, {len(instance.costs)} projects, budget {instance.budget}")
    print("| Rule | Portal (s) | pabutools 1.2.3 (s) | Speed-up | Projects |")
    print("|---|---:|---:|---:|---:|")
    for name, ours, theirs, count in rows:
        speedup = f"{theirs / ours:.0f}×" if theirs else "not run"
        theirs_text = f"{theirs:.2f}" if theirs else "–"
        print(f"| {name} | {ours:.3f} | {theirs_text} | {speedup} | {count} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pabulib-file", type=Path, default=None)
    parser.add_argument("--skip-pabutools-completed", action="store_true",
                        help="do not time pabutools' completed MES on the generated instance (minutes)")
    args = parser.parse_args()
    print(f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python {platform.python_version()}, "
          f"{platform.processor() or platform.machine()}")
    path = args.pabulib_file
    if path is None and DATA.is_dir():
        path = max(DATA.glob("*.pb"), key=lambda p: len(pabulib_votes(p)))
    if path:
        compare(path.name, pabulib.read(path).instance())
    compare("Generated", generated(), completed_pabutools=not args.skip_pabutools_completed)


def pabulib_votes(path):
    try:
        return pabulib.read(path).votes
    except pabulib.PabulibError:
        return []


if __name__ == "__main__":
    main()
