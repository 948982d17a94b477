"""Schedule settings beyond the check values (docs/loan-math.md, "Further worked figures"):
prepayments with either recast, payoff quotes, daily and odd-period interest, whole-yuan payments,
rounding modes, principal grace, fees and the flat method.

Run from the repository root:  python3 docs/checks/schedules.py
The base loan is check value 1: 100,000.00 at 12%, 12 months, disbursed 2025-01-15, due on the 15th,
30/360 per-period interest (1% a month), half-up to the cent unless a case says otherwise.
"""
from fractions import Fraction as F

from exact import CENT, Checks, act, add_months, days360, level_payment, money, rnd

check = Checks("schedule settings")
R = F(12, 100)
r = R / 12


def amortize(balance, rates, payment, mode="half-up", unit=CENT):
    """Rows (interest, principal, balance after) paying `payment` a period; the last row, or the row
    the balance runs out in, pays the whole balance."""
    rows = []
    for k, rate in enumerate(rates, start=1):
        interest = rnd(balance * rate, unit, mode)
        principal = balance if k == len(rates) else min(payment - interest, balance)
        balance -= principal
        rows.append((interest, principal, balance))
        if balance == 0:
            break
    return rows


M = level_payment(100000, [r] * 12)
first_two = amortize(F(100000), [r] * 12, M)[:2]
after_two = first_two[-1][2]
check("balance after installments 1-2", money(after_two), "84151.39")

check.heading("partial prepayment of 20,000 on 2025-03-15 (the due date of installment 2)")
left = after_two - 20000
check("balance after the prepayment", money(left), "64151.39")
# reduce-term: the payment stays 8,884.88 and the loan ends early.
rt = amortize(left, [r] * 10, M)
check("reduce-term: period 3 interest, principal, balance", (money(rt[0][0]), money(rt[0][1]), money(rt[0][2])), ("641.51", "8243.37", "55908.02"))
check("reduce-term: installments in all", 2 + len(rt), 10)
check("reduce-term: installment 10 principal, interest", (money(rt[-1][1]), money(rt[-1][0])), ("4687.57", "46.88"))
check("reduce-term: total interest", money(sum(x[0] for x in first_two + rt)), "4698.37")
# reduce-payment: a new level payment over the 10 periods left.
m2 = level_payment(left, [r] * 10)
rp = amortize(left, [r] * 10, m2)
check("reduce-payment: new payment", money(m2), "6773.24")
check("reduce-payment: period 3 interest, principal", (money(rp[0][0]), money(rp[0][1])), ("641.51", "6131.73"))
check("reduce-payment: installment 12 principal, interest", (money(rp[-1][1]), money(rp[-1][0])), ("6706.15", "67.06"))
check("reduce-payment: total interest", money(sum(x[0] for x in first_two + rp)), "5502.13")

check.heading("prepayment of 10,448.81 on 2025-04-01, inside period 3")
accrued = rnd(after_two * R * days360("2025-03-15", "2025-04-01") / 360)
check("30/360 days 2025-03-15 to 04-01", days360("2025-03-15", "2025-04-01"), 16)
check("interest to the prepayment day", money(accrued), "448.81")
b3 = after_two - (F("10448.81") - accrued)
check("principal prepaid, balance", (money(F("10448.81") - accrued), money(b3)), ("10000.00", "74151.39"))
check("interest for the rest of period 3 (04-01 to 04-15, 14 days)", money(rnd(b3 * R * days360("2025-04-01", "2025-04-15") / 360)), "346.04")
check("a prepayment of 448.81 does not cover the interest accrued", F("448.81") <= accrued, True)
payoff = after_two + accrued
check("payoff on 2025-04-01 (90,000 is more than it)", (money(payoff), F(90000) > payoff), ("84600.20", True))

check.heading("payoff quotes")
check("2025-04-01: principal, interest, total", (money(after_two), money(accrued), money(payoff)), ("84151.39", "448.81", "84600.20"))
i3 = rnd(after_two * r)
check("2025-04-15 (a due date): interest, total", (money(i3), money(after_two + i3)), ("841.51", "84992.90"))

check.heading("daily interest: 12,000 at 10% ACT/365 from 2025-01-10, 3 months")
dates = ["2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10"]
days = [act(a, b) for a, b in zip(dates, dates[1:])]
check("days in each period", tuple(days), (31, 28, 31))
rates = [F(10, 100) * d / 365 for d in days]
m = level_payment(12000, rates)
rows = amortize(F(12000), rates, m)
check("level payment", money(m), "4065.94")
for k, (want_i, want_p) in enumerate([("101.92", "3964.02"), ("61.65", "4004.29"), ("34.24", "4031.69")]):
    check(f"period {k + 1} interest, principal", (money(rows[k][0]), money(rows[k][1])), (want_i, want_p))
