//! Hotlists and matching: `Lists`, `ListSpec`, `EntrySpec`, `HotlistBuilder`, `CsvLoader`, `Hotlist`, `HotlistSet`,
//! `Hit` — the core's names; matching releases the GIL.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anpr_core::hotlist::{
    self as core, Category, EntrySpec as CoreEntrySpec, Hit as CoreHit, HotlistKey, ListSpec as CoreListSpec,
    MatchKind, MatchMode, Tolerance, Urgency,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::datetime::{at_or_now, from_optional_datetime, rfc3339, to_optional_datetime};
use crate::errors::{IntoPyResult, invalid_argument};
use crate::lock;
use crate::results::PlateRead;

pub(crate) fn category_name(c: Category) -> &'static str {
    c.name()
}

fn category(name: &str) -> PyResult<Category> {
    Category::BUILT_IN
        .into_iter()
        .chain([Category::UserDefined])
        .find(|c| c.name() == name)
        .ok_or_else(|| invalid_argument(format!("unknown category {name:?}")))
}

pub(crate) fn urgency_name(u: Urgency) -> &'static str {
    match u {
        Urgency::Immediate => "immediate",
        Urgency::High => "high",
        Urgency::Elevated => "elevated",
        Urgency::Routine => "routine",
        Urgency::Low => "low",
    }
}

fn urgency(name: &str) -> PyResult<Urgency> {
    [Urgency::Immediate, Urgency::High, Urgency::Elevated, Urgency::Routine, Urgency::Low]
        .into_iter()
        .find(|u| urgency_name(*u) == name)
        .ok_or_else(|| {
            invalid_argument(format!("unknown urgency {name:?}; use immediate, high, elevated, routine or low"))
        })
}

fn kind_name(k: MatchKind) -> &'static str {
    match k {
        MatchKind::Exact => "exact",
        MatchKind::LookAlike => "look_alike",
        MatchKind::Edit => "edit",
    }
}

fn mode(name: &str) -> PyResult<MatchMode> {
    match name {
        "tolerant" => Ok(MatchMode::Tolerant),
        "exact" => Ok(MatchMode::Exact),
        other => Err(invalid_argument(format!("unknown match mode {other:?}; use \"tolerant\" or \"exact\""))),
    }
}

/// One list: a name (as used in CSV files), its category, urgency and tolerance.
#[pyclass(frozen, eq, module = "anpr", name = "ListSpec")]
#[derive(Clone, PartialEq)]
pub(crate) struct ListSpec(CoreListSpec);

#[pymethods]
impl ListSpec {
    /// A list with the category's default urgency and the default tolerance (look-alikes plus one edit) unless
    /// given.
    #[new]
    #[pyo3(signature = (name, category="user_defined", *, urgency=None, lookalike=None, max_edits=None))]
    fn new(
        name: String,
        category: &str,
        urgency: Option<&str>,
        lookalike: Option<bool>,
        max_edits: Option<u8>,
    ) -> PyResult<Self> {
        let mut spec = CoreListSpec::new(name, self::category(category)?);
        if let Some(u) = urgency {
            spec.urgency = self::urgency(u)?;
        }
        if let Some(l) = lookalike {
            spec.tolerance.lookalike = l;
        }
        if let Some(n) = max_edits {
            spec.tolerance.max_edits = n;
        }
        Ok(ListSpec(spec))
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn category(&self) -> &'static str {
        category_name(self.0.category)
    }

    #[getter]
    fn urgency(&self) -> &'static str {
        urgency_name(self.0.urgency)
    }

    #[getter]
    fn lookalike(&self) -> bool {
        self.0.tolerance.lookalike
    }

    #[getter]
    fn max_edits(&self) -> u8 {
        self.0.tolerance.max_edits
    }

    fn __repr__(&self) -> String {
        format!(
            "ListSpec(name='{}', category='{}', urgency='{}', lookalike={}, max_edits={})",
            self.0.name,
            self.category(),
            self.urgency(),
            if self.0.tolerance.lookalike { "True" } else { "False" },
            self.0.tolerance.max_edits
        )
    }
}

