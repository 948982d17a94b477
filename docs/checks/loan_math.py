"""Check values 1-9 of docs/loan-math.md, worked out independently of the engine.

Run from the repository root:  python3 docs/checks/loan_math.py
Amounts are exact fractions rounded half-up to the cent at the stated points; rates solved by
iteration use 60-digit decimals.
"""
from decimal import Decimal
from fractions import Fraction as F

from exact import Checks, act, annuity, dec, money, rnd, solve

check = Checks("loan-math check values")


def amortize(principal, rate, n, payment):
    """等额本息 rows (interest, principal, total): interest rounded per period, the last row pays the rest."""
    rows, balance = [], F(principal)
    for k in range(1, n + 1):
        interest = rnd(balance * rate)
        principal_k = balance if k == n else payment - interest
        balance -= principal_k
        rows.append((interest, principal_k, interest + principal_k))
    return rows


# 1. 等额本息 100,000.00 at 12% a year, 12 monthly periods, 30/360 per-period interest (r = 12%/12).
check.heading("1. 等额本息 100,000.00, 12%, 12 months")
r = F(12, 100) / 12
exact_m = annuity(100000, r, 12)
m = rnd(exact_m)
rows = amortize(100000, r, 12, m)
check("payment", money(m), "8884.88")
check("exact payment", dec(exact_m, 8), "8884.87886783")
check("period 1 interest, principal", (money(rows[0][0]), money(rows[0][1])), ("1000.00", "7884.88"))
check("last payment, its interest, its principal", (money(rows[-1][2]), money(rows[-1][0]), money(rows[-1][1])), ("8884.85", "87.97", "8796.88"))
check("total interest", money(sum(x[0] for x in rows)), "6618.53")
check("principal repaid", money(sum(x[1] for x in rows)), "100000.00")

# 2. 等额本金: principal round(P/n), the last period takes the residue; interest on the balance.
check.heading("2. 等额本金, same loan")
per = rnd(F(100000) / 12)
balance, ep = F(100000), []
for k in range(1, 13):
    interest = rnd(balance * r)
    p = balance if k == 12 else per
    balance -= p
    ep.append((interest, p, interest + p))
check("first payment, its principal, its interest", (money(ep[0][2]), money(ep[0][1]), money(ep[0][0])), ("9333.33", "8333.33", "1000.00"))
check("second payment", money(ep[1][2]), "9250.00")
check("last payment, its principal, its interest", (money(ep[-1][2]), money(ep[-1][1]), money(ep[-1][0])), ("8416.70", "8333.37", "83.33"))
check("total interest", money(sum(x[0] for x in ep)), "6500.00")

# 3. 先息后本: interest on the full principal each month, principal at maturity.
check.heading("3. 先息后本, same loan")
monthly_interest = rnd(F(100000) * r)
check("interest every month", money(monthly_interest), "1000.00")
check("last payment", money(100000 + monthly_interest), "101000.00")
check("total interest", money(12 * monthly_interest), "12000.00")

# 4. 随借随还 at 12%: interest accrues daily on the principal drawn, balance x annual x days / basis.
check.heading("4. 随借随还 at 12%: draw 50,000 on 03-01, 30,000 on 03-20, repay 40,000 on 04-10, pay off 05-01")
EVENTS = [("2025-03-01", "draw", 50000), ("2025-03-20", "draw", 30000), ("2025-04-10", "repay", 40000)]


def line(basis, allocation, payoff_date="2025-05-01"):
    balance, accrued, paid_interest, last, settled = F(0), F(0), F(0), None, None
    for day, kind, amount in EVENTS:
        if last:
            accrued += balance * F(12, 100) * act(last, day) / basis
        last = day
        if kind == "draw":
            balance += amount
        elif allocation == "interest-first":
            settled = rnd(accrued)
            paid_interest += settled
            balance -= amount - settled
            accrued = F(0)
        else:
            balance -= amount  # principal first: the accrued interest waits for the payoff
    accrued += balance * F(12, 100) * act(last, payoff_date) / basis
    interest_due = rnd(accrued)
    return settled, balance, balance + interest_due, paid_interest + interest_due


s, b, payoff, total = line(360, "interest-first")
check("interest-first ACT/360: interest settled 04-10, principal left", (money(s), money(b)), ("876.67", "40876.67"))
check("interest-first ACT/360: payoff, total interest", (money(payoff), money(total)), ("41162.81", "1162.81"))
s, b, payoff, total = line(365, "interest-first")
check("interest-first ACT/365: interest settled 04-10, principal left", (money(s), money(b)), ("864.66", "40864.66"))
check("interest-first ACT/365: payoff, total interest", (money(payoff), money(total)), ("41146.79", "1146.79"))
check("principal-first ACT/360: payoff", money(line(360, "principal-first")[2]), "41156.67")
check("principal-first ACT/365: payoff", money(line(365, "principal-first")[2]), "41140.82")


