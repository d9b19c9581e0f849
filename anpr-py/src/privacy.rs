//! Privacy by design: `RetentionPolicy`, `Pseudonymizer`/`Pseudonym`, and `assess` with its records
//! (`NoHitRecord`, `Alert`, `PassageRecord`) — the core's names.

use anpr_core::privacy::{
    self as core, Alert as CoreAlert, NoHitRecord as CoreNoHit, Outcome, PassageRecord as CorePassage,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::datetime::{at_or_now, from_datetime, from_duration, rfc3339, to_datetime, to_duration};
use crate::errors::IntoPyResult;
use crate::hotlist::{Hit, Hotlist, HotlistSet, urgency_name};
use crate::results::{BBox, FormatMatch, PlateRead, country_code};

/// How long each kind of output record may be kept (durations as `timedelta` or seconds; each at most 28 days).
#[pyclass(frozen, eq, module = "anpr", name = "RetentionPolicy")]
#[derive(Clone, PartialEq)]
pub(crate) struct RetentionPolicy(pub(crate) core::RetentionPolicy);

#[pymethods]
impl RetentionPolicy {
    /// Defaults: no-hit records due at once, hits 28 days, images 7 days, passages not kept. `keep_all_passages`
    /// switches on keeping every passage with its text (only where the law allows it).
    #[new]
    #[pyo3(signature = (*, no_hit=None, hit=None, image=None, keep_all_passages=None))]
    fn new(
        no_hit: Option<&Bound<'_, PyAny>>,
        hit: Option<&Bound<'_, PyAny>>,
        image: Option<&Bound<'_, PyAny>>,
        keep_all_passages: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut p = core::RetentionPolicy::default();
        if let Some(d) = no_hit {
            p = p.no_hit(to_duration(d)?).py_err()?;
        }
        if let Some(d) = hit {
            p = p.hit(to_duration(d)?).py_err()?;
        }
        if let Some(d) = image {
            p = p.image(to_duration(d)?).py_err()?;
        }
        if let Some(d) = keep_all_passages {
            p = p.keep_all_passages(to_duration(d)?).py_err()?;
        }
        Ok(RetentionPolicy(p))
    }

    #[getter]
    fn no_hit_retention<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_duration(py, self.0.no_hit_retention())
    }

    #[getter]
    fn hit_retention<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_duration(py, self.0.hit_retention())
    }

    #[getter]
    fn image_retention<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_duration(py, self.0.image_retention())
    }

    /// Retention of all passages, or None when that mode is off.
    #[getter]
    fn passage_retention<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.passage_retention().map(|d| from_duration(py, d)).transpose()
    }

    fn __repr__(&self) -> String {
        let passages = self.0.passage_retention().map_or_else(|| "None".to_owned(), |d| format!("'{d}'"));
        format!(
            "RetentionPolicy(no_hit='{}', hit='{}', image='{}', keep_all_passages={passages})",
            self.0.no_hit_retention(),
            self.0.hit_retention(),
            self.0.image_retention()
        )
    }
}

/// A plate's period-scoped token: equal for equal plates within one period, unlinkable across periods.
#[pyclass(frozen, eq, hash, module = "anpr", name = "Pseudonym")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Pseudonym(core::Pseudonym);

#[pymethods]
impl Pseudonym {
    /// 32 hex digits.
    #[getter]
    fn token(&self) -> &str {
        &self.0.token
    }

    /// Start of the period (UTC).
    #[getter]
    fn period_start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.period_start)
    }

    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("token", &self.0.token)?;
        d.set_item("period_start", rfc3339(self.0.period_start))?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("Pseudonym(token='{}', period_start='{}')", self.0.token, rfc3339(self.0.period_start))
    }
}

/// Turns plates into period-scoped tokens for traffic studies.
#[pyclass(frozen, module = "anpr", name = "Pseudonymizer")]
pub(crate) struct Pseudonymizer(pub(crate) core::Pseudonymizer);

#[pymethods]
impl Pseudonymizer {
    /// Period keys derived from one operator key (≥ 16 bytes); periods aligned to the Unix epoch.
    #[staticmethod]
    fn derived(operator_key: &[u8], period: &Bound<'_, PyAny>) -> PyResult<Self> {
        core::Pseudonymizer::derived(operator_key, to_duration(period)?).py_err().map(Pseudonymizer)
    }

