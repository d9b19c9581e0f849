//! Character sets and plate patterns: the building blocks every country table is written in.
//!
//! A pattern is written as a *spec* such as `"99-XXX-9"`: each alphanumeric symbol is one character position and
//! names a [`CharSet`] (resolved by the country's table), every other character (`-`, space) is a separator that
//! only appears in the display form. The normalised text is the spec with the separators removed.

use super::Country;

/// A set of plate characters (`0`–`9`, `A`–`Z`) as a bit mask: bit `0..=9` digits, bit `10..=35` letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CharSet(pub(crate) u64);

impl CharSet {
    /// The ten digits.
    pub(crate) const DIGITS: CharSet = CharSet(0x3FF);
    /// All 26 letters.
    pub(crate) const LETTERS: CharSet = CharSet(((1u64 << 26) - 1) << 10);

    /// The bit index of a plate character, or `None` for anything outside `0`–`9`, `A`–`Z`.
    pub(crate) const fn index(c: u8) -> Option<u32> {
        match c {
            b'0'..=b'9' => Some((c - b'0') as u32),
            b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
            _ => None,
        }
    }

    /// The set of the given characters (others are ignored).
    pub(crate) const fn of(chars: &str) -> CharSet {
        let bytes = chars.as_bytes();
        let mut mask = 0u64;
        let mut i = 0;
        while i < bytes.len() {
            if let Some(bit) = Self::index(bytes[i]) {
                mask |= 1 << bit;
            }
            i += 1;
        }
        CharSet(mask)
    }

    /// All letters except the given ones.
    pub(crate) const fn letters_except(chars: &str) -> CharSet {
        CharSet(Self::LETTERS.0 & !Self::of(chars).0)
    }

    /// Union of two sets.
    pub(crate) const fn union(self, other: CharSet) -> CharSet {
        CharSet(self.0 | other.0)
    }

    /// Whether the character is in the set.
    pub(crate) const fn contains(self, c: u8) -> bool {
        match Self::index(c) {
            Some(bit) => self.0 & (1 << bit) != 0,
            None => false,
        }
    }

    /// Whether the set is empty.
    pub(crate) const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members in ascending order (`0`–`9` then `A`–`Z`).
    #[cfg(test)]
    pub(crate) fn members(self) -> impl Iterator<Item = char> {
        (0u8..10).map(|d| (b'0' + d) as char).chain((0u8..26).map(|l| (b'A' + l) as char)).filter(move |&c| {
            let mut buf = [0u8; 4];
            self.contains(c.encode_utf8(&mut buf).as_bytes()[0])
        })
    }
}

/// One row of a country table: a stable name, the spec and (Dutch plates) the sidecode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternDef {
    /// Stable name, unique across all countries (e.g. `"NL-7"`, `"DE X-X 9999"`).
    pub(crate) name: &'static str,
    /// Display spec, e.g. `"99-XXX-9"`.
    pub(crate) spec: &'static str,
    /// Dutch sidecode, if any.
    pub(crate) sidecode: Option<u8>,
}

/// Shorthand for a table row whose name is the country code followed by the spec.
macro_rules! pat {
    ($country:literal, $spec:literal) => {
        $crate::formats::pattern::PatternDef { name: concat!($country, " ", $spec), spec: $spec, sidecode: None }
    };
}
pub(crate) use pat;

/// A resolved pattern: the character set of every position.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub(crate) country: Country,
    pub(crate) def: PatternDef,
    /// The allowed characters of each position (length = plate length).
    pub(crate) slots: Vec<CharSet>,
    /// The display groups as ranges of the text.
    pub(crate) groups: Vec<std::ops::Range<usize>>,
}

impl Pattern {
    /// Resolve a table row with the country's symbol table; `None` if a symbol is unknown.
    pub(crate) fn resolve(country: Country, def: PatternDef, symbol: impl Fn(u8) -> Option<CharSet>) -> Option<Self> {
        let slots =
            def.spec.bytes().filter(u8::is_ascii_alphanumeric).map(&symbol).collect::<Option<Vec<CharSet>>>()?;
        if slots.iter().any(|s| s.is_empty()) {
            return None;
        }
        Some(Self { country, def, slots, groups: group_ranges(def.spec) })
    }

    /// Plate length in characters.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the normalised text fits this pattern.
    pub(crate) fn fits(&self, text: &[u8]) -> bool {
        text.len() == self.slots.len() && text.iter().zip(&self.slots).all(|(&c, s)| s.contains(c))
    }

    /// The text laid out like the spec (separators inserted); `None` if the length differs.
    pub(crate) fn display(&self, text: &str) -> Option<String> {
        layout(self.def.spec, text)
    }
}

/// Insert the spec's separators into `text`; `None` if the lengths differ.
pub(crate) fn layout(spec: &str, text: &str) -> Option<String> {
    let positions = spec.bytes().filter(u8::is_ascii_alphanumeric).count();
    if positions != text.chars().count() {
        return None;
    }
    let mut chars = text.chars();
    let mut out = String::with_capacity(spec.len());
    for s in spec.chars() {
        if s.is_ascii_alphanumeric() {
            out.push(chars.next()?);
        } else {
            out.push(s);
        }
    }
    Some(out)
}

fn group_ranges(spec: &str) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let (mut start, mut pos) = (0, 0);
    for b in spec.bytes() {
        if b.is_ascii_alphanumeric() {
            pos += 1;
        } else {
            if pos > start {
                groups.push(start..pos);
            }
            start = pos;
        }
    }
    if pos > start {
        groups.push(start..pos);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_hold_what_they_say() {
        let nl = CharSet::of("BDFGHJKLNPRSTVXZ");
        assert!(nl.contains(b'B') && !nl.contains(b'A') && !nl.contains(b'8'));
        assert!(CharSet::DIGITS.contains(b'0') && !CharSet::DIGITS.contains(b'O'));
        assert_eq!(CharSet::letters_except("IOU").members().count(), 23);
        assert_eq!(CharSet::DIGITS.union(CharSet::LETTERS).members().count(), 36);
    }

    #[test]
    fn layout_inserts_separators() {
        assert_eq!(layout("99-XXX-9", "12ABC3").as_deref(), Some("12-ABC-3"));
        assert_eq!(layout("X-X 9999", "MA1234").as_deref(), Some("M-A 1234"));
        assert_eq!(layout("99-XXX-9", "12ABC"), None);
        assert_eq!(group_ranges("XX-999-X"), vec![0..2, 2..5, 5..6]);
    }
}
