//! Frames from raw C buffers, pixel format numbers, and the small geometry value types.

use anpr_core::{BBox, Frame, PixelFormat, Point, Quad, Roi};

use crate::error::CapiError;
use crate::ffi::try_slice;

/// Pixel format number: 8-bit grey, one byte per pixel.
pub const ANPR_PIXEL_FORMAT_GRAY8: u32 = 0;
/// Pixel format number: 8-bit red, green, blue.
pub const ANPR_PIXEL_FORMAT_RGB8: u32 = 1;
/// Pixel format number: 8-bit blue, green, red (OpenCV's order).
pub const ANPR_PIXEL_FORMAT_BGR8: u32 = 2;
/// Pixel format number: 8-bit red, green, blue, alpha.
pub const ANPR_PIXEL_FORMAT_RGBA8: u32 = 3;
/// Pixel format number: 8-bit blue, green, red, alpha.
pub const ANPR_PIXEL_FORMAT_BGRA8: u32 = 4;
/// Pixel format number: YUV 4:2:0, a Y plane of `height` rows then an interleaved UV plane of `height / 2` rows,
/// same stride; even width and height.
pub const ANPR_PIXEL_FORMAT_NV12: u32 = 5;

/// A rectangular region of interest in frame pixels. Plain value; copy freely.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct anpr_roi {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl anpr_roi {
    pub(crate) fn to_core(self) -> Roi {
        Roi { x: self.x, y: self.y, width: self.width, height: self.height }
    }
}

/// A point in frame pixels (x to the right, y down). Plain value.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct anpr_point {
    /// Horizontal coordinate.
    pub x: f32,
    /// Vertical coordinate.
    pub y: f32,
}

/// A plate quadrilateral: corners clockwise from the top-left (top-left, top-right, bottom-right, bottom-left).
/// Plain value.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct anpr_quad {
    /// The four corners.
    pub corners: [anpr_point; 4],
}

/// An axis-aligned box in frame pixels (`x1 <= x2`, `y1 <= y2`). Plain value.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct anpr_bbox {
    /// Left edge.
    pub x1: f32,
    /// Top edge.
    pub y1: f32,
    /// Right edge.
    pub x2: f32,
    /// Bottom edge.
    pub y2: f32,
}

impl From<BBox> for anpr_bbox {
    fn from(b: BBox) -> Self {
        Self { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }
    }
}

impl From<Quad> for anpr_quad {
    fn from(q: Quad) -> Self {
        Self { corners: q.0.map(|p| anpr_point { x: p.x, y: p.y }) }
    }
}

impl From<anpr_quad> for Quad {
    fn from(q: anpr_quad) -> Self {
        Quad(q.corners.map(|p| Point::new(p.x, p.y)))
    }
}

/// A validated frame over a raw buffer; every size check is the core's.
///
/// # Safety
/// `data` is NULL or valid for reads of `len` bytes for `'a`, and not written meanwhile.
pub(crate) unsafe fn frame_from_raw<'a>(
    data: *const u8,
    len: usize,
    width: u32,
    height: u32,
    stride: usize,
    pixel_format: u32,
) -> Result<Frame<'a>, CapiError> {
    if data.is_null() {
        return Err(CapiError::null("data"));
    }
    // SAFETY: per the contract above.
    let bytes = unsafe { try_slice(data, len, "data") }?;
    let format = PixelFormat::from_u32(pixel_format)?;
    Ok(Frame::new(bytes, width, height, stride, format)?)
}

/// Core quadrilaterals from C ones.
pub(crate) fn quads_from_raw(quads: &[anpr_quad]) -> Vec<Quad> {
    quads.iter().map(|&q| q.into()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_format_numbers_match_the_core() {
        let numbered = [
            (ANPR_PIXEL_FORMAT_GRAY8, PixelFormat::Gray8),
            (ANPR_PIXEL_FORMAT_RGB8, PixelFormat::Rgb8),
            (ANPR_PIXEL_FORMAT_BGR8, PixelFormat::Bgr8),
            (ANPR_PIXEL_FORMAT_RGBA8, PixelFormat::Rgba8),
            (ANPR_PIXEL_FORMAT_BGRA8, PixelFormat::Bgra8),
            (ANPR_PIXEL_FORMAT_NV12, PixelFormat::Nv12),
        ];
        for (n, f) in numbered {
            assert_eq!(PixelFormat::from_u32(n).ok(), Some(f));
        }
        assert_eq!(numbered.len(), PixelFormat::ALL.len());
    }

    #[test]
    fn quads_round_trip() {
        let q = Quad::from_bbox(&BBox::new(1.0, 2.0, 3.0, 4.0));
        assert_eq!(Quad::from(anpr_quad::from(q)), q);
    }
}
