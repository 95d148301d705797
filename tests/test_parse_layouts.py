"""The situations the parsers were rewritten for (issue: parsers that read any layout), one test each."""

from __future__ import annotations

import json

import pytest

from crawler.parsers import parse_article, parse_listing

HEADLINE = "Court in Magas leaves two protesters in custody"
LEAD = "The Magas District Court has extended the arrest of two participants of the March protest."
SECOND = "The defence intends to appeal against the decision, the advocate said."
URL = "https://eng.kavkaz-uzel.eu/articles/60001"


def cms_page(h1: str = HEADLINE, og: str = HEADLINE, ld_time: str = "2022-05-03T11:20:00+03:00") -> str:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE,
                     "datePublished": ld_time, "author": {"@type": "Person", "name": "Ilyas Kodzoev"}})
    return (f'<html><head><title>{HEADLINE} | Caucasian Knot</title><meta property="og:title" content="{og}">'
            f'<script type="application/ld+json">{ld}</script></head><body>'
            '<header class="top"><nav><a href="/rubric/10">News</a></nav></header>'
            f'<div class="page"><div class="post"><h1 class="post-title">{h1}</h1>'
            '<div class="post-meta">03 May 2022, 11:20 | <a href="/print">Print</a></div>'
            '<div class="post-image"><img src="/img/magas.jpg"><div class="credit">Protesters near the court in Magas, '
            'May 3, 2022. Photo by Ilyas Kodzoev for the Caucasian Knot</div></div>'
            f'<div class="post-body"><p>{LEAD}</p><div class="rel"><b>Read also</b><a href="/articles/59001">'
            f'Earlier protest in Magas</a></div><p>{SECOND}</p></div>'
            '<div class="share">Share: VK Telegram</div></div></div></body></html>')


def article_page(text: str) -> str:
    """The plainest page: <title> and <h1> the headline, the date line, then `text`, all in an <article>."""
    return (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1><div>03.05.2022 11:20"
            f"</div>{text}</article></body></html>")


def test_a_cms_page_with_the_headline_above_a_meta_row():
    record = parse_article(URL, cms_page())
    assert record["headline"] == HEADLINE
    assert record["published_at"] == "2022-05-03T11:20:00+03:00" and record["published_at_raw"] == "03 May 2022, 11:20"
    assert record["lead"] == LEAD and record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["image_url"] == "https://eng.kavkaz-uzel.eu/img/magas.jpg"
    assert record["image_caption"].endswith("Photo by Ilyas Kodzoev for the Caucasian Knot")
    assert record["authors"] == ["Ilyas Kodzoev"], "from JSON-LD when the page shows no Author: line"
    assert record["warnings"] == ["authors: unconfirmed (only JSON-LD author)"], "one signal, and the record says so"
    assert {name: entry["status"] for name, entry in record["evidence"].items()} == {
        "headline": "confirmed", "published_at": "confirmed", "lead": "confirmed", "body": "confirmed",
        "authors": "unconfirmed", "source": "missing", "original_url": "missing"}


def test_disagreeing_signals_are_chosen_by_the_rule_and_named_in_a_warning():
    record = parse_article(URL, cms_page(og="Something else entirely", ld_time="2022-05-03T09:00:00+03:00"))
    assert record["headline"] == HEADLINE, "<h1> + JSON-LD + <title> outweigh og:title"
    assert f"headline: <h1> {HEADLINE!r} != og:title 'Something else entirely'" in record["warnings"]
    assert record["published_at"] == "2022-05-03T11:20:00+03:00", "the visible date line is kept"
    assert "published_at: visible '03 May 2022, 11:20' != JSON-LD datePublished '2022-05-03T09:00:00+03:00'" \
        in record["warnings"]


def test_machine_readable_utc_times_become_moscow_time_with_the_historic_offset():
    html = ('<html><head><meta property="article:published_time" content="2012-01-10T05:00:00Z"></head><body>'
            f"<article><h1>{HEADLINE}</h1><p>{LEAD}</p></article></body></html>")
    record = parse_article(URL, html)
    assert record["published_at"] == "2012-01-10T09:00:00+04:00"
    assert record["published_at_raw"] == "2012-01-10T05:00:00Z"
    visible_and_utc = html.replace("<p>", "<p>10 January 2012, 09:00</p><p>", 1)
    assert parse_article(URL, visible_and_utc)["warnings"] == [], "the same moment: no disagreement"


def test_a_web_archive_copy_resolves_links_to_the_original():
    html = ('<html><body><div id="wm-ipp-base"><p>The Wayback Machine - https://web.archive.org/web/2022/'
            f'{URL}</p><p>12 captures</p></div><p>03 May 2022, 11:20</p><h1>{HEADLINE}</h1><p>{LEAD}</p>'
            '<p>All news</p><ul><li>May 03, 2022 10:00</li><li><a href="/web/20220503/https://caucasianknot.info/'
            'articles/59990">Other story</a></li><li>Its lead.</li></ul></body></html>')
    record = parse_article(f"https://web.archive.org/web/20220503000000/{URL}", html)
    assert record["url"] == URL and record["article_id"] == 60001
    assert record["body"] == LEAD
    assert [(i["url"], i["title"]) for i in record["sidebar"]] == [
        ("https://eng.kavkaz-uzel.eu/articles/59990", "Other story")]


def test_a_whole_article_in_one_pre_reads_like_any_other():
    text = "\n".join(["03 May 2022, 11:20", HEADLINE, LEAD, SECOND, "Author: Ilyas Kodzoev",
                      f"Printed from {URL}"])
    record = parse_article(URL, f"<html><body><pre>{text}</pre></body></html>")
    assert (record["headline"], record["lead"], record["authors"]) == (HEADLINE, LEAD, ["Ilyas Kodzoev"])
    assert record["body"] == f"{LEAD}\n\n{SECOND}"


def test_rubrics_and_regions_from_breadcrumbs_and_tag_rows():
    html = ('<html><body><nav class="menu"><a href="/rubric/10">News</a><a href="/dagestan">Dagestan</a></nav>'
            '<article><div class="breadcrumbs"><a href="/">Home</a> / <a href="/category/5">Human rights</a></div>'
            f'<p>03 May 2022, 11:20</p><h1>{HEADLINE}</h1><p>{LEAD}</p>'
            '<div class="tags"><a href="/ingushetia">Ingushetia</a> <a href="/rubric/601">Statistics</a></div>'
            "</article></body></html>")
    record = parse_article(URL, html)
    assert record["rubrics"] == ["Human rights", "Statistics"]
    assert record["regions"] == ["Ingushetia"], "the site menu is not a region of the article"


def test_russian_listings_of_leads_only_and_amp_title_plus_lead():
    leads = "".join(f'<p><a href="/articles/{400000 + i}/">{n}Жители поселка пожаловались на отключения воды</a></p>'
                    for i, n in enumerate(("", "1", "11")))
    listing = parse_listing("https://kavkaz-uzel.org/rubric/1103?page=16", f"<html><body>{leads}</body></html>")
    assert [item["article_id"] for item in listing["items"]] == [400000, 400001, 400002]
    assert all(item["published_at"] is None for item in listing["items"])
    amp = "".join(f'<div><h3><a href="/articles/{300 + i}/">Заголовок {i}</a></h3><p>Лид новости {i}.</p></div>'
                  for i in range(3))
    listing = parse_listing("https://amp.kavkaz-uzel.eu/rubric/1104?page=23", f"<html><body>{amp}</body></html>")
    assert [(i["title"], i["lead"]) for i in listing["items"]] == [(f"Заголовок {i}", f"Лид новости {i}.") for i in range(3)]
    assert listing["items"][0]["url"] == "https://www.kavkaz-uzel.eu/articles/300"


def test_listing_items_with_the_date_after_the_title():
    items = "".join(f'<li><a href="/articles/{70 + i}">Story {i}</a><span>0{i}:15, 2 December 2025</span>'
                    f"<p>Lead {i}.</p></li>" for i in range(1, 4))
    listing = parse_listing("https://eng.kavkaz-uzel.eu/rubric/11", f"<html><body><ul>{items}</ul></body></html>")
    assert [(i["title"], i["published_at"], i["lead"]) for i in listing["items"]] == [
        (f"Story {i}", f"2025-12-02T0{i}:15:00+03:00", f"Lead {i}.") for i in range(1, 4)]


def test_a_headline_without_a_heading_tag_named_by_the_title_with_a_colon_and_a_suffix():
    """No <h1>: the title in a <div> above its date row, ending in `г.`, and the <title> adds ` · CK`; a subheading
    lower in the text is no headline (real bulletins have colons in their titles)."""
    title = "Ситуация в зоне конфликта на Северном Кавказе: оценка правозащитников. Весна 2014 г."
    lead = "Правозащитный центр продолжает работу на Северном Кавказе и представляет очередной бюллетень."
    html = (f'<html><head><meta charset="utf-8"><title>{title} · CK</title></head><body><div class="p-8">'
            f'<div class="text-3xl">{title}</div><div class="text-sm"><span>21.07.2014 · 23:10</span></div>'
            f'<div class="prose"><p>{lead}</p><h2>Вынесен приговор правозащитнице</h2>'
            '<p>Суд завершил рассмотрение дела, начатое в декабре прошлого года.</p></div></div></body></html>')
    record = parse_article("https://www.kavkaz-uzel.eu/articles/246161", html.encode())
    assert record["headline"] == title, record["warnings"]
    assert record["lead"] == lead
    assert record["published_at"] == "2014-07-21T23:10:00+04:00"


def test_photos_only_inside_the_text_are_no_sure_article_photo_and_an_address_under_the_text_is_no_text():
    """No photo at the head, two with captions inside the text: the first is kept as the article's photo but
    flagged; a print version's own address under the text (no byline after it) is not a paragraph."""
    paragraphs = [LEAD, SECOND, "The court will hear the appeal in June.", "The protesters deny the charges."]
    html = (f"<html><head><title>{HEADLINE} | CK</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<div>03.05.2022, 11:20</div><p>{paragraphs[0]}</p><p>{paragraphs[1]}</p>"
            '<figure><img src="/a.jpg"><figcaption>A street in Magas. Photo by the press service</figcaption></figure>'
            f"<p>{paragraphs[2]}</p>"
            '<figure><img src="/b.jpg"><figcaption>Protesters near the court. Photo: social networks</figcaption></figure>'
            f"<p>{paragraphs[3]}</p></article><hr><small>{URL}</small></body></html>")
    record = parse_article(URL, html.encode())
    assert record["body"] == "\n\n".join(paragraphs)
    assert record["image_caption"] == "A street in Magas. Photo by the press service"
    assert any(w.startswith("image_caption: unconfirmed") for w in record["warnings"]), record["warnings"]


