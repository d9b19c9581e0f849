//! Hotlist matching, loading and atomic replacement.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anpr_core::formats::Candidate;
use anpr_core::hotlist::{
    BatchHits, Category, CsvLoader, Delta, EntrySpec, HashedEntrySpec, Hotlist, HotlistBuilder, HotlistKey, HotlistSet,
    ListSpec, Lists, MatchKind, MatchMode, Tolerance, Urgency,
};
use anpr_core::{BBox, ErrorCode, PlateRead, Quad};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);

fn read(text: &str, alternatives: &[&str]) -> PlateRead {
    let mut candidates = vec![Candidate { text: text.into(), score: 0.9, format: None, unconstrained: false }];
    candidates.extend(alternatives.iter().map(|t| Candidate {
        text: (*t).into(),
        score: 0.05,
        format: None,
        unconstrained: false,
    }));
    PlateRead {
        text: text.into(),
        display: text.into(),
        confidence: 0.9,
        char_confidences: vec![0.9; text.len()],
        candidates,
        format: None,
        bbox: BBox::new(0.0, 0.0, 10.0, 5.0),
        corners: Quad::default(),
        detection_score: 0.9,
    }
}

fn build(entries: &[(&str, &str)]) -> Hotlist {
    let mut b = HotlistBuilder::new(Lists::standard());
    for (plate, list) in entries {
        b.add(&EntrySpec::new(*plate, *list).reference(format!("ref-{plate}"))).expect("valid entry");
    }
    b.build().expect("builds")
}

#[test]
fn exact_match() {
    let h = build(&[("12-ABC-3", "stolen_vehicle")]);
    let hits = h.matches("12ABC3", NOW, MatchMode::Tolerant);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.kind, MatchKind::Exact);
    assert_eq!(hit.score, 1.0);
    assert_eq!(hit.plate.as_deref(), Some("12ABC3"));
    assert_eq!(hit.reference, "ref-12-ABC-3");
    assert_eq!(hit.category, Category::StolenVehicle);
    assert!(!hit.alternative);
    assert!(h.contains("12ABC3", NOW));
    assert!(!h.contains("12ABC4", NOW));
    assert!(h.matches("XX99XX", NOW, MatchMode::Tolerant).is_empty());
    assert!(h.matches("not a plate!", NOW, MatchMode::Tolerant).is_empty());
}

#[test]
fn lookalike_match_each_group() {
    let h = build(&[("0I2S8G", "stolen_vehicle")]);
    for probe in ["OI2S8G", "D1Z5B6", "Q12S8G", "0I2S86"] {
        let hits = h.matches(probe, NOW, MatchMode::Tolerant);
        assert_eq!(hits.len(), 1, "{probe}");
        assert_eq!(hits[0].kind, MatchKind::LookAlike, "{probe}");
        assert_eq!(hits[0].edits, 0);
        assert!(hits[0].lookalikes >= 1);
        assert!(hits[0].score < 1.0 && hits[0].score >= 0.7);
    }
    // Six swaps still count as look-alike, not as edits.
    let hits = h.matches("O1Z5B6", NOW, MatchMode::Tolerant);
    assert_eq!((hits[0].kind, hits[0].lookalikes), (MatchKind::LookAlike, 6));
    assert!(h.matches("OI2S8G", NOW, MatchMode::Exact).is_empty(), "exact mode ignores look-alikes");
}

#[test]
fn one_edit_substitution_insertion_deletion() {
    let h = build(&[("12ABC3", "wanted_person")]);
    for (probe, edits) in [("12AXC3", 1), ("12ABC", 1), ("112ABC3", 1), ("2ABC3", 1), ("12ABC34", 1)] {
        let hits = h.matches(probe, NOW, MatchMode::Tolerant);
        assert_eq!(hits.len(), 1, "{probe}");
        assert_eq!((hits[0].kind, hits[0].edits), (MatchKind::Edit, edits), "{probe}");
        assert_eq!(hits[0].score, 0.75);
    }
    // A look-alike swap plus an edit.
    let hits = h.matches("1ZAXC3", NOW, MatchMode::Tolerant);
    assert_eq!((hits[0].kind, hits[0].edits, hits[0].lookalikes), (MatchKind::Edit, 1, 1));
    // Two edits are too many for the default tolerance.
    assert!(h.matches("12AXY3", NOW, MatchMode::Tolerant).is_empty());
    assert!(h.matches("1ABC", NOW, MatchMode::Tolerant).is_empty());
}

