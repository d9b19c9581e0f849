//! What a hotlist entry is: its list (category, urgency, tolerance), reference, reason and validity.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::{Error, Result};

/// Largest per-list edit tolerance: the fuzzy index grows with C(len, N) a plate, so more is refused.
pub const MAX_EDITS: u8 = 3;

/// Why a plate is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// A missing (possibly vulnerable) person travels in the vehicle.
    MissingPerson,
    /// A wanted person travels in the vehicle.
    WantedPerson,
    /// The vehicle is stolen.
    StolenVehicle,
    /// The vehicle was used in a burglary or is part of a special action.
    SpecialAction,
    /// The keeper has an outstanding sentence.
    OutstandingSentence,
    /// The keeper has an unpaid fine.
    UnpaidFine,
    /// A list the operator defined.
    UserDefined,
}

impl Category {
    /// The built-in categories, most urgent first.
    pub const BUILT_IN: [Category; 6] = [
        Category::MissingPerson,
        Category::WantedPerson,
        Category::SpecialAction,
        Category::StolenVehicle,
        Category::OutstandingSentence,
        Category::UnpaidFine,
    ];

    /// The name of the standard list of this category (as written in CSV files), e.g. `"missing_person"`.
    pub const fn name(self) -> &'static str {
        match self {
            Category::MissingPerson => "missing_person",
            Category::WantedPerson => "wanted_person",
            Category::StolenVehicle => "stolen_vehicle",
            Category::SpecialAction => "special_action",
            Category::OutstandingSentence => "outstanding_sentence",
            Category::UnpaidFine => "unpaid_fine",
            Category::UserDefined => "user_defined",
        }
    }

    /// Default urgency: a missing person comes first, a fine can wait.
    pub const fn default_urgency(self) -> Urgency {
        match self {
            Category::MissingPerson => Urgency::Immediate,
            Category::WantedPerson | Category::SpecialAction => Urgency::High,
            Category::StolenVehicle => Urgency::Elevated,
            Category::OutstandingSentence | Category::UserDefined => Urgency::Routine,
            Category::UnpaidFine => Urgency::Low,
        }
    }
}

/// How soon someone must act on a hit. Ordered: `Immediate < High < … < Low`, so sorting puts urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Act at once (e.g. a missing person).
    Immediate,
    /// Act now.
    High,
    /// Act soon.
    Elevated,
    /// Handle in the normal course.
    Routine,
    /// Can wait (e.g. an unpaid fine).
    Low,
}

/// How loosely a list matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tolerance {
    /// Look-alike swaps (0↔O, 8↔B, …) match without counting as edits.
    pub lookalike: bool,
    /// Arbitrary edits (substitution, insertion, deletion) allowed, at most [`MAX_EDITS`].
    pub max_edits: u8,
}

impl Tolerance {
    /// Exact text only.
    pub const EXACT: Tolerance = Tolerance { lookalike: false, max_edits: 0 };
}

impl Default for Tolerance {
    /// Look-alike swaps plus one edit.
    fn default() -> Self {
        Tolerance { lookalike: true, max_edits: 1 }
    }
}

/// One list: a name (as used in CSV files), its category, urgency and tolerance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSpec {
    /// Unique name, e.g. `"stolen_vehicle"`.
    pub name: String,
    /// What kind of list it is.
    pub category: Category,
    /// How urgent its hits are.
    pub urgency: Urgency,
    /// How loosely it matches.
    pub tolerance: Tolerance,
}

impl ListSpec {
    /// A list with the category's default urgency and the default tolerance.
    pub fn new(name: impl Into<String>, category: Category) -> Self {
        ListSpec { name: name.into(), category, urgency: category.default_urgency(), tolerance: Tolerance::default() }
    }
}

/// The lists a hotlist may refer to. [`Lists::standard`] holds one list per built-in category, named after it;
/// add user-defined ones with [`Lists::define`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists {
    specs: Vec<ListSpec>,
}

impl Default for Lists {
    fn default() -> Self {
        Lists::standard()
    }
}

impl Lists {
    /// One list per built-in category with default urgency and tolerance.
    pub fn standard() -> Self {
        Lists { specs: Category::BUILT_IN.iter().map(|&c| ListSpec::new(c.name(), c)).collect() }
    }

