//! Loading hotlists from CSV files (format documented in the [module docs](super)).

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

use super::entry::Lists;
use super::hashed::{HotlistKey, tag_from_hex};
use super::list::{AddError, EntryBatch, HashedEntrySpec, Hotlist, HotlistBuilder, plate_key, validity};
use crate::error::{Error, Result};

mod plain;

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
    /// Threads a large load may use; `None`: two where the machine has two cores (asked only when needed).
    threads: Option<usize>,
}

/// Plain files with at least this many lines are parsed on two threads (when allowed): below it, a thread
/// costs more than it saves.
const PARALLEL_LINES: usize = 50_000;

/// Column positions found in the header.
#[derive(Debug, Clone, Default)]
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
    fn from_header<'a>(fields: &impl Record<'a>, line: usize) -> Result<Columns> {
        let mut c = Columns { count: fields.count(), ..Default::default() };
        for (i, raw) in (0..fields.count()).filter_map(|i| fields.raw(i)).enumerate() {
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
        CsvLoader { lists, strict: false, key: None, threads: None }
    }

    /// How many threads may parse a large file and build its indexes (at most two are used: the default where
    /// the machine has two or more cores; `1` keeps every load on the calling thread). The list loaded, its
    /// bad lines and its errors are the same whatever the number.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Whether a second thread may parse and build. Two where there are two cores: a load is a short burst,
    /// and more gain little.
    fn parallel(&self) -> bool {
        self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())) >= 2
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
        match plain::plain_text(data) {
            Some(text) => self.load_plain(data, text, PARALLEL_LINES),
            None => self.load_csv(data),
        }
    }

    /// Loads plain text (see [`plain`]), split without the CSV state machine. The header is read here; a body
    /// of at least `parallel_from` lines is cut in two at a line start, and with two or more threads allowed
    /// the second half is parsed on another thread while this one parses the first and adds it. Entries are
    /// added in file order, so duplicates, bad lines and strict mode behave as in one pass.
    fn load_plain(&self, data: &[u8], text: &str, parallel_from: usize) -> Result<Loaded> {
        let lines = plain::line_count(data);
        let mut loading = Loading::new(self, lines);
        let (mut body, mut line) = (text, 1);
        while loading.cols.is_none() && !body.is_empty() {
            let first = body.split_inclusive('\n').next().unwrap_or(body);
            plain::for_each_record(first, line, |l, fields| loading.record(l, fields))?;
            (body, line) = (body.get(first.len()..).unwrap_or(""), line + 1);
        }
        let Some(cols) = loading.cols.clone() else { return loading.finish() };
        // The body's lines are the file's from `line` on.
        if (lines + 1).saturating_sub(line) < parallel_from || !self.parallel() {
            loading.add(self.parse_part(&cols, body, line, lines), false);
            return loading.finish();
        }
        let (head, tail) = plain::halves(body);
        let tail_line = line + plain::line_count(head.as_bytes()) - 1;
        let tail_lines = (lines + 1).saturating_sub(tail_line);
        let parse_tail = || self.parse_part(&cols, tail, tail_line, tail_lines);
        std::thread::scope(|scope| {
            // Where no thread can be started (a limit on an embedded system), the second half is parsed here.
            let worker = std::thread::Builder::new().spawn_scoped(scope, parse_tail);
            // Room for the whole file: the builder adopts this part's columns and the tail's are added to them.
            loading.add(self.parse_part(&cols, head, line, lines), true);
            let tail = match worker {
                Ok(worker) => worker.join().map_err(|_| file_err(None, "the hotlist parsing thread failed"))?,
                Err(_) => parse_tail(),
            };
            loading.add(tail, true);
            Ok::<(), Error>(())
        })?;
        loading.finish()
    }

    /// Parses every entry line of plain text (a stretch of a file's body, its first line `first_line`), adding
    /// nothing; the part has room for `capacity` entries.
    fn parse_part(&self, cols: &Columns, text: &str, first_line: usize, capacity: usize) -> Part {
        let mut part = Part::with_capacity(capacity);
        let done = plain::for_each_record(text, first_line, |line, fields| {
            if !is_blank(fields) {
                part.take(line, self.parse(cols, fields));
            }
            Ok::<(), std::convert::Infallible>(())
        });
        if let Err(never) = done {
            match never {}
        }
        part
    }

    /// Loads any CSV text (quoted fields, lone carriage returns, bytes that are not UTF-8).
    fn load_csv(&self, data: &[u8]) -> Result<Loaded> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
        let mut rec = csv::ByteRecord::new();
        let mut loading = Loading::new(self, plain::line_count(data));
        // The parser's positions point at the blank lines before a record, and its line numbers do not count
        // them: find where the record starts and count the line feeds before it instead.
        let (mut counted_to, mut line) = (0, 1);
        loop {
            let more = rdr.read_byte_record(&mut rec);
            let mut start = rec.position().map_or(0, |p| p.byte() as usize).min(data.len());
            start += data.get(start..).map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\r' || b == b'\n').count());
            if let Some(skipped) = data.get(counted_to..start) {
                line += memchr::memchr_iter(b'\n', skipped).count();
                counted_to = start;
            }
            match more {
                Ok(true) => loading.record(line, &&rec)?,
                Ok(false) => break,
                Err(e) => loading.unreadable(line, e)?,
            }
        }
        loading.finish()
    }

    /// Parses one entry line (the header is known), or says why it is refused.
    fn parse<'a>(&self, c: &Columns, rec: &impl Record<'a>) -> Parsed<'a> {
        if rec.count() != c.count {
            return Err(format!("expected {} fields, found {}", c.count, rec.count()));
        }
        let field = |i: Option<usize>| -> std::result::Result<&'a str, String> {
            match i.and_then(|i| rec.text(i)) {
                Some(t) => t.ok_or_else(|| "not UTF-8".to_string()),
                None => Ok(""),
            }
        };
        let list_name = field(c.list)?;
        let list = self.lists.index_of(list_name).ok_or_else(|| format!("unknown list {list_name:?}"))?;
        let from = parse_time(field(c.valid_from)?).map_err(|e| format!("bad valid_from: {e}"))?;
        let until = parse_time(field(c.expires)?).map_err(|e| format!("bad expires: {e}"))?;
        let reference = field(c.reference)?;
        let reason = field(c.reason)?;
        if c.plate_hmac.is_some() {
            let exact = tag_from_hex(field(c.plate_hmac)?).ok_or("plate_hmac is not 32 hex digits")?;
            let lookalike = match field(c.lookalike_hmac)? {
                "" => None,
                s => Some(tag_from_hex(s).ok_or("lookalike_hmac is not 32 hex digits")?),
            };
            return Ok(Entry::Hashed(Box::new(HashedEntrySpec {
                exact,
                lookalike,
                list: list_name.to_owned(),
                reference: reference.to_owned(),
                reason: reason.to_owned(),
                valid_from: from,
                expires: until,
            })));
        }
        let key = plate_key(field(c.plate)?).map_err(reason_of)?;
        let (from, until) = validity(from, until).map_err(reason_of)?;
        Ok(Entry::Clear { key, list, reference, reason, from, until })
    }
}

