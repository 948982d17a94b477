"""Figures of the loan ledger (docs/loan-math.md, "Further worked figures"): repayments and their
allocation, over- and prepayments with either recast, penalty interest and its cap, reversal,
write-off, and a revolving line past its expiry.

Run from the repository root:  python3 docs/checks/servicing.py
The term loans are 100,000.00 over 12 months paid out on 2025-06-01, due on the 1st from 2025-07-01,
等额本息 with 30/360 per-period interest, half-up to the cent. Penalty interest runs on overdue
principal at the contract rate + 50%, ACT/360, from each due date. The cap on interest, penalty and
fees together is 4 x the one-year LPR on the contract date, on the principal in use, ACT/365,
rounded down; penalty within it goes to the earliest installments first.
"""
from fractions import Fraction as F

from exact import Checks, act, days360, level_payment, money, rnd

check = Checks("loan ledger figures")


def amortize(balance, rate, n, payment):
    rows = []
    for k in range(1, n + 1):
        interest = rnd(balance * rate)
        principal = balance if k == n else min(payment - interest, balance)
        balance -= principal
        rows.append((interest, principal, balance))
    return rows


def loan(annual):
    r = F(annual) / 12
    m = level_payment(100000, [r] * 12)
    return r, m, amortize(F(100000), r, 12, m)


def penalty(principal, annual, days):
    return rnd(F(principal) * F(annual) * F(3, 2) * days / 360)


check.heading("repayments at 12% (1% a month, 8,884.88)")
r, M, rows = loan("0.12")
check("installment 1 interest, principal", (money(rows[0][0]), money(rows[0][1])), ("1000.00", "7884.88"))
check("5,000 on 2025-07-01: interest, then principal", (money(rows[0][0]), money(5000 - rows[0][0])), ("1000.00", "4000.00"))
b1 = F(100000) - rows[0][1]
check("after 3,884.88 more: outstanding", money(b1), "92115.12")
i2 = rnd(b1 * r)
p2 = M - i2
check("principal first, 8,000 on 2025-08-01: principal, interest", (money(p2), money(8000 - p2)), ("7963.73", "36.27"))

check.heading("28,884.88 on 2025-07-01: the installment, then 20,000 of principal")
b = b1 - 20000
check("outstanding", money(b), "72115.12")
m2 = level_payment(b, [r] * 11)
rp = amortize(b, r, 11, m2)
check("reduce-payment: installment 2 principal, interest, total", (money(rp[0][1]), money(rp[0][0]), money(m2)), ("6234.65", "721.15", "6955.80"))
check("reduce-payment: installment 12 principal, interest", (money(rp[-1][1]), money(rp[-1][0])), ("6886.89", "68.87"))
check("reduce-payment: interest due in all", money(rows[0][0] + sum(x[0] for x in rp)), "5398.64")
rt = [x for x in amortize(b, r, 11, M) if x[0] or x[1]]
check("reduce-term: installment 2 total", money(rt[0][0] + rt[0][1]), "8884.88")
check("reduce-term: installments left after the first", len(rt), 9)
check("reduce-term: installment 10 principal, interest", (money(rt[-1][1]), money(rt[-1][0])), ("4473.15", "44.73"))
check("reduce-term: interest due in all", money(rows[0][0] + sum(x[0] for x in rt)), "4481.80")

check.heading("inside period 2: a payoff quote on 2025-07-16 and a 30,000 prepayment")
accrued = rnd(b1 * F("0.12") * days360("2025-07-01", "2025-07-16") / 360)
check("payoff: principal, interest (15 days), total", (money(b1), money(accrued), money(b1 + accrued)), ("92115.12", "460.58", "92575.70"))
b = b1 - (30000 - accrued)
check("prepaid interest, principal; outstanding", (money(accrued), money(30000 - accrued), money(b)), ("460.58", "29539.42", "62575.70"))
check("installment 2 interest (07-16 to 08-01, 15 days)", money(rnd(b * F("0.12") * days360("2025-07-16", "2025-08-01") / 360)), "312.88")

check.heading("a second payment of 100 the next day (2025-07-02)")
one_day = rnd(b1 * F("0.12") / 360)
check("one day's interest, principal prepaid", (money(one_day), money(100 - one_day)), ("30.71", "69.29"))

