//! Camera streams: `Tracker` (one per stream) emitting `Pass` events, `PassMatcher` (passes through the hotlist,
//! one alert per entry per window) and `AlertDeduper` — the core's names.

use std::sync::Mutex;

use anpr_core::tracker::{self as core, Direction, TrackerConfig};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::datetime::at_or_now;
use crate::errors::IntoPyResult;
use crate::lock;
use crate::privacy::{Pseudonymizer, RetentionPolicy, hotlist_snapshot, outcome_object};
use crate::results::{BBox, Candidate, FormatMatch, FrameReads, PlateRead};

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Towards => "towards",
        Direction::Away => "away",
        Direction::Unknown => "unknown",
        // `Direction` is non-exhaustive: a newer direction reads as unknown here until listed.
        _ => "unknown",
    }
}

type Corners = ((f32, f32), (f32, f32), (f32, f32), (f32, f32));

/// The frame in which a vehicle's plate was read best.
#[pyclass(frozen, eq, module = "anpr", name = "BestView")]
#[derive(Clone, PartialEq)]
pub(crate) struct BestView(core::BestView);

#[pymethods]
impl BestView {
    /// Timestamp of that frame, as passed to `Tracker.update`.
    #[getter]
    fn timestamp(&self) -> f64 {
        self.0.timestamp
    }

    #[getter]
    fn bbox(&self) -> BBox {
        BBox(self.0.bbox)
    }

    #[getter]
    fn corners(&self) -> Corners {
        let [a, b, c, d] = self.0.corners.0.map(|p| (p.x, p.y));
        (a, b, c, d)
    }

    #[getter]
    fn confidence(&self) -> f32 {
        self.0.confidence
    }

    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("timestamp", self.0.timestamp)?;
        d.set_item("bbox", BBox(self.0.bbox).to_dict(py)?)?;
        let corners: Vec<[f32; 2]> = self.0.corners.0.iter().map(|c| [c.x, c.y]).collect();
        d.set_item("corners", corners)?;
        d.set_item("confidence", self.0.confidence)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("BestView(timestamp={:.3}, confidence={:.3})", self.0.timestamp, self.0.confidence)
    }
}

/// One vehicle pass: everything the tracker learnt about one plate from all the frames it was in.
#[pyclass(frozen, eq, module = "anpr", name = "Pass")]
#[derive(Clone, PartialEq)]
pub(crate) struct Pass(pub(crate) core::Pass);

#[pymethods]
impl Pass {
    #[getter]
    fn track_id(&self) -> u64 {
        self.0.track_id
    }

    /// The voted text, normalised.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }

    #[getter]
    fn display(&self) -> &str {
        &self.0.display
    }

    #[getter]
    fn confidence(&self) -> f32 {
        self.0.confidence
    }

    #[getter]
    fn char_confidences(&self) -> Vec<f32> {
        self.0.char_confidences.clone()
    }

    #[getter]
    fn candidates(&self) -> Vec<Candidate> {
        self.0.candidates.iter().cloned().map(Candidate).collect()
    }

    #[getter]
    fn format(&self) -> Option<FormatMatch> {
        self.0.format.clone().map(FormatMatch)
    }

    #[getter]
    fn first_seen(&self) -> f64 {
        self.0.first_seen
    }

    #[getter]
    fn last_seen(&self) -> f64 {
        self.0.last_seen
    }

    #[getter]
    fn frames(&self) -> u32 {
        self.0.frames
    }

    #[getter]
    fn best_view(&self) -> BestView {
        BestView(self.0.best_view)
    }

