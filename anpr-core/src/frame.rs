//! Borrowed camera frames: raw pixel buffers with width, height, row stride and pixel format, validated once.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How the pixels of a frame are laid out in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PixelFormat {
    /// 8-bit grey, one byte per pixel (infrared cameras).
    Gray8,
    /// 8-bit red, green, blue.
    Rgb8,
    /// 8-bit blue, green, red (OpenCV's order).
    Bgr8,
    /// 8-bit red, green, blue, alpha.
    Rgba8,
    /// 8-bit blue, green, red, alpha.
    Bgra8,
    /// YUV 4:2:0: a full-size Y plane of `height` rows, then an interleaved U/V plane of `height / 2` rows, both
    /// with the same row stride. Width and height must be even.
    Nv12,
}

impl PixelFormat {
    /// Every format, in the order of their stable numbers (see [`PixelFormat::from_u32`]).
    pub const ALL: [PixelFormat; 6] = [
        PixelFormat::Gray8,
        PixelFormat::Rgb8,
        PixelFormat::Bgr8,
        PixelFormat::Rgba8,
        PixelFormat::Bgra8,
        PixelFormat::Nv12,
    ];

    /// The format with stable number `n` (0 = Gray8, 1 = Rgb8, 2 = Bgr8, 3 = Rgba8, 4 = Bgra8, 5 = Nv12).
    pub fn from_u32(n: u32) -> Result<Self> {
        Self::ALL
            .get(n as usize)
            .copied()
            .ok_or_else(|| Error::InvalidImage(format!("unknown pixel format number {n}")))
    }

    /// Parse a format name such as `"bgr8"` or `"nv12"` (case-insensitive).
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::InvalidImage(format!("unknown pixel format {name:?}")))
    }

    /// Lower-case name, e.g. `"rgb8"`.
    pub const fn name(self) -> &'static str {
        match self {
            PixelFormat::Gray8 => "gray8",
            PixelFormat::Rgb8 => "rgb8",
            PixelFormat::Bgr8 => "bgr8",
            PixelFormat::Rgba8 => "rgba8",
            PixelFormat::Bgra8 => "bgra8",
            PixelFormat::Nv12 => "nv12",
        }
    }

    /// Bytes per pixel of the first plane.
    pub const fn bytes_per_pixel(self) -> usize {
        match self {
            PixelFormat::Gray8 | PixelFormat::Nv12 => 1,
            PixelFormat::Rgb8 | PixelFormat::Bgr8 => 3,
            PixelFormat::Rgba8 | PixelFormat::Bgra8 => 4,
        }
    }
}

/// A rectangular region of interest in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Roi {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// A validated, borrowed frame. Construction checks every size, so reading pixels never goes out of bounds.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    data: &'a [u8],
    width: u32,
    height: u32,
    stride: usize,
    format: PixelFormat,
}

/// Largest accepted side, to keep size arithmetic far from overflow.
const MAX_SIDE: u32 = 1 << 15;

