"""The budgeting rules on small hand-made instances, and against pabutools on random ones."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations import budgeting
from consultations.budgeting import APPROVAL, CUMULATIVE, Instance, greedy, mes, mes_plain


def approval(budget, costs, *ballots):
    return Instance(budget=budget, costs=costs, ballots=[set(b) for b in ballots], kind=APPROVAL)


def test_greedy_skips_a_project_that_does_not_fit_and_goes_on():
    instance = approval(100, {"a": 80, "b": 30, "c": 20}, "abc", "abc", "ab", "a")
    outcome = greedy(instance)
    assert outcome.selected == ["a", "c"]
    assert outcome.budget_used == 100
    assert outcome.rejections["b"].reason == budgeting.DID_NOT_FIT
    assert outcome.rejections["b"].money == 20


def test_ties_go_to_the_id_first_as_a_string():
    # '10' < '9' as strings: the documented tie-break, as in pabutools.
    instance = approval(10, {"9": 10, "10": 10}, ["9"], ["10"])
    assert greedy(instance).selected == ["10"]
    assert mes_plain(instance).selected == []  # each voter has 5 of the 10 needed
    # At 5 + 5 each, both become affordable together and overspend: completion keeps the last fit.
    assert mes(instance).selected == []


def test_mes_tie_between_equally_priced_projects_goes_to_the_first_id():
    instance = approval(20, {"b": 10, "a": 10}, "ab", "ab")
    outcome = mes_plain(instance)
    assert outcome.selected == ["a", "b"]
    assert outcome.purchases["a"].round == 1


def test_free_projects_follow_pabutools():
    instance = approval(10, {"free": 0, "nobody": 0, "x": 10}, ["free", "x"], ["x"])
    outcome = mes_plain(instance)
    # A cost utility of 0: approval MES never buys a free project.
    assert outcome.selected == ["x"]
    assert outcome.rejections["free"].reason == budgeting.FREE
    assert outcome.rejections["nobody"].reason == budgeting.NO_SUPPORT
    # Greedy funds every free project, last (satisfaction per cost 0).
    assert greedy(instance).selected == ["x", "free", "nobody"]
    points = Instance(budget=10, costs={"free": 0, "x": 10}, ballots=[{"free": 1, "x": 2}, {"x": 1}], kind=CUMULATIVE)
    assert mes_plain(points).selected == ["free", "x"]


def test_a_budget_smaller_than_every_project_funds_nothing():
    instance = approval(5, {"a": 10, "b": 20}, "ab", "a")
    for rule in budgeting.RULES:
        outcome = budgeting.compute(instance, rule)
        assert outcome.selected == []
        assert outcome.budget_used == 0
    assert mes_plain(instance).rejections["a"].reason == budgeting.NOT_ENOUGH_MONEY
    assert greedy(instance).rejections["a"].reason == budgeting.DID_NOT_FIT


def test_empty_ballots_dilute_each_share_and_completion_makes_up_for_it():
    instance = approval(10, {"a": 10}, "a", "a", "", "")
    plain = mes_plain(instance)
    assert plain.initial_share == Fraction(5, 2)
    assert plain.selected == []
    completed = mes(instance)
    assert completed.selected == ["a"]
    assert completed.increment == 3  # 2 supporters × (2.5 + 3) ≥ 10


def test_no_ballot_at_all():
    instance = approval(10, {"a": 5}, )
    assert mes(instance).selected == []
    assert mes_plain(instance).selected == []
    assert greedy(instance).selected == ["a"]


def test_supporters_with_exactly_the_cost_buy_it_despite_float_rounding():
    # 3 × (1/3) is exactly 1: the near-tie check sends this run to exact arithmetic.
    instance = approval(1, {"a": 1}, "a", "a", "a")
    assert mes_plain(instance).selected == ["a"]


def test_purchase_explains_the_price_each_supporter_paid():
    instance = approval(100, {"a": 40, "b": 90}, "a", "a", "a", "ab")
    outcome = mes_plain(instance)
    assert outcome.selected == ["a"]
    purchase = outcome.purchases["a"]
    assert purchase.price == pytest.approx(10)
    assert purchase.effective_support == pytest.approx(4)
    assert purchase.supporters == 4 and purchase.short == 0
    rejection = outcome.rejections["b"]
    assert rejection.reason == budgeting.NOT_ENOUGH_MONEY
    assert rejection.money == pytest.approx(15)


def test_cumulative_supporters_pay_in_proportion_to_their_points():
    instance = Instance(budget=30, costs={"a": 12}, ballots=[{"a": 3}, {"a": 1}, {}], kind=CUMULATIVE)
    outcome = mes_plain(instance)
    assert outcome.selected == ["a"]
    assert outcome.purchases["a"].price == pytest.approx(3)  # per point: 9 + 3
    assert greedy(instance).selected == ["a"]


def test_comparison_keeps_greedy_only_when_strictly_more_voters_gain():
    # Greedy funds the big project 3 voters like; MES splits the money between two groups.
    instance = approval(100, {"big": 100, "x": 50, "y": 50}, ["big"], ["big"], ["big"], "x", "x", "y", "y")
    plain = mes(instance)
    assert sorted(plain.selected) == ["x", "y"]
    compared = mes(instance, compare_with_greedy=True)
    assert compared.comparison["prefer_mes"] == 4
    assert compared.comparison["prefer_greedy"] == 3
    assert compared.comparison["kept"] == budgeting.MES
    assert sorted(compared.selected) == ["x", "y"]


# --- against pabutools ---------------------------------------------------------------------------

pabutools = pytest.importorskip("pabutools", reason="pabutools is a test-only dependency")
from pabutools.election import (  # noqa: E402
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Project,
)
from pabutools.election import Instance as PbInstance  # noqa: E402
from pabutools.rules import (  # noqa: E402
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)


class PointsTimesCost(AdditiveSatisfaction):
    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, lambda i, p, b, project, pre: b.get(project, 0) * project.cost)


def pabutools_outcomes(instance):
    projects = {pid: Project(pid, cost) for pid, cost in instance.costs.items()}
    pb_instance = PbInstance(projects.values(), budget_limit=instance.budget)
    if instance.kind == APPROVAL:
        profile = ApprovalProfile([ApprovalBallot({projects[p] for p in b}) for b in instance.ballots])
        greedy_sat = mes_sat = Cost_Sat
    else:
        profile = CumulativeProfile([CumulativeBallot({projects[p]: v for p, v in b.items()}) for b in instance.ballots])
        greedy_sat, mes_sat = PointsTimesCost, Additive_Cardinal_Sat
    names = lambda allocation: sorted(p.name for p in allocation)  # noqa: E731
    return {
        "greedy": names(greedy_utilitarian_welfare(pb_instance, profile, sat_class=greedy_sat)),
        "mes-plain": names(method_of_equal_shares(pb_instance, profile, sat_class=mes_sat)),
        "mes": names(exhaustion_by_budget_increase(
            pb_instance, profile, rule=method_of_equal_shares, rule_params={"sat_class": mes_sat},
            budget_step=len(profile), exhaustive_stop=False,
        )),
    }


PROJECT_IDS = ["1", "2", "9", "10", "a", "b"]


@st.composite
def instances(draw, kind):
    ids = draw(st.lists(st.sampled_from(PROJECT_IDS), min_size=1, max_size=6, unique=True))
    # Few distinct costs so that ties happen often; zero-cost projects included.
    costs = {pid: draw(st.sampled_from([0, 1, 2, 3, 5, 6, 10, 12])) for pid in ids}
    budget = draw(st.integers(min_value=0, max_value=30))
    if kind == APPROVAL:
        ballot = st.sets(st.sampled_from(ids))
    else:
        ballot = st.dictionaries(st.sampled_from(ids), st.integers(min_value=1, max_value=3))
    # At least one ballot: with none, pabutools' completion loop never ends (its step is 0).
    ballots = draw(st.lists(ballot, min_size=1, max_size=7))
    return Instance(budget=budget, costs=costs, ballots=ballots, kind=kind)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(instances(APPROVAL))
def test_approval_rules_agree_with_pabutools(instance):
    expected = pabutools_outcomes(instance)
    for rule in budgeting.RULES:
        assert sorted(budgeting.compute(instance, rule).selected) == expected[rule], rule


@SETTINGS
@given(instances(CUMULATIVE))
def test_cumulative_rules_agree_with_pabutools(instance):
    expected = pabutools_outcomes(instance)
    for rule in budgeting.RULES:
        assert sorted(budgeting.compute(instance, rule).selected) == expected[rule], rule
