"""Participatory-budgeting rules: greedy and the Method of Equal Shares (MES).

Pure computation on an `Instance` (projects with integer costs, ballots, an integer budget); no
database access here, so the rules stay fast and testable. `budget_results.py` builds instances from
stored ballots. The rules follow pabutools 1.2.3 (`greedy_utilitarian_welfare`,
`method_of_equal_shares`, `exhaustion_by_budget_increase`) and are checked against it on real
pabulib elections and on random instances (tests/consultations/test_budgeting.py, test_pabulib.py).

Ballots and utilities
- approval: a set of project ids. Greedy ranks by approval count; MES uses cost utilities
  (a supporter's utility for a project is its cost), so every supporter of a project pays the same
  price unless they run out of money.
- cumulative (points): {project id: points}. Greedy ranks by total points; MES uses utility = points,
  so supporters pay in proportion to their points.
Empty ballots count as voters (they dilute each voter's share, as in pabutools).

Rules
- greedy: projects by decreasing score; each is funded if it fits the remaining budget, otherwise
  skipped (not a reason to stop). Unsupported and free projects come last and are funded if they
  fit (pabutools does the same: their satisfaction per cost is 0).
- mes_plain: each of the n voters starts with budget/n; each round buys the affordable project with
  the smallest price factor ρ (supporters pay min(their money, ρ·utility)); stops when no project's
  supporters can afford it. Unsupported projects are never funded; free projects are funded first
  with points ballots but never with approval ballots (a cost utility of 0: pabutools does the same).
- mes: mes_plain completed "add1 until infeasible": rerun MES with every voter's share raised by
  1 currency unit, then 2, ..., and keep the last outcome whose total cost fits the real budget.
  With `compare_with_greedy=True` (Wieliczka 2023), greedy's outcome replaces it only if strictly
  more voters have more of their projects funded under greedy than under MES.

Tie-breaking (one rule everywhere): equal scores (greedy) or equal price factors (MES) go to the
project whose id comes first as a string ('10' < '9'): pabutools' default, hence the results match
expected.json in the shared pabulib data.

Arithmetic: MES runs in floats. Every decision that a rounding error could flip (two price factors
within 1e-9 of each other, supporters' money within 1e-9 of a cost) is flagged; the run is then
redone in exact rationals. Real ties are rare, so the exact path is almost never taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from operator import mul, truediv

APPROVAL = "approval"
CUMULATIVE = "cumulative"

GREEDY = "greedy"
MES = "mes"
MES_PLAIN = "mes-plain"
RULES = (GREEDY, MES, MES_PLAIN)

# Rejection reasons
NO_SUPPORT = "no_support"
NOT_ENOUGH_MONEY = "not_enough_money"  # MES: its supporters' remaining money is below its cost
DID_NOT_FIT = "did_not_fit"  # greedy: its cost exceeds what was left of the budget
FREE = "free"  # approval MES: a project costing nothing brings no cost utility, so it is never bought

_EPS = 1e-9


@dataclass(frozen=True)
class Instance:
    """budget and costs in whole currency units; ballots: sets (approval) or dicts (cumulative)."""

    budget: int
    costs: dict  # project id (str) -> cost (int >= 0)
    ballots: list
    kind: str = APPROVAL

    def __post_init__(self):
        if self.kind not in (APPROVAL, CUMULATIVE):
            raise ValueError(f"unknown ballot kind {self.kind!r}")
        for ballot in self.ballots:
            unknown = [project for project in ballot if project not in self.costs]
            if unknown:
                raise ValueError(f"a ballot names unknown projects: {unknown}")

    def scores(self):
        """Approval counts or total points per project (every project, zeros included)."""
        scores = dict.fromkeys(self.costs, 0)
        if self.kind == APPROVAL:
            for ballot in self.ballots:
                for project in ballot:
                    scores[project] += 1
        else:
            for ballot in self.ballots:
                for project, points in ballot.items():
                    scores[project] += points
        return scores

    def supported(self, ballot):
        """The projects a ballot supports (positive points for cumulative ballots)."""
        if self.kind == APPROVAL:
            return set(ballot)
        return {project for project, points in ballot.items() if points > 0}


@dataclass
class Purchase:
    """How MES bought a project: `price` is what each supporter paid at most (approval) or the
    price of one point (cumulative); `effective_support` = cost / price, the number of votes (or
    points) that counted; `short` = supporters who could not pay the full price and gave all they had."""

    round: int
    rho: float
    price: float
    effective_support: float
    supporters: int
    short: int


@dataclass
class Rejection:
    reason: str  # NO_SUPPORT, NOT_ENOUGH_MONEY, DID_NOT_FIT or FREE
    money: float = 0.0  # MES: supporters' money left at the end; greedy: budget left when reached


@dataclass
class Outcome:
    rule: str
    selected: list  # project ids, in selection order
    budget: int
    budget_used: int
    voters: int
    # MES only: each voter's share in the final run (budget/n plus the completion increment).
    share: Fraction | None = None
    increment: int = 0
    purchases: dict = field(default_factory=dict)  # project id -> Purchase
    rejections: dict = field(default_factory=dict)  # project id -> Rejection
    # compare_with_greedy: votes for each side and which one was kept.
    comparison: dict | None = None

    @property
    def initial_share(self):
        return Fraction(self.budget, self.voters) if self.voters else None


# --- greedy -------------------------------------------------------------------------------------


def greedy(instance):
    scores = instance.scores()
    costs = instance.costs

    def rank(project):
        # pabutools ranks by satisfaction per cost, which is 0 for a free project: it comes last,
        # with the unsupported ones, and is funded since it always fits.
        return (-scores[project] if costs[project] else 0, project)

    remaining = instance.budget
    selected, rejections = [], {}
    for project in sorted(costs, key=rank):
        if costs[project] <= remaining:
            selected.append(project)
            remaining -= costs[project]
        elif scores[project] == 0:
            rejections[project] = Rejection(NO_SUPPORT, remaining)
        else:
            rejections[project] = Rejection(DID_NOT_FIT, remaining)
    return Outcome(
        rule=GREEDY, selected=selected, budget=instance.budget,
        budget_used=instance.budget - remaining, voters=len(instance.ballots), rejections=rejections,
    )


# --- MES ----------------------------------------------------------------------------------------


class _NearTie(Exception):
    """A float decision was too close to call: redo the run exactly."""


class _Prepared:
    """Identical ballots grouped (their voters' money stays equal throughout), supporters listed."""

    def __init__(self, instance):
        self.instance = instance
        groups = {}
        for ballot in instance.ballots:
            if instance.kind == APPROVAL:
                key = tuple(sorted(ballot))
            else:
                key = tuple(sorted((p, v) for p, v in ballot.items() if v > 0))
            groups[key] = groups.get(key, 0) + 1
        self.weights = list(groups.values())
        supporters = {project: [] for project in instance.costs}
        for g, key in enumerate(groups):
            if instance.kind == APPROVAL:
                for project in key:
                    supporters[project].append((g, instance.costs[project]))
            else:
                for project, points in key:
                    supporters[project].append((g, points))
        self.supporters = supporters
        self.n = len(instance.ballots)
        # Cost utilities give a free project no utility at all, so approval MES never funds it
        # (as pabutools); with points it is funded first.
        self.free = sorted(
            p for p, c in instance.costs.items()
            if c == 0 and supporters[p] and instance.kind == CUMULATIVE
        )
        self.candidates = sorted(p for p, c in instance.costs.items() if c > 0 and supporters[p])
        self.total_utility = {
            p: sum(self.weights[g] * u for g, u in supporters[p]) for p in self.candidates
        }
        # Per project, parallel lists for C-level loops: groups, their utilities, weights.
        self.groups = {p: [g for g, _u in supporters[p]] for p in self.candidates}
        self.utilities = {p: [u for _g, u in supporters[p]] for p in self.candidates}
        self.group_weights = {p: [self.weights[g] for g, _u in supporters[p]] for p in self.candidates}


def _price_factor(prep, project, money, exact):
    """(ρ, ratio): the smallest ρ with Σ min(money, ρ·u) = cost over the supporters, and when every
    supporter pays their full share, ρ as an exact (cost, total utility) pair of integers; None if
    the supporters cannot afford the project (raises _NearTie when floats cannot tell)."""
    cost = prep.instance.costs[project]
    groups, utilities, weights = prep.groups[project], prep.utilities[project], prep.group_weights[project]
    held = list(map(money.__getitem__, groups))
    available = sum(map(mul, weights, held))
    if exact:
        if available < cost:
            return None
    elif available < cost * (1 - _EPS):
        return None
    elif available <= cost * (1 + _EPS):
        raise _NearTie
    total = prep.total_utility[project]
    rho = Fraction(cost, total) if exact else cost / total
    ratios = list(map(truediv, held, utilities))
    poorest = min(ratios)
    if poorest >= rho:  # everyone pays their full share: the usual case
        # Floats cannot vouch for the exact pair when the poorest supporter is just at the price.
        return rho, ((cost, total) if exact or poorest > rho * (1 + _EPS) else None)
    # Walk up from the supporters with the least money per unit of utility; they give all they have.
    contributed, denominator = 0, total
    for i in sorted(range(len(groups)), key=ratios.__getitem__):
        candidate = (cost - contributed) / denominator if not exact else Fraction(cost - contributed) / denominator
        if candidate * utilities[i] <= held[i]:
            return candidate, None
        contributed += weights[i] * held[i]
        denominator -= weights[i] * utilities[i]
    if exact:  # unreachable: the supporters can afford the project
        raise AssertionError(project)
    raise _NearTie


def _mes_run(prep, share, exact):
    """One MES run where each voter starts with `share` (a Fraction when exact, else a float)."""
    costs = prep.instance.costs
    weights = prep.weights
    eps = 0 if exact else _EPS
    money = [share] * len(weights)
    rho_bound = {p: (Fraction(costs[p], prep.total_utility[p]) if exact else costs[p] / prep.total_utility[p])
                 for p in prep.candidates}
    remaining = set(prep.candidates)
    selected = list(prep.free)
    purchases = {}
    round_no = 0
    while remaining:
        best_rho, best, best_ratio = None, None, None
        for project in sorted(remaining, key=lambda p: (rho_bound[p], p)):
            # ρ only grows as money is spent: a project whose last ρ is already worse cannot win.
            if best_rho is not None and rho_bound[project] > best_rho * (1 + 2 * eps):
                break
            found = _price_factor(prep, project, money, exact)
            if found is None:
                remaining.discard(project)
                continue
            rho, ratio = found
            rho_bound[project] = rho
            if best_rho is None or rho < best_rho * (1 - eps):
                best_rho, best, best_ratio = rho, project, ratio
            elif rho <= best_rho * (1 + eps):
                if exact:
                    order = (rho > best_rho) - (rho < best_rho)
                elif ratio and best_ratio:
                    # Both prices are plain cost / total utility: compare them exactly in integers.
                    order = (ratio[0] * best_ratio[1] > best_ratio[0] * ratio[1]) - (
                        ratio[0] * best_ratio[1] < best_ratio[0] * ratio[1])
                else:
                    raise _NearTie
                if order < 0 or (order == 0 and project < best):
                    best_rho, best, best_ratio = rho, project, ratio
        if best is None:
            break
        round_no += 1
        remaining.discard(best)
        selected.append(best)
        short = 0
        zero = 0 if exact else 0.0
        group_weights = prep.group_weights[best]
        if prep.instance.kind == APPROVAL:  # everyone owes the same price: the hot path, kept tight
            price = best_rho * costs[best]
            for g, w in zip(prep.groups[best], group_weights):
                held = money[g]
                if price < held:
                    money[g] = held - price
                else:
                    if price > held:
                        short += w
                    money[g] = zero
        else:
            for g, u, w in zip(prep.groups[best], prep.utilities[best], group_weights):
                pay, held = best_rho * u, money[g]
                if pay < held:
                    money[g] = held - pay
                else:
                    if pay > held:
                        short += w
                    money[g] = zero
        supporters = sum(group_weights)
        unit = costs[best] if prep.instance.kind == APPROVAL else 1
        price = best_rho * unit
        purchases[best] = Purchase(
            round=round_no, rho=float(best_rho), price=float(price),
            effective_support=float(costs[best] / price), supporters=supporters, short=short,
        )
    return selected, purchases, money


def _mes_with_share(prep, share):
    """MES from the given per-voter share (a Fraction), in floats unless a near-tie needs exactness."""
    try:
        return _mes_run(prep, share.numerator / share.denominator, exact=False)
    except _NearTie:
        return _mes_run(prep, share, exact=True)


def _outcome(prep, rule, share, increment, run):
    instance = prep.instance
    selected, purchases, money = run
    rejections = {}
    chosen = set(selected)
    for project in instance.costs:
        if project in chosen:
            continue
        sups = prep.supporters[project]
        if not sups:
            rejections[project] = Rejection(NO_SUPPORT)
        elif not instance.costs[project]:
            rejections[project] = Rejection(FREE)
        else:
            left = sum(prep.weights[g] * money[g] for g, _u in sups)
            rejections[project] = Rejection(NOT_ENOUGH_MONEY, float(left))
    return Outcome(
        rule=rule, selected=selected, budget=instance.budget,
        budget_used=sum(instance.costs[p] for p in selected), voters=prep.n,
        share=share, increment=increment, purchases=purchases, rejections=rejections,
    )


def mes_plain(instance):
    """MES without completion (pabutools `method_of_equal_shares`)."""
    prep = _Prepared(instance)
    if not prep.n:
        return Outcome(rule=MES_PLAIN, selected=[], budget=instance.budget, budget_used=0, voters=0,
                       rejections={p: Rejection(NO_SUPPORT) for p in instance.costs})
    share = Fraction(instance.budget, prep.n)
    return _outcome(prep, MES_PLAIN, share, 0, _mes_with_share(prep, share))


def mes(instance, *, compare_with_greedy=False):
    """MES completed by raising every share 1 unit at a time while the outcome fits the budget
    (pabutools `exhaustion_by_budget_increase(..., budget_step=n, exhaustive_stop=False)`)."""
    prep = _Prepared(instance)
    if not prep.n:
        outcome = Outcome(rule=MES, selected=[], budget=instance.budget, budget_used=0, voters=0,
                          rejections={p: Rejection(NO_SUPPORT) for p in instance.costs})
    else:
        all_supported = len(prep.free) + len(prep.candidates)
        base = Fraction(instance.budget, prep.n)
        previous = None
        increment = 0
        while True:
            share = base + increment
            run = _mes_with_share(prep, share)
            cost = sum(instance.costs[p] for p in run[0])
            if cost > instance.budget:
                break
            previous = (share, increment, run)
            if len(run[0]) == all_supported:
                # Nothing more can be bought: every later step ends here too, or overspends.
                break
            increment += 1
        if previous is None:  # even the plain run overspends: impossible, MES never does
            previous = (base, 0, ([], {}, [base] * len(prep.weights)))
        outcome = _outcome(prep, MES, *previous)
    if compare_with_greedy:
        outcome = _compare(instance, outcome, greedy(instance))
    return outcome


def _compare(instance, mes_outcome, greedy_outcome):
    """Keep greedy's outcome only if strictly more voters get more of their projects under it."""
    by_mes, by_greedy = set(mes_outcome.selected), set(greedy_outcome.selected)
    prefer_mes = prefer_greedy = 0
    for ballot in instance.ballots:
        supported = instance.supported(ballot)
        m, g = len(supported & by_mes), len(supported & by_greedy)
        if m > g:
            prefer_mes += 1
        elif g > m:
            prefer_greedy += 1
    kept = greedy_outcome if prefer_greedy > prefer_mes else mes_outcome
    kept.comparison = {
        "prefer_mes": prefer_mes, "prefer_greedy": prefer_greedy,
        "kept": GREEDY if kept is greedy_outcome else MES,
        "mes_selected": list(mes_outcome.selected), "greedy_selected": list(greedy_outcome.selected),
    }
    kept.rule = MES
    return kept


def compute(instance, rule, **options):
    """Run a rule by its name (`greedy`, `mes`, `mes-plain`)."""
    if rule == GREEDY:
        return greedy(instance)
    if rule == MES:
        return mes(instance, **options)
    if rule == MES_PLAIN:
        return mes_plain(instance)
    raise ValueError(f"unknown rule {rule!r}")