def test_a_row_that_shows_the_update_first_gives_the_publication():
    """`Updated 19.01.2004 10:15 · Published 18.01.2004 00:04`, `Обновлено … · Опубликовано …`: the publication."""
    for updated, published in (("Updated", "Published"), ("Обновлено", "Опубликовано")):
        html = (f"<html><head><title>{HEADLINE} | CK</title></head><body><article><h1>{HEADLINE}</h1>"
                f'<div class="meta">{updated} 19.01.2004 10:15 · {published} 18.01.2004 00:04</div>'
                f"<p>{LEAD}</p><p>{SECOND}</p></article></body></html>")
        record = parse_article(URL, html.encode())
        assert record["published_at"] == "2004-01-18T00:04:00+03:00", (updated, record["warnings"])


def test_a_standfirst_above_the_date_line_is_the_lead_and_the_text_goes_on_after_the_date():
    """The lead set as an <h2> under the <h1>, the date line under it, then the rest: one text, not a lead alone."""
    html = (f"<html><head><title>{HEADLINE} – Caucasian Knot</title></head><body><main><h1>{HEADLINE}</h1>"
            f'<h2 class="standfirst">{LEAD}</h2><div class="d">03.05.2022, 11:20</div><p>{SECOND}</p>'
            "<p>The court will hear the appeal in June.</p></main></body></html>")
    record = parse_article(URL, html.encode())
    assert record["lead"] == LEAD
    assert record["body"] == "\n\n".join([LEAD, SECOND, "The court will hear the appeal in June."]), record["warnings"]
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"


def test_a_photo_credit_line_under_the_text_is_no_paragraph_and_no_author():
    for credit, byline in (("Photo author: Oleg Krasnov", "Author: Ilyas Kodzoev"),
                           ("Автор фото: Олег Краснов", "Автор: Ильяс Кодзоев")):
        html = (f"<html><head><title>{HEADLINE} | CK</title></head><body><article><h1>{HEADLINE}</h1>"
                f"<div>03.05.2022, 11:20</div><p>{LEAD}</p><p>{SECOND}</p><p><small>{credit}</small></p>"
                f"<p>{byline}</p></article></body></html>")
        record = parse_article(URL, html.encode())
        assert record["body"] == f"{LEAD}\n\n{SECOND}", credit
        assert record["authors"] == [byline.split(": ")[1]]


def test_a_date_and_a_time_in_four_labelled_elements_are_one_date():
    """`<div>Date</div><div>18.01.2004</div><div>Time</div><div>00:04</div>` in a column before the headline."""
    for date_word, time_word in (("Date", "Time"), ("Дата", "Время")):
        html = (f"<html><head><title>{HEADLINE}</title></head><body><div class='meta'><div>{date_word}</div>"
                f"<div>03.05.2022</div><div>{time_word}</div><div>11:20</div></div><div class='main'>"
                f"<h1>{HEADLINE}</h1><p>{LEAD}</p><p>{SECOND}</p></div></body></html>")
        record = parse_article(URL, html.encode())
        assert record["published_at"] == "2022-05-03T11:20:00+03:00", date_word
        assert record["evidence"]["published_at"]["status"] == "confirmed", "the label is a second signal"
        assert record["body"] == f"{LEAD}\n\n{SECOND}"


def test_rdfa_properties_give_the_date_and_part_names_the_text_runs_together():
    """RDFa Lite (`property="datePublished"` on a <meta>, one `property="author"` per name): the date the page
    shows only as a day, and two authors whose spans have nothing between them."""
    html = (f'<html><head><title>{HEADLINE}</title></head><body><div vocab="https://schema.org/" typeof="NewsArticle">'
            f'<h1 property="headline">{HEADLINE}</h1><meta property="datePublished" content="2022-05-03T11:20:00+03:00">'
            f'<div>03.05.2022</div><p>{LEAD}</p><p>{SECOND}</p><p>Author: <span property="author">Ilyas Kodzoev</span>'
            f'<span property="author">Emma Marzoeva</span></p></div></body></html>')
    record = parse_article(URL, html.encode())
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["authors"] == ["Ilyas Kodzoev", "Emma Marzoeva"]
    full_uris = html.replace('property="', 'property="https://schema.org/')  # the same properties as full URIs
    assert parse_article(URL, full_uris.encode())["published_at"] == "2022-05-03T11:20:00+03:00"


def test_a_title_row_above_the_date_row_wins_over_the_text_under_it_and_a_tools_row():
    """An old CMS of table rows: headline, `dd.mm.yyyy | HH:MM`, `Printable version | Send to a friend`, text; a real
    headline may end with a full stop (`Drone debris fell on school grounds in Kuban.`)."""
    for tools, headline in (
            ('<a href="?print=1">Printable version</a> | <a href="/mail">Send to a friend</a>', HEADLINE),
            ('<a href="?print=1">Версия для печати</a> | <a href="/mail">Отправить другу</a>', HEADLINE),
            ('<a href="?print=1">Printable version</a> | <a href="/mail">Send to a friend</a>', f"{HEADLINE}.")):
        html = (f"<html><head><title>Caucasian Knot</title></head><body><table><tr><td><b>{headline}</b></td></tr>"
                f"<tr><td>03.05.2022 | 11:20</td></tr><tr><td>{tools}</td></tr><tr><td>{LEAD}</td></tr>"
                f"<tr><td>{SECOND}</td></tr></table></body></html>")
        record = parse_article(URL, html.encode())
        assert record["headline"] == headline, tools
        assert record["body"] == f"{LEAD}\n\n{SECOND}"


def test_a_state_only_author_and_a_relative_time_row():
    """A script-rendered page: `2 hours ago` under the headline is no text; the authors stand only in
    __NEXT_DATA__, beside the headline (a single signal, so the record says it is unconfirmed)."""
    state = json.dumps({"props": {"pageProps": {"article": {
        "title": HEADLINE, "publishedAt": "2022-05-03T08:20:00.000Z", "authors": [{"fullName": "Ilyas Kodzoev"}],
        "related": [{"title": "Another story", "author": {"fullName": "Somebody Else"}}]}}}})
    for relative in ("2 hours ago", "2 часа назад"):
        html = (f'<html><head><title>{HEADLINE}</title></head><body><div id="__next"><h1>{HEADLINE}</h1>'
                f'<span>{relative}</span><p>{LEAD}</p><p>{SECOND}</p></div>'
                f'<script id="__NEXT_DATA__" type="application/json">{state}</script></body></html>')
        record = parse_article(URL, html.encode())
        assert record["lead"] == LEAD and record["body"] == f"{LEAD}\n\n{SECOND}", relative
        assert record["published_at"] == "2022-05-03T11:20:00+03:00"
        assert record["authors"] == ["Ilyas Kodzoev"]
        assert "authors: unconfirmed (only embedded state author)" in record["warnings"]


def test_lower_case_and_plural_author_labels():
    """`Опубликовано 18 января 2004 в 00:04 автор: Name` in one row; `Авторы: A, B` / `Authors: A and B` lines."""
    row = (f"<html><head><title>{HEADLINE}</title></head><body><h2>{HEADLINE}</h2><div>Опубликовано 3 мая 2022 в 11:20"
           f' автор: <a href="/a/1">Ильяс Кодзоев</a></div><p>{LEAD}</p><p>{SECOND}</p></body></html>')
    assert parse_article(URL, row.encode())["authors"] == ["Ильяс Кодзоев"]
    for line, names in (("Авторы: Ильяс Кодзоев, Эмма Марзоева", ["Ильяс Кодзоев", "Эмма Марзоева"]),
                        ("Authors: Ilyas Kodzoev and Emma Marzoeva", ["Ilyas Kodzoev", "Emma Marzoeva"])):
        html = (f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1><p>{line}</p>"
                f"<p>03.05.2022, 11:20</p><p>{LEAD}</p><p>{SECOND}</p></body></html>")
        assert parse_article(URL, html.encode())["authors"] == names, line


def test_a_date_and_a_time_in_two_spans_with_nothing_between_are_one_date_never_a_midnight():
    """`<span>03.05.2022</span><span>11:20</span>` (CSS spaces them) is 11:20; a day with no time of its own is never
    stored as midnight, and a number cut into spans (`20</span><span>02`) stays one number."""
    page = (f"<html><head><title>{HEADLINE}</title></head><body><div class='info'><span>03.05.2022</span>"
            f"<span>11:20</span><a href='/rubric/3'>Chechnya</a></div><h1>{HEADLINE}</h1><p>{LEAD}</p>"
            f"<p>In <span>20</span><span>02</span> the court heard a similar case.</p></body></html>")
    record = parse_article(URL, page.encode())
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["body"].endswith("In 2002 the court heard a similar case.")
    glued = page.replace("<span>11:20</span>", "<b>11:20 views</b>").replace("03.05.2022</span>", "03.05.2022 |</span>")
    assert parse_article(URL, glued.encode())["published_at"] != "2022-05-03T00:00:00+03:00"


def test_a_list_of_other_articles_before_the_article_and_a_dated_box_inside_its_text():
    """The `Latest news` column comes first in the source with items dated like the article; a `Popular` box of
    (link, date) items stands between two paragraphs: the headline, date and whole text are the article's."""
    items = "".join(f'<div><div>1{n} September 2024, 1{n}:0{n}</div><a href="/articles/90{n}">Other story {n}</a></div>'
                    for n in range(3))
    box = '<ul><li><a href="/articles/801">Popular story</a> <span>18.09.2024 23:47</span></li></ul>'
    html = (f"<html><head><title>CK</title></head><body><div class='l'><b>Latest news</b>{items}</div>"
            f"<div class='r'><div>03 May 2022, 11:20</div><div>{HEADLINE}</div><p>{LEAD}</p>{box}<p>{SECOND}</p>"
            "</div></body></html>")
    record = parse_article(URL, html.encode())
    assert record["headline"] == HEADLINE
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["body"] == f"{LEAD}\n\n{SECOND}"