    /// `"towards"`, `"away"` or `"unknown"`.
    #[getter]
    fn direction(&self) -> &'static str {
        direction_name(self.0.direction)
    }

    /// Emitted before the track ended because the vote was already confident.
    #[getter]
    fn early(&self) -> bool {
        self.0.early
    }

    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.0;
        let d = PyDict::new(py);
        d.set_item("track_id", p.track_id)?;
        d.set_item("text", &p.text)?;
        d.set_item("display", &p.display)?;
        d.set_item("confidence", p.confidence)?;
        d.set_item("char_confidences", &p.char_confidences)?;
        let candidates = PyList::empty(py);
        for c in &p.candidates {
            candidates.append(Candidate(c.clone()).to_dict(py)?)?;
        }
        d.set_item("candidates", candidates)?;
        let format = match &p.format {
            Some(f) => FormatMatch(f.clone()).to_dict(py)?.into_any(),
            None => py.None().into_bound(py),
        };
        d.set_item("format", format)?;
        d.set_item("first_seen", p.first_seen)?;
        d.set_item("last_seen", p.last_seen)?;
        d.set_item("frames", p.frames)?;
        d.set_item("best_view", BestView(p.best_view).to_dict(py)?)?;
        d.set_item("direction", self.direction())?;
        d.set_item("early", p.early)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let p = &self.0;
        format!(
            "Pass(track_id={}, text='{}', confidence={:.3}, frames={}, direction='{}', early={})",
            p.track_id,
            p.text,
            p.confidence,
            p.frames,
            self.direction(),
            if p.early { "True" } else { "False" }
        )
    }
}

fn passes(v: Vec<core::Pass>) -> Vec<Pass> {
    v.into_iter().map(Pass).collect()
}

/// Follows the plates of one camera stream across frames and emits one `Pass` per vehicle. Timestamps are
/// seconds on any monotonic clock (e.g. the video position). Safe to share, but meant for one stream.
#[pyclass(frozen, module = "anpr", name = "Tracker")]
pub(crate) struct Tracker(Mutex<core::Tracker>);

#[pymethods]
impl Tracker {
    /// Every setting defaults to the core's (`TrackerConfig::default()`); `early_confidence=None` emits passes only
    /// when tracks end.
    #[new]
    #[pyo3(signature = (
        *,
        max_gap_s = TrackerConfig::default().max_gap_s,
        max_distance = TrackerConfig::default().max_distance,
        text_weight = TrackerConfig::default().text_weight,
        max_text_distance = TrackerConfig::default().max_text_distance,
        text_gate_confidence = TrackerConfig::default().text_gate_confidence,
        early_confidence = TrackerConfig::default().early_confidence,
        early_min_frames = TrackerConfig::default().early_min_frames,
        min_frames = TrackerConfig::default().min_frames,
        max_tracks = TrackerConfig::default().max_tracks,
        max_texts_per_track = TrackerConfig::default().max_texts_per_track,
        top_n = TrackerConfig::default().top_n,
        min_scale_change = TrackerConfig::default().min_scale_change,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        max_gap_s: f64,
        max_distance: f32,
        text_weight: f32,
        max_text_distance: f32,
        text_gate_confidence: f32,
        early_confidence: Option<f32>,
        early_min_frames: u32,
        min_frames: u32,
        max_tracks: usize,
        max_texts_per_track: usize,
        top_n: usize,
        min_scale_change: f32,
    ) -> PyResult<Self> {
        let mut c = TrackerConfig::default();
        c.max_gap_s = max_gap_s;
        c.max_distance = max_distance;
        c.text_weight = text_weight;
        c.max_text_distance = max_text_distance;
        c.text_gate_confidence = text_gate_confidence;
        c.early_confidence = early_confidence;
        c.early_min_frames = early_min_frames;
        c.min_frames = min_frames;
        c.max_tracks = max_tracks;
        c.max_texts_per_track = max_texts_per_track;
        c.top_n = top_n;
        c.min_scale_change = min_scale_change;
        core::Tracker::new(c).py_err().map(|t| Tracker(Mutex::new(t)))
    }

    /// Feed one frame's reads (a `FrameReads` or a list of `PlateRead`, possibly empty) taken at `timestamp`
    /// seconds; returns the passes that completed.
    fn update(&self, py: Python<'_>, timestamp: f64, reads: &Bound<'_, PyAny>) -> PyResult<Vec<Pass>> {
        let reads: Vec<anpr_core::PlateRead> = if let Ok(frame) = reads.cast::<FrameReads>() {
            frame.get().0.plates.clone()
        } else if let Ok(list) = reads.extract::<Vec<Bound<'_, PlateRead>>>() {
            list.iter().map(|r| r.get().0.clone()).collect()
        } else {
            return Err(PyTypeError::new_err("reads must be an anpr.FrameReads or a list of anpr.PlateRead"));
        };
        Ok(passes(py.detach(|| lock(&self.0).update(timestamp, &reads))))
    }

    /// End every track and return their passes (end of stream); the tracker can be used again afterwards.
    fn finish(&self, py: Python<'_>) -> Vec<Pass> {
        passes(py.detach(|| lock(&self.0).finish()))
    }

    /// Memory held now: `{"tracks": live tracks, "heap_bytes": bytes}`.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = lock(&self.0).stats();
        let d = PyDict::new(py);
        d.set_item("tracks", s.tracks)?;
        d.set_item("heap_bytes", s.heap_bytes)?;
        Ok(d)
    }

    /// Number of live tracks.
    fn __len__(&self) -> usize {
        lock(&self.0).len()
    }

    fn __repr__(&self) -> String {
        format!("Tracker(live_tracks={})", lock(&self.0).len())
    }
}