/// The lists a hotlist may refer to. `Lists.standard()` holds one list per built-in category.
#[pyclass(frozen, module = "anpr", name = "Lists")]
pub(crate) struct Lists(Mutex<core::Lists>);

impl Lists {
    pub(crate) fn snapshot(&self) -> core::Lists {
        lock(&self.0).clone()
    }
}

pub(crate) fn lists_or_standard(lists: Option<&Bound<'_, Lists>>) -> core::Lists {
    lists.map_or_else(core::Lists::standard, |l| l.get().snapshot())
}

#[pymethods]
impl Lists {
    /// The standard lists (same as `Lists.standard()`).
    #[new]
    fn new() -> Self {
        Lists(Mutex::new(core::Lists::standard()))
    }

    /// One list per built-in category with default urgency and tolerance.
    #[staticmethod]
    fn standard() -> Self {
        Lists(Mutex::new(core::Lists::standard()))
    }

    /// No lists at all.
    #[staticmethod]
    fn empty() -> Self {
        Lists(Mutex::new(core::Lists::empty()))
    }

    /// Add a list; its name must be new. Returns the same object, for chaining.
    fn define<'py>(slf: &Bound<'py, Self>, spec: &Bound<'py, ListSpec>) -> PyResult<Bound<'py, Self>> {
        lock(&slf.get().0).define(spec.get().0.clone()).py_err()?;
        Ok(slf.clone())
    }

    /// Change the urgency of a list.
    fn set_urgency<'py>(slf: &Bound<'py, Self>, name: &str, urgency: &str) -> PyResult<Bound<'py, Self>> {
        let u = self::urgency(urgency)?;
        lock(&slf.get().0).set_urgency(name, u).py_err()?;
        Ok(slf.clone())
    }

    /// Change the tolerance of a list.
    #[pyo3(signature = (name, *, lookalike, max_edits))]
    fn set_tolerance<'py>(
        slf: &Bound<'py, Self>,
        name: &str,
        lookalike: bool,
        max_edits: u8,
    ) -> PyResult<Bound<'py, Self>> {
        lock(&slf.get().0).set_tolerance(name, Tolerance { lookalike, max_edits }).py_err()?;
        Ok(slf.clone())
    }

    /// The list called `name`, if defined.
    fn get(&self, name: &str) -> Option<ListSpec> {
        lock(&self.0).get(name).cloned().map(ListSpec)
    }

    /// Every list, in definition order.
    fn specs(&self) -> Vec<ListSpec> {
        lock(&self.0).iter().cloned().map(ListSpec).collect()
    }

    fn __len__(&self) -> usize {
        lock(&self.0).iter().count()
    }

    fn __contains__(&self, name: &str) -> bool {
        lock(&self.0).get(name).is_some()
    }

    fn __repr__(&self) -> String {
        let names: Vec<String> = lock(&self.0).iter().map(|s| format!("'{}'", s.name)).collect();
        format!("Lists([{}])", names.join(", "))
    }
}

/// One wanted plate, as supplied. The plate is normalised when it is added to a hotlist.
#[pyclass(frozen, eq, module = "anpr", name = "EntrySpec")]
#[derive(Clone, PartialEq)]
pub(crate) struct EntrySpec(pub(crate) CoreEntrySpec);

#[pymethods]
impl EntrySpec {
    /// `valid_from`/`expires`: timezone-aware datetimes or Unix seconds; the entry matches in
    /// `valid_from <= t < expires`.
    #[new]
    #[pyo3(signature = (plate, list, *, reference="", reason="", valid_from=None, expires=None))]
    fn new(
        plate: String,
        list: String,
        reference: &str,
        reason: &str,
        valid_from: Option<&Bound<'_, PyAny>>,
        expires: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(EntrySpec(
            CoreEntrySpec::new(plate, list)
                .reference(reference)
                .reason(reason)
                .valid(to_optional_datetime(valid_from)?, to_optional_datetime(expires)?),
        ))
    }

    #[getter]
    fn plate(&self) -> &str {
        &self.0.plate
    }

    #[getter]
    fn list(&self) -> &str {
        &self.0.list
    }

    #[getter]
    fn reference(&self) -> &str {
        &self.0.reference
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    #[getter]
    fn valid_from<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_optional_datetime(py, self.0.valid_from)
    }

