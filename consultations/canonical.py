"""Every page about a consultation lives on its consultation's site.

One install serves several sites; proposals, comments, ballots, results, follows and calendar
files are plain views at the same paths on every host. The rule, kept here only:

- a GET (or HEAD) on another site's host is moved for good (301) to the same path, query string
  included, on the consultation's site (scheme, hostname and port of its Wagtail Site), so that a
  page is shown under its own site's name and there is one address to share;
- any other method on the wrong host is refused (400) without acting: a form posted to the
  wrong site would otherwise act under another site's name, and redirecting a POST loses it;
- links that lead from one site to another's page are full addresses on that page's site.

The consultation's site is found from its page's `url_path` and the site root paths, both kept
under the content version (freshness/sites.py): no query once they are in memory.
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

from freshness.kept import kept, memo
from freshness.sites import current_site, root_of
from freshness.versions import CONTENT

from .models import Comment, Proposal, Statement


def page_path(page_id):
    """The `url_path` of a page by id, kept under the content version (moves bump it)."""
    return kept(
        f"page-path:{page_id}", [CONTENT],
        lambda: Page.objects.filter(pk=page_id).values_list("url_path", flat=True).first(),
    )


def proposal_consultation_id(pk):
    # A proposal never moves to another consultation: which one it belongs to needs no version.
    consultation_id = memo().get(f"proposal-consultation:{pk}")
    if consultation_id is None:
        consultation_id = (
            Proposal.objects.filter(pk=pk).values_list("consultation_id", flat=True).first()
        )
        if consultation_id is None:
            raise Http404(_("This proposal does not exist or is not public."))
        memo().set(f"proposal-consultation:{pk}", consultation_id, None)
    return consultation_id


def comment_page_id(pk):
    """The page a comment is about (its proposal's consultation, its consultation, its local
    project or the page it discusses); a comment never changes target."""
    page_id = memo().get(f"comment-page:{pk}")
    if page_id is None:
        row = (
            Comment.objects.filter(pk=pk)
            .values_list("proposal__consultation_id", "consultation_id", "local_project_id", "page_id")
            .first()
        )
        if row is None:
            raise Http404
        page_id = next(value for value in row if value is not None)
        memo().set(f"comment-page:{pk}", page_id, None)
    return page_id


def other_site_root(request, url_path):
    """The root (`SiteRootPath`) of the site a page at `url_path` is on, when that is not the
    site of this request; None on its own site or when either is unknown."""
    if not url_path:
        return None
    root = root_of(url_path)
    site = current_site(request)
    if root is None or site is None or root.site_id == site.pk:
        return None
    return root


def address(request, page, path):
    """`path` (a participation address about `page`) as a link from this request: as it is on
    the page's own site, a full address on that site from another."""
    root = other_site_root(request, page.url_path)
    return f"{root.root_url}{path}" if root else path


def off_site_answer(request, page_id):
    """The answer for a request about page `page_id` made on another site's host, or None when
    it is on the right one (or the page does not exist: the view answers 404 itself)."""
    root = other_site_root(request, page_path(page_id)) if page_id is not None else None
    if root is None:
        return None
    here = f"{root.root_url}{request.get_full_path()}"
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(here)
    return render(
        request,
        "consultations/wrong_site.html",
        {"address": f"{root.root_url}{request.path}", "meta_title": _("Wrong site")},
        status=400,
    )


def on_its_site(page_id_of):
    """Decorate a view about a consultation: `page_id_of(**kwargs)` names the page (the
    consultation, or a local project in it) whose site must answer."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return off_site_answer(request, page_id_of(**kwargs)) or view(request, *args, **kwargs)

        return wrapped

    return decorator


def by_consultation(consultation_id, **kwargs):
    return consultation_id


def by_proposal(pk, **kwargs):
    return proposal_consultation_id(pk)


def by_comment(pk, **kwargs):
    return comment_page_id(pk)


def by_comment_target(target, target_id, **kwargs):
    if target == "proposition":
        return proposal_consultation_id(target_id)
    return target_id if target in ("consultation", "projet", "page") else None


def statement_consultation_id(pk):
    """The consultation of an opinion-round statement; a statement never changes round, nor a
    round consultation."""
    consultation_id = memo().get(f"statement-consultation:{pk}")
    if consultation_id is None:
        consultation_id = (
            Statement.objects.filter(pk=pk).values_list("round__consultation_id", flat=True).first()
        )
        if consultation_id is None:
            raise Http404
        memo().set(f"statement-consultation:{pk}", consultation_id, None)
    return consultation_id


def by_contribution(kind, pk, **kwargs):
    """A proposal ("proposition"), a comment ("commentaire") or an opinion-round statement
    ("affirmation") named in a participation address."""
    if kind == "proposition":
        return proposal_consultation_id(pk)
    if kind == "commentaire":
        return comment_page_id(pk)
    if kind == "affirmation":
        return statement_consultation_id(pk)
    return None