def test_a_date_inside_the_h1_or_before_the_title_in_one_line():
    """`<h1>Headline <small>03.05.2022 11:20</small></h1>`; an old feed's `<p>03.05.2022 11:20 <b>Headline</b></p>`
    under a menu row of links (no <h1>, a `<title>` with the site's name only)."""
    in_h1 = (f"<html><head><title>{HEADLINE} | CK</title></head><body><h1>{HEADLINE} <small>03.05.2022 11:20</small>"
             f"</h1><p>{LEAD}</p><p>{SECOND}</p></body></html>")
    one_line = ('<html><head><title>CK</title></head><body><table><tr><td><a href="/rubric/1">News</a> '
                '<a href="/rubric/2">Chechnya</a> <a href="/rubric/3">Dagestan</a></td><td>'
                f'<p><span>03.05.2022 11:20</span> <b>{HEADLINE}</b></p><p>{LEAD}</p><p>{SECOND}</p></td></tr></table>'
                "</body></html>")
    for html in (in_h1, one_line):
        record = parse_article(URL, html.encode())
        assert record["headline"] == HEADLINE
        assert record["published_at"] == "2022-05-03T11:20:00+03:00"
        assert record["body"] == f"{LEAD}\n\n{SECOND}"


def test_a_byline_set_off_by_a_dash_and_footnotes_in_an_aside():
    """`By Name — 3 May 2022 11:20` above the <h2>, the footnotes in an <aside> after the text; a marker whose
    footnote the page does not have is kept as `unknown` and said to be unconfirmed."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><main><p>By Ilyas Kodzoev — 3 May 2022 11:20</p>"
            f"<h2>{HEADLINE}</h2><div>{LEAD}</div><div>The Memorial* centre said so.</div>"
            "<aside><p>* Included by the Russian Ministry of Justice into the register of foreign agents.</p></aside>"
            "</main></body></html>")
    record = parse_article(URL, html.encode())
    assert record["authors"] == ["Ilyas Kodzoev"]
    assert [(x["entity"], x["type"]) for x in record["labels"]] == [("Memorial", "foreign_agent")]
    bare = parse_article(URL, html.replace("<aside><p>* Included", "<aside><p>Included").encode())
    assert [(x["entity"], x["type"]) for x in bare["labels"]] == [("Memorial", "unknown")]
    assert "labels: unconfirmed (no footnote found for the marker *)" in bare["warnings"]


def test_a_caption_in_two_parts_fields_the_parsers_do_not_know_and_a_section_heading():
    """The site's name in <h1>, the section in <h2> (a menu link too), the headline an <h3>; `Region:` `Chechnya`
    and `Views:` `5073` as a list of fields before the text; the caption's text and its credit in two <div>s."""
    html = (f"<html><head><title>CK - News</title></head><body><h1>Caucasian Knot</h1><div><a href='/rubric/1'>News</a> "
            f"<a href='/rubric/2'>Chechnya</a></div><h2>News</h2><h3>{HEADLINE}</h3><div>03.05.2022, 11:20</div>"
            "<dl><dt>Region:</dt><dd>Chechnya</dd><dt>Views:</dt><dd>5073</dd></dl>"
            "<figure><img src='/img/1.jpg'><figcaption><div>Protesters near the court in Magas.</div>"
            "<div>Photo by Ilyas Kodzoev for the Caucasian Knot</div></figcaption></figure>"
            f"<p>{LEAD}</p><p>{SECOND}</p></body></html>")
    record = parse_article(URL, html.encode())
    assert record["headline"] == HEADLINE
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["image_caption"] == "Protesters near the court in Magas. Photo by Ilyas Kodzoev for the Caucasian Knot"


def test_a_slashed_date_whose_order_the_page_does_not_say_is_flagged():
    """`05/03/2022 11:20` is 5 March by the site's day-first convention, but could be May 3: the record says so,
    unless a machine-readable time agrees; `05/13/2022` can only be May 13."""
    page = (f"<html><head><title>{HEADLINE}</title>{{meta}}</head><body><h1>{HEADLINE}</h1><div>{{shown}}</div>"
            f"<p>{LEAD}</p><p>{SECOND}</p><div>Comments</div><div>4</div></body></html>")
    record = parse_article(URL, page.format(meta="", shown="05/03/2022 11:20").encode())
    assert record["published_at"] == "2022-03-05T11:20:00+03:00"
    assert record["evidence"]["published_at"]["status"] == "disputed", record["warnings"]
    agreed = page.format(meta='<meta property="article:published_time" content="2022-03-05T11:20:00+03:00">',
                         shown="05/03/2022 11:20")
    assert parse_article(URL, agreed.encode())["evidence"]["published_at"]["status"] == "confirmed"
    certain = parse_article(URL, page.format(meta="", shown="05/13/2022 11:20 AM").encode())
    assert certain["published_at"] == "2022-05-13T11:20:00+03:00" and certain["body"] == f"{LEAD}\n\n{SECOND}"


def test_a_one_line_date_with_a_time_label_a_counter_after_the_text_and_a_short_site_h1():
    """`<h1>CK</h1>` over the headline in an <h3>; `Date: 03.05.2022 Time: 11:20`; a comment counter `4` after
    the text is no paragraph."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><h1>CK</h1><h3>{HEADLINE}</h3>"
            f"<div>Date: 03.05.2022 Time: 11:20</div><p>{LEAD}</p><p>{SECOND}</p><div class='cnt'>4</div></body></html>")
    record = parse_article(URL, html.encode())
    assert record["headline"] == HEADLINE
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["body"] == f"{LEAD}\n\n{SECOND}"


def test_listings_of_cards_day_groups_and_definition_lists():
    """Cards (image, `<a><h3>Title</h3></a>`, lead, date last: each date but the last also stands right before the
    next title); `HH:MM Title` items under a day's heading; `<dt>` date, `<dd>` link and lead; a date row with a
    comment counter after the lead."""
    url = "https://eng.kavkaz-uzel.eu/rubric/11"
    want = [(f"Story {i}", f"2025-12-0{i}T0{i}:15:00+03:00", f"Lead {i}.") for i in range(3, 0, -1)]
    cards = "".join(f'<article><img src="/i/{i}.jpg"><a href="/articles/{70 + i}"><h3>Story {i}</h3></a><p>Lead {i}.'
                    f"</p><time>{i} December 2025, 0{i}:15</time></article>" for i in range(3, 0, -1))
    dl = "".join(f'<dt>0{i}:15, {i} December 2025</dt><dd><a href="/articles/{70 + i}">Story {i}</a><br>Lead {i}.</dd>'
                 for i in range(3, 0, -1))
    meta = "".join(f'<div><a href="/articles/{70 + i}">Story {i}</a><div>Lead {i}.</div>'
                   f"<div>December {i}, 2025 0{i}:15 · {i * 4}</div></div>" for i in range(3, 0, -1))
    for html in (cards, dl, meta):
        listing = parse_listing(url, f"<html><body><h1>News</h1>{html}</body></html>")
        assert [(i["title"], i["published_at"], i["lead"]) for i in listing["items"]] == want, html[:60]
    days = "".join(f'<h3>{i} December 2025</h3><p><span>0{i}:15</span> <a href="/articles/{70 + i}">Story {i}</a></p>'
                   for i in range(3, 0, -1))
    listing = parse_listing(url, f"<html><body><h1>Feed</h1>{days}</body></html>")
    assert [(i["title"], i["published_at"]) for i in listing["items"]] == [(t, d) for t, d, _ in want]


def test_the_date_and_byline_in_a_panel_beside_the_text():
    """`<aside>` with the date and the byline before the main column: the article's date (a panel of dated links
    to other articles is not)."""
    html = (f"<html><head><title>{HEADLINE} | CK</title></head><body><h1>{HEADLINE}</h1><aside><div>03.05.2022 11:20"
            f"</div><div>Author: Ilyas Kodzoev</div></aside><div class='main'><p>{LEAD}</p><p>{SECOND}</p></div>"
            "</body></html>")
    record = parse_article(URL, html.encode())
    assert record["published_at"] == "2022-05-03T11:20:00+03:00" and record["authors"] == ["Ilyas Kodzoev"]
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    listed = html.replace("<div>Author: Ilyas Kodzoev</div>", '<a href="/articles/59001">Another story</a>')
    assert parse_article(URL, listed.encode())["published_at"] is None


def test_the_lead_in_a_summary_box_and_again_as_the_first_paragraph_is_read_once():
    for label in ("Summary", "Коротко"):
        html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1><time>03.05.2022 11:20"
                f"</time><div class='summary'><b>{label}</b><p>{LEAD}</p></div><p>{LEAD}</p><p>{SECOND}</p></article>"
                "</body></html>")
        record = parse_article(URL, html.encode())
        assert record["lead"] == LEAD and record["body"] == f"{LEAD}\n\n{SECOND}", label


def test_a_byline_shown_twice_and_a_single_video_frame_inside_the_text():
    """The byline lines above the text and again below it are one byline; a video's caption after the second
    paragraph, with no photo at the article's head, is kept but said to be unconfirmed."""
    by = "Author: Ilyas Kodzoev<br>Source: CK correspondent"
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1><div>03.05.2022 11:20</div>"
            f"<div class='by'>{by}</div><p>{LEAD}</p><p>{SECOND}</p><figure><iframe src='https://www.youtube.com/embed/x'>"
            "</iframe><figcaption>A frame from the video of the rally. Screenshot: YouTube</figcaption></figure>"
            f"<p>The court will hear the appeal in June.</p><p>{by}</p></article></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["authors"], record["source"]) == (["Ilyas Kodzoev"], "CK correspondent")
    assert "image_caption: unconfirmed (a photo inside the text, none at its head)" in record["warnings"]


