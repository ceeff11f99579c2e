"""Polis-style opinion groups: who thinks alike, on which statements, computed from votes.

Entry point: `consultations.opinion.groups.opinion_groups`. Method and departures from Polis are
described in each module's docstring (votes, projection, clustering, statements).

`results` imports nothing heavy, so pages can read a stored result through it; `groups` pulls in
scikit-learn and scipy (about 140 MB of resident memory and 2.5 s the first time), so import it
where the computation runs, not at the top of a view module.
"""