    #[getter]
    fn expires<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_optional_datetime(py, self.0.expires)
    }

    fn __repr__(&self) -> String {
        format!("EntrySpec(plate='{}', list='{}', reference='{}')", self.0.plate, self.0.list, self.0.reference)
    }
}

/// One hotlist entry that a reading matched.
#[pyclass(frozen, eq, module = "anpr", name = "Hit")]
#[derive(Clone, PartialEq)]
pub(crate) struct Hit(pub(crate) CoreHit);

#[pymethods]
impl Hit {
    #[getter]
    fn list(&self) -> &str {
        &self.0.list
    }

    #[getter]
    fn category(&self) -> &'static str {
        category_name(self.0.category)
    }

    #[getter]
    fn urgency(&self) -> &'static str {
        urgency_name(self.0.urgency)
    }

    #[getter]
    fn reference(&self) -> &str {
        &self.0.reference
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    /// The listed plate; `None` for a hashed entry.
    #[getter]
    fn plate(&self) -> Option<&str> {
        self.0.plate.as_deref()
    }

    /// The reading that matched (the plate read, or an alternative reading).
    #[getter]
    fn read_text(&self) -> &str {
        &self.0.read_text
    }

    /// `"exact"`, `"look_alike"` or `"edit"`.
    #[getter]
    fn kind(&self) -> &'static str {
        kind_name(self.0.kind)
    }

    #[getter]
    fn lookalikes(&self) -> u8 {
        self.0.lookalikes
    }

    #[getter]
    fn edits(&self) -> u8 {
        self.0.edits
    }

    #[getter]
    fn score(&self) -> f32 {
        self.0.score
    }

    #[getter]
    fn alternative(&self) -> bool {
        self.0.alternative
    }

    #[getter]
    fn candidate_rank(&self) -> u8 {
        self.0.candidate_rank
    }

    #[getter]
    fn hashed(&self) -> bool {
        self.0.hashed
    }

    #[getter]
    fn expires<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_optional_datetime(py, self.0.expires)
    }

    /// A plain, JSON-serialisable dict (`expires` in RFC 3339).
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let h = &self.0;
        let d = PyDict::new(py);
        d.set_item("list", h.list.as_str())?;
        d.set_item("category", self.category())?;
        d.set_item("urgency", self.urgency())?;
        d.set_item("reference", h.reference.as_str())?;
        d.set_item("reason", h.reason.as_str())?;
        d.set_item("plate", h.plate.as_deref())?;
        d.set_item("read_text", h.read_text.as_str())?;
        d.set_item("kind", self.kind())?;
        d.set_item("lookalikes", h.lookalikes)?;
        d.set_item("edits", h.edits)?;
        d.set_item("score", h.score)?;
        d.set_item("alternative", h.alternative)?;
        d.set_item("candidate_rank", h.candidate_rank)?;
        d.set_item("hashed", h.hashed)?;
        d.set_item("expires", h.expires.map(rfc3339))?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Hit(list='{}', reference='{}', read_text='{}', kind='{}', score={:.2}, urgency='{}')",
            self.0.list,
            self.0.reference,
            self.0.read_text,
            self.kind(),
            self.0.score,
            self.urgency()
        )
    }
}

pub(crate) fn hits(v: Vec<CoreHit>) -> Vec<Hit> {
    v.into_iter().map(Hit).collect()
}

/// An immutable, indexed hotlist. Build one with `HotlistBuilder` or `CsvLoader`; serve it with `HotlistSet`.
#[pyclass(frozen, module = "anpr", name = "Hotlist")]
pub(crate) struct Hotlist(pub(crate) Arc<core::Hotlist>);

#[pymethods]
impl Hotlist {
    /// An empty hotlist over `lists` (default: the standard lists).
    #[staticmethod]
    #[pyo3(signature = (lists=None))]
    fn empty(lists: Option<&Bound<'_, Lists>>) -> Self {
        Hotlist(Arc::new(core::Hotlist::empty(lists_or_standard(lists))))
    }

