//! The plate recognizer: a batch of rectified grey crops in, per-slot character probabilities out
//! (contract: `models/CONTRACT.md`).

use ndarray::{Array3, Array4, ArrayView4, Axis};
use ort::value::TensorRef;

use super::detector::micros;
use super::onnx_metadata::custom_metadata;
use super::runtime::{Backend, Runtime};
use super::session::{SessionOptions, SessionPool, boxed};
use crate::error::{Error, Result};
use crate::frame::Frame;
use crate::geometry::Quad;
use crate::preprocess::rectify_gray;

const MODEL: &str = "recognizer";

/// A loaded, validated recognizer.
pub(crate) struct RecognizerModel {
    pool: SessionPool,
    height: usize,
    width: usize,
    slots: usize,
    classes: usize,
    alphabet: String,
    /// Run one plate per model call: tract evaluates the recognizer's LSTM only for a batch of one.
    one_at_a_time: bool,
}

impl RecognizerModel {
    /// Load and validate a recognizer: input `[N, 1, H, W]`, output `probs [N, P, C]`, alphabet of `C - 1` chars.
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
            [_, 1, h, w] if *h > 0 && *w > 0 => (*h as usize, *w as usize),
            other => {
                return Err(contract_err(format!("input `image` must be [N, 1, H, W] with fixed H, W, not {other:?}")));
            }
        };
        let alphabet = custom_metadata(bytes, "anpr.alphabet")
            .map_err(|e| contract_err(format!("cannot read the model's metadata: {e}")))?
            .ok_or_else(|| contract_err("metadata `anpr.alphabet` is missing".into()))?;
        if alphabet.is_empty() || !alphabet.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
            return Err(contract_err(format!("metadata `anpr.alphabet` must be A-Z/0-9, got {alphabet:?}")));
        }
        let one_at_a_time = runtime.backend == Backend::Tract;
        let mut model = Self { pool, height, width, slots: 0, classes: 0, alphabet, one_at_a_time };
        let probe = Array4::<f32>::zeros((1, 1, height, width));
        let shape =
            model.run_raw(probe.view()).map_err(|e| contract_err(format!("dry run failed: {e}")))?.shape().to_vec();
        match shape.as_slice() {
            [1, p, c] if *p > 0 && *c == model.alphabet.chars().count() + 1 => {
                model.slots = *p;
                model.classes = *c;
            }
            other => {
                return Err(contract_err(format!(
                    "output `probs` must be [N, P, {}] for alphabet {:?}, got {other:?}",
                    model.alphabet.chars().count() + 1,
                    model.alphabet
                )));
            }
        }
        Ok(model)
    }

    /// The model's alphabet (class `k ≥ 1` is its `k-1`-th character).
    pub(crate) fn alphabet(&self) -> &str {
        &self.alphabet
    }

    /// Input size `(width, height)` of the model.
    pub(crate) fn input_size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    fn run_raw(&self, input: ArrayView4<'_, f32>) -> Result<Array3<f32>> {
        let infer_err = |e: ort::Error| Error::Inference { model: MODEL, source: boxed(e) };
        self.pool.with(|session| {
            let tensor = TensorRef::from_array_view(input).map_err(infer_err)?;
            let outputs = session.run(ort::inputs!["image" => tensor]).map_err(infer_err)?;
            let probs = outputs
                .get("probs")
                .ok_or_else(|| Error::Inference { model: MODEL, source: "the model gave no `probs`".into() })?;
            let probs = probs.try_extract_array::<f32>().map_err(infer_err)?;
            probs
                .to_owned()
                .into_dimensionality::<ndarray::Ix3>()
                .map_err(|e| Error::Inference { model: MODEL, source: boxed(e) })
        })
    }

    /// Rectify every quad of `frame` and read them in one batch. Returns `[N, P, C]` probabilities and the
    /// microseconds spent rectifying and in the model.
    pub(crate) fn recognize(&self, frame: &Frame<'_>, quads: &[Quad]) -> Result<(Array3<f32>, u64, u64)> {
        if quads.is_empty() {
            return Ok((Array3::zeros((0, self.slots, self.classes)), 0, 0));
        }
        let t0 = std::time::Instant::now();
        let mut batch = Array4::<f32>::zeros((quads.len(), 1, self.height, self.width));
        for (quad, mut crop) in quads.iter().zip(batch.outer_iter_mut()) {
            if let Some(buf) = crop.as_slice_mut() {
                rectify_gray(frame, quad, self.width, self.height, buf);
            }
        }
        let t1 = std::time::Instant::now();
        let probs = if self.one_at_a_time && quads.len() > 1 {
            let singles =
                batch.axis_chunks_iter(Axis(0), 1).map(|one| self.run_raw(one)).collect::<Result<Vec<_>>>()?;
            let views: Vec<_> = singles.iter().map(|p| p.view()).collect();
            // Mismatched shapes fail here or in the check below.
            ndarray::concatenate(Axis(0), &views).map_err(|e| Error::Inference { model: MODEL, source: boxed(e) })?
        } else {
            self.run_raw(batch.view())?
        };
        if probs.shape() != [quads.len(), self.slots, self.classes] {
            return Err(Error::Inference {
                model: MODEL,
                source: format!("output shape {:?} does not match the batch of {}", probs.shape(), quads.len()).into(),
            });
        }
        let t2 = std::time::Instant::now();
        Ok((probs, micros(t1 - t0), micros(t2 - t1)))
    }
}
