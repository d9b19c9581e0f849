//! The plate detector: letterboxed RGB frame in, heatmap of plate centres and corner offsets out
//! (contract: `models/CONTRACT.md`).

use ndarray::Array4;
use ort::value::TensorRef;

use super::runtime::Runtime;
use super::session::{SessionOptions, SessionPool, boxed};
use crate::error::{Error, Result};
use crate::frame::{Frame, Roi};
use crate::geometry::{BBox, Point, Quad};
use crate::preprocess::{Letterbox, letterbox_rgb};

const MODEL: &str = "detector";
/// Boxes overlapping more than this are the same plate.
const NMS_IOU: f32 = 0.5;
/// At most this many peaks enter non-maximum suppression.
const MAX_CANDIDATES: usize = 256;

/// One detected plate in frame coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Detection {
    pub(crate) quad: Quad,
    pub(crate) bbox: BBox,
    pub(crate) score: f32,
}

/// A loaded, validated detector.
pub(crate) struct DetectorModel {
    pool: SessionPool,
    height: usize,
    width: usize,
    grid_h: usize,
    grid_w: usize,
}

impl DetectorModel {
    /// Load and validate a detector: fixed `[1, 3, H, W]` input, outputs `heatmap` and `corners` of the same grid.
    pub(crate) fn load(runtime: &Runtime, bytes: &[u8], options: SessionOptions, origin: Option<&str>) -> Result<Self> {
        let pool = SessionPool::new(runtime, bytes, options, MODEL, origin)?;
        let contract_err = |reason: String| Error::ModelLoad {
            model: MODEL,
            origin: origin.map(str::to_owned),
            reason: format!("{reason} (see models/CONTRACT.md)"),
            source: None,
        };
        let input = pool.shape_of("image").ok_or_else(|| contract_err("no input named `image`".into()))?;
        let (height, width) = match input.as_slice() {
            [1 | -1, 3, h, w] if *h > 0 && *w > 0 => (*h as usize, *w as usize),
            other => {
                return Err(contract_err(format!("input `image` must be [1, 3, H, W] with fixed H, W, not {other:?}")));
            }
        };
        let mut model = Self { pool, height, width, grid_h: 0, grid_w: 0 };
        // A dry run learns the output grid and proves the model runs before any frame arrives.
        let blank = Array4::<f32>::zeros((1, 3, height, width));
        let (heat_shape, corner_shape) = model
            .run_raw(&blank, |h, c| (h.0.to_vec(), c.0.to_vec()))
            .map_err(|e| contract_err(format!("dry run failed: {e}")))?;
        match (heat_shape.as_slice(), corner_shape.as_slice()) {
            ([1, 1, gh, gw], [1, 8, ch, cw]) if gh == ch && gw == cw && *gh > 0 && *gw > 0 => {
                model.grid_h = *gh;
                model.grid_w = *gw;
            }
            (h, c) => {
                return Err(contract_err(format!(
                    "outputs must be heatmap [1, 1, Hs, Ws] and corners [1, 8, Hs, Ws], got {h:?} and {c:?}"
                )));
            }
        }
        Ok(model)
    }

    /// Input size `(width, height)` of the model.
    pub(crate) fn input_size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// Run the model and hand `(shape, data)` of both outputs to `f`.
    fn run_raw<R>(
        &self,
        input: &Array4<f32>,
        f: impl FnOnce((&[usize], &[f32]), (&[usize], &[f32])) -> R,
    ) -> Result<R> {
        let infer_err = |e: ort::Error| Error::Inference { model: MODEL, source: boxed(e) };
        self.pool.with(|session| {
            let tensor = TensorRef::from_array_view(input.view()).map_err(infer_err)?;
            let outputs = session.run(ort::inputs!["image" => tensor]).map_err(infer_err)?;
            let heat = outputs.get("heatmap").ok_or_else(|| missing("heatmap"))?;
            let corners = outputs.get("corners").ok_or_else(|| missing("corners"))?;
            let heat = heat.try_extract_array::<f32>().map_err(infer_err)?;
            let corners = corners.try_extract_array::<f32>().map_err(infer_err)?;
            let (hs, cs) = (heat.shape().to_vec(), corners.shape().to_vec());
            let heat = heat.as_standard_layout();
            let corners = corners.as_standard_layout();
            let (Some(h), Some(c)) = (heat.as_slice(), corners.as_slice()) else {
                return Err(missing("contiguous output"));
            };
            Ok(f((&hs, h), (&cs, c)))
        })
    }

