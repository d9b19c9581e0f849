//! The engine: validated configuration, the two models, and the read pipeline
//! (detect → rectify → recognize in one batch → decode).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::formats::{Country, Decoded, Decoder, display};
use crate::frame::{DecodedImage, Frame, Roi};
use crate::geometry::Quad;
use crate::hotlist::HotlistSet;
use crate::inference::{Backend, DetectorModel, RecognizerModel, Runtime, SessionOptions};
use crate::privacy::{Outcome, Pseudonymizer, RetentionPolicy, assess_with};
use crate::read::{FrameReads, PlateRead, StageTimings};

/// How much wider (per side, as a share of the plate's width and height) the second crop of a reading that fits no
/// expected format is. Tuned on `nl_cars_dev`, whose misses were crops a character short.
const RETRY_GROW_X: f32 = 0.08;
const RETRY_GROW_Y: f32 = 0.08;

/// What the combined read-and-match step leaves of one frame: one outcome per plate read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FrameOutcomes {
    /// One outcome per plate, in decreasing detection score. No-hit outcomes carry no plate text.
    pub outcomes: Vec<Outcome>,
    /// Time per stage of the read.
    pub timings: StageTimings,
}

/// Where a model comes from.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum ModelSource {
    /// The model bundled in this crate (trained by this project; see `models/`).
    #[default]
    Bundled,
    /// An ONNX file on disk.
    Path(PathBuf),
    /// ONNX bytes in memory.
    Bytes(Arc<[u8]>),
}

impl ModelSource {
    /// The model's bytes and, for files, their path (for error messages).
    fn load(&self, model: &'static str, bundled: &'static [u8]) -> Result<(Cow<'_, [u8]>, Option<String>)> {
        match self {
            ModelSource::Bundled => Ok((bundled.into(), None)),
            ModelSource::Bytes(b) => Ok((b.as_ref().into(), None)),
            ModelSource::Path(p) => {
                let origin = p.display().to_string();
                match std::fs::read(p) {
                    Ok(bytes) => Ok((bytes.into(), Some(origin))),
                    Err(e) => Err(Error::ModelLoad {
                        model,
                        origin: Some(origin),
                        reason: format!("cannot read the file: {e}"),
                        source: Some(Box::new(e)),
                    }),
                }
            }
        }
    }
}

/// Collects the engine's configuration; [`EngineBuilder::build`] validates all of it.
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    detector: ModelSource,
    recognizer: ModelSource,
    backend: Backend,
    ort_library: Option<PathBuf>,
    countries: Vec<Country>,
    threads: usize,
    sessions: usize,
    detection_threshold: f32,
    candidate_threshold: f32,
    candidate_min_confidence: f32,
    max_candidates: usize,
    reread_misfits: bool,
    detector_tiles: bool,
    min_confidence: f32,
    top_n: usize,
    max_plates: usize,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        Self {
            detector: ModelSource::Bundled,
            recognizer: ModelSource::Bundled,
            backend: Backend::OnnxRuntime,
            ort_library: None,
            countries: vec![Country::NL],
            threads: 1,
            sessions: 2,
            detection_threshold: 0.35,
            candidate_threshold: 0.15,
            candidate_min_confidence: 0.5,
            max_candidates: 4,
            reread_misfits: true,
            detector_tiles: false,
            min_confidence: 0.0,
            top_n: 5,
            max_plates: 16,
        }
    }
}

impl EngineBuilder {
    /// The detector model (default: bundled).
    pub fn detector(mut self, source: ModelSource) -> Self {
        self.detector = source;
        self
    }

    /// The recognizer model (default: bundled).
    pub fn recognizer(mut self, source: ModelSource) -> Self {
        self.recognizer = source;
        self
    }

    /// The inference backend (default: ONNX Runtime). One backend per process: the first engine decides.
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Path of the ONNX Runtime shared library; without it, `ORT_DYLIB_PATH` is used.
    pub fn ort_library(mut self, path: impl Into<PathBuf>) -> Self {
        self.ort_library = Some(path.into());
        self
    }

    /// Countries whose plates to expect, most common first (default: NL). A soft hint for decoding, never a
    /// filter: foreign plates are still read.
    pub fn countries(mut self, countries: impl IntoIterator<Item = Country>) -> Self {
        self.countries = countries.into_iter().collect();
        self
    }

    /// Inference threads per model run (default 1: cheapest per frame; use more for lower latency).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Sessions per model, i.e. how many threads can run a model at the same moment (default 2).
    pub fn sessions(mut self, sessions: usize) -> Self {
        self.sessions = sessions;
        self
    }

