//! Decoding per-slot character probabilities into readings. (Placeholder: argmax only, being replaced by the
//! format-constrained decoder.)

use ndarray::ArrayView2;
use serde::Serialize;

use super::{Country, FormatMatch};
use crate::error::{Error, Result};

/// One candidate reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Normalised text (A–Z, 0–9).
    pub text: String,
    /// Probability-like score in `[0, 1]`.
    pub score: f32,
    /// The format it fits, if any.
    pub format: Option<FormatMatch>,
}

/// The result of decoding one plate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decoded {
    /// Best reading.
    pub text: String,
    /// Confidence of the best reading in `[0, 1]`.
    pub confidence: f32,
    /// Confidence of each character of `text`.
    pub char_confidences: Vec<f32>,
    /// The format the best reading fits.
    pub format: Option<FormatMatch>,
    /// The top-N readings, best first (includes the best reading).
    pub candidates: Vec<Candidate>,
}

/// Decodes recognizer output `[P, C]` (class 0 = no character, class k = `alphabet[k-1]`).
#[derive(Debug, Clone)]
pub struct Decoder {
    alphabet: Vec<char>,
}

impl Decoder {
    /// A decoder for the given alphabet, expecting plates of `countries`.
    pub fn new(alphabet: &str, _countries: &[Country]) -> Result<Self> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        if alphabet.is_empty() {
            return Err(Error::InvalidArgument("empty alphabet".into()));
        }
        Ok(Self { alphabet })
    }

    /// Decode one plate's probabilities into up to `top_n` readings.
    pub fn decode(&self, probs: ArrayView2<'_, f32>, top_n: usize) -> Result<Decoded> {
        let mut text = String::new();
        let mut confs = Vec::new();
        let mut score = 1.0f32;
        for row in probs.rows() {
            let (best, p) =
                row.iter().enumerate().fold((0, f32::MIN), |acc, (i, &p)| if p > acc.1 { (i, p) } else { acc });
            score *= p;
            if best > 0 {
                if let Some(&c) = self.alphabet.get(best - 1) {
                    text.push(c);
                    confs.push(p);
                }
            }
        }
        let cand = Candidate { text: text.clone(), score, format: None };
        Ok(Decoded {
            text,
            confidence: score,
            char_confidences: confs,
            format: None,
            candidates: vec![cand].into_iter().take(top_n.max(1)).collect(),
        })
    }
}
