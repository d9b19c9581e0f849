//! # anpr-core
//!
//! Automatic number plate recognition and hotlist matching, embeddable and cheap enough for a camera or an edge
//! box. The pipeline: detect plates → rectify each → recognize all plates of a frame in one batch → decode with
//! knowledge of plate formats → (streams) track → match hotlists → apply the privacy policy.
//!
//! Only the detector and recognizer touch ONNX Runtime; every other stage is pure Rust.
//!
//! ```no_run
//! use anpr_core::{Country, Engine, Frame, PixelFormat};
//!
//! # fn main() -> anpr_core::Result<()> {
//! // The bundled models; ONNX Runtime from `ORT_DYLIB_PATH` (or `.ort_library(path)`).
//! let engine = Engine::builder().countries([Country::NL]).build()?;
//! let gray = vec![0u8; 1280 * 720];
//! let frame = Frame::new(&gray, 1280, 720, 1280, PixelFormat::Gray8)?;
//! for plate in engine.read(&frame, None)?.plates {
//!     println!("{} {:.2}", plate.display, plate.confidence);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Errors are one enum, [`Error`], each with a stable [`ErrorCode`]; bad input never panics.

pub mod engine;
pub mod error;
pub mod formats;
pub mod frame;
pub mod geometry;
pub mod hotlist;
mod inference;
mod models;
pub mod preprocess;
pub mod privacy;
pub mod read;
pub mod tracker;

pub use engine::{Engine, EngineBuilder, FrameOutcomes, ModelSource};
pub use error::{Error, ErrorCode, Result};
pub use formats::Country;
pub use frame::{DecodedImage, Frame, PixelFormat, Roi};
pub use geometry::{BBox, Point, Quad};
pub use hotlist::{Category, CsvLoader, Hit, Hotlist, HotlistBuilder, HotlistSet, Lists, MatchKind, Urgency};
pub use inference::Backend;
pub use privacy::{Outcome, RetentionPolicy, assess};
pub use read::{FrameReads, PlateRead, StageTimings};
/// The date-time crate used in the public API (hotlist validity, retention times).
pub use time;
pub use tracker::{AlertDeduper, Direction, Pass, Tracker, TrackerConfig};
