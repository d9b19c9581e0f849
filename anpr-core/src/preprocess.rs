//! Turning frames into model input: letterboxing for the detector and perspective rectification for the
//! recognizer (the exact recipes are fixed in `models/CONTRACT.md`). Pure code, no model needed.

use crate::frame::{Frame, Roi};
use crate::geometry::{Point, Quad};

/// Where a region of the frame landed in the detector's input: `input = (frame - origin) · scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Letterbox {
    /// Scale factor from frame pixels to input pixels.
    pub scale: f32,
    /// Top-left corner of the region in frame pixels.
    pub origin: Point,
}

impl Letterbox {
    /// Map a point in input pixels back to frame pixels.
    pub fn to_frame(&self, p: Point) -> Point {
        Point::new(p.x / self.scale + self.origin.x, p.y / self.scale + self.origin.y)
    }
}

/// Write the region `roi` of `frame` into `out` (planar RGB, `3 × height × width`, values in `[0, 1]`), scaled to
/// fit with its aspect ratio kept, at the top-left, padding the rest with 0.
pub fn letterbox_rgb(frame: &Frame<'_>, roi: &Roi, width: usize, height: usize, out: &mut [f32]) -> Letterbox {
    let plane = width * height;
    out[..3 * plane].fill(0.0);
    let scale = (width as f32 / roi.width as f32).min(height as f32 / roi.height as f32);
    let out_w = ((roi.width as f32 * scale).round() as usize).clamp(1, width);
    let out_h = ((roi.height as f32 * scale).round() as usize).clamp(1, height);
    // Area-average when shrinking so that small plates keep their strokes; a k×k grid of taps per pixel. The
    // tap positions are the same for every row and column, so they are computed once, and whole source rows
    // are summed at a time (one format dispatch per row, not per pixel).
    let step = 1.0 / scale;
    let taps = (step.ceil() as usize).clamp(1, 4);
    let inv = 1.0 / (taps * taps) as f32 / 255.0;
    let xs = tap_positions(out_w, step, taps, roi.x, roi.width);
    let ys = tap_positions(out_h, step, taps, roi.y, roi.height);
    let mut acc = vec![0u32; 3 * out_w];
    for (y, rows) in ys.chunks_exact(taps).enumerate() {
        acc.fill(0);
        for &sy in rows {
            frame.add_rgb_row(sy, &xs, taps, &mut acc);
        }
        let i = y * width;
        for (x, px) in acc.chunks_exact(3).enumerate() {
            out[i + x] = px[0] as f32 * inv;
            out[plane + i + x] = px[1] as f32 * inv;
            out[2 * plane + i + x] = px[2] as f32 * inv;
        }
    }
    Letterbox { scale, origin: Point::new(roi.x as f32, roi.y as f32) }
}

/// Source coordinates of the `taps` samples of each of `out_len` output pixels along one axis (`taps` per pixel,
/// in order), clamped to the region `[origin, origin + len)`.
fn tap_positions(out_len: usize, step: f32, taps: usize, origin: u32, len: u32) -> Vec<u32> {
    let last = origin + len - 1;
    (0..out_len)
        .flat_map(|i| (0..taps).map(move |t| (i, t)))
        .map(|(i, t)| (origin + ((i as f32 + (t as f32 + 0.5) / taps as f32) * step) as u32).min(last))
        .collect()
}

/// Margins of the recognizer crop around the plate quad, as a share of the plate's width and height per side.
pub const CROP_MARGIN_X: f32 = 0.06;
/// See [`CROP_MARGIN_X`].
pub const CROP_MARGIN_Y: f32 = 0.12;

