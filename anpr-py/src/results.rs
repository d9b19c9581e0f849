//! Read results as immutable Python objects with a readable `repr` and `to_dict()`.

use anpr_core::formats::{Candidate as CoreCandidate, FormatMatch as CoreFormatMatch};
use anpr_core::{BBox as CoreBBox, FrameReads as CoreFrameReads, PlateRead as CorePlateRead, StageTimings};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A country's code, e.g. `"NL"`.
pub(crate) fn country_code(country: anpr_core::Country) -> String {
    country.code().to_owned()
}

/// Python's repr of a float, shortened to what people read.
fn f(v: f32) -> String {
    format!("{v:.3}")
}

/// The format a reading fits.
#[pyclass(frozen, eq, module = "anpr", name = "FormatMatch")]
#[derive(Clone, PartialEq)]
pub(crate) struct FormatMatch(pub(crate) CoreFormatMatch);

#[pymethods]
impl FormatMatch {
    /// The country code, e.g. `"NL"`.
    #[getter]
    fn country(&self) -> String {
        country_code(self.0.country)
    }

    /// Stable name of the format, e.g. `"NL-7"`.
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name
    }

    /// For Dutch plates, the sidecode (1–14).
    #[getter]
    fn sidecode(&self) -> Option<u8> {
        self.0.sidecode
    }

    /// The text holds a letter combination the issuing authority withholds (a warning, not a rejection).
    #[getter]
    fn withheld(&self) -> bool {
        self.0.withheld
    }

    /// The display spec of the format (`X` letter, `9` digit), e.g. `"99-XXX-9"`.
    #[getter]
    fn spec(&self) -> Option<&'static str> {
        self.0.spec()
    }

    /// A plain dict of the fields.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("country", self.country())?;
        d.set_item("name", self.0.name)?;
        d.set_item("sidecode", self.0.sidecode)?;
        d.set_item("withheld", self.0.withheld)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let sidecode = self.0.sidecode.map_or_else(|| "None".to_owned(), |s| s.to_string());
        format!("FormatMatch(country='{}', name='{}', sidecode={sidecode})", self.country(), self.0.name)
    }
}

fn format_dict<'py>(py: Python<'py>, format: &Option<CoreFormatMatch>) -> PyResult<Bound<'py, PyAny>> {
    match format {
        Some(m) => Ok(FormatMatch(m.clone()).to_dict(py)?.into_any()),
        None => Ok(py.None().into_bound(py)),
    }
}

/// One alternative reading of a plate.
#[pyclass(frozen, eq, module = "anpr", name = "Candidate")]
#[derive(Clone, PartialEq)]
pub(crate) struct Candidate(pub(crate) CoreCandidate);

#[pymethods]
impl Candidate {
    /// Normalised text (A–Z, 0–9).
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }

    /// Probability-like score in `[0, 1]`.
    #[getter]
    fn score(&self) -> f32 {
        self.0.score
    }

    /// The format it fits, if any.
    #[getter]
    fn format(&self) -> Option<FormatMatch> {
        self.0.format.clone().map(FormatMatch)
    }

    /// This is the unconstrained reading (each slot's most probable class), whether or not it fits a format.
    #[getter]
    fn unconstrained(&self) -> bool {
        self.0.unconstrained
    }

    /// A plain dict of the fields.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.0.text)?;
        d.set_item("score", self.0.score)?;
        d.set_item("format", format_dict(py, &self.0.format)?)?;
        d.set_item("unconstrained", self.0.unconstrained)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("Candidate(text='{}', score={})", self.0.text, f(self.0.score))
    }
}

/// An axis-aligned box in frame pixels.
#[pyclass(frozen, eq, module = "anpr", name = "BBox")]
#[derive(Clone, PartialEq)]
pub(crate) struct BBox(pub(crate) CoreBBox);

#[pymethods]
impl BBox {
    /// Left edge.
    #[getter]
    fn x1(&self) -> f32 {
        self.0.x1
    }

    /// Top edge.
    #[getter]
    fn y1(&self) -> f32 {
        self.0.y1
    }

