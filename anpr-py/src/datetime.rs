//! Python `datetime`/`timedelta` ↔ the core's `time` types (through the `datetime` module, so abi3 works).

use anpr_core::time::{Duration, OffsetDateTime};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::invalid_argument;

/// A timezone-aware `datetime`, or Unix seconds (`int`/`float`), as an instant. Naive datetimes are refused:
/// local time is ambiguous.
pub(crate) fn to_datetime(obj: &Bound<'_, PyAny>) -> PyResult<OffsetDateTime> {
    let py = obj.py();
    let datetime = py.import("datetime")?.getattr("datetime")?;
    let seconds: f64 = if obj.is_instance(&datetime)? {
        if obj.getattr("tzinfo")?.is_none() || obj.call_method0("utcoffset")?.is_none() {
            return Err(invalid_argument(format!(
                "naive datetime {obj} is ambiguous; give it a timezone, e.g. datetime.now(timezone.utc)"
            )));
        }
        obj.call_method0("timestamp")?.extract()?
    } else if let Ok(s) = obj.extract::<f64>() {
        s
    } else {
        return Err(PyTypeError::new_err("expected a timezone-aware datetime or Unix seconds"));
    };
    if !seconds.is_finite() {
        return Err(invalid_argument(format!("timestamp {seconds} is not finite")));
    }
    OffsetDateTime::from_unix_timestamp_nanos((seconds * 1e9).round() as i128)
        .map_err(|e| invalid_argument(format!("timestamp {seconds} is out of range: {e}")))
}

/// `at`, or the current time when `None`.
pub(crate) fn at_or_now(at: Option<&Bound<'_, PyAny>>) -> PyResult<OffsetDateTime> {
    match at {
        Some(at) if !at.is_none() => to_datetime(at),
        _ => Ok(OffsetDateTime::now_utc()),
    }
}

/// An optional instant (`None` stays `None`).
pub(crate) fn to_optional_datetime(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<OffsetDateTime>> {
    match obj {
        Some(o) if !o.is_none() => to_datetime(o).map(Some),
        _ => Ok(None),
    }
}

/// An instant as a timezone-aware UTC `datetime` (microsecond precision).
pub(crate) fn from_datetime(py: Python<'_>, t: OffsetDateTime) -> PyResult<Bound<'_, PyAny>> {
    let module = py.import("datetime")?;
    let utc = module.getattr("timezone")?.getattr("utc")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("microsecond", t.microsecond())?;
    module.getattr("datetime")?.call_method1("fromtimestamp", (t.unix_timestamp(), utc))?.call_method(
        "replace",
        (),
        Some(&kwargs),
    )
}

/// An optional instant as an optional `datetime`.
pub(crate) fn from_optional_datetime(py: Python<'_>, t: Option<OffsetDateTime>) -> PyResult<Bound<'_, PyAny>> {
    match t {
        Some(t) => from_datetime(py, t),
        None => Ok(py.None().into_bound(py)),
    }
}

/// A `timedelta`, or seconds (`int`/`float`), as a duration.
pub(crate) fn to_duration(obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let py = obj.py();
    let timedelta = py.import("datetime")?.getattr("timedelta")?;
    let seconds: f64 = if obj.is_instance(&timedelta)? {
        obj.call_method0("total_seconds")?.extract()?
    } else {
        obj.extract().map_err(|_| PyTypeError::new_err("expected a datetime.timedelta or seconds"))?
    };
    if !seconds.is_finite() || seconds.abs() > 1e12 {
        return Err(invalid_argument(format!("duration of {seconds} seconds is out of range")));
    }
    Ok(Duration::seconds_f64(seconds))
}

/// A duration as a `timedelta`.
pub(crate) fn from_duration(py: Python<'_>, d: Duration) -> PyResult<Bound<'_, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("seconds", d.whole_seconds())?;
    kwargs.set_item("microseconds", d.subsec_microseconds())?;
    py.import("datetime")?.getattr("timedelta")?.call((), Some(&kwargs))
}

/// An instant in RFC 3339 (for `to_dict`, so the dict is JSON-serialisable).
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&anpr_core::time::format_description::well_known::Rfc3339).unwrap_or_else(|_| t.to_string())
}