    /// Operator-supplied keys, one per period, keyed by each period's start (a mapping datetime → bytes).
    #[staticmethod]
    fn per_period(period: &Bound<'_, PyAny>, keys: &Bound<'_, PyDict>) -> PyResult<Self> {
        let keys = keys
            .iter()
            .map(|(start, key)| Ok((to_datetime(&start)?, key.extract::<Vec<u8>>()?)))
            .collect::<PyResult<Vec<_>>>()?;
        core::Pseudonymizer::per_period(to_duration(period)?, keys).py_err().map(Pseudonymizer)
    }

    /// The pseudonym of normalised plate text at `at` (default: now).
    #[pyo3(signature = (plate, at=None))]
    fn pseudonym(&self, plate: &str, at: Option<&Bound<'_, PyAny>>) -> PyResult<Pseudonym> {
        self.0.pseudonym(plate, at_or_now(at)?).py_err().map(Pseudonym)
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

fn optional_format<'py>(py: Python<'py>, f: &Option<anpr_core::formats::FormatMatch>) -> PyResult<Bound<'py, PyAny>> {
    match f {
        Some(f) => Ok(FormatMatch(f.clone()).to_dict(py)?.into_any()),
        None => Ok(py.None().into_bound(py)),
    }
}

/// A read that matched nothing: no plate text survives.
#[pyclass(frozen, eq, module = "anpr", name = "NoHitRecord")]
#[derive(Clone, PartialEq)]
pub(crate) struct NoHitRecord(CoreNoHit);

#[pymethods]
impl NoHitRecord {
    /// `"no_hit"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        "no_hit"
    }

    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.at)
    }

    #[getter]
    fn delete_by<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.delete_by)
    }

    #[getter]
    fn confidence(&self) -> f32 {
        self.0.confidence
    }

    /// Country of the plate's format, if known.
    #[getter]
    fn country(&self) -> Option<String> {
        self.0.country.map(country_code)
    }

    /// The period-scoped token, when pseudonymisation is on.
    #[getter]
    fn pseudonym(&self) -> Option<Pseudonym> {
        self.0.pseudonym.clone().map(Pseudonym)
    }

    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.0;
        let d = PyDict::new(py);
        d.set_item("outcome", "no_hit")?;
        d.set_item("at", rfc3339(r.at))?;
        d.set_item("delete_by", rfc3339(r.delete_by))?;
        d.set_item("confidence", r.confidence)?;
        d.set_item("country", self.country())?;
        let pseudonym = match &r.pseudonym {
            Some(p) => Pseudonym(p.clone()).to_dict(py)?.into_any(),
            None => py.None().into_bound(py),
        };
        d.set_item("pseudonym", pseudonym)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let token = self.0.pseudonym.as_ref().map_or_else(|| "None".to_owned(), |p| format!("'{}'", p.token));
        format!("NoHitRecord(at='{}', confidence={:.3}, pseudonym={token})", rfc3339(self.0.at), self.0.confidence)
    }
}

/// A read that matched: what an operator acts on.
#[pyclass(frozen, eq, module = "anpr", name = "Alert")]
#[derive(Clone, PartialEq)]
pub(crate) struct Alert(CoreAlert);

#[pymethods]
impl Alert {
    /// `"hit"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        "hit"
    }

    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.at)
    }

    #[getter]
    fn plate(&self) -> &str {
        &self.0.plate
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
    fn format(&self) -> Option<FormatMatch> {
        self.0.format.clone().map(FormatMatch)
    }

    #[getter]
    fn bbox(&self) -> BBox {
        BBox(self.0.bbox)
    }

    /// Urgency of the most urgent hit.
    #[getter]
    fn urgency(&self) -> &'static str {
        urgency_name(self.0.urgency)
    }

    /// The entries hit, most urgent first.
    #[getter]
    fn hits(&self) -> Vec<Hit> {
        self.0.hits.iter().cloned().map(Hit).collect()
    }

    #[getter]
    fn delete_by<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.delete_by)
    }

    #[getter]
    fn image_delete_by<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.image_delete_by)
    }

    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let a = &self.0;
        let d = PyDict::new(py);
        d.set_item("outcome", "hit")?;
        d.set_item("at", rfc3339(a.at))?;
        d.set_item("plate", &a.plate)?;
        d.set_item("display", &a.display)?;
        d.set_item("confidence", a.confidence)?;
        d.set_item("format", optional_format(py, &a.format)?)?;
        d.set_item("bbox", BBox(a.bbox).to_dict(py)?)?;
        d.set_item("urgency", self.urgency())?;
        let hits = PyList::empty(py);
        for h in &a.hits {
            hits.append(Hit(h.clone()).to_dict(py)?)?;
        }
        d.set_item("hits", hits)?;
        d.set_item("delete_by", rfc3339(a.delete_by))?;
        d.set_item("image_delete_by", rfc3339(a.image_delete_by))?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let lists: Vec<String> = self.0.hits.iter().map(|h| format!("'{}'", h.list)).collect();
        format!(
            "Alert(plate='{}', urgency='{}', lists=[{}], at='{}')",
            self.0.plate,
            self.urgency(),
            lists.join(", "),
            rfc3339(self.0.at)
        )
    }
}

