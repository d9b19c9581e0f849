//! The engine: validated configuration, the two models, and the read pipeline
//! (detect → rectify → recognize in one batch → decode).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::formats::{Country, Decoder, display};
use crate::frame::{DecodedImage, Frame, Roi};
use crate::geometry::Quad;
use crate::hotlist::HotlistSet;
use crate::inference::{Backend, DetectorModel, RecognizerModel, Runtime, SessionOptions};
use crate::privacy::{Outcome, Pseudonymizer, RetentionPolicy, assess_with};
use crate::read::{FrameReads, PlateRead, StageTimings};

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
        let positive = |name: &str, v: usize, max: usize| {
            if (1..=max).contains(&v) {
                Ok(())
            } else {
                Err(Error::InvalidArgument(format!("{name} must be between 1 and {max}, got {v}")))
            }
        };
        positive("threads", self.threads, 256)?;
        positive("sessions", self.sessions, 64)?;
        positive("top_n", self.top_n, 100)?;
        positive("max_plates", self.max_plates, 256)?;

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
        let (detections, preprocess_us, detect_us) =
            self.detector.detect(frame, &roi, self.config.detection_threshold, self.config.max_plates)?;
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
        let mut plates = Vec::with_capacity(quads.len());
        for ((quad, &score), p) in quads.iter().zip(scores).zip(probs.outer_iter()) {
            let decoded = self.decoder.decode(p, self.config.top_n)?;
            if decoded.text.is_empty() || decoded.confidence < self.config.min_confidence {
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
        let decode_us = crate::inference::micros(t0.elapsed());
        let timings = StageTimings { rectify_us, recognize_us, decode_us, ..StageTimings::default() };
        Ok(FrameReads { plates, timings })
    }
}
