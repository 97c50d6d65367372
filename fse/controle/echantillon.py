"""The controller's sample: drawn from the operation's participations of the period with a seed, so that the
same seed over the same participations gives the same sample every time (and the controller can redraw it)."""

import math
import random


def tirer(ids, *, graine: int, taille: int | None = None, taux: int | None = None) -> list[int]:
    """``taille`` participations, or ``taux`` % of them rounded up, among ``ids``, in the order of their ids."""
    population = sorted(ids)
    nombre = taille if taille is not None else math.ceil(len(population) * (taux or 0) / 100)
    return sorted(random.Random(graine).sample(population, min(nombre, len(population))))