def test_invisible_characters_never_reach_the_record_and_authors_divided_by_a_pipe():
    """Soft hyphens, zero-width spaces and word joiners that typesetting leaves in the headline, the date and the
    text are no part of them; `Авторы: <a>A</a> | <a>B</a>` names two authors."""
    shy = HEADLINE.replace("protesters", "protes&shy;ters")
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{shy}</h1><div>03.05.2022\u2060 11:20</div>"
            f"<p>{LEAD.replace(', ', ',&#8203; ')}</p><p>{SECOND.replace('decision', 'deci&shy;sion')}</p>"
            "<p>Авторы: <a href='/a/1'>Ильяс Кодзоев</a> | <a href='/a/2'>Эмма Марзоева</a></p></article></body></html>")
    record = parse_article(URL, html.encode())
    assert record["headline"] == HEADLINE
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["authors"] == ["Ильяс Кодзоев", "Эмма Марзоева"]


def test_a_sentence_that_is_all_a_link_is_text_and_direction_marks_are_dropped():
    """`<p><a href="/articles/…">A whole sentence.</a></p>` between paragraphs is text; a run of linked leads after
    the text is a list, not text; left-to-right marks around the headline and the date are no part of them."""
    linked = "The court had earlier refused to hear the complaint of the defence, as the Caucasian Knot reported."
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}\u200e</h1>"
            f"<div>\u200e03.05.2022 11:20\u200e</div><p>{LEAD}</p><p><a href='/articles/59001'>{linked}</a></p>"
            f"<p>{SECOND}</p>{{more}}</article></body></html>")
    record = parse_article(URL, html.replace("{more}", "").encode())
    assert record["headline"] == HEADLINE and record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["body"] == f"{LEAD}\n\n{linked}\n\n{SECOND}"
    leads = "".join(f"<p><a href='/articles/5900{n}'>An earlier story number {n} told of a similar court case in "
                    f"the republic, and of its appeal.</a></p>" for n in range(2, 5))
    assert parse_article(URL, html.replace("{more}", leads).encode())["body"] == f"{LEAD}\n\n{linked}\n\n{SECOND}"


def test_a_property_written_as_a_full_uri_marks_its_block_as_the_short_name_does():
    """`<div property="https://schema.org/author">` between the date and the text is the author's line, not the
    text's first paragraph — as with `property="author"` (the block builder and the page's self-description read
    a property's name the same way)."""
    for prop in ("author", "https://schema.org/author"):
        html = (f'<html><head><title>{HEADLINE}</title></head><body><article vocab="https://schema.org/" '
                f'typeof="NewsArticle"><h1>{HEADLINE}</h1><div>03.05.2022 11:20</div><div property="{prop}">Ilyas '
                f"Kodzoev</div><p>{LEAD}</p><p>{SECOND}</p></article></body></html>")
        record = parse_article(URL, html.encode())
        assert record["body"] == f"{LEAD}\n\n{SECOND}", prop
        assert record["authors"] == ["Ilyas Kodzoev"], prop


def test_an_article_in_a_declarative_shadow_root_with_ad_slots_and_a_tooltip_date():
    """A web component's `<template shadowrootmode="open">` is shown, so read (an inert `<template>` is not);
    `Advertisement` slots between paragraphs and a `Subscribe to our …` link are no text; a relative date whose
    exact time stands only in the title attribute (`<span title="03.05.2022 11:20">3 days ago</span>`) is read."""
    inner = (f"<h1>{HEADLINE}</h1><div><span title='03.05.2022 11:20'>3 days ago</span></div><p>{LEAD}</p>"
             f"<div class='slot'>Advertisement</div><p>{SECOND}</p><p>Author: Ilyas Kodzoev</p>"
             "<p><a href='https://t.me/x'>Subscribe to our Telegram channel</a></p>")
    for mode, shown in (("shadowrootmode='open'", True), ("", False)):
        html = (f"<html><head><title>{HEADLINE}</title></head><body><header><a href='/'>Caucasian Knot</a></header>"
                f"<kk-article><template {mode}>{inner}</template></kk-article></body></html>")
        record = parse_article(URL, html.encode())
        if shown:
            assert record["headline"] == HEADLINE and record["published_at"] == "2022-05-03T11:20:00+03:00"
            assert record["body"] == f"{LEAD}\n\n{SECOND}" and record["authors"] == ["Ilyas Kodzoev"]
        else:  # nothing shown: the fields looked for around the text are not silently empty either
            assert record["body"] is None
            assert "authors: not checked (no article text found)" in record["warnings"]


def test_a_classic_theme_whose_only_date_is_the_posted_on_sentence_under_the_text():
    """`<title>Headline « Site</title>`, the site's name the <h1>, the headline an <h2> link; the only date is the
    theme's footer sentence `This entry was posted on Tuesday, May 3rd, 2022 at 11:20 am and is filed under News.`
    — far from the headline, but it says what it is — and it is no paragraph of the text."""
    for foot, lang in (("This entry was posted on Tuesday, May 3rd, 2022 at 11:20 am and is filed under", "en"),
                       ("Запись опубликована 3 мая 2022 года в 11:20 в рубрике", "ru")):
        html = (f"<html><head><title>{HEADLINE} « Caucasian Knot</title></head><body><div id='header'><h1><a href='/'>"
                f"Caucasian Knot</a></h1></div><div class='post'><h2><a href='{URL}' rel='bookmark'>{HEADLINE}</a></h2>"
                f"<div class='entry'><p>{LEAD}</p><p>{SECOND}</p>{''.join(f'<p>{SECOND[:-1]} {n}.</p>' for n in range(5))}"
                f"</div><p class='postmetadata'><small>{foot} <a href='/rubric/1'>News</a>.</small></p></div></body></html>")
        record = parse_article(URL, html.encode())
        assert record["headline"] == HEADLINE, lang
        assert record["published_at"] == "2022-05-03T11:20:00+03:00", lang
        assert record["body"].endswith(f"{SECOND[:-1]} 4."), lang


def test_an_organisation_as_author_a_photo_after_the_text_and_a_hidden_second_copy():
    """JSON-LD whose author is an `Organization` (the site itself, a CMS default) names nobody; a photo and its
    caption after the text (none at the head) is the article's photo, unconfirmed; `Читать дальше` over the rest of
    the text is no paragraph; a hidden print copy after the text (its headline again, then the text) is not read
    into the body."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE,
                     "author": {"@type": "Organization", "name": "Кавказский узел"}}, ensure_ascii=False)
    caption = "Protesters near the court in Magas. Photo by Ilyas Kodzoev for the Caucasian Knot"
    html = (f'<html><head><title>{HEADLINE}</title><script type="application/ld+json">{ld}</script></head><body>'
            f"<article><h1>{HEADLINE}</h1><div>03.05.2022 11:20</div><p>{LEAD}</p><details><summary>Читать дальше"
            f"</summary><p>{SECOND}</p></details><figure><img src='/i.jpg'><figcaption>{caption}</figcaption>"
            f"</figure></article><div style='display:none'><h2>{HEADLINE}</h2><div>03.05.2022 11:20</div><p>{LEAD}</p>"
            f"<p>{SECOND}</p></div></body></html>")
    record = parse_article(URL, html.encode())
    assert record["authors"] == [] and record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["image_caption"] == caption
    assert any(w.startswith("image_caption: unconfirmed (a photo") and w.endswith("none at its head)")
               for w in record["warnings"])
    after_notes = html.replace("<figure>", "<p>* The court's decision has not entered into force.</p><figure>")
    record = parse_article(URL, after_notes.encode())  # after the notes: past the text's end
    assert record["image_caption"] == caption
    assert "image_caption: unconfirmed (a photo after the text, none at its head)" in record["warnings"]


def test_an_editor_credit_under_the_text_and_letters_of_a_guessed_charset():
    """`Редактор: Имя` under the text (no byline) is a credit, no paragraph; on a page that names no charset and has
    only a few non-ASCII bytes, the letters they give are a guess, and the fields holding them say so."""
    html = article_page(f"<p>{LEAD}</p><p>{SECOND}</p><p>Редактор: Анна Смирнова</p>")
    assert parse_article(URL, html.encode())["body"] == f"{LEAD}\n\n{SECOND}"
    stray = html.replace("<p>Редактор: Анна Смирнова</p>", "<p>Source: СK correspondent</p>").encode("koi8-r")
    record = parse_article(URL, stray, content_type="text/html")
    assert record["evidence"]["charset"]["how"].startswith("default for stray bytes")
    assert any(w.startswith("source: unconfirmed (its non-ASCII letters read as") for w in record["warnings"])
    assert not any(w.startswith("body:") for w in record["warnings"]), "an ASCII field is not in doubt"


def test_a_provenance_note_above_the_text_and_feed_titles_of_any_opening():
    """A provenance line in a note under the date, above the text, is no paragraph and still gives the original;
    in an old feed row (`date <b>title</b>`) a title may open with a quote or a number and end with one full stop or
    a question mark; a row of two sentences is no title, and then where the text starts is in doubt too."""
    note = ("This article was originally published on the Russian page of 24/7 Internet agency ‘Caucasian Knot’ on "
            "May 3, 2022 at 09:05 am MSK. To access the full text of the article, "
            "<a href='https://www.kavkaz-uzel.eu/articles/377001/'>click here</a>.")
    html = article_page(f"<div class='note'>{note}</div><p>{LEAD}</p><p>{SECOND}</p>")
    record = parse_article(URL, html.encode())
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["original_url"] == "https://www.kavkaz-uzel.eu/articles/377001" and record["translation"] == "human"
    for title in ('"Agora" treats the arrests in Magas as unjustified', "189 activists detained in Magas",
                  "Will the court in Magas free the two protesters?", "Drone debris fell on school grounds in Kuban."):
        feed = (f"<html><body><table><tr><td><p><span>03.05.2022 11:20</span> <b>{title}</b></p><p>{LEAD}</p>"
                f"<p>{SECOND}</p></td></tr></table></body></html>")
        record = parse_article(URL, feed.encode())
        assert (record["headline"], record["lead"]) == (title, LEAD), title
    two = "The court met in the morning. It ruled against the two activists and fined them."
    record = parse_article(URL, feed.replace(title, two).encode())
    assert record["lead"] != LEAD and record["evidence"]["lead"]["status"] == "disputed"


RU_LEAD = "В Магасе суд продлил арест двум участникам мартовской акции протеста, сообщил адвокат."
RU_SECOND = "В первом квартале жертв конфликта в регионе также не было."  # (short: 58 characters)
RU_THIRD = "Защита намерена обжаловать решение суда в апелляционной инстанции, добавил адвокат."


def test_short_russian_texts_without_a_byline_end_where_their_text_ends():
    """Real Russian pages have no byline to end the text: an `Обновлено: …` line, a print footer `Распечатано с …`
    and the theme's `Запись опубликована …` sentence under a two-paragraph text are not read into it; a short
    sentence that is all one link between two paragraphs is text; one at the end is left out, and the body says so."""
    def page(text: str, after: str = "") -> bytes:
        return article_page(text + after).encode()
    two = f"<p>{RU_LEAD}</p><p>{RU_THIRD}</p>"
    for after in ("<p>Обновлено: 04.05.2022 09:10</p>", "<p>Распечатано с https://www.kavkaz-uzel.eu/articles/1 "
                  "07.12.2026 10:00</p>"):
        assert parse_article(URL, page(two, after))["body"] == f"{RU_LEAD}\n\n{RU_THIRD}", after
    linked = f"<p>{RU_LEAD}</p><p><a href='/articles/202899'>{RU_SECOND}</a></p><p>{RU_THIRD}</p>"
    assert parse_article(URL, page(linked))["body"] == f"{RU_LEAD}\n\n{RU_SECOND}\n\n{RU_THIRD}"
    last = f"<p>{RU_LEAD}</p><p>{RU_THIRD}</p><p><a href='/articles/202899'>{RU_SECOND}</a></p>"
    record = parse_article(URL, page(last))
    assert record["body"] == f"{RU_LEAD}\n\n{RU_THIRD}" and record["evidence"]["body"]["status"] == "disputed"
    theme = (f"<html><head><title>{HEADLINE} « Кавказский узел</title></head><body><h1>Кавказский узел</h1><div><h2>"
             f"{HEADLINE}</h2>{two}<p><small>Запись опубликована 3 мая 2022 года в 11:20 в рубрике Новости.</small></p>"
             "</div></body></html>")
    record = parse_article(URL, theme.encode())
    assert record["published_at"] == "2022-05-03T11:20:00+03:00" and record["body"] == f"{RU_LEAD}\n\n{RU_THIRD}"


def test_a_teaser_whose_own_copy_adds_a_short_last_paragraph_is_read_whole():
    """Only the first paragraph shown, JSON-LD `articleBody` holding it and one short paragraph more: the text is
    the copy (said in a warning), even though the copy is barely longer than what is shown."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE,
                     "articleBody": f"{LEAD} {SECOND} {LEAD}\n\n{SECOND}"})
    html = (f'<html><head><script type="application/ld+json">{ld}</script></head><body><h1>{HEADLINE}</h1>'
            f"<div>03.05.2022 11:20</div><p>{LEAD} {SECOND} {LEAD}</p><button>Read more</button></body></html>")
    record = parse_article(URL, html.encode())
    assert record["body"] == f"{LEAD} {SECOND} {LEAD}\n\n{SECOND}"
    assert any(w.startswith("body: the page shows 1 of its 2 paragraphs") for w in record["warnings"])


