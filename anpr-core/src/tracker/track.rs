//! One tracked vehicle: where its plate is heading, the votes so far, and its best view.

use super::direction::MotionLog;
use super::vote::{MAX_COLUMNS, MAX_READ_LEN, Profile};
use super::{BestView, Pass, TrackerConfig};
use crate::formats::{Candidate, FormatMatch};
use crate::geometry::BBox;
use crate::read::PlateRead;

/// A read made ready for association: sanitised numbers and plate characters as classes, no heap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepared {
    /// Index into the caller's slice of reads.
    pub idx: usize,
    pub classes: [u8; MAX_READ_LEN],
    pub len: usize,
    pub cx: f32,
    pub cy: f32,
    pub w: f32,
    pub conf: f32,
}

impl Prepared {
    /// `None` when the box is not finite (nothing to associate it by).
    pub(crate) fn new(idx: usize, read: &PlateRead) -> Option<Self> {
        let b = &read.bbox;
        if ![b.x1, b.y1, b.x2, b.y2].iter().all(|v| v.is_finite()) {
            return None;
        }
        let c = b.center();
        let mut classes = [0u8; MAX_READ_LEN];
        let mut len = 0;
        for k in read.text.chars().filter_map(super::text::char_class).take(MAX_READ_LEN) {
            classes[len] = k;
            len += 1;
        }
        Some(Self { idx, classes, len, cx: c.x, cy: c.y, w: b.width().abs(), conf: unit(read.confidence) })
    }

    pub(crate) fn classes(&self) -> &[u8] {
        &self.classes[..self.len]
    }
}

/// A confidence in `[0, 1]`; NaN counts as 0.
pub(crate) fn unit(x: f32) -> f32 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// One distinct text seen on the track, for the format, display form and best view of the voted text.
#[derive(Debug, Clone)]
struct TextStat {
    text: String,
    display: String,
    format: Option<FormatMatch>,
    view: BestView,
}

#[derive(Debug, Clone)]
pub(crate) struct Track {
    pub id: u64,
    pub first_seen: f64,
    pub last_seen: f64,
    pub frames: u32,
    /// Already emitted early: absorbs reads but emits nothing more.
    pub emitted: bool,
    /// Updated in the current frame.
    pub touched: bool,
    last_box: BBox,
    /// Centre velocity in pixels per second.
    vel: [f32; 2],
    /// Rate of change of ln(width) per second.
    growth: f32,
    profile: Profile,
    motion: MotionLog,
    texts: Vec<TextStat>,
    best_any: BestView,
}

/// Smoothing of the velocity estimate: half new measurement, half history.
const VEL_ALPHA: f32 = 0.5;
/// Predicted growth is clamped to ×/÷ this per prediction, so a long gap cannot blow the box up.
const MAX_PREDICTED_GROWTH: f32 = 2.0;

impl Track {
    pub(crate) fn new(id: u64, t: f64, read: &PlateRead, prep: &Prepared, cfg: &TrackerConfig) -> Self {
        let mut track = Self {
            id,
            first_seen: t,
            last_seen: t,
            frames: 0,
            emitted: false,
            touched: true,
            last_box: read.bbox,
            vel: [0.0; 2],
            growth: 0.0,
            profile: Profile::default(),
            motion: MotionLog::default(),
            texts: Vec::new(),
            best_any: view_of(t, read, prep),
        };
        track.update(t, read, prep, cfg);
        track
    }

    /// Where the constant-velocity model puts the plate at `t`: centre x, centre y, width.
    pub(crate) fn predict(&self, t: f64) -> (f32, f32, f32) {
        let dt = (t - self.last_seen).max(0.0) as f32;
        let c = self.last_box.center();
        let g = (self.growth * dt).exp().clamp(1.0 / MAX_PREDICTED_GROWTH, MAX_PREDICTED_GROWTH);
        let w = self.last_box.width().abs() * if g.is_finite() { g } else { 1.0 };
        (c.x + self.vel[0] * dt, c.y + self.vel[1] * dt, w)
    }

    pub(crate) fn consensus(&self) -> &[u8] {
        self.profile.consensus()
    }

