"""Generated conversations with planted opinion groups (for tests/consultations/test_opinion_groups.py
and benchmarks/run_opinion_groups.py).

The groups sit at equal angles on a circle in a two-dimensional opinion space; each statement has a
random direction in that space, and a participant agrees with probability
sigmoid(sharpness · ⟨their position, the statement's direction⟩). Participants are scattered
around their group's position; each votes on a random subset of the statements and passes on some.
"""

import numpy as np


def planted_votes(participants=300, statements=40, groups=3, *, voted=(0.5, 0.5), passes=0.1,
                  sharpness=4.0, scatter=0.15, seed=0):
    """(votes, truth): votes as (participant, statement, value) triples in a shuffled order,
    truth = {participant: planted group}. `voted` = (min, max) share of the statements each
    participant votes on, or (min, max) counts when they are integers."""
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(groups) / groups
    centres = np.column_stack([np.cos(angles), np.sin(angles)])
    directions = rng.uniform(0, 2 * np.pi, statements)
    loadings = np.column_stack([np.cos(directions), np.sin(directions)])
    truth = rng.integers(groups, size=participants)
    positions = centres[truth] + rng.normal(0, scatter, (participants, 2))

    low, high = voted
    if isinstance(low, float):
        low, high = round(low * statements), round(high * statements)
    counts = rng.integers(low, high + 1, size=participants)
    votes = []
    for participant in range(participants):
        chosen = rng.choice(statements, size=counts[participant], replace=False)
        p_agree = 1 / (1 + np.exp(-sharpness * loadings[chosen] @ positions[participant]))
        draws = rng.random(len(chosen))
        values = np.where(draws < p_agree, 1, -1)
        values[rng.random(len(chosen)) < passes] = 0
        votes.extend(zip([participant] * len(chosen), chosen.tolist(), values.tolist()))
    order = rng.permutation(len(votes))
    return [votes[i] for i in order], dict(enumerate(truth.tolist()))
