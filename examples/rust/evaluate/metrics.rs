//! Turning per-image outcomes into the reported figures.

use anpr_core::StageTimings;
use serde::Serialize;

use crate::score::{ImageOutcome, ReadKind};

/// Confidence thresholds of the error/reject table.
pub const THRESHOLDS: [f32; 9] = [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/// Milliseconds per image, one entry per image read without error.
#[derive(Debug, Clone, Default)]
pub struct Timing {
    /// Wall time of decoding plus the engine call.
    pub total: Vec<f64>,
    /// Wall time of the engine call alone.
    pub engine: Vec<f64>,
    /// Process CPU time of decoding plus the engine call.
    pub cpu: Vec<f64>,
}

/// The headline figures of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    /// Images scored.
    pub images: usize,
    /// Scored plates.
    pub plates: usize,
    /// Share of plates read exactly.
    pub exact: f64,
    /// Correct characters over unmasked label characters.
    pub char_acc: f64,
    /// Share of box-labelled plates paired with a read at IoU ≥ 0.5 (`None`: no box-scored image).
    pub det_recall: Option<f64>,
    /// Share of reads in box-scored images that are paired with a labelled plate (`None`: no box-scored image).
    pub det_precision: Option<f64>,
    /// Ghost reads (any confidence) plus wrong reads with confidence ≥ `false_read_conf`.
    pub false_reads: usize,
    /// Of those: reads at no labelled plate.
    pub ghosts: usize,
    /// The confidence from which a wrong read counts as false.
    pub false_read_conf: f32,
    /// Median milliseconds per image: decoding the JPEG/PNG bytes plus the engine call.
    pub median_ms: f64,
    /// 95th percentile of the same.
    pub p95_ms: f64,
    /// Median milliseconds of the engine call alone.
    pub median_engine_ms: f64,
    /// 95th percentile of the same.
    pub p95_engine_ms: f64,
    /// Median CPU milliseconds per image (decode + engine): the cost without waiting on a busy machine.
    pub median_cpu_ms: f64,
    /// Mean of the same.
    pub mean_cpu_ms: f64,
}

/// One row of the error/reject trade-off: only reads with confidence ≥ `threshold` are kept.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThresholdRow {
    /// Minimum confidence.
    pub threshold: f64,
    /// Share of scored plates whose judged read is kept.
    pub kept: f64,
    /// Share of kept plate reads that are exact.
    pub accuracy_kept: f64,
    /// Share of all scored plates read exactly and kept.
    pub exact_overall: f64,
    /// Ghost and wrong reads that are kept.
    pub false_reads: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 { f64::NAN } else { num as f64 / den as f64 }
}

/// Nearest-rank percentile (`p` in `[0, 100]`) of unsorted samples; NaN when empty.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

/// False reads of one image: ghosts at any confidence, wrong reads at confidence ≥ `conf`.
pub fn false_reads(o: &ImageOutcome, conf: f32) -> (usize, usize) {
    let ghosts = o.reads.iter().filter(|(_, k)| *k == ReadKind::Ghost).count();
    let wrong = o.reads.iter().filter(|(c, k)| *k == ReadKind::Wrong && *c >= conf).count();
    (ghosts + wrong, ghosts)
}

/// The headline figures over all images.
pub fn metrics(outcomes: &[ImageOutcome], t: &Timing, false_read_conf: f32) -> Metrics {
    let plates: Vec<_> = outcomes.iter().flat_map(|o| &o.plates).collect();
    let exact = plates.iter().filter(|p| p.exact).count();
    let chars_correct: usize = plates.iter().map(|p| p.chars_correct).sum();
    let chars_total: usize = plates.iter().map(|p| p.chars_total).sum();
    let boxed: Vec<_> = outcomes.iter().filter(|o| o.by_box).collect();
    let (det_recall, det_precision) = if boxed.is_empty() {
        (None, None)
    } else {
        let labelled = boxed.iter().flat_map(|o| &o.plates).count();
        let found = boxed.iter().flat_map(|o| &o.plates).filter(|p| p.detected == Some(true)).count();
        let reads = boxed.iter().flat_map(|o| &o.reads).filter(|(_, k)| *k != ReadKind::Ignored).count();
        let paired = boxed
            .iter()
            .flat_map(|o| &o.reads)
            .filter(|(_, k)| matches!(k, ReadKind::Correct | ReadKind::Wrong))
            .count();
        (Some(ratio(found, labelled)), Some(ratio(paired, reads)))
    };
    let (false_total, ghosts) =
        outcomes.iter().map(|o| false_reads(o, false_read_conf)).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Metrics {
        images: outcomes.len(),
        plates: plates.len(),
        exact: ratio(exact, plates.len()),
        char_acc: ratio(chars_correct, chars_total),
        det_recall,
        det_precision,
        false_reads: false_total,
        ghosts,
        false_read_conf,
        median_ms: percentile(&t.total, 50.0),
        p95_ms: percentile(&t.total, 95.0),
        median_engine_ms: percentile(&t.engine, 50.0),
        p95_engine_ms: percentile(&t.engine, 95.0),
        median_cpu_ms: percentile(&t.cpu, 50.0),
        mean_cpu_ms: if t.cpu.is_empty() { f64::NAN } else { t.cpu.iter().sum::<f64>() / t.cpu.len() as f64 },
    }
}