/// Warp the plate `quad` of `frame` to a `width × height` grey crop in `out` (values in `[0, 1]`), with the
/// contract's margins around the quad.
pub fn rectify_gray(frame: &Frame<'_>, quad: &Quad, width: usize, height: usize, out: &mut [f32]) {
    let Some((hom, taps)) = crop_geometry(quad, width, height) else {
        // A degenerate quad (all corners on a line) has no plate to show.
        out[..width * height].fill(0.0);
        return;
    };
    let (w, h) = (width as f32, height as f32);
    let corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)].map(|(x, y)| hom.apply(x, y));
    match GrayWindow::covering(frame, &corners, taps * taps * width * height) {
        // Each source pixel is read by several taps: converting it to grey once is the cheaper way.
        Some(window) => warp_taps(frame, &hom, taps, width, height, out, |x0, y0, w| window.blend(frame, x0, y0, w)),
        None => warp_taps(frame, &hom, taps, width, height, out, |x0, y0, w| blend_frame(frame, x0, y0, w)),
    }
}

/// The contract's crop of `quad` in a `width × height` crop: the map from crop to frame pixels (the quad
/// inside the margins) and the taps per pixel and axis (more as the plate shrinks into the crop, at most 3);
/// `None` for a degenerate quad.
fn crop_geometry(quad: &Quad, width: usize, height: usize) -> Option<(Homography, usize)> {
    let (w, h) = (width as f32, height as f32);
    let mx = CROP_MARGIN_X * w / (1.0 + 2.0 * CROP_MARGIN_X);
    let my = CROP_MARGIN_Y * h / (1.0 + 2.0 * CROP_MARGIN_Y);
    let dst = [Point::new(mx, my), Point::new(w - mx, my), Point::new(w - mx, h - my), Point::new(mx, h - my)];
    let hom = Homography::from_points(&dst, &quad.0)?;
    let plate_w = dist(quad.0[0], quad.0[1]).max(dist(quad.0[3], quad.0[2]));
    let plate_h = dist(quad.0[0], quad.0[3]).max(dist(quad.0[1], quad.0[2]));
    let shrink = (plate_w / (w - 2.0 * mx)).max(plate_h / (h - 2.0 * my));
    Some((hom, (shrink.ceil() as usize).clamp(1, 3)))
}

/// Fill `out` (`width × height`) with the mean of `taps × taps` bilinear samples per pixel at the source
/// points `hom(u, v)` (pixel centres at `i + 0.5`, clamped to the frame; a point that is not finite counts
/// as 0), scaled to `[0, 1]`. `sample(x0, y0, weights)` blends the 2×2 grey pixels from `(x0, y0)`.
///
/// A row of taps at a time: the source points of the whole row first, in a loop of plain arithmetic that
/// the compiler vectorises, then the pixel reads. The arithmetic is the per-tap definition's, in its order,
/// so the crop is the same to the bit.
fn warp_taps(
    frame: &Frame<'_>,
    hom: &Homography,
    taps: usize,
    width: usize,
    height: usize,
    out: &mut [f32],
    sample: impl Fn(u32, u32, (f32, f32)) -> f32,
) {
    let inv = 1.0 / (taps * taps) as f32 / 255.0;
    let offsets: Vec<f32> = (0..taps).map(|t| (t as f32 + 0.5) / taps as f32).collect();
    let us: Vec<f32> = (0..width).flat_map(|u| offsets.iter().map(move |du| u as f32 + du)).collect();
    let (mut fx, mut fy, mut finite) = (vec![0.0f32; us.len()], vec![0.0f32; us.len()], vec![false; us.len()]);
    let (max_x, max_y) = ((frame.width() - 1) as f32, (frame.height() - 1) as f32);
    // Clamp to [0, max] with plain comparisons (a NaN lands inside too; `finite` drops it).
    let inside = |v: f32, max: f32| if v > 0.0 { v.min(max) } else { 0.0 };
    let m = &hom.0;
    for (v, row) in out.chunks_exact_mut(width).take(height).enumerate() {
        row.fill(0.0);
        for dv in &offsets {
            let fv = v as f32 + dv;
            let (by, bx, bw) = (m[4] * fv, m[1] * fv, m[7] * fv);
            for (((&fu, x), y), ok) in us.iter().zip(&mut fx).zip(&mut fy).zip(&mut finite) {
                let w = m[6] * fu + bw + m[8];
                let (px, py) = ((m[0] * fu + bx + m[2]) / w, (m[3] * fu + by + m[5]) / w);
                *ok = px.is_finite() && py.is_finite();
                (*x, *y) = (inside(px - 0.5, max_x), inside(py - 0.5, max_y));
            }
            let points = fx.chunks_exact(taps).zip(fy.chunks_exact(taps)).zip(finite.chunks_exact(taps));
            for (acc, ((xs, ys), oks)) in row.iter_mut().zip(points) {
                for ((&x, &y), &ok) in xs.iter().zip(ys).zip(oks) {
                    // Truncation is floor here (both are ≥ 0), and much cheaper than `floor` on CPUs without
                    // SSE4.1.
                    let (x0, y0) = (x as i32 as u32, y as i32 as u32);
                    *acc += if ok { sample(x0, y0, (x - x0 as f32, y - y0 as f32)) } else { 0.0 };
                }
            }
        }
        row.iter_mut().for_each(|px| *px *= inv);
    }
}