impl<'a> Frame<'a> {
    /// Wrap a pixel buffer. `stride` is the number of bytes from one row to the next (at least
    /// `width × bytes per pixel`); `data` must hold every row (NV12: `stride × height × 3 / 2` bytes).
    pub fn new(data: &'a [u8], width: u32, height: u32, stride: usize, format: PixelFormat) -> Result<Self> {
        if width == 0 || height == 0 {
            return Err(Error::InvalidImage(format!("frame has zero size ({width}×{height})")));
        }
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(Error::InvalidImage(format!(
                "frame {width}×{height} exceeds the largest supported side of {MAX_SIDE}"
            )));
        }
        let row_bytes = width as usize * format.bytes_per_pixel();
        if stride < row_bytes {
            return Err(Error::InvalidImage(format!(
                "stride {stride} is smaller than a {} row of {width} pixels ({row_bytes} bytes)",
                format.name()
            )));
        }
        if format == PixelFormat::Nv12 && (!width.is_multiple_of(2) || !height.is_multiple_of(2)) {
            return Err(Error::InvalidImage(format!("nv12 frame needs even width and height, got {width}×{height}")));
        }
        let rows = match format {
            PixelFormat::Nv12 => height as usize + height as usize / 2,
            _ => height as usize,
        };
        // The last row need only hold its pixels, not the full stride.
        let needed = stride
            .checked_mul(rows - 1)
            .and_then(|n| n.checked_add(row_bytes))
            .ok_or_else(|| Error::InvalidImage("frame size overflows".into()))?;
        if data.len() < needed {
            return Err(Error::InvalidImage(format!(
                "buffer of {} bytes is too short for a {width}×{height} {} frame with stride {stride} (needs {needed})",
                data.len(),
                format.name()
            )));
        }
        Ok(Self { data, width, height, stride, format })
    }

    /// A tightly packed frame (`stride = width × bytes per pixel`).
    pub fn packed(data: &'a [u8], width: u32, height: u32, format: PixelFormat) -> Result<Self> {
        Self::new(data, width, height, width as usize * format.bytes_per_pixel(), format)
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Row stride in bytes.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Pixel format.
    pub fn format(&self) -> PixelFormat {
        self.format
    }

    /// Check that a region of interest lies inside the frame and is not empty.
    pub fn check_roi(&self, roi: &Roi) -> Result<()> {
        let inside = roi.width > 0
            && roi.height > 0
            && roi.x.checked_add(roi.width).is_some_and(|r| r <= self.width)
            && roi.y.checked_add(roi.height).is_some_and(|b| b <= self.height);
        if inside {
            Ok(())
        } else {
            Err(Error::InvalidArgument(format!(
                "region of interest {}×{} at ({}, {}) is empty or outside the {}×{} frame",
                roi.width, roi.height, roi.x, roi.y, self.width, self.height
            )))
        }
    }

    /// The RGB value of pixel `(x, y)`; coordinates are clamped to the frame.
    #[inline]
    pub fn rgb(&self, x: u32, y: u32) -> [u8; 3] {
        let x = x.min(self.width - 1) as usize;
        let y = y.min(self.height - 1) as usize;
        let bpp = self.format.bytes_per_pixel();
        let i = y * self.stride + x * bpp;
        let d = self.data;
        match self.format {
            PixelFormat::Gray8 => [d[i]; 3],
            PixelFormat::Rgb8 | PixelFormat::Rgba8 => [d[i], d[i + 1], d[i + 2]],
            PixelFormat::Bgr8 | PixelFormat::Bgra8 => [d[i + 2], d[i + 1], d[i]],
            PixelFormat::Nv12 => {
                let uv = (self.height as usize + y / 2) * self.stride + (x & !1);
                yuv_to_rgb(d[i], d[uv], d[uv + 1])
            }
        }
    }

    /// Appends the grey values ([`Frame::gray`]) of row `y` at the columns `xs` to `out`, with one format
    /// dispatch per row. Columns and the row are clamped to the frame.
    pub(crate) fn extend_gray_row(&self, y: u32, xs: std::ops::RangeInclusive<u32>, out: &mut Vec<u8>) {
        let y = y.min(self.height - 1) as usize;
        let max_x = self.width as usize - 1;
        let bpp = self.format.bytes_per_pixel();
        let row = &self.data[y * self.stride..];
        // `Frame::new` checked that every row holds `width` pixels, so the indexing below stays in bounds.
        let cols = xs.map(|x| (x as usize).min(max_x));
        match self.format {
            PixelFormat::Gray8 | PixelFormat::Nv12 => out.extend(cols.map(|x| row[x])),
            PixelFormat::Rgb8 | PixelFormat::Rgba8 => {
                out.extend(cols.map(|x| luma([row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]])))
            }
            PixelFormat::Bgr8 | PixelFormat::Bgra8 => {
                out.extend(cols.map(|x| luma([row[x * bpp + 2], row[x * bpp + 1], row[x * bpp]])))
            }
        }
    }

    /// Adds the RGB values of row `y` at the columns `xs` into `acc`: output pixel `j` (three `u32`s of `acc`)
    /// gets the sum over its `taps` columns `xs[j·taps..(j+1)·taps]`. Columns and the row are clamped to the
    /// frame. Equal to summing [`Frame::rgb`] over the taps, but with one format dispatch per row.
    pub(crate) fn add_rgb_row(&self, y: u32, xs: &[u32], taps: usize, acc: &mut [u32]) {
        let y = y.min(self.height - 1) as usize;
        let max_x = self.width as usize - 1;
        let bpp = self.format.bytes_per_pixel();
        let row = &self.data[y * self.stride..];
        let uv_row = &self.data[((self.height as usize + y / 2) * self.stride).min(self.data.len())..];
        let pixels = acc.chunks_exact_mut(3).zip(xs.chunks_exact(taps.max(1)));
        // `Frame::new` checked that every row holds `width` pixels, so the indexing below stays in bounds.
        macro_rules! sum_row {
            (|$x:ident| $px:expr) => {
                for (a, cols) in pixels {
                    for &sx in cols {
                        let $x = (sx as usize).min(max_x);
                        let [r, g, b]: [u8; 3] = $px;
                        a[0] += r as u32;
                        a[1] += g as u32;
                        a[2] += b as u32;
                    }
                }
            };
        }
        match self.format {
            PixelFormat::Gray8 => sum_row!(|x| [row[x]; 3]),
            PixelFormat::Rgb8 | PixelFormat::Rgba8 => sum_row!(|x| [row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]]),
            PixelFormat::Bgr8 | PixelFormat::Bgra8 => sum_row!(|x| [row[x * bpp + 2], row[x * bpp + 1], row[x * bpp]]),
            PixelFormat::Nv12 => sum_row!(|x| yuv_to_rgb(row[x], uv_row[x & !1], uv_row[(x & !1) + 1])),
        }
    }

    /// The grey value (BT.601 luma) of pixel `(x, y)`; coordinates are clamped to the frame.
    #[inline]
    pub fn gray(&self, x: u32, y: u32) -> u8 {
        match self.format {
            PixelFormat::Gray8 | PixelFormat::Nv12 => {
                let x = x.min(self.width - 1) as usize;
                let y = y.min(self.height - 1) as usize;
                self.data[y * self.stride + x]
            }
            _ => luma(self.rgb(x, y)),
        }
    }
}

