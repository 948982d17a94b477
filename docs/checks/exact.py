"""Exact arithmetic for the check scripts in this folder (Python 3 standard library only).

Amounts are fractions.Fraction of a yuan; nothing here uses binary floating point for money.
Rates solved by iteration (IRR, APR, XIRR, RATE) use decimal.Decimal at 60 significant digits.
"""
import datetime
import sys
from decimal import Decimal, getcontext
from fractions import Fraction as F

getcontext().prec = 60

CENT = F(1, 100)


def rnd(x, unit=CENT, mode="half-up"):
    """x rounded to a multiple of unit: half-up (ties away from zero), half-even, up (away from zero), down."""
    q = F(x) / unit
    sign = -1 if q < 0 else 1
    q = abs(q)
    whole = q.numerator // q.denominator
    rest = q - whole
    if mode == "half-up":
        whole += 1 if rest >= F(1, 2) else 0
    elif mode == "half-even":
        whole += 1 if rest > F(1, 2) or (rest == F(1, 2) and whole % 2 == 1) else 0
    elif mode == "up":
        whole += 1 if rest > 0 else 0
    elif mode != "down":
        raise ValueError(mode)
    return sign * whole * unit


def money(x, places=2):
    """An exact amount as text with `places` decimals (the amount must already be rounded)."""
    x = F(x)
    scaled = x * 10**places
    if scaled.denominator != 1:
        raise ValueError(f"{x} is not rounded to {places} places")
    return f"{Decimal(scaled.numerator).scaleb(-places):.{places}f}"


def dec(x, places):
    """A Fraction or Decimal shown to `places` decimals (half-up), for rates and spreadsheet values."""
    d = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, F) else Decimal(x)
    return f"{d.quantize(Decimal(1).scaleb(-places), rounding='ROUND_HALF_UP'):.{places}f}"


def date(s):
    return datetime.date.fromisoformat(s)


def act(a, b):
    """Actual days from a to b: the first day counted, not the last (算头不算尾)."""
    return (date(b) - date(a)).days


def days360(a, b):
    """30/360 bond basis: a day-31 start counts as 30; a day-31 end counts as 30 when the start is 30."""
    x, y = date(a), date(b)
    d1 = min(x.day, 30)
    d2 = 30 if y.day == 31 and d1 == 30 else y.day
    return (y.year - x.year) * 360 + (y.month - x.month) * 30 + (d2 - d1)


def add_months(s, k, anchor=None):
    """The date k months after s, keeping the day of month (or `anchor`) and clamping to the month's end."""
    d = date(s)
    day = anchor or d.day
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    last = (datetime.date(y + m // 12, m % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(y, m, min(day, last)).isoformat()


def level_payment(balance, rates, unit=CENT, mode="half-up"):
    """The level payment that repays `balance` over periods with rates r_1..r_n:
    M = B / sum_k prod_{i<=k} 1/(1+r_i) (the annuity formula when every rate is the same), rounded once."""
    discount, total = F(1), F(0)
    for r in rates:
        discount /= 1 + F(r)
        total += discount
    return rnd(F(balance) / total, unit, mode)


def annuity(balance, r, n):
    """P·r·(1+r)^n / ((1+r)^n − 1), exact."""
    r = F(r)
    g = (1 + r) ** n
    return F(balance) * r * g / (g - 1)


def solve(f, lo, hi, steps=400):
    """A root of f between lo and hi (f(lo), f(hi) of opposite signs), by bisection in Decimal."""
    lo, hi = Decimal(lo), Decimal(hi)
    flo = f(lo)
    for _ in range(steps):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


class Checks:
    """Prints each figure beside the value the docs and tests state, and fails if any differs."""

    def __init__(self, title):
        self.failed = 0
        print(title)

    def heading(self, text):
        print(f"\n{text}")

    def __call__(self, label, got, expected):
        ok = got == expected
        if isinstance(got, tuple):
            got, expected = ", ".join(map(str, got)), ", ".join(map(str, expected))
        self.failed += 0 if ok else 1
        print(f"  {label}: {got}" + ("" if ok else f"   <-- MISMATCH, stated {expected}"))

    def done(self):
        print("\nall figures match" if not self.failed else f"\n{self.failed} figure(s) differ")
        sys.exit(1 if self.failed else 0)