    /// The lists its entries refer to (a copy).
    #[getter]
    fn lists(&self) -> Lists {
        Lists(Mutex::new(self.0.lists().clone()))
    }

    /// Bytes of heap memory held.
    fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }

    /// True when `text` is exactly on an entry valid at `at` (default: now).
    #[pyo3(signature = (text, at=None))]
    fn contains(&self, py: Python<'_>, text: &str, at: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let at = at_or_now(at)?;
        Ok(py.detach(|| self.0.contains(text, at)))
    }

    /// Entries matching plate text, most urgent first. `mode`: `"tolerant"` (as each list allows) or `"exact"`.
    #[pyo3(signature = (text, at=None, *, mode="tolerant"))]
    fn matches(&self, py: Python<'_>, text: &str, at: Option<&Bound<'_, PyAny>>, mode: &str) -> PyResult<Vec<Hit>> {
        let (at, mode) = (at_or_now(at)?, self::mode(mode)?);
        Ok(hits(py.detach(|| self.0.matches(text, at, mode))))
    }

    /// `contains` for many plate texts at once, in order; faster per text on big lists.
    #[pyo3(signature = (texts, at=None))]
    fn contains_batch(&self, py: Python<'_>, texts: Vec<String>, at: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<bool>> {
        let at = at_or_now(at)?;
        Ok(py.detach(|| self.0.contains_batch(&texts, at)))
    }

    /// `matches` for many plate texts at once, in order: one list of hits per text.
    #[pyo3(signature = (texts, at=None, *, mode="tolerant"))]
    fn matches_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        at: Option<&Bound<'_, PyAny>>,
        mode: &str,
    ) -> PyResult<Vec<Vec<Hit>>> {
        let (at, mode) = (at_or_now(at)?, self::mode(mode)?);
        Ok(py.detach(|| self.0.matches_batch(&texts, at, mode)).into_iter().map(hits).collect())
    }

    /// How many entries each of many plate texts matches, in order, without building hits: the cheap first
    /// pass over many reads (then `matches` for the few that hit).
    #[pyo3(signature = (texts, at=None, *, mode="tolerant"))]
    fn match_count_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        at: Option<&Bound<'_, PyAny>>,
        mode: &str,
    ) -> PyResult<Vec<usize>> {
        let (at, mode) = (at_or_now(at)?, self::mode(mode)?);
        Ok(py.detach(|| self.0.match_count_batch(&texts, at, mode)))
    }

    /// Entries matching a read or any of its alternative readings, most urgent first.
    #[pyo3(signature = (read, at=None, *, mode="tolerant"))]
    fn matches_read(
        &self,
        py: Python<'_>,
        read: &Bound<'_, PlateRead>,
        at: Option<&Bound<'_, PyAny>>,
        mode: &str,
    ) -> PyResult<Vec<Hit>> {
        let (at, mode) = (at_or_now(at)?, self::mode(mode)?);
        let read = &read.get().0;
        Ok(hits(py.detach(|| self.0.matches_read(read, at, mode))))
    }

    /// A builder holding these entries, to derive a changed version.
    fn to_builder(&self) -> HotlistBuilder {
        HotlistBuilder(Mutex::new(Some(self.0.to_builder())))
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!("Hotlist(entries={})", self.0.len())
    }
}

/// Collects entries and builds a `Hotlist`.
#[pyclass(frozen, module = "anpr", name = "HotlistBuilder")]
pub(crate) struct HotlistBuilder(Mutex<Option<core::HotlistBuilder>>);

impl HotlistBuilder {
    fn with<T>(&self, f: impl FnOnce(&mut core::HotlistBuilder) -> anpr_core::Result<T>) -> PyResult<T> {
        let mut guard = lock(&self.0);
        let b = guard.as_mut().ok_or_else(|| invalid_argument("this HotlistBuilder was already built".into()))?;
        f(b).py_err()
    }
}

#[pymethods]
impl HotlistBuilder {
    /// A builder over `lists` (default: the standard lists). `hash_key` (bytes, optional) enables hashed entries.
    #[new]
    #[pyo3(signature = (lists=None, *, hash_key=None))]
    fn new(lists: Option<&Bound<'_, Lists>>, hash_key: Option<&[u8]>) -> PyResult<Self> {
        let mut b = core::HotlistBuilder::new(lists_or_standard(lists));
        if let Some(key) = hash_key {
            b.hash_key(HotlistKey::new(key).py_err()?);
        }
        Ok(HotlistBuilder(Mutex::new(Some(b))))
    }

