"""Faults the demo server can inject, each at a rate: the real web's misbehaviour, on demand.

Spec: `"500=0.05,503=0.02,429=0.02,slow=0.01,truncated=0.02,redirect=0.01,offsite=0.005,empty=0.01,
nonhtml=0.01,huge=0.005"` plus options `retry_after=<s>` (429/503, default 1), `slow_seconds=<s>` (default 3),
`persistent` (a faulty path fails on every attempt; by default only on its first, so a retrying crawl recovers).
Which path gets which fault is decided by (seed, path): the same spec gives the same faults every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

KINDS = ("500", "503", "429", "slow", "truncated", "redirect", "offsite", "empty", "nonhtml", "huge")


@dataclass
class FaultPlan:
    rates: dict[str, float] = field(default_factory=dict)
    retry_after: float = 1.0
    slow_seconds: float = 3.0
    persistent: bool = False
    seed: int = 0

    @classmethod
    def parse(cls, spec: str | None, seed: int = 0) -> FaultPlan:
        """Parse a fault spec; ValueError with a readable message when it is wrong."""
        plan = cls(seed=seed)
        for part in (spec or "").split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, value = part.partition("=")
            name = name.strip()
            if name == "persistent" and not sep:
                plan.persistent = True
                continue
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"fault {part!r}: expected NAME=NUMBER") from None
            if name in ("retry_after", "slow_seconds"):
                if number < 0:
                    raise ValueError(f"fault option {name} cannot be negative")
                setattr(plan, name, number)
            elif name in KINDS:
                if not 0 <= number <= 1:
                    raise ValueError(f"fault rate {name}={value} is not between 0 and 1")
                plan.rates[name] = number
            else:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(KINDS)}, retry_after, slow_seconds, persistent")
        if sum(plan.rates.values()) > 1:
            raise ValueError("fault rates add up to more than 1")
        return plan

    def choose(self, path: str, attempt: int) -> str | None:
        """The fault for this attempt (1-based) at this path, or None."""
        if not self.rates or (attempt > 1 and not self.persistent):
            return None
        draw = random.Random(f"{self.seed}:fault:{path}").random()
        for kind in KINDS:
            draw -= self.rates.get(kind, 0.0)
            if draw < 0:
                return kind
        return None