/// The error/reject table at each of `thresholds`.
pub fn threshold_table(outcomes: &[ImageOutcome], thresholds: &[f32]) -> Vec<ThresholdRow> {
    let plates: Vec<_> = outcomes.iter().flat_map(|o| &o.plates).collect();
    thresholds
        .iter()
        .map(|&t| {
            let kept: Vec<_> = plates.iter().filter(|p| p.read.as_ref().is_some_and(|r| r.1 >= t)).collect();
            let exact_kept = kept.iter().filter(|p| p.exact).count();
            let false_reads = outcomes
                .iter()
                .flat_map(|o| &o.reads)
                .filter(|(c, k)| *c >= t && matches!(k, ReadKind::Ghost | ReadKind::Wrong))
                .count();
            ThresholdRow {
                threshold: (f64::from(t) * 1000.0).round() / 1000.0,
                kept: ratio(kept.len(), plates.len()),
                accuracy_kept: ratio(exact_kept, kept.len()),
                exact_overall: ratio(exact_kept, plates.len()),
                false_reads,
            }
        })
        .collect()
}

/// Mean wall milliseconds of each pipeline stage, in the order of [`STAGES`].
pub fn mean_stages_ms(t: &[StageTimings]) -> Vec<(&'static str, f64)> {
    let n = t.len().max(1) as f64;
    let mean = |f: fn(&StageTimings) -> u64| t.iter().map(f).sum::<u64>() as f64 / n / 1000.0;
    vec![
        (STAGES[0], mean(|s| s.preprocess_us)),
        (STAGES[1], mean(|s| s.detect_us)),
        (STAGES[2], mean(|s| s.rectify_us)),
        (STAGES[3], mean(|s| s.recognize_us)),
        (STAGES[4], mean(|s| s.decode_us)),
        (STAGES[5], mean(|s| s.total_us)),
    ]
}

/// The stage names of [`mean_stages_ms`].
pub const STAGES: [&str; 6] = ["preprocess", "detect", "rectify", "recognize", "decode", "total"];

/// `preprocess 1.20, detect 10.00, ...`
pub fn stages_line(stages: &[(&str, f64)]) -> String {
    stages.iter().map(|(n, v)| format!("{n} {v:.2}")).collect::<Vec<_>>().join(", ")
}

fn rate(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.4}"),
        _ => "nan".into(),
    }
}

/// The last line of every run, exactly in this form.
pub fn summary_line(m: &Metrics) -> String {
    format!(
        "SUMMARY plates={} exact={} char_acc={} det_recall={} det_precision={} false_reads={} median_ms={}",
        m.plates,
        rate(Some(m.exact)),
        rate(Some(m.char_acc)),
        rate(m.det_recall),
        rate(m.det_precision),
        m.false_reads,
        if m.median_ms.is_finite() { format!("{:.2}", m.median_ms) } else { "nan".into() },
    )
}