#[test]
fn tolerance_is_per_list() {
    let mut lists = Lists::standard();
    lists.set_tolerance("unpaid_fine", Tolerance::EXACT).expect("known list");
    lists.set_tolerance("missing_person", Tolerance { lookalike: true, max_edits: 2 }).expect("known list");
    assert!(lists.set_tolerance("missing_person", Tolerance { lookalike: true, max_edits: 9 }).is_err());
    let mut b = HotlistBuilder::new(lists);
    b.add(&EntrySpec::new("AB12CD", "unpaid_fine")).expect("ok");
    b.add(&EntrySpec::new("XY98ZW", "missing_person")).expect("ok");
    let h = b.build().expect("builds");
    assert_eq!(h.matches("AB12CD", NOW, MatchMode::Tolerant).len(), 1);
    assert!(h.matches("A812CD", NOW, MatchMode::Tolerant).is_empty(), "exact list: no look-alike");
    assert!(h.matches("AB12C", NOW, MatchMode::Tolerant).is_empty(), "exact list: no edit");
    let hits = h.matches("XY9Z", NOW, MatchMode::Tolerant);
    assert_eq!((hits.len(), hits[0].edits), (1, 2), "two deletions within a 2-edit list");
    assert_eq!(h.matches("KY98ZQ", NOW, MatchMode::Tolerant)[0].edits, 2);
    assert!(h.matches("KY9ZQ", NOW, MatchMode::Tolerant).is_empty(), "three edits");
}

#[test]
fn alternative_readings_match_and_are_flagged() {
    let h = build(&[("12ABC3", "stolen_vehicle")]);
    let hits = h.matches_read(&read("99XYZ9", &["88XYZ8", "12ABC3"]), NOW, MatchMode::Tolerant);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].alternative);
    assert_eq!(hits[0].candidate_rank, 2);
    assert_eq!(hits[0].read_text, "12ABC3");
    assert_eq!(hits[0].kind, MatchKind::Exact);
    // The best reading and an alternative hitting the same entry: reported once, by the better match.
    let hits = h.matches_read(&read("12ABC3", &["12A8C3"]), NOW, MatchMode::Tolerant);
    assert_eq!(hits.len(), 1);
    assert!(!hits[0].alternative);
}

#[test]
fn hits_come_out_most_urgent_first() {
    let h = build(&[
        ("12ABC3", "unpaid_fine"),
        ("12ABC3", "stolen_vehicle"),
        ("12ABC3", "missing_person"),
        ("12ABC3", "outstanding_sentence"),
        ("12ABC3", "wanted_person"),
    ]);
    let hits = h.matches("12ABC3", NOW, MatchMode::Tolerant);
    let order: Vec<Category> = hits.iter().map(|h| h.category).collect();
    assert_eq!(
        order,
        [
            Category::MissingPerson,
            Category::WantedPerson,
            Category::StolenVehicle,
            Category::OutstandingSentence,
            Category::UnpaidFine
        ]
    );
    assert!(hits.windows(2).all(|w| w[0].urgency <= w[1].urgency));
    // Urgency is configurable: make fines immediate and they come first.
    let mut lists = Lists::standard();
    lists.set_urgency("unpaid_fine", Urgency::Immediate).expect("known");
    lists.set_urgency("missing_person", Urgency::High).expect("known");
    let mut b = HotlistBuilder::new(lists);
    b.add(&EntrySpec::new("12ABC3", "missing_person")).expect("ok");
    b.add(&EntrySpec::new("12ABC3", "unpaid_fine")).expect("ok");
    let hits = b.build().expect("builds").matches("12ABC3", NOW, MatchMode::Tolerant);
    assert_eq!(hits[0].category, Category::UnpaidFine);
}

