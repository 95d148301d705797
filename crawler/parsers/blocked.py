"""A page that is not an article of the site at all: a challenge, a login form, an "access denied" — what the site,
or a proxy in front of it, may answer with HTTP 200 instead of the article. Such a page is never stored over a
record (spiders/knot.py records it as a failure, its raw page kept, and stops a run that meets many in a row).

`blocked_reason(record)` looks only at what a reader of the page would see first — the headline, the `<title>`-like
first words, the start of the text — and only on pages without a publication date: a real article that mentions a
captcha keeps its date line.
"""

from __future__ import annotations

import re

CHALLENGE = re.compile(
    r"verify (?:that )?you are (?:a )?human|are you a robot|i'?m not a robot|captcha|access denied|request blocked|"
    r"attention required|checking (?:your|if the site connection is secure)|enable (?:javascript|cookies)|"
    r"ddos protection|security check|too many requests|please (?:log|sign) in|sign in to continue|log in to continue|"
    r"403 forbidden|forbidden|доступ (?:запрещ|ограничен)|подтвердите, что вы не робот|вы не робот|"
    r"проверка (?:браузера|безопасности)|войдите|авторизуйтесь|слишком много запросов", re.I)


def blocked_reason(record: dict) -> str | None:
    """Why a parsed page is no article (a challenge, a login or an error page), or None."""
    if record.get("published_at"):
        return None
    seen = " ".join(filter(None, [record.get("headline") or "", (record.get("body") or "")[:300]]))
    found = CHALLENGE.search(seen)
    if found:
        return f"a challenge or login page ({found.group(0)!r}), no date line"
    return None
