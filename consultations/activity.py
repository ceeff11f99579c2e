"""The versions of what citizens contribute (freshness/versions.py), and what pages keep under them.

- "consultation:<id>": anything shown from the contributions in a consultation (its proposals,
  its projects', the consultation itself): proposals, comments, supports, upvotes, counts.
- "people": participants' public names (a new display name, an erased account).
- "reader:<user id>": what is one reader's own: what they follow, support, voted.
- "opinions:<consultation id>": the consultation's opinion rounds, their statements and the
  number of their votes. Kept apart from "consultation:<id>" because statement votes come
  many a minute during a round: they must not throw away what the consultation's pages keep.

The services that write contributions bump these in their own transaction, once, with
`changed()`; so does any bulk write (the demo seed, a data repair): a write that bypasses both
leaves pages stale, and nothing else will notice it.

What pages build from contributions is kept in memory under the versions of the consultation,
of people's names and of the published content (neighbourhood and tag names appear on cards);
what is the reader's own also under theirs.
"""

from freshness.kept import kept
from freshness.versions import CONTENT, bump, current, reader_key

PEOPLE = "people"


def consultation_key(consultation_id):
    return f"consultation:{consultation_id}"


def opinions_key(consultation_id):
    return f"opinions:{consultation_id}"


def changed(*, consultations=(), readers=(), people=False, opinions=()):
    """Bump, in the caller's transaction, the versions of what a write changed; `opinions` are
    ids of consultations whose opinion rounds changed."""
    keys = [consultation_key(pk) for pk in consultations if pk is not None]
    keys += [opinions_key(pk) for pk in opinions if pk is not None]
    keys += [reader_key(pk) for pk in readers if pk is not None]
    if people:
        keys.append(PEOPLE)
    bump(*keys)


def touch(consultation_id):
    changed(consultations=[consultation_id])


def touch_people():
    changed(people=True)


def touch_reader(user_id):
    changed(readers=[user_id])


def shown_from(consultation_ids):
    """A page built from several consultations at once (a site's follow-up of adopted items)
    reads their versions before its data, so that the anonymous page cache keeps it under them."""
    keys = [consultation_key(pk) for pk in consultation_ids]
    if keys:
        current().get(*keys)


def contribution_keys(consultation):
    return [consultation_key(consultation.pk), PEOPLE, CONTENT]


def remembered(consultation, name, compute):
    """`compute()`'s value for this state of the consultation's contributions."""
    return kept(name, contribution_keys(consultation), compute)


def remembered_for_reader(consultation, user, name, compute):
    """`compute()`'s value for this reader and this state of the consultation: what they follow,
    support or voted, which changes with the consultation or with their own actions."""
    return kept(f"{name}:{user.pk}", [*contribution_keys(consultation), reader_key(user.pk)], compute)


def remembered_opinions(consultation_id, name, compute):
    """`compute()`'s value for this state of the consultation's opinion rounds."""
    return kept(name, [opinions_key(consultation_id), CONTENT], compute)


# What User.public_name is made of: a save changing one of them must bump "people"
# (tests/consultations/test_activity.py checks the list against public_name itself).
PUBLIC_NAME_FIELDS = {"display_name", "deleted_at"}