/// BT.601 luma of an RGB pixel, rounded.
#[inline]
pub fn luma([r, g, b]: [u8; 3]) -> u8 {
    ((299 * r as u32 + 587 * g as u32 + 114 * b as u32 + 500) / 1000) as u8
}

/// BT.601 limited-range YUV to RGB.
#[inline]
fn yuv_to_rgb(y: u8, u: u8, v: u8) -> [u8; 3] {
    let c = (y as i32 - 16).max(0) * 298;
    let d = u as i32 - 128;
    let e = v as i32 - 128;
    let clamp = |x: i32| ((x + 128) >> 8).clamp(0, 255) as u8;
    [clamp(c + 409 * e), clamp(c - 100 * d - 208 * e), clamp(c + 516 * d)]
}

/// An image decoded from JPEG or PNG bytes, owned, in RGB.
#[derive(Debug, Clone)]
pub struct DecodedImage {
    data: Vec<u8>,
    width: u32,
    height: u32,
}

impl DecodedImage {
    /// Decode JPEG or PNG bytes. `context` (e.g. a path) is added to the error message.
    pub fn decode(bytes: &[u8], context: Option<&str>) -> Result<Self> {
        let decode_err = |source: image::ImageError| Error::ImageDecode {
            context: context.map(str::to_owned),
            source: Box::new(source),
        };
        let img = image::load_from_memory(bytes).map_err(decode_err)?.into_rgb8();
        let (width, height) = img.dimensions();
        Ok(Self { data: img.into_raw(), width, height })
    }

