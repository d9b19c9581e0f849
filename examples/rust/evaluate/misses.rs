//! `--errors DIR`: one PNG per miss, named after what was expected and what was read.

use std::path::{Path, PathBuf};

use anpr_core::BBox;

/// Keep only characters that are safe in a file name (`*` becomes `x`).
pub fn file_safe(text: &str) -> String {
    text.chars().map(|c| if c == '*' { 'x' } else { c }).filter(|c| c.is_ascii_alphanumeric()).take(16).collect()
}

/// The file name for a miss: `<index>_exp-<expected>_read-<read or NONE>.png`.
pub fn miss_name(index: usize, expected: &str, read: Option<&str>) -> String {
    let read = read.map(file_safe).filter(|r| !r.is_empty()).unwrap_or_else(|| "NONE".into());
    let expected = if expected.is_empty() { "GHOST".to_owned() } else { file_safe(expected) };
    format!("{index:05}_exp-{expected}_read-{read}.png")
}

/// The region to cut out around a plate box: the box grown by its own height on every side, within the image.
pub fn crop_region(b: &BBox, width: u32, height: u32) -> (u32, u32, u32, u32) {
    let m = b.height().max(8.0);
    let x1 = (b.x1 - m).floor().clamp(0.0, width.saturating_sub(1) as f32) as u32;
    let y1 = (b.y1 - m).floor().clamp(0.0, height.saturating_sub(1) as f32) as u32;
    let x2 = (b.x2 + m).ceil().clamp(x1 as f32 + 1.0, width as f32) as u32;
    let y2 = (b.y2 + m).ceil().clamp(y1 as f32 + 1.0, height as f32) as u32;
    (x1, y1, x2 - x1, y2 - y1)
}

/// Writes miss images into one folder.
pub struct MissWriter {
    dir: PathBuf,
    count: usize,
}

impl MissWriter {
    /// Create the folder if needed.
    pub fn new(dir: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Self { dir: dir.to_owned(), count: 0 })
    }

    /// Write the region around `bbox` (or the whole image) of `image`.
    pub fn write(
        &mut self,
        image: &Path,
        bbox: Option<&BBox>,
        expected: &str,
        read: Option<&str>,
    ) -> Result<(), String> {
        let img = image::open(image).map_err(|e| format!("{}: {e}", image.display()))?.to_rgb8();
        let out = match bbox {
            Some(b) => {
                let (x, y, w, h) = crop_region(b, img.width(), img.height());
                image::imageops::crop_imm(&img, x, y, w, h).to_image()
            }
            None => img,
        };
        self.count += 1;
        let path = self.dir.join(miss_name(self.count, expected, read));
        out.save(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// How many images were written.
    pub fn count(&self) -> usize {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(miss_name(3, "24*0JV*", Some("2410J/V")), "00003_exp-24x0JVx_read-2410JV.png");
        assert_eq!(miss_name(4, "AB12", None), "00004_exp-AB12_read-NONE.png");
        assert_eq!(miss_name(5, "", Some("X1")), "00005_exp-GHOST_read-X1.png");
    }

    #[test]
    fn crop_stays_inside() {
        let (x, y, w, h) = crop_region(&BBox::new(-5.0, 2.0, 30.0, 12.0), 40, 20);
        assert_eq!((x, y), (0, 0));
        assert!(x + w <= 40 && y + h <= 20 && w > 0 && h > 0);
        let (_, _, w, h) = crop_region(&BBox::new(100.0, 100.0, 120.0, 110.0), 40, 20);
        assert!(w >= 1 && h >= 1);
    }
}