    /// Minimum detector score in `[0, 1]` for a plate (default 0.35).
    pub fn detection_threshold(mut self, threshold: f32) -> Self {
        self.detection_threshold = threshold;
        self
    }

    /// Minimum detector score in `[0, 1]` for a *candidate* (default 0.15): a detection scoring below the
    /// detection threshold but at least this is read too, and kept only when its reading fits a plate format of
    /// an expected country with at least [`candidate_min_confidence`](Self::candidate_min_confidence). This
    /// lets the recognizer confirm plates the detector is unsure of (a small detector trained on synthetic
    /// scenes scores some real plates low) at the cost of reading a few more crops. Set it to the detection
    /// threshold (or above) to read only confident detections.
    pub fn candidate_threshold(mut self, threshold: f32) -> Self {
        self.candidate_threshold = threshold;
        self
    }

    /// Minimum reading confidence in `[0, 1]` that confirms a candidate (default 0.5).
    pub fn candidate_min_confidence(mut self, confidence: f32) -> Self {
        self.candidate_min_confidence = confidence;
        self
    }

    /// At most this many candidates are read per frame, the best-scoring first (default 4; 0 reads none).
    pub fn max_candidates(mut self, n: usize) -> Self {
        self.max_candidates = n;
        self
    }

    /// Read a confident detection again from a slightly wider crop when its reading fits no format of an expected
    /// country, keeping the new reading if it fits and is more confident (default on). Crops whose corners cut
    /// off a character are the commonest misread; where most plates fit no known format (e.g. US plates) this
    /// doubles the recognizer's work for little gain, so switch it off there.
    pub fn reread_misfits(mut self, on: bool) -> Self {
        self.reread_misfits = on;
        self
    }

    /// Also run the detector on the four corner tiles of the frame (each 60% of its width and height, so
    /// enlarged 1.67 times), merging their plates with the whole frame's (default off). Small plates are found
    /// far more often (detector recall on `openalpr_us` 64% → 85%, on `uc3m_lp` val 33% → 49%; see
    /// `models/detector.md`), at five detector runs a frame instead of one.
    pub fn detector_tiles(mut self, on: bool) -> Self {
        self.detector_tiles = on;
        self
    }

    /// Minimum reading confidence in `[0, 1]` for a plate to be reported (default 0: report every plate).
    pub fn min_confidence(mut self, confidence: f32) -> Self {
        self.min_confidence = confidence;
        self
    }

    /// How many alternative readings to keep per plate (default 5).
    pub fn top_n(mut self, n: usize) -> Self {
        self.top_n = n;
        self
    }

    /// At most this many plates per frame (default 16).
    pub fn max_plates(mut self, n: usize) -> Self {
        self.max_plates = n;
        self
    }

    /// Whether a reading is reported: a confident detection needs `min_confidence`; a candidate (a detection
    /// below the detection threshold) must also fit a format of an expected country (any known format when no
    /// country is expected) with `candidate_min_confidence`.
    fn keeps(&self, detection_score: f32, decoded: &Decoded) -> bool {
        if detection_score >= self.detection_threshold {
            return decoded.confidence >= self.min_confidence;
        }
        detection_score >= self.candidate_threshold
            && self.fits_expected(decoded)
            && decoded.confidence >= self.candidate_min_confidence.max(self.min_confidence)
    }

    /// The reading fits a format of an expected country (any known format when no country is expected).
    fn fits_expected(&self, decoded: &Decoded) -> bool {
        let expected = |country| self.countries.is_empty() || self.countries.contains(&country);
        decoded.format.as_ref().is_some_and(|f| expected(f.country))
    }

    /// Validate the configuration, load the runtime and both models, and dry-run them.
    pub fn build(self) -> Result<Engine> {
        let unit = |name: &str, v: f32| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::InvalidArgument(format!("{name} must be in [0, 1], got {v}")))
            }
        };
        unit("detection threshold", self.detection_threshold)?;
        unit("minimum confidence", self.min_confidence)?;
        unit("candidate threshold", self.candidate_threshold)?;
        unit("candidate minimum confidence", self.candidate_min_confidence)?;
        let between = |name: &str, v: usize, min: usize, max: usize| {
            if (min..=max).contains(&v) {
                Ok(())
            } else {
                Err(Error::InvalidArgument(format!("{name} must be between {min} and {max}, got {v}")))
            }
        };
        between("threads", self.threads, 1, 256)?;
        between("sessions", self.sessions, 1, 64)?;
        between("top_n", self.top_n, 1, 100)?;
        between("max_plates", self.max_plates, 1, 256)?;
        between("max_candidates", self.max_candidates, 0, 256)?;

        let runtime = Runtime::get(self.backend, self.ort_library.as_deref())?;
        let options = SessionOptions { threads: self.threads, pool: self.sessions };
        let (bytes, origin) = self.detector.load("detector", crate::models::DETECTOR)?;
        let detector = DetectorModel::load(&runtime, &bytes, options, origin.as_deref())?;
        let (bytes, origin) = self.recognizer.load("recognizer", crate::models::RECOGNIZER)?;
        let recognizer = RecognizerModel::load(&runtime, &bytes, options, origin.as_deref())?;
        let decoder = Decoder::new(recognizer.alphabet(), &self.countries)?;
        Ok(Engine { detector, recognizer, decoder, config: self })
    }
}

