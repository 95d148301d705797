"""The Russian half of the demo archive: articles and reader blog posts in the Russian site's conventions.

Site notes §2.6–2.7, §3, §4.3: date lines `29 декабря 2014, 13:24` (classic desktop) and `16:49, 7 июня 2003`
(mirrors, 2025 layout), the mobile form glued to the headline (`11:14 / 23.09.2004Заголовок`), the foreign-agent
banner after the headline (variant B with straight quotes; variant A on the mobile form; curly quotes on blog
pages), `Автор:` / `Источник:` bylines, `"Мемориал"*` markers with their footnotes. The sentences are invented.

The manifest record of a Russian article is what its canonical (desktop) page shows; the other forms show the
same article, their date line and banner as `forms` gives (crawler/demo/pages_ru.py renders them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from crawler.demo import reports
from crawler.demo.content import RU_CANONICAL, moscow_iso

RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря")
BANNER_A = ("ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ, "
            "ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА, И (ИЛИ) РОССИЙСКИМ ЮРИДИЧЕСКИМ ЛИЦОМ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ "
            "ИНОСТРАННОГО АГЕНТА.")
BANNER_B = ('НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО "МЕМО", '
            'ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО "МЕМО".')
BANNER_B_CURLY = BANNER_B.replace('"МЕМО"', "“МЕМО”")
CLOSING_NOTICE = ("Мы обновили приложения на Android и IOS – теперь они работают без VPN! Будем признательны за "
                  "критику, идеи по развитию как в Google Play/App Store, так и на страницах КУ в соцсетях.")

PLACES = ("Махачкале", "Грозном", "Нальчике", "Владикавказе", "Магасе", "Черкесске", "Майкопе", "Ставрополе",
          "Краснодаре", "Ростове-на-Дону", "Волгограде", "Астрахани", "Элисте", "Тбилиси", "Ереване", "Баку",
          "Сухуме", "Дербенте", "Хасавюрте", "Назрани", "Сочи")
REGIONS = ("Дагестане", "Чечне", "Ингушетии", "Кабардино-Балкарии", "Северной Осетии", "Карачаево-Черкесии",
           "Адыгее", "Ставропольском крае", "Краснодарском крае", "Ростовской области", "Грузии", "Армении",
           "Азербайджане", "Абхазии", "Калмыкии")
# Each region (as the headlines name it, "в Дагестане") → its page on the site and its name in a tag row.
REGION_PAGES = {"Дагестане": ("dagestan", "Дагестан"), "Чечне": ("chechnya", "Чечня"),
                "Ингушетии": ("ingushetia", "Ингушетия"), "Кабардино-Балкарии": ("kabardinobalk", "Кабардино-Балкария"),
                "Северной Осетии": ("north-ossetia", "Северная Осетия"),
                "Карачаево-Черкесии": ("karachaevo", "Карачаево-Черкесия"), "Адыгее": ("adygea", "Адыгея"),
                "Ставропольском крае": ("stavropol", "Ставропольский край"),
                "Краснодарском крае": ("krasnodar", "Краснодарский край"),
                "Ростовской области": ("rostov", "Ростовская область"), "Грузии": ("georgia", "Грузия"),
                "Армении": ("armenia", "Армения"), "Азербайджане": ("azerbaijan", "Азербайджан"),
                "Абхазии": ("abhazia", "Абхазия"), "Калмыкии": ("kalmykia", "Калмыкия")}
PEOPLE = ("Асият Магомедова", "Игорь Савельев", "Тигран Петросян", "Анна Грицевич", "Роман Кужев",
          "Алан Цхурбаев", "Заур Расулзаде", "Наталья Дорохина", "Беслан Кмузов", "Инна Кукуджанова",
          "Людмила Маратова", "Фаина Курбанова", "Вячеслав Ященко", "Олег Краснов")
NAMES = ("Батраз Гагиев", "Казбек Касаев", "Хетаг Ватаев", "Зарифа Саутиева", "Ахмед Барахоев", "Муса Мальсагов",
         "Рамис Черкинов", "Сергей Денисенко", "Камилла Дзоциева", "Рашид Гаджилы", "Зарема Мусаева")
SUBJECTS = ("суд", "полиция", "правозащитники", "местные жители", "защита", "прокуратура", "активисты",
            "родственники задержанных", "следователи", "власти республики", "журналисты", "МВД")
VERBS = ("сообщили", "заявили", "подтвердили", "опровергли", "рассказали корреспонденту \"Кавказского узла\"",
         "объявили", "пожаловались", "подчеркнули", "отметили")
EVENTS = ("акцию против строительства полигона", "пикет у здания правительства", "задержание двух жителей",
          "обыск в доме активиста", "апелляцию на арест", "суд над лидерами протеста", "обстрел блокпоста",
          "отключения электричества в нескольких селах", "штраф за публикацию в соцсети",
          "ликвидацию правозащитной организации", "выдворение мигрантов")
# `суд` inflected: `kavkaz search 'суд'` must find every one of them (tests/test_russian_demo.py).
COURT_PHRASES = ("решение суда будет обжаловано", "жалоба направлена суду", "дело будет рассмотрено судом")
HEADLINES = (
    "Суд оставил под стражей {name} в {place}",
    "Жители в {place} пожаловались на {event}",
    "{name} задержан в {region}",
    "Правозащитники раскритиковали {event} в {place}",
    "Апелляция на {event} отклонена в {region}",
    "В {place} власти опровергли {event}",
    "{name} приговорен к лишению свободы в {region}",
)
SUBHEADINGS = ("Предыстория дела", "Позиция защиты", "Реакция властей", "Как развивались события")
CAPTION_SOURCES = ('Фото {person} для "Кавказского узла"', "Кадр из видео, опубликованного МВД",
                   "Фото: REUTERS/Stringer")

# Footnote wordings (written for the demo in the site's manner; the Russian lines were not captured, §4.3).
FOOTNOTE_FA = "Внесен Минюстом России в реестр иностранных агентов."
FOOTNOTE_NCO = ("Организация внесена Минюстом России в реестр некоммерческих организаций, выполняющих функции "
                "иностранного агента.")
FOOTNOTE_BANNED = "Организация признана террористической и запрещена в России решением суда."
LABEL_GROUPS = (
    (FOOTNOTE_NCO, "foreign_agent", ('"Мемориал"', '"Международный Мемориал"', '"Гражданское содействие"')),
    (FOOTNOTE_FA, "foreign_agent", ("Светлана Ганнушкина", '"ОВД-инфо"')),
    (FOOTNOTE_BANNED, "terrorist", ('"Хизб ут-Тахрир аль-Ислами"',)),
)
SECOND_MARKED = ('"Медузы"', '"Кавказ.Реалии"')
# Byline variants: (lines as shown, authors count, source in the record)
BYLINES = (
    ('Автор: {a}\nИсточник: корреспондент "Кавказского узла"', 1, 'корреспондент "Кавказского узла"'),
    ("Автор: {a}", 1, None),
    ('Источник: "Кавказский узел"', 0, '"Кавказский узел"'),
    ('Автор: {a}, {b}\nИсточник: корреспонденты "Кавказского узла"', 2, 'корреспонденты "Кавказского узла"'),
    (None, 0, None),
)
BLOG_AUTHORS = ("Руслан Читаев", "Мадина Абдуллаева", "Олег Орлов", "Шамиль Алиев", "Лейла Гасанова")
BLOG_IDS = (119, 1927, 8378, 2204, 560)


def ru_desktop_date(wall: datetime) -> str:
    return f"{wall.day:02d} {RU_MONTHS[wall.month - 1]} {wall.year}, {wall:%H:%M}"


def ru_modern_date(wall: datetime) -> str:
    return f"{wall:%H:%M}, {wall.day} {RU_MONTHS[wall.month - 1]} {wall.year}"


def ru_mobile_date(wall: datetime) -> str:
    return f"{wall:%H:%M} / {wall:%d.%m.%Y}"


def ru_rss_date(wall: datetime) -> str:
    """RFC 822 with the Moscow offset of that date, as RSS wants it."""
    from crawler.demo.content import MOSCOW

    return wall.replace(tzinfo=MOSCOW).strftime("%a, %d %b %Y %H:%M:%S %z")


@dataclass
class RuArticle:
    """One Russian article version (or a reader blog post, `blog_id` set)."""

    article_id: int
    wall: datetime
    version: int
    layout: str = "classic"  # the desktop era: "classic" (to 2024) | "2025"
    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    subheadings: set[int] = field(default_factory=set)
    image_path: str | None = None
    image_caption: str | None = None
    footnotes: list[str] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    blog_id: int | None = None  # a reader blog post: /blogs/<blog_id>/posts/<article_id>
    casualties: dict | None = None  # a casualty report's figures (crawler/demo/reports.py)
    region: tuple[str, str] | None = None  # (its page's slug, its name as the tag row shows it)

    @property
    def path(self) -> str:
        return f"/blogs/{self.blog_id}/posts/{self.article_id}" if self.blog_id else f"/articles/{self.article_id}"

    @property
    def url(self) -> str:
        return RU_CANONICAL + self.path

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    def date_line(self, form: str) -> str | None:
        """The date line as each form shows it (`amp`: none in the text, only JSON-LD's datePublished)."""
        if form == "m":
            return ru_mobile_date(self.wall)
        if form == "amp":
            return moscow_iso(self.wall)
        if form == "desktop" and self.layout == "classic" and not self.blog_id:
            return ru_desktop_date(self.wall)
        return ru_modern_date(self.wall)

    def banner(self, form: str) -> str:
        if self.blog_id:
            return BANNER_B_CURLY
        return BANNER_A if form == "m" else BANNER_B

    def record(self) -> dict:
        """The manifest record: what the desktop page shows (docs/record.md)."""
        record = {
            "article_id": self.article_id,
            "status": "live",
            "kind": "blog_post" if self.blog_id else "article",
            "url": self.url,
            "lang": "ru",
            "headline": self.headline,
            "lead": self.lead,
            "body": "\n\n".join(self.paragraphs),
            "published_at": moscow_iso(self.wall),
            "published_at_raw": self.date_line("desktop"),
            "authors": self.authors,
            "source": self.source,
            "image_url": f"{RU_CANONICAL}{self.image_path}" if self.image_path else None,
            "image_caption": self.image_caption,
            "original_url": None,
            "original_published_at": None,
            "translation": None,
            "labels": self.labels,
            "banner": self.banner("desktop"),
            "layout": self.layout,
            "version": self.version,
            "casualties": self.casualties,
        }
        if self.blog_id:
            record["blog_id"] = self.blog_id
        return record


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    return (f"{subject[0].upper()}{subject[1:]} {rng.choice(VERBS)} про {rng.choice(EVENTS)} в "
            f"{rng.choice(PLACES)} {rng.randint(1, 28)} {rng.choice(RU_MONTHS)}.")


def build_ru_article(seed: int, article_id: int, wall: datetime, version: int) -> RuArticle:
    """The Russian article `article_id` at `version` (1 = as first published)."""
    rng = random.Random(f"{seed}:ru-article:{article_id}")
    edit = random.Random(f"{seed}:ru-edit:{article_id}:{version}")
    article = RuArticle(article_id, wall, version, layout="2025" if wall.year >= 2025 else "classic")
    fill = {"name": rng.choice(NAMES), "place": rng.choice(PLACES), "region": rng.choice(REGIONS),
            "event": rng.choice(EVENTS)}
    article.region = REGION_PAGES[fill["region"]]
    headline = rng.choice(HEADLINES).format(**fill)
    if version > 1 and edit.random() < 0.5:
        headline += f" (обновлено: {edit.choice(('новые подробности', 'решение суда', 'комментарий защиты'))})"
    article.headline = headline
    lead = f"В {fill['place']} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} про {fill['event']}. {_sentence(rng)}"
    paragraphs = [lead, f'Как писал "Кавказский узел", {_lower(_sentence(rng))}']
    for index in range(rng.randint(1, 4)):
        if index == 1 and rng.random() < 0.5:
            article.subheadings.add(len(paragraphs))
            paragraphs.append(rng.choice(SUBHEADINGS))
        paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randint(1, 3))))
    paragraphs.append(f"По словам адвоката, {rng.choice(COURT_PHRASES)}.")
    if version > 1:
        paragraphs.append(f"Дополнение: {_sentence(edit)}")
    _add_labels(rng, article, paragraphs)
    article.paragraphs = paragraphs
    if rng.random() < 0.5:
        article.image_path = f"/system/uploads/article_image/{article_id}/foto.jpg"
        source = rng.choice(CAPTION_SOURCES).format(person=_genitive(rng.choice(PEOPLE)))
        article.image_caption = f"Участники акции в {fill['place']}. {source}"
    template, count, source = rng.choice(BYLINES)
    authors = rng.sample(PEOPLE, k=count)
    if template:
        article.byline = template.format(a=authors[0] if authors else "", b=authors[1] if count > 1 else "")
    article.authors, article.source = authors, source
    if reports.is_report(seed, "ru", article_id):  # a monthly casualty report instead of a news item
        year, month = reports.reported_month(wall)
        article.headline, article.paragraphs = reports.russian(seed, year, month)
        article.subheadings, article.labels, article.footnotes = set(), [], []
        article.casualties = reports.expected(seed, year, month)
    return article


