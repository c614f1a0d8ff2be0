"""Momentum: is a dyad's cooperation-conflict index rising or falling lately, and is that more than noise?

A weighted least-squares line through the index of the last ``window`` periods that have one, each period
weighted by its events (cooperation + conflict: the events behind its index), so a month of three events
moves the slope less than a month of three hundred. The x axis is calendar time in periods (a gap of two empty
months is two steps), so the slope is index points per period. Its 95% interval uses Student's t with n - 2
degrees of freedom: with five points, a normal interval would be far too narrow.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from accord.analysis.index import Z95

# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
_T95 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
        2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
        2.0518, 2.0484, 2.0452, 2.0423)


def t95(df: int) -> float:
    if df < 1:
        raise ValueError("Student's t needs at least one degree of freedom")
    if df <= len(_T95):
        return _T95[df - 1]
    return Z95 + (Z95**3 + Z95) / (4 * df)  # Cornish-Fisher: within 1e-3 of the exact value past 30


def momentum(series: list[dict[str, Any]], window: int = 6, *, freq: str | None = None) -> dict[str, Any]:
    """``{"slope", "low", "high", "periods", "direction"}`` over the last ``window`` periods with an index.
    ``direction``: "rising" or "falling" when the 95% interval excludes 0, "flat" when it spans 0, "unknown"
    with fewer than 3 periods. ``freq`` names the series' period; without it, it is read from the periods
    (``2025-10`` is a month; dates are weeks when all are Mondays, as week periods are, else days)."""
    points = [row for row in series if row.get("index") is not None]
    points = points[-int(window):] if window > 0 else []
    result: dict[str, Any] = {"slope": None, "low": None, "high": None, "periods": len(points),
                              "direction": "unknown"}
    if len(points) < 3:
        return result
    xs = _steps([str(row["period"]) for row in points], freq)
    ys = [float(row["index"]) for row in points]
    ws = [float(row.get("cooperation", 0) + row.get("conflict", 0)) or float(row.get("events") or 1)
          for row in points]
    total = sum(ws)
    x_bar = sum(w * x for w, x in zip(ws, xs, strict=True)) / total
    y_bar = sum(w * y for w, y in zip(ws, ys, strict=True)) / total
    sxx = sum(w * (x - x_bar) ** 2 for w, x in zip(ws, xs, strict=True))
    if sxx == 0:  # every point in one period: no line to fit
        return result
    slope = sum(w * (x - x_bar) * (y - y_bar) for w, x, y in zip(ws, xs, ys, strict=True)) / sxx
    intercept = y_bar - slope * x_bar
    # The weights' scale cancels out here: only their relative size (which periods count more) matters.
    rss = sum(w * (y - intercept - slope * x) ** 2 for w, x, y in zip(ws, xs, ys, strict=True))
    se = math.sqrt(rss / (len(points) - 2) / sxx)
    half = t95(len(points) - 2) * se
    low, high = slope - half, slope + half
    direction = "rising" if low > 0 else "falling" if high < 0 else "flat"
    result.update(slope=round(slope, 6), low=round(low, 6), high=round(high, 6), direction=direction)
    return result


def _steps(periods: list[str], freq: str | None) -> list[int]:
    """Each period's position on a calendar axis counted in periods."""
    if freq is None:
        freq = "month" if len(periods[0]) == 7 else _day_or_week(periods)
    if freq == "month":
        return [int(p[:4]) * 12 + int(p[5:7]) - 1 for p in periods]
    days = [dt.date.fromisoformat(p[:10]).toordinal() for p in periods]
    return [d // 7 for d in days] if freq == "week" else days


def _day_or_week(periods: list[str]) -> str:
    days = [dt.date.fromisoformat(p[:10]) for p in periods]
    if all(d.weekday() == 0 for d in days):  # weekly periods start on Monday (ISO weeks)
        return "week"
    return "day"