/// Suppresses repeat alerts for the same key (normally the plate text) within a window of seconds. One per camera.
#[pyclass(frozen, module = "anpr", name = "AlertDeduper")]
pub(crate) struct AlertDeduper(Mutex<core::AlertDeduper>);

#[pymethods]
impl AlertDeduper {
    #[new]
    fn new(window_s: f64, capacity: usize) -> PyResult<Self> {
        core::AlertDeduper::new(window_s, capacity).py_err().map(|d| AlertDeduper(Mutex::new(d)))
    }

    /// Whether `key` should alert at `timestamp` (seconds); records the alert when it should.
    fn should_alert(&self, key: &str, timestamp: f64) -> bool {
        lock(&self.0).should_alert(key, timestamp)
    }

    fn __len__(&self) -> usize {
        lock(&self.0).len()
    }

    fn __repr__(&self) -> String {
        format!("AlertDeduper(keys={})", lock(&self.0).len())
    }
}

/// Matches the passes of one camera stream against a hotlist: each pass becomes a record exactly like a single
/// read (`Alert`, or a `NoHitRecord` without plate text), and each hotlist entry alerts at most once per
/// `window_s` seconds of stream time. One per camera.
#[pyclass(frozen, module = "anpr", name = "PassMatcher")]
pub(crate) struct PassMatcher(Mutex<core::PassMatcher>);

#[pymethods]
impl PassMatcher {
    #[new]
    #[pyo3(signature = (window_s = 300.0, capacity = 100_000, policy = None))]
    fn new(window_s: f64, capacity: usize, policy: Option<&Bound<'_, RetentionPolicy>>) -> PyResult<Self> {
        let policy = policy.map_or_else(anpr_core::privacy::RetentionPolicy::default, |p| p.get().0);
        core::PassMatcher::new(window_s, capacity, policy).py_err().map(|m| PassMatcher(Mutex::new(m)))
    }

    /// Match one pass at wall-clock time `now` (default: the current time). Returns `(record, alert)`: the
    /// record as `assess` gives it for a read, and whether this pass should alert the control room (it hit, and
    /// the entry has not alerted within the window). The core scrubs its copy; the `Pass` passed in is unchanged.
    #[pyo3(signature = (pass_, hotlist, *, pseudonyms = None, now = None))]
    fn assess<'py>(
        &self,
        py: Python<'py>,
        pass_: &Bound<'py, Pass>,
        hotlist: &Bound<'py, PyAny>,
        pseudonyms: Option<&Bound<'py, Pseudonymizer>>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyAny>, bool)> {
        let snapshot = hotlist_snapshot(hotlist)?;
        let now = at_or_now(now)?;
        let pass = pass_.get().0.clone();
        let pseudonyms = pseudonyms.map(|p| &p.get().0);
        let out = py.detach(|| lock(&self.0).assess(pass, &snapshot, pseudonyms, now));
        Ok((outcome_object(py, out.outcome)?, out.alert))
    }

    fn __repr__(&self) -> String {
        "PassMatcher()".into()
    }
}
