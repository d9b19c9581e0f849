"""Plate texts: the 14 Dutch sidecodes and the common foreign formats. Returns (groups, country) where
groups is a list of strings (the printed groups; the label is their concatenation)."""
import string

DIGITS = "0123456789"
NL_LETTERS = "BDFGHJKLNPRSTVXZ"  # consonants without C and Q, used from sidecode 4 on
OLD_LETTERS = "ABDEFGHJKLMNPRSTUVXYZ"
ALL_LETTERS = string.ascii_uppercase
ES_LETTERS = "BCDFGHJKLMNPRSTVWXYZ"

# sidecode -> group patterns (X = letter, 9 = digit)
NL_SIDECODES = {
    1: ["XX", "99", "99"], 2: ["99", "99", "XX"], 3: ["99", "XX", "99"], 4: ["XX", "99", "XX"],
    5: ["XX", "XX", "99"], 6: ["99", "XX", "XX"], 7: ["99", "XXX", "9"], 8: ["9", "XXX", "99"],
    9: ["XX", "999", "X"], 10: ["X", "999", "XX"], 11: ["XXX", "99", "X"], 12: ["X", "99", "XXX"],
    13: ["9", "XX", "999"], 14: ["999", "XX", "9"],
}
# the sidecodes seen on the road today get more weight
NL_WEIGHTS = {1: 1, 2: 1, 3: 1, 4: 2, 5: 4, 6: 5, 7: 6, 8: 6, 9: 6, 10: 6, 11: 5, 12: 3, 13: 3, 14: 2}


def fill(rng, pattern, letters=ALL_LETTERS, digits=DIGITS):
    return "".join(rng.choice(list(letters)) if c == "X" else rng.choice(list(digits)) if c == "9" else c
                   for c in pattern)


def nl_text(rng, sidecode=None):
    if sidecode is None:
        codes = list(NL_WEIGHTS)
        w = [NL_WEIGHTS[c] for c in codes]
        sidecode = int(rng.choice(codes, p=[x / sum(w) for x in w]))
    letters = OLD_LETTERS if sidecode <= 3 else NL_LETTERS
    return [fill(rng, p, letters) for p in NL_SIDECODES[sidecode]], sidecode


def foreign_text(rng, country):
    f = lambda p, l=ALL_LETTERS: fill(rng, p, l)
    if country == "BE":
        return [f("9"), f("XXX"), f("999")]
    if country == "DE":
        return [f(rng.choice(["X", "XX", "XXX"])), f(rng.choice(["X", "XX"])), f(rng.choice(["9", "99", "999", "9999"]))]
    if country == "FR":
        return [f("XX"), f("999"), f("XX")]
    if country == "ES":
        return [f("9999"), f("XXX", ES_LETTERS)]
    if country == "IT":
        return [f("XX"), f("999"), f("XX")]
    if country == "PL":
        return [f(rng.choice(["XX", "XXX"])), f(rng.choice(["99999", "9999X", "999XX", "9X999"]))]
    if country == "CZ":
        return [f("9X9"), f("9999")]
    if country == "SK":
        return [f("XX"), f("999XX")]
    if country == "GB":
        return [f("XX99"), f("XXX")]
    if country == "US":
        p = rng.choice(["XXX9999", "9XXX999", "999XXX", "XXX999", "99X9999", "XX99999", "9XX9999",
                        "XXXX99", "X999999", "999X9", "XX9X99", "9999XX", "XXX9X", "99XXX9"])
        s = f(p)
        if rng.random() < 0.6 and len(s) > 4:  # many US plates print a gap, dash or emblem in the middle
            k = len(s) // 2 + int(rng.integers(-1, 2)) if len(s) > 5 else len(s) // 2
            return [s[:k], s[k:]]
        return [s]
    # generic European: 5-8 random alphanumerics in 1-3 groups
    n = int(rng.integers(5, 9))
    s = "".join(rng.choice(list(DIGITS + ALL_LETTERS)) for _ in range(n))
    cuts = sorted(rng.choice(range(1, n), size=int(rng.integers(0, 3)), replace=False))
    return [s[a:b] for a, b in zip([0] + list(cuts), list(cuts) + [n])]
