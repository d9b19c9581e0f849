//! Plate characters as small class indices, look-alike pairs, and a cheap text distance.

/// Classes: `A`–`Z` are 0–25, `0`–`9` are 26–35, and 36 is "no character".
pub(crate) const NCLASS: usize = 37;
/// The "no character at this position" class.
pub(crate) const GAP: u8 = 36;

/// The class of a plate character, or `None` for anything that is not A–Z/0–9.
pub(crate) fn char_class(c: char) -> Option<u8> {
    match c.to_ascii_uppercase() {
        c @ 'A'..='Z' => Some(c as u8 - b'A'),
        c @ '0'..='9' => Some(c as u8 - b'0' + 26),
        _ => None,
    }
}

/// The character of a class (`?` for the gap, which is never printed).
pub(crate) fn class_char(k: u8) -> char {
    match k {
        0..=25 => char::from(b'A' + k),
        26..=35 => char::from(b'0' + k - 26),
        _ => '?',
    }
}

#[cfg(test)]
/// Appends the classes of `text` to `out`, skipping separators and anything unknown.
pub(crate) fn to_classes(text: &str, out: &mut Vec<u8>) {
    out.extend(text.chars().filter_map(char_class));
}

/// Pairs OCR confuses all the time; confusing them costs half a substitution.
const LOOKALIKES: [(char, char); 12] = [
    ('O', '0'),
    ('D', '0'),
    ('Q', '0'),
    ('I', '1'),
    ('L', '1'),
    ('Z', '2'),
    ('S', '5'),
    ('B', '8'),
    ('G', '6'),
    ('T', '7'),
    ('A', '4'),
    ('U', 'V'),
];

const fn const_class(c: char) -> u8 {
    let b = c as u8;
    if b >= b'A' && b <= b'Z' { b - b'A' } else { b - b'0' + 26 }
}

/// Most look-alike partners any character has.
pub(crate) const MAX_PARTNERS: usize = 3;

/// For each class, its look-alike partners and how many there are (built at compile time from [`LOOKALIKES`]).
const PARTNERS: [([u8; MAX_PARTNERS], u8); NCLASS] = {
    let mut table = [([0u8; MAX_PARTNERS], 0u8); NCLASS];
    let mut i = 0;
    while i < LOOKALIKES.len() {
        let (a, b) = (const_class(LOOKALIKES[i].0), const_class(LOOKALIKES[i].1));
        let (ea, eb) = (&mut table[a as usize], 0);
        ea.0[ea.1 as usize] = b;
        ea.1 += 1;
        let _ = eb;
        let e = &mut table[b as usize];
        e.0[e.1 as usize] = a;
        e.1 += 1;
        i += 1;
    }
    table
};

/// The look-alike partners of a class (e.g. `0` → `O`, `D`, `Q`).
pub(crate) fn partners(k: u8) -> &'static [u8] {
    match PARTNERS.get(usize::from(k)) {
        Some((p, n)) => &p[..usize::from(*n)],
        None => &[],
    }
}

pub(crate) fn is_lookalike(a: u8, b: u8) -> bool {
    partners(a).contains(&b)
}

/// Longest text compared by [`text_distance`]; the rest is ignored.
const MAX_CMP: usize = 20;

/// Edit distance (look-alike substitutions cost ½) divided by the longer length: 0 same, ~1 unrelated.
pub(crate) fn text_distance(a: &[u8], b: &[u8]) -> f32 {
    let a = &a[..a.len().min(MAX_CMP)];
    let b = &b[..b.len().min(MAX_CMP)];
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0.0;
    }
    if a == b {
        return 0.0;
    }
    let mut prev = [0.0f32; MAX_CMP + 1];
    let mut cur = [0.0f32; MAX_CMP + 1];
    for (j, v) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *v = j as f32;
    }
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = (i + 1) as f32;
        for (j, &cb) in b.iter().enumerate() {
            let sub = if ca == cb {
                0.0
            } else if is_lookalike(ca, cb) {
                0.5
            } else {
                1.0
            };
            cur[j + 1] = (prev[j] + sub).min(prev[j + 1] + 1.0).min(cur[j] + 1.0);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] / longest as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cls(s: &str) -> Vec<u8> {
        let mut v = Vec::new();
        to_classes(s, &mut v);
        v
    }

    #[test]
    fn classes_round_trip() {
        for c in "ABCXYZ0189".chars() {
            assert_eq!(char_class(c).map(class_char), Some(c));
        }
        assert_eq!(char_class('-'), None);
        assert_eq!(cls("12-ab-3"), cls("12AB3"));
    }

    #[test]
    fn distance_is_normalised_and_lookalike_aware() {
        assert_eq!(text_distance(&cls("AB12"), &cls("AB12")), 0.0);
        assert!((text_distance(&cls("AB12"), &cls("A812")) - 0.125).abs() < 1e-6);
        assert!((text_distance(&cls("AB12"), &cls("AB1")) - 0.25).abs() < 1e-6);
        assert!(text_distance(&cls("AB12CD"), &cls("XY98ZW")) > 0.9);
        assert_eq!(text_distance(&[], &[]), 0.0);
    }

    #[test]
    fn lookalike_table_is_symmetric() {
        let c = |ch| char_class(ch).expect("plate char");
        assert_eq!(partners(c('0')).len(), 3);
        for a in 0..NCLASS as u8 {
            for &b in partners(a) {
                assert!(is_lookalike(b, a));
            }
        }
        assert!(partners(GAP).is_empty());
    }
}
