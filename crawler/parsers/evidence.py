"""Evidence for every field of a record: which signals of the page support the stored value, which disagree.

A parser notes each signal as it reads the page (`support("headline", "<h1>")`, `dispute("headline", "og:title
'B'")`); `judge` then gives each field a status, stored in the record's `evidence` and counted per run:

- `confirmed`: two or more independent signals agree (a heading and the line after the date; a date line of the
  site's shape beside the headline; a byline label and its place after the text …);
- `unconfirmed`: a single signal, or only weak ones — a warning `field: unconfirmed (only …)`;
- `disputed`: signals disagree — the parser keeps the value its rules prefer and names the other in a warning
  (`headline: <h1> 'A' != og:title 'B'`);
- `missing`: no value (a warning `field: not found` when the field is expected).

The aim: a wrong value is never stored silently. Either the evidence agrees, or the record says it does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fields judged, in the order a record lists them. Signals that count as weak never confirm a field alone.
ASSESSED = ("headline", "published_at", "lead", "body", "authors", "source", "original_url")
STATUSES = ("confirmed", "unconfirmed", "disputed", "missing")
WEAK = frozenset(["first heading", "first text"])
# A body is content: markup and position (a container, `itemprop`, where it starts and ends) support it, but only a
# signal about its text itself confirms it.
REQUIRES = {"body": frozenset(["reads as prose", "the page's own copy of its text", "changes across the layout's pages"])}


@dataclass
class Evidence:
    support_of: dict[str, list[str]] = field(default_factory=dict)
    against_of: dict[str, list[str]] = field(default_factory=dict)

    def support(self, name: str, signal: str) -> None:
        signals = self.support_of.setdefault(name, [])
        if signal not in signals:
            signals.append(signal)

    def dispute(self, name: str, note: str) -> None:
        notes = self.against_of.setdefault(name, [])
        if note not in notes:
            notes.append(note)

    def judge(self, record: dict, warnings: list[str]) -> dict[str, dict]:
        """Each assessed field's status and signals; a warning for each unconfirmed field (disputed ones carry
        theirs already, named by the step that found the disagreement)."""
        result: dict[str, dict] = {}
        for name in ASSESSED:
            value = record.get(name)
            signals = self.support_of.get(name, [])
            if not value:
                status = "missing"
            elif self.against_of.get(name):
                status = "disputed"
                if not any(w.startswith(f"{name}:") and " != " in w for w in warnings):
                    warnings.append(f"{name}: disputed ({'; '.join(self.against_of[name])})")
            elif (len([s for s in signals if s not in WEAK]) >= 2 or len(signals) >= 3) and \
                    (name not in REQUIRES or any(s in REQUIRES[name] or s.startswith("changes across") for s in signals)):
                status = "confirmed"
            else:
                status = "unconfirmed"
                shown = " and ".join(signals) if signals else "no signal"
                warnings.append(f"{name}: unconfirmed (only {shown})")
            entry: dict = {"status": status, "signals": signals}
            if self.against_of.get(name):
                entry["against"] = self.against_of[name]
            result[name] = entry
        return result


def statuses(evidence: dict | None) -> dict[str, str]:
    """field → status of a stored record's evidence (empty for a record of an older parser)."""
    return {name: entry.get("status", "") for name, entry in (evidence or {}).items() if isinstance(entry, dict)}
