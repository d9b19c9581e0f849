//! Hashed hotlists: plates supplied as keyed hashes, so a device never holds wanted plates in clear.
//!
//! The list supplier and the device share a secret [`HotlistKey`]. For each plate the supplier publishes
//! two 128-bit tags (HMAC-SHA-256 truncated to 16 bytes, domain-separated so the two never coincide):
//!
//! - the **exact tag** of the normalised plate, and
//! - the **look-alike tag** of its canonical form (every symbol of a group {0,O,D,Q}, {1,I}, {2,Z}, {5,S},
//!   {8,B}, {6,G} replaced by the group's first member).
//!
//! The device hashes each reading (and each alternative reading) the same way and looks the tags up.
//!
//! **Tolerance that is possible on hashed lists, exactly:** an exact match; a match up to any number of
//! look-alike swaps (when the list's tolerance allows look-alikes and the supplier gave look-alike tags); and
//! both of these for every alternative reading the recognizer offers. Edit-distance matching (a wrong,
//! missing or extra symbol outside the look-alike groups) is **not** possible: a keyed hash hides how close
//! two plates are, and a list's `max_edits` is ignored for hashed entries. The count of look-alike swaps is
//! not known either (a hashed look-alike hit reports 0 swaps and a fixed score).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::lookalike::Codes;
use crate::error::{Error, Result};

/// Length of a tag in bytes.
pub const TAG_LEN: usize = 16;

/// A truncated keyed hash of a plate.
pub type Tag = [u8; TAG_LEN];

const EXACT_DOMAIN: &[u8] = b"anpr-hotlist-exact\0";
const LOOKALIKE_DOMAIN: &[u8] = b"anpr-hotlist-lookalike\0";

/// The secret shared by a hashed list's supplier and the devices; zeroed when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct HotlistKey {
    key: Vec<u8>,
}

impl std::fmt::Debug for HotlistKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HotlistKey(..)")
    }
}

/// The two tags of one plate, as the supplier publishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlateTags {
    /// Tag of the normalised plate.
    pub exact: Tag,
    /// Tag of its look-alike canonical form.
    pub lookalike: Tag,
}

impl HotlistKey {
    /// A key from secret bytes (at least 16).
    pub fn new(key: &[u8]) -> Result<Self> {
        if key.len() < 16 {
            return Err(Error::InvalidArgument("a hotlist key needs at least 16 bytes".into()));
        }
        Ok(HotlistKey { key: key.to_vec() })
    }

    /// The tags of a plate in any common spelling (normalised first).
    pub fn tags(&self, plate: &str) -> Result<PlateTags> {
        let mut text = crate::formats::normalize(plate)?;
        let codes = Codes::encode(&text);
        text.zeroize();
        let codes = codes.ok_or_else(|| Error::InvalidPlate { text: plate.into(), reason: "not A-Z/0-9".into() })?;
        self.tags_of(&codes)
    }

    /// A MAC keyed with this key (HMAC takes keys of any length; the error arm is kept for API honesty).
    pub(crate) fn mac(&self) -> Result<Hmac<Sha256>> {
        Hmac::<Sha256>::new_from_slice(&self.key).map_err(|e| Error::InvalidArgument(format!("hotlist key: {e}")))
    }

    pub(crate) fn tags_of(&self, codes: &Codes) -> Result<PlateTags> {
        let mac = self.mac()?;
        Ok(PlateTags { exact: exact_tag(&mac, codes), lookalike: lookalike_tag(&mac, codes) })
    }
}

/// Tag of `codes` under a pre-keyed MAC (cloned, so the key schedule is paid once).
#[inline]
fn tag(mac: &Hmac<Sha256>, domain: &[u8], codes: &Codes) -> Tag {
    let mut m = mac.clone();
    m.update(domain);
    let mut buf = [0u8; super::lookalike::MAX_LEN];
    let s = codes.as_slice();
    for (d, &c) in buf.iter_mut().zip(s) {
        *d = super::lookalike::symbol(c);
    }
    m.update(&buf[..s.len()]);
    let full = m.finalize().into_bytes();
    let mut out = [0u8; TAG_LEN];
    out.copy_from_slice(&full[..TAG_LEN]);
    out
}

/// The exact tag of `codes` under a pre-keyed MAC.
#[inline]
pub(crate) fn exact_tag(mac: &Hmac<Sha256>, codes: &Codes) -> Tag {
    tag(mac, EXACT_DOMAIN, codes)
}

/// The look-alike tag of `codes` (canonicalised here) under a pre-keyed MAC.
#[inline]
pub(crate) fn lookalike_tag(mac: &Hmac<Sha256>, codes: &Codes) -> Tag {
    tag(mac, LOOKALIKE_DOMAIN, &codes.canonical())
}

/// First 8 bytes of a tag as an index key.
#[inline]
pub(crate) fn tag_key(t: &Tag) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&t[..8]);
    u64::from_le_bytes(b)
}

/// Lower-case hex of a tag.
pub fn tag_to_hex(t: &Tag) -> String {
    t.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses 32 hex digits into a tag.
pub fn tag_from_hex(s: &str) -> Option<Tag> {
    let s = s.trim().as_bytes();
    if s.len() != 2 * TAG_LEN {
        return None;
    }
    let nib = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; TAG_LEN];
    for (i, o) in out.iter_mut().enumerate() {
        *o = nib(s[2 * i])? << 4 | nib(s[2 * i + 1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_keyed_and_domain_separated() {
        let k1 = HotlistKey::new(&[1; 32]).expect("key");
        let k2 = HotlistKey::new(&[2; 32]).expect("key");
        let a = k1.tags("12-ABC-3").expect("plate");
        assert_eq!(a, k1.tags("12abc3").expect("plate"));
        assert_ne!(a.exact, a.lookalike);
        assert_ne!(a.exact, k2.tags("12ABC3").expect("plate").exact);
        // look-alike tag survives a swap, exact tag does not
        let b = k1.tags("12A8C3").expect("plate");
        assert_eq!(a.lookalike, b.lookalike);
        assert_ne!(a.exact, b.exact);
        assert!(HotlistKey::new(b"short").is_err());
        assert_eq!(format!("{k1:?}"), "HotlistKey(..)");
    }

    #[test]
    fn hex_roundtrip() {
        let t: Tag = core::array::from_fn(|i| (i * 17) as u8);
        assert_eq!(tag_from_hex(&tag_to_hex(&t)), Some(t));
        assert_eq!(tag_from_hex("zz"), None);
        assert_eq!(tag_from_hex(&"g".repeat(32)), None);
    }
}