def test_capitals_in_the_h1_a_list_of_authors_a_teaser_box_and_a_date_and_time_in_two_rows():
    """An <h1> typed in capitals takes the case og:title gives (in Russian too, where key() maps a capital К to Latin);
    `<h4>Авторы</h4><ul><li>A</li><li>B</li></ul>` names both; a teaser of another article between paragraphs (its
    linked headline, its lead unlinked in the same box) is no text; `18.01.2004` and `00:04` in two rows are one date."""
    ru_headline = "Казбек Касаев приговорен к лишению свободы в Северной Осетии"
    box = ("<div class='teaser-box'><div><a href='/articles/59001'>Court fines activist in Grozny</a></div>"
           "<div>A court in Grozny has fined an activist for a post on social media, his lawyer has reported.</div></div>")
    html = (f'<html><head><title>{ru_headline} - Кавказский узел</title><meta property="og:title" content="{ru_headline}">'
            f"</head><body><article><h1>{ru_headline.upper()}</h1><div><i class='icon'></i> 03.05.2022</div>"
            f"<div><i class='icon'></i> 11:20</div><p>{LEAD}</p>{box}<p>{SECOND}</p><h4>Авторы</h4><ul class='au'>"
            "<li>Фаина Курбанова</li><li>Инна Кукуджанова</li></ul></article></body></html>")
    record = parse_article(URL, html.encode())
    assert record["headline"] == ru_headline
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["authors"] == ["Фаина Курбанова", "Инна Кукуджанова"]


def test_text_goes_on_after_a_box_under_a_subheading_or_naming_an_hour_and_a_teaser_after_the_text_ends_it():
    """After a teaser box between paragraphs the text goes on with a subheading (`Январь – декабрь 2016 г.`) or a long
    paragraph that names an hour (`by 11:30 a.m.`); a linked sentence over a subheading is text; a teaser of another
    article after the text (its linked title, its unlinked lead) ends it."""
    box = ("<div class='teaser-box'><div><a href='/articles/59001'>Court fines activist in Grozny</a></div><div>A court "
           "in Grozny has fined an activist for a post on social media, his lawyer has reported.</div></div>")
    hour = ("Power outages occurred in three villages of the district, the task force said, and power was restored by "
            "11:30 a.m. Moscow time, after the repair crews had worked through the night on the damaged line.")
    linked = f"<p><a href='/articles/202897'>{RU_SECOND}</a></p>"

    def body(text: str) -> str | None:
        return parse_article(URL, article_page(text).encode())["body"]
    assert body(f"<p>{LEAD}</p>{box}<p>{hour}</p>") == f"{LEAD}\n\n{hour}"
    assert body(f"<p>{LEAD}</p>{box}<p>Январь – декабрь 2016 г.</p><p>{RU_THIRD}</p>") == \
        f"{LEAD}\n\nЯнварь – декабрь 2016 г.\n\n{RU_THIRD}"
    assert body(f"<p>{RU_LEAD}</p>{linked}<p>Январь – декабрь 2016 г.</p><p>{RU_THIRD}</p>") == \
        f"{RU_LEAD}\n\n{RU_SECOND}\n\nЯнварь – декабрь 2016 г.\n\n{RU_THIRD}"
    assert body(f"<p>{LEAD}</p><p>{SECOND}</p>{box}<p>Author: Ilyas Kodzoev</p>") == f"{LEAD}\n\n{SECOND}"


def test_an_h1_that_ends_with_the_sites_name_like_the_title():
    """`<h1>Headline — Caucasian Knot</h1>`: the site's name is no part of the headline, in the <h1> as in <title>."""
    for suffix in (" — Caucasian Knot", " | Кавказский узел"):
        html = (f"<html><head><title>{HEADLINE}{suffix}</title></head><body><article><h1>{HEADLINE}{suffix}</h1>"
                f"<div>03.05.2022 11:20</div><p>{LEAD}</p><p>{SECOND}</p></article></body></html>")
        record = parse_article(URL, html.encode())
        assert record["headline"] == HEADLINE, suffix
        assert record["body"] == f"{LEAD}\n\n{SECOND}", suffix


def test_a_caption_the_rules_do_not_place_makes_no_caption_unsure():
    """A captioned photo far above the headline (a rubric, a language switch and counters between): no rule takes
    it as the article's photo — and the record does not pass the missing caption off as sure."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><figure><img src='/p.jpg'><figcaption>Protesters near "
            "the court in Magas. Photo by Ilyas Kodzoev</figcaption></figure><div><a href='/rubric/1'>Ingushetia</a>"
            "</div><div><a href='/en'>EN</a> | <a href='/ru'>RU</a></div><div>Views: 5</div><div>Comments: 0</div>"
            f"<div>Share</div><h1>{HEADLINE}</h1><div>03.05.2022 11:20</div><p>{LEAD}</p><p>{SECOND}</p></body></html>")
    record = parse_article(URL, html.encode())
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["image_caption"] is None
    assert any(w.startswith("image_caption: unconfirmed (none read, but the page shows one") for w in record["warnings"])


def test_an_author_line_the_rules_do_not_reach_makes_no_authors_unsure():
    """`Author: Name` far above the headline, among a rubric link and counters: not read as the byline (nothing
    says it is this article's) — and the empty authors are not passed off as sure."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><div>Author: Ilyas Kodzoev</div><div><a href="
            "'/rubric/1'>Ingushetia</a></div><div>Views: 5</div><div>Share</div><div>Comments: 0</div><div>Print</div>"
            f"<h1>{HEADLINE}</h1><div>03.05.2022 11:20</div><p>{LEAD}</p><p>{SECOND}</p></body></html>")
    record = parse_article(URL, html.encode())
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert record["authors"] == [] or record["authors"] == ["Ilyas Kodzoev"]
    if not record["authors"]:
        assert "authors: unconfirmed (none read, but the page shows 'Author: Ilyas Kodzoev')" in record["warnings"]


def test_running_text_right_after_where_the_text_was_cut_puts_its_end_in_doubt():
    """An update note between two paragraphs (`Обновлено: 04.05.2022 09:10`) ends the text by the rule for the
    tail; the paragraph after it, in the text's own container, says the cut may be early: the body is disputed."""
    html = article_page(f"<p>{RU_LEAD}</p><p>Обновлено: 04.05.2022 09:10</p><p>{RU_THIRD}</p>")
    record = parse_article(URL, html.encode())
    assert record["body"] == RU_LEAD
    assert record["evidence"]["body"]["status"] == "disputed"
    assert any(w.startswith("body: disputed (running text after its end") for w in record["warnings"])


