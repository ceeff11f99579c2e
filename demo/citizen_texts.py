"""What generated citizens write, assembled from contributions.yaml with the generator passed in."""

from dataclasses import dataclass

from . import data

_TEXTS = data.load("contributions")
BENCHMARK = _TEXTS["benchmark"]


@dataclass(frozen=True)
class ProposalText:
    title: str
    body: str
    tags: tuple
    neighbourhood: str  # the quarter the proposal is about, when it names a pool


def proposal_text(theme_key, rng):
    """Title, body, tags and quarter of a generated proposal on a theme."""
    theme = _TEXTS["themes"][theme_key]
    idea = rng.choice(theme["ideas"])
    values = _fillers(theme, rng)
    title = idea["title"].format_map(values)
    body = idea["body"].format_map(values) + rng.choice(_TEXTS["closings"])
    template = idea["title"] + idea["body"]
    names_a_pool = any(f"{{{name}}}" in template for name in _TEXTS["place_fields"])
    return ProposalText(
        title=title[:1].upper() + title[1:],
        body=body,
        tags=tuple(idea.get("tags", ())),
        neighbourhood=values.get("quartier", "") if names_a_pool else "",
    )


def benchmark_proposal_text():
    """The proposal the benchmarks open, written out in full."""
    return ProposalText(
        BENCHMARK["title"], BENCHMARK["body"], tuple(BENCHMARK["tags"]), BENCHMARK["neighbourhood"]
    )


def _fillers(theme, rng):
    values = {}
    for name, choices in theme.get("fillers", {}).items():
        choice = rng.choice(choices)
        if isinstance(choice, dict):
            values.update(choice)
        else:
            values[name] = choice
    return values


def comment_text(theme_key, stance, rng):
    """A first-level comment with a stance ("for", "against" or "neutral") on a theme."""
    theme = _TEXTS["themes"][theme_key]
    if stance == "for":
        opening = rng.choice(_TEXTS["for_openings"])
        argument = rng.choice(theme["for_arguments"] + _TEXTS["for_arguments"])
    elif stance == "against":
        opening = rng.choice(_TEXTS["against_openings"])
        argument = rng.choice(theme["against_arguments"] + _TEXTS["against_arguments"])
    else:
        opening = rng.choice(_TEXTS["neutral_openings"])
        argument = rng.choice(theme["questions"] + _TEXTS["questions"])
    return f"{opening} {argument}"


def reply_text(rng, *, by_author=False):
    return rng.choice(_TEXTS["author_replies"] if by_author else _TEXTS["replies"])


def theme_tags():
    """Every tag a generated proposal may carry."""
    return sorted(
        {
            tag
            for theme in _TEXTS["themes"].values()
            for idea in theme.get("ideas", ())
            for tag in idea.get("tags", ())
        }
    )
