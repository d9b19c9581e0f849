//! Plate formats: `normalize`, `parse`, `classify`, `display` and `Plate` — the core's names.

use anpr_core::formats::{self as core};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::engine::country;
use crate::errors::IntoPyResult;
use crate::results::FormatMatch;

fn countries(list: Option<Vec<String>>) -> PyResult<Vec<anpr_core::Country>> {
    list.unwrap_or_default().iter().map(|c| country(c)).collect()
}

/// A plate text parsed from user input: normalised text and the format it fits.
#[pyclass(frozen, eq, module = "anpr", name = "Plate")]
#[derive(Clone, PartialEq)]
pub(crate) struct Plate(core::Plate);

#[pymethods]
impl Plate {
    /// Normalised text (A–Z, 0–9, no separators).
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }

    /// The format it fits, if any.
    #[getter]
    fn format(&self) -> Option<FormatMatch> {
        self.0.format.clone().map(FormatMatch)
    }

    /// The display form, e.g. `"12-ABC-3"`.
    #[getter]
    fn display(&self) -> String {
        self.0.display()
    }

    /// A plain dict of the fields.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.0.text)?;
        d.set_item("display", self.0.display())?;
        let format = match &self.0.format {
            Some(f) => FormatMatch(f.clone()).to_dict(py)?.into_any(),
            None => py.None().into_bound(py),
        };
        d.set_item("format", format)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let format = self.0.format.as_ref().map_or_else(|| "None".to_owned(), |f| format!("'{}'", f.name));
        format!("Plate(text='{}', display='{}', format={format})", self.0.text, self.0.display())
    }
}

/// Normalise plate text typed by people (`"12-abc-3"`) to upper-case A–Z/0–9 without separators.
#[pyfunction]
pub(crate) fn normalize(text: &str) -> PyResult<String> {
    core::normalize(text).py_err()
}

/// Parse user input in any common spelling into its normalised text and format; `countries` (codes) are
/// preferred when a text fits several.
#[pyfunction]
#[pyo3(signature = (text, countries=None))]
pub(crate) fn parse(text: &str, countries: Option<Vec<String>>) -> PyResult<Plate> {
    core::parse(text, &self::countries(countries)?).py_err().map(Plate)
}

/// The format a normalised text fits, or None.
#[pyfunction]
#[pyo3(signature = (text, countries=None))]
pub(crate) fn classify(text: &str, countries: Option<Vec<String>>) -> PyResult<Option<FormatMatch>> {
    Ok(core::classify(text, &self::countries(countries)?).map(FormatMatch))
}

/// The display form of a normalised text in a format (unchanged without one).
#[pyfunction]
#[pyo3(signature = (text, format=None))]
pub(crate) fn display(text: &str, format: Option<&Bound<'_, FormatMatch>>) -> String {
    core::display(text, format.map(|f| &f.get().0))
}
