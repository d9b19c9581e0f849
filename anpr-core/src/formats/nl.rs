//! Dutch plates: the fourteen sidecodes, the letters the RDW issues, and the withheld combinations.
//!
//! # Sidecodes
//!
//! `X` = letter, `9` = digit; the dashes are part of the display form.
//!
//! | sidecode | form | issued from |
//! |---|---|---|
//! | 1 | `XX-99-99` | 1951 |
//! | 2 | `99-99-XX` | 1965 |
//! | 3 | `99-XX-99` | 1973 |
//! | 4 | `XX-99-XX` | 1978 |
//! | 5 | `XX-XX-99` | 1991 |
//! | 6 | `99-XX-XX` | 1999 |
//! | 7 | `99-XXX-9` | 2008 |
//! | 8 | `9-XXX-99` | 2013 |
//! | 9 | `XX-999-X` | 2015 |
//! | 10 | `X-999-XX` | 2019 |
//! | 11 | `XXX-99-X` | 2024 |
//! | 12 | `X-99-XXX` | planned |
//! | 13 | `9-XX-999` | planned |
//! | 14 | `999-XX-9` | planned |
//!
//! # Letters
//!
//! - Sidecodes 1–3 used vowels; C and Q were never issued (they read as `0`), except on diplomatic `CD` plates,
//!   which follow no sidecode and are not modelled.
//! - Since sidecode 4 (1978) no vowels (A, E, I, O, U) are issued, so the regular letters are
//!   `B D F G H J K L N P R S T V X Z`. Y counts as a vowel from sidecode 7 on; we allow it in sidecodes 4–6.
//! - Exceptions, all on the **first letter** of the plate: `M` for motorcycles (and some defence vehicles), `W`
//!   for trailers over 750 kg and caravans, `O` for semi-trailers (the only vowel still issued). Other first letters
//!   are vehicle classes but come from the regular set (`B` heavy goods, `V` light goods, `D`/`F` mopeds).
//! - Royal plates (`AA-…`) and `CD`/`CDJ` diplomatic plates are special series outside the sidecodes and are not
//!   modelled; they read as "no format" rather than being dropped.
//!
//! # Withheld combinations
//!
//! The RDW does not issue letter groups that read as offensive or political abbreviations: `GVD`, `KKK`, `KVT`,
//! `LPF`, `NSB`, `PKK`, `PSV`, `TBS`, `SS`, `SD` (also inside a three-letter group), the party names `PVV`, `SGP`,
//! `VVD`, `FVD`, `BBB`, and `SA` in older series. The register has issued some of them by mistake (hundreds of
//! `NSB` plates in sidecode 7 in 2010, `FVD` and `SP` in 2018), so a match is flagged
//! ([`super::FormatMatch::withheld`]) and never rejected.
//!
//! # Sources
//!
//! - RDW rules as quoted by RTL Nieuws, "Kentekens: verboden lettercombinaties" (2019-08),
//!   <https://www.rtlnieuws.nl/nieuws/nederland/artikel/4819131/kentekens-verboden-lettercombinaties-nummerborden-kenteken>
//!   (vowels, C/Q, first letters B, D, F, M, O, V, W, the withheld list and the party names).
//! - nummerborden.info, "Nederlandse kentekens", <https://www.nummerborden.info/info-nl-kentekens> (sidecode dates,
//!   first letters per vehicle class, the withheld list).
//! - kenteken.tv blog, "Bijzondere uitgifte kentekencombinatie N-001-SB" (2021-12),
//!   <https://blog.kenteken.tv/2021/12/14/bijzondere-uitgifte-kentekencombinatie-n-001-sb/> (O only for
//!   semi-trailers, M for motorcycles and defence, W for trailers, Y dropped; KVT and LPF; NSB issued by mistake).
//! - NRC, 2018-05-23, <https://www.nrc.nl/nieuws/2018/05/23/pr-005-t-a1603819> (FVD and SP issued by mistake).
//! - Autovisie (2024-09), <https://www.autovisie.nl/extra/pvv-kkk-en-nsb-deze-kentekens-zijn-verboden-in-nederland/>
//!   (BBB and FVD withheld in the three-letter series).
//! - memim.com (translation of de.wikipedia "Kfz-Kennzeichen (Niederlande)"),
//!   <https://memim.com/vehicle-registration-plates-of-the-netherlands.html> (Y treated as a vowel from sidecode 7,
//!   SA/SD/SS avoided).
//! - kentekenkennis.nl, "Sidecode", <https://kentekenkennis.nl/sidecode> (sidecode table).

