"""SQL views for analysts, created with the schema (crawler.store): the common questions as tables."""

from __future__ import annotations

import sqlite_utils

VIEWS = {
    # One row per article with its label types and labelled entities flattened.
    # (label types sorted, so that one set of types is one value: `foreign_agent,terrorist`, never also the reverse)
    "articles_with_labels": """
        select a.lang, a.article_id, a.url, a.published_at, a.headline,
               (select group_concat(type, ',') from (select distinct type from labels t
                where t.lang = a.lang and t.article_id = a.article_id order by type)) as label_types,
               group_concat(distinct l.entity) as labelled_entities,
               count(l.entity) as label_count
        from articles a join labels l on l.lang = a.lang and l.article_id = a.article_id
        group by a.lang, a.article_id""",
    # The articles as `kavkaz serve` facets them: by year and month (Moscow time, from the stored ISO string), and by
    # the JSON arrays of authors, rubrics, regions and (sorted) label types.
    "article_facets": """
        select lang, article_id, published_at, substr(published_at, 1, 4) as year,
               substr(published_at, 1, 7) as month, headline, source, translation, authors, rubrics, regions,
               (select json_group_array(type) from (select distinct type from labels l
                where l.lang = a.lang and l.article_id = a.article_id order by type)) as label_types,
               (select json_group_array(e.name) from entity_articles ea join entities e on e.id = ea.entity_id
                where ea.lang = a.lang and ea.article_id = a.article_id) as entities, url
        from articles a""",
    # Articles per language and month (Moscow time: the stored ISO strings start with the local date).
    "monthly_counts": """
        select lang, substr(published_at, 1, 7) as month, count(*) as articles,
               sum(coalesce(translation = 'machine', 0)) as machine_translated,
               sum(exists(select 1 from labels l where l.lang = a.lang and l.article_id = a.article_id)) as labelled
        from articles a where published_at is not null
        group by lang, month order by lang, month""",
    # The bridge: each English item that names its Russian original, the original when it is stored, and the delay
    # between the two (hours; from the stored original, else from the "originally published" time of the EN page).
    "translation_pairs": """
        select en.article_id as en_id, en.published_at as en_published_at, en.headline as en_headline,
               en.translation, en.original_article_id as ru_id, ru.headline as ru_headline,
               coalesce(ru.published_at, en.original_published_at) as ru_published_at,
               ru.article_id is not null as ru_stored,
               round((julianday(en.published_at) - julianday(coalesce(ru.published_at, en.original_published_at)))
                     * 24, 2) as delay_hours
        from articles en left join articles ru on ru.lang = 'ru' and ru.article_id = en.original_article_id
        where en.lang = 'en' and en.original_article_id is not null""",
    # One casualty series, period × region × side (docs/casualties.md): for each, the figures of the most specific
    # report (a region's own report before a district report's line on it), the English and Russian versions of one
    # report joined when they agree (`langs` 'en,ru'), kept apart and flagged `disputed` when they do not.
    "casualty_series": """
        with ranked as (
            select *, max(scope) over (partition by period_start, period_end, region, side) as best_scope
            from casualties),
        figures as (
            select period_kind, period_start, period_end, region, side, victims, killed, wounded,
                   max(at_least) as at_least, group_concat(distinct lang) as langs,
                   group_concat(lang || ':' || article_id) as articles, min(quote) as quote
            from ranked where scope = best_scope
            group by period_kind, period_start, period_end, region, side, victims, killed, wounded)
        select period_kind, period_start, period_end, region, side, victims, killed, wounded, at_least, langs,
               articles, count(*) over (partition by period_start, period_end, region, side) > 1 as disputed, quote
        from figures order by period_start, region, side""",
    # The series in the columns of the established conflict datasets (deaths by side, civilian deaths, a low and a
    # high estimate: "at least" figures have no high), one row per period and region, to join with them.
    "casualties_datasets": """
        select period_kind, period_start, period_end, region,
               max(case when side = 'all' then killed end) as deaths_best,
               max(case when side = 'all' then killed end) as deaths_low,
               max(case when side = 'all' and not at_least then killed end) as deaths_high,
               max(case when side = 'law_enforcers' then killed end) as deaths_state_forces,
               max(case when side = 'militants' then killed end) as deaths_militants,
               max(case when side = 'civilians' then killed end) as deaths_civilians,
               max(case when side = 'all' then wounded end) as injured,
               max(case when side = 'all' then victims end) as victims,
               max(disputed) as disputed, group_concat(distinct langs) as langs
        from casualty_series group by period_kind, period_start, period_end, region""",
    # The newest articles first, the columns people read.
    "latest_articles": """
        select lang, article_id, published_at, headline, lead, source, authors, url
        from articles order by published_at desc""",
}


def create_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
