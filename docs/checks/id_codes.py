"""Check characters of the resident ID number (GB 11643-1999) and the unified social credit code
(GB 32100-2015), for the examples in docs/risk-and-collections.md and the altered ones the tests
reject.

Run from the repository root:  python3 docs/checks/id_codes.py
"""
from exact import Checks

check = Checks("identity code check characters")

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_TABLE = "10X98765432"  # (sum of digit x weight) mod 11 -> check character


def id_check(first17):
    return ID_TABLE[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V; each character's value is its index
CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def code_check(first17):
    c = 31 - sum(CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CODE_WEIGHTS)) % 31
    return CODE_ALPHABET[0 if c == 31 else c]


check.heading("resident ID number 11010519491231002X")
number = "11010519491231002X"
check("check character of 11010519491231002", id_check(number[:17]), "X")
check("area, birth date, sequence", (number[:6], f"{number[6:10]}-{number[10:12]}-{number[12:14]}", number[14:17]), ("110105", "1949-12-31", "002"))
check("sequence 002 is even: female", "F" if int(number[16]) % 2 == 0 else "M", "F")

check.heading("unified social credit code 91350100M000100Y43")
check("weights 3^i mod 31", tuple(CODE_WEIGHTS), (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28))
check("check character of 91350100M000100Y4", code_check("91350100M000100Y4"), "3")

check.done()
