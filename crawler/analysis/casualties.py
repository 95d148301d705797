"""The casualty series for analysts (docs/casualties.md): read from the `casualty_series` view, bucketed by month,
quarter or year, with the site's own figures for a bucket set beside the sums of finer reports."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

KINDS = ("week", "month", "quarter", "half", "year")  # finest first
BUCKETS = ("month", "quarter", "year")
SIDES = ("all", "law_enforcers", "militants", "civilians")
COLUMNS = ("bucket", "region", "side", "killed", "wounded", "victims", "reports", "site_killed", "difference")


def bucket_of(day: str, by: str) -> str:
    year, month = day[:4], int(day[5:7])
    return {"month": f"{year}-{month:02d}", "quarter": f"{year}-Q{(month - 1) // 3 + 1}", "year": year}[by]


def series(connection: sqlite3.Connection, *, by: str = "year", region: str | None = None, side: str | None = None,
           since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """One row per bucket, region and side: the sums of the finest reports that fit in the bucket (months before
    quarters before halves before a year's own report), and the site's own figure for the whole bucket when it
    published one (`site_killed`, with the `difference`)."""
    rows = connection.execute(
        "select period_kind, period_start, period_end, region, side, victims, killed, wounded from casualty_series "
        "where not disputed or langs like 'ru%' order by period_start").fetchall()  # disputed: the Russian original
    fits = [row for row in rows if row[0] in KINDS and bucket_of(row[1], by) == bucket_of(row[2], by)
            and (region is None or row[3].casefold() == region.casefold()) and (side is None or row[4] == side)
            and (since is None or row[2] >= since) and (until is None or row[1] <= until)]
    finest: dict[tuple[str, str, str], str] = {}
    for kind, start, _, row_region, row_side, *_ in fits:
        key = (bucket_of(start, by), row_region, row_side)
        if key not in finest or KINDS.index(kind) < KINDS.index(finest[key]):
            finest[key] = kind
    table: dict[tuple[str, str, str], dict[str, Any]] = {}
    for kind, start, _end, row_region, row_side, victims, killed, wounded in fits:
        key = (bucket_of(start, by), row_region, row_side)
        entry = table.setdefault(key, {"bucket": key[0], "region": row_region, "side": row_side, "killed": None,
                                       "wounded": None, "victims": None, "reports": 0, "site_killed": None,
                                       "difference": None})
        if kind == finest[key]:
            entry["reports"] += 1
            for name, value in (("killed", killed), ("wounded", wounded), ("victims", victims)):
                if value is not None:
                    entry[name] = (entry[name] or 0) + value
        if kind == by:  # the site's own figure for the whole bucket
            entry["site_killed"] = killed
    for entry in table.values():
        if entry["site_killed"] is not None and entry["killed"] is not None:
            entry["difference"] = entry["killed"] - entry["site_killed"]
    return sorted(table.values(), key=lambda e: (e["bucket"], e["region"], SIDES.index(e["side"])
                                                  if e["side"] in SIDES else 9))


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Killed and wounded over time per region (side `all`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    buckets = sorted({row["bucket"] for row in rows})
    regions = sorted({row["region"] for row in rows if row["side"] == "all"})
    figure, (killed, wounded) = plt.subplots(2, 1, figsize=(11, 7), sharex=True)
    for region in regions:
        values = {row["bucket"]: row for row in rows if row["region"] == region and row["side"] == "all"}
        for axis, name in ((killed, "killed"), (wounded, "wounded")):
            axis.plot(range(len(buckets)), [values[b][name] if b in values else None for b in buckets],
                      marker="o", label=region)
    for axis, title in ((killed, "Killed"), (wounded, "Wounded")):
        axis.set_title(f"{title} in the armed conflict in the North Caucasus (Caucasian Knot's counts)")
        axis.legend(fontsize=8, ncol=2)
    step = max(len(buckets) // 16, 1)
    wounded.set_xticks(range(0, len(buckets), step), buckets[::step], rotation=45, ha="right")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
