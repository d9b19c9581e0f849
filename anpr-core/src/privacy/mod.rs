//! Privacy by design: what survives a read, for how long, and in what form.
//!
//! - [`assess`] / [`assess_with`]: the combined read-and-match step. A read that matches nothing leaves a
//!   [`NoHitRecord`] without plate text (the texts are zeroed); a hit leaves an [`Alert`] with a delete-by time.
//! - [`RetentionPolicy`]: retention per class (no-hit, hit, image), hits at most 28 days, and a separate,
//!   explicitly enabled keep-all-passages mode (at most 4 weeks).
//! - [`Pseudonymizer`]: keyed, period-scoped tokens for traffic studies.
//!
//! The plain recognition API ([`crate::PlateRead`]) keeps the text for uses that need it.

mod outcome;
mod pseudonym;
mod retention;

pub use outcome::{Alert, NoHitRecord, Outcome, PassageRecord, assess, assess_with};
pub use pseudonym::{Pseudonym, Pseudonymizer};
pub use retention::{MAX_RETENTION, RetentionPolicy};