check.heading("penalty interest at 7.2% (0.6% a month, 8,661.90; penalty 10.8%)")
r7, M7, rows7 = loan("0.072")
check("payment; installment 1 principal, interest", (money(M7), money(rows7[0][1]), money(rows7[0][0])), ("8661.90", "8061.90", "600.00"))
pen10 = penalty(rows7[0][1], "0.072", act("2025-07-01", "2025-07-11"))
check("penalty after 10 days (2025-07-11)", money(pen10), "24.19")
pen5 = penalty(rows7[0][1], "0.072", 5)
paid_p = 5000 - pen5 - rows7[0][0]
check("5,000 five days late: principal, interest, penalty", (money(paid_p), money(rows7[0][0]), money(pen5)), ("4387.91", "600.00", "12.09"))
check("penalty charged by 2025-07-16", money(pen5 + penalty(rows7[0][1] - paid_p, "0.072", 10)), "23.11")
check("write-off on 2025-07-11: principal + interest + penalty", money(100000 + rows7[0][0] + pen10), "100624.19")
check("recoverable after 50,000 recovered", money(100000 + rows7[0][0] + pen10 - 50000), "50624.19")

check.heading("the penalty cap on 2025-09-15, nothing paid (line 4 x 3.00% = 12%)")
cap = rnd(F(100000) * F("0.12") * act("2025-06-01", "2025-09-15") / 365, mode="down")
check("cap: 100,000 x 12% x 106/365, rounded down", money(cap), "3484.93")
due = ["2025-07-01", "2025-08-01", "2025-09-01"]
for annual, want in [("0.115", ("513.90", "497.71", ("287.81", "172.05", "37.85"))), ("0.12", ("535.11", "367.10", None))]:
    ra, Ma, rws = loan(annual)
    uncapped = [penalty(rws[k][1], annual, act(due[k], "2025-09-15")) for k in range(3)]
    # Interest counted against the cap: installments 1-3 and 14 days of the current period.
    interest = sum(x[0] for x in rws[:3]) + rnd(rws[2][2] * F(annual) * days360("2025-09-01", "2025-09-15") / 360)
    room = cap - interest
    charged, capped = min(sum(uncapped), room), []
    left = charged
    for u in uncapped:
        capped.append(min(u, left))
        left -= capped[-1]
    check(f"{annual}: penalty uncapped, charged", (money(sum(uncapped)), money(charged)), want[:2])
    if want[2]:
        check(f"{annual}: penalty by installment", tuple(money(x) for x in capped), want[2])
    else:
        check(f"{annual}: interest counted (1,000.00 + 921.15 + 841.51 + 355.17)", money(interest), "3117.83")

check.heading("the revolving line of check value 4 (ACT/360, interest first): the 40,000 on 2025-04-10")
interest = rnd(F(50000) * F("0.12") * 19 / 360 + F(80000) * F("0.12") * 21 / 360)
check("principal, interest", (money(40000 - interest), money(interest)), ("39123.33", "876.67"))

check.heading("a line past its expiry: 50,000 drawn 2024-05-10 at 12% ACT/360, expiry 2025-05-10")
interest = rnd(F(50000) * F("0.12") * act("2024-05-10", "2025-05-10") / 360)
check("interest to the expiry (365 days)", money(interest), "6083.33")
pen = rnd(F(50000) * F("0.18") * act("2025-05-10", "2025-06-09") / 360)
check("penalty to 2025-06-09 (30 days at 18%)", money(pen), "750.00")
cap = rnd(F(50000) * 4 * F("0.0345") * act("2024-05-10", "2025-06-09") / 365, mode="down")
check("cap: 4 x 3.45% = 13.8% on 50,000 for 395 days; less the interest", (money(cap), money(cap - interest)), ("7467.12", "1383.79"))
check("payoff", money(50000 + interest + pen), "56833.33")
check("1,000 paid: penalty, interest", (money(pen), money(1000 - pen)), ("750.00", "250.00"))
check("a day later: penalty, interest", (money(rnd(F(50000) * F("0.18") / 360)), money(interest - (1000 - pen))), ("25.00", "5833.33"))
check("payoff once that day's penalty is waived", money(50000 + interest - (1000 - pen)), "55833.33")

check.heading("caps fixed on a loan at its disbursement (one-year LPR table)")
check("4 x 3.45%, 4 x 3.10%, 4 x 2.95%", tuple(money(4 * F(x), 6) for x in ("0.0345", "0.0310", "0.0295")), ("0.138000", "0.124000", "0.118000"))
c1 = rnd(F(100000) * F("0.118") * act("2026-11-28", "2027-02-28") / 365, mode="down")
c2 = rnd(F(100000) * F("0.12") * act("2026-10-21", "2027-02-28") / 365, mode="down")
check("cap on 2027-02-28 at 11.80% from 2026-11-28 (92 days), at 12.00% from 2026-10-21 (130 days)", (money(c1), money(c2)), ("2974.24", "4273.97"))

check.done()