    /// Add an entry; a plate already on the same list is an error (use `upsert` to replace it).
    fn add(&self, entry: &Bound<'_, EntrySpec>) -> PyResult<()> {
        self.with(|b| b.add(&entry.get().0))
    }

    /// Add an entry, replacing the one with the same plate on the same list.
    fn upsert(&self, entry: &Bound<'_, EntrySpec>) -> PyResult<()> {
        self.with(|b| b.upsert(&entry.get().0))
    }

    /// Remove a plate from a list; True when it was there.
    fn remove(&self, list: &str, plate: &str) -> PyResult<bool> {
        self.with(|b| b.remove(list, plate))
    }

    /// Remove every entry of a list; returns how many.
    fn clear_list(&self, list: &str) -> PyResult<usize> {
        self.with(|b| b.clear_list(list))
    }

    /// Build the hotlist. The builder is spent afterwards.
    fn build(&self, py: Python<'_>) -> PyResult<Hotlist> {
        let b = lock(&self.0).take().ok_or_else(|| invalid_argument("this HotlistBuilder was already built".into()))?;
        py.detach(|| b.build()).py_err().map(|h| Hotlist(Arc::new(h)))
    }

    fn __len__(&self) -> usize {
        lock(&self.0).as_ref().map_or(0, |b| b.len())
    }

    fn __repr__(&self) -> String {
        match lock(&self.0).as_ref() {
            Some(b) => format!("HotlistBuilder(entries={})", b.len()),
            None => "HotlistBuilder(built)".to_owned(),
        }
    }
}

/// A line of a hotlist file that was skipped.
#[pyclass(frozen, eq, module = "anpr", name = "Rejected")]
#[derive(Clone, PartialEq)]
pub(crate) struct Rejected {
    /// 1-based line number.
    #[pyo3(get)]
    line: usize,
    /// Why.
    #[pyo3(get)]
    reason: String,
}

#[pymethods]
impl Rejected {
    fn __repr__(&self) -> String {
        format!("Rejected(line={}, reason={:?})", self.line, self.reason)
    }
}

/// A loaded hotlist file: the hotlist and the lines that were skipped.
#[pyclass(frozen, module = "anpr", name = "Loaded")]
pub(crate) struct Loaded {
    #[pyo3(get)]
    hotlist: Py<Hotlist>,
    #[pyo3(get)]
    rejected: Vec<Rejected>,
}

#[pymethods]
impl Loaded {
    fn __repr__(&self) -> String {
        format!("Loaded(entries={}, rejected={})", self.hotlist.get().0.len(), self.rejected.len())
    }
}

/// Loads hotlist CSV files (see the core docs for the columns).
#[pyclass(frozen, module = "anpr", name = "CsvLoader")]
pub(crate) struct CsvLoader(core::CsvLoader);

impl CsvLoader {
    fn loaded(py: Python<'_>, loaded: anpr_core::Result<core::Loaded>) -> PyResult<Loaded> {
        let loaded = loaded.py_err()?;
        Ok(Loaded {
            hotlist: Py::new(py, Hotlist(Arc::new(loaded.hotlist)))?,
            rejected: loaded.rejected.into_iter().map(|r| Rejected { line: r.line, reason: r.reason }).collect(),
        })
    }
}

#[pymethods]
impl CsvLoader {
    /// `strict`: a bad line fails the whole file (default: it is reported in `Loaded.rejected`). `threads`: how
    /// many threads may parse a large file (default: two where there are two cores; `1` keeps a load on one).
    #[new]
    #[pyo3(signature = (lists=None, *, strict=false, hash_key=None, threads=None))]
    fn new(
        lists: Option<&Bound<'_, Lists>>,
        strict: bool,
        hash_key: Option<&[u8]>,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let mut loader = core::CsvLoader::new(lists_or_standard(lists)).strict(strict);
        match threads {
            Some(0) => return Err(pyo3::exceptions::PyValueError::new_err("threads must be at least 1")),
            Some(n) => loader = loader.threads(n),
            None => {}
        }
        if let Some(key) = hash_key {
            loader = loader.hash_key(HotlistKey::new(key).py_err()?);
        }
        Ok(CsvLoader(loader))
    }

