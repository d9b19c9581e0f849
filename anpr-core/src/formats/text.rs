//! Normalising plate text typed by people (`12-abc-3`, `12 ABC 3`, `12ABC3`) to the canonical form.

use crate::error::{Error, Result};

/// Longest plate text accepted (no country issues longer plates).
pub const MAX_PLATE_LEN: usize = 10;

/// Normalise user input to upper-case A–Z/0–9 without separators.
///
/// Separators (space, `-`, `.`, `·`, `_`) are removed; any other character, or text that is empty or longer
/// than [`MAX_PLATE_LEN`] after that, is an [`Error::InvalidPlate`].
pub fn normalize(input: &str) -> Result<String> {
    let invalid = |reason: &str| Error::InvalidPlate { text: input.to_owned(), reason: reason.to_owned() };
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c.to_ascii_uppercase()),
            ' ' | '-' | '.' | '·' | '_' | '\t' => {}
            _ => return Err(invalid(&format!("character {c:?} cannot appear on a plate"))),
        }
    }
    if out.is_empty() {
        return Err(invalid("no letters or digits"));
    }
    if out.len() > MAX_PLATE_LEN {
        return Err(invalid(&format!("longer than {MAX_PLATE_LEN} characters")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_normalise_alike() {
        for s in ["12-abc-3", "12 ABC 3", "12ABC3", " 12.abc.3 "] {
            assert_eq!(normalize(s).expect("valid"), "12ABC3");
        }
    }

    #[test]
    fn rejects_non_plates() {
        assert!(normalize("").is_err());
        assert!(normalize("--").is_err());
        assert!(normalize("12€AB").is_err());
        assert!(normalize("ABCDEFGHIJK").is_err());
    }
}
