"""Real pabulib elections imported through `import_pabulib`, computed through `pb_results` (the
portal's own code path), give exactly the winners pabutools 1.2.3 gives (shared expected.json);
malformed files are refused whole."""

import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from consultations import budgeting
from consultations.budget_results import budget_results, rules_results
from consultations.models import Ballot, BallotChoice, ConsultationPage, LocalProjectPage, User

pytestmark = pytest.mark.django_db

# The shared data sits next to the repository; PABULIB_DATA points elsewhere (a git worktree).
DATA = Path(os.environ.get("PABULIB_DATA") or Path(settings.BASE_DIR).parent / "shared" / "data" / "pabulib")
EXPECTED = DATA / "expected.json"
VARIANTS = {
    budgeting.GREEDY: "greedy",
    budgeting.MES: "mes_add1_until_infeasible",
    budgeting.MES_PLAIN: "mes_no_completion",
}
FILES = sorted(path.name for path in DATA.glob("*.pb")) if DATA.is_dir() else []
ORDINAL = "Poland_Krakow_2018_Wzgorza_Krzeslawickie.pb"


def import_file(path):
    out = io.StringIO()
    call_command("import_pabulib", str(path), stdout=out, stderr=io.StringIO())
    return int(out.getvalue().strip())


def pb_results(consultation_id, rule):
    out = io.StringIO()
    call_command("pb_results", str(consultation_id), "--rule", rule, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.skipif(not EXPECTED.is_file(), reason=f"the shared pabulib data is absent ({DATA})")
@pytest.mark.parametrize("name", FILES or ["(none)"])
def test_every_rule_gives_pabutools_winners(name, home_page):
    if name == ORDINAL:
        pytest.skip("ordinal ballots (Kraków) are not supported: the importer refuses them")
    expected = json.loads(EXPECTED.read_text())["files"][name]
    consultation_id = import_file(DATA / name)
    for rule, variant in VARIANTS.items():
        printed = pb_results(consultation_id, rule)
        assert printed["selected"] == expected[variant]["selection_order"], (name, rule)
        assert printed["budget_used"] == int(expected[variant]["total_cost"]), (name, rule)


@pytest.mark.skipif(not EXPECTED.is_file(), reason=f"the shared pabulib data is absent ({DATA})")
def test_wieliczka_comparison_step_keeps_mes(home_page):
    expected = json.loads(EXPECTED.read_text())["files"]["Poland_Wieliczka_2023_Green_Budget.pb"]
    consultation = ConsultationPage.objects.get(pk=import_file(DATA / "Poland_Wieliczka_2023_Green_Budget.pb"))
    results = budget_results(consultation, budgeting.MES, compare_with_greedy=True)
    assert sorted(results.outcome.selected) == sorted(expected["mes_add1_comparison"]["selected"])
    assert results.outcome.comparison["kept"] == budgeting.MES
    assert (results.outcome.comparison["prefer_mes"], results.outcome.comparison["prefer_greedy"]) == (1615, 873)


@pytest.mark.skipif(not EXPECTED.is_file(), reason=f"the shared pabulib data is absent ({DATA})")
def test_the_ordinal_file_is_refused_with_a_reason(home_page):
    with pytest.raises(CommandError, match="ordinal"):
        import_file(DATA / ORDINAL)
    assert not ConsultationPage.objects.exists()


GOOD = """META
key;value
description;Petit budget
unit;Testville
instance;2026
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
a;60;Jardin
b;50;Bancs
VOTES
voter_id;vote
1;a,b
2;a
3;
"""


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "test.pb"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_creates_a_closed_budget_vote_with_the_file_ids(home_page, tmp_path):
    consultation = ConsultationPage.objects.get(pk=import_file(write(tmp_path, GOOD)))
    assert consultation.vote_method == ConsultationPage.VoteMethod.BUDGET
    assert consultation.budget == 100
    assert consultation.is_vote_closed
    assert consultation.get_parent().slug == "pabulib"
    projects = LocalProjectPage.objects.child_of(consultation).order_by("path")
    assert [(p.external_id, p.cost, p.title) for p in projects] == [("a", 60, "Jardin"), ("b", 50, "Bancs")]
    assert Ballot.objects.filter(consultation=consultation).count() == 3  # the empty ballot counts
    assert BallotChoice.objects.filter(ballot__consultation=consultation).count() == 3
    assert not User.objects.filter(ballots__consultation=consultation, is_active=True).exists()
    assert pb_results(consultation.pk, "greedy") == {"selected": ["a"], "budget_used": 60}


def test_points_files_become_points_votes(home_page, tmp_path):
    text = GOOD.replace("vote_type;approval", "vote_type;cumulative\nmax_sum_points;5").replace(
        "voter_id;vote\n1;a,b\n2;a\n3;\n", "voter_id;vote;points\n1;b,a;3,2\n2;a;1\n"
    )
    consultation = ConsultationPage.objects.get(pk=import_file(write(tmp_path, text)))
    assert consultation.vote_method == ConsultationPage.VoteMethod.POINTS
    assert consultation.points_per_voter == 5
    assert pb_results(consultation.pk, "greedy")["selected"] == ["a"]  # 3 points against 3: 'a' first


def test_budget_results_reads_the_ballots_in_three_queries(home_page, tmp_path, django_assert_num_queries):
    consultation = ConsultationPage.objects.get(pk=import_file(write(tmp_path, GOOD)))
    with django_assert_num_queries(3):
        results = budget_results(consultation, budgeting.MES)
    assert [p.title for p in results.selected] == ["Jardin"]
    assert results.scores == {"a": 2, "b": 1}
    with django_assert_num_queries(3):
        every_rule = rules_results(consultation)
    assert {rule: r.outcome.selected for rule, r in every_rule.items()} == {
        "greedy": ["a"], "mes": ["a"], "mes-plain": ["a"],
    }


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.split("VOTES")[0], "section VOTES absente"),
        (GOOD.replace("2;a\n", "2;a,z\n"), "ligne 15 : le vote nomme un projet inconnu « z »"),
        (GOOD.replace("b;50;", "b;-50;"), "ligne 11 : le coût « -50 » est négatif"),
        (GOOD.replace("b;50;", "b;cinquante;"), "ligne 11 : le coût « cinquante » n'est pas un nombre"),
        (GOOD.replace("budget;100", "budget;cent"), "ligne 6 : le budget « cent » n'est pas un nombre"),
        (GOOD.replace("a;60;Jardin", "a;60"), "ligne 10 : 2 champs au lieu de 3"),
    ],
)
def test_malformed_files_are_refused_with_the_line_and_nothing_is_imported(home_page, tmp_path, text, message):
    with pytest.raises(CommandError) as refused:
        import_file(write(tmp_path, text))
    assert message in str(refused.value)
    assert "rien n'a été importé" in str(refused.value)
    assert not ConsultationPage.objects.exists()
    assert not User.objects.filter(email__endswith="@pabulib.invalid").exists()


def test_a_file_not_in_utf8_is_refused(home_page, tmp_path):
    with pytest.raises(CommandError, match="ligne 11 : le fichier n'est pas encodé en UTF-8"):
        import_file(write(tmp_path, GOOD.replace("Bancs", "Bancs éà"), encoding="latin-1"))
    assert not ConsultationPage.objects.exists()


@pytest.mark.skipif(not EXPECTED.is_file(), reason=f"the shared pabulib data is absent ({DATA})")
@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Warszawa_2019_Anin.pb", "France_Toulouse_2019.pb"])
def test_float_and_exact_arithmetic_buy_the_same_projects(name):
    from fractions import Fraction

    from consultations import pabulib

    instance = pabulib.read(DATA / name).instance()
    prep = budgeting._Prepared(instance)
    for increment in (0, 50, 150):
        share = Fraction(instance.budget, len(instance.ballots)) + increment
        floats = budgeting._mes_run(prep, share.numerator / share.denominator, exact=False)
        exact = budgeting._mes_run(prep, share, exact=True)
        assert floats[0] == exact[0]
