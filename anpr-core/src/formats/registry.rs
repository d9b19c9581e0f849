//! The resolved table of every known pattern, built once per process.

use std::sync::OnceLock;

use super::pattern::{CharSet, Pattern};
use super::{Country, europe, nl};

/// Every pattern of every country, countries in [`Country::ALL`] order, and the distinct character sets they use.
#[derive(Debug)]
pub(crate) struct Registry {
    pub(crate) patterns: Vec<Pattern>,
    /// Distinct character sets; `set_ids[p][i]` indexes this for position `i` of pattern `p`.
    pub(crate) sets: Vec<CharSet>,
    pub(crate) set_ids: Vec<Vec<u8>>,
    /// Each set as a 0/1 float per character (bit index), for vectorised probability sums.
    pub(crate) masks: Vec<[f32; 36]>,
    /// For each character (bit index), the sets that contain it, as a bit mask over set ids.
    pub(crate) sets_of_char: [u64; 36],
    /// The longest pattern.
    pub(crate) max_len: usize,
}

impl Registry {
    fn build() -> Self {
        let mut patterns = Vec::new();
        for &country in Country::ALL {
            if country == Country::NL {
                for &def in nl::PATTERNS {
                    patterns.extend(Pattern::resolve(country, def, |s| nl::symbol(def.sidecode, s)));
                }
            } else {
                for &def in europe::patterns(country) {
                    patterns.extend(Pattern::resolve(country, def, |s| europe::symbol(country, s)));
                }
            }
        }
        let mut sets: Vec<CharSet> = Vec::new();
        let set_ids = patterns
            .iter()
            .map(|p| {
                p.slots
                    .iter()
                    .map(|s| {
                        let id = sets.iter().position(|x| x == s).unwrap_or_else(|| {
                            sets.push(*s);
                            sets.len() - 1
                        });
                        // Fewer than 256 distinct sets by construction (a test checks it).
                        id as u8
                    })
                    .collect()
            })
            .collect();
        let masks = sets
            .iter()
            .map(|s| {
                let mut m = [0.0f32; 36];
                for (bit, v) in m.iter_mut().enumerate() {
                    *v = if s.0 & (1 << bit) != 0 { 1.0 } else { 0.0 };
                }
                m
            })
            .collect();
        let max_len = patterns.iter().map(Pattern::len).max().unwrap_or(0);
        let mut sets_of_char = [0u64; 36];
        for (id, s) in sets.iter().enumerate().take(64) {
            for (bit, entry) in sets_of_char.iter_mut().enumerate() {
                if s.0 & (1 << bit) != 0 {
                    *entry |= 1 << id;
                }
            }
        }
        Self { patterns, sets, set_ids, masks, sets_of_char, max_len }
    }

    /// The pattern with this stable name.
    pub(crate) fn by_name(&self, name: &str) -> Option<&Pattern> {
        self.patterns.iter().find(|p| p.def.name == name)
    }
}

/// The process-wide registry.
pub(crate) fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_row_resolves_and_names_are_unique() {
        let reg = registry();
        let rows = nl::PATTERNS.len() + Country::ALL.iter().map(|&c| europe::patterns(c).len()).sum::<usize>();
        assert_eq!(reg.patterns.len(), rows, "a spec uses a symbol its country does not define");
        let mut names: Vec<_> = reg.patterns.iter().map(|p| p.def.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rows);
        assert!(reg.sets.len() < 64);
        assert!(reg.patterns.iter().all(|p| p.len() <= super::super::MAX_PLATE_LEN));
        for &c in Country::ALL {
            assert!(reg.patterns.iter().any(|p| p.country == c), "{c:?} has no pattern");
        }
    }

    #[test]
    fn shapes_within_a_country_are_distinct() {
        // Two patterns of one country with the same positions would make its display form ambiguous.
        let reg = registry();
        for (i, a) in reg.patterns.iter().enumerate() {
            for b in &reg.patterns[i + 1..] {
                if a.country == b.country && a.slots.len() == b.slots.len() {
                    let overlap = a.slots.iter().zip(&b.slots).all(|(x, y)| x.0 & y.0 != 0);
                    assert!(!overlap, "{} and {} overlap", a.def.name, b.def.name);
                }
            }
        }
    }
}
