//! Evaluate the engine on labelled images (`labels.jsonl`, see `../shared/data/README.md`).
//!
//! ```text
//! cargo run --release --example evaluate -- <labels.jsonl>... [--country CC] [--split val] [--crops] [--tiles] [--json]
//!     [--errors DIR] [--detector m.onnx] [--recognizer m.onnx] [--false-read-conf 0.5] [--limit N]
//! ```
//!
//! The engine runs single-threaded (1 inference thread, 1 session per model), so the times are per core.
//! `--country CC` also tells the engine to expect `CC` plates (no country preference when the library does not
//! know `CC`, e.g. `US`; without `--country` the engine's default, NL). `--split S` keeps the images whose
//! `orig_split` is `S` (UC3M: `val`).
//!
//! # What is measured
//! - **plates**: labelled plates scored (with `--country CC` only those labelled `CC`; with `--split S` only
//!   images whose `orig_split` is `S`). Plates of other countries are left out: reads of them count neither way.
//! - **exact**: share of plates read exactly. Masked label characters (`*`, UC3M) match any character but the
//!   length must agree. Plates whose label says the text-to-box assignment is uncertain (UC3M) also accept the
//!   text of the other uncertain plates of their image.
//! - **char_acc**: Σ max(0, unmasked characters − edit distance) / Σ unmasked characters, over the read judged for
//!   each plate (a plate with no read scores 0); masked positions substitute for free.
//! - **det_recall / det_precision**: reads are paired one-to-one with labelled boxes at IoU ≥ 0.5 (highest IoU
//!   first). Recall = paired plates / labelled plates; precision = paired reads / reported reads. A "detection"
//!   is a plate the engine reports, i.e. with a non-empty reading. Sets whose `box` is null (`nl_cars_dev`) are
//!   scored on text only — a plate counts as read if any read of its image has its text — and print `nan` for
//!   both. `--crops` (recognizer only: the engine reads at the labelled boxes through `read_quads`, or the
//!   whole image where a plate has no box) also prints `nan`.
//! - **false_reads**: reads an operator would wrongly act on: (a) every reported read at no labelled plate
//!   (IoU < 0.5 with all labelled boxes; any confidence), plus (b) every read at a labelled plate with the wrong
//!   text and confidence ≥ `--false-read-conf` (default 0.5). In text-only images a read whose text matches no
//!   label of the image counts under (b): it may be a misread of the labelled plate or of an unlabelled plate
//!   in the background, so there the count is an upper bound.
//! - **error/reject table**: for each confidence threshold, the share of plates whose read is kept, the
//!   accuracy of the kept reads, the exact rate over all plates, and the false reads (ghosts and wrong reads at
//!   or above that threshold) — the trade-off an operator tunes with `min_confidence`.
//! - **median_ms / p95**: per image, decoding the JPEG/PNG bytes (already in memory) plus the engine call, one
//!   thread; the engine call alone is reported beside it. One untimed warm-up read precedes the run.
//!
//! The last line is always `SUMMARY plates=<n> exact=<0..1> char_acc=<0..1> det_recall=<0..1>
//! det_precision=<0..1> false_reads=<n> median_ms=<x>` (on one line). Missing files or bad options exit with
//! code 2 and a message; an image that fails to decode is reported and scored as read nothing.
#![allow(clippy::print_stdout)]

#[path = "evaluate/args.rs"]
mod args;
#[path = "evaluate/cpu.rs"]
mod cpu;
#[path = "evaluate/labels.rs"]
mod labels;
#[path = "evaluate/metrics.rs"]
mod metrics;
#[path = "evaluate/misses.rs"]
mod misses;
#[path = "evaluate/score.rs"]
mod score;
#[path = "evaluate/text.rs"]
mod text;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anpr_core::{BBox, Country, DecodedImage, Engine, ModelSource, Quad, StageTimings};

use crate::args::Args;
use crate::labels::Sample;
use crate::score::{ImageOutcome, Read, ReadKind, Truth};

