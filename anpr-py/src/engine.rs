//! `anpr.Engine`: the core engine, built from keyword arguments, reading with the GIL released.

use std::path::PathBuf;
use std::sync::Arc;

use anpr_core::{Backend, ModelSource};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes};

use crate::errors::{IntoPyResult, invalid_argument, to_pyerr};
use crate::image::{ArrayImage, Input, positive, quad, roi};
use crate::results::{FrameReads, country_code};

/// A model argument: `None` (bundled), a path, or ONNX bytes.
fn model_source(obj: Option<&Bound<'_, PyAny>>, which: &str) -> PyResult<Option<ModelSource>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_none() {
        return Ok(None);
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        let bytes: PyBackedBytes = obj.extract()?;
        return Ok(Some(ModelSource::Bytes(Arc::from(&*bytes))));
    }
    let path: PathBuf = obj
        .extract()
        .map_err(|_| PyTypeError::new_err(format!("{which} must be None (bundled), a path or ONNX bytes")))?;
    Ok(Some(ModelSource::Path(path)))
}

fn backend(name: &str) -> PyResult<Backend> {
    match name {
        "onnxruntime" => Ok(Backend::OnnxRuntime),
        "tract" => Ok(Backend::Tract),
        other => Err(invalid_argument(format!("unknown backend {other:?}; use \"onnxruntime\" or \"tract\""))),
    }
}

/// A country from its code (`"NL"`, `"de"`, …).
pub(crate) fn country(code: &str) -> PyResult<anpr_core::Country> {
    code.parse().py_err()
}

/// The ONNX Runtime library of the installed `onnxruntime` package (see `anpr._runtime`).
fn default_ort_library(py: Python<'_>) -> PyResult<Option<PathBuf>> {
    py.import("anpr._runtime")?.call_method0("onnxruntime_library")?.extract()
}

/// The plate reader. Build one per process and share it between threads: every method releases the GIL.
#[pyclass(frozen, module = "anpr", name = "Engine")]
pub(crate) struct Engine {
    inner: anpr_core::Engine,
    backend: String,
    countries: Vec<String>,
}

