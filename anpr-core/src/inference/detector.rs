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
/// Share of the region's width and height that each corner tile covers (`corner_tiles`).
const TILE_SHARE: f32 = 0.6;

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

    /// Detect plates in `roi` of `frame`, and in `roi`'s four corner tiles too when `tiles` is set. Returns
    /// detections (best first) and the microseconds spent in pre-processing and in the model plus
    /// post-processing.
    pub(crate) fn detect(
        &self,
        frame: &Frame<'_>,
        roi: &Roi,
        threshold: f32,
        max_plates: usize,
        tiles: bool,
    ) -> Result<(Vec<Detection>, u64, u64)> {
        let mut views = vec![*roi];
        if tiles {
            views.extend(corner_tiles(roi));
        }
        let mut input = Array4::<f32>::zeros((1, 3, self.height, self.width));
        let (gh, gw) = (self.grid_h, self.grid_w);
        let stride = self.height as f32 / gh as f32;
        let (mut preprocess_us, mut detect_us) = (0, 0);
        let mut found = Vec::new();
        for view in &views {
            let t0 = std::time::Instant::now();
            let letterbox = match input.as_slice_mut() {
                Some(buf) => letterbox_rgb(frame, view, self.width, self.height, buf),
                None => return Err(missing("contiguous input buffer")),
            };
            let t1 = std::time::Instant::now();
            let seen = self.run_raw(&input, |(hs, heat), (cs, corners)| {
                if hs != [1, 1, gh, gw] || cs != [1, 8, gh, gw] {
                    return Vec::new();
                }
                decode_peaks(heat, corners, gw, gh, stride, threshold, &letterbox)
            })?;
            // Where a tile and the whole view see the same plate, the better score wins: the tile's enlarged
            // view frames small plates more closely (openalpr_us end to end: 43% read exactly so, 35% when the
            // whole view's box is kept with the better score).
            found.extend(seen.into_iter().filter(|d| view == roi || whole_in_tile(&d.bbox, view, roi)));
            preprocess_us += micros(t1 - t0);
            detect_us += micros(t1.elapsed());
        }
        let t2 = std::time::Instant::now();
        let mut kept = non_max_suppression(found);
        kept.truncate(max_plates);
        Ok((kept, preprocess_us, detect_us + micros(t2.elapsed())))
    }
}

/// Whether a plate seen in `tile` is whole there: clear of the tile's edges inside `roi` (by 2% of the tile), and
/// no wider than a quarter of the tile. A plate cut by an inner edge, or a large one, is seen whole by the
/// whole-region view; its cut-off part would win the non-maximum suppression and be read short.
fn whole_in_tile(b: &BBox, tile: &Roi, roi: &Roi) -> bool {
    let (tx1, ty1) = (tile.x as f32, tile.y as f32);
    let (tx2, ty2) = (tx1 + tile.width as f32, ty1 + tile.height as f32);
    let margin = 0.02 * tile.width.min(tile.height) as f32;
    let clear = |inner: bool, ok: bool| !inner || ok;
    clear(tile.x > roi.x, b.x1 >= tx1 + margin)
        && clear(tile.y > roi.y, b.y1 >= ty1 + margin)
        && clear(tile.x + tile.width < roi.x + roi.width, b.x2 <= tx2 - margin)
        && clear(tile.y + tile.height < roi.y + roi.height, b.y2 <= ty2 - margin)
        && b.x2 - b.x1 <= 0.25 * tile.width as f32
}

/// The four tiles at the corners of `roi`, each `TILE_SHARE` of its width and height. Read at the detector's
/// input size they enlarge the frame 1 / `TILE_SHARE` times, so small plates cover more heatmap cells; they
/// overlap by a fifth of the region, so a plate cut by one tile's edge lies whole in another or in the whole view.
fn corner_tiles(roi: &Roi) -> Vec<Roi> {
    let side = |len: u32| ((len as f32 * TILE_SHARE).ceil() as u32).clamp(1, len.max(1));
    let (w, h) = (side(roi.width), side(roi.height));
    let (right, bottom) = (roi.x + (roi.width - w), roi.y + (roi.height - h));
    [(roi.x, roi.y), (right, roi.y), (roi.x, bottom), (right, bottom)]
        .into_iter()
        .map(|(x, y)| Roi { x, y, width: w, height: h })
        .collect()
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

/// Greedy non-maximum suppression: the detections best first, each kept unless it overlaps a plate already kept.
fn non_max_suppression(mut found: Vec<Detection>) -> Vec<Detection> {
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    // Bound the quadratic suppression on pathological heatmaps.
    found.truncate(MAX_CANDIDATES);
    let mut kept: Vec<Detection> = Vec::new();
    for d in found {
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
        let kept = non_max_suppression(vec![det(1.0, 0.8), det(50.0, 0.7), det(0.0, 0.9)]);
        assert_eq!(kept.iter().map(|d| d.score).collect::<Vec<_>>(), vec![0.9, 0.7]);
    }

    #[test]
    fn a_tile_keeps_only_plates_clear_of_its_inner_edges() {
        let roi = Roi { x: 0, y: 0, width: 1000, height: 500 };
        let tiles = corner_tiles(&roi);
        let (top_left, bottom_right) = (&tiles[0], &tiles[3]);
        let plate = |x1: f32, y1: f32, w: f32| BBox::new(x1, y1, x1 + w, y1 + w / 4.0);
        assert!(whole_in_tile(&plate(10.0, 10.0, 80.0), top_left, &roi), "at the region's own edge");
        assert!(!whole_in_tile(&plate(540.0, 10.0, 80.0), top_left, &roi), "cut by the tile's right edge");
        assert!(!whole_in_tile(&plate(10.0, 10.0, 200.0), top_left, &roi), "wider than a quarter of the tile");
        assert!(whole_in_tile(&plate(900.0, 450.0, 80.0), bottom_right, &roi));
        assert!(!whole_in_tile(&plate(402.0, 300.0, 80.0), bottom_right, &roi), "at its inner left edge");
    }

    #[test]
    fn corner_tiles_cover_the_region_and_overlap() {
        let roi = Roi { x: 10, y: 20, width: 1920, height: 1080 };
        let tiles = corner_tiles(&roi);
        assert_eq!(tiles.len(), 4);
        for t in &tiles {
            assert_eq!((t.width, t.height), (1152, 648));
            assert!(t.x >= roi.x && t.x + t.width <= roi.x + roi.width);
            assert!(t.y >= roi.y && t.y + t.height <= roi.y + roi.height);
        }
        assert_eq!((tiles[0].x, tiles[0].y), (10, 20));
        assert_eq!((tiles[3].x + tiles[3].width, tiles[3].y + tiles[3].height), (1930, 1100));
        // Every pixel lies in some tile, and the tiles overlap across the middle.
        assert!(tiles[1].x < tiles[0].x + tiles[0].width && tiles[2].y < tiles[0].y + tiles[0].height);
    }

    #[test]
    fn corner_tiles_of_a_tiny_region_stay_inside_it() {
        for (w, h) in [(1, 1), (2, 3), (5, 1)] {
            let roi = Roi { x: 7, y: 3, width: w, height: h };
            for t in corner_tiles(&roi) {
                assert!(t.width >= 1 && t.height >= 1);
                assert!(t.x + t.width <= 7 + w && t.y + t.height <= 3 + h, "{t:?} outside {roi:?}");
            }
        }
    }
}
