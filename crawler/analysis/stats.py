"""What the database holds (for `kavkaz stats`) — a readable table on a terminal, `--json` for scripts, `--plot`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def collect(connection: sqlite3.Connection, top: int = 10) -> dict[str, Any]:
    """Every figure of the report, from one read-only connection."""
    def rows(sql: str, *params: Any) -> list[dict[str, Any]]:
        return [dict(row) for row in connection.execute(sql, params)]

    return {
        "articles": connection.execute("select count(*) from articles").fetchone()[0],
        "per_language": rows("select lang, count(*) as articles from articles group by lang"),
        "per_year": rows("select lang, substr(published_at, 1, 4) as year, count(*) as articles, "
                         "sum(exists(select 1 from labels l where l.lang = a.lang and l.article_id = a.article_id)) "
                         "as labelled from articles a group by lang, year order by lang, year"),
        "per_month": rows("select lang, month, articles from monthly_counts order by lang, month"),
        "top_authors": rows("select au.name, count(*) as articles from authors au join article_authors aa "
                            "on aa.author_id = au.id group by au.id order by articles desc, au.name limit ?", top),
        "sources": rows("select source, count(*) as articles from articles group by source "
                        "order by articles desc limit ?", top),
        "label_types": rows("select type, count(*) as labels, count(distinct lang || article_id) as articles "
                            "from labels group by type order by labels desc"),
        "labelled_entities": rows("select min(entity) as entity, count(*) as articles, group_concat(distinct type) "
                                  "as types from labels group by entity_key order by articles desc limit ?", top),
        "runs": rows("select id, started_at, finished_at, status, pages, new, updated, unchanged, failed "
                     "from runs order by id desc limit 5"),
        "translations": translation_figures(connection),
        "id_gaps": rows("select lang, max(article_id) as highest_id, count(*) as stored, "
                        "max(article_id) - count(*) as ids_not_stored, "
                        "(select count(*) from failures f where f.lang = a.lang and f.status = 404) as missing_404 "
                        "from articles a group by lang"),
    }


def format_table(title: str, data: list[dict[str, Any]]) -> str:
    if not data:
        return f"{title}\n  (none)\n"
    columns = list(data[0])
    widths = {c: max(len(c), *(len(str(row[c])) for row in data)) for c in columns}
    lines = [title, "  " + "  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  " + "  ".join(str(row[c]).ljust(widths[c]) for c in columns) for row in data]
    return "\n".join(lines) + "\n"


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from datetime import date

    import matplotlib.pyplot as plt

    figure, (months, shares) = plt.subplots(2, 1, figsize=(10, 7))
    # One line per language on one time axis that only goes forward (a month is a date, not a category).
    for lang, colour in (("en", "#1f4e79"), ("ru", "#b03a2e")):
        rows = sorted((row for row in report["per_month"] if row["month"] and row["lang"] == lang),
                      key=lambda row: row["month"])
        if rows:
            months.plot([date(int(r["month"][:4]), int(r["month"][5:7]), 1) for r in rows],
                        [r["articles"] for r in rows], color=colour, label={"en": "English", "ru": "Russian"}[lang])
    months.set_title("Articles per month")
    months.legend()
    years = sorted({row["year"] for row in report["per_year"] if row["year"]})
    for offset, (lang, colour) in enumerate((("en", "#1f4e79"), ("ru", "#b03a2e"))):
        share = {row["year"]: row["labelled"] / row["articles"] for row in report["per_year"]
                 if row["lang"] == lang and row["year"] and row["articles"]}
        shares.bar([i + (offset - 0.5) * 0.4 for i in range(len(years))], [share.get(y, 0) for y in years], width=0.4,
                   color=colour, label={"en": "English", "ru": "Russian"}[lang])
    shares.set_xticks(range(len(years)), years, rotation=45)
    shares.set_title("Share of articles with a legal label, per year")
    shares.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def translation_figures(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    """Per year of the English items: how many name a Russian original, how many of those originals are stored,
    and the median delay between original and translation (hours)."""
    from statistics import median

    per_year: dict[str, dict[str, Any]] = {}
    for year, total in connection.execute(
            "select substr(published_at, 1, 4), count(*) from articles where lang = 'en' group by 1"):
        per_year[year] = {"year": year, "english": total, "with_original": 0, "original_stored": 0, "delays": []}
    for year, stored, delay in connection.execute(
            "select substr(en_published_at, 1, 4), ru_stored, delay_hours from translation_pairs"):
        figures = per_year.setdefault(year, {"year": year, "english": 0, "with_original": 0, "original_stored": 0,
                                             "delays": []})
        figures["with_original"] += 1
        figures["original_stored"] += int(bool(stored))
        if delay is not None:
            figures["delays"].append(delay)
    result = []
    for year in sorted(per_year, key=str):
        figures = per_year[year]
        delays = figures.pop("delays")
        figures["share_with_stored_original"] = round(figures["original_stored"] / figures["english"], 3) \
            if figures["english"] else None
        figures["median_delay_hours"] = round(median(delays), 1) if delays else None
        result.append(figures)
    return result