#[test]
fn validity_window_is_respected() {
    let mut b = HotlistBuilder::new(Lists::standard());
    let e = EntrySpec::new("12ABC3", "stolen_vehicle")
        .valid(Some(datetime!(2026-02-01 00:00 UTC)), Some(datetime!(2026-04-01 00:00 UTC)));
    b.add(&e).expect("ok");
    let h = b.build().expect("builds");
    assert!(h.contains("12ABC3", NOW));
    assert!(!h.contains("12ABC3", datetime!(2026-01-31 23:59:59 UTC)), "not yet valid");
    assert!(!h.contains("12ABC3", datetime!(2026-04-01 00:00 UTC)), "expired");
    assert!(h.matches("12A8C3", datetime!(2026-05-01 00:00 UTC), MatchMode::Tolerant).is_empty());
    assert_eq!(h.matches("12ABC3", NOW, MatchMode::Tolerant)[0].expires, Some(datetime!(2026-04-01 00:00 UTC)));
    let inverted = EntrySpec::new("12ABC4", "stolen_vehicle").valid(Some(NOW), Some(NOW));
    assert_eq!(HotlistBuilder::new(Lists::standard()).add(&inverted).expect_err("inverted").code(), ErrorCode::Hotlist);
}

#[test]
fn builder_rejects_bad_entries() {
    let mut b = HotlistBuilder::new(Lists::standard());
    assert_eq!(b.add(&EntrySpec::new("12€3", "stolen_vehicle")).expect_err("bad").code(), ErrorCode::InvalidPlate);
    assert_eq!(b.add(&EntrySpec::new("12ABC3", "parking")).expect_err("unknown").code(), ErrorCode::Hotlist);
    b.add(&EntrySpec::new("12ABC3", "stolen_vehicle")).expect("ok");
    let dup = b.add(&EntrySpec::new("12-abc-3", "stolen_vehicle")).expect_err("duplicate");
    assert!(dup.to_string().contains("duplicate"), "{dup}");
    b.add(&EntrySpec::new("12ABC3", "wanted_person")).expect("same plate, other list");
    assert_eq!(b.len(), 2);
}

#[test]
fn user_defined_lists() {
    let mut lists = Lists::standard();
    let mut spec = ListSpec::new("toll_evasion", Category::UserDefined);
    spec.urgency = Urgency::Low;
    lists.define(spec.clone()).expect("new list");
    assert!(lists.define(spec).is_err(), "names are unique");
    let mut b = HotlistBuilder::new(lists);
    b.add(&EntrySpec::new("TOLL01", "toll_evasion")).expect("ok");
    let hits = b.build().expect("builds").matches("TOLL01", NOW, MatchMode::Tolerant);
    assert_eq!((hits[0].list.as_str(), hits[0].category), ("toll_evasion", Category::UserDefined));
}

#[test]
fn hashed_lists_match_exact_and_lookalike_only() {
    let key = HotlistKey::new(&[9; 32]).expect("key");
    let tags = key.tags("12-ABC-3").expect("plate");
    let mut b = HotlistBuilder::new(Lists::standard());
    b.hash_key(key.clone());
    let spec = HashedEntrySpec {
        exact: tags.exact,
        lookalike: Some(tags.lookalike),
        list: "wanted_person".into(),
        reference: "W-1".into(),
        ..Default::default()
    };
    b.add_hashed(&spec).expect("ok");
    assert!(b.add_hashed(&spec).is_err(), "duplicate tag");
    let h = b.build().expect("builds");
    assert!(h.contains("12ABC3", NOW));
    let hits = h.matches("12ABC3", NOW, MatchMode::Tolerant);
    assert_eq!((hits[0].kind, hits[0].hashed, hits[0].plate.clone()), (MatchKind::Exact, true, None));
    let hits = h.matches("12A8C3", NOW, MatchMode::Tolerant);
    assert_eq!((hits.len(), hits[0].kind), (1, MatchKind::LookAlike));
    assert!(h.matches("12A8C3", NOW, MatchMode::Exact).is_empty());
    assert!(h.matches("12ABC", NOW, MatchMode::Tolerant).is_empty(), "no edit distance on hashes");
    // Alternatives are hashed too.
    let hits = h.matches_read(&read("99XYZ9", &["12ABC3"]), NOW, MatchMode::Tolerant);
    assert!(hits[0].alternative && hits[0].hashed);
    // Hashed entries without the key cannot be matched: refuse to build.
    let mut nokey = HotlistBuilder::new(Lists::standard());
    nokey.add_hashed(&spec).expect("ok");
    assert!(nokey.build().is_err());
}

