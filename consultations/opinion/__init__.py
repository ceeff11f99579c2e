"""Polis-style opinion groups: who thinks alike, on which statements, computed from votes.

Entry point: `consultations.opinion.groups.opinion_groups`. Method and departures from Polis are
described in each module's docstring (votes, projection, clustering, statements).
"""
