//! Scoring the reads of one image against its labels.
//!
//! Images whose scored plates all have boxes are scored by position: reads are paired one-to-one with labelled
//! boxes at IoU ≥ the threshold (greedily, highest IoU first), and each plate is judged by the read paired with
//! it. Images with a plate without a box are scored on text only: a plate counts as read if any read of the
//! image has its text.

use anpr_core::BBox;

use crate::text;

/// A labelled plate, prepared for scoring.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The label text (`*` = masked).
    pub text: String,
    /// Other texts this plate may really carry (UC3M: "text-to-box assignment uncertain").
    pub alternatives: Vec<String>,
    /// The labelled box, if any.
    pub bbox: Option<BBox>,
    /// False for plates left out of the score (e.g. another country than `--country`): reads of them are
    /// neither right nor false.
    pub scored: bool,
}

/// A plate the engine reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// Normalised text.
    pub text: String,
    /// Overall confidence in `[0, 1]`.
    pub confidence: f32,
    /// Box in image pixels.
    pub bbox: BBox,
}

/// What a reported read turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    /// At a scored plate (or, text-only, equal to a scored plate's text), with its text.
    Correct,
    /// At a scored plate with the wrong text; text-only: matching no labelled text.
    Wrong,
    /// At no labelled plate (box-scored images only).
    Ghost,
    /// At (or equal to the text of) a plate that is not scored.
    Ignored,
}

/// How one scored plate fared.
#[derive(Debug, Clone, PartialEq)]
pub struct PlateOutcome {
    /// The label text.
    pub expected: String,
    /// The read judged for this plate (text and confidence), if any.
    pub read: Option<(String, f32)>,
    /// Whether the read is exactly the label.
    pub exact: bool,
    /// Correctly read characters (see [`text::correct_chars`]).
    pub chars_correct: usize,
    /// Unmasked characters of the label.
    pub chars_total: usize,
    /// Box-scored: whether a read was paired with this plate; text-only: `None`.
    pub detected: Option<bool>,
}

/// The score of one image.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageOutcome {
    /// One entry per scored plate.
    pub plates: Vec<PlateOutcome>,
    /// One entry per reported read: its confidence and kind.
    pub reads: Vec<(f32, ReadKind)>,
    /// Whether the image was scored by position (boxes).
    pub by_box: bool,
}

/// Best text match of `read` against a plate and its alternatives: (exact, correct characters).
fn judge(truth: &Truth, read: &str) -> (bool, usize) {
    std::iter::once(&truth.text)
        .chain(&truth.alternatives)
        .map(|label| (text::exact(label, read), text::correct_chars(label, read).min(text::unmasked_len(&truth.text))))
        .max()
        .unwrap_or((false, 0))
}

