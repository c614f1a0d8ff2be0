"""The cooperation-conflict index of a period and its uncertainty band.

The index is ``(cooperation - conflict) / (cooperation + conflict)``: the cooperation share ``p`` mapped from
[0, 1] onto [-1, 1] as ``2p - 1``. Its band is the 95% Wilson score interval of ``p`` mapped the same way. Wilson
rather than the normal approximation because periods are often small and one-sided (three events, all
cooperation): the normal interval collapses to a point there, Wilson's stays honest and inside [0, 1].
"""

from __future__ import annotations

import functools
import math

Z95 = 1.959963984540054  # the two-sided 95% normal quantile


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (Wilson 1927)."""
    if n <= 0:
        raise ValueError("the Wilson interval needs at least one trial")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@functools.lru_cache(maxsize=65_536)  # a pure function of two counts, asked for again and again by the API
def coop_index(cooperation: int, conflict: int) -> tuple[float | None, float | None, float | None]:
    """(index, band low, band high); all None when the period has neither cooperation nor conflict."""
    n = cooperation + conflict
    if n <= 0:
        return None, None, None
    low, high = wilson(cooperation, n)
    return round((cooperation - conflict) / n, 4), round(2 * low - 1, 4), round(2 * high - 1, 4)