/// An entry line as parsed, not yet added.
enum Entry<'a> {
    /// A plate entry: packed plate, list index, texts, validity in seconds.
    Clear { key: u64, list: u16, reference: &'a str, reason: &'a str, from: i64, until: i64 },
    /// A hashed entry (boxed: rare, and much larger).
    Hashed(Box<HashedEntrySpec>),
}

/// A parsed entry line, or why it is refused.
type Parsed<'a> = std::result::Result<Entry<'a>, String>;

/// One record's fields (borrowed for `'a`), however the file was split.
trait Record<'a> {
    /// Number of fields.
    fn count(&self) -> usize;
    /// Field `i` as it is in the file.
    fn raw(&self, i: usize) -> Option<&'a [u8]>;
    /// Field `i` trimmed (`None` when there is no such field, `Some(None)` when it is not UTF-8).
    fn text(&self, i: usize) -> Option<Option<&'a str>> {
        self.raw(i).map(trimmed_str)
    }
}

impl<'a> Record<'a> for &'a csv::ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }
    fn raw(&self, i: usize) -> Option<&'a [u8]> {
        self.get(i)
    }
}

impl<'a> Record<'a> for plain::Fields<'a> {
    fn count(&self) -> usize {
        self.len()
    }
    fn raw(&self, i: usize) -> Option<&'a [u8]> {
        self.get(i).map(|f| f.as_bytes())
    }
    fn text(&self, i: usize) -> Option<Option<&'a str>> {
        self.get(i).map(|f| Some(trimmed(f)))
    }
}