fn dist(a: Point, b: Point) -> f32 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// [`blend`] of the 2×2 grey pixels of `frame` from `(x0, y0)` (clamped to the frame).
fn blend_frame(frame: &Frame<'_>, x0: u32, y0: u32, weights: (f32, f32)) -> f32 {
    let g = |x, y| frame.gray(x, y) as f32;
    blend([g(x0, y0), g(x0 + 1, y0), g(x0, y0 + 1), g(x0 + 1, y0 + 1)], weights)
}

/// Bilinear blend of the 2×2 pixels `[top-left, top-right, bottom-left, bottom-right]`.
#[inline]
fn blend([tl, tr, bl, br]: [f32; 4], (ax, ay): (f32, f32)) -> f32 {
    let top = tl * (1.0 - ax) + tr * ax;
    let bottom = bl * (1.0 - ax) + br * ax;
    top * (1.0 - ay) + bottom * ay
}

/// The grey values of the window of a frame that a warp reads, converted once. Its last column and row may lie
/// one past the frame's (then they repeat the edge, as [`Frame::gray`] clamps). A sample whose 2×2 pixels are
/// not all inside (only possible through rounding at its edge) is read from the frame, so the result is always
/// the frame's.
struct GrayWindow {
    x0: u32,
    y0: u32,
    width: u32,
    height: u32,
    data: Vec<u8>,
}

impl GrayWindow {
    /// The window around the source points `corners` (the images of the crop's corners) with pixels to spare,
    /// or `None` when it does not pay (more pixels than the four that each of the warp's `samples` reads: a
    /// quad much larger than the crop), or when the corners are not finite.
    fn covering(frame: &Frame<'_>, corners: &[Point; 4], samples: usize) -> Option<Self> {
        if !corners.iter().all(|p| p.x.is_finite() && p.y.is_finite()) {
            return None;
        }
        let span = |v: fn(&Point) -> f32, len: u32| {
            let lo = corners.iter().map(v).fold(f32::INFINITY, f32::min);
            let hi = corners.iter().map(v).fold(f32::NEG_INFINITY, f32::max);
            ((lo - 2.0).clamp(0.0, (len - 1) as f32) as u32, (hi + 2.0).clamp(0.0, len as f32) as u32)
        };
        let (x0, x1) = span(|p| p.x, frame.width());
        let (y0, y1) = span(|p| p.y, frame.height());
        let (width, height) = (x1 - x0 + 1, y1 - y0 + 1);
        if width as usize * height as usize > 4 * samples {
            return None;
        }
        let mut data = Vec::with_capacity(width as usize * height as usize);
        for y in y0..=y1 {
            frame.extend_gray_row(y, x0..=x1, &mut data);
        }
        Some(Self { x0, y0, width, height, data })
    }