#[test]
fn delta_and_replace() {
    let set = HotlistSet::new(build(&[("AA11BB", "stolen_vehicle"), ("CC22DD", "unpaid_fine")]));
    let delta = Delta {
        remove: vec![("unpaid_fine".into(), "CC-22-DD".into())],
        upsert: vec![
            EntrySpec::new("EE33FF", "wanted_person"),
            EntrySpec::new("AA11BB", "stolen_vehicle").reason("updated"),
        ],
        ..Default::default()
    };
    set.apply(&delta).expect("applies");
    let snap = set.snapshot();
    assert_eq!(snap.len(), 2);
    assert!(!snap.contains("CC22DD", NOW));
    assert!(snap.contains("EE33FF", NOW));
    assert_eq!(snap.matches("AA11BB", NOW, MatchMode::Exact)[0].reason, "updated");
    // A failing delta changes nothing.
    let bad = Delta { upsert: vec![EntrySpec::new("GG44HH", "nope")], ..Default::default() };
    assert!(set.apply(&bad).is_err());
    assert_eq!(set.snapshot().len(), 2);
    set.replace_list("wanted_person", vec![EntrySpec::new("JJ55KK", "wanted_person")]).expect("replaces");
    assert!(set.contains("JJ55KK", NOW) && !set.contains("EE33FF", NOW) && set.contains("AA11BB", NOW));
    set.replace(build(&[]));
    assert!(set.snapshot().is_empty());
}

/// Readers never see a half-built list: every snapshot holds exactly one generation's plates, whole.
#[test]
fn atomic_swap_under_concurrent_reads() {
    const N: usize = 2000;
    let generation = |g: usize| -> Hotlist {
        let mut b = HotlistBuilder::new(Lists::standard());
        for i in 0..N {
            b.add(&EntrySpec::new(format!("G{g}X{i:05}"), "stolen_vehicle").reference(format!("{g}"))).expect("ok");
        }
        b.build().expect("builds")
    };
    let set = Arc::new(HotlistSet::new(generation(0)));
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let (set, stop) = (Arc::clone(&set), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut checks = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let snap = set.snapshot();
                    let g: usize = snap.entries().next().map(|e| e.reference.parse().expect("gen")).expect("not empty");
                    assert_eq!(snap.len(), N, "whole list");
                    for i in (0..N).step_by(97) {
                        assert!(snap.contains(&format!("G{g}X{i:05}"), NOW), "nothing lost");
                        assert!(!snap.contains(&format!("G{}X{i:05}", g + 1), NOW), "nothing of the next");
                    }
                    assert!(snap.entries().all(|e| e.reference == g.to_string()), "one generation only");
                    checks += 1;
                }
                checks
            })
        })
        .collect();
    for g in 1..=8 {
        if g % 2 == 0 {
            set.replace(generation(g));
        } else {
            // A delta that replaces every entry also lands whole.
            let delta = Delta {
                clear_lists: vec!["stolen_vehicle".into()],
                upsert: (0..N)
                    .map(|i| EntrySpec::new(format!("G{g}X{i:05}"), "stolen_vehicle").reference(format!("{g}")))
                    .collect(),
                ..Default::default()
            };
            set.apply(&delta).expect("applies");
        }
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        assert!(r.join().expect("reader ok") > 0);
    }
    assert!(set.contains("G8X00000", NOW));
}

#[test]
fn csv_loads_with_documented_header() {
    let csv = "plate,list,reference,reason,valid_from,expires\n\
               12-ABC-3,stolen_vehicle,PV-1,stolen from driveway,2026-01-01,2026-07-01T00:00:00Z\n\
               99XYZ9,missing_person,MP-77,\"vulnerable adult, call 112\",,\n";
    let loaded = CsvLoader::new(Lists::standard()).strict(true).load(csv.as_bytes()).expect("loads");
    assert!(loaded.rejected.is_empty());
    assert_eq!(loaded.hotlist.len(), 2);
    let hits = loaded.hotlist.matches("99XYZ9", NOW, MatchMode::Exact);
    assert_eq!(hits[0].reason, "vulnerable adult, call 112");
    assert!(!loaded.hotlist.contains("12ABC3", datetime!(2026-07-01 00:00 UTC)));
    // Columns in any order, optional ones left out.
    let loaded = CsvLoader::new(Lists::standard()).load("list,plate\nunpaid_fine,AB12CD\n".as_bytes()).expect("ok");
    assert!(loaded.hotlist.contains("AB12CD", NOW));
}

