//! Pseudonymised reads for traffic studies: a plate becomes a token that is stable within a period and
//! unlinkable across periods.
//!
//! `token = HMAC-SHA-256(period_key, plate)` truncated to 128 bits, where the period key is either supplied by
//! the operator for each period, or derived as `HMAC-SHA-256(operator_key, "anpr-pseudonym-period" ‖ period)`.
//! With supplied keys, destroying a period's key makes its tokens unlinkable for good; with a derived key, whoever
//! holds the operator key can recompute tokens, so keep it as safely as the plates themselves.

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A pseudonym: a token and the period it is valid in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Pseudonym {
    /// 32 hex digits; equal for equal plates within one period.
    pub token: String,
    /// Start of the period.
    #[serde(with = "time::serde::rfc3339")]
    pub period_start: OffsetDateTime,
}

enum Keys {
    Derived(Zeroizing<Vec<u8>>),
    PerPeriod(BTreeMap<i64, Zeroizing<Vec<u8>>>),
}

/// Turns plates into period-scoped tokens.
pub struct Pseudonymizer {
    period: i64,
    keys: Keys,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pseudonymizer").field("period_s", &self.period).finish_non_exhaustive()
    }
}

fn period_secs(period: Duration) -> Result<i64> {
    let s = period.whole_seconds();
    if s < 60 {
        return Err(Error::Policy("a pseudonym period must be at least one minute".into()));
    }
    Ok(s)
}

fn check_key(key: &[u8]) -> Result<()> {
    if key.len() < 16 {
        return Err(Error::Policy("a pseudonym key needs at least 16 bytes".into()));
    }
    Ok(())
}

impl Pseudonymizer {
    /// Period keys derived from one operator key. Periods are aligned to the Unix epoch (a 1-day period runs
    /// 00:00–24:00 UTC).
    pub fn derived(operator_key: &[u8], period: Duration) -> Result<Self> {
        check_key(operator_key)?;
        Ok(Pseudonymizer { period: period_secs(period)?, keys: Keys::Derived(Zeroizing::new(operator_key.to_vec())) })
    }

    /// Operator-supplied keys, one per period, keyed by each period's start. A read in a period with no key
    /// gets no pseudonym (an error).
    pub fn per_period(period: Duration, keys: impl IntoIterator<Item = (OffsetDateTime, Vec<u8>)>) -> Result<Self> {
        let p = period_secs(period)?;
        let mut map = BTreeMap::new();
        for (start, key) in keys {
            check_key(&key)?;
            let ts = start.unix_timestamp();
            if ts.rem_euclid(p) != 0 {
                return Err(Error::Policy(format!("key period start {start} is not on a period boundary")));
            }
            map.insert(ts.div_euclid(p), Zeroizing::new(key));
        }
        Ok(Pseudonymizer { period: p, keys: Keys::PerPeriod(map) })
    }

    /// The pseudonym of normalised plate text at time `at`.
    pub fn pseudonym(&self, plate: &str, at: OffsetDateTime) -> Result<Pseudonym> {
        let index = at.unix_timestamp().div_euclid(self.period);
        let key: Zeroizing<Vec<u8>> = match &self.keys {
            Keys::Derived(master) => {
                let mut m = mac(master)?;
                m.update(b"anpr-pseudonym-period\0");
                m.update(&index.to_be_bytes());
                Zeroizing::new(m.finalize().into_bytes().to_vec())
            }
            Keys::PerPeriod(map) => map
                .get(&index)
                .cloned()
                .ok_or_else(|| Error::Policy(format!("no pseudonym key for the period containing {at}")))?,
        };
        let mut m = mac(&key)?;
        m.update(plate.as_bytes());
        let digest = m.finalize().into_bytes();
        let token = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let period_start = OffsetDateTime::from_unix_timestamp(index.saturating_mul(self.period))
            .map_err(|e| Error::Policy(format!("period start out of range: {e}")))?;
        Ok(Pseudonym { token, period_start })
    }
}

fn mac(key: &[u8]) -> Result<Hmac<Sha256>> {
    Hmac::<Sha256>::new_from_slice(key).map_err(|e| Error::Policy(format!("pseudonym key: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stable_within_a_period_and_different_across() {
        let p = Pseudonymizer::derived(&[7; 32], Duration::days(1)).expect("valid");
        let a = p.pseudonym("12ABC3", datetime!(2026-03-01 08:00 UTC)).expect("token");
        let b = p.pseudonym("12ABC3", datetime!(2026-03-01 23:59:59 UTC)).expect("token");
        let c = p.pseudonym("12ABC3", datetime!(2026-03-02 00:00 UTC)).expect("token");
        let other = p.pseudonym("12ABC4", datetime!(2026-03-01 08:00 UTC)).expect("token");
        assert_eq!(a, b);
        assert_eq!(a.period_start, datetime!(2026-03-01 00:00 UTC));
        assert_ne!(a.token, c.token);
        assert_ne!(a.token, other.token);
        assert_eq!(a.token.len(), 32);
        let q = Pseudonymizer::derived(&[8; 32], Duration::days(1)).expect("valid");
        assert_ne!(q.pseudonym("12ABC3", datetime!(2026-03-01 08:00 UTC)).expect("token").token, a.token);
    }

    #[test]
    fn supplied_period_keys() {
        let day1 = datetime!(2026-03-01 00:00 UTC);
        let day2 = datetime!(2026-03-02 00:00 UTC);
        let p =
            Pseudonymizer::per_period(Duration::days(1), [(day1, vec![1; 32]), (day2, vec![2; 32])]).expect("valid");
        let a = p.pseudonym("12ABC3", day1 + Duration::hours(1)).expect("token");
        let b = p.pseudonym("12ABC3", day1 + Duration::hours(20)).expect("token");
        let c = p.pseudonym("12ABC3", day2 + Duration::hours(1)).expect("token");
        assert_eq!(a, b);
        assert_ne!(a.token, c.token);
        assert!(p.pseudonym("12ABC3", day2 + Duration::days(1)).is_err(), "no key for day 3");
        assert!(Pseudonymizer::per_period(Duration::days(1), [(day1 + Duration::hours(1), vec![1; 32])]).is_err());
        assert!(Pseudonymizer::derived(b"short", Duration::days(1)).is_err());
        assert!(Pseudonymizer::derived(&[1; 32], Duration::seconds(1)).is_err());
    }
}