    /// Read and decode an image file.
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::decode(&bytes, Some(&path.display().to_string()))
    }

    /// A borrowed RGB frame over the decoded pixels.
    pub fn frame(&self) -> Result<Frame<'_>> {
        Frame::packed(&self.data, self.width, self.height, PixelFormat::Rgb8)
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_geometry() {
        let buf = vec![0u8; 100];
        let code = |r: Result<Frame<'_>>| r.err().map(|e| e.code());
        use crate::error::ErrorCode::InvalidImage;
        assert_eq!(code(Frame::new(&buf, 0, 10, 10, PixelFormat::Gray8)), Some(InvalidImage));
        assert_eq!(code(Frame::new(&buf, 10, 0, 10, PixelFormat::Gray8)), Some(InvalidImage));
        assert_eq!(code(Frame::new(&buf, 10, 10, 9, PixelFormat::Gray8)), Some(InvalidImage));
        assert_eq!(code(Frame::new(&buf, 10, 11, 10, PixelFormat::Gray8)), Some(InvalidImage));
        assert_eq!(code(Frame::new(&buf, 4, 4, 12, PixelFormat::Rgb8)), None);
        assert_eq!(code(Frame::new(&buf, 5, 4, 10, PixelFormat::Nv12)), Some(InvalidImage));
        assert_eq!(code(Frame::new(&buf, u32::MAX, 1, usize::MAX, PixelFormat::Rgba8)), Some(InvalidImage));
        assert_eq!(PixelFormat::from_u32(99).err().map(|e| e.code()), Some(InvalidImage));
    }

    #[test]
    fn last_row_needs_no_padding() {
        // 2 rows of 3 grey pixels with stride 4: 4 + 3 bytes suffice.
        let buf = [1u8, 2, 3, 0, 4, 5, 6];
        let f = Frame::new(&buf, 3, 2, 4, PixelFormat::Gray8).expect("valid frame");
        assert_eq!(f.gray(2, 1), 6);
    }

    #[test]
    fn formats_agree_on_colour() {
        let rgb = [200u8, 100, 50];
        let bgr = [50u8, 100, 200];
        let rgba = [200u8, 100, 50, 255];
        let bgra = [50u8, 100, 200, 255];
        for (buf, fmt) in [
            (&rgb[..], PixelFormat::Rgb8),
            (&bgr[..], PixelFormat::Bgr8),
            (&rgba[..], PixelFormat::Rgba8),
            (&bgra[..], PixelFormat::Bgra8),
        ] {
            let f = Frame::packed(buf, 1, 1, fmt).expect("valid frame");
            assert_eq!(f.rgb(0, 0), rgb, "{fmt:?}");
            assert_eq!(f.gray(0, 0), luma(rgb));
        }
    }

    #[test]
    fn nv12_grey_is_the_y_plane_and_colour_is_close() {
        // 2×2 frame: Y plane then one U/V pair. Y=81, U=90, V=240 is roughly pure red in BT.601.
        let buf = [81u8, 81, 81, 81, 90, 240];
        let f = Frame::packed(&buf, 2, 2, PixelFormat::Nv12).expect("valid frame");
        assert_eq!(f.gray(1, 1), 81);
        let [r, g, b] = f.rgb(1, 1);
        assert!(r > 230 && g < 20 && b < 20, "{r} {g} {b}");
    }

    #[test]
    fn roi_must_be_inside() {
        let buf = vec![0u8; 100];
        let f = Frame::packed(&buf, 10, 10, PixelFormat::Gray8).expect("valid frame");
        assert!(f.check_roi(&Roi { x: 2, y: 2, width: 8, height: 8 }).is_ok());
        assert!(f.check_roi(&Roi { x: 2, y: 2, width: 9, height: 8 }).is_err());
        assert!(f.check_roi(&Roi { x: 0, y: 0, width: 0, height: 8 }).is_err());
        assert!(f.check_roi(&Roi { x: u32::MAX, y: 0, width: 2, height: 2 }).is_err());
    }

    #[test]
    fn corrupt_jpeg_is_a_typed_error() {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.extend_from_slice(&[0u8; 40]);
        let err = DecodedImage::decode(&bytes, Some("x.jpg")).expect_err("corrupt");
        assert_eq!(err.code(), crate::error::ErrorCode::ImageDecode);
        assert!(err.to_string().contains("x.jpg"));
    }
}