/// Pair reads with boxes one-to-one at IoU ≥ `min_iou`, highest IoU first. Returns `pair[read] = Some(truth)`.
pub fn pair(truths: &[Option<BBox>], reads: &[BBox], min_iou: f32) -> Vec<Option<usize>> {
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (t, tb) in truths.iter().enumerate() {
        let Some(tb) = tb else { continue };
        for (r, rb) in reads.iter().enumerate() {
            let iou = tb.iou(rb);
            if iou >= min_iou {
                candidates.push((iou, t, r));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut read_to_truth = vec![None; reads.len()];
    let mut truth_used = vec![false; truths.len()];
    for (_, t, r) in candidates {
        if read_to_truth[r].is_none() && !truth_used[t] {
            read_to_truth[r] = Some(t);
            truth_used[t] = true;
        }
    }
    read_to_truth
}

/// Score the reads of one image.
pub fn score_image(truths: &[Truth], reads: &[Read], min_iou: f32) -> ImageOutcome {
    let by_box = truths.iter().filter(|t| t.scored).all(|t| t.bbox.is_some()) && truths.iter().any(|t| t.scored);
    if by_box { score_by_box(truths, reads, min_iou) } else { score_by_text(truths, reads) }
}

fn score_by_box(truths: &[Truth], reads: &[Read], min_iou: f32) -> ImageOutcome {
    let boxes: Vec<Option<BBox>> = truths.iter().map(|t| t.bbox).collect();
    let read_boxes: Vec<BBox> = reads.iter().map(|r| r.bbox).collect();
    let pairing = pair(&boxes, &read_boxes, min_iou);
    let mut out = ImageOutcome { by_box: true, ..ImageOutcome::default() };
    for (r, read) in reads.iter().enumerate() {
        let kind = match pairing[r] {
            None => ReadKind::Ghost,
            Some(t) if !truths[t].scored => ReadKind::Ignored,
            Some(t) if judge(&truths[t], &read.text).0 => ReadKind::Correct,
            Some(_) => ReadKind::Wrong,
        };
        out.reads.push((read.confidence, kind));
    }
    for (t, truth) in truths.iter().enumerate().filter(|(_, t)| t.scored) {
        let paired = pairing.iter().position(|p| *p == Some(t)).map(|r| &reads[r]);
        let (exact, chars_correct) = paired.map_or((false, 0), |r| judge(truth, &r.text));
        out.plates.push(PlateOutcome {
            expected: truth.text.clone(),
            read: paired.map(|r| (r.text.clone(), r.confidence)),
            exact,
            chars_correct,
            chars_total: text::unmasked_len(&truth.text),
            detected: Some(paired.is_some()),
        });
    }
    out
}

fn score_by_text(truths: &[Truth], reads: &[Read]) -> ImageOutcome {
    let mut out = ImageOutcome::default();
    for read in reads {
        let matches = |t: &&Truth| judge(t, &read.text).0;
        let kind = if truths.iter().filter(|t| t.scored).any(|t| matches(&t)) {
            ReadKind::Correct
        } else if truths.iter().filter(|t| !t.scored).any(|t| matches(&t)) {
            ReadKind::Ignored
        } else {
            ReadKind::Wrong
        };
        out.reads.push((read.confidence, kind));
    }
    for truth in truths.iter().filter(|t| t.scored) {
        // The read judged for this plate: an exact one if any, else the closest (then the most confident).
        let best = reads
            .iter()
            .map(|r| (judge(truth, &r.text), r))
            .max_by(|((a, ac), ar), ((b, bc), br)| (a, ac).cmp(&(b, bc)).then(ar.confidence.total_cmp(&br.confidence)));
        let ((exact, chars_correct), read) = match best {
            Some((j, r)) => (j, Some((r.text.clone(), r.confidence))),
            None => ((false, 0), None),
        };
        out.plates.push(PlateOutcome {
            expected: truth.text.clone(),
            read,
            exact,
            chars_correct,
            chars_total: text::unmasked_len(&truth.text),
            detected: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(text: &str, bbox: Option<[f32; 4]>) -> Truth {
        Truth {
            text: text.into(),
            alternatives: Vec::new(),
            bbox: bbox.map(|b| BBox::new(b[0], b[1], b[2], b[3])),
            scored: true,
        }
    }

    fn read(text: &str, confidence: f32, b: [f32; 4]) -> Read {
        Read { text: text.into(), confidence, bbox: BBox::new(b[0], b[1], b[2], b[3]) }
    }

    #[test]
    fn pairing_is_one_to_one_highest_iou_first() {
        let t = [Some(BBox::new(0.0, 0.0, 10.0, 10.0)), Some(BBox::new(100.0, 0.0, 110.0, 10.0))];
        let r = [BBox::new(1.0, 0.0, 11.0, 10.0), BBox::new(0.0, 0.0, 10.0, 10.0), BBox::new(50.0, 0.0, 60.0, 10.0)];
        assert_eq!(pair(&t, &r, 0.5), vec![None, Some(0), None]);
    }

    #[test]
    fn by_box_right_wrong_ghost_and_missed() {
        let truths = [truth("AB12CD", Some([0.0, 0.0, 100.0, 20.0])), truth("XY99ZZ", Some([200.0, 0.0, 300.0, 20.0]))];
        let reads = [read("AB12CO", 0.9, [2.0, 0.0, 100.0, 20.0]), read("GHOST1", 0.4, [400.0, 0.0, 500.0, 20.0])];
        let o = score_image(&truths, &reads, 0.5);
        assert!(o.by_box);
        assert_eq!(o.reads, vec![(0.9, ReadKind::Wrong), (0.4, ReadKind::Ghost)]);
        assert_eq!(o.plates[0].detected, Some(true));
        assert!(!o.plates[0].exact);
        assert_eq!(o.plates[0].chars_correct, 5);
        assert_eq!(o.plates[1].detected, Some(false));
        assert_eq!(o.plates[1].read, None);
        assert_eq!(o.plates[1].chars_correct, 0);
    }

    #[test]
    fn unscored_plates_neither_count_nor_make_ghosts() {
        let mut other = truth("FOREIGN", Some([200.0, 0.0, 300.0, 20.0]));
        other.scored = false;
        let truths = [truth("AB12CD", Some([0.0, 0.0, 100.0, 20.0])), other];
        let reads = [read("AB12CD", 0.9, [0.0, 0.0, 100.0, 20.0]), read("FOREIGN", 0.9, [200.0, 0.0, 300.0, 20.0])];
        let o = score_image(&truths, &reads, 0.5);
        assert_eq!(o.plates.len(), 1);
        assert!(o.plates[0].exact);
        assert_eq!(o.reads, vec![(0.9, ReadKind::Correct), (0.9, ReadKind::Ignored)]);
    }

    #[test]
    fn uncertain_pairing_accepts_the_other_text() {
        let mut a = truth("AAA111", Some([0.0, 0.0, 100.0, 20.0]));
        a.alternatives = vec!["BBB222".into()];
        let o = score_image(&[a], &[read("BBB222", 0.8, [0.0, 0.0, 100.0, 20.0])], 0.5);
        assert!(o.plates[0].exact);
        assert_eq!(o.plates[0].chars_correct, 6);
    }

    #[test]
    fn text_only_any_read_counts() {
        let truths = [truth("01PBR6", None)];
        let reads = [read("XX11YY", 0.95, [0.0; 4]), read("01PBR6", 0.6, [0.0; 4])];
        let o = score_image(&truths, &reads, 0.5);
        assert!(!o.by_box);
        assert!(o.plates[0].exact);
        assert_eq!(o.plates[0].read, Some(("01PBR6".into(), 0.6)));
        assert_eq!(o.plates[0].detected, None);
        assert_eq!(o.reads, vec![(0.95, ReadKind::Wrong), (0.6, ReadKind::Correct)]);
    }

    #[test]
    fn text_only_nothing_read() {
        let o = score_image(&[truth("01PBR6", None)], &[], 0.5);
        assert!(!o.plates[0].exact);
        assert_eq!(o.plates[0].read, None);
        assert!(o.reads.is_empty());
    }
}
