"""Figures of origination and the shipped scorecard (docs/risk-and-collections.md and
docs/scorecard.md): scorecard scaling and probabilities of default, the payment estimated at a
product's top rate and the debt-to-income share, grade prices, and payments printed on an offer
or a contract.

Run from the repository root:  python3 docs/checks/origination.py
"""
from decimal import Decimal
from fractions import Fraction as F

from exact import Checks, dec, level_payment, money, rnd, solve

check = Checks("origination and scorecard figures")


def payment(principal, annual, n):
    """等额本息 monthly payment, per-period interest annual/12, half-up to the cent."""
    return level_payment(principal, [F(annual) / 12] * n)


check.heading("scorecard scaling: 600 points at 50:1, PDO 20")
ln2, ln50 = Decimal(2).ln(), Decimal(50).ln()
factor = 20 / ln2
offset = 600 - factor * ln50
check("factor = 20 / ln 2, offset = 600 - factor ln 50", (dec(factor, 2), dec(offset, 2)), ("28.85", "487.12"))


def odds(score):
    return 50 * Decimal(2) ** (Decimal(score - 600) / 20)


def pd(score):
    return 1 / (1 + odds(score))


check("PD at 600, 620, 580 (1/51, 1/101, 1/26)", (dec(pd(600), 6), dec(pd(620), 6), dec(pd(580), 6)), ("0.019608", "0.009901", "0.038462"))
check("PD at the grade bounds 660, 630, 600, 570 (%)", tuple(dec(pd(s) * 100, 2) for s in (660, 630, 600, 570)), ("0.25", "0.70", "1.96", "5.35"))
check("the worked example: 96+92+96+94+76+88+82", 96 + 92 + 96 + 94 + 76 + 88 + 82, 624)
check("624 points: odds, PD", (dec(odds(624), 2), dec(pd(624), 7)), ("114.87", "0.0086304"))
check("624 points: PD as the engine reports it (6 places), in %", (dec(pd(624), 6), dec(pd(624) * 100, 4)), ("0.008630", "0.8630"))

check.heading("payment at the product's top rate (11.80%) and debt to income")
p36 = payment(100000, "0.118", 36)
check("100,000 over 36 months", money(p36), "3311.89")
check("(1,900 + it) / 10,000 and (3,000 + it) / 10,000, %", (dec((1900 + p36) / 100, 2), dec((3000 + p36) / 100, 2)), ("52.12", "63.12"))
p12 = payment(100000, "0.118", 12)
check("100,000 over 12 months; its share of a 15,000 income, %", (money(p12), dec(p12 / 150, 2)), ("8875.53", "59.17"))

check.heading("amount against one third of annual income (exactly 1/3, rounded down to the fen)")
check("a third of 12 x 10,000", money(rnd(F(12 * 10000) / 3, mode="down")), "40000.00")
check("a third of 12 x 20,000 (the truncated 0.3333 gave 79,992.00)", (money(rnd(F(12 * 20000) / 3, mode="down")), money(rnd(F(12 * 20000) * F("0.3333"), mode="down"))), ("80000.00", "79992.00"))
check("a third of 12 x 1,000.01", money(rnd(F(12) * F("1000.01") / 3, mode="down")), "4000.04")
check("a seventh of 12 x 10,000, down", money(rnd(F(12 * 10000) / 7, mode="down")), "17142.85")

check.heading("a revolving line's annualized rate (PBOC [2021] No. 3): daily rate x 365, simple")
annual = F("0.144")
daily = annual / 360
check("14.40% ACT/360: daily rate, annualized (daily x 365)", (money(daily, 6), money(daily * 365, 6)), ("0.000400", "0.146000"))
interest = rnd(F(100000) * daily * 30)
check("the example: 100,000 drawn 30 days, interest and total", (money(interest), money(100000 + interest)), ("1200.00", "101200.00"))
i = solve(lambda x: Decimal(100000) * (1 + x) - Decimal(101200), "0", "1")
check("its IRR over the 30 days, annualized x 365 / 30", (dec(i, 6), dec(i * 365 / 30, 6)), ("0.012000", "0.146000"))
check("12% ACT/360 annualized, to 6 places; 12% ACT/365 (the contract rate)", (money(rnd(F("0.12") / 360 * 365, F(1, 10**6)), 6), money(F("0.12") / 365 * 365, 6)), ("0.121667", "0.120000"))
check("penalty rate, 14.40% x 1.5", money(annual * F(3, 2), 4), "0.2160")

check.heading("grade prices from the product's range 7.20%-11.80%: min + (max - min) k / 3, to the millionth")
lo, hi = F("0.072"), F("0.118")
check("A, B, C, D", tuple(money(rnd(lo + (hi - lo) * k / 3, F(1, 10**6)), 6) for k in range(4)), ("0.072000", "0.087333", "0.102667", "0.118000"))

check.heading("payments on an offer and a contract at 7.20% (0.6% a month)")
check("PMT(0.6%, 12, 90000)", money(payment(90000, "0.072", 12)), "7795.71")
check("PMT(0.6%, 12, 100000)", money(payment(100000, "0.072", 12)), "8661.90")

check.done()
