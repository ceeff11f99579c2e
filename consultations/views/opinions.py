"""An opinion round for participants: one statement at a time, their answers, and a statement of
their own. Every form is a plain POST followed by a redirect; nothing needs JavaScript."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import canonical, opinion_reads, permissions
from ..form_guards import GuardedForm
from ..models import OpinionRound, Statement, StatementVote
from ..services.opinions import cast_statement_vote
from ..services.statements import MAX_LENGTH, MIN_LENGTH, propose_statement
from .consultation import live_consultation

# Where a participant lands after answering: the statement's block, which holds the confirmation.
STATEMENT_ANCHOR = "affirmation"
ANSWERED_PARAMETER = "repondu"


class StatementForm(GuardedForm):
    text = forms.CharField(
        label=gettext_lazy("Your statement"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_LENGTH}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "One short sentence others can agree or disagree with, %(min)d to %(max)d characters."
        ) % {"min": MIN_LENGTH, "max": MAX_LENGTH}


def _round(consultation_id, round_id, *, fresh=False):
    consultation = live_consultation(consultation_id, fresh=fresh)
    opinion_round = OpinionRound.objects.filter(pk=round_id, consultation_id=consultation.pk).first()
    if opinion_round is None:
        raise Http404(_("This opinion round does not exist."))
    opinion_round.consultation = consultation
    return opinion_round


def _answered(request, own_answers):
    """(statement id, value) of the answer the participant just gave, when the address names one
    of their answers: the confirmation only ever repeats what is stored."""
    try:
        statement_id = int(request.GET.get(ANSWERED_PARAMETER, ""))
    except ValueError:
        return None
    if statement_id not in own_answers:
        return None
    return statement_id, own_answers[statement_id]


@canonical.on_its_site(canonical.by_consultation)
@require_http_methods(["GET", "HEAD"])
def opinion_round_page(request, consultation_id, round_id):
    opinion_round = _round(consultation_id, round_id)
    consultation = opinion_round.consultation
    decision = permissions.can_answer_statements(request.user, opinion_round)
    context = {
        "opinion_round": opinion_round,
        "consultation": consultation,
        "decision": decision,
        "can_propose": permissions.can_propose_statement(request.user, opinion_round) if decision else decision,
        "values": StatementVote.Value,
    }
    if decision:
        progress = opinion_reads.progress(opinion_round, request.user)
        context.update(
            progress=progress,
            statement=None if progress.is_complete else opinion_reads.next_statement(opinion_round, request.user),
            answered=_answered(request, progress.answers),
        )
    else:
        context["statements"] = opinion_reads.published_statements(opinion_round)
        if request.user.is_authenticated and decision.code in {"closed", "not_open"}:
            context["progress"] = opinion_reads.progress(opinion_round, request.user)
    return render(request, "consultations/opinion_round.html", context)


@canonical.on_its_site(canonical.by_consultation)
@require_POST
def statement_vote(request, consultation_id, round_id):
    """An answer on a statement, from the round page or the participant's answers page; back to
    where it came from, at the confirmation."""
    opinion_round = _round(consultation_id, round_id, fresh=True)
    round_url = opinion_round.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(round_url)
    statement = Statement.objects.filter(pk=_integer(request.POST.get("statement")), round=opinion_round).first()
    if statement is None:
        return _refused(request, opinion_round, _("This statement is not part of this opinion round."))
    try:
        cast_statement_vote(statement, request.user, _integer(request.POST.get("value"), keep=True))
    except PermissionDenied as refused:
        return _refused(request, opinion_round, str(refused), status=403)
    except ValidationError as refused:
        return _refused(request, opinion_round, refused.messages[0])
    if request.POST.get("from") == "answers":
        back = reverse("consultations:opinion_answers", args=[consultation_id, opinion_round.pk])
        return redirect(f"{back}?{ANSWERED_PARAMETER}={statement.pk}#reponse-{statement.pk}")
    return redirect(f"{round_url}?{ANSWERED_PARAMETER}={statement.pk}#{STATEMENT_ANCHOR}")


def _integer(raw, *, keep=False):
    """`raw` as an integer; otherwise None, or `raw` itself when `keep` (the service names what
    is wrong with it)."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return raw if keep else None


def _refused(request, opinion_round, message, *, status=400):
    """Nothing was stored: the reason, with the way back to the round."""
    return render(
        request,
        "consultations/opinion_refused.html",
        {"opinion_round": opinion_round, "consultation": opinion_round.consultation, "message": message},
        status=status,
    )


@canonical.on_its_site(canonical.by_consultation)
@require_http_methods(["GET", "HEAD"])
def opinion_answers(request, consultation_id, round_id):
    opinion_round = _round(consultation_id, round_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    answers = opinion_reads.own_answers(opinion_round, request.user)
    own = {statement.pk: value for statement, value in answers}
    decision = permissions.can_answer_statements(request.user, opinion_round)
    return render(
        request,
        "consultations/opinion_answers.html",
        {
            "opinion_round": opinion_round,
            "consultation": opinion_round.consultation,
            "answers": answers,
            "decision": decision,
            "answered": _answered(request, own),
            "values": StatementVote.Value,
        },
    )


@canonical.on_its_site(canonical.by_consultation)
@require_http_methods(["GET", "POST"])
def statement_propose(request, consultation_id, round_id):
    opinion_round = _round(consultation_id, round_id, fresh=request.method == "POST")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = permissions.can_propose_statement(request.user, opinion_round)
    form = StatementForm(request.POST or None)
    proposed = None
    if decision and request.method == "POST" and form.is_valid():
        try:
            proposed = propose_statement(opinion_round, request.user, form.cleaned_data["text"])
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
        except ValidationError as refused:
            form.add_error("text" if refused.code in {"length", "duplicate", "too_many_links"} else None, refused)
        else:
            return redirect(f"{reverse('consultations:statement_propose', args=[consultation_id, opinion_round.pk])}?proposee={proposed.pk}")
    submitted = None
    if request.method == "GET" and "proposee" in request.GET:
        submitted = Statement.objects.filter(
            pk=_integer(request.GET["proposee"]), round=opinion_round, author=request.user
        ).only("text", "status").first()
    return render(
        request,
        "consultations/statement_form.html",
        {
            "opinion_round": opinion_round,
            "consultation": opinion_round.consultation,
            "decision": decision,
            "form": form,
            "submitted": submitted,
        },
        status=400 if form.errors else 200,
    )