    pub(crate) fn update(&mut self, t: f64, read: &PlateRead, prep: &Prepared, cfg: &TrackerConfig) {
        let dt = (t - self.last_seen) as f32;
        if self.frames > 0 && dt > 1e-6 {
            let (old, new) = (self.last_box.center(), read.bbox.center());
            let v = [(new.x - old.x) / dt, (new.y - old.y) / dt];
            let g = (read.bbox.width().abs() / self.last_box.width().abs()).ln() / dt;
            let a = if self.frames == 1 { 1.0 } else { VEL_ALPHA };
            if v.iter().all(|x| x.is_finite()) {
                self.vel = [a * v[0] + (1.0 - a) * self.vel[0], a * v[1] + (1.0 - a) * self.vel[1]];
            }
            if g.is_finite() {
                self.growth = a * g + (1.0 - a) * self.growth;
            }
        }
        self.last_box = read.bbox;
        self.last_seen = t;
        self.frames = self.frames.saturating_add(1);
        self.touched = true;
        self.motion.push(&read.bbox);
        if self.emitted {
            // The pass is out and nothing more will be emitted: only the motion matters now (for association).
            return;
        }

        // Per-character confidences only when they line up with the characters voted on.
        let confs: &[f32] = if read.char_confidences.len() == prep.len && read.text.len() == prep.len {
            &read.char_confidences
        } else {
            &[]
        };
        self.profile.add(prep.classes(), confs, prep.conf);

        let view = view_of(t, read, prep);
        if better(&view, &self.best_any) {
            self.best_any = view;
        }
        // Only texts that could be a voted text are remembered, which also bounds what one read can make us keep.
        if read.text.is_empty() || read.text.len() > MAX_COLUMNS || read.display.len() > 2 * MAX_COLUMNS {
            return;
        }
        if let Some(s) = self.texts.iter_mut().find(|s| s.text == read.text) {
            if better(&view, &s.view) {
                s.view = view;
                s.display.clone_from(&read.display);
                s.format.clone_from(&read.format);
            }
        } else if self.texts.len() < cfg.max_texts_per_track {
            self.texts.push(TextStat {
                text: read.text.clone(),
                display: read.display.clone(),
                format: read.format.clone(),
                view,
            });
        }
    }

    /// Confidence of the current consensus.
    pub(crate) fn confidence(&self) -> f32 {
        self.profile.voted_confidence()
    }

    /// The pass this track stands for now, or `None` when nothing readable was voted.
    pub(crate) fn to_pass(&self, cfg: &TrackerConfig, early: bool) -> Option<Pass> {
        let (text, confidence, char_confidences) = self.profile.voted();
        if text.is_empty() {
            return None;
        }
        let stat = self.texts.iter().find(|s| s.text == text);
        // The format a read of this text was decoded with, else whichever known format the text fits.
        let format_of = |t: &str| {
            self.texts
                .iter()
                .find(|s| s.text == t)
                .and_then(|s| s.format.clone())
                .or_else(|| crate::formats::classify(t, &[]))
        };
        let mut candidates = Vec::with_capacity(cfg.top_n);
        if cfg.top_n > 0 {
            candidates.push(Candidate {
                text: text.clone(),
                score: confidence,
                format: format_of(&text),
                unconstrained: false,
            });
            for (t, p) in self.profile.top_texts(cfg.top_n) {
                if candidates.len() < cfg.top_n && t != text {
                    let format = format_of(&t);
                    candidates.push(Candidate { text: t, score: p, format, unconstrained: false });
                }
            }
        }
        Some(Pass {
            track_id: self.id,
            display: stat.map_or_else(|| text.clone(), |s| s.display.clone()),
            format: stat.and_then(|s| s.format.clone()),
            best_view: stat.map_or(self.best_any, |s| s.view),
            text,
            confidence,
            char_confidences,
            candidates,
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            frames: self.frames,
            direction: self.motion.direction(cfg.min_scale_change),
            early,
        })
    }

    /// Heap bytes held by this track (for memory accounting).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.profile.heap_bytes()
            + self.texts.capacity() * std::mem::size_of::<TextStat>()
            + self.texts.iter().map(|s| s.text.capacity() + s.display.capacity()).sum::<usize>()
    }
}

fn view_of(t: f64, read: &PlateRead, prep: &Prepared) -> BestView {
    BestView { timestamp: t, bbox: read.bbox, corners: read.corners, confidence: prep.conf }
}

/// A view is better when it is read more confidently; on a tie, when the plate is bigger.
fn better(a: &BestView, b: &BestView) -> bool {
    a.confidence > b.confidence || (a.confidence == b.confidence && a.bbox.area() > b.bbox.area())
}
