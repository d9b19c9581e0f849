//! Plate patterns of the other European countries the library knows.
//!
//! Each table lists the series in circulation in the normalised form the recognizer reads (the text left to right,
//! two-line plates top line first) with the display separators in common written use. Symbols: `9` digit, `X` a
//! letter of the country's serial alphabet, others per country below. These describe shapes, not registers: a
//! reading that fits is plausible, not proven issued. Special series (diplomatic, military, trade, personalised
//! beyond these shapes) are not modelled and read as "no format".
//!
//! - **BE**: `9-XXX-999` (2010–), `999-XXX` (2008–2010), `XXX-999` (1973–2008).
//! - **DE**: district code (1–3 letters) + recognition letters (1–2) + number (1–4 digits), at most 8 characters,
//!   optionally a final `E` (electric) or `H` (historic), symbol `e`. The split between district and recognition
//!   letters cannot be told from the text without the district register, so the display form only shows it where
//!   it is certain (2 letters: `M-A 1234`, 5 letters: `ABC-DE 12`); otherwise `MAB 1234`.
//! - **FR**: SIV `XX-999-XX` (2009–, no I, O, U); the older FNI `9999 XX 99` with 1–4 digits, 2–3 letters and a
//!   two-digit département (Corsica `2A`/`2B` and the overseas three-digit départements are not modelled).
//! - **ES**: `9999 XXX` (2000–, consonants without Ñ and Q), provincial `P-9999-PP` with 1–2 letter province and
//!   1–2 letter suffix (symbol `P`, any letter).
//! - **IT**: `XX 999XX` (1994–, no I, O, Q, U).
//! - **PL**: district code (symbol `D`, 2–3 letters) + serial; the serial alphabet omits B, D, I, O, Z (they read as
//!   8, 0, 1, 0, 2). The common serial shapes are listed; rarer ones read as "no format".
//! - **SK**: `XX-999XX` (district + serial, and the same shape for the 2023 district-free series).
//! - **CZ**: `9R9 9999` where `R` is a region letter and the third position is a digit or (since the digits ran
//!   out) a letter, symbol `*`.
//! - **GB**: current `XX99 XXX` (2001–, no I, Q), prefix `X999 XXX` (1983–2001) and suffix `XXX 999X` (1963–1983)
//!   with 1–3 digits.
//! - **LU**: `XX 9999` and the numeric `9999`/`99999` series.
//! - **AT**: district (symbol `D`, 1–2 letters) + serial of 1–5 digits and 1–3 letters (3–6 characters),
//!   displayed `W-123AB`.
//!
//! Sources: the series follow the Wikipedia articles "Vehicle registration plates of …" (en) and
//! "Kfz-Kennzeichen (…)" (de) of each country, written down from them rather than from the registers, so treat the
//! rarer shapes as best effort. The Polish structure (2–3 letter district, then 4–5 characters of which at most two
//! are letters) was checked against <https://wiki.1209k.com/content/wikipedia_en_all_maxi_2024-01/A/Vehicle_registration_plates_of_Poland>
//! and <https://www.skoda-storyboard.com/en/models/deciphering-number-plates-poland/attachment/deciphering-number-plates-poland-2/>.

use super::Country;
use super::pattern::{CharSet, PatternDef, pat};

const ANY: CharSet = CharSet::LETTERS;

/// The patterns of `country` (empty for NL, which lives in [`super::nl`]).
pub(crate) fn patterns(country: Country) -> &'static [PatternDef] {
    match country {
        Country::NL => &[],
        Country::BE => BE,
        Country::DE => DE,
        Country::FR => FR,
        Country::ES => ES,
        Country::IT => IT,
        Country::PL => PL,
        Country::SK => SK,
        Country::CZ => CZ,
        Country::GB => GB,
        Country::LU => LU,
        Country::AT => AT,
    }
}

/// The character set of a spec symbol for `country`.
pub(crate) fn symbol(country: Country, sym: u8) -> Option<CharSet> {
    let serial = match country {
        Country::FR => CharSet::letters_except("IOU"),
        Country::ES => CharSet::letters_except("AEIOUQ"),
        Country::IT => CharSet::letters_except("IOQU"),
        Country::PL => CharSet::letters_except("BDIOZ"),
        Country::GB => CharSet::letters_except("IQ"),
        Country::CZ => CharSet::letters_except("GOQW"),
        _ => ANY,
    };
    match (country, sym) {
        (_, b'9') => Some(CharSet::DIGITS),
        (_, b'X') => Some(serial),
        (Country::DE, b'e') => Some(CharSet::of("EH")),
        (Country::ES, b'P') | (Country::PL | Country::AT, b'D') => Some(ANY),
        (Country::CZ, b'R') => Some(CharSet::of("ABCEHJKLMPSTUZ")),
        (Country::CZ, b'M') => Some(serial.union(CharSet::DIGITS)),
        _ => None,
    }
}