# 5 and 6. Annualized rate, IRR method: the periodic rate i at which the payments' present value
# equals the amount received; nominal = 12 i, compound = (1 + i)^12 - 1.
def irr(received, payments):
    received = Decimal(received)
    pays = [Decimal(p) for p in payments]

    def f(i):
        return sum(p / (1 + i) ** k for k, p in enumerate(pays, start=1)) - received

    return solve(f, "0", "1")


check.heading("5. 10,000 repaid by 12 x 888.49 monthly")
i = irr(10000, ["888.49"] * 12)
check("periodic IRR %", dec(i * 100, 8), "1.00003764")
check("nominal %", dec(i * 1200, 6), "12.000452")
check("compound %", dec(((1 + i) ** 12 - 1) * 100, 6), "12.683007")

check.heading("6. 10,000 at 12% for 12 months with 300 deducted at disbursement (9,700 received)")
m6 = rnd(annuity(10000, r, 12))
rows6 = amortize(10000, r, 12, m6)
check("payment, last payment", (money(m6), money(rows6[-1][2])), ("888.49", "888.47"))
i = irr(9700, [money(x[2]) for x in rows6])
check("nominal %", dec(i * 1200, 6), "17.825043")
check("compound %", dec(((1 + i) ** 12 - 1) * 100, 6), "19.355889")

# 7. XIRR: sum P_j / (1 + rate)^((d_j - d_0)/365) = 0.
check.heading("7. XIRR")
FLOWS = [("2008-01-01", -10000), ("2008-03-01", 2750), ("2008-10-30", 4250), ("2009-02-15", 3250), ("2009-04-01", 2750)]


def npv(rate):
    return sum(Decimal(p) / ((1 + rate).ln() * Decimal(act(FLOWS[0][0], d)) / 365).exp() for d, p in FLOWS)


x = solve(npv, "0", "1")
check("rate", dec(x, 10), "0.3733625335")

# 8. Regulation Z Appendix J, example (c)(1)(ii): A = sum P_k / ((1 + f i)(1 + i)^t_k).
# 1978-02-10 to the first payment on 1978-04-01 is one whole month (back from 04-01 to 03-01) and
# 19 odd days (03-01 back to 02-10), so t_k = k and f = 19/30 for every payment.
check.heading("8. Appendix J (c)(1)(ii): 6,000 advanced 1978-02-10, 36 x 200 monthly from 1978-04-01")
f_odd = Decimal(19) / 30
check("odd days from the advance to 1978-03-01", act("1978-02-10", "1978-03-01"), 19)


def appendix_j(i):
    return sum(Decimal(200) / ((1 + f_odd * i) * (1 + i) ** t) for t in range(1, 37)) - 6000


i = solve(appendix_j, "0", "1")
check("APR % (2 places)", dec(i * 1200, 2), "11.82")
check("APR % (exact to 6 places)", dec(i * 1200, 6), "11.816508")

# 9. Spreadsheet time-value functions (Excel / LibreOffice Calc sign conventions: money paid out < 0).
check.heading("9. spreadsheet semantics")


def pmt(rate, nper, pv, fv=0, typ=0):
    rate, pv, fv = Decimal(rate), Decimal(pv), Decimal(fv)
    g = (1 + rate) ** nper
    return -(pv * g + fv) * rate / ((1 + rate * typ) * (g - 1))


def ipmt(rate, per, nper, pv):
    # Interest in period `per` (payments at the end): rate x the balance after per - 1 payments.
    rate, pv = Decimal(rate), Decimal(pv)
    p = pmt(rate, nper, pv)
    g = (1 + rate) ** (per - 1)
    balance = pv * g + p * (g - 1) / rate
    return -balance * rate


def ppmt(rate, per, nper, pv):
    return pmt(rate, nper, pv) - ipmt(rate, per, nper, pv)


def rate_of(nper, payment, pv):
    payment, pv = Decimal(payment), Decimal(pv)
    return solve(lambda x: pv * (1 + x) ** nper + payment * ((1 + x) ** nper - 1) / x, "0.000001", "1")


check("PMT(1%,12,100000)", dec(pmt("0.01", 12, 100000), 8), "-8884.87886783")
check("PMT(1%,12,100000,0,1)", dec(pmt("0.01", 12, 100000, 0, 1), 8), "-8796.90977013")
check("IPMT(10%/12,1,36,8000)", dec(ipmt(Decimal("0.1") / 12, 1, 36, 8000), 6), "-66.666667")
check("PPMT(10%/12,1,24,2000)", dec(ppmt(Decimal("0.1") / 12, 1, 24, 2000), 6), "-75.623186")
rt = rate_of(48, -200, 8000)
check("RATE(48,-200,8000)", dec(rt, 10), "0.0077014725")
print(f"  (RATE to 14 places: {dec(rt, 14)}; IPMT to 9: {dec(ipmt(Decimal('0.1') / 12, 1, 36, 8000), 9)})")

# The 4 x LPR line of the private-lending rules.
check.heading("4 x one-year LPR")
check("4 x 3.85%", dec(4 * F(385, 10000) * 100, 2), "15.40")
check("4 x 3.00%", dec(4 * F(300, 10000) * 100, 2), "12.00")

check.done()
