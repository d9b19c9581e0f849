//! Plate formats: which character patterns each country issues, and decoding that knows them.
//!
//! (Being completed by the formats work; the types below are the contract the engine uses.)

mod decode;
mod text;

pub use decode::{Candidate, Decoded, Decoder};
pub use text::{MAX_PLATE_LEN, normalize};

/// Display form of a normalised text (placeholder: the text itself until the formats work lands).
pub fn display(text: &str, _format: Option<&FormatMatch>) -> String {
    text.to_owned()
}

use serde::{Deserialize, Serialize};

/// A country (or plate family) whose formats the library knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The format a reading fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormatMatch {
    /// The country whose format it is.
    pub country: Country,
    /// A stable name of the format, e.g. `"NL-7"` for Dutch sidecode 7.
    pub name: &'static str,
    /// For Dutch plates, the sidecode (1–14).
    pub sidecode: Option<u8>,
}
