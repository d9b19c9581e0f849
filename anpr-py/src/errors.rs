//! The Python exception hierarchy, derived from the core's stable [`ErrorCode`] in one match.
//!
//! `anpr.AnprError` is the base of every error the module raises; each code has one subclass, which also
//! subclasses the matching built-in (`ValueError`, `OSError`, `RuntimeError`) so that generic handlers work.
//! Every class carries the stable code name in its `code` attribute.

use anpr_core::{Error, ErrorCode};
use pyo3::exceptions::{PyException, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

/// Every code this module knows; a code added to the core later maps to the base class until listed here.
const CODES: [ErrorCode; 10] = [
    ErrorCode::InvalidArgument,
    ErrorCode::InvalidImage,
    ErrorCode::ImageDecode,
    ErrorCode::ModelLoad,
    ErrorCode::RuntimeUnavailable,
    ErrorCode::Inference,
    ErrorCode::InvalidPlate,
    ErrorCode::Hotlist,
    ErrorCode::Io,
    ErrorCode::Policy,
];

/// Which built-in an exception class also derives from.
#[derive(Clone, Copy)]
enum Builtin {
    Value,
    Os,
    Runtime,
}

/// The one mapping from a code to its Python class: name, extra built-in base, docstring.
fn class_spec(code: ErrorCode) -> Option<(&'static str, Builtin, &'static str)> {
    Some(match code {
        ErrorCode::InvalidArgument => ("InvalidArgumentError", Builtin::Value, "An argument or setting is invalid."),
        ErrorCode::InvalidImage => {
            ("InvalidImageError", Builtin::Value, "An image is malformed: dtype, shape, contiguity, size or stride.")
        }
        ErrorCode::ImageDecode => ("ImageDecodeError", Builtin::Value, "Encoded bytes are not a decodable JPEG/PNG."),
        ErrorCode::ModelLoad => {
            ("ModelLoadError", Builtin::Runtime, "A model is missing, malformed or violates the I/O contract.")
        }
        ErrorCode::RuntimeUnavailable => {
            ("RuntimeUnavailableError", Builtin::Runtime, "The ONNX Runtime library cannot be found or loaded.")
        }
        ErrorCode::Inference => ("InferenceError", Builtin::Runtime, "Running a model failed."),
        ErrorCode::InvalidPlate => ("InvalidPlateError", Builtin::Value, "Text that cannot be a number plate."),
        ErrorCode::Hotlist => ("HotlistError", Builtin::Value, "A hotlist (file or entry) is invalid."),
        ErrorCode::Io => ("IoError", Builtin::Os, "Reading or writing a file failed."),
        ErrorCode::Policy => ("PolicyError", Builtin::Value, "A retention or privacy policy is invalid."),
        // `ErrorCode` is non-exhaustive: a code newer than this module is raised as the base class.
        _ => return None,
    })
}

struct Classes {
    base: Py<PyType>,
    by_code: Vec<(ErrorCode, Py<PyType>)>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn new_class<'py>(
    py: Python<'py>,
    name: &str,
    bases: Bound<'py, PyTuple>,
    doc: &str,
    code: Option<&str>,
) -> PyResult<Bound<'py, PyType>> {
    let dict = PyDict::new(py);
    dict.set_item("__module__", "anpr")?;
    dict.set_item("__doc__", doc)?;
    dict.set_item("code", code)?;
    let class = py.get_type::<PyType>().call1((name, bases, dict))?;
    Ok(class.cast_into::<PyType>()?)
}

/// Create the classes and add them to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = new_class(
        py,
        "AnprError",
        PyTuple::new(py, [py.get_type::<PyException>()])?,
        "Base class of every error raised by anpr. `code` is the stable machine code (None on the base).",
        None,
    )?;
    m.add("AnprError", &base)?;
    let mut by_code = Vec::with_capacity(CODES.len());
    for code in CODES {
        let Some((name, builtin, doc)) = class_spec(code) else { continue };
        let builtin = match builtin {
            Builtin::Value => py.get_type::<PyValueError>(),
            Builtin::Os => py.get_type::<PyOSError>(),
            Builtin::Runtime => py.get_type::<PyRuntimeError>(),
        };
        let class = new_class(py, name, PyTuple::new(py, [base.clone(), builtin])?, doc, Some(code.name()))?;
        m.add(name, &class)?;
        by_code.push((code, class.unbind()));
    }
    // A second registration (a re-imported module) keeps the first classes so `except` clauses stay valid.
    let _ = CLASSES.set(py, Classes { base: base.unbind(), by_code });
    Ok(())
}

/// The Python exception for a core error.
pub(crate) fn to_pyerr(err: Error) -> PyErr {
    Python::attach(|py| {
        let Some(classes) = CLASSES.get(py) else {
            return PyRuntimeError::new_err(err.to_string());
        };
        let code = err.code();
        let class = classes.by_code.iter().find(|(c, _)| *c == code).map_or(&classes.base, |(_, class)| class);
        PyErr::from_type(class.bind(py).clone(), err.to_string())
    })
}

/// An [`Error::InvalidImage`] as a Python exception (for checks done on Python objects).
pub(crate) fn invalid_image(message: String) -> PyErr {
    to_pyerr(Error::InvalidImage(message))
}

/// An [`Error::InvalidArgument`] as a Python exception.
pub(crate) fn invalid_argument(message: String) -> PyErr {
    to_pyerr(Error::InvalidArgument(message))
}

/// Extension for core results: `.py()?` maps the error.
pub(crate) trait IntoPyResult<T> {
    /// Map a core error to its Python exception.
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for anpr_core::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_pyerr)
    }
}
