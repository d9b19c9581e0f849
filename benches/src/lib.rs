//! Shared helpers for the criterion benchmarks and the throughput example: synthetic camera frames with plates
//! drawn on them, and the engine configuration the benches use; synthetic hotlists ([`hotlist_data`]).

use std::time::Duration;

use anpr_core::{BBox, Engine, EngineBuilder, Frame, ModelSource, PixelFormat};

mod font;
pub mod hotlist_data;

/// An RGB frame the benches render themselves, with the plates drawn on it.
#[derive(Debug, Clone)]
pub struct SynthFrame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Packed RGB8 pixels.
    pub rgb: Vec<u8>,
    /// The plates drawn: text and box.
    pub plates: Vec<(String, BBox)>,
}

impl SynthFrame {
    /// A borrowed frame over the pixels.
    pub fn frame(&self) -> anpr_core::Result<Frame<'_>> {
        Frame::packed(&self.rgb, self.width, self.height, PixelFormat::Rgb8)
    }
}

/// A small deterministic pseudo-random generator (xorshift), so that frames are identical on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }
}

const PLATE_TEXTS: [&str; 4] = ["12ABC3", "GB123X", "4TZR56", "XN75KP"];

/// Render a `width`×`height` street-like scene (gradient, noise, car-coloured blocks) with `plates` Dutch-style
/// plates (yellow, black characters), each about 11% of the frame width, spread over the lower half.
pub fn synth_frame(width: u32, height: u32, plates: usize, seed: u64) -> SynthFrame {
    let (w, h) = (width as usize, height as usize);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut rgb = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            let base = (60 + 120 * y / h) as u32;
            let n = rng.next() % 24;
            let v = (base + n).min(255) as u8;
            let i = (y * w + x) * 3;
            rgb[i..i + 3].copy_from_slice(&[v, v, v.saturating_add(8)]);
        }
    }
    let mut out = SynthFrame { width, height, rgb, plates: Vec::new() };
    let pw = (w as f32 * 0.11) as usize;
    let ph = pw * 2 / 9;
    for k in 0..plates {
        let cx = w * (2 * k + 1) / (2 * plates.max(1));
        let cy = h * 5 / 8 + (k % 2) * h / 8;
        // The car behind the plate.
        let (cw, ch) = (pw * 2, pw);
        let colour = [(40 + 50 * k) as u8, 30, (150 - 30 * k) as u8];
        fill(&mut out, cx.saturating_sub(cw / 2), cy.saturating_sub(ch / 2), cw, ch, colour);
        let (x0, y0) = (cx - pw / 2, cy - ph / 2);
        let text = PLATE_TEXTS[k % PLATE_TEXTS.len()];
        draw_plate(&mut out, x0, y0, pw, ph, text);
        out.plates.push((text.to_owned(), BBox::new(x0 as f32, y0 as f32, (x0 + pw) as f32, (y0 + ph) as f32)));
    }
    out
}

fn fill(f: &mut SynthFrame, x0: usize, y0: usize, w: usize, h: usize, c: [u8; 3]) {
    let (fw, fh) = (f.width as usize, f.height as usize);
    for y in y0..(y0 + h).min(fh) {
        for x in x0..(x0 + w).min(fw) {
            let i = (y * fw + x) * 3;
            f.rgb[i..i + 3].copy_from_slice(&c);
        }
    }
}

fn draw_plate(f: &mut SynthFrame, x0: usize, y0: usize, w: usize, h: usize, text: &str) {
    fill(f, x0, y0, w, h, [20, 20, 20]);
    fill(f, x0 + 1, y0 + 1, w - 2, h - 2, [250, 200, 20]);
    let band = w / 12;
    fill(f, x0 + 1, y0 + 1, band, h - 2, [20, 50, 160]);
    let n = text.len().max(1);
    let area = w - band - 4;
    let cell = area / n;
    let scale_x = (cell as f32 / 6.0).max(1.0);
    let scale_y = ((h as f32 * 0.7) / 7.0).max(1.0);
    let top = y0 + (h as f32 * 0.15) as usize;
    for (i, ch) in text.chars().enumerate() {
        let Some(rows) = font::glyph(ch) else { continue };
        let left = x0 + band + 3 + i * cell;
        for (ry, row) in rows.iter().enumerate() {
            for rx in 0..5 {
                if row & (0x10 >> rx) != 0 {
                    let px = left + (rx as f32 * scale_x) as usize;
                    let py = top + (ry as f32 * scale_y) as usize;
                    fill(f, px, py, scale_x.ceil() as usize, scale_y.ceil() as usize, [10, 10, 10]);
                }
            }
        }
    }
}

/// Whether ONNX Runtime can be found (`ORT_DYLIB_PATH` set to an existing file); benches that need it skip
/// with a message otherwise.
pub fn ort_available() -> bool {
    std::env::var_os("ORT_DYLIB_PATH").is_some_and(|p| std::path::Path::new(&p).is_file())
}

/// The model sources to measure: `ANPR_DETECTOR` / `ANPR_RECOGNIZER` (ONNX files) when set, else the bundled
/// models.
pub fn model_sources() -> (ModelSource, ModelSource) {
    let pick = |var: &str| std::env::var_os(var).map_or(ModelSource::Bundled, |p| ModelSource::Path(p.into()));
    (pick("ANPR_DETECTOR"), pick("ANPR_RECOGNIZER"))
}

/// A builder with the measured models, `threads` inference threads and `sessions` sessions per model.
pub fn builder(threads: usize, sessions: usize) -> EngineBuilder {
    let (det, rec) = model_sources();
    Engine::builder().detector(det).recognizer(rec).threads(threads).sessions(sessions)
}

/// An engine with the measured models, `threads` inference threads and `sessions` sessions per model.
pub fn engine(threads: usize, sessions: usize) -> anpr_core::Result<Engine> {
    builder(threads, sessions).build()
}

/// CPU time used by this process so far (all threads), or `None` where the clock is not available.
pub fn process_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes into it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

/// Whether the benches should count CPU time instead of wall time (`ANPR_BENCH_CLOCK=cpu`): on a machine
/// shared with other work, CPU time is the cost of the code itself; wall time includes waiting for a core.
pub fn cpu_clock() -> bool {
    std::env::var("ANPR_BENCH_CLOCK").is_ok_and(|v| v.eq_ignore_ascii_case("cpu"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_deterministic_and_hold_the_plates() {
        let a = synth_frame(1280, 720, 4, 1);
        let b = synth_frame(1280, 720, 4, 1);
        assert_eq!(a.rgb, b.rgb);
        assert_eq!(a.plates.len(), 4);
        for (_, bb) in &a.plates {
            assert!(bb.x1 >= 0.0 && bb.x2 <= 1280.0 && bb.y2 <= 720.0 && bb.width() > 100.0);
        }
        assert!(a.frame().is_ok());
    }
}