    /// Right edge.
    #[getter]
    fn x2(&self) -> f32 {
        self.0.x2
    }

    /// Bottom edge.
    #[getter]
    fn y2(&self) -> f32 {
        self.0.y2
    }

    /// Width in pixels.
    #[getter]
    fn width(&self) -> f32 {
        self.0.width()
    }

    /// Height in pixels.
    #[getter]
    fn height(&self) -> f32 {
        self.0.height()
    }

    /// `(x1, y1, x2, y2)`.
    fn to_tuple(&self) -> (f32, f32, f32, f32) {
        (self.0.x1, self.0.y1, self.0.x2, self.0.y2)
    }

    /// A plain dict of the edges.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("x1", self.0.x1)?;
        d.set_item("y1", self.0.y1)?;
        d.set_item("x2", self.0.x2)?;
        d.set_item("y2", self.0.y2)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("BBox(x1={:.1}, y1={:.1}, x2={:.1}, y2={:.1})", self.0.x1, self.0.y1, self.0.x2, self.0.y2)
    }
}

/// One plate read in one frame.
#[pyclass(frozen, eq, module = "anpr", name = "PlateRead")]
#[derive(Clone, PartialEq)]
pub(crate) struct PlateRead(pub(crate) CorePlateRead);

type Corners = ((f32, f32), (f32, f32), (f32, f32), (f32, f32));

#[pymethods]
impl PlateRead {
    /// Normalised text: upper-case A–Z and 0–9, no separators (e.g. `"12ABC3"`).
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }

    /// Display form with the separators of its format (e.g. `"12-ABC-3"`).
    #[getter]
    fn display(&self) -> &str {
        &self.0.display
    }

    /// Overall confidence in `[0, 1]`.
    #[getter]
    fn confidence(&self) -> f32 {
        self.0.confidence
    }

    /// Confidence of each character of `text`.
    #[getter]
    fn char_confidences(&self) -> Vec<f32> {
        self.0.char_confidences.clone()
    }

    /// Top-N readings, best first; the first equals `text`.
    #[getter]
    fn candidates(&self) -> Vec<Candidate> {
        self.0.candidates.iter().cloned().map(Candidate).collect()
    }

    /// The country/format the reading fits, if any.
    #[getter]
    fn format(&self) -> Option<FormatMatch> {
        self.0.format.clone().map(FormatMatch)
    }

    /// The country code of the format, e.g. `"NL"`, if any.
    #[getter]
    fn country(&self) -> Option<String> {
        self.0.format.as_ref().map(|m| country_code(m.country))
    }

    /// Axis-aligned box in frame pixels.
    #[getter]
    fn bbox(&self) -> BBox {
        BBox(self.0.bbox)
    }

    /// The four corners `(x, y)` in frame pixels, clockwise from the top-left.
    #[getter]
    fn corners(&self) -> Corners {
        let [a, b, c, d] = self.0.corners.0.map(|p| (p.x, p.y));
        (a, b, c, d)
    }

    /// The detector's score in `[0, 1]`.
    #[getter]
    fn detection_score(&self) -> f32 {
        self.0.detection_score
    }

    /// A plain dict (nested dicts and lists; JSON-serialisable).
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.0;
        let d = PyDict::new(py);
        d.set_item("text", &p.text)?;
        d.set_item("display", &p.display)?;
        d.set_item("confidence", p.confidence)?;
        d.set_item("char_confidences", &p.char_confidences)?;
        let candidates = PyList::empty(py);
        for c in &p.candidates {
            candidates.append(Candidate(c.clone()).to_dict(py)?)?;
        }
        d.set_item("candidates", candidates)?;
        d.set_item("format", format_dict(py, &p.format)?)?;
        d.set_item("bbox", BBox(p.bbox).to_dict(py)?)?;
        let corners: Vec<[f32; 2]> = p.corners.0.iter().map(|c| [c.x, c.y]).collect();
        d.set_item("corners", corners)?;
        d.set_item("detection_score", p.detection_score)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let p = &self.0;
        let format = p.format.as_ref().map_or_else(|| "None".to_owned(), |m| format!("'{}'", m.name));
        format!(
            "PlateRead(text='{}', display='{}', confidence={}, format={format}, bbox={})",
            p.text,
            p.display,
            f(p.confidence),
            BBox(p.bbox).__repr__()
        )
    }
}