#[test]
fn csv_bad_lines_are_reported_and_good_ones_kept() {
    let csv = "plate,list,reference,reason,valid_from,expires\n\
               12ABC3,stolen_vehicle,1,,,\n\
               12€3,stolen_vehicle,2,,,\n\
               AB12CD,parking,3,,,\n\
               XY12ZZ,unpaid_fine,4,,2026-13-01,\n\
               12-abc-3,stolen_vehicle,5,,,\n\
               QQ11QQ,unpaid_fine,6\n\
               ZZ99ZZ,unpaid_fine,7,,2026-05-01,2026-04-01\n\
               99XYZ9,missing_person,8,,,\n";
    let loaded = CsvLoader::new(Lists::standard()).load(csv.as_bytes()).expect("lenient load");
    assert_eq!(loaded.hotlist.len(), 2);
    let lines: Vec<usize> = loaded.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
    let reason =
        |line: usize| loaded.rejected.iter().find(|r| r.line == line).map(|r| r.reason.clone()).expect("rejected");
    assert!(reason(3).contains("not a number plate"), "{}", reason(3));
    assert!(reason(4).contains("unknown list"), "{}", reason(4));
    assert!(reason(5).contains("valid_from"), "{}", reason(5));
    assert!(reason(6).contains("duplicate") && reason(6).contains("line 2"), "{}", reason(6));
    assert!(reason(7).contains("fields"), "{}", reason(7));
    assert!(reason(8).contains("expires"), "{}", reason(8));
    // Strict mode rejects the whole file at the first bad line.
    let err = CsvLoader::new(Lists::standard()).strict(true).load(csv.as_bytes()).expect_err("strict");
    assert_eq!(err.code(), ErrorCode::Hotlist);
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn csv_empty_file_bom_crlf() {
    for empty in ["", "\n\n", "\u{feff}"] {
        let err = CsvLoader::new(Lists::standard()).load(empty.as_bytes()).expect_err("empty");
        assert!(err.to_string().contains("empty file"), "{err}");
    }
    let header_only = CsvLoader::new(Lists::standard()).load("plate,list\n".as_bytes()).expect("ok");
    assert!(header_only.hotlist.is_empty());
    let csv = "\u{feff}plate,list,reference\r\n12ABC3,stolen_vehicle,R1\r\nAB12CD,unpaid_fine,R2\r\n";
    let loaded = CsvLoader::new(Lists::standard()).strict(true).load(csv.as_bytes()).expect("BOM and CRLF");
    assert_eq!(loaded.hotlist.len(), 2);
    let hits = loaded.hotlist.matches("AB12CD", NOW, MatchMode::Exact);
    assert_eq!(hits[0].reference, "R2", "no stray \\r");
}

#[test]
fn csv_header_errors() {
    let load = |s: &str| CsvLoader::new(Lists::standard()).load(s.as_bytes());
    assert!(load("plate,list,expirse\n").expect_err("typo").to_string().contains("unknown column"));
    assert!(load("plate,reference\n").is_err(), "no list column");
    assert!(load("list,reference\n").is_err(), "no plate column");
    assert!(load("plate_hmac,list\n").is_err(), "hashed list without key");
}

#[test]
fn csv_hashed_list() {
    let key = HotlistKey::new(&[3; 32]).expect("key");
    let t = key.tags("12ABC3").expect("plate");
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let csv = format!(
        "plate_hmac,lookalike_hmac,list,reference\n{},{},stolen_vehicle,H1\nnothex,,stolen_vehicle,H2\n",
        hex(&t.exact),
        hex(&t.lookalike)
    );
    let loaded = CsvLoader::new(Lists::standard()).hash_key(key).load(csv.as_bytes()).expect("loads");
    assert_eq!(loaded.rejected.len(), 1);
    assert_eq!(loaded.rejected[0].line, 3);
    assert!(loaded.hotlist.contains("12ABC3", NOW));
    assert_eq!(loaded.hotlist.matches("I2A8C3", NOW, MatchMode::Tolerant)[0].kind, MatchKind::LookAlike);
}

#[test]
fn csv_file_errors() {
    let err = CsvLoader::new(Lists::standard()).load_path("/nonexistent/hotlist.csv").expect_err("missing");
    assert_eq!(err.code(), ErrorCode::Io);
}

#[test]
fn batch_lookups_agree_with_single_ones() {
    // Lists with different tolerances, entries with and without validity windows, and a hashed entry, so every
    // path of the grouped lookups is exercised; 45 readings span several groups and a partial last one.
    let mut lists = Lists::standard();
    lists.set_tolerance("unpaid_fine", Tolerance::EXACT).expect("known list");
    lists.set_tolerance("missing_person", Tolerance { lookalike: true, max_edits: 2 }).expect("known list");
    let key = HotlistKey::new(&[7; 32]).expect("key");
    let mut b = HotlistBuilder::new(lists);
    b.hash_key(key.clone());
    let window = (Some(datetime!(2026-02-01 00:00 UTC)), Some(datetime!(2026-04-01 00:00 UTC)));
    for (i, (plate, list)) in [
        ("12ABC3", "stolen_vehicle"),
        ("12ABC3", "unpaid_fine"),
        ("XY98ZW", "missing_person"),
        ("0I2S8G", "wanted_person"),
        ("AB12CD", "unpaid_fine"),
        ("GZ123K", "special_action"),
        ("99XXX9", "outstanding_sentence"),
    ]
    .into_iter()
    .enumerate()
    {
        let spec = EntrySpec::new(plate, list);
        b.add(&if i % 2 == 0 { spec } else { spec.valid(window.0, window.1) }).expect("valid entry");
    }
    let tags = key.tags("HH11HH").expect("plate");
    let hashed = HashedEntrySpec {
        exact: tags.exact,
        lookalike: Some(tags.lookalike),
        list: "wanted_person".into(),
        ..Default::default()
    };
    b.add_hashed(&hashed).expect("hashed entry");
    let h = b.build().expect("builds");
    let mut reads: Vec<String> = [
        "12ABC3",
        "12A8C3",
        "12ABC",
        "112ABC3",
        "XY9Z",
        "KY98ZQ",
        "OI2S86",
        "AB12CD",
        "A812CD",
        "GZ1Z3K",
        "99XXX",
        "HH11HH",
        "HHIIHH",
        "HH11H",
        "not a plate",
        "",
        "ZZZZZZ",
        "12-ABC-3",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    reads.extend((0..27).map(|i| format!("{:02}XYZ{}", i * 7 % 100, i % 10)));
    let mut flat = BatchHits::new();
    for at in [NOW, datetime!(2026-05-01 00:00 UTC)] {
        let single: Vec<bool> = reads.iter().map(|r| h.contains(r, at)).collect();
        assert_eq!(h.contains_batch(&reads, at), single);
        assert!(single.iter().filter(|&&f| f).count() >= 3, "the exact reads are found");
        for mode in [MatchMode::Exact, MatchMode::Tolerant] {
            let counts: Vec<usize> = reads.iter().map(|r| h.match_count(r, at, mode)).collect();
            assert_eq!(h.match_count_batch(&reads, at, mode), counts, "{mode:?} at {at}");
            let hits: Vec<_> = reads.iter().map(|r| h.matches(r, at, mode)).collect();
            assert_eq!(h.matches_batch(&reads, at, mode), hits, "{mode:?} at {at}");
            // The flat buffer holds the same hits, reading by reading, also when reused (cleared first).
            flat.clear();
            h.matches_batch_into(&["12ABC3"], at, mode, &mut flat);
            h.matches_batch_into(&reads, at, mode, &mut flat);
            assert_eq!(flat.len(), reads.len());
            assert!(flat.iter().eq(hits.iter().map(Vec::as_slice)), "{mode:?} at {at}");
            assert_eq!(flat.all(), hits.concat().as_slice());
            assert_eq!(flat.get(reads.len()), None, "past the end");
            // The matches are the hits' entries in the same order, single and batched.
            let mut found = Vec::new();
            for (read, hits) in reads.iter().zip(&hits) {
                h.matches_into(read, at, mode, &mut found);
                let rebuilt: Vec<_> = found.iter().filter_map(|m| h.hit(m, read)).collect();
                assert_eq!(&rebuilt, hits, "{read} {mode:?} at {at}");
                for (m, hit) in found.iter().zip(hits) {
                    let entry = h.entry(m.entry).expect("an entry of this list");
                    assert_eq!((entry.list, entry.reference), (hit.list.as_str(), hit.reference.as_str()));
                    assert_eq!(entry.plate.as_deref(), hit.plate.as_deref());
                    assert_eq!(
                        (m.entry.is_hashed(), m.urgency, m.kind, m.score),
                        (hit.hashed, hit.urgency, hit.kind, hit.score)
                    );
                }
            }
            let mut seen = 0;
            h.matches_batch_each(&reads, at, mode, |i, found| {
                assert_eq!(i, seen, "in order");
                seen += 1;
                let rebuilt: Vec<_> = found.iter().filter_map(|m| h.hit(m, &reads[i])).collect();
                assert_eq!(rebuilt, hits[i], "{} {mode:?} at {at}", reads[i]);
            });
            assert_eq!(seen, reads.len());
        }
    }
    let tolerant = h.match_count_batch(&reads, NOW, MatchMode::Tolerant);
    assert!(tolerant.iter().filter(|&&n| n > 0).count() >= 12, "{tolerant:?}");
    assert!(h.contains_batch(&Vec::<String>::new(), NOW).is_empty());
}

#[test]
fn many_alternatives_are_matched_in_groups_with_their_ranks() {
    let h = build(&[("12ABC3", "stolen_vehicle"), ("GZ123K", "wanted_person")]);
    // Eleven alternatives: more than one group of readings; the last one is a look-alike of a listed plate.
    let mut alternatives: Vec<String> = (0..10).map(|i| format!("{i}{i}XYZ{i}")).collect();
    alternatives.push("6Z123K".into());
    let refs: Vec<&str> = alternatives.iter().map(String::as_str).collect();
    let hits = h.matches_read(&read("12A8C3", &refs), NOW, MatchMode::Tolerant);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let by_list = |l: &str| hits.iter().find(|h| h.list == l).expect("hit");
    let own = by_list("stolen_vehicle");
    assert_eq!((own.alternative, own.candidate_rank, own.kind), (false, 0, MatchKind::LookAlike));
    let alt = by_list("wanted_person");
    assert_eq!((alt.alternative, alt.candidate_rank, alt.read_text.as_str()), (true, 11, "6Z123K"));
    assert_eq!(hits[0].list, "wanted_person", "most urgent first");
}

#[test]
fn a_match_past_the_end_of_another_list_finds_nothing_there() {
    let big = build(&[("12ABC3", "stolen_vehicle"), ("GZ123K", "wanted_person"), ("XY98ZW", "unpaid_fine")]);
    let small = build(&[("12ABC3", "stolen_vehicle")]);
    let mut found = Vec::new();
    big.matches_into("XY98ZW", NOW, MatchMode::Exact, &mut found);
    assert_eq!(found.len(), 1);
    assert_eq!(big.entry(found[0].entry).map(|e| e.list), Some("unpaid_fine"));
    // An id past the end of another list finds nothing there (and does not panic).
    assert!(small.entry(found[0].entry).is_none());
    assert!(small.hit(&found[0], "XY98ZW").is_none());
    // A non-plate and a reading that matches nothing clear what `out` held.
    big.matches_into("not a plate", NOW, MatchMode::Tolerant, &mut found);
    assert!(found.is_empty());
    big.matches_into("12ABC3", NOW, MatchMode::Tolerant, &mut found);
    big.matches_into("QQ00QQ", NOW, MatchMode::Tolerant, &mut found);
    assert!(found.is_empty());
}

#[test]
fn equal_hits_keep_the_order_their_entries_were_added_in() {
    // Three one-edit matches on one list tie on urgency, kind and score: they come out in the order added, and
    // an exact match on a less urgent list comes after all of them.
    let h = build(&[
        ("12ABC5", "stolen_vehicle"),
        ("12ABC3", "stolen_vehicle"),
        ("12ABC9", "unpaid_fine"),
        ("12ABC4", "stolen_vehicle"),
    ]);
    let hits = h.matches("12ABC9", NOW, MatchMode::Tolerant);
    let plates: Vec<&str> = hits.iter().filter_map(|h| h.plate.as_deref()).collect();
    assert_eq!(plates, ["12ABC5", "12ABC3", "12ABC4", "12ABC9"], "{hits:?}");
    assert_eq!(hits[3].kind, MatchKind::Exact);
}

#[test]
fn a_large_list_built_on_two_threads_matches_like_one_built_on_one() {
    // Past the size from which the fuzzy index is built on two threads.
    const N: usize = 120_000;
    let lists = ["stolen_vehicle", "wanted_person", "unpaid_fine"];
    let build = |threads| {
        let mut b = HotlistBuilder::new(Lists::standard());
        b.threads(threads).reserve(N);
        for i in 0..N {
            b.add(&EntrySpec::new(format!("X{i:06}"), lists[i % 3])).expect("valid entry");
        }
        b.build().expect("builds")
    };
    let (one, two) = (build(1), build(2));
    let mut tolerant_hits = 0;
    for i in (0..N).step_by(997) {
        let plate = format!("X{i:06}");
        // The plate, a look-alike swap, a deletion, an insertion and a substitution.
        for read in [
            plate.clone(),
            plate.replace('0', "O"),
            plate[..6].to_string(),
            format!("{plate}7"),
            format!("Y{}", &plate[1..]),
        ] {
            let hits = one.matches(&read, NOW, MatchMode::Tolerant);
            tolerant_hits += hits.len();
            assert_eq!(two.matches(&read, NOW, MatchMode::Tolerant), hits, "{read}");
        }
    }
    assert!(tolerant_hits > 600, "the reads near listed plates match ({tolerant_hits})");
}

/// A file large enough to be parsed and checked on two threads loads exactly as on one: the same entries, the
/// same bad lines with the same line numbers and reasons (duplicates named against their first copy, wherever
/// the two halves meet), and strict mode fails at the same first bad line.
#[test]
fn a_large_file_loads_alike_on_one_thread_and_two() {
    const N: usize = 60_000; // past the size from which a file is parsed on two threads
    let lists = ["stolen_vehicle", "wanted_person", "unpaid_fine"];
    let mut csv = String::from("plate,list,reference\n");
    for i in 0..N {
        let line = match i % 1000 {
            // A repeat, on the same list, of a plate 25,000 lines back (so across the halves, too); 25 of the 35
            // point back at a plain line, the other 10 at a line that was itself one of these.
            7 if i >= 25_000 => format!("x-{:06},{},dup {i}", i - 25_000, lists[(i - 25_000) % 3]),
            // A repeat of a plate 300 lines back: within a half, with earlier repeats between the two.
            9 if i >= 1000 => format!("X{:06},{},dup {i}", i - 300, lists[(i - 300) % 3]),
            // The same plate on another list is no repeat.
            8 if i >= 25_000 => format!("X{:06},{},other list {i}", i - 25_001, lists[(i - 25_000) % 3]),
            500 => format!("??{i},{},bad plate", lists[i % 3]),
            900 => format!("Y{i:06},no_such_list,unknown list"),
            _ => format!("X{i:06},{},R{i}", lists[i % 3]),
        };
        csv.push_str(&line);
        csv.push('\n');
    }
    let load =
        |threads, strict| CsvLoader::new(Lists::standard()).threads(threads).strict(strict).load_bytes(csv.as_bytes());
    let (one, two) = (load(1, false).expect("loads"), load(2, false).expect("loads"));
    let entries = |h: &Hotlist| h.entries().map(|e| format!("{e:?}")).collect::<Vec<_>>();
    // (`assert!`, not `assert_eq!`: a failure would print 60,000 entries.)
    assert!(entries(&two.hotlist) == entries(&one.hotlist), "two threads load other entries than one");
    assert!(two.rejected == one.rejected, "two threads reject other lines than one");
    let duplicates = one.rejected.iter().filter(|r| r.reason.contains("duplicate")).count();
    assert_eq!((one.rejected.len(), duplicates), (60 + 60 + 25 + 59, 25 + 59), "bad plates, unknown lists, repeats");
    // Each repeat names the line of its first copy (entry i is on line i + 2).
    let reason = |line: usize| one.rejected.iter().find(|r| r.line == line).map(|r| r.reason.clone());
    assert!(reason(1_011).is_some_and(|r| r.contains("first at line 711)")), "{:?}", reason(1_011));
    assert!(reason(40_011).is_some_and(|r| r.contains("first at line 39711)")), "{:?}", reason(40_011));
    assert!(reason(25_009).is_some_and(|r| r.contains("first at line 9)")), "{:?}", reason(25_009));
    assert!(reason(49_009).is_some_and(|r| r.contains("first at line 24009)")), "{:?}", reason(49_009));
    assert_eq!(reason(59_009), None, "its first copy was itself a repeat, so it is no repeat");
    assert_eq!(one.hotlist.len(), N - 204);
    let (one, two) = (load(1, true).expect_err("strict"), load(2, true).expect_err("strict"));
    assert_eq!(two.to_string(), one.to_string());
    assert!(one.to_string().contains("line 502"), "{one}");
}
