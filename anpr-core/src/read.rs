//! What the engine returns for each plate it reads.

use serde::{Deserialize, Serialize};

use crate::formats::{Candidate, FormatMatch};
use crate::geometry::{BBox, Quad};

/// One plate read in one frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlateRead {
    /// Normalised text: upper-case A–Z and 0–9, no separators (e.g. `12ABC3`).
    pub text: String,
    /// Display form with the separators of its format (e.g. `12-ABC-3`); equal to `text` when no format fits.
    pub display: String,
    /// Overall confidence of the reading in `[0, 1]`.
    pub confidence: f32,
    /// Confidence of each character of `text`, in order.
    pub char_confidences: Vec<f32>,
    /// Top-N readings with their scores, best first; the first equals `text`.
    pub candidates: Vec<Candidate>,
    /// The country/format the reading fits (for Dutch plates with the sidecode), if any.
    pub format: Option<FormatMatch>,
    /// Axis-aligned box of the plate in frame pixels.
    pub bbox: BBox,
    /// The plate's four corners in frame pixels, clockwise from top-left.
    pub corners: Quad,
    /// The detector's score for this plate in `[0, 1]`.
    pub detection_score: f32,
}

/// Time spent per pipeline stage for one frame, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StageTimings {
    /// Converting the input to the detector's tensor (colour conversion and resize).
    pub preprocess_us: u64,
    /// Running the detector and decoding its output.
    pub detect_us: u64,
    /// Warping each plate to the recognizer's input.
    pub rectify_us: u64,
    /// Running the recognizer on all plates as one batch.
    pub recognize_us: u64,
    /// Format-aware decoding of all plates.
    pub decode_us: u64,
    /// Wall time of the whole call.
    pub total_us: u64,
}

/// Every plate read in one frame, and where the time went.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FrameReads {
    /// The plates, in decreasing detection score.
    pub plates: Vec<PlateRead>,
    /// Time per stage.
    pub timings: StageTimings,
}
