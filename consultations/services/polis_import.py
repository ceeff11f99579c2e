"""Importing a Polis conversation (CSV export) as a closed opinion round (demos, verification).

Everything is created in one transaction: a "Polis" list of consultations (once), a closed
consultation without a vote, its opinion round (closed), one statement per comment (rejected
comments, moderated = -1, are hidden; the others were shown to voters, so published), one
inactive account per participant, and their latest vote on each comment. Polis's exports already
use agree = +1, as the portal does. Accounts are created in participant-id order and statements
in comment-id order, so the round's vote matrix has the rows and columns of the export.
"""

import datetime
import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..models import ConsultationPage, OpinionRound, Statement, StatementVote, User
from .pabulib_import import unique_slug, index_page

INDEX_SLUG = "polis"


def import_conversation(conversation, *, source_name):
    """Create the round for a parsed export (`polis_export.PolisConversation`); returns it."""
    now = timezone.now()
    opens, closes = now - datetime.timedelta(days=8), now - datetime.timedelta(days=1)
    latest = {}
    for voter, comment, vote in conversation.votes:
        latest[(voter, comment)] = vote  # chronological: the last one wins
    participants = sorted({voter for voter, _c in latest} | {
        c.author_id for c in conversation.comments if c.author_id is not None
    })
    with transaction.atomic():
        index = index_page(INDEX_SLUG, "Polis", "Conversations Polis réelles importées (compdemocracy.org/openData), "
                           "pour les démonstrations et les vérifications.")
        consultation = index.add_child(instance=ConsultationPage(
            title=source_name[:255],
            slug=unique_slug(index, slugify(source_name)[:200] or "polis"),
            question=source_name[:255],
            summary=f"Importé de Polis ({source_name}).",
            proposals_enabled=False,
            vote_method=ConsultationPage.VoteMethod.NONE,
        ))
        opinion_round = OpinionRound.objects.create(
            consultation=consultation, title=source_name[:255], opens_at=opens, closes_at=closes,
            external_source=f"polis:{source_name}"[:200],
        )
        # Participants cannot sign in: an unusable password and an inactive account.
        token = secrets.token_hex(4)
        password = make_password(None)
        accounts = User.objects.bulk_create(
            [
                User(email=f"polis-{opinion_round.pk}-{token}-{participant}@polis.invalid",
                     display_name=f"Participant {participant}"[:60], password=password, is_active=False)
                for participant in participants
            ],
            batch_size=2000,
        )
        account_of = dict(zip(participants, accounts))
        opinion_round.external_participants = {str(account.pk): p for p, account in account_of.items()}
        opinion_round.save(update_fields=["external_participants"])
        statements = Statement.objects.bulk_create(
            [
                Statement(
                    round=opinion_round, text=comment.body[:400], external_id=str(comment.comment_id),
                    status=Statement.Status.HIDDEN if comment.moderated == -1 else Statement.Status.PUBLISHED,
                    author=account_of.get(comment.author_id),
                )
                for comment in conversation.comments
            ],
            batch_size=2000,
        )
        statement_of = {comment.comment_id: s for comment, s in zip(conversation.comments, statements)}
        StatementVote.objects.bulk_create(
            (
                StatementVote(statement=statement_of[comment], participant=account_of[voter], value=vote)
                for (voter, comment), vote in latest.items()
            ),
            batch_size=5000,
        )
    return opinion_round