/// Per-image record for `--json`.
#[derive(serde::Serialize)]
struct ImageRecord {
    image: String,
    ms: f64,
    engine_ms: f64,
    cpu_ms: f64,
    reads: Vec<serde_json::Value>,
    plates: Vec<serde_json::Value>,
}

fn fail(msg: &str, code: u8) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(code)
}

fn load_samples(a: &Args) -> Result<Vec<Sample>, String> {
    let mut samples = Vec::new();
    for file in &a.labels {
        if !file.is_file() {
            return Err(format!("labels file {} does not exist", file.display()));
        }
        samples.extend(labels::load(file)?);
    }
    samples.retain(|s| a.split.as_ref().is_none_or(|want| s.split.as_ref() == Some(want)));
    if let Some(cc) = &a.country {
        samples.retain(|s| s.plates.iter().any(|p| p.country.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(cc))));
    }
    if let Some(n) = a.limit {
        samples.truncate(n);
    }
    if let Some(missing) = samples.iter().find(|s| !s.path.is_file()) {
        return Err(format!("image {} does not exist", missing.path.display()));
    }
    if samples.is_empty() {
        return Err("no images left to score (check --split / --country)".into());
    }
    Ok(samples)
}

fn truths(sample: &Sample, country: Option<&str>) -> Vec<Truth> {
    let uncertain: Vec<&str> =
        sample.plates.iter().filter(|p| p.pairing_uncertain()).map(|p| p.text.as_str()).collect();
    sample
        .plates
        .iter()
        .map(|p| Truth {
            text: p.text.clone(),
            alternatives: if p.pairing_uncertain() {
                uncertain.iter().filter(|t| **t != p.text).map(|t| (*t).to_owned()).collect()
            } else {
                Vec::new()
            },
            bbox: p.bbox.map(|b| BBox::new(b[0], b[1], b[2], b[3])),
            scored: country.is_none_or(|cc| p.country.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(cc))),
        })
        .collect()
}

fn build_engine(a: &Args) -> Result<Engine, String> {
    // The engine's country hint: the scored country when the library knows it, no preference for a country it
    // does not know (e.g. US), else the engine's default.
    let mut builder = Engine::builder().threads(1).sessions(1).detector_tiles(a.tiles);
    if let Some(cc) = a.country.as_deref() {
        builder = builder.countries(Country::from_code(cc));
    }
    if let Some(p) = &a.detector {
        builder = builder.detector(ModelSource::Path(p.clone()));
    }
    if let Some(p) = &a.recognizer {
        builder = builder.recognizer(ModelSource::Path(p.clone()));
    }
    if let Some(t) = a.candidate_threshold {
        builder = builder.candidate_threshold(t);
    }
    builder.build().map_err(|e| e.to_string())
}

/// Wall and CPU milliseconds of reading one image.
#[derive(Debug, Clone, Copy)]
struct Times {
    /// Decoding the bytes plus the engine call.
    total: f64,
    /// The engine call alone.
    engine: f64,
    /// Process CPU time of decoding plus the engine call.
    cpu: f64,
    /// The engine's own time per stage.
    stages: StageTimings,
}