const BE: &[PatternDef] = &[pat!("BE", "9-XXX-999"), pat!("BE", "999-XXX"), pat!("BE", "XXX-999")];

const DE: &[PatternDef] = &[
    pat!("DE", "X-X 9"),
    pat!("DE", "X-X 99"),
    pat!("DE", "X-X 999"),
    pat!("DE", "X-X 9999"),
    pat!("DE", "XXX 9"),
    pat!("DE", "XXX 99"),
    pat!("DE", "XXX 999"),
    pat!("DE", "XXX 9999"),
    pat!("DE", "XXXX 9"),
    pat!("DE", "XXXX 99"),
    pat!("DE", "XXXX 999"),
    pat!("DE", "XXXX 9999"),
    pat!("DE", "XXX-XX 9"),
    pat!("DE", "XXX-XX 99"),
    pat!("DE", "XXX-XX 999"),
    pat!("DE", "X-X 9e"),
    pat!("DE", "X-X 99e"),
    pat!("DE", "X-X 999e"),
    pat!("DE", "X-X 9999e"),
    pat!("DE", "XXX 9e"),
    pat!("DE", "XXX 99e"),
    pat!("DE", "XXX 999e"),
    pat!("DE", "XXX 9999e"),
    pat!("DE", "XXXX 9e"),
    pat!("DE", "XXXX 99e"),
    pat!("DE", "XXXX 999e"),
    pat!("DE", "XXX-XX 9e"),
    pat!("DE", "XXX-XX 99e"),
];

const FR: &[PatternDef] = &[
    pat!("FR", "XX-999-XX"),
    pat!("FR", "9 XX 99"),
    pat!("FR", "99 XX 99"),
    pat!("FR", "999 XX 99"),
    pat!("FR", "9999 XX 99"),
    pat!("FR", "9 XXX 99"),
    pat!("FR", "99 XXX 99"),
    pat!("FR", "999 XXX 99"),
    pat!("FR", "9999 XXX 99"),
];

const ES: &[PatternDef] = &[
    pat!("ES", "9999 XXX"),
    pat!("ES", "P-9999-P"),
    pat!("ES", "P-9999-PP"),
    pat!("ES", "PP-9999-P"),
    pat!("ES", "PP-9999-PP"),
];

const IT: &[PatternDef] = &[pat!("IT", "XX 999XX")];

const PL: &[PatternDef] = &[
    pat!("PL", "DD 99999"),
    pat!("PL", "DD 9999X"),
    pat!("PL", "DD 999XX"),
    pat!("PL", "DD 9X999"),
    pat!("PL", "DD 9XX99"),
    pat!("PL", "DDD X999"),
    pat!("PL", "DDD 99XX"),
    pat!("PL", "DDD 9X99"),
    pat!("PL", "DDD 99X9"),
    pat!("PL", "DDD 9XX9"),
    pat!("PL", "DDD X9XX"),
    pat!("PL", "DDD XX99"),
    pat!("PL", "DDD 99999"),
    pat!("PL", "DDD 9999X"),
    pat!("PL", "DDD 999XX"),
];

const SK: &[PatternDef] = &[pat!("SK", "XX-999XX")];

const CZ: &[PatternDef] = &[pat!("CZ", "9RM 9999")];

const GB: &[PatternDef] = &[
    pat!("GB", "XX99 XXX"),
    pat!("GB", "X9 XXX"),
    pat!("GB", "X99 XXX"),
    pat!("GB", "X999 XXX"),
    pat!("GB", "XXX 9X"),
    pat!("GB", "XXX 99X"),
    pat!("GB", "XXX 999X"),
];

const LU: &[PatternDef] = &[pat!("LU", "XX 9999"), pat!("LU", "9999"), pat!("LU", "99999")];

const AT: &[PatternDef] = &[
    pat!("AT", "D-9XX"),
    pat!("AT", "D-9XXX"),
    pat!("AT", "D-99X"),
    pat!("AT", "D-99XX"),
    pat!("AT", "D-99XXX"),
    pat!("AT", "D-999X"),
    pat!("AT", "D-999XX"),
    pat!("AT", "D-999XXX"),
    pat!("AT", "D-9999X"),
    pat!("AT", "D-9999XX"),
    pat!("AT", "D-99999X"),
    pat!("AT", "DD-9XX"),
    pat!("AT", "DD-9XXX"),
    pat!("AT", "DD-99X"),
    pat!("AT", "DD-99XX"),
    pat!("AT", "DD-99XXX"),
    pat!("AT", "DD-999X"),
    pat!("AT", "DD-999XX"),
    pat!("AT", "DD-999XXX"),
    pat!("AT", "DD-9999X"),
    pat!("AT", "DD-9999XX"),
    pat!("AT", "DD-99999X"),
];
