//! Loading hotlists from CSV files (format documented in the [module docs](super)).

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

use super::entry::Lists;
use super::hashed::{HotlistKey, tag_from_hex};
use super::list::{AddError, HashedEntrySpec, Hotlist, HotlistBuilder, plate_key, validity};
use crate::error::{Error, Result};

/// A line that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// A loaded hotlist and the lines that were left out.
#[derive(Debug)]
pub struct Loaded {
    /// The hotlist built from the good lines.
    pub hotlist: Hotlist,
    /// The bad lines, in file order (always empty in strict mode).
    pub rejected: Vec<Rejected>,
}

/// Loads hotlist CSV files. By default a bad line is reported in [`Loaded::rejected`] and the good lines are
/// kept; [`CsvLoader::strict`] rejects the whole file at the first bad line instead.
#[derive(Debug, Clone)]
pub struct CsvLoader {
    lists: Lists,
    strict: bool,
    key: Option<HotlistKey>,
}

/// Column positions found in the header.
#[derive(Default)]
struct Columns {
    plate: Option<usize>,
    plate_hmac: Option<usize>,
    lookalike_hmac: Option<usize>,
    list: Option<usize>,
    reference: Option<usize>,
    reason: Option<usize>,
    valid_from: Option<usize>,
    expires: Option<usize>,
    count: usize,
}

fn file_err(line: Option<usize>, reason: impl Into<String>) -> Error {
    Error::Hotlist { line, reason: reason.into() }
}

impl Columns {
    fn from_header(fields: &csv::ByteRecord, line: usize) -> Result<Columns> {
        let mut c = Columns { count: fields.len(), ..Default::default() };
        for (i, raw) in fields.iter().enumerate() {
            let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
            let name = std::str::from_utf8(raw).map_err(|_| file_err(Some(line), "header is not UTF-8"))?;
            let name = name.trim().to_ascii_lowercase();
            let slot = match name.as_str() {
                "plate" => &mut c.plate,
                "plate_hmac" => &mut c.plate_hmac,
                "lookalike_hmac" => &mut c.lookalike_hmac,
                "list" => &mut c.list,
                "reference" => &mut c.reference,
                "reason" => &mut c.reason,
                "valid_from" => &mut c.valid_from,
                "expires" => &mut c.expires,
                // A misspelt "expires" would silently make entries eternal: refuse unknown columns.
                _ => return Err(file_err(Some(line), format!("unknown column {name:?} in header"))),
            };
            if slot.replace(i).is_some() {
                return Err(file_err(Some(line), format!("column {name:?} appears twice in header")));
            }
        }
        match (c.plate, c.plate_hmac) {
            (None, None) => return Err(file_err(Some(line), "header needs a \"plate\" or \"plate_hmac\" column")),
            (Some(_), Some(_)) => return Err(file_err(Some(line), "header has both \"plate\" and \"plate_hmac\"")),
            _ => {}
        }
        if c.list.is_none() {
            return Err(file_err(Some(line), "header needs a \"list\" column"));
        }
        if c.lookalike_hmac.is_some() && c.plate_hmac.is_none() {
            return Err(file_err(Some(line), "\"lookalike_hmac\" needs \"plate_hmac\""));
        }
        Ok(c)
    }
}

impl CsvLoader {
    /// A lenient loader whose `list` column may name any of `lists`.
    pub fn new(lists: Lists) -> Self {
        CsvLoader { lists, strict: false, key: None }
    }

    /// In strict mode the first bad line fails the whole load.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The key hashed lists (`plate_hmac` column) were made with.
    pub fn hash_key(mut self, key: HotlistKey) -> Self {
        self.key = Some(key);
        self
    }