def test_paragraphs_split_by_two_line_breaks_and_an_article_inside_tags_of_chrome():
    """`<p>One.<br><br>Two.</p>` is two paragraphs (one `<br>` is a line inside one); a theme that puts the whole
    article in an `<aside>` or its text in a `<footer>` does not lose it (a tag's zone is believed unless it holds
    nearly all of the page's text); an `<h1>` inside the menu bar that the `<title>` names is the headline."""
    def page(inner: str, title: str = HEADLINE) -> bytes:
        return f"<html><head><title>{title}</title></head><body>{inner}</body></html>".encode()
    head = f"<h1>{HEADLINE}</h1><div>03.05.2022 11:20</div>"
    assert parse_article(URL, page(f"<div>{head}<p>{LEAD}<br><br>{SECOND}</p></div>"))["body"] == f"{LEAD}\n\n{SECOND}"
    assert parse_article(URL, page(f"<div>{head}<p>{LEAD}<br>{SECOND}</p></div>"))["body"] == f"{LEAD} {SECOND}"
    menu = "<nav><a href='/rubric/1'>News</a> <a href='/rubric/2'>Chechnya</a></nav>"
    third = "The protest in Magas in March was the largest in the republic in the last ten years, the activists recall."
    text = f"<p>{LEAD}</p><p>{SECOND}</p><p>{third}</p>"
    for inner in (f"{menu}<aside>{head}{text}</aside>", f"{menu}<div>{head}<footer>{text}</footer></div>",
                  f"<header><nav><a href='/rubric/1'>News</a><h1>{HEADLINE}</h1></nav></header><div>"
                  f"<div>03.05.2022 11:20</div>{text}</div>"):
        record = parse_article(URL, page(inner))
        assert (record["headline"], record["body"]) == (HEADLINE, f"{LEAD}\n\n{SECOND}\n\n{third}"), inner[:60]


def test_a_byline_in_parentheses_under_the_text():
    """`<p><i>(Author: A; Source: B)</i></p>` under the text is the byline, not the text's last paragraph."""
    html = article_page(f"<p>{LEAD}</p><p>{SECOND}</p><p><i>(Author: Ilyas Kodzoev; Source: CK correspondent)</i></p>")
    record = parse_article(URL, html.encode())
    assert record["body"] == f"{LEAD}\n\n{SECOND}"
    assert (record["authors"], record["source"]) == (["Ilyas Kodzoev"], "CK correspondent")


def test_an_article_only_in_noscript_is_read_and_an_empty_page_flags_every_field():
    """A script-rendered page (an empty app root) that gives its readers without scripts the whole article in
    `<noscript>` is read from there; a page with no text at all says, field by field, that nothing was found."""
    article = (f"<h1>{HEADLINE}</h1><div>03.05.2022 11:20</div><p>{LEAD}</p><p>{SECOND}</p>"
               "<p>Author: Ilyas Kodzoev</p>")
    html = (f"<html><head><title>{HEADLINE}</title></head><body><div id='app'></div><noscript>{article}</noscript>"
            "<script src='/app.js'></script></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["headline"], record["body"], record["authors"]) == (HEADLINE, f"{LEAD}\n\n{SECOND}",
                                                                       ["Ilyas Kodzoev"])
    empty = parse_article(URL, b"<html><head><title>x</title></head><body><div id='app'></div></body></html>")
    assert "empty page: no text" in empty["warnings"]
    assert all(any(w.startswith(f"{name}:") for w in empty["warnings"]) for name in ("headline", "body", "authors"))


def test_text_the_page_hides():
    """One hidden block between two shown paragraphs (a promotion a script may show: `style="display:none"`) is no
    text; the text's rest hidden behind `Read more` (`<div hidden>` after the shown paragraphs) is read, and the body
    says it holds text the page hides."""
    third = "The protest in Magas in March was the largest in the republic in the last ten years, the activists recall."
    promo = ("<p class='promo' style='display: none'>Support independent journalism in the Caucasus: become a patron "
             "of our editorial office today and get our weekly newsletter.</p>")
    def page(text: str) -> bytes:
        return article_page(f"{text}<p>Author: Ilyas Kodzoev</p>").encode()
    record = parse_article(URL, page(f"<p>{LEAD}</p>{promo}<p>{SECOND}</p><p>{third}</p>"))
    assert record["body"] == f"{LEAD}\n\n{SECOND}\n\n{third}"
    record = parse_article(URL, page(f"<p>{LEAD}</p><button>Read more</button><div hidden><p>{SECOND}</p><p>{third}"
                                     "</p></div>"))
    assert record["body"] == f"{LEAD}\n\n{SECOND}\n\n{third}"
    assert record["evidence"]["body"]["status"] == "disputed"
    assert any("it holds text the page hides" in w for w in record["warnings"])


def test_an_article_of_custom_elements_is_read_block_by_block():
    """Web components without their shadow root (`<kk-title>`, `<kk-para>`): a browser would show the unknown tags
    inline, their own stylesheet shows them as blocks — read as blocks, unless one stands in running text."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><kk-app><kk-nav><kk-link><a href='/rubric/1'>News"
            f"</a></kk-link><kk-link><a href='/rubric/2'>Chechnya</a></kk-link></kk-nav><kk-story><kk-title>{HEADLINE}"
            f"</kk-title><kk-time>03.05.2022, 11:20</kk-time><kk-para>{LEAD}</kk-para><kk-para>The defence intends "
            "to appeal, <kk-term>the advocate</kk-term> said.</kk-para><kk-byline>Author: Ilyas Kodzoev</kk-byline>"
            "</kk-story></kk-app></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["headline"], record["published_at"]) == (HEADLINE, "2022-05-03T11:20:00+03:00")
    assert record["body"] == f"{LEAD}\n\nThe defence intends to appeal, the advocate said."
    assert record["authors"] == ["Ilyas Kodzoev"]


def test_the_sites_name_alone_above_the_text_is_no_paragraph():
    """A reader view's `<address>Caucasian Knot, <time datetime>…</time></address>`: the date is read, and the site's
    name left on its row is not the text's first paragraph."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1><address><a rel='author' "
            "href='/'>Caucasian Knot</a>, <time datetime='2022-05-03T11:20:00+03:00'>May 3, 2022</time></address>"
            f"<p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev</p></article></body></html>")
    record = parse_article(URL, html.encode())
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    assert (record["lead"], record["body"]) == (LEAD, f"{LEAD}\n\n{SECOND}")


def test_a_typo_prompt_and_a_more_on_the_topic_heading_end_a_text_without_a_byline():
    """A Russian text with no byline, then the Russian web's `Нашли опечатку? … Ctrl+Enter` and `Еще по теме` over
    cards of other articles (a title, a date, an excerpt): none of it is text."""
    lead = "В Магасе суд продлил арест двух участников мартовской акции протеста."
    second = "Защита намерена обжаловать решение суда, сообщил адвокат."
    card = ("<div class='card'><h3><a href='/articles/59001'>Активисты собрались у администрации</a></h3><div>02.05.2022 "
            "10:00</div><p>Активисты собрались у здания администрации. Они потребовали встречи с главой района.</p></div>")
    for after in ("<p>Нашли опечатку? Выделите текст и нажмите Ctrl+Enter</p>", f"<h2>Еще по теме</h2>{card}"):
        html = (f"<html><head><title>Суд в Магасе</title></head><body><div class='news'><h1>Суд в Магасе</h1>"
                f"<div>03.05.2022 11:20</div><p>{lead}</p><p>{second}</p>{after}</div></body></html>")
        record = parse_article("https://www.kavkaz-uzel.eu/articles/370001", html.encode())
        assert record["body"] == f"{lead}\n\n{second}", after


def test_labels_set_apart_by_a_dash_and_authors_as_linked_cards():
    """`Author — Name` / `Source — …` under the text is the byline; a short paragraph that opens with the word
    (`Источник в полиции подтвердил задержание.`) stays text; each author a card linked to their page, with a role
    row under the name, above the text: the authors, and no paragraph."""
    record = parse_article(URL, article_page(f"<p>{LEAD}</p><p>{SECOND}</p><p><em>Author — Ilyas Kodzoev</em></p>"
                                             "<p><em>Source — CK correspondent</em></p>").encode())
    assert (record["body"], record["authors"], record["source"]) == (f"{LEAD}\n\n{SECOND}", ["Ilyas Kodzoev"],
                                                                     "CK correspondent")
    short = "Источник в полиции подтвердил задержание."
    record = parse_article(URL, article_page(f"<p>{LEAD}</p><p>{short}</p><p>{SECOND}</p>").encode())
    assert (record["body"], record["source"]) == (f"{LEAD}\n\n{short}\n\n{SECOND}", None)
    cards = "".join(f"<div class='person'><a href='/authors/{n}'><img src='/a/{n}.jpg'><span>{name}</span></a>"
                    "<div class='role'>Correspondent</div></div>" for n, name in enumerate(["Ilyas Kodzoev",
                                                                                           "Emma Marzoeva"]))
    record = parse_article(URL, article_page(f"{cards}<p>{LEAD}</p><p>{SECOND}</p>").encode())
    assert (record["body"], record["authors"]) == (f"{LEAD}\n\n{SECOND}", ["Ilyas Kodzoev", "Emma Marzoeva"])


SENTENCES_THAT_OPEN_LIKE_CHROME = [
    "Read more about the case in the chronicle of the Caucasian Knot.",
    "Related cases were considered by the same court in 2021.",
    "Share of the votes received by the party was below five percent.",
    "Copyright holders of the video demanded that it be removed.",
    "Full version of the report was published on the website of Memorial.",
    "Follow us on Telegram, the administration wrote in its post.",
    "Читайте также хронику преследования активистов в Ингушетии.",
    "Поделиться своими воспоминаниями пришли десятки жителей села.",
    "Еще по теме задержания высказались представители прокуратуры.",
    "Наверх поднялись только двое спасателей, остальные остались внизу.",
    "Полная версия доклада опубликована на сайте правозащитного центра.",
    "Подписывайтесь на канал, призвал блогер своих подписчиков в видео.",
    "Фото задержанного опубликовали его родственники.",
]