#[pymethods]
impl Engine {
    /// Build an engine; every setting is checked here, so reading never fails on configuration.
    #[new]
    #[pyo3(signature = (
        *, detector=None, recognizer=None, countries=None, backend="onnxruntime", ort_library=None, threads=None,
        sessions=None, detection_threshold=None, min_confidence=None, top_n=None, max_plates=None,
        candidate_threshold=None, candidate_min_confidence=None, max_candidates=None, reread_misfits=None,
        detector_tiles=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        detector: Option<&Bound<'_, PyAny>>,
        recognizer: Option<&Bound<'_, PyAny>>,
        countries: Option<Vec<String>>,
        backend: &str,
        ort_library: Option<PathBuf>,
        threads: Option<i64>,
        sessions: Option<i64>,
        detection_threshold: Option<f32>,
        min_confidence: Option<f32>,
        top_n: Option<i64>,
        max_plates: Option<i64>,
        candidate_threshold: Option<f32>,
        candidate_min_confidence: Option<f32>,
        max_candidates: Option<i64>,
        reread_misfits: Option<bool>,
        detector_tiles: Option<bool>,
    ) -> PyResult<Self> {
        let mut b = anpr_core::Engine::builder().backend(self::backend(backend)?);
        if let Some(source) = model_source(detector, "detector")? {
            b = b.detector(source);
        }
        if let Some(source) = model_source(recognizer, "recognizer")? {
            b = b.recognizer(source);
        }
        let ort_library = match ort_library {
            Some(path) => Some(path),
            None if backend == "onnxruntime" => default_ort_library(py)?,
            None => None,
        };
        if let Some(path) = ort_library {
            b = b.ort_library(path);
        }
        let mut codes = Vec::new();
        if let Some(list) = countries {
            let parsed = list.iter().map(|c| country(c)).collect::<PyResult<Vec<_>>>()?;
            codes = parsed.iter().map(|c| country_code(*c)).collect();
            b = b.countries(parsed);
        }
        if let Some(n) = threads {
            b = b.threads(positive("threads", n)?);
        }
        if let Some(n) = sessions {
            b = b.sessions(positive("sessions", n)?);
        }
        if let Some(v) = detection_threshold {
            b = b.detection_threshold(v);
        }
        if let Some(v) = min_confidence {
            b = b.min_confidence(v);
        }
        if let Some(n) = top_n {
            b = b.top_n(positive("top_n", n)?);
        }
        if let Some(n) = max_plates {
            b = b.max_plates(positive("max_plates", n)?);
        }
        if let Some(v) = candidate_threshold {
            b = b.candidate_threshold(v);
        }
        if let Some(v) = candidate_min_confidence {
            b = b.candidate_min_confidence(v);
        }
        if let Some(n) = max_candidates {
            let n =
                usize::try_from(n).map_err(|_| invalid_argument(format!("max_candidates must be >= 0, got {n}")))?;
            b = b.max_candidates(n);
        }
        if let Some(on) = reread_misfits {
            b = b.reread_misfits(on);
        }
        if let Some(on) = detector_tiles {
            b = b.detector_tiles(on);
        }
        let inner = py.detach(|| b.build()).py_err()?;
        Ok(Engine { inner, backend: backend.to_owned(), countries: codes })
    }

    /// Read every plate in a numpy image: H×W grey, H×W×3 BGR (OpenCV's order; RGB with `rgb=True`) or H×W×4
    /// BGRA/RGBA, dtype uint8, C-contiguous. `roi` is `(x, y, width, height)` to search only part of the frame.
    #[pyo3(signature = (image, *, rgb=false, roi=None))]
    fn read(
        &self,
        py: Python<'_>,
        image: &Bound<'_, PyAny>,
        rgb: bool,
        roi: Option<(u32, u32, u32, u32)>,
    ) -> PyResult<FrameReads> {
        let image = ArrayImage::extract(image, rgb)?;
        let frame = image.frame()?;
        let roi = self::roi(roi);
        py.detach(|| self.inner.read(&frame, roi)).py_err().map(FrameReads)
    }

    /// Read the plates at known corners (four `(x, y)` points per plate, clockwise from the top-left),
    /// skipping detection.
    #[pyo3(signature = (image, quads, *, rgb=false))]
    fn read_quads(
        &self,
        py: Python<'_>,
        image: &Bound<'_, PyAny>,
        quads: Vec<[(f32, f32); 4]>,
        rgb: bool,
    ) -> PyResult<FrameReads> {
        let image = ArrayImage::extract(image, rgb)?;
        let frame = image.frame()?;
        let quads: Vec<anpr_core::Quad> = quads.into_iter().map(quad).collect();
        py.detach(|| self.inner.read_quads(&frame, &quads)).py_err().map(FrameReads)
    }

    /// Decode JPEG/PNG bytes (`bytes` or `bytearray`) and read every plate.
    fn read_encoded(&self, py: Python<'_>, data: PyBackedBytes) -> PyResult<FrameReads> {
        py.detach(|| self.inner.read_encoded(&data)).py_err().map(FrameReads)
    }

    /// Read every plate of a JPEG/PNG file (`str` or `os.PathLike`).
    fn read_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<FrameReads> {
        py.detach(|| self.inner.read_file(&path)).py_err().map(FrameReads)
    }

    /// Read a list of images, each a numpy array, encoded bytes or a path; one `FrameReads` per item, in order.
    /// Every item is checked before the first is read; Ctrl-C is honoured between items.
    #[pyo3(signature = (images, *, rgb=false))]
    fn read_batch(&self, py: Python<'_>, images: Vec<Bound<'_, PyAny>>, rgb: bool) -> PyResult<Vec<FrameReads>> {
        let inputs = images
            .iter()
            .enumerate()
            .map(|(i, obj)| Input::extract(obj, rgb).map_err(|e| prefix(py, e, i)))
            .collect::<PyResult<Vec<_>>>()?;
        let mut out = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let reads = match input {
                Input::Array(image) => {
                    let frame = image.frame().map_err(|e| prefix(py, e, i))?;
                    py.detach(|| self.inner.read(&frame, None))
                }
                Input::Encoded(bytes) => py.detach(|| self.inner.read_encoded(bytes)),
                Input::Path(path) => py.detach(|| self.inner.read_file(path)),
            };
            out.push(FrameReads(reads.map_err(|e| prefix(py, to_pyerr(e), i))?));
            py.check_signals()?;
        }
        Ok(out)
    }

    /// The backend name, `"onnxruntime"` or `"tract"`.
    #[getter]
    fn backend(&self) -> &str {
        &self.backend
    }

    fn __repr__(&self) -> String {
        let countries = if self.countries.is_empty() {
            "default".to_owned()
        } else {
            format!("[{}]", self.countries.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", "))
        };
        format!("Engine(backend='{}', countries={countries})", self.backend)
    }
}

/// The same exception with `batch item {i}: ` before its message.
fn prefix(py: Python<'_>, err: PyErr, index: usize) -> PyErr {
    let message = format!("batch item {index}: {}", err.value(py));
    PyErr::from_type(err.get_type(py), message)
}
