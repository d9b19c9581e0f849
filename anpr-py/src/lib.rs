//! Python module for anpr: a thin PyO3 shell over `anpr-core` (see `python/anpr/__init__.py` for the package).
//!
//! It converts types, maps errors to Python exceptions and releases the GIL around all model work and matching;
//! every behaviour lives in the core.

mod datetime;
mod engine;
mod errors;
mod formats;
mod hotlist;
mod image;
mod privacy;
mod results;
mod tracker;

use std::sync::{Mutex, MutexGuard};

use pyo3::prelude::*;

/// Lock a mutex, ignoring poisoning: the guarded core values stay valid (core methods check before they write).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The compiled part of the `anpr` package; import `anpr` instead.
#[pymodule]
fn _anpr(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<engine::Engine>()?;
    m.add_class::<results::FrameReads>()?;
    m.add_class::<results::PlateRead>()?;
    m.add_class::<results::Candidate>()?;
    m.add_class::<results::FormatMatch>()?;
    m.add_class::<results::BBox>()?;
    m.add_class::<results::Timings>()?;
    m.add_class::<formats::Plate>()?;
    m.add_function(wrap_pyfunction!(formats::normalize, m)?)?;
    m.add_function(wrap_pyfunction!(formats::parse, m)?)?;
    m.add_function(wrap_pyfunction!(formats::classify, m)?)?;
    m.add_function(wrap_pyfunction!(formats::display, m)?)?;
    m.add_class::<hotlist::ListSpec>()?;
    m.add_class::<hotlist::Lists>()?;
    m.add_class::<hotlist::EntrySpec>()?;
    m.add_class::<hotlist::Hit>()?;
    m.add_class::<hotlist::Hotlist>()?;
    m.add_class::<hotlist::HotlistBuilder>()?;
    m.add_class::<hotlist::HotlistSet>()?;
    m.add_class::<hotlist::CsvLoader>()?;
    m.add_class::<hotlist::Loaded>()?;
    m.add_class::<hotlist::Rejected>()?;
    m.add_class::<privacy::RetentionPolicy>()?;
    m.add_class::<privacy::Pseudonym>()?;
    m.add_class::<privacy::Pseudonymizer>()?;
    m.add_class::<privacy::NoHitRecord>()?;
    m.add_class::<privacy::Alert>()?;
    m.add_class::<privacy::PassageRecord>()?;
    m.add_function(wrap_pyfunction!(privacy::assess, m)?)?;
    m.add_class::<tracker::Tracker>()?;
    m.add_class::<tracker::Pass>()?;
    m.add_class::<tracker::BestView>()?;
    m.add_class::<tracker::AlertDeduper>()?;
    m.add_class::<tracker::PassMatcher>()?;
    Ok(())
}