    /// Load a CSV file.
    fn load_path(&self, py: Python<'_>, path: PathBuf) -> PyResult<Loaded> {
        let loaded = py.detach(|| self.0.load_path(&path));
        Self::loaded(py, loaded)
    }

    /// Load CSV text (`str`) or bytes.
    fn load(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Loaded> {
        let bytes: Vec<u8> = if data.is_instance_of::<PyString>() {
            data.extract::<String>()?.into_bytes()
        } else if let Ok(b) = data.extract::<pyo3::pybacked::PyBackedBytes>() {
            b.to_vec()
        } else {
            return Err(PyTypeError::new_err("expected CSV as str or bytes"));
        };
        let loaded = py.detach(|| self.0.load(bytes.as_slice()));
        Self::loaded(py, loaded)
    }
}

/// The live hotlist shared by all threads: versions are swapped atomically while reads go on.
#[pyclass(frozen, module = "anpr", name = "HotlistSet")]
pub(crate) struct HotlistSet(pub(crate) core::HotlistSet);

#[pymethods]
impl HotlistSet {
    /// A set serving `hotlist` (default: an empty hotlist over the standard lists).
    #[new]
    #[pyo3(signature = (hotlist=None))]
    fn new(hotlist: Option<&Bound<'_, Hotlist>>) -> Self {
        let h = hotlist.map_or_else(|| core::Hotlist::empty(core::Lists::standard()), |h| (*h.get().0).clone());
        HotlistSet(core::HotlistSet::new(h))
    }

    /// The current version.
    fn snapshot(&self) -> Hotlist {
        Hotlist(self.0.snapshot())
    }

    /// Publish a new version; returns the previous one.
    fn replace(&self, hotlist: &Bound<'_, Hotlist>) -> Hotlist {
        Hotlist(self.0.replace((*hotlist.get().0).clone()))
    }

    /// Apply changes in one step: clear whole lists, remove `(list, plate)` pairs, add or replace entries.
    #[pyo3(signature = (*, clear_lists=Vec::new(), remove=Vec::new(), upsert=Vec::new()))]
    fn apply(
        &self,
        py: Python<'_>,
        clear_lists: Vec<String>,
        remove: Vec<(String, String)>,
        upsert: Vec<Bound<'_, EntrySpec>>,
    ) -> PyResult<()> {
        let delta = core::Delta {
            clear_lists,
            remove,
            upsert: upsert.iter().map(|e| e.get().0.clone()).collect(),
            ..Default::default()
        };
        py.detach(|| self.0.apply(&delta)).py_err()
    }

    /// Replace all entries of one list.
    fn replace_list(&self, py: Python<'_>, list: &str, entries: Vec<Bound<'_, EntrySpec>>) -> PyResult<()> {
        let entries: Vec<CoreEntrySpec> = entries.iter().map(|e| e.get().0.clone()).collect();
        py.detach(|| self.0.replace_list(list, entries)).py_err()
    }

    /// Entries matching a read or its alternatives in the current version, most urgent first.
    #[pyo3(signature = (read, at=None))]
    fn matches_read(
        &self,
        py: Python<'_>,
        read: &Bound<'_, PlateRead>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Hit>> {
        let at = at_or_now(at)?;
        let read = &read.get().0;
        Ok(hits(py.detach(|| self.0.matches_read(read, at))))
    }

    /// True when `text` is exactly on a current, valid entry.
    #[pyo3(signature = (text, at=None))]
    fn contains(&self, py: Python<'_>, text: &str, at: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let at = at_or_now(at)?;
        Ok(py.detach(|| self.0.contains(text, at)))
    }

    fn __len__(&self) -> usize {
        self.0.snapshot().len()
    }

    fn __repr__(&self) -> String {
        format!("HotlistSet(entries={})", self.0.snapshot().len())
    }
}