/// A ready engine. `Send + Sync`: share one engine (e.g. in an `Arc`) between all threads of a process; each
/// model keeps a small pool of sessions so that concurrent calls do not wait for each other.
pub struct Engine {
    detector: DetectorModel,
    recognizer: RecognizerModel,
    decoder: Decoder,
    config: EngineBuilder,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("detector_input", &self.detector.input_size())
            .field("recognizer_input", &self.recognizer.input_size())
            .field("config", &self.config)
            .finish()
    }
}

impl Engine {
    /// A builder with the bundled models and default settings.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Read every plate in `frame`, or only in `roi` when given.
    pub fn read(&self, frame: &Frame<'_>, roi: Option<Roi>) -> Result<FrameReads> {
        let t0 = Instant::now();
        let roi = match roi {
            Some(r) => {
                frame.check_roi(&r)?;
                r
            }
            None => Roi { x: 0, y: 0, width: frame.width(), height: frame.height() },
        };
        let lowest_score = self.config.detection_threshold.min(self.config.candidate_threshold);
        let (mut detections, preprocess_us, detect_us) =
            self.detector.detect(frame, &roi, lowest_score, self.config.max_plates, self.config.detector_tiles)?;
        // Best first: the confident detections, then at most `max_candidates` candidates.
        let confident = detections.iter().take_while(|d| d.score >= self.config.detection_threshold).count();
        detections.truncate(confident + self.config.max_candidates);
        let quads: Vec<Quad> = detections.iter().map(|d| d.quad).collect();
        let scores: Vec<f32> = detections.iter().map(|d| d.score).collect();
        let mut reads = self.read_quads_with_scores(frame, &quads, &scores)?;
        reads.timings.preprocess_us = preprocess_us;
        reads.timings.detect_us = detect_us;
        reads.timings.total_us = crate::inference::micros(t0.elapsed());
        Ok(reads)
    }

    /// Read the plates at known positions (e.g. labelled boxes, or a tracker's prediction), skipping detection.
    pub fn read_quads(&self, frame: &Frame<'_>, quads: &[Quad]) -> Result<FrameReads> {
        let t0 = Instant::now();
        let mut reads = self.read_quads_with_scores(frame, quads, &vec![1.0; quads.len()])?;
        reads.timings.total_us = crate::inference::micros(t0.elapsed());
        Ok(reads)
    }

    /// Decode JPEG/PNG bytes and read every plate.
    pub fn read_encoded(&self, bytes: &[u8]) -> Result<FrameReads> {
        let image = DecodedImage::decode(bytes, None)?;
        self.read(&image.frame()?, None)
    }

    /// Read every plate of a JPEG/PNG file.
    pub fn read_file(&self, path: impl AsRef<Path>) -> Result<FrameReads> {
        let image = DecodedImage::open(path)?;
        self.read(&image.frame()?, None)
    }

    /// The entry point for camera integrations: read `frame`, match every read (and its alternatives) against
    /// the live hotlist, and apply the retention policy. A read that matches nothing leaves an anonymous record
    /// (with a pseudonym when `pseudonyms` is given) and its text is zeroed at once; the plain [`Engine::read`]
    /// stays available where the text is needed.
    pub fn read_and_match(
        &self,
        frame: &Frame<'_>,
        roi: Option<Roi>,
        hotlist: &HotlistSet,
        policy: &RetentionPolicy,
        pseudonyms: Option<&Pseudonymizer>,
        now: time::OffsetDateTime,
    ) -> Result<FrameOutcomes> {
        let reads = self.read(frame, roi)?;
        let snapshot = hotlist.snapshot();
        let outcomes = reads.plates.into_iter().map(|r| assess_with(r, &snapshot, policy, pseudonyms, now)).collect();
        Ok(FrameOutcomes { outcomes, timings: reads.timings })
    }

