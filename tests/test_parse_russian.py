"""Russian eras, on texts written for the tests in the forms of the site notes (§2.6, §3, §4.3)."""

from crawler.parsers import parse_article

BANNER_B = ('НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО "МЕМО", ЛИБО '
            'КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО "МЕМО".')
BANNER_A = ("ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ, "
            "ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА, И (ИЛИ) РОССИЙСКИМ ЮРИДИЧЕСКИМ ЛИЦОМ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ "
            "ИНОСТРАННОГО АГЕНТА.")


def test_russian_mirror_layout():
    html = (f"<html><body><p>16:49, 7 июня 2003</p><h1>В Чечне задержаны двое жителей</h1><p>{BANNER_B}</p>"
            '<p>Как писал "Кавказский узел", задержания продолжаются.</p><p>Родственники обратились в суд.</p>'
            "</body></html>")
    record = parse_article("https://kavkaz-uzel.top/articles/38859", html)
    assert record["url"] == "https://www.kavkaz-uzel.eu/articles/38859" and record["lang"] == "ru"
    assert record["published_at"] == "2003-06-07T16:49:00+04:00"
    assert record["headline"] == "В Чечне задержаны двое жителей"
    assert record["body"] == 'Как писал "Кавказский узел", задержания продолжаются.\n\nРодственники обратились в суд.'
    assert record["banner"] == BANNER_B
    assert record["parser_version"].startswith("ru-desktop")


def test_russian_mobile_glued_date_and_headline():
    html = (f"<html><body><div>11:14 / 23.09.2004Задержан водитель рейсового автобуса</div><div>{BANNER_A}</div>"
            "<p>Суд в Назрани арестовал подозреваемого.</p><p>Автор:</p></body></html>")
    record = parse_article("https://m.kavkaz-uzel.eu/articles/61970", html)
    assert record["published_at"] == "2004-09-23T11:14:00+04:00"
    assert record["published_at_raw"] == "11:14 / 23.09.2004"
    assert record["headline"] == "Задержан водитель рейсового автобуса"
    assert record["body"] == "Суд в Назрани арестовал подозреваемого."
    assert record["authors"] == [] and record["banner"] == BANNER_A
    assert record["parser_version"].startswith("ru-mobile")


def test_russian_classic_desktop_with_caption():
    html = ("<html><body><p>Участники акции. Фото Кавказского узла</p><p>29 декабря 2014, 13:24</p>"
            "<h1>В Махачкале прошел пикет</h1><p>Пикет прошел у здания правительства.</p></body></html>")
    record = parse_article("https://www.kavkaz-uzel.eu/articles/254850/", html)
    assert record["published_at"] == "2014-12-29T13:24:00+03:00"
    assert record["image_caption"] == "Участники акции. Фото Кавказского узла"
    assert record["lead"] == "Пикет прошел у здания правительства."
