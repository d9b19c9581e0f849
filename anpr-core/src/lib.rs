//! # anpr-core
//!
//! Automatic number plate recognition and hotlist matching, embeddable and cheap enough for a camera or an edge
//! box. The pipeline: detect plates → rectify each → recognize all plates of a frame in one batch → decode with
//! knowledge of plate formats → (streams) track → match hotlists → apply the privacy policy.
//!
//! Only the detector and recognizer touch ONNX Runtime; every other stage is pure Rust.

pub mod error;
pub mod formats;
pub mod frame;
pub mod geometry;
pub mod read;
pub mod tracker;

pub use error::{Error, ErrorCode, Result};
pub use frame::{DecodedImage, Frame, PixelFormat, Roi};
pub use geometry::{BBox, Point, Quad};
pub use read::{FrameReads, PlateRead, StageTimings};
pub use tracker::{AlertDeduper, Direction, Pass, Tracker, TrackerConfig};