    /// Loads a file.
    pub fn load_path(&self, path: impl AsRef<Path>) -> Result<Loaded> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.load_bytes(&data)
    }

    /// Loads CSV text from a reader.
    pub fn load(&self, mut reader: impl Read) -> Result<Loaded> {
        let mut data = Vec::new();
        reader.read_to_end(&mut data).map_err(|e| file_err(None, format!("cannot read hotlist: {e}")))?;
        self.load_bytes(&data)
    }

    /// Loads CSV text held in memory.
    pub fn load_bytes(&self, data: &[u8]) -> Result<Loaded> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
        let mut rec = csv::ByteRecord::new();
        let mut builder = HotlistBuilder::new(self.lists.clone());
        // Sizing up front saves rehashing and regrowing on large files.
        builder.reserve(data.iter().filter(|&&b| b == b'\n').count());
        if let Some(k) = &self.key {
            builder.hash_key(k.clone());
        }
        let mut rejected = Vec::new();
        let mut cols: Option<Columns> = None;
        // Line of each added entry, to say where a duplicate's first copy is.
        let mut lines: Vec<u32> = Vec::new();
        let mut hashed_lines: Vec<u32> = Vec::new();
        let mut last_list: Option<(Vec<u8>, u16)> = None;
        loop {
            let more = rdr.read_byte_record(&mut rec);
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
            match more {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let reason = format!("unreadable CSV: {e}");
                    if self.strict || cols.is_none() || e.is_io_error() {
                        return Err(file_err(Some(line), reason));
                    }
                    rejected.push(Rejected { line, reason });
                    continue;
                }
            }
            if rec.iter().all(|f| f.iter().all(|b| b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF)) {
                continue; // blank line (or a lone BOM)
            }
            let Some(c) = &cols else {
                let c = Columns::from_header(&rec, line)?;
                if c.plate_hmac.is_some() && self.key.is_none() {
                    return Err(file_err(Some(line), "a hashed list (plate_hmac) needs the hotlist key"));
                }
                cols = Some(c);
                continue;
            };
            let outcome = self.line(c, &rec, &mut builder, &mut last_list, &lines, &hashed_lines);
            match outcome {
                Ok(hashed) => {
                    if hashed {
                        hashed_lines.push(line as u32)
                    } else {
                        lines.push(line as u32)
                    }
                }
                Err(reason) if self.strict => return Err(file_err(Some(line), reason)),
                Err(reason) => rejected.push(Rejected { line, reason }),
            }
        }
        if cols.is_none() {
            return Err(file_err(None, "empty file: no header line"));
        }
        Ok(Loaded { hotlist: builder.build()?, rejected })
    }

    /// Parses and adds one line; returns whether it was a hashed entry, or why it was refused.
    fn line(
        &self,
        c: &Columns,
        rec: &csv::ByteRecord,
        builder: &mut HotlistBuilder,
        last_list: &mut Option<(Vec<u8>, u16)>,
        lines: &[u32],
        hashed_lines: &[u32],
    ) -> std::result::Result<bool, String> {
        if rec.len() != c.count {
            return Err(format!("expected {} fields, found {}", c.count, rec.len()));
        }
        let field = |i: Option<usize>| -> std::result::Result<&str, String> {
            match i.and_then(|i| rec.get(i)) {
                Some(b) => trimmed_str(b).ok_or_else(|| "not UTF-8".to_string()),
                None => Ok(""),
            }
        };
        let list_name = field(c.list)?;
        let list = match last_list {
            Some((name, idx)) if name.as_slice() == list_name.as_bytes() => *idx,
            _ => {
                let idx = builder.list_index(list_name).map_err(|_| format!("unknown list {list_name:?}"))?;
                *last_list = Some((list_name.as_bytes().to_vec(), idx));
                idx
            }
        };
        let from = parse_time(field(c.valid_from)?).map_err(|e| format!("bad valid_from: {e}"))?;
        let until = parse_time(field(c.expires)?).map_err(|e| format!("bad expires: {e}"))?;
        let reference = field(c.reference)?;
        let reason = field(c.reason)?;
        let dup = |first: Option<&u32>| match first {
            Some(l) => format!("duplicate entry on list {list_name:?} (first at line {l})"),
            None => format!("duplicate entry on list {list_name:?}"),
        };
        if c.plate_hmac.is_some() {
            let exact = tag_from_hex(field(c.plate_hmac)?).ok_or("plate_hmac is not 32 hex digits")?;
            let lookalike = match field(c.lookalike_hmac)? {
                "" => None,
                s => Some(tag_from_hex(s).ok_or("lookalike_hmac is not 32 hex digits")?),
            };
            let spec = HashedEntrySpec {
                exact,
                lookalike,
                list: list_name.to_owned(),
                reference: reference.to_owned(),
                reason: reason.to_owned(),
                valid_from: from,
                expires: until,
            };
            return match builder.push_hashed(&spec) {
                Ok(()) => Ok(true),
                Err(AddError::Duplicate(i)) => Err(dup(hashed_lines.get(i as usize))),
                Err(AddError::Other(e)) => Err(reason_of(e)),
            };
        }
        let key = plate_key(field(c.plate)?).map_err(reason_of)?;
        let (from, until) = validity(from, until).map_err(reason_of)?;
        match builder.push(key, list, reference, reason, from, until) {
            Ok(()) => Ok(false),
            Err(AddError::Duplicate(i)) => Err(dup(lines.get(i as usize))),
            Err(AddError::Other(e)) => Err(reason_of(e)),
        }
    }
}

/// The field as text with surrounding white space removed, as `str::trim` does; `None` when it is not UTF-8.
/// ASCII white space (nearly always all there is) is trimmed on the bytes, which is much cheaper; only a
/// field that then starts or ends with a vertical tab or a non-ASCII byte takes the Unicode-aware path.
fn trimmed_str(field: &[u8]) -> Option<&str> {
    let t = field.trim_ascii();
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b.is_ascii() && b != 0x0B);
    if plain(t.first()) && plain(t.last()) {
        std::str::from_utf8(t).ok()
    } else {
        std::str::from_utf8(field).ok().map(str::trim)
    }
}

fn reason_of(e: Error) -> String {
    match e {
        Error::Hotlist { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// Empty → `None`; `YYYY-MM-DD` → midnight UTC; else RFC 3339 (`2026-05-01T12:00:00Z`, `…+02:00`).
pub(crate) fn parse_time(s: &str) -> std::result::Result<Option<OffsetDateTime>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(format!("{s:?} is not a date (YYYY-MM-DD)"));
        };
        let month = Month::try_from(m as u8).map_err(|_| format!("{s:?}: no month {m}"))?;
        let date = Date::from_calendar_date(y as i32, month, d as u8).map_err(|e| format!("{s:?}: {e}"))?;
        return Ok(Some(date.midnight().assume_utc()));
    }
    OffsetDateTime::parse(s, &Rfc3339).map(Some).map_err(|_| format!("{s:?} is neither YYYY-MM-DD nor RFC 3339"))
}

#[cfg(test)]
mod tests {
    use super::trimmed_str;

    proptest::proptest! {
        #[test]
        fn trimmed_str_trims_as_str_trim(field in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(vec![b' ', b'\t', b'\r', b'\n', 0x0B, 0x0C, b'a', b'7', b',']),
            proptest::num::u8::ANY,
        ], 0..12), nbsp_front in proptest::bool::ANY) {
            let mut field = field;
            if nbsp_front {
                field.splice(0..0, "\u{a0}\u{2003}".bytes());
            }
            let want = std::str::from_utf8(&field).ok().map(str::trim);
            proptest::prop_assert_eq!(trimmed_str(&field), want);
        }
    }
}
