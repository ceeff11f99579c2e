"""What other apps add to a citizen's account pages, without consultations knowing them.

Dependencies point one way (an app that builds on consultations imports it, never the reverse),
yet a person's account must show everything the portal holds about them. So an app registers,
from its AppConfig.ready():

- a follow section: a heading, a template and a function returning what the user follows there;
  the "Notifications" page (« What I follow ») lists each after the consultations and proposals;
- a personal data section: a name and a function returning JSON-ready data (dates may stay
  datetimes), added under that name to the GDPR download (selectors.personal_data);
- an eraser: a function called with the user's locked row inside the account's erasure
  (services/accounts.erase_account), for the rows only that app knows how to forget.

Registering the same name twice replaces the first: a reloaded module does not list a section
twice.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class FollowSection:
    name: str
    heading: str
    template: str
    rows: Callable


_follow_sections = {}
_personal_data = {}
_erasers = {}


def register_follow_section(name, *, heading, template, rows):
    """`rows(user)` returns what the template lists (as `rows`), in one or a few queries."""
    _follow_sections[name] = FollowSection(name=name, heading=heading, template=template, rows=rows)


def follow_sections(user):
    """[(section, rows)] in the order the apps registered them."""
    return [(section, section.rows(user)) for section in _follow_sections.values()]


def register_personal_data(name, read):
    """`read(user)` returns the section's data; `name` must not be one of consultations' own keys."""
    _personal_data[name] = read


def personal_data_sections(user):
    return {name: read(user) for name, read in _personal_data.items()}


def register_eraser(name, erase):
    """`erase(user)` runs in the erasure's transaction, before the account's row is anonymised."""
    _erasers[name] = erase


def erase_sections(user):
    for erase in _erasers.values():
        erase(user)