/// True when every field holds only white space or BOM bytes: a blank line (or a lone BOM).
fn is_blank<'a>(rec: &impl Record<'a>) -> bool {
    (0..rec.count())
        .filter_map(|i| rec.raw(i))
        .all(|f| f.iter().all(|b| b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF))
}

/// The entry lines of a stretch of a file, parsed and checked but not yet added to the builder.
struct Part {
    entries: EntryBatch,
    /// Line of each of `entries`.
    lines: Vec<u32>,
    /// Hashed entries and their lines (a file holds either these or clear entries).
    hashed: Vec<(usize, Box<HashedEntrySpec>)>,
    rejected: Vec<Rejected>,
}

impl Part {
    fn with_capacity(lines: usize) -> Self {
        Part {
            entries: EntryBatch::with_capacity(lines),
            lines: Vec::with_capacity(lines),
            hashed: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Takes a parsed entry line, or records why it is refused.
    fn take(&mut self, line: usize, entry: Parsed<'_>) {
        let held = entry.and_then(|e| match e {
            Entry::Clear { key, list, reference, reason, from, until } => {
                self.entries.push(key, list, reference, reason, from, until).map_err(reason_of)?;
                self.lines.push(line as u32);
                Ok(())
            }
            Entry::Hashed(spec) => {
                self.hashed.push((line, spec));
                Ok(())
            }
        });
        if let Err(reason) = held {
            self.rejected.push(Rejected { line, reason });
        }
    }
}

/// The state of one load: the builder, the bad lines, and what duplicate reports need.
struct Loading<'l> {
    loader: &'l CsvLoader,
    builder: HotlistBuilder,
    /// Bad lines, in the order they were found (sorted by line at the end).
    rejected: Vec<Rejected>,
    cols: Option<Columns>,
    /// Records read one at a time (by the `csv` crate), not yet added.
    pending: Option<Part>,
    /// Line of each added entry, to say where a duplicate's first copy is.
    lines: Vec<u32>,
    hashed_lines: Vec<u32>,
}

impl<'l> Loading<'l> {
    /// A load of a file of `lines` lines (entries and lines are sized for them up front, which saves rehashing
    /// and regrowing on large files).
    fn new(loader: &'l CsvLoader, lines: usize) -> Self {
        let mut builder = HotlistBuilder::new(loader.lists.clone());
        builder.reserve(lines);
        builder.threads(if loader.parallel() { 2 } else { 1 });
        if let Some(k) = &loader.key {
            builder.hash_key(k.clone());
        }
        Loading {
            loader,
            builder,
            rejected: Vec::new(),
            cols: None,
            pending: None,
            lines: Vec::with_capacity(lines),
            hashed_lines: Vec::new(),
        }
    }

    /// Takes one record: the header, or an entry (held until [`Loading::finish`]). Fails only when the whole
    /// file fails.
    fn record<'a>(&mut self, line: usize, rec: &impl Record<'a>) -> Result<()> {
        if is_blank(rec) {
            return Ok(());
        }
        let Some(c) = &self.cols else {
            let c = Columns::from_header(rec, line)?;
            if c.plate_hmac.is_some() && self.loader.key.is_none() {
                return Err(file_err(Some(line), "a hashed list (plate_hmac) needs the hotlist key"));
            }
            self.cols = Some(c);
            return Ok(());
        };
        let entry = self.loader.parse(c, rec);
        self.pending.get_or_insert_with(|| Part::with_capacity(0)).take(line, entry);
        Ok(())
    }

    /// Adds a part's entries (parts must come in file order), and records the lines refused; `parallel`: on
    /// two threads.
    fn add(&mut self, part: Part, parallel: bool) {
        let Part { entries, lines, hashed, rejected } = part;
        self.rejected.extend(rejected);
        let (names, kept, refused) = (&self.loader.lists, &mut self.lines, &mut self.rejected);
        self.builder.append(entries, parallel, |i, list, added| {
            let line = lines.get(i).copied().unwrap_or(0);
            match added {
                Ok(()) => kept.push(line),
                Err(why) => {
                    let name = names.by_index(list).map_or("", |s| s.name.as_str());
                    refused.push(Rejected { line: line as usize, reason: refusal(why, name, kept) });
                }
            }
        });
        for (line, spec) in hashed {
            match self.builder.push_hashed(&spec) {
                Ok(()) => self.hashed_lines.push(line as u32),
                Err(why) => self.rejected.push(Rejected { line, reason: refusal(why, &spec.list, &self.hashed_lines) }),
            }
        }
    }