/// The human-readable report (everything but the SUMMARY line).
pub fn text_report(m: &Metrics, table: &[ThresholdRow]) -> String {
    let mut s = String::new();
    let pct = |x: f64| if x.is_finite() { format!("{:6.2}%", 100.0 * x) } else { "    n/a".into() };
    s += &format!("images           {}\n", m.images);
    s += &format!("plates           {}\n", m.plates);
    s += &format!("exact match      {}\n", pct(m.exact));
    s += &format!("char accuracy    {}\n", pct(m.char_acc));
    match (m.det_recall, m.det_precision) {
        (Some(r), Some(p)) => {
            s += &format!("det recall       {} (IoU >= 0.5)\n", pct(r));
            s += &format!("det precision    {}\n", pct(p));
        }
        _ => s += "detection        n/a (text-only labels or --crops: no boxes to score)\n",
    }
    s += &format!(
        "false reads      {} ({} at no labelled plate, {} wrong with confidence >= {})\n",
        m.false_reads,
        m.ghosts,
        m.false_reads - m.ghosts,
        m.false_read_conf
    );
    s += &format!("ms per image     median {:.2}, p95 {:.2} (decode + engine, 1 thread)\n", m.median_ms, m.p95_ms);
    s += &format!("ms engine only   median {:.2}, p95 {:.2}\n", m.median_engine_ms, m.p95_engine_ms);
    s += &format!("CPU ms per image median {:.2}, mean {:.2} (decode + engine)\n", m.median_cpu_ms, m.mean_cpu_ms);
    s += "\nconfidence >=  kept    accuracy(kept)  exact(all)  false reads\n";
    for r in table {
        s += &format!(
            "  {:5.2}       {}   {}        {}     {}\n",
            r.threshold,
            pct(r.kept),
            pct(r.accuracy_kept),
            pct(r.exact_overall),
            r.false_reads
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::PlateOutcome;

    fn plate(exact: bool, conf: Option<f32>, detected: Option<bool>) -> PlateOutcome {
        PlateOutcome {
            expected: "AB12CD".into(),
            read: conf.map(|c| ("AB12CD".to_owned(), c)),
            exact,
            chars_correct: if exact { 6 } else { 3 },
            chars_total: 6,
            detected,
        }
    }

    fn sample() -> Vec<ImageOutcome> {
        vec![
            ImageOutcome {
                plates: vec![plate(true, Some(0.95), Some(true)), plate(false, None, Some(false))],
                reads: vec![(0.95, ReadKind::Correct), (0.2, ReadKind::Ghost), (0.9, ReadKind::Ignored)],
                by_box: true,
            },
            ImageOutcome {
                plates: vec![plate(false, Some(0.6), None)],
                reads: vec![(0.6, ReadKind::Wrong), (0.4, ReadKind::Wrong)],
                by_box: false,
            },
        ]
    }

    #[test]
    fn headline_figures() {
        let t = Timing { total: vec![10.0, 30.0], engine: vec![8.0, 20.0], cpu: vec![7.0, 9.0] };
        let m = metrics(&sample(), &t, 0.5);
        assert_eq!(m.plates, 3);
        assert!((m.exact - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.char_acc - 12.0 / 18.0).abs() < 1e-9);
        assert_eq!(m.det_recall, Some(0.5));
        assert_eq!(m.det_precision, Some(0.5));
        assert_eq!((m.false_reads, m.ghosts), (2, 1));
        assert_eq!(m.median_ms, 10.0);
        assert_eq!(m.p95_ms, 30.0);
        assert_eq!(m.median_cpu_ms, 7.0);
        assert_eq!(m.mean_cpu_ms, 8.0);
    }

    #[test]
    fn text_only_runs_report_no_detection() {
        let mut s = sample();
        s.remove(0);
        let m = metrics(&s, &Timing { total: vec![1.0], engine: vec![1.0], cpu: vec![1.0] }, 0.5);
        assert_eq!(m.det_recall, None);
        let line = summary_line(&m);
        assert_eq!(
            line,
            "SUMMARY plates=1 exact=0.0000 char_acc=0.5000 det_recall=nan det_precision=nan false_reads=1 median_ms=1.00"
        );
    }

    #[test]
    fn threshold_rows() {
        let t = threshold_table(&sample(), &[0.0, 0.9]);
        assert!((t[0].kept - 2.0 / 3.0).abs() < 1e-9);
        assert!((t[0].accuracy_kept - 0.5).abs() < 1e-9);
        assert_eq!(t[0].false_reads, 3);
        assert!((t[1].kept - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(t[1].accuracy_kept, 1.0);
        assert_eq!(t[1].false_reads, 0);
    }

    #[test]
    fn stage_means() {
        let a = StageTimings { preprocess_us: 1000, detect_us: 3000, total_us: 5000, ..StageTimings::default() };
        let b = StageTimings { preprocess_us: 3000, detect_us: 5000, total_us: 9000, ..StageTimings::default() };
        let m = mean_stages_ms(&[a, b]);
        assert_eq!(m[0], ("preprocess", 2.0));
        assert_eq!(m[1], ("detect", 4.0));
        assert_eq!(m[5], ("total", 7.0));
        assert_eq!(stages_line(&m[..2]), "preprocess 2.00, detect 4.00");
    }

    #[test]
    fn percentiles() {
        let v = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(percentile(&v, 50.0), 3.0);
        assert_eq!(percentile(&v, 95.0), 5.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert!(percentile(&[], 50.0).is_nan());
    }
}