/// Read one image: the reads and the time taken.
fn read_image(engine: &Engine, sample: &Sample, truths: &[Truth], crops: bool) -> Result<(Vec<Read>, Times), String> {
    let bytes = std::fs::read(&sample.path).map_err(|e| format!("{}: {e}", sample.path.display()))?;
    let c0 = cpu::process_cpu_time();
    let t0 = Instant::now();
    let image = DecodedImage::decode(&bytes, Some(&sample.path.display().to_string())).map_err(|e| e.to_string())?;
    let frame = image.frame().map_err(|e| e.to_string())?;
    let t1 = Instant::now();
    let reads = if crops {
        let whole = BBox::new(0.0, 0.0, image.width() as f32, image.height() as f32);
        let quads: Vec<Quad> =
            truths.iter().filter(|t| t.scored).map(|t| Quad::from_bbox(&t.bbox.unwrap_or(whole))).collect();
        engine.read_quads(&frame, &quads)
    } else {
        engine.read(&frame, None)
    }
    .map_err(|e| format!("{}: {e}", sample.path.display()))?;
    let t2 = Instant::now();
    let c2 = cpu::process_cpu_time();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let stages = reads.timings;
    let reads =
        reads.plates.into_iter().map(|p| Read { text: p.text, confidence: p.confidence, bbox: p.bbox }).collect();
    let cpu = match (c0, c2) {
        (Some(a), Some(b)) => ms(b.saturating_sub(a)),
        _ => f64::NAN,
    };
    Ok((reads, Times { total: ms(t2 - t0), engine: ms(t2 - t1), cpu, stages }))
}

/// For `--crops` on text-only labels the plate has no box: score it at the whole image.
fn crop_truths(mut truths: Vec<Truth>, width_height: Option<(f32, f32)>) -> Vec<Truth> {
    if let Some((w, h)) = width_height {
        for t in &mut truths {
            t.bbox.get_or_insert(BBox::new(0.0, 0.0, w, h));
        }
    }
    truths
}

fn write_misses(w: &mut misses::MissWriter, path: &Path, truths: &[Truth], reads: &[Read], o: &ImageOutcome) {
    let scored: Vec<&Truth> = truths.iter().filter(|t| t.scored).collect();
    let mut result = Ok(());
    for (t, p) in scored.iter().zip(&o.plates).filter(|(_, p)| !p.exact) {
        result = result.and(w.write(path, t.bbox.as_ref(), &p.expected, p.read.as_ref().map(|r| r.0.as_str())));
    }
    for (r, _) in reads.iter().zip(&o.reads).filter(|(_, (_, k))| *k == ReadKind::Ghost) {
        result = result.and(w.write(path, Some(&r.bbox), "", Some(&r.text)));
    }
    if let Err(e) = result {
        eprintln!("warning: --errors: {e}");
    }
}

