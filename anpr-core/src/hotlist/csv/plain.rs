//! Splitting "plain" CSV text: valid UTF-8 without quotes and without a carriage return that does not end a
//! line — what nearly every exported hotlist is. Such text needs no CSV state machine: records are its
//! non-empty lines and fields are split at commas, exactly as the `csv` crate splits it (a property test in
//! `super::tests` holds the two to the same answers). Splitting it here is several times cheaper than
//! `csv_core`'s byte-at-a-time parser, and the one UTF-8 check of the whole text replaces one per field.

use smallvec::SmallVec;

/// The fields of one record; hotlists have at most 8 columns, so they stay on the stack.
pub(super) type Fields<'a> = SmallVec<[&'a str; 8]>;

/// `data` as text when it is plain (see the module docs), else `None` (the `csv` crate then parses it).
pub(super) fn plain_text(data: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', data).is_some() {
        return None;
    }
    let lone_cr = memchr::memchr_iter(b'\r', data).any(|i| data.get(i + 1) != Some(&b'\n'));
    if lone_cr {
        return None;
    }
    std::str::from_utf8(data).ok()
}

/// Calls `each` with every record of plain text and its line number (the text's first line being
/// `first_line`), in order, until it fails; empty lines are skipped, as the `csv` crate skips them. Fields are
/// short (a search call per field would cost more than the field), so the text is scanned for commas and line
/// feeds eight bytes a word at a time.
pub(super) fn for_each_record<'a, E>(
    text: &'a str,
    first_line: usize,
    mut each: impl FnMut(usize, &Fields<'a>) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut fields = Fields::new();
    let (mut line, mut start) = (first_line, 0);
    let words = bytes.chunks_exact(8);
    let mut tail = [0u8; 8]; // the last, partial word, padded with zeros (0 is not a delimiter)
    if let Some(t) = tail.get_mut(..words.remainder().len()) {
        t.copy_from_slice(words.remainder());
    }
    let words = words.map(|w| w.try_into().map_or(0, u64::from_le_bytes)).chain([u64::from_le_bytes(tail)]);
    for (i, word) in words.enumerate() {
        let mut bits = byte_mask(word, b',') | byte_mask(word, b'\n');
        while bits != 0 {
            let at = 8 * i + (bits.trailing_zeros() / 8) as usize;
            bits &= bits - 1;
            // Delimiters are ASCII, so every cut is on a character boundary.
            let field = text.get(start..at).unwrap_or("");
            start = at + 1;
            if bytes.get(at) == Some(&b',') {
                fields.push(field);
            } else {
                fields.push(field.strip_suffix('\r').unwrap_or(field));
                if !is_empty_line(&fields) {
                    each(line, &fields)?;
                }
                fields.clear();
                line += 1;
            }
        }
    }
    fields.push(text.get(start..).unwrap_or(""));
    if !is_empty_line(&fields) {
        each(line, &fields)?;
    }
    Ok(())
}

fn is_empty_line(fields: &Fields<'_>) -> bool {
    fields.len() == 1 && fields.first().is_some_and(|f| f.is_empty())
}

/// The high bit of every byte of `word` that equals `b` (exact: no false positives from carries).
#[inline]
fn byte_mask(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (u64::from(b) * 0x0101_0101_0101_0101);
    // A byte's high bit ends up set when any of its bits is: clear exactly where x's byte is zero.
    let nonzero = ((x & LOW7).wrapping_add(LOW7) | x) & HIGH;
    !nonzero & HIGH
}

/// `text` cut in two at the line start nearest after its middle (the second part may be empty).
pub(super) fn halves(text: &str) -> (&str, &str) {
    let mid = text.len() / 2;
    let cut = memchr::memchr(b'\n', text.as_bytes().get(mid..).unwrap_or_default()).map_or(text.len(), |i| mid + i + 1);
    // The cut follows a line feed (ASCII), so it is on a character boundary.
    text.split_at_checked(cut).unwrap_or((text, ""))
}

/// Number of lines in `data` (an upper bound on its records, for sizing).
pub(super) fn line_count(data: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', data).count() + 1
}

#[cfg(test)]
mod tests {
    use super::byte_mask;

    proptest::proptest! {
        /// The word trick flags exactly the bytes equal to the delimiter (carries never make a false one).
        #[test]
        fn byte_mask_flags_exactly_the_equal_bytes(bytes in proptest::array::uniform8(proptest::sample::select(
            vec![0u8, 1, b',', b'-', b'+', b'\n', 0x0B, 0x2B, 0x2D, 0x7F, 0x80, 0xAC, 0xFF],
        )), b in proptest::sample::select(vec![b',', b'\n'])) {
            let mask = byte_mask(u64::from_le_bytes(bytes), b);
            let want = bytes.iter().enumerate().filter(|&(_, &x)| x == b).fold(0u64, |m, (i, _)| m | 0x80 << (8 * i));
            proptest::prop_assert_eq!(mask, want);
        }
    }
}
