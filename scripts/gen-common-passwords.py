#!/usr/bin/env python3
"""Writes src/domain/auth/common_passwords.txt: passwords too common to allow.

No breached-password list can be downloaded where duxing is built, so the list
is generated from the patterns that dominate every published leak (and the
Chinese ones, e.g. the CSDN/Tianya leaks of 2011): keyboard walks, repeated and
sequential digits, years and dates, common words and pinyin with digits, QQ-style
numbers. Only entries of 12 to 128 characters are kept (shorter passwords are
refused by length). Lower case; the server compares the lower-cased password.

Usage: scripts/gen-common-passwords.py > src/domain/auth/common_passwords.txt
"""

import itertools

MIN, MAX = 12, 128

WORDS = [
    "password", "passw0rd", "p@ssw0rd", "p@ssword", "admin", "administrator", "root",
    "duxing", "tongji", "tongjiju", "statistics", "qwerty", "welcome", "letmein",
    "iloveyou", "woaini", "woaini1314", "aini1314", "abc", "abcd", "abcde", "abcdef",
    "a", "aa", "aaa", "qq", "qaz", "zxc", "asd", "wang", "zhang", "li", "liu", "chen",
    "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he",
    "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng",
    "dangyuan", "dangwei", "zhibu", "lingdao", "gongchandang", "zhongguo", "china",
    "beijing", "shanghai", "love", "dragon", "monkey", "sunshine", "master", "super",
    "superman", "test", "user", "guest", "system", "manager", "changeme", "secret",
    "default", "football", "baseball", "princess", "shadow", "hello", "hellokitty",
    "qwe", "asdf", "zxcv", "wocao", "nihao", "xiaoming", "laopo", "laogong",
    "baobei", "tiantian", "woshishui", "wodemima", "mima", "zxcvbnm", "qwertyuiop",
]

SUFFIXES = [
    "", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
    "1234567890", "0", "00", "000", "111", "666", "888", "999", "520", "1314", "5201314",
    "520520", "1314520", "!", "!!", "@", "#", "@123", "#123", "!@#", "!@#$", "123!", "123!@#", "@2021",
    "qwe", "abc", "@qq", ".com", "@qq.com", "@163.com", "@126.com", "@sina.com",
]
YEARS = [str(y) for y in range(1950, 2031)]

KEYBOARD_WALKS = [
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv",
    "qazwsx", "qazwsxedc", "qazwsxedcrfv", "zaq12wsx", "zaq1xsw2", "1q2w3e4r",
    "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4", "q1w2e3r4t5", "q1w2e3r4t5y6", "qweasdzxc",
    "qweasd", "asdzxc", "qwe123", "asd123", "zxc123", "qwerty123", "qwertyuiop123",
    "!qaz@wsx", "!qaz2wsx", "1qaz@wsx", "1qaz!qaz", "qwer1234", "asdf1234", "zxcv1234",
    "1234qwer", "1234asdf", "1234zxcv", "qwerasdf", "asdfjkl;", "poiuytrewq",
    "mnbvcxz", "lkjhgfdsa", "147258369", "159357", "159753", "123qwe", "123asd",
    "123zxc", "qwertyui", "asdfghjk", "zxcvbnm,./", "1qazxsw2", "2wsx3edc", "3edc4rfv",
    "qazxswedc", "!@#$%^&*", "!@#$%^&*()", "!@#qwe", "!@#qweasd", "1q2w3e", "zaq!2wsx",
]


def digit_runs():
    out = set()
    for d in "0123456789":
        for n in range(MIN, 21):
            out.add(d * n)
    seq = "01234567890123456789"
    for start in range(10):
        for n in range(MIN, 21):
            out.add(seq[start:start + n])
    rev = "98765432109876543210"
    for start in range(10):
        for n in range(MIN, 21):
            out.add(rev[start:start + n])
    # Repeated short blocks: 121212121212, 123123123123, 520520520520 ...
    for block in ["12", "21", "123", "321", "1234", "4321", "520", "1314", "5201314",
                  "110", "119", "168", "518", "666", "888", "abc", "qwe", "asd", "zxc",
                  "qaz", "ab", "aa", "a1", "1a", "qq"]:
        for n in range(2, 11):
            out.add(block * n)
    # 11-digit mobile-like and QQ-like runs with the favourite endings.
    for head in ["13", "15", "18", "17", "19"]:
        for d in "0123456789":
            out.add(head + d * 10)
    return out


def dates():
    out = set()
    for y in range(1950, 2031):
        for m in range(1, 13):
            ymd = f"{y}{m:02d}01"
            out.add(ymd + ymd[-4:])
            out.add(ymd + "1234")
        out.add(f"{y}{y}{y}")
        out.add(f"{y}0101{y}")
    # Party anniversaries and campaign years people reach for.
    for s in ["19210701", "19491001", "20210701", "20211001", "19780101"]:
        out.update({s + "1234", s + s[-4:], s + "0000", "dang" + s, "cpc" + s})
    return out


def words():
    out = set()
    for w in WORDS:
        forms = {w, w.capitalize(), w.upper()}
        for f, s in itertools.product(forms, SUFFIXES + YEARS):
            out.add((f + s).lower())
        for y in YEARS[40:]:
            out.add(w + "@" + y)
            out.add(y + w)
        out.add(w * 2)
        out.add(w * 3)
    for w in ["duxing", "tongji", "tongjiju", "admin", "password", "woaini", "dangyuan",
              "dangwei", "zhibu", "lingdao", "qwerty", "china", "zhongguo"]:
        for y in YEARS[50:]:
            out.add(w + y + w)
            out.add(w + "@" + y + "!")
    for a, b in itertools.product(["woaini", "iloveyou", "aini", "love"], WORDS[27:70]):
        out.add(a + b)
        out.add(b + a)
    return out


def prefixed_digits():
    # a123456789012, qq1234567890, wang12345678910 ...
    out = set()
    runs = ["123456789", "1234567890", "12345678910", "123456789012", "0123456789",
            "987654321", "111111111", "888888888", "666666666", "5201314520"]
    for p in ["a", "aa", "aaa", "ab", "abc", "q", "qq", "qaz", "zxc", "asd", "qwe",
              "wang", "zhang", "li", "liu", "chen", "woaini", "z", "x", "w"]:
        for r in runs:
            out.update({p + r, r + p})
    return out


def walks():
    out = set()
    for w in KEYBOARD_WALKS:
        out.update({w, w * 2, w + w[::-1]})
        for s in SUFFIXES + ["!@#", "!@#$%^", "qwe", "asd"]:
            out.add(w + s)
            out.add(s + w)
    return out


def main():
    every = digit_runs() | dates() | words() | prefixed_digits() | walks()
    kept = sorted(p for p in every if MIN <= len(p) <= MAX)
    print("# Generated by scripts/gen-common-passwords.py; do not edit.")
    for p in kept:
        print(p)


if __name__ == "__main__":
    main()