check("total interest", money(sum(x[0] for x in rows)), "197.81")

check.heading("odd first period: 10,000 at 12% disbursed 2025-01-20, first due 2025-03-01")
check("30/360 days of the first period", days360("2025-01-20", "2025-03-01"), 41)
rates = [R * 41 / 360, r, r]
m = level_payment(10000, rates)
rows = amortize(F(10000), rates, m)
check("level payment", money(m), "3412.57")
for k, (want_i, want_p) in enumerate([("136.67", "3275.90"), ("67.24", "3345.33"), ("33.79", "3378.77")]):
    check(f"period {k + 1} interest, principal", (money(rows[k][0]), money(rows[k][1])), (want_i, want_p))

check.heading("whole-yuan payment, rounding up (interest rounded up too)")
m = level_payment(100000, [r] * 12, unit=F(1), mode="up")
rows = amortize(F(100000), [r] * 12, m, mode="up")
check("payment", money(m), "8885.00")
check("last installment principal, interest, total", (money(rows[-1][1]), money(rows[-1][0]), money(rows[-1][0] + rows[-1][1])), ("8795.56", "87.96", "8883.52"))
check("total interest", money(sum(x[0] for x in rows)), "6618.52")

check.heading("rounding modes on a tie: 1,000.50 x 1% = 10.005")
check("half-up, half-even", (money(rnd(F("1000.50") * r)), money(rnd(F("1000.50") * r, mode="half-even"))), ("10.01", "10.00"))

check.heading("a whole-yuan currency: 10,000 at 12%, 12 months, 等额本金, rounded to the yuan")
per = rnd(F(10000) / 12, F(1))
check("principal a month, the last", (money(per, 0), money(10000 - 11 * per, 0)), ("833", "837"))
check("interest of months 1 and 2", (money(rnd(F(10000) * r, F(1)), 0), money(rnd((10000 - per) * r, F(1)), 0)), ("100", "92"))

check.heading("a whole-yuan product end to end: 100,000 at 12%, 12 months, 等额本息, everything to the yuan")
m = level_payment(100000, [r] * 12, unit=F(1), mode="half-up")
rows = amortize(F(100000), [r] * 12, m, unit=F(1))
check("payment", money(m, 0), "8885")
check("installment 1 interest, principal, balance", tuple(money(x, 0) for x in rows[0]), ("1000", "7885", "92115"))
check("installment 2 interest, principal", (money(rows[1][0], 0), money(rows[1][1], 0)), ("921", "7964"))
penalty = F(12, 100) * F(3, 2) * 7964 * 5
check("penalty on 7,964 for 5 days at 18%, on 360 and on 365 days, to the yuan", (money(rnd(penalty / 360, F(1)), 0), money(rnd(penalty / 365, F(1)), 0)), ("20", "20"))
check("the letter's total, in fen as the book keeps it", money(F(7964 + 921 + 20)), "8905.00")

check.heading("two grace periods, then an annuity over ten")
check("grace interest", money(rnd(F(100000) * r)), "1000.00")
check("PMT(1%, 10, 100000)", money(level_payment(100000, [r] * 10)), "10558.21")

check.heading("a financed 300 fee and a 10.00 fee per installment on 10,000")
m = level_payment(10300, [r] * 12)
check("PMT(1%, 12, 10300)", money(m), "915.14")
i1 = rnd(F(10300) * r)
check("installment 1 principal, interest, total with the fee", (money(m - i1), money(i1), money(m + 10)), ("812.14", "103.00", "925.14"))
check("fees in all", money(300 + 12 * 10), "420.00")

check.heading("flat 6%: interest on the original principal for the whole term")
total = rnd(F(100000) * F(6, 100) * 1)
check("total interest, a month", (money(total), money(rnd(total / 12))), ("6000.00", "500.00"))
check("payment", money(rnd(F(100000) / 12) + rnd(total / 12)), "8833.33")

check.heading("due dates of a loan paid out late in the month: counted from the disbursement day")
jan31 = tuple(add_months("2025-01-31", k) for k in range(1, 13))
check("paid out 2025-01-31, 12 monthly dates", jan31, (
    "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31",
    "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31", "2026-01-31"))
check("counted from the first due date instead (the defect): the 28th from March", tuple(add_months("2025-02-28", k) for k in range(3)), ("2025-02-28", "2025-03-28", "2025-04-28"))
check("paid out 2024-01-30 (a leap year), 6 dates", tuple(add_months("2024-01-30", k) for k in range(1, 7)), ("2024-02-29", "2024-03-30", "2024-04-30", "2024-05-30", "2024-06-30", "2024-07-30"))
check("quarterly from 2024-11-30", tuple(add_months("2024-11-30", 3 * k) for k in range(1, 5)), ("2025-02-28", "2025-05-30", "2025-08-30", "2025-11-30"))

check.done()