/// Time spent per pipeline stage for one frame, in microseconds.
#[pyclass(frozen, eq, module = "anpr", name = "StageTimings")]
#[derive(Clone, PartialEq)]
pub(crate) struct Timings(pub(crate) StageTimings);

#[pymethods]
impl Timings {
    /// Converting the input to the detector's tensor.
    #[getter]
    fn preprocess_us(&self) -> u64 {
        self.0.preprocess_us
    }

    /// Running the detector and decoding its output.
    #[getter]
    fn detect_us(&self) -> u64 {
        self.0.detect_us
    }

    /// Warping each plate to the recognizer's input.
    #[getter]
    fn rectify_us(&self) -> u64 {
        self.0.rectify_us
    }

    /// Running the recognizer on all plates as one batch.
    #[getter]
    fn recognize_us(&self) -> u64 {
        self.0.recognize_us
    }

    /// Format-aware decoding of all plates.
    #[getter]
    fn decode_us(&self) -> u64 {
        self.0.decode_us
    }

    /// Wall time of the whole call.
    #[getter]
    fn total_us(&self) -> u64 {
        self.0.total_us
    }

    /// A plain dict of the timings.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let t = &self.0;
        let d = PyDict::new(py);
        d.set_item("preprocess_us", t.preprocess_us)?;
        d.set_item("detect_us", t.detect_us)?;
        d.set_item("rectify_us", t.rectify_us)?;
        d.set_item("recognize_us", t.recognize_us)?;
        d.set_item("decode_us", t.decode_us)?;
        d.set_item("total_us", t.total_us)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let t = &self.0;
        format!(
            "StageTimings(preprocess_us={}, detect_us={}, rectify_us={}, recognize_us={}, decode_us={}, total_us={})",
            t.preprocess_us, t.detect_us, t.rectify_us, t.recognize_us, t.decode_us, t.total_us
        )
    }
}

/// Every plate read in one frame, and where the time went. A sequence of [`PlateRead`].
#[pyclass(frozen, eq, sequence, module = "anpr", name = "FrameReads")]
#[derive(Clone, PartialEq)]
pub(crate) struct FrameReads(pub(crate) CoreFrameReads);

#[pymethods]
impl FrameReads {
    /// The plates, in decreasing detection score.
    #[getter]
    fn plates(&self) -> Vec<PlateRead> {
        self.0.plates.iter().cloned().map(PlateRead).collect()
    }

    /// Time per stage.
    #[getter]
    fn timings(&self) -> Timings {
        Timings(self.0.timings)
    }

    /// A plain dict: `{"plates": [...], "timings": {...}}`.
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let plates = PyList::empty(py);
        for p in &self.0.plates {
            plates.append(PlateRead(p.clone()).to_dict(py)?)?;
        }
        d.set_item("plates", plates)?;
        d.set_item("timings", Timings(self.0.timings).to_dict(py)?)?;
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.0.plates.len()
    }

    fn __getitem__(&self, index: isize) -> PyResult<PlateRead> {
        let n = self.0.plates.len() as isize;
        let i = if index < 0 { index + n } else { index };
        usize::try_from(i)
            .ok()
            .and_then(|i| self.0.plates.get(i))
            .cloned()
            .map(PlateRead)
            .ok_or_else(|| PyIndexError::new_err(format!("plate index {index} out of range for {n} plates")))
    }

    fn __repr__(&self) -> String {
        let texts: Vec<String> = self.0.plates.iter().map(|p| format!("'{}'", p.text)).collect();
        format!("FrameReads(plates=[{}], total_us={})", texts.join(", "), self.0.timings.total_us)
    }
}