use super::pattern::{CharSet, PatternDef};

/// Letters issued in all regular series since sidecode 4.
const REGULAR: CharSet = CharSet::of("BDFGHJKLNPRSTVXZ");
/// Sidecodes 1–3: every letter but C and Q.
const OLD: CharSet = CharSet::letters_except("CQ");
/// First-letter exceptions: motorcycles, trailers, semi-trailers.
const FIRST_EXTRA: CharSet = CharSet::of("MWO");

/// The sidecodes. `F` marks the plate's first letter (which admits the exceptions), `X` any other letter.
pub(crate) const PATTERNS: &[PatternDef] = &[
    sc("NL-1", "FX-99-99", 1),
    sc("NL-2", "99-99-FX", 2),
    sc("NL-3", "99-FX-99", 3),
    sc("NL-4", "FX-99-XX", 4),
    sc("NL-5", "FX-XX-99", 5),
    sc("NL-6", "99-FX-XX", 6),
    sc("NL-7", "99-FXX-9", 7),
    sc("NL-8", "9-FXX-99", 8),
    sc("NL-9", "FX-999-X", 9),
    sc("NL-10", "F-999-XX", 10),
    sc("NL-11", "FXX-99-X", 11),
    sc("NL-12", "F-99-XXX", 12),
    sc("NL-13", "9-FX-999", 13),
    sc("NL-14", "999-FX-9", 14),
];

const fn sc(name: &'static str, spec: &'static str, sidecode: u8) -> PatternDef {
    PatternDef { name, spec, sidecode: Some(sidecode) }
}

/// The character set of a spec symbol in the given sidecode.
pub(crate) fn symbol(sidecode: Option<u8>, sym: u8) -> Option<CharSet> {
    let code = sidecode.unwrap_or(0);
    let letters = match code {
        1..=3 => OLD,
        4..=6 => REGULAR.union(CharSet::of("Y")),
        _ => REGULAR,
    };
    match sym {
        b'9' => Some(CharSet::DIGITS),
        b'X' => Some(letters),
        b'F' if code <= 3 => Some(letters),
        b'F' => Some(letters.union(FIRST_EXTRA)),
        _ => None,
    }
}

/// Letter groups the RDW withholds (see the module docs).
pub(crate) const WITHHELD: &[&str] =
    &["GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "TBS", "SS", "SD", "SA", "PVV", "SGP", "VVD", "FVD", "BBB"];

/// Whether one of the display groups of `text` contains a withheld combination.
pub(crate) fn is_withheld(groups: &[std::ops::Range<usize>], text: &str) -> bool {
    let text = text.as_bytes();
    groups
        .iter()
        .filter_map(|g| text.get(g.clone()))
        .any(|group| WITHHELD.iter().any(|w| group.windows(w.len()).any(|win| win == w.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_rules_follow_the_rdw() {
        let new = symbol(Some(7), b'X').expect("X");
        for c in "AEIOUCQMWY".bytes() {
            assert!(!new.contains(c), "{} must not be a regular letter in sidecode 7", c as char);
        }
        let first = symbol(Some(10), b'F').expect("F");
        assert!(first.contains(b'M') && first.contains(b'W') && first.contains(b'O'));
        assert!(!first.contains(b'A') && !first.contains(b'C'));
        let old = symbol(Some(1), b'X').expect("X");
        assert!(old.contains(b'A') && old.contains(b'E') && !old.contains(b'C') && !old.contains(b'Q'));
        assert!(symbol(Some(5), b'X').expect("X").contains(b'Y'));
    }

    #[test]
    fn withheld_groups_are_found_within_groups_only() {
        assert!(is_withheld(&[0..2, 2..5, 5..6], "12NSB3"));
        assert!(is_withheld(&[0..2, 2..5, 5..6], "12SSB3"));
        assert!(!is_withheld(&[0..2, 2..4, 4..6], "GV12DB"));
        assert!(!is_withheld(&[0..2, 2..5, 5..6], "12GBT3"));
    }
}
