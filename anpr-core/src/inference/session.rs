//! Model sessions shared by many threads. ort's `Session::run` takes `&mut self`, so each model holds a small
//! pool of sessions behind mutexes: concurrent callers use free sessions and wait only when all are busy.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;

use super::runtime::Runtime;
use crate::error::{BoxError, Error, Result};

/// How to create each session.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionOptions {
    /// Intra-op threads per session.
    pub(crate) threads: usize,
    /// Sessions per model (the number of calls that can run a model at the same time).
    pub(crate) pool: usize,
}

/// A pool of sessions of one model.
pub(crate) struct SessionPool {
    sessions: Vec<Mutex<Session>>,
    next: AtomicUsize,
}

/// Turn any ort error into the crate's erased source type.
pub(crate) fn boxed<E: std::error::Error + Send + Sync + 'static>(e: E) -> BoxError {
    Box::new(e)
}

impl SessionPool {
    /// Create `options.pool` sessions of the model in `bytes`.
    pub(crate) fn new(
        runtime: &Runtime,
        bytes: &[u8],
        options: SessionOptions,
        model: &'static str,
        origin: Option<&str>,
    ) -> Result<Self> {
        let load_err = |reason: String, source: BoxError| Error::ModelLoad {
            model,
            origin: origin.map(str::to_owned),
            reason,
            source: Some(source),
        };
        let mut sessions = Vec::with_capacity(options.pool.max(1));
        for _ in 0..options.pool.max(1) {
            let config_err = |e: ort::Error| load_err("cannot configure a session".into(), boxed(e));
            let session = Session::builder(&runtime.env)
                .map_err(config_err)?
                .with_optimization_level(GraphOptimizationLevel::Level3)
                .map_err(|e| config_err(e.into()))?
                .with_intra_threads(options.threads.max(1))
                .map_err(|e| config_err(e.into()))?
                .commit_from_memory(bytes)
                .map_err(|e| load_err("not a valid ONNX model".into(), boxed(e)))?;
            sessions.push(Mutex::new(session));
        }
        Ok(Self { sessions, next: AtomicUsize::new(0) })
    }

    /// Run `f` with exclusive use of one session: a free one if any, else wait for one.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let n = self.sessions.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        for i in 0..n {
            if let Ok(mut s) = self.sessions[(start + i) % n].try_lock() {
                return f(&mut s);
            }
        }
        // A panic inside ort while holding a session leaves it usable for ort's purposes; recover it.
        let mut s = self.sessions[start].lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut s)
    }

    /// The shape of the named input or output (`-1` for dynamic dimensions), if the model has it.
    pub(crate) fn shape_of(&self, name: &str) -> Option<Vec<i64>> {
        self.with(|s| {
            s.inputs()
                .iter()
                .chain(s.outputs().iter())
                .find(|o| o.name() == name)
                .and_then(|o| o.dtype().tensor_shape().map(|shape| shape.to_vec()))
        })
    }
}