    /// [`blend_frame`], from the window where it holds the 2×2 pixels.
    #[inline]
    fn blend(&self, frame: &Frame<'_>, x0: u32, y0: u32, weights: (f32, f32)) -> f32 {
        let (dx, dy) = (x0.wrapping_sub(self.x0), y0.wrapping_sub(self.y0));
        if dx >= self.width.saturating_sub(1) || dy >= self.height.saturating_sub(1) {
            return blend_frame(frame, x0, y0, weights);
        }
        let i = (dy * self.width + dx) as usize;
        let j = i + self.width as usize;
        let d = &self.data; // in bounds: dx + 1 < width and dy + 1 < height
        blend([d[i], d[i + 1], d[j], d[j + 1]].map(f32::from), weights)
    }
}

/// A planar projective transform (3×3 matrix with `h33 = 1`).
#[derive(Debug, Clone, Copy)]
struct Homography([f32; 9]);

impl Homography {
    /// The homography mapping each `src[i]` to `dst[i]`, or `None` when the points are degenerate.
    fn from_points(src: &[Point; 4], dst: &[Point; 4]) -> Option<Self> {
        // Solve the 8×8 linear system of the direct linear transform in f64 for stability.
        let mut a = [[0.0f64; 9]; 8];
        for i in 0..4 {
            let (x, y) = (src[i].x as f64, src[i].y as f64);
            let (u, v) = (dst[i].x as f64, dst[i].y as f64);
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        let h = solve8(&mut a)?;
        let m = [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0].map(|x| x as f32);
        m.iter().all(|x| x.is_finite()).then_some(Homography(m))
    }

    fn apply(&self, x: f32, y: f32) -> Point {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        Point::new((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w)
    }
}

/// Gaussian elimination with partial pivoting on an augmented 8×9 system.
fn solve8(a: &mut [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-9 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (row, r) in a.iter_mut().enumerate() {
            if row != col {
                let f = r[col] / pivot_row[col];
                for (x, p) in r[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut x = [0.0; 8];
    for (i, xi) in x.iter_mut().enumerate() {
        *xi = a[i][8] / a[i][i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::PixelFormat;

    #[test]
    fn homography_maps_corners() {
        let src = [Point::new(0.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 5.0), Point::new(0.0, 5.0)];
        let dst = [Point::new(3.0, 4.0), Point::new(40.0, 6.0), Point::new(38.0, 20.0), Point::new(5.0, 18.0)];
        let h = Homography::from_points(&src, &dst).expect("non-degenerate");
        for (s, d) in src.iter().zip(&dst) {
            let p = h.apply(s.x, s.y);
            assert!((p.x - d.x).abs() < 1e-3 && (p.y - d.y).abs() < 1e-3, "{p:?} vs {d:?}");
        }
        let line = [Point::new(0.0, 0.0), Point::new(1.0, 1.0), Point::new(2.0, 2.0), Point::new(3.0, 3.0)];
        assert!(Homography::from_points(&src, &line).is_none());
    }

    #[test]
    fn letterbox_keeps_aspect_and_pads() {
        // 8×4 frame, left half black, right half white, into a 4×4 input: scale 0.5, rows 2..4 padded.
        let mut px = vec![0u8; 32];
        for y in 0..4 {
            for x in 4..8 {
                px[y * 8 + x] = 255;
            }
        }
        let f = Frame::packed(&px, 8, 4, PixelFormat::Gray8).expect("frame");
        let mut out = vec![9.0f32; 3 * 16];
        let lb = letterbox_rgb(&f, &Roi { x: 0, y: 0, width: 8, height: 4 }, 4, 4, &mut out);
        assert_eq!(lb.scale, 0.5);
        assert_eq!(&out[0..4], &[0.0, 0.0, 1.0, 1.0]);
        assert_eq!(&out[8..16], &[0.0; 8]);
        let p = lb.to_frame(Point::new(2.0, 1.0));
        assert_eq!((p.x, p.y), (4.0, 2.0));
    }

    /// The per-pixel definition of the letterbox (the contract's recipe), against which the row-wise
    /// implementation is checked.
    fn letterbox_reference(frame: &Frame<'_>, roi: &Roi, width: usize, height: usize) -> Vec<f32> {
        let plane = width * height;
        let mut out = vec![0.0f32; 3 * plane];
        let scale = (width as f32 / roi.width as f32).min(height as f32 / roi.height as f32);
        let out_w = ((roi.width as f32 * scale).round() as usize).clamp(1, width);
        let out_h = ((roi.height as f32 * scale).round() as usize).clamp(1, height);
        let step = 1.0 / scale;
        let taps = (step.ceil() as usize).clamp(1, 4);
        let inv = 1.0 / (taps * taps) as f32 / 255.0;
        for y in 0..out_h {
            for x in 0..out_w {
                let mut acc = [0u32; 3];
                for ty in 0..taps {
                    let sy = roi.y + ((y as f32 + (ty as f32 + 0.5) / taps as f32) * step) as u32;
                    for tx in 0..taps {
                        let sx = roi.x + ((x as f32 + (tx as f32 + 0.5) / taps as f32) * step) as u32;
                        let rgb = frame.rgb(sx.min(roi.x + roi.width - 1), sy.min(roi.y + roi.height - 1));
                        for c in 0..3 {
                            acc[c] += rgb[c] as u32;
                        }
                    }
                }
                for c in 0..3 {
                    out[c * plane + y * width + x] = acc[c] as f32 * inv;
                }
            }
        }
        out
    }

    #[test]
    fn row_wise_letterbox_equals_the_per_pixel_recipe() {
        let (w, h) = (50u32, 30u32);
        let stride = w as usize * 4 + 7;
        let data: Vec<u8> = (0..stride * h as usize * 2).map(|i| (i * 7919 % 251) as u8).collect();
        let rois = [Roi { x: 0, y: 0, width: w, height: h }, Roi { x: 3, y: 5, width: 41, height: 17 }];
        for format in [
            PixelFormat::Gray8,
            PixelFormat::Rgb8,
            PixelFormat::Bgr8,
            PixelFormat::Rgba8,
            PixelFormat::Bgra8,
            PixelFormat::Nv12,
        ] {
            let f = Frame::new(&data, w, h, stride, format).expect("frame");
            for roi in &rois {
                // Shrinking (1–4 taps) and enlarging.
                for (ow, oh) in [(16usize, 12usize), (24, 24), (10, 6), (120, 80)] {
                    let mut out = vec![9.0f32; 3 * ow * oh];
                    letterbox_rgb(&f, roi, ow, oh, &mut out);
                    assert_eq!(out, letterbox_reference(&f, roi, ow, oh), "{format:?} {roi:?} {ow}x{oh}");
                }
            }
        }
    }

    #[test]
    fn rectify_reads_the_quad_with_margins() {
        // A white 40×20 rectangle at (20, 10) on black: the crop is white inside the margins, black outside.
        let (fw, fh) = (80usize, 40usize);
        let mut px = vec![0u8; fw * fh];
        for y in 10..30 {
            for x in 20..60 {
                px[y * fw + x] = 255;
            }
        }
        let f = Frame::packed(&px, fw as u32, fh as u32, PixelFormat::Gray8).expect("frame");
        let quad = Quad::from_bbox(&crate::geometry::BBox::new(20.0, 10.0, 60.0, 30.0));
        let (w, h) = (56usize, 31usize);
        let mut out = vec![0.0f32; w * h];
        rectify_gray(&f, &quad, w, h, &mut out);
        assert!(out[15 * w + 28] > 0.99, "centre is white");
        assert!(out[w] < 0.01, "top-left margin is black");
        assert!(out[15 * w] < 0.01, "left margin is black");
    }

    /// The crop as the per-tap definition gives it: every tap of the same crop geometry mapped, clamped,
    /// floored and read from the frame on its own (the recipe of `models/CONTRACT.md`, written plainly).
    fn rectify_reference(frame: &Frame<'_>, quad: &Quad, width: usize, height: usize) -> Vec<f32> {
        let (hom, taps) = crop_geometry(quad, width, height).expect("non-degenerate");
        let bilinear = |x: f32, y: f32| {
            if !x.is_finite() || !y.is_finite() {
                return 0.0;
            }
            let fx = (x - 0.5).clamp(0.0, (frame.width() - 1) as f32);
            let fy = (y - 0.5).clamp(0.0, (frame.height() - 1) as f32);
            let (x0, y0) = (fx.floor(), fy.floor());
            let (ax, ay) = (fx - x0, fy - y0);
            let (x0, y0) = (x0 as u32, y0 as u32);
            let g = |x, y| frame.gray(x, y) as f32;
            let top = g(x0, y0) * (1.0 - ax) + g(x0 + 1, y0) * ax;
            let bottom = g(x0, y0 + 1) * (1.0 - ax) + g(x0 + 1, y0 + 1) * ax;
            top * (1.0 - ay) + bottom * ay
        };
        let inv = 1.0 / (taps * taps) as f32 / 255.0;
        let mut out = vec![0.0f32; width * height];
        for v in 0..height {
            for u in 0..width {
                let mut acc = 0.0f32;
                for tv in 0..taps {
                    let fv = v as f32 + (tv as f32 + 0.5) / taps as f32;
                    for tu in 0..taps {
                        let fu = u as f32 + (tu as f32 + 0.5) / taps as f32;
                        let p = hom.apply(fu, fv);
                        acc += bilinear(p.x, p.y);
                    }
                }
                out[v * width + u] = acc * inv;
            }
        }
        out
    }

    #[test]
    fn rectify_equals_the_per_tap_definition() {
        // Perspective quads inside the frame, across its edges, larger than it and folded, on every pixel layout.
        let (fw, fh) = (97u32, 61u32);
        let rgb: Vec<u8> = (0..fw * fh * 4).map(|i| ((i * 7919 + i / 7) % 251) as u8).collect();
        let quads = [
            [(20.0, 20.0), (70.0, 24.0), (69.0, 38.0), (21.0, 35.0)],
            [(-8.0, 40.0), (40.0, 45.0), (38.0, 70.0), (-10.0, 66.0)],
            [(80.0, -5.0), (120.0, 0.0), (118.0, 12.0), (79.0, 9.0)],
            [(-50.0, -40.0), (150.0, -30.0), (140.0, 100.0), (-45.0, 110.0)],
            [(30.0, 30.0), (34.0, 30.0), (34.0, 31.5), (30.0, 31.0)],
            // Self-intersecting: the line at infinity crosses the crop (points of both signs of `w`).
            [(10.0, 10.0), (60.0, 12.0), (20.0, 30.0), (40.0, 28.0)],
        ]
        .map(|c| Quad(c.map(|(x, y)| Point::new(x, y))));
        let nv12 = &rgb[..(fw * fh * 3 / 2) as usize];
        let frames = [
            Frame::packed(&rgb[..(fw * fh * 3) as usize], fw, fh, PixelFormat::Rgb8).expect("rgb"),
            Frame::packed(&rgb, fw, fh, PixelFormat::Bgra8).expect("bgra"),
            Frame::packed(&rgb[..(fw * fh) as usize], fw, fh, PixelFormat::Gray8).expect("gray"),
            Frame::packed(nv12, fw - 1, fh - 1, PixelFormat::Nv12).expect("nv12"),
        ];
        for frame in &frames {
            for quad in &quads {
                let mut out = vec![0.0f32; 64 * 16];
                rectify_gray(frame, quad, 64, 16, &mut out);
                assert_eq!(out, rectify_reference(frame, quad, 64, 16), "{:?} {quad:?}", frame.format());
            }
        }
    }

    #[test]
    fn degenerate_quad_gives_blank_crop() {
        let px = [200u8; 16];
        let f = Frame::packed(&px, 4, 4, PixelFormat::Gray8).expect("frame");
        let quad = Quad([Point::new(1.0, 1.0); 4]);
        let mut out = vec![1.0f32; 8];
        rectify_gray(&f, &quad, 4, 2, &mut out);
        assert!(out.iter().all(|&v| v == 0.0));
    }
}