@pytest.mark.parametrize("sentence", SENTENCES_THAT_OPEN_LIKE_CHROME)
def test_a_sentence_that_opens_with_the_words_of_a_chrome_row_is_text(sentence):
    """`Share`, `Copyright`, `Наверх`, `Читайте также`, `Фото` … open rows around the text; a sentence that opens
    with them, first, in the middle or last, is the text's own."""
    for text in ([sentence, LEAD, SECOND], [LEAD, sentence, SECOND], [LEAD, SECOND, sentence]):
        paragraphs = "".join(f"<p>{p}</p>" for p in text)
        record = parse_article(URL, article_page(f"{paragraphs}<p>Author: Ilyas Kodzoev</p>").encode())
        assert (record["body"], record["authors"]) == ("\n\n".join(text), ["Ilyas Kodzoev"])


def test_counters_a_player_and_a_loading_row_above_the_text_are_no_paragraphs():
    """`7 min read · 1336 views`, `Время чтения: 3 минуты · 8079 просмотров`, an audio player's `▶Listen to this
    article 00:00 / 01:32`, a widget's `Загрузка…` before a script fills it: rows of the page, not the lead."""
    for row in ("<div><span>7 min read</span> · <span>1336 views</span></div>",
                "<div><span>Время чтения: 3 минуты</span> · <span>8079 просмотров</span></div>",
                "<div><button>▶</button><span>Listen to this article</span><span>00:00 / 01:32</span></div>",
                "<div><button>▶</button><span>Прослушать статью</span><span>00:00 / 01:24</span></div>",
                "<div class='widget'>Загрузка…</div>", "<div class='widget'>Loading...</div>"):
        record = parse_article(URL, article_page(f"{row}<p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev</p>")
                               .encode())
        assert (record["lead"], record["body"]) == (LEAD, f"{LEAD}\n\n{SECOND}"), row
    record = parse_article(URL, article_page(f"<p>Обновляется…</p><p>{LEAD}</p><p>Author: Ilyas Kodzoev</p>").encode())
    assert "lead: disputed (the first paragraph is a short row, not a sentence)" in record["warnings"], \
        "a word before an ellipsis is no sentence either"


def test_what_someone_said_after_a_label_is_text_and_a_photo_line_inside_the_text_does_not_end_it():
    """`Источник: «Задержанных отпустили ночью».`, `Автор: «…».`, `Редактор: «…».` are quotes, not a source, authors or
    a credit; a `Фото: …` line with the text going on under it is a photo's line inside the text, not its end."""
    lead = "В Магасе суд продлил арест двух участников мартовской акции протеста в Ингушетии."
    last = "Защита намерена обжаловать решение суда, сообщил адвокат."
    def read(middle: str) -> dict:
        html = (f"<html><head><title>Суд в Магасе</title></head><body><article><h1>Суд в Магасе</h1><div>03.05.2022 "
                f"11:20</div><p>{lead}</p><p>{middle}</p><p>{last}</p><p>Автор: Ильяс Кодзоев</p></article></body></html>")
        return parse_article("https://www.kavkaz-uzel.eu/articles/370001", html.encode())
    for said in ("Источник: «Задержанных отпустили ночью».", "Автор: «Я не призывал ни к чему противозаконному».",
                 "Редактор: «Мы не будем удалять публикацию»."):
        record = read(said)
        assert (record["body"], record["authors"], record["source"]) == (f"{lead}\n\n{said}\n\n{last}",
                                                                         ["Ильяс Кодзоев"], None), said
    record = read("Фото: сгоревший автомобиль у блокпоста, 21 мая 2009 года.")
    assert (record["body"], record["authors"]) == (f"{lead}\n\n{last}", ["Ильяс Кодзоев"])


def test_a_calendar_badge_and_a_weekday_between_the_date_and_its_time():
    """A day, a month's short name and a year in three blocks and the time in a fourth (a calendar badge: `18` `ЯНВ`
    `2004` `00:04`); the weekday between the date and the time (`18 января 2004, воскресенье, 00:04`)."""
    text = f"<p>{LEAD}</p><p>{SECOND}</p>"
    for badge, expected in (("<div>18</div><div>JAN</div><div>2004</div><div>00:04</div>", "2004-01-18T00:04:00+03:00"),
                            ("<div>3</div><div>СЕН</div><div>2001</div><div>06:40</div>", "2001-09-03T06:40:00+04:00")):
        html = f"<html><head><title>{HEADLINE}</title></head><body><div class='cal'>{badge}</div><h1>{HEADLINE}</h1>{text}</body></html>"
        assert parse_article(URL, html.encode())["published_at"] == expected, badge
    for line in ("18 января 2004, воскресенье, 00:04", "January 18, 2004, Sunday, 12:04 AM"):
        html = f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1><div>{line}</div>{text}</body></html>"
        assert parse_article(URL, html.encode())["published_at"] == "2004-01-18T00:04:00+03:00", line


def test_the_russian_originals_link_through_a_redirect_and_no_link_at_all():
    """A page shown through a social network or a search engine wraps its links (`/away.php?to=https%3A%2F%2F…`,
    `google.com/url?q=…`): the original's address is the one inside; a provenance line with no link to it says the
    original was not read, rather than leave the field empty in silence."""
    line = ("This article was originally published on the Russian page of 24/7 Internet agency ‘Caucasian Knot’ on May "
            "3, 2022 at 10:13 am MSK. To access the full text of the article, click {}.")
    for href in ("https://vk.com/away.php?to=https%3A%2F%2Fwww.kavkaz-uzel.eu%2Farticles%2F349655&cc_key=",
                 "https://www.google.com/url?q=https://m.kavkaz-uzel.eu/articles/349655&sa=D"):
        html = article_page(f"<p>{LEAD}</p><p>{line.format(f'<a href={chr(34)}{href}{chr(34)}>here</a>')}</p>")
        record = parse_article(URL, html.encode())
        assert record["original_url"] == "https://www.kavkaz-uzel.eu/articles/349655", href
        assert record["evidence"]["original_url"]["status"] == "confirmed"
    record = parse_article(URL, article_page(f"<p>{LEAD}</p><p>{line.format('here')}</p>").encode())
    assert (record["original_url"], record["translation"]) == (None, "human")
    assert "original_url: unconfirmed (none read, but the provenance line names a Russian original)" in record["warnings"]


def test_a_row_of_tools_between_paragraphs_is_no_paragraph():
    """`Print | E-mail | PDF` (three links and their separators) after the first paragraph: a row of links, not text."""
    for row in ("<div class='tools'><a href='#'>Print</a> | <a href='#'>E-mail</a> | <a href='#'>PDF</a></div>",
                "<div><a href='#'>Печать</a> · <a href='#'>Отправить</a> · <a href='#'>PDF</a></div>"):
        record = parse_article(URL, article_page(f"<p>{LEAD}</p>{row}<p>{SECOND}</p><p>Author: Ilyas Kodzoev</p>")
                               .encode())
        assert record["body"] == f"{LEAD}\n\n{SECOND}", row


