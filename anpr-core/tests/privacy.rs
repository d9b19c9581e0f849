//! The combined read-and-match step: no-hit reads keep no text, hits carry delete-by times.

use anpr_core::formats::Candidate;
use anpr_core::hotlist::{EntrySpec, HotlistBuilder, HotlistSet, Lists, Urgency};
use anpr_core::privacy::{Outcome, Pseudonymizer, RetentionPolicy, assess, assess_with};
use anpr_core::{BBox, PlateRead, Quad};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

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
        display: format!("{}-{}", &text[..2], &text[2..]),
        confidence: 0.9,
        char_confidences: vec![0.9; text.len()],
        candidates,
        format: None,
        bbox: BBox::new(0.0, 0.0, 10.0, 5.0),
        corners: Quad::default(),
        detection_score: 0.9,
    }
}

fn set() -> HotlistSet {
    let mut b = HotlistBuilder::new(Lists::standard());
    b.add(&EntrySpec::new("12ABC3", "missing_person").reference("MP-1")).expect("ok");
    b.add(&EntrySpec::new("12ABC3", "unpaid_fine").reference("F-9")).expect("ok");
    HotlistSet::new(b.build().expect("builds"))
}

#[test]
fn no_hit_reads_carry_no_text() {
    let out = assess(read("XY98ZW", &["XY98ZV", "KY98ZW"]), &set(), &RetentionPolicy::default(), NOW);
    let Outcome::NoHit(rec) = &out else { panic!("expected no hit, got {out:?}") };
    assert_eq!(rec.delete_by, NOW, "no-hit default: delete at once");
    assert!(rec.pseudonym.is_none());
    let json = serde_json::to_string(&out).expect("serialises");
    assert!(json.contains("\"outcome\":\"no_hit\""), "{json}");
    for text in ["XY98ZW", "XY-98ZW", "XY98ZV", "KY98ZW", "98ZW"] {
        assert!(!json.contains(text), "{text} leaked into {json}");
    }
}

#[test]
fn hits_yield_alerts_with_delete_by_times() {
    let out = assess(read("12ABC3", &[]), &set(), &RetentionPolicy::default(), NOW);
    let alert = out.alert().expect("hit");
    assert_eq!(alert.plate, "12ABC3");
    assert_eq!(alert.urgency, Urgency::Immediate);
    assert_eq!(alert.hits.len(), 2);
    assert_eq!(alert.hits[0].reference, "MP-1", "most urgent first");
    assert_eq!(alert.delete_by, datetime!(2026-03-29 12:00 UTC), "hit default: 28 days");
    assert_eq!(alert.image_delete_by, datetime!(2026-03-08 12:00 UTC));
    assert_eq!(out.delete_by(), alert.delete_by);
    let json = serde_json::to_string(&out).expect("serialises");
    assert!(json.contains("\"outcome\":\"hit\"") && json.contains("\"delete_by\":\"2026-03-29T12:00:00Z\""), "{json}");
    // A hit on an alternative reading is an alert too.
    let out = assess(read("99XYZ9", &["12A8C3"]), &set(), &RetentionPolicy::default(), NOW);
    assert!(out.alert().expect("hit").hits.iter().all(|h| h.alternative));
}

#[test]
fn retention_policy_sets_delete_by() {
    let policy = RetentionPolicy::default()
        .hit(Duration::days(2))
        .and_then(|p| p.no_hit(Duration::hours(1)))
        .and_then(|p| p.image(Duration::hours(12)))
        .expect("valid");
    let hit = assess(read("12ABC3", &[]), &set(), &policy, NOW);
    assert_eq!(hit.delete_by(), NOW + Duration::days(2));
    assert_eq!(hit.alert().expect("hit").image_delete_by, NOW + Duration::hours(12));
    let miss = assess(read("XY98ZW", &[]), &set(), &policy, NOW);
    assert_eq!(miss.delete_by(), NOW + Duration::hours(1));
    assert!(RetentionPolicy::default().hit(Duration::days(28) + Duration::seconds(1)).is_err(), "28-day cap");
}

#[test]
fn keep_all_passages_is_explicit() {
    let policy = RetentionPolicy::default().keep_all_passages(Duration::weeks(4)).expect("valid");
    let out = assess(read("XY98ZW", &[]), &set(), &policy, NOW);
    let Outcome::Passage(p) = &out else { panic!("expected passage, got {out:?}") };
    assert_eq!(p.plate, "XY98ZW");
    assert_eq!(p.delete_by, NOW + Duration::weeks(4));
    assert!(RetentionPolicy::default().keep_all_passages(Duration::weeks(4) + Duration::seconds(1)).is_err());
}

#[test]
fn no_hit_pseudonyms_are_period_scoped() {
    let p = Pseudonymizer::derived(&[5; 32], Duration::days(1)).expect("valid");
    let snap = set().snapshot();
    let policy = RetentionPolicy::default();
    let token = |text: &str, at: OffsetDateTime| match assess_with(read(text, &[]), &snap, &policy, Some(&p), at) {
        Outcome::NoHit(r) => r.pseudonym.expect("pseudonymised").token,
        other => panic!("expected no hit, got {other:?}"),
    };
    let morning = token("XY98ZW", datetime!(2026-03-01 08:00 UTC));
    assert_eq!(morning, token("XY98ZW", datetime!(2026-03-01 20:00 UTC)), "stable within the day");
    assert_ne!(morning, token("XY98ZW", datetime!(2026-03-02 08:00 UTC)), "changes the next day");
    assert_ne!(morning, token("XY98ZV", datetime!(2026-03-01 08:00 UTC)));
    let json = serde_json::to_string(&assess_with(read("XY98ZW", &[]), &snap, &policy, Some(&p), NOW)).expect("json");
    assert!(!json.contains("XY98ZW"), "{json}");
}
