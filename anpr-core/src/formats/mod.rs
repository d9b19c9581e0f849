//! Plate formats: which character patterns each country issues, and decoding that knows them.
//!
//! - [`normalize`] turns user input (`12-abc-3`) into the canonical text (`12ABC3`); [`parse`] also finds its
//!   format.
//! - [`classify`] tells which [`FormatMatch`] a normalised text fits, preferring the expected countries;
//!   [`display`] lays the text out with the format's separators (`12-ABC-3`).
//! - [`Decoder`] turns the recognizer's per-slot probabilities into the most probable readings that fit the known
//!   formats (see its docs for the search and the scores).
//!
//! ```
//! use anpr_core::formats::{Country, classify, display, parse};
//!
//! let plate = parse("12 gbt 3", &[Country::NL])?;
//! assert_eq!(plate.text, "12GBT3");
//! assert_eq!(plate.display(), "12-GBT-3");
//! assert_eq!(plate.format.as_ref().and_then(|f| f.sidecode), Some(7));
//!
//! // The same text can fit several countries; the expected ones win.
//! let de = classify("AB1234", &[Country::DE]);
//! assert_eq!(display("AB1234", de.as_ref()), "A-B 1234");
//! # Ok::<(), anpr_core::Error>(())
//! ```
//!
//! The Dutch sidecodes, letter rules and withheld combinations are documented (with sources) in the `nl` module
//! source; the other countries in `europe`. Expected countries are always a soft preference: a plate that fits no
//! known format is reported with `format: None`, never dropped.

mod decode;
mod europe;
mod nl;
mod pattern;
mod registry;
mod text;

use std::fmt;
use std::str::FromStr;

pub use decode::{Candidate, DEFAULT_COUNTRY_PRIOR, DEFAULT_FORMAT_PRIOR, Decoded, Decoder};
pub use text::{MAX_PLATE_LEN, normalize};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use pattern::Pattern;
use registry::registry;

/// A country (or plate family) whose formats the library knows.
///
/// Serialised as its ISO 3166-1 alpha-2 code (`"NL"`); [`Country::from_code`] and [`FromStr`] accept any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Country {
    /// The Netherlands.
    NL,
    /// Belgium.
    BE,
    /// Germany.
    DE,
    /// France.
    FR,
    /// Spain.
    ES,
    /// Italy.
    IT,
    /// Poland.
    PL,
    /// Slovakia.
    SK,
    /// Czechia.
    CZ,
    /// United Kingdom.
    GB,
    /// Luxembourg.
    LU,
    /// Austria.
    AT,
}

impl Country {
    /// Every known country, in the order used to break ties between formats of equal preference.
    pub const ALL: &'static [Country] = &[
        Country::NL,
        Country::BE,
        Country::DE,
        Country::FR,
        Country::ES,
        Country::IT,
        Country::PL,
        Country::SK,
        Country::CZ,
        Country::GB,
        Country::LU,
        Country::AT,
    ];

    /// The ISO 3166-1 alpha-2 code, e.g. `"NL"`.
    pub const fn code(self) -> &'static str {
        match self {
            Country::NL => "NL",
            Country::BE => "BE",
            Country::DE => "DE",
            Country::FR => "FR",
            Country::ES => "ES",
            Country::IT => "IT",
            Country::PL => "PL",
            Country::SK => "SK",
            Country::CZ => "CZ",
            Country::GB => "GB",
            Country::LU => "LU",
            Country::AT => "AT",
        }
    }

    /// The country with this alpha-2 code (any case; `"UK"` is accepted for GB), or `None`.
    pub fn from_code(code: &str) -> Option<Country> {
        let code = code.trim();
        if code.eq_ignore_ascii_case("UK") {
            return Some(Country::GB);
        }
        Country::ALL.iter().copied().find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// The English name, e.g. `"Netherlands"`.
    pub const fn name(self) -> &'static str {
        match self {
            Country::NL => "Netherlands",
            Country::BE => "Belgium",
            Country::DE => "Germany",
            Country::FR => "France",
            Country::ES => "Spain",
            Country::IT => "Italy",
            Country::PL => "Poland",
            Country::SK => "Slovakia",
            Country::CZ => "Czechia",
            Country::GB => "United Kingdom",
            Country::LU => "Luxembourg",
            Country::AT => "Austria",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Country {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Country::from_code(s).ok_or_else(|| Error::InvalidArgument(format!("unknown country code {s:?}")))
    }
}

/// The format a reading fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormatMatch {
    /// The country whose format it is.
    pub country: Country,
    /// A stable name of the format, e.g. `"NL-7"` for Dutch sidecode 7, `"DE X-X 9999"` elsewhere.
    pub name: &'static str,
    /// For Dutch plates, the sidecode (1–14).
    pub sidecode: Option<u8>,
    /// The text contains a letter combination the issuing authority withholds (Dutch `NSB`, `SS`, …). Such plates
    /// were issued by mistake now and then, so this is a warning, not a rejection.
    pub withheld: bool,
}

impl FormatMatch {
    pub(crate) fn of(pattern: &Pattern, text: &str) -> Self {
        let withheld = pattern.country == Country::NL && nl::is_withheld(&pattern.groups, text);
        Self { country: pattern.country, name: pattern.def.name, sidecode: pattern.def.sidecode, withheld }
    }

    /// The display spec of this format (`X` letter, `9` digit, other symbols per country), e.g. `"99-FXX-9"`.
    pub fn spec(&self) -> Option<&'static str> {
        registry().by_name(self.name).map(|p| p.def.spec)
    }
}

/// A plate text parsed from user input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plate {
    /// Normalised text (A–Z, 0–9, no separators).
    pub text: String,
    /// The format it fits, if any.
    pub format: Option<FormatMatch>,
}

impl Plate {
    /// The display form (see [`display`]).
    pub fn display(&self) -> String {
        display(&self.text, self.format.as_ref())
    }
}

/// The format a normalised text fits, or `None`.
///
/// A text can fit formats of several countries (`AB1234` is Dutch sidecode 1, German and Luxembourgish); formats of
/// the expected `countries` win, then the order of [`Country::ALL`]. Text that is not normalised fits nothing.
pub fn classify(text: &str, countries: &[Country]) -> Option<FormatMatch> {
    let bytes = text.as_bytes();
    let mut fitting = registry().patterns.iter().filter(|p| p.fits(bytes));
    let first = fitting.next()?;
    let best = if countries.contains(&first.country) {
        first
    } else {
        fitting.find(|p| countries.contains(&p.country)).unwrap_or(first)
    };
    Some(FormatMatch::of(best, text))
}

/// The display form of a normalised text: the separators of its format (`12-ABC-3` for sidecode 7).
///
/// Without a format, or when the text's length does not match the format, the text is returned unchanged.
pub fn display(text: &str, format: Option<&FormatMatch>) -> String {
    format.and_then(|f| registry().by_name(f.name)).and_then(|p| p.display(text)).unwrap_or_else(|| text.to_owned())
}

/// Parse user input in any common spelling (`12-abc-3`, `12 ABC 3`, `12ABC3`) into its normalised text and format.
///
/// Text that cannot be a plate is an [`Error::InvalidPlate`]; text that is a possible plate but fits no known
/// format parses with `format: None` (foreign and special plates still go on hotlists).
pub fn parse(input: &str, countries: &[Country]) -> Result<Plate> {
    let text = normalize(input)?;
    let format = classify(&text, countries);
    Ok(Plate { text, format })
}

#[cfg(test)]
mod tests;