def build_blog_post(seed: int, post_id: int, blog_id: int, wall: datetime) -> RuArticle:
    """A reader blog post: `Фото` / date / title / banner (curly quotes) / text; no byline."""
    rng = random.Random(f"{seed}:ru-blog:{post_id}")
    post = RuArticle(post_id, wall, 1, layout="blog", blog_id=blog_id)
    post.headline = f"Записки из {rng.choice(('Грозного', 'Нальчика', 'Дербента', 'Сухума'))}: {rng.choice(EVENTS)}"
    post.paragraphs = [f"{rng.choice(BLOG_AUTHORS)} пишет: {_lower(_sentence(rng))}",
                       *(_sentence(rng) for _ in range(rng.randint(1, 3)))]
    return post


def _add_labels(rng: random.Random, article: RuArticle, paragraphs: list[str]) -> None:
    """`"Мемориал"*` markers with their footnote, sometimes a second `**` one; labels in body order."""
    if rng.random() >= 0.35:
        return
    footnote, kind, entities = rng.choice(LABEL_GROUPS)
    inserts = [(f"{shown}*", shown.strip('"'), "*", kind, footnote)
               for shown in rng.sample(entities, k=min(len(entities), rng.randint(1, 2)))]
    article.footnotes.append(f"*{footnote}")
    if rng.random() < 0.3:
        shown = rng.choice(SECOND_MARKED)
        inserts.append((f"{shown}**", shown.strip('"'), "**", "foreign_agent", FOOTNOTE_FA))
        article.footnotes.append(f"**{FOOTNOTE_FA}")
    for shown, *_ in inserts:
        index = rng.randrange(1, len(paragraphs))
        while index in article.subheadings:
            index = index - 1 if index > 1 else index + 1
        paragraphs[index] = f"{paragraphs[index]} По данным {shown}, {_lower(_sentence(rng))}"
    text = "\n".join(paragraphs)
    seen = set()
    for _shown, entity, marker, kind, wording in sorted(inserts, key=lambda insert: text.index(insert[0])):
        if (entity, marker) not in seen:
            seen.add((entity, marker))
            article.labels.append({"entity": entity, "marker": marker, "type": kind, "text": wording})


def _lower(text: str) -> str:
    return text[0].lower() + text[1:]


def _genitive(name: str) -> str:
    """`Асият Магомедова` → `Асият Магомедовой` (enough for captions of the demo)."""
    first, last = name.split(" ", 1)
    if last.endswith("ова") or last.endswith("ева") or last.endswith("ина"):
        return f"{first} {last[:-1]}ой"
    return f"{first}а {last}а" if not first.endswith(("а", "я")) else f"{first} {last}"