    fn read_quads_with_scores(&self, frame: &Frame<'_>, quads: &[Quad], scores: &[f32]) -> Result<FrameReads> {
        let (probs, rectify_us, recognize_us) = self.recognizer.recognize(frame, quads)?;
        let t0 = Instant::now();
        let mut decoded =
            probs.outer_iter().map(|p| self.decoder.decode(p, self.config.top_n)).collect::<Result<Vec<_>>>()?;
        let decode_us = crate::inference::micros(t0.elapsed());
        let mut timings = StageTimings { rectify_us, recognize_us, decode_us, ..StageTimings::default() };

        if self.config.reread_misfits {
            self.reread_misfits(frame, quads, scores, &mut decoded, &mut timings)?;
        }

        let mut plates = Vec::with_capacity(quads.len());
        for ((quad, &score), decoded) in quads.iter().zip(scores).zip(decoded) {
            if decoded.text.is_empty() || !self.config.keeps(score, &decoded) {
                continue;
            }
            plates.push(PlateRead {
                display: display(&decoded.text, decoded.format.as_ref()),
                text: decoded.text,
                confidence: decoded.confidence,
                char_confidences: decoded.char_confidences,
                candidates: decoded.candidates,
                format: decoded.format,
                bbox: quad.bbox(),
                corners: *quad,
                detection_score: score,
            });
        }
        Ok(FrameReads { plates, timings })
    }

    /// A confident reading that fits no expected format is often a crop whose corners cut off a character: read
    /// those once more from a wider crop (one batch) and keep the new reading when it fits and is more confident.
    fn reread_misfits(
        &self,
        frame: &Frame<'_>,
        quads: &[Quad],
        scores: &[f32],
        decoded: &mut [Decoded],
        timings: &mut StageTimings,
    ) -> Result<()> {
        // (index, wider crop) of every confident reading that fits no expected format.
        let (misfits, wider): (Vec<usize>, Vec<Quad>) = quads
            .iter()
            .zip(scores)
            .zip(decoded.iter())
            .enumerate()
            .filter(|(_, ((_, score), d))| **score >= self.config.detection_threshold && !self.config.fits_expected(d))
            .map(|(i, ((quad, _), _))| (i, quad.grown(RETRY_GROW_X, RETRY_GROW_Y)))
            .unzip();
        if wider.is_empty() {
            return Ok(());
        }
        let (probs, rectify_us, recognize_us) = self.recognizer.recognize(frame, &wider)?;
        let t0 = Instant::now();
        for (&i, p) in misfits.iter().zip(probs.outer_iter()) {
            let again = self.decoder.decode(p, self.config.top_n)?;
            if let Some(old) = decoded.get_mut(i)
                && self.config.fits_expected(&again)
                && again.confidence > old.confidence
            {
                *old = again;
            }
        }
        timings.rectify_us += rectify_us;
        timings.recognize_us += recognize_us;
        timings.decode_us += crate::inference::micros(t0.elapsed());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::classify;

    fn reading(text: &str, confidence: f32, countries: &[Country]) -> Decoded {
        Decoded {
            text: text.into(),
            confidence,
            char_confidences: vec![confidence; text.len()],
            format: classify(text, countries),
            candidates: Vec::new(),
        }
    }

    #[test]
    fn confident_detections_need_only_the_minimum_confidence() {
        let config = Engine::builder().min_confidence(0.3);
        assert!(config.keeps(0.9, &reading("RENAULT", 0.31, &[Country::NL])));
        assert!(!config.keeps(0.9, &reading("12ABC3", 0.29, &[Country::NL])));
    }

    #[test]
    fn candidates_must_read_as_a_confident_plate_of_an_expected_country() {
        let config = Engine::builder().countries([Country::NL]);
        let nl = reading("6ZLH77", 0.9, &[Country::NL]);
        assert!(config.keeps(0.2, &nl));
        assert!(!config.keeps(0.1, &nl), "below the candidate threshold");
        assert!(!config.keeps(0.2, &reading("6ZLH77", 0.4, &[Country::NL])), "not confident enough");
        assert!(!config.keeps(0.2, &reading("RENAULT", 0.9, &[Country::NL])), "fits no format");
        let german = reading("BAB1234", 0.9, &[Country::DE]);
        assert_eq!(german.format.as_ref().map(|f| f.country), Some(Country::DE));
        assert!(!config.keeps(0.2, &german), "a foreign format does not confirm a candidate");
        assert!(Engine::builder().countries([]).keeps(0.2, &german), "no expected country: any format");
        assert!(!Engine::builder().candidate_threshold(0.35).keeps(0.2, &nl), "candidates switched off");
    }
}