    /// Detect plates in `roi` of `frame`. Returns detections (best first) and the microseconds spent in
    /// pre-processing and in the model plus post-processing.
    pub(crate) fn detect(
        &self,
        frame: &Frame<'_>,
        roi: &Roi,
        threshold: f32,
        max_plates: usize,
    ) -> Result<(Vec<Detection>, u64, u64)> {
        let t0 = std::time::Instant::now();
        let mut input = Array4::<f32>::zeros((1, 3, self.height, self.width));
        let letterbox = match input.as_slice_mut() {
            Some(buf) => letterbox_rgb(frame, roi, self.width, self.height, buf),
            None => return Err(missing("contiguous input buffer")),
        };
        let t1 = std::time::Instant::now();
        let (gh, gw) = (self.grid_h, self.grid_w);
        let stride = self.height as f32 / gh as f32;
        let mut found = self.run_raw(&input, |(hs, heat), (cs, corners)| {
            if hs != [1, 1, gh, gw] || cs != [1, 8, gh, gw] {
                return Vec::new();
            }
            decode_peaks(heat, corners, gw, gh, stride, threshold, &letterbox)
        })?;
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        // Bound the quadratic NMS on pathological heatmaps.
        found.truncate(MAX_CANDIDATES);
        let mut kept = non_max_suppression(found);
        kept.truncate(max_plates);
        let t2 = std::time::Instant::now();
        Ok((kept, micros(t1 - t0), micros(t2 - t1)))
    }
}

fn missing(what: &str) -> Error {
    Error::Inference { model: MODEL, source: format!("the model gave no {what}").into() }
}

pub(crate) fn micros(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Local maxima of the heatmap at or above `threshold`, turned into plates in frame coordinates.
fn decode_peaks(
    heat: &[f32],
    corners: &[f32],
    gw: usize,
    gh: usize,
    stride: f32,
    threshold: f32,
    letterbox: &Letterbox,
) -> Vec<Detection> {
    let plane = gw * gh;
    let mut out = Vec::new();
    for gy in 0..gh {
        for gx in 0..gw {
            let v = heat[gy * gw + gx];
            if v.is_nan() || v < threshold {
                continue;
            }
            // Strictly above the neighbours before it and at least the ones after it, so a plateau yields one peak.
            let is_peak = (gy.saturating_sub(1)..(gy + 2).min(gh))
                .flat_map(|y| (gx.saturating_sub(1)..(gx + 2).min(gw)).map(move |x| (x, y)))
                .all(|(x, y)| {
                    let n = heat[y * gw + x];
                    if (y, x) < (gy, gx) { n < v } else { n <= v }
                });
            if !is_peak {
                continue;
            }
            let (cx, cy) = ((gx as f32 + 0.5) * stride, (gy as f32 + 0.5) * stride);
            let mut pts = [Point::default(); 4];
            for (k, p) in pts.iter_mut().enumerate() {
                let dx = corners[(2 * k) * plane + gy * gw + gx];
                let dy = corners[(2 * k + 1) * plane + gy * gw + gx];
                *p = letterbox.to_frame(Point::new(cx + dx, cy + dy));
            }
            let quad = Quad(pts);
            let bbox = quad.bbox();
            if bbox.area() > 0.0 && bbox.area().is_finite() {
                out.push(Detection { quad, bbox, score: v });
            }
        }
    }
    out
}

/// Greedy non-maximum suppression over detections sorted best first.
fn non_max_suppression(sorted: Vec<Detection>) -> Vec<Detection> {
    let mut kept: Vec<Detection> = Vec::new();
    for d in sorted {
        if kept.iter().all(|k| k.bbox.iou(&d.bbox) < NMS_IOU) {
            kept.push(d);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_become_plates_in_frame_coordinates() {
        // 4×4 grid, stride 4, one peak at (1, 2) with corners ±4 px wide, ±2 px high; letterbox scale 0.5.
        let (gw, gh) = (4, 4);
        let mut heat = vec![0.0f32; 16];
        heat[2 * 4 + 1] = 0.9;
        heat[2 * 4 + 2] = 0.5; // neighbour, not a peak
        heat[0] = f32::NAN;
        let mut corners = vec![0.0f32; 8 * 16];
        let offs = [-4.0, -2.0, 4.0, -2.0, 4.0, 2.0, -4.0, 2.0];
        for (k, o) in offs.iter().enumerate() {
            corners[k * 16 + 2 * 4 + 1] = *o;
        }
        let lb = Letterbox { scale: 0.5, origin: Point::new(10.0, 0.0) };
        let dets = decode_peaks(&heat, &corners, gw, gh, 4.0, 0.3, &lb);
        assert_eq!(dets.len(), 1);
        let b = dets[0].bbox;
        // centre (6, 10) in input → (22, 20) in frame; half-size (4, 2) → (8, 4).
        assert_eq!((b.x1, b.y1, b.x2, b.y2), (14.0, 16.0, 30.0, 24.0));
    }

    #[test]
    fn nms_keeps_the_best_of_overlapping_boxes() {
        let det = |x: f32, s: f32| {
            let bbox = BBox::new(x, 0.0, x + 10.0, 5.0);
            Detection { quad: Quad::from_bbox(&bbox), bbox, score: s }
        };
        let kept = non_max_suppression(vec![det(0.0, 0.9), det(1.0, 0.8), det(50.0, 0.7)]);
        assert_eq!(kept.iter().map(|d| d.score).collect::<Vec<_>>(), vec![0.9, 0.7]);
    }
}