    /// A record the CSV parser could not read.
    fn unreadable(&mut self, line: usize, e: csv::Error) -> Result<()> {
        let reason = format!("unreadable CSV: {e}");
        if self.cols.is_none() || e.is_io_error() {
            return Err(file_err(Some(line), reason));
        }
        self.rejected.push(Rejected { line, reason });
        Ok(())
    }

    /// Adds what is pending and builds the hotlist; in strict mode the first bad line fails the load instead.
    fn finish(mut self) -> Result<Loaded> {
        if self.cols.is_none() {
            return Err(file_err(None, "empty file: no header line"));
        }
        if let Some(part) = self.pending.take() {
            self.add(part, false);
        }
        // Parts and the lines their adding refused arrive in different orders; each line is refused once.
        self.rejected.sort_unstable_by_key(|r| r.line);
        if let Some(first) = self.rejected.first().filter(|_| self.loader.strict) {
            return Err(file_err(Some(first.line), first.reason.clone()));
        }
        Ok(Loaded { hotlist: self.builder.build()?, rejected: self.rejected })
    }
}

/// Why an entry was not added, for its line's report (`lines`: the lines of the entries added before it).
fn refusal(why: AddError, list: &str, lines: &[u32]) -> String {
    match why {
        AddError::Duplicate(first) => match lines.get(first as usize) {
            Some(l) => format!("duplicate entry on list {list:?} (first at line {l})"),
            None => format!("duplicate entry on list {list:?}"),
        },
        AddError::Other(e) => reason_of(e),
    }
}

/// The field as text with surrounding white space removed, as `str::trim` does; `None` when it is not UTF-8.
fn trimmed_str(field: &[u8]) -> Option<&str> {
    std::str::from_utf8(field).ok().map(trimmed)
}