/// A passage kept with its text (keep-all-passages mode only).
#[pyclass(frozen, eq, module = "anpr", name = "PassageRecord")]
#[derive(Clone, PartialEq)]
pub(crate) struct PassageRecord(CorePassage);

#[pymethods]
impl PassageRecord {
    /// `"passage"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        "passage"
    }

    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.at)
    }

    #[getter]
    fn plate(&self) -> &str {
        &self.0.plate
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
    fn format(&self) -> Option<FormatMatch> {
        self.0.format.clone().map(FormatMatch)
    }

    #[getter]
    fn delete_by<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_datetime(py, self.0.delete_by)
    }

    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.0;
        let d = PyDict::new(py);
        d.set_item("outcome", "passage")?;
        d.set_item("at", rfc3339(p.at))?;
        d.set_item("plate", &p.plate)?;
        d.set_item("display", &p.display)?;
        d.set_item("confidence", p.confidence)?;
        d.set_item("format", optional_format(py, &p.format)?)?;
        d.set_item("delete_by", rfc3339(p.delete_by))?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("PassageRecord(plate='{}', at='{}')", self.0.plate, rfc3339(self.0.at))
    }
}

/// The combined read-and-match step: match `read` against `hotlist` (a `Hotlist` or the live `HotlistSet`) and
/// apply `policy` (default `RetentionPolicy()`). Returns an `Alert` on a hit; otherwise a `NoHitRecord` without
/// plate text (with a pseudonym when `pseudonyms` is given), or a `PassageRecord` in keep-all-passages mode.
/// The core scrubs its copy of the read; the Python `PlateRead` passed in is unchanged — drop it yourself.
#[pyfunction]
#[pyo3(signature = (read, hotlist, policy=None, *, pseudonyms=None, now=None))]
pub(crate) fn assess<'py>(
    py: Python<'py>,
    read: &Bound<'py, PlateRead>,
    hotlist: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, RetentionPolicy>>,
    pseudonyms: Option<&Bound<'py, Pseudonymizer>>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let snapshot = hotlist_snapshot(hotlist)?;
    let policy = policy.map_or_else(core::RetentionPolicy::default, |p| p.get().0);
    let now = at_or_now(now)?;
    let read = read.get().0.clone();
    let pseudonyms = pseudonyms.map(|p| &p.get().0);
    let outcome = py.detach(|| core::assess_with(read, &snapshot, &policy, pseudonyms, now));
    outcome_object(py, outcome)
}

/// The live version of an `anpr.Hotlist` or `anpr.HotlistSet`.
pub(crate) fn hotlist_snapshot(hotlist: &Bound<'_, PyAny>) -> PyResult<std::sync::Arc<anpr_core::hotlist::Hotlist>> {
    if let Ok(h) = hotlist.cast::<Hotlist>() {
        Ok(h.get().0.clone())
    } else if let Ok(set) = hotlist.cast::<HotlistSet>() {
        Ok(set.get().0.snapshot())
    } else {
        Err(PyTypeError::new_err("hotlist must be an anpr.Hotlist or anpr.HotlistSet"))
    }
}

/// The Python record of an outcome: `NoHitRecord`, `Alert` or `PassageRecord`.
pub(crate) fn outcome_object(py: Python<'_>, outcome: Outcome) -> PyResult<Bound<'_, PyAny>> {
    Ok(match outcome {
        Outcome::NoHit(r) => Bound::new(py, NoHitRecord(r))?.into_any(),
        Outcome::Hit(a) => Bound::new(py, Alert(a))?.into_any(),
        Outcome::Passage(p) => Bound::new(py, PassageRecord(p))?.into_any(),
    })
}