fn main() -> ExitCode {
    let a = match args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let samples = match load_samples(&a) {
        Ok(s) => s,
        Err(e) => return fail(&e, 2),
    };
    let engine = match build_engine(&a) {
        Ok(e) => e,
        Err(e) => return fail(&e, 2),
    };
    let mut writer = match a.errors.as_deref().map(misses::MissWriter::new).transpose() {
        Ok(w) => w,
        Err(e) => return fail(&e, 2),
    };
    // Untimed warm-up: the first run of each model allocates.
    let warm = truths(&samples[0], a.country.as_deref());
    let _ = read_image(&engine, &samples[0], &crop_truths(warm, a.crops.then_some((1.0, 1.0))), a.crops);

    let (mut outcomes, mut times, mut records) = (Vec::new(), Vec::new(), Vec::new());
    for (i, sample) in samples.iter().enumerate() {
        let mut t = truths(sample, a.country.as_deref());
        let (reads, time) = match read_image(&engine, sample, &t, a.crops) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("warning: {e} (scored as read nothing)");
                (
                    Vec::new(),
                    Times { total: f64::NAN, engine: f64::NAN, cpu: f64::NAN, stages: StageTimings::default() },
                )
            }
        };
        if a.crops {
            // Plates without a box were read at the whole image: give them that box so pairing finds them.
            let size = DecodedImage::open(&sample.path).ok().map(|d| (d.width() as f32, d.height() as f32));
            if t.iter().any(|t| t.bbox.is_none()) {
                t = crop_truths(t, size);
            }
        }
        let o = score::score_image(&t, &reads, 0.5);
        if let Some(w) = writer.as_mut() {
            write_misses(w, &sample.path, &t, &reads, &o);
        }
        if time.total.is_finite() {
            times.push(time);
        }
        if a.json {
            records.push(ImageRecord {
                image: sample.path.display().to_string(),
                ms: time.total,
                engine_ms: time.engine,
                cpu_ms: time.cpu,
                reads: reads
                    .iter()
                    .map(|r| serde_json::json!({"text": r.text, "confidence": r.confidence, "bbox": r.bbox}))
                    .collect(),
                plates: o
                    .plates
                    .iter()
                    .map(|p| serde_json::json!({"expected": p.expected, "read": p.read, "exact": p.exact}))
                    .collect(),
            });
        }
        outcomes.push(o);
        if !a.json && (i + 1) % 100 == 0 {
            eprintln!("... {} / {} images", i + 1, samples.len());
        }
    }

    let column = |f: fn(&Times) -> f64| times.iter().map(f).collect::<Vec<f64>>();
    let timing = metrics::Timing { total: column(|t| t.total), engine: column(|t| t.engine), cpu: column(|t| t.cpu) };
    let mut m = metrics::metrics(&outcomes, &timing, a.false_read_conf);
    if a.crops {
        (m.det_recall, m.det_precision) = (None, None);
    }
    let table = metrics::threshold_table(&outcomes, &metrics::THRESHOLDS);
    let stages: Vec<StageTimings> = times.iter().map(|t| t.stages).collect();
    let stages = metrics::mean_stages_ms(&stages);
    if a.json {
        let report = serde_json::json!({
            "labels": a.labels.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "country": a.country, "split": a.split, "crops": a.crops,
            "metrics": m, "thresholds": table, "mean_stage_ms": stages, "images": records,
        });
        println!("{report}");
    } else {
        print!("{}", metrics::text_report(&m, &table));
        println!("\nmean ms per stage (wall, engine's own timings)\n  {}", metrics::stages_line(&stages));
        if let Some(w) = &writer {
            println!(
                "miss images      {} written to {}",
                w.count(),
                a.errors.as_deref().unwrap_or(Path::new("")).display()
            );
        }
    }
    println!("{}", metrics::summary_line(&m));
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &str) -> Args {
        args::parse(list.split_whitespace().map(str::to_owned)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn missing_files_are_clear_errors() {
        let err = load_samples(&args("/nonexistent/labels.jsonl")).err().unwrap_or_default();
        assert!(err.contains("does not exist"), "{err}");
        let dir = std::env::temp_dir().join(format!("anpr-eval-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let labels = dir.join("labels.jsonl");
        let line = r#"{"image": "missing.jpg", "plates": [{"text": "AB12CD", "box": null}]}"#;
        std::fs::write(&labels, line).unwrap_or_else(|e| panic!("{e}"));
        let err = load_samples(&args(&labels.display().to_string())).err().unwrap_or_default();
        assert!(err.contains("missing.jpg") && err.contains("does not exist"), "{err}");
        let err = load_samples(&args(&format!("{} --split val", labels.display()))).err().unwrap_or_default();
        assert!(err.contains("no images left"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn truths_mark_other_countries_and_uncertain_pairs() {
        let text = concat!(
            r#"{"image": "a.jpg", "plates": [{"text": "AAA1", "box": [0, 0, 1, 1], "country": "ES", "note": "text-to-box assignment uncertain"},"#,
            r#" {"text": "BBB2", "box": [2, 0, 3, 1], "country": "ES", "note": "text-to-box assignment uncertain"},"#,
            r#" {"text": "CCC3", "box": [4, 0, 5, 1], "country": "FR"}]}"#
        );
        let s = labels::parse(text, Path::new(".")).unwrap_or_else(|e| panic!("{e}"));
        let t = truths(&s[0], Some("ES"));
        assert_eq!(t[0].alternatives, vec!["BBB2".to_owned()]);
        assert_eq!(t[1].alternatives, vec!["AAA1".to_owned()]);
        assert!(t[0].scored && t[1].scored && !t[2].scored);
        assert!(t[2].alternatives.is_empty());
        assert!(truths(&s[0], None).iter().all(|t| t.scored));
    }
}
