//! Python images → borrowed core frames: numpy arrays (zero-copy), encoded bytes and file paths.

use std::path::PathBuf;

use anpr_core::{Frame, PixelFormat, Roi};
use numpy::{
    PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes};

use crate::errors::{IntoPyResult, invalid_argument, invalid_image};

/// A validated numpy image: a read-only borrow of a C-contiguous `uint8` array and its geometry.
pub(crate) struct ArrayImage<'py> {
    array: PyReadonlyArrayDyn<'py, u8>,
    width: u32,
    height: u32,
    format: PixelFormat,
}

impl<'py> ArrayImage<'py> {
    /// Check and borrow `obj`: H×W (grey), H×W×1 (grey), H×W×3 (BGR, or RGB when `rgb`) or H×W×4 (BGRA, or
    /// RGBA when `rgb`), dtype `uint8`, C-contiguous.
    pub(crate) fn extract(obj: &Bound<'py, PyAny>, rgb: bool) -> PyResult<Self> {
        let untyped = obj.cast::<PyUntypedArray>().map_err(|_| {
            PyTypeError::new_err(format!(
                "expected a numpy.ndarray image, got {}",
                obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ))
        })?;
        let dtype = untyped.dtype();
        if !dtype.is_equiv_to(&numpy::dtype::<u8>(obj.py())) {
            return Err(invalid_image(format!(
                "image dtype must be uint8, got {dtype}; convert with array.astype(np.uint8) (scale floats to 0..255 first)"
            )));
        }
        let shape = untyped.shape().to_vec();
        let (height, width, channels) = match shape.as_slice() {
            [h, w] => (*h, *w, 1),
            [h, w, c] => (*h, *w, *c),
            _ => {
                return Err(invalid_image(format!(
                    "image must have shape (H, W) or (H, W, C), got {} dimensions {shape:?}",
                    shape.len()
                )));
            }
        };
        let format = match (channels, rgb) {
            (1, _) => PixelFormat::Gray8,
            (3, false) => PixelFormat::Bgr8,
            (3, true) => PixelFormat::Rgb8,
            (4, false) => PixelFormat::Bgra8,
            (4, true) => PixelFormat::Rgba8,
            (c, _) => {
                return Err(invalid_image(format!("image must have 1, 3 or 4 channels, got {c} (shape {shape:?})")));
            }
        };
        if !untyped.is_c_contiguous() {
            return Err(invalid_image(format!(
                "image array of shape {shape:?} is not C-contiguous (a slice, a transposed or a flipped view?); \
                 pass np.ascontiguousarray(image)"
            )));
        }
        let side = |n: usize| {
            u32::try_from(n).map_err(|_| invalid_image(format!("image side {n} is too large (shape {shape:?})")))
        };
        let (width, height) = (side(width)?, side(height)?);
        let array = untyped
            .cast::<PyArrayDyn<u8>>()
            .map_err(|e| invalid_image(e.to_string()))?
            .try_readonly()
            .map_err(|e| invalid_image(format!("image array cannot be borrowed: {e}")))?;
        Ok(Self { array, width, height, format })
    }

    /// The core frame over the array's memory (validated by the core).
    pub(crate) fn frame(&self) -> PyResult<Frame<'_>> {
        let data =
            self.array.as_slice().map_err(|e| invalid_image(format!("{e}; pass np.ascontiguousarray(image)")))?;
        Frame::packed(data, self.width, self.height, self.format).py_err()
    }
}

/// One item of a batch.
pub(crate) enum Input<'py> {
    /// A numpy image.
    Array(ArrayImage<'py>),
    /// Encoded JPEG/PNG bytes.
    Encoded(PyBackedBytes),
    /// A JPEG/PNG file.
    Path(PathBuf),
}

impl<'py> Input<'py> {
    /// Classify and check a batch item: a numpy array, `bytes`/`bytearray`, or a `str`/`os.PathLike` path.
    pub(crate) fn extract(obj: &Bound<'py, PyAny>, rgb: bool) -> PyResult<Self> {
        if obj.is_instance_of::<PyUntypedArray>() {
            return Ok(Input::Array(ArrayImage::extract(obj, rgb)?));
        }
        if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
            return Ok(Input::Encoded(obj.extract()?));
        }
        obj.extract::<PathBuf>().map(Input::Path).map_err(|_| {
            PyTypeError::new_err(format!(
                "expected a numpy.ndarray, bytes or a path, got {}",
                obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ))
        })
    }
}

/// A region of interest from a Python `(x, y, width, height)` tuple.
pub(crate) fn roi(roi: Option<(u32, u32, u32, u32)>) -> Option<Roi> {
    roi.map(|(x, y, width, height)| Roi { x, y, width, height })
}

/// A plate quadrilateral from four `(x, y)` corners, clockwise from the top-left.
pub(crate) fn quad(corners: [(f32, f32); 4]) -> anpr_core::Quad {
    anpr_core::Quad(corners.map(|(x, y)| anpr_core::Point::new(x, y)))
}

/// Reject a negative count before it reaches an unsigned setter.
pub(crate) fn positive(name: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value).map_err(|_| invalid_argument(format!("{name} must not be negative, got {value}")))
}