/// `text` without surrounding white space, as `str::trim` gives it. ASCII white space (nearly always all there
/// is) is trimmed on the bytes, which is much cheaper; only text that then starts or ends with a vertical tab
/// or a non-ASCII character takes the Unicode-aware path.
fn trimmed(text: &str) -> &str {
    let t = text.trim_ascii();
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b.is_ascii() && b != 0x0B);
    if plain(t.as_bytes().first()) && plain(t.as_bytes().last()) { t } else { text.trim() }
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
    use super::{CsvLoader, Loaded, plain, trimmed_str};
    use crate::hotlist::Lists;
    use proptest::prelude::*;

    /// What a load gave, comparable: the entries and bad lines, or the error.
    fn outcome(r: crate::Result<Loaded>) -> Result<(Vec<String>, Vec<super::Rejected>), String> {
        r.map(|l| (l.hotlist.entries().map(|e| format!("{e:?}")).collect(), l.rejected)).map_err(|e| e.to_string())
    }

    /// Pieces of fields: plates good and bad, list names, dates, white space of all kinds, a BOM, non-ASCII.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "AB123C",
            "12-ABC-3",
            "ab 12 cd",
            "??",
            "",
            " ",
            "\t",
            "\u{b}",
            "\u{a0}",
            "é",
            "\u{feff}",
            "stolen_vehicle",
            "unpaid_fine",
            "no_such_list",
            "2026-01-01",
            "2026-13-01",
            "2027-01-01T00:00:00Z",
            "R1",
            "plate",
            "list",
            "expires",
            "valid_from",
            "reference",
            "reason",
        ])
    }

    /// A line: 0–7 fields of 0–2 pieces each.
    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::collection::vec(piece(), 0..3).prop_map(|p| p.concat()), 0..8)
            .prop_map(|fields| fields.join(","))
    }

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

        /// Plain text split by hand loads exactly as the `csv` crate's parser loads it, on one thread and
        /// with its body cut in two and parsed on two: same entries, same bad lines with the same line numbers
        /// and reasons, same errors; lenient and strict.
        #[test]
        fn plain_split_loads_as_the_csv_parser(
            header in proptest::sample::select(vec![
                "plate,list,reference,reason,valid_from,expires", "\u{feff}plate,list", " plate , list ,expires",
                "plate", "list,plate,bogus", "",
            ]),
            lines in proptest::collection::vec(line(), 0..10),
            crlf in proptest::bool::ANY,
            final_newline in proptest::bool::ANY,
            strict in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = std::iter::once(header.to_string()).chain(lines).collect::<Vec<_>>().join(eol);
            if final_newline {
                text.push_str(eol);
            }
            let plain_text = plain::plain_text(text.as_bytes());
            prop_assert_eq!(plain_text, Some(text.as_str()));
            let loader = CsvLoader::new(Lists::standard()).strict(strict);
            let by_csv = outcome(loader.load_csv(text.as_bytes()));
            let by_hand = outcome(loader.clone().threads(1).load_plain(text.as_bytes(), &text, 1));
            prop_assert_eq!(&by_hand, &by_csv);
            let in_two = outcome(loader.threads(2).load_plain(text.as_bytes(), &text, 1));
            prop_assert_eq!(&in_two, &by_csv);
        }
    }

    proptest::proptest! {
        /// Files of few distinct lines (so duplicates are common, also across the two halves) load the same
        /// on one thread and on two, lenient and strict.
        #[test]
        fn two_threads_load_as_one(
            lines in proptest::collection::vec(proptest::sample::select(vec![
                "AB12CD,stolen_vehicle,R1", "AB12CD,unpaid_fine,R2", "ab-12-cd,stolen_vehicle,R3", "XY99ZZ,missing_person,",
                "??,stolen_vehicle,R4", "XY99ZZ,no_such_list,R5", "", "   ", "AB12CD,stolen_vehicle", "01ABC2,special_action,R6",
            ]), 0..40),
            strict in proptest::bool::ANY,
        ) {
            let text = std::iter::once("plate,list,reference").chain(lines).collect::<Vec<_>>().join("\n");
            let loader = CsvLoader::new(Lists::standard()).strict(strict);
            let one = outcome(loader.clone().threads(1).load_plain(text.as_bytes(), &text, 1));
            let two = outcome(loader.clone().threads(2).load_plain(text.as_bytes(), &text, 1));
            prop_assert_eq!(&one, &two);
            prop_assert_eq!(&one, &outcome(loader.load_csv(text.as_bytes())));
        }
    }

    /// A duplicate in the second half of a file of the first half's entry is reported against the first copy.
    #[test]
    fn a_duplicate_across_the_halves_names_the_first_line() {
        let mut text = String::from("plate,list\nAB12CD,stolen_vehicle\n");
        (0..20).for_each(|i| text.push_str(&format!("XY{i:02}ZZ,unpaid_fine\n")));
        text.push_str("ab-12-cd,stolen_vehicle\n");
        let (head, tail) = plain::halves(&text);
        assert!(head.contains("AB12CD") && tail.contains("ab-12-cd"), "the halves split the pair");
        let loaded = CsvLoader::new(Lists::standard()).threads(2).load_plain(text.as_bytes(), &text, 1).expect("loads");
        assert_eq!(loaded.hotlist.len(), 21);
        assert_eq!(loaded.rejected.len(), 1);
        assert_eq!(loaded.rejected[0].line, 23);
        assert!(loaded.rejected[0].reason.contains("first at line 2"), "{:?}", loaded.rejected);
    }

    /// The `csv` crate's own line numbers skip blank lines; the reported ones are the file's.
    #[test]
    fn quoted_files_report_the_real_line_after_blank_lines() {
        let text = b"plate,list\n\n\r\n\"AB12CD\",no_such_list\n\n\"X\nY\",stolen_vehicle\n\"??\",stolen_vehicle\n";
        assert!(plain::plain_text(text).is_none());
        let loaded = CsvLoader::new(Lists::standard()).load_bytes(text).expect("loads");
        let lines: Vec<usize> = loaded.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 6, 8], "{:?}", loaded.rejected);
    }

    #[test]
    fn quotes_lone_carriage_returns_and_bad_utf8_are_not_plain() {
        assert!(plain::plain_text(b"plate,list\n\"AB\",x\n").is_none());
        assert!(plain::plain_text(b"plate,list\rAB,x\n").is_none());
        assert!(plain::plain_text(b"plate,list\r").is_none());
        assert!(plain::plain_text(b"plate,list\nAB\xff,x\n").is_none());
        assert!(plain::plain_text(b"plate,list\r\nAB,x\r\n").is_some());
    }
}