def test_a_byline_in_a_column_classed_as_a_sidebar_is_read_and_said_to_be_unsure():
    """A magazine layout: the date and `Author: …<br>Source: …` in a left rail `<div class="col-3 sidebar">`, the
    headline and the text beside it. A class name only breaks ties: the byline is the page's, read — and flagged."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><div class='row'><div class='col-3 sidebar'><div>"
            "03.05.2022 11:20</div><div>Author: Ilyas Kodzoev<br>Source: CK correspondent</div></div><div class='col-9'>"
            f"<h1>{HEADLINE}</h1><p>{LEAD}</p><p>{SECOND}</p></div></div></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["authors"], record["source"], record["body"]) == (["Ilyas Kodzoev"], "CK correspondent",
                                                                     f"{LEAD}\n\n{SECOND}")
    assert "authors: unconfirmed (a byline in a column the markup calls 'aside')" in record["warnings"]


def test_russian_cms_rows_a_counter_row_a_back_link_and_the_only_date_in_the_details_row():
    """DataLife Engine's `Просмотров: 283 | Комментарии (7)` and 1C-Bitrix's `← Новости` after a text with no byline
    are no paragraphs; uCoz's `Views: 237 | Added by: admin | 18.01.2004, 00:04 | Rating: 0.0/0` under the text
    holds the page's one date — the entry's."""
    lead = "В Магасе суд продлил арест двух участников мартовской акции протеста в Ингушетии."
    last = "Защита намерена обжаловать решение суда, сообщил адвокат."
    for after in ("<div class='fstat'>Просмотров: 283 | Комментарии (7)</div>", "<p><a href='/news/'>← Новости</a></p>",
                  "<p><a href='/news/'>Вернуться к списку новостей</a></p>"):
        html = (f"<html><head><title>Суд в Магасе</title></head><body><div class='news'><h1>Суд в Магасе</h1><div>"
                f"03.05.2022 11:20</div><p>{lead}</p><p>{last}</p></div>{after}</body></html>")
        assert parse_article("https://www.kavkaz-uzel.eu/articles/370001", html.encode())["body"] == f"{lead}\n\n{last}"
    html = (f"<html><head><title>{HEADLINE}</title></head><body><table><tr><td class='eTitle'>{HEADLINE}</td></tr><tr>"
            f"<td><p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev</p></td></tr><tr><td>Views: 237 | Added by: "
            "<a href='/index/8-1'>admin</a> | 18.01.2004, 00:04 | Rating: 0.0/0</td></tr></table></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["published_at"], record["body"]) == ("2004-01-18T00:04:00+03:00", f"{LEAD}\n\n{SECOND}")


def test_cms_wrappers_the_cms_account_a_weekday_that_settles_the_order_and_a_blogs_day_and_time():
    """Joomla's `Автор: Administrator` above the text is the CMS's user, not the author (the article's own byline
    is); Drupal's `Submitted by admin on Wed, 04/07/2004 - 22:26` is April 7 (only that reading is a Wednesday);
    `Hits: 35` and `• 4 min read` are counters; Blogger's day over the post and `Posted by admin at 12:04 AM` under
    it make one date, said to be unsure."""
    text = f"<p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev</p>"
    joomla = (f"<html><head><title>{HEADLINE}</title></head><body><h2>{HEADLINE}</h2><dl><dd>Автор: Administrator</dd>"
              "<dd>Sunday, 18 January 2004 00:04</dd><dd>Hits: 35</dd></dl>" + text + "</body></html>")
    record = parse_article(URL, joomla.encode())
    assert (record["authors"], record["body"]) == (["Ilyas Kodzoev"], f"{LEAD}\n\n{SECOND}")
    drupal = (f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1><div class='submitted'>Submitted "
              "by <span>admin</span> on Wed, 04/07/2004 - 22:26</div>" + text + "</body></html>")
    record = parse_article(URL, drupal.encode())
    assert record["published_at"] == "2004-04-07T22:26:00+04:00" and record["authors"] == ["Ilyas Kodzoev"]
    assert not any(w.startswith("published_at: disputed") for w in record["warnings"])
    for row in ("<div><span>•</span> 4 min read</div>", "<p class='wp-block-post-author__name'>— by admin</p>",
                "<p>— от admin</p>"):
        assert parse_article(URL, article_page(f"{row}{text}").encode())["lead"] == LEAD, row
    blogger = (f"<html><head><title>Blog: {HEADLINE}</title></head><body><h2 class='date-header'><span>Sunday, "
               f"January 18, 2004</span></h2><h3>{HEADLINE}</h3>{text}<div class='post-footer'>Posted by <span>admin"
               "</span> at <a href='#'>12:04 AM</a></div></body></html>")
    record = parse_article(URL, blogger.encode())
    assert (record["published_at"], record["authors"]) == ("2004-01-18T00:04:00+03:00", ["Ilyas Kodzoev"])
    assert "published_at: unconfirmed (only visible date line)" in record["warnings"]


def test_labels_only_a_screen_reader_reads_are_no_part_of_a_field():
    """`<span class="visually-hidden">Image caption, </span>` in the caption, `<span class="sr-only">Article title:
    </span>` in the `<h1>`: labels for the blind, not shown, not stored."""
    caption = "Protesters near the court in Magas, May 3, 2022. Photo by Ilyas Kodzoev for the Caucasian Knot"
    html = (f"<html><head><title>Magas</title></head><body><article><h1><span class='sr-only'>Article title: </span>"
            f"{HEADLINE}</h1><p><span class='screen-reader-text'>Date:</span> 03.05.2022 11:20</p><figure><img "
            f"src='/m.jpg'><figcaption><span class='visually-hidden'>Image caption, </span>{caption}</figcaption>"
            f"</figure><p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev</p></article></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["headline"], record["image_caption"], record["published_at"]) == (
        HEADLINE, caption, "2022-05-03T11:20:00+03:00")


def test_badges_icon_ligatures_and_a_gallery_counter_are_no_part_of_a_field():
    """`<h1>Title <span class="badge">Exclusive</span></h1>`: the title; an unmarked `<span>Video</span>` there too is
    kept but disputed against the `<title>`; an icon font's ligature (`<span class="material-icons">person</span>`)
    before `Author: …` leaves the byline readable; `1 / 5` before a caption is the gallery's place."""
    caption = "Protesters near the court in Magas, May 3, 2022. Photo by Ilyas Kodzoev for the Caucasian Knot"
    def page(h1_extra: str) -> bytes:
        return (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE} {h1_extra}</h1><div><span "
                "class='material-icons'>schedule</span> 03.05.2022 11:20</div><figure><img src='/m.jpg'><figcaption>"
                f"<span class='count'>1 / 5</span> {caption}</figcaption></figure><p>{LEAD}</p><p>{SECOND}</p><p><span "
                "class='material-icons'>person</span> Author: Ilyas Kodzoev</p></article></body></html>").encode()
    record = parse_article(URL, page("<span class='badge badge-danger'>Exclusive</span>"))
    assert (record["headline"], record["authors"], record["image_caption"]) == (HEADLINE, ["Ilyas Kodzoev"], caption)
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"
    record = parse_article(URL, page("<span>Video</span>"))
    assert record["evidence"]["headline"]["status"] == "disputed", "a word the <title> lacks: the headline's end"


def test_a_follow_button_a_headings_permalink_and_an_enlarge_link_are_no_part_of_a_field():
    """`Author: Name <button>Follow</button>`, `<h1>Title<a class="headerlink" href="#top">¶</a></h1>`, a caption
    ending with `<a href="/big.jpg">Увеличить</a>`: the name, the title and the caption without them."""
    caption = "Protesters near the court in Magas, May 3, 2022. Photo by Ilyas Kodzoev for the Caucasian Knot"
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1 id='top'>{HEADLINE}<a class='headerlink' "
            f"href='#top'>¶</a></h1><div>03.05.2022 11:20</div><figure><img src='/m.jpg'><figcaption>{caption} <a "
            f"href='/m-big.jpg'>Увеличить</a></figcaption></figure><p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas "
            "Kodzoev <button>Follow</button></p><p>Source: CK correspondent <button>Подписаться</button></p>"
            "</article></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["headline"], record["image_caption"]) == (HEADLINE, caption)
    assert (record["authors"], record["source"]) == (["Ilyas Kodzoev"], "CK correspondent")


def test_a_pictograph_typed_before_the_headline_is_no_part_of_it():
    """`<h1>⚡️ Title</h1>`, `<h1>Title 🔴</h1>`: the title (a `№` stays)."""
    for h1 in (f"⚡️ {HEADLINE}", f"{HEADLINE} 🔴", f"❗️{HEADLINE}"):
        html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{h1}</h1><div>03.05.2022 11:20</div>"
                f"<p>{LEAD}</p><p>{SECOND}</p></article></body></html>")
        assert parse_article(URL, html.encode())["headline"] == HEADLINE, h1
    html = (f"<html><head><title>x</title></head><body><article><h1>⚡️ {HEADLINE.upper()}</h1><div>03.05.2022 11:20"
            f"</div><p>{LEAD}</p><p>{SECOND}</p></article></body></html>")
    assert parse_article(URL, html.encode())["headline"] == HEADLINE.upper(), "in capitals, no other case: still bare"


def test_a_label_before_the_title_in_the_heading_and_an_address_beside_the_authors_name():
    """`<h1><span>● LIVE</span> Title</h1>` under `<title>Title</title>`: the title; `Author: Name editor@…`: the
    name."""
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1><span style='color:red'>● LIVE</span> "
            f"{HEADLINE}</h1><div>03.05.2022 11:20</div><p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev <a "
            "href='mailto:editor@kavkaz-uzel.eu'>editor@kavkaz-uzel.eu</a></p></article></body></html>")
    record = parse_article(URL, html.encode())
    assert (record["headline"], record["authors"]) == (HEADLINE, ["Ilyas Kodzoev"])


def test_notes_on_the_asterisks_as_tooltips_or_a_list_whose_asterisks_a_stylesheet_draws():
    """`«Memorial»<abbr title="Included by the Russian Ministry of Justice (MoJ) into the register of foreign
    agents.">*</abbr>` with no note under the text; or the notes as `<ol><li>Included by …</li></ol>` whose `*` a
    stylesheet draws: the label's type is read either way, and the note is no paragraph."""
    note = "Included by the Russian Ministry of Justice (MoJ) into the register of foreign agents."
    marked = "The Human Rights Centre “Memorial”{} reported the detention, the advocate said."
    for text in (f"<p>{LEAD}</p><p>{marked.format(f'<abbr title={chr(34)}{note}{chr(34)}>*</abbr>')}</p>",
                 f"<p>{LEAD}</p><p>{marked.format('*')}</p><ol class='notes'><li>{note}</li></ol>"):
        record = parse_article(URL, article_page(f"{text}<p>Author: Ilyas Kodzoev</p>").encode())
        assert record["body"] == f"{LEAD}\n\n{marked.format('*')}"
        assert [(label["entity"], label["type"]) for label in record["labels"]] == [
            ("Human Rights Centre Memorial", "foreign_agent")]


def test_a_read_more_link_closing_the_lead_and_profile_links_after_the_authors_name():
    """`<p>Lead. <a href="#more">Read more »</a></p>`: the lead without it; `Author: Name <a>Telegram</a> <a>VK</a>`:
    the name without the networks."""
    html = article_page(f"<p>{LEAD} <a class='more-link' href='#more'>Читать далее »</a></p><p>{SECOND}</p><p>Author: "
                        "Ilyas Kodzoev <a href='https://t.me/x'>Telegram</a> <a href='https://vk.com/x'>VK</a></p>")
    record = parse_article(URL, html.encode())
    assert (record["lead"], record["authors"]) == (LEAD, ["Ilyas Kodzoev"])


def test_a_day_closing_the_byline_and_a_byline_typed_in_capitals():
    """`Author: Name, 03.05.2022`: the name, not the day; `AUTHOR: ILYAS KODZOEV, CK CORRESPONDENT`: the name in the
    case a guess gives (and said to be a guess), the source in the site's own case."""
    record = parse_article(URL, article_page(f"<p>{LEAD}</p><p>{SECOND}</p><p>Author: Ilyas Kodzoev, 03.05.2022<br>"
                                             "Source: CK correspondent</p>").encode())
    assert (record["authors"], record["source"]) == (["Ilyas Kodzoev"], "CK correspondent")
    record = parse_article(URL, article_page(f"<p>{LEAD}</p><p>{SECOND}</p><p>AUTHOR: ILYAS KODZOEV, CK "
                                             "CORRESPONDENT</p>").encode())
    assert (record["authors"], record["source"]) == (["Ilyas Kodzoev"], "CK correspondent")
    assert "authors: unconfirmed (typed in capitals: the case is a guess)" in record["warnings"]


def test_a_quotes_tweet_link_and_a_text_only_placeholder_are_no_text():
    """`<span class="tweetable">… <a href="…/intent/tweet">Tweet</a></span>` inside a paragraph, `<p>[Фото]</p>`
    between two: the paragraphs as written."""
    html = article_page(f"<p>{LEAD}</p><p>[Фото]</p><p><span class='tweetable'>{SECOND} <a href='https://twitter.com/"
                        "intent/tweet'>Tweet</a></span></p><p>Author: Ilyas Kodzoev</p>")
    assert parse_article(URL, html.encode())["body"] == f"{LEAD}\n\n{SECOND}"