    /// No lists at all.
    pub fn empty() -> Self {
        Lists { specs: Vec::new() }
    }

    /// Adds a list; its name must be new and not empty and its tolerance within [`MAX_EDITS`].
    pub fn define(&mut self, spec: ListSpec) -> Result<&mut Self> {
        if spec.name.trim().is_empty() {
            return Err(Error::InvalidArgument("list name is empty".into()));
        }
        if self.index_of(&spec.name).is_some() {
            return Err(Error::InvalidArgument(format!("list {:?} is already defined", spec.name)));
        }
        check_tolerance(&spec)?;
        if self.specs.len() >= u16::MAX as usize {
            return Err(Error::InvalidArgument("too many lists".into()));
        }
        self.specs.push(spec);
        Ok(self)
    }

    /// Changes the urgency of a list.
    pub fn set_urgency(&mut self, name: &str, urgency: Urgency) -> Result<&mut Self> {
        self.get_mut(name)?.urgency = urgency;
        Ok(self)
    }

    /// Changes the tolerance of a list.
    pub fn set_tolerance(&mut self, name: &str, tolerance: Tolerance) -> Result<&mut Self> {
        let spec = self.get_mut(name)?;
        let old = spec.tolerance;
        spec.tolerance = tolerance;
        if let Err(e) = check_tolerance(spec) {
            spec.tolerance = old;
            return Err(e);
        }
        Ok(self)
    }

    /// The list called `name`.
    pub fn get(&self, name: &str) -> Option<&ListSpec> {
        self.index_of(name).and_then(|i| self.specs.get(i as usize))
    }

    /// All lists, in definition order.
    pub fn iter(&self) -> impl Iterator<Item = &ListSpec> {
        self.specs.iter()
    }

    pub(crate) fn index_of(&self, name: &str) -> Option<u16> {
        self.specs.iter().position(|s| s.name == name).map(|i| i as u16)
    }

    pub(crate) fn by_index(&self, i: u16) -> Option<&ListSpec> {
        self.specs.get(i as usize)
    }

    fn get_mut(&mut self, name: &str) -> Result<&mut ListSpec> {
        self.specs
            .iter_mut()
            .find(|s| s.name == name)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown list {name:?}")))
    }
}

fn check_tolerance(spec: &ListSpec) -> Result<()> {
    if spec.tolerance.max_edits > MAX_EDITS {
        return Err(Error::InvalidArgument(format!(
            "list {:?}: at most {MAX_EDITS} edits are supported, not {}",
            spec.name, spec.tolerance.max_edits
        )));
    }
    Ok(())
}

/// One wanted plate, as supplied (by CSV or code). The plate is normalised when it is added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntrySpec {
    /// Plate text in any common spelling (`12-ABC-3`).
    pub plate: String,
    /// Name of the list it belongs to.
    pub list: String,
    /// The issuer's reference id.
    pub reference: String,
    /// Why the plate is wanted (free text for the officer).
    pub reason: String,
    /// Matches only from this time on (`None`: always).
    pub valid_from: Option<OffsetDateTime>,
    /// Matches only before this time (`None`: never expires).
    pub expires: Option<OffsetDateTime>,
}

impl EntrySpec {
    /// An entry with no reference, reason or validity limits.
    pub fn new(plate: impl Into<String>, list: impl Into<String>) -> Self {
        EntrySpec { plate: plate.into(), list: list.into(), ..Default::default() }
    }

    /// Sets the reference id.
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = reference.into();
        self
    }

    /// Sets the reason.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = reason.into();
        self
    }

    /// Sets the validity window (`valid_from <= t < expires`).
    pub fn valid(mut self, valid_from: Option<OffsetDateTime>, expires: Option<OffsetDateTime>) -> Self {
        self.valid_from = valid_from;
        self.expires = expires;
        self
    }
}

/// Seconds since the Unix epoch (the form stored and compared internally).
#[inline]
pub(crate) fn secs(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

/// A time from stored seconds (saturating to the representable range).
pub(crate) fn from_secs(s: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(s).ok()
}
