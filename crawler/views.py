"""SQL views for analysts, created with the schema (crawler.store): the common questions as tables."""

from __future__ import annotations

import sqlite_utils

VIEWS = {
    # One row per article with its label types and labelled entities flattened.
    "articles_with_labels": """
        select a.lang, a.article_id, a.url, a.published_at, a.headline,
               group_concat(distinct l.type) as label_types,
               group_concat(distinct l.entity) as labelled_entities,
               count(l.entity) as label_count
        from articles a join labels l on l.lang = a.lang and l.article_id = a.article_id
        group by a.lang, a.article_id""",
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
    # The newest articles first, the columns people read.
    "latest_articles": """
        select lang, article_id, published_at, headline, lead, source, authors, url
        from articles order by published_at desc""",
}


def create_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
