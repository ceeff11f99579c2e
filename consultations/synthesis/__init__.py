"""A consultation's synthesis for elected officials: its figures computed once (figures.py), frozen
with the digest of the open data they come from (digest.py, snapshots.py)."""
