"""The demo archive's articles: deterministic content from (seed, id, version), with its ground truth.

Everything here follows the real text conventions of the site (docs/site.md §2, §3, §4); the values it returns are the
manifest's fields (docs/record.md), so a perfect parser recovers exactly these from the rendered pages.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from crawler.demo import reports

MOSCOW = ZoneInfo("Europe/Moscow")
CANONICAL = "https://eng.kavkaz-uzel.eu"
RU_CANONICAL = "https://www.kavkaz-uzel.eu"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# Site notes §4.3, variant B as on English pages (typographic quotes).
BANNER = ("НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО “МЕМО”, "
          "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО “МЕМО”.")

PLACES = ("Makhachkala", "Grozny", "Nalchik", "Vladikavkaz", "Magas", "Cherkessk", "Maikop", "Stavropol",
          "Krasnodar", "Rostov-on-Don", "Volgograd", "Astrakhan", "Elista", "Tbilisi", "Yerevan", "Baku", "Sukhumi",
          "Tskhinvali", "Derbent", "Khasavyurt", "Nazran", "Sochi")
REGIONS = ("Dagestan", "Chechnya", "Ingushetia", "Kabardino-Balkaria", "North Ossetia", "Karachay-Cherkessia",
           "Adygea", "the Stavropol Territory", "the Krasnodar Territory", "the Rostov Region", "Georgia", "Armenia",
           "Azerbaijan", "Abkhazia", "South Ossetia", "Kalmykia")
# Each region's page on the site (docs/site.md §1.2), for the tag row under an article.
REGION_PAGES = {"Dagestan": "dagestan", "Chechnya": "chechnya", "Ingushetia": "ingushetia",
                "Kabardino-Balkaria": "kabardinobalk", "North Ossetia": "north-ossetia",
                "Karachay-Cherkessia": "karachaevo", "Adygea": "adygea", "the Stavropol Territory": "stavropol",
                "the Krasnodar Territory": "krasnodar", "the Rostov Region": "rostov", "Georgia": "georgia",
                "Armenia": "armenia", "Azerbaijan": "azerbaijan", "Abkhazia": "abhazia", "South Ossetia": "southossetia",
                "Kalmykia": "kalmykia"}
PEOPLE = ("Emma Marzoeva", "Magomed Tuaev", "Tigran Petrosyan", "Anna Gritsevich", "Roman Kuzhev", "Alan Tskhurbaev",
          "Zaur Rasulzade", "Asia Salyamova", "Natalia Dorokhina", "Beslan Kmuzov", "Inna Kukudzhanova",
          "Lyudmila Maratova", "Faina Kurbanova", "Vyacheslav Yaschenko", "Aziz Karimov", "Oleg Krasnov")
NAMES = ("Batraz Gagiev", "Kazbek Kasaev", "Khetag Vataev", "Zarifa Sautieva", "Akhmed Barakhoev", "Musa Malsagov",
         "Ramis Cherkinov", "Sergey Denisenko", "Kamilla Dzotsieva", "Rashid Gadzhily", "Ganimat Zakhidov",
         "Zarema Musaeva", "Valentina Chupik", "Murad Badirkhanov", "Kakha Melikidze", "Alexei Logvinenko")
SUBJECTS = ("the court", "the police", "human rights defenders", "local residents", "the defence",
            "the prosecutor's office", "activists", "relatives of the detainees", "the investigators",
            "the authorities of the republic", "journalists", "the Ministry of Internal Affairs (MIA)")
VERBS = ("reported", "stated", "confirmed", "denied", "told the \"Caucasian Knot\" correspondent",
         "announced", "complained", "emphasized", "noted")
EVENTS = ("a rally against the self-isolation regime", "a picket near the government building",
          "the detention of two residents", "a search in the house of an activist", "the appeal against the arrest",
          "a protest against the construction of a landfill", "the trial of the protest leaders",
          "a shelling of a police checkpoint", "power outages in several villages", "a fine for a social media post",
          "the liquidation of a human rights organization", "the expulsion of migrants")
HEADLINES = (
    "Court leaves {name} in custody in {place}",
    "{Subject} report on {event} in {region}",
    "Residents of {place} complain about {event}",
    "{name} detained in {region}",
    "Human rights defenders criticize {event} in {place}",
    "Appeal against {event} rejected in {region}",
    "In {place}, {subject} deny {event}",
    "{name} sentenced in {region}",
)
SUBHEADINGS = ("Background of the case", "What the defence says", "Reaction of the authorities",
               "Earlier events", "Details of the detention")
CAPTION_SOURCES = ('Photo by {person} for the "Caucasian Knot"', "Photo by {person} for the Caucasian Knot",
                   "Screenshot of the video posted by the Ministry of Internal Affairs", "Photo: REUTERS/Stringer")

# Legal labels (docs/site.md §4.1, §4.2): (marked text in the body, entity per docs/record.md)
FOOTNOTE_MOJ = "Included by the Russian Ministry of Justice (MoJ) into the register of foreign agents."
FOOTNOTE_NCO = ("The organization has been put by the Russian Ministry of Justice on the register of NCOs "
                "performing the functions of a foreign agent.")
FOOTNOTE_UNREG = ("The project has been put by the Russian Ministry of Justice on the roster of unregistered public "
                  "associations acting as a foreign agent.")
FOOTNOTE_HIZB = ('"Hizb ut-Tahrir al-Islami" (Party of Islamic Liberation) is an international Islamic political '
                 "organization banned in Russia by the court's decision.")
LABEL_GROUPS = (
    (FOOTNOTE_MOJ, "foreign_agent", (("Svetlana Gannushkina", "Svetlana Gannushkina"),
                                     ("the “Sova” Centre", "Sova Centre"),
                                     ("the “Civic Assistance Committee”", "Civic Assistance Committee"))),
    (FOOTNOTE_NCO, "foreign_agent", (("the “Memorial”", "Memorial"),
                                     ("the “International Memorial”", "International Memorial"),
                                     ("the Human Rights Centre (HRC) “Memorial”", "Memorial"))),
    (FOOTNOTE_UNREG, "foreign_agent", (('the "OVD-Info"', "OVD-Info"),)),
    (FOOTNOTE_HIZB, "banned", (('"Hizb ut-Tahrir al-Islami"', "Hizb ut-Tahrir al-Islami"),)),
)
SECOND_MARKED = (('"Kavkaz.Realii"', "Kavkaz.Realii"), ('"Meduza"', "Meduza"))
UNFOOTNOTED = (("Jehovah's Witnesses", "Jehovah's Witnesses"),
               ("the “Civic Assistance” Committee", "Civic Assistance Committee"))
INLINE_LABELS = (
    ('the "Islamic State" (IS), a terrorist organization, banned in Russia by the court',
     "a terrorist organization, banned in Russia by the court", "terrorist"),
    ('the "Islamic State" (IS was recognized as a terrorist organization and banned in Russia)',
     "IS was recognized as a terrorist organization and banned in Russia", "terrorist"),
    ('the organization "Islamic State" (IS), banned in Russia,', "banned in Russia", "banned"),
)
# Byline variants of docs/site.md §2.8: (template, authors count, source in the record)
BYLINES = (
    ("Author: {a} Source: CK correspondent", 1, "CK correspondent"),
    ("Author: {a}\nSource: CK correspondent", 1, "CK correspondent"),
    ("Author: {a}, {b}\nSource: CK correspondents", 2, "CK correspondents"),
    ("Source: CK correspondent", 0, "CK correspondent"),
    ("Author: {a}, CK correspondent", 1, "CK correspondent"),
    ("Author: {a}Source: CK correspondent", 1, "CK correspondent"),
    ("Author: {a} Source: СK correspondent", 1, "CK correspondent"),
    ('Author: {a}\nSource: Specially for "Caucasian Knot"', 1, 'Specially for "Caucasian Knot"'),
    ("Source: Caucasian Knot", 0, "Caucasian Knot"),
    ("Author: {a}; Source: CK correspondent", 1, "CK correspondent"),
)


def moscow_iso(wall: datetime) -> str:
    """A Moscow wall-clock time as ISO 8601 with the offset Europe/Moscow had then."""
    return wall.replace(tzinfo=MOSCOW).isoformat()


def classic_date(wall: datetime) -> str:
    return f"{wall.day:02d} {MONTHS[wall.month - 1]} {wall.year}, {wall:%H:%M}"


def modern_date(wall: datetime) -> str:
    return f"{wall:%H:%M}, {wall.day} {MONTHS[wall.month - 1]} {wall.year}"


def listing_date(wall: datetime) -> str:
    return f"{MONTHS[wall.month - 1]} {wall.day:02d}, {wall.year} {wall:%H:%M}"


def caption_date(wall: datetime) -> str:
    return f"{MONTHS[wall.month - 1]} {wall.day}, {wall.year}"


def provenance_time(wall: datetime) -> str:
    return f"{caption_date(wall)} at {wall:%I:%M} {wall:%p}".replace("AM", "am").replace("PM", "pm")


@dataclass
class Article:
    """One article version: what the page shows, and the ground truth a parser must recover."""

    article_id: int
    wall: datetime  # Moscow wall-clock publication time
    layout: str  # "classic" | "2025"
    version: int
    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)  # lead first; sub-headings are paragraphs too
    subheadings: set[int] = field(default_factory=set)  # indexes into paragraphs
    image_path: str | None = None
    image_caption: str | None = None
    footnotes: list[str] = field(default_factory=list)  # as shown, marker included
    labels: list[dict] = field(default_factory=list)
    provenance_html: str | None = None  # the provenance paragraph (inner HTML)
    original_url: str | None = None
    original_published_at: str | None = None
    translation: str | None = None
    byline: str | None = None  # as shown, "\n" between lines
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    casualties: dict | None = None  # a casualty report's figures (crawler/demo/reports.py)
    region: tuple[str, str] | None = None  # (its page's slug, its name as the tag row shows it)

    @property
    def url(self) -> str:
        return f"{CANONICAL}/articles/{self.article_id}"

    @property
    def date_line(self) -> str:
        return classic_date(self.wall) if self.layout == "classic" else modern_date(self.wall)

    @property
    def banner(self) -> str | None:
        return BANNER if self.layout == "classic" else None

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    def record(self) -> dict:
        """The manifest record (docs/record.md)."""
        return {
            "article_id": self.article_id,
            "status": "live",
            "url": self.url,
            "lang": "en",
            "headline": self.headline,
            "lead": self.lead,
            "body": "\n\n".join(self.paragraphs),
            "published_at": moscow_iso(self.wall),
            "published_at_raw": self.date_line,
            "authors": self.authors,
            "source": self.source,
            "image_url": f"{CANONICAL}{self.image_path}" if self.image_path else None,
            "image_caption": self.image_caption,
            "original_url": self.original_url,
            "original_article_id": int(self.original_url.rsplit("/", 1)[1]) if self.original_url else None,
            "original_published_at": self.original_published_at,
            "translation": self.translation,
            "labels": self.labels,
            "banner": self.banner,
            "layout": self.layout,
            "version": self.version,
            "casualties": self.casualties,
        }


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    return (f"{subject[0].upper()}{subject[1:]} {rng.choice(VERBS)} about {rng.choice(EVENTS)} in "
            f"{rng.choice(PLACES)} on {MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}.")


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def build_article(seed: int, article_id: int, wall: datetime, version: int,
                  original: Callable[[], tuple[int, datetime] | None] = lambda: None) -> Article:
    """The article `article_id` at `version` (1 = as first published; each edit bumps it). `original` gives the
    Russian (id, time) it translates, asked only for items that cite one."""
    rng = random.Random(f"{seed}:article:{article_id}")  # what never changes
    edit = random.Random(f"{seed}:edit:{article_id}:{version}")  # what an edit changes
    layout = "2025" if wall.year >= 2025 or rng.random() < 0.4 else "classic"
    article = Article(article_id, wall, layout, version)

    fill = {"name": rng.choice(NAMES), "place": rng.choice(PLACES), "region": rng.choice(REGIONS),
            "event": rng.choice(EVENTS), "subject": rng.choice(SUBJECTS)}
    fill["Subject"] = fill["subject"][0].upper() + fill["subject"][1:]
    article.region = (REGION_PAGES[fill["region"]], fill["region"].removeprefix("the "))
    headline = rng.choice(HEADLINES).format(**fill)
    headline = headline[0].upper() + headline[1:]
    if version > 1 and edit.random() < 0.5:
        headline += f" (updated: {edit.choice(('new details', 'the court ruling', 'comments of the defence'))})"
    article.headline = headline

    lead = (f"In {fill['place']}, {fill['subject']} {rng.choice(VERBS)} about {fill['event']}. "
            f"{_sentence(rng)}")
    paragraphs = [lead, f'The "Caucasian Knot" has reported that {_lower_first(_sentence(rng))}']
    for index in range(rng.randint(1, 5)):
        if index == 1 and rng.random() < 0.5:
            article.subheadings.add(len(paragraphs))
            paragraphs.append(rng.choice(SUBHEADINGS))
        paragraphs.append(_paragraph(rng, rng.randint(1, 3)))
    if rng.random() < 0.3:
        paragraphs.append(f"Let us remind you that {_lower_first(_sentence(rng))}")
    if version > 1:
        paragraphs.append(f"Update: {_paragraph(edit, 2)}")
    _add_labels(rng, article, paragraphs)
    article.paragraphs = paragraphs

    if rng.random() < 0.6:
        article.image_path = f"/system/uploads/article_image/{article_id}/photo.jpg"
        source = rng.choice(CAPTION_SOURCES).format(person=rng.choice(PEOPLE))
        event = rng.choice(EVENTS)
        article.image_caption = f"{event[0].upper()}{event[1:]} in {fill['place']}, {caption_date(wall)}. {source}"
    _add_provenance(rng, article, original)
    _add_byline(rng, article)
    if reports.is_report(seed, "en", article_id):  # a monthly casualty report instead of a news item
        year, month = reports.reported_month(wall)
        article.headline, article.paragraphs = reports.english(seed, year, month)
        article.subheadings, article.labels, article.footnotes = set(), [], []
        article.casualties = reports.expected(seed, year, month)
    return article


def _add_labels(rng: random.Random, article: Article, paragraphs: list[str]) -> None:
    """Mark entities with * / ** (with or without a footnote) and add inline labels, in body order."""
    inserts: list[tuple[str, dict]] = []  # (text placed in a paragraph, label)
    if rng.random() < 0.35:
        footnote, kind, entities = rng.choice(LABEL_GROUPS)
        for shown, entity in rng.sample(entities, k=min(len(entities), rng.randint(1, 2))):
            inserts.append((f"{shown}*", {"entity": entity, "marker": "*", "type": kind, "text": footnote}))
        article.footnotes.append(f"*{footnote}")
        if rng.random() < 0.3:
            shown, entity = rng.choice(SECOND_MARKED)
            inserts.append((f"{shown}**", {"entity": entity, "marker": "**", "type": "foreign_agent",
                                           "text": FOOTNOTE_MOJ}))
            article.footnotes.append(f"**{FOOTNOTE_MOJ}")
    elif rng.random() < 0.1:
        shown, entity = rng.choice(UNFOOTNOTED)
        inserts.append((f"{shown}*", {"entity": entity, "marker": "*", "type": "unknown", "text": None}))
    if rng.random() < 0.12:
        shown, text, kind = rng.choice(INLINE_LABELS)
        inserts.append((shown, {"entity": "Islamic State", "marker": None, "type": kind, "text": text}))
    seen = set()
    for shown, _label in inserts:
        index = rng.randrange(1, len(paragraphs))
        while index in article.subheadings:
            index = index - 1 if index > 1 else index + 1
        paragraphs[index] = f"{paragraphs[index]} According to {shown} {_lower_first(_sentence(rng))}"
    # Labels in order of first appearance in the text, one per (entity, marker).
    text = "\n".join(paragraphs)
    ordered = sorted(inserts, key=lambda pair: text.index(pair[0]))
    for _, label in ordered:
        if (label["entity"], label["marker"]) not in seen:
            seen.add((label["entity"], label["marker"]))
            article.labels.append(label)


def _add_provenance(rng: random.Random, article: Article,
                    original: Callable[[], tuple[int, datetime] | None]) -> None:
    wall = article.wall
    if wall.year < 2015:
        return
    found = original()
    if found is None:
        return
    ru_id, ru_wall = found
    ru_url = f"{RU_CANONICAL}/articles/{ru_id}"
    if wall >= datetime(2025, 10, 1):
        article.provenance_html = f'Translated automatically via Google translate from <a href="{ru_url}">{ru_url}</a>'
        article.original_url, article.translation = ru_url, "machine"
    elif wall.year >= 2018:
        article.provenance_html = (
            "This article was originally published on the Russian page of 24/7 Internet agency ‘Caucasian Knot’ "
            f"on {provenance_time(ru_wall)} MSK. To access the full text of the article, "
            f'<a href="{ru_url}/">click here</a>.'
        )
        article.original_url, article.translation = ru_url, "human"
        article.original_published_at = moscow_iso(ru_wall)
    else:
        article.provenance_html = (
            f'Full text of the article is available on the <a href="{ru_url}">Russian page</a> of 24/7 Internet '
            "agency ‘Caucasian Knot’."
        )
        article.original_url, article.translation = ru_url, "human"


def _add_byline(rng: random.Random, article: Article) -> None:
    template, count, source = rng.choice(BYLINES)
    authors = rng.sample(PEOPLE, k=count)
    article.byline = template.format(a=authors[0] if authors else "", b=authors[1] if count > 1 else "")
    article.authors, article.source = authors, source
