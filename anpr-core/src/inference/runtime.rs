//! Choosing and loading the inference backend. ONNX Runtime is loaded dynamically from a shared library; ort's
//! API table is process-global, so the first engine built in a process fixes the backend for all later ones.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// The inference backend that runs the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Backend {
    /// ONNX Runtime, loaded at run time from its shared library (fastest; needs `libonnxruntime`).
    #[default]
    OnnxRuntime,
    /// tract, a pure-Rust engine (no native library; slower). Needs the crate feature `tract`.
    Tract,
}

/// Environment variable naming the ONNX Runtime shared library, used when the configuration gives no path.
pub const ORT_DYLIB_ENV: &str = "ORT_DYLIB_PATH";

const HOW_TO_GET_ORT: &str = "install it with `pip install onnxruntime==1.32.0` and point the engine at \
     <site-packages>/onnxruntime/capi/libonnxruntime.so.1.32.0, either with EngineBuilder::ort_library or the \
     ORT_DYLIB_PATH environment variable (the README's quick start does this for you)";

/// The process-wide loaded runtime.
#[derive(Clone)]
pub(crate) struct Runtime {
    pub(crate) backend: Backend,
    pub(crate) env: ort::environment::Environment,
}

static ACTIVE: Mutex<Option<Runtime>> = Mutex::new(None);

impl Runtime {
    /// The process's runtime, loading it on first use. `library` (else `ORT_DYLIB_PATH`) names the ONNX Runtime
    /// library; it is ignored once a runtime is loaded.
    pub(crate) fn get(backend: Backend, library: Option<&Path>) -> Result<Runtime> {
        let mut active = ACTIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(rt) = active.as_ref() {
            if rt.backend != backend {
                return Err(Error::InvalidArgument(format!(
                    "this process already runs models with {:?}; one backend per process (asked for {backend:?})",
                    rt.backend
                )));
            }
            return Ok(rt.clone());
        }
        let env = match backend {
            Backend::OnnxRuntime => load_onnxruntime(library)?,
            Backend::Tract => load_tract()?,
        };
        let rt = Runtime { backend, env };
        *active = Some(rt.clone());
        Ok(rt)
    }
}

fn load_onnxruntime(library: Option<&Path>) -> Result<ort::environment::Environment> {
    let path: PathBuf = match library {
        Some(p) => p.to_path_buf(),
        None => match std::env::var_os(ORT_DYLIB_ENV) {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => {
                return Err(Error::RuntimeUnavailable(format!(
                    "no ONNX Runtime library configured and {ORT_DYLIB_ENV} is not set: {HOW_TO_GET_ORT}"
                )));
            }
        },
    };
    if !path.is_file() {
        return Err(Error::RuntimeUnavailable(format!(
            "ONNX Runtime library {} does not exist: {HOW_TO_GET_ORT}",
            path.display()
        )));
    }
    // `init_from` reports load failures as errors (plain `ort::init` would panic).
    let builder = ort::init_from(&path)
        .map_err(|e| Error::RuntimeUnavailable(format!("cannot load {}: {e}; {HOW_TO_GET_ORT}", path.display())))?;
    #[cfg(feature = "tract")]
    install_onnxruntime_api(&path)?;
    builder
        .with_name("anpr")
        .build()
        .map_err(|e| Error::RuntimeUnavailable(format!("cannot start ONNX Runtime from {}: {e}", path.display())))
}

/// With the `tract` feature, ort is built with `alternative-backend` and no longer takes its API table from the
/// library it loaded: hand it ONNX Runtime's own table, as ort does without the feature.
#[cfg(feature = "tract")]
fn install_onnxruntime_api(path: &Path) -> Result<()> {
    use std::sync::OnceLock;
    // Keeps our handle (and so the library) loaded for the life of the process, as ort does with its own.
    static LIBRARY: OnceLock<libloading::Library> = OnceLock::new();
    let unavailable = |what: String| Error::RuntimeUnavailable(format!("{}: {what}", path.display()));
    // SAFETY: the same library ort just loaded and version-checked; loading it again only adds a reference.
    let library = unsafe { libloading::Library::new(path) }.map_err(|e| unavailable(format!("cannot load: {e}")))?;
    let library = LIBRARY.get_or_init(|| library);
    type GetApiBase = unsafe extern "C" fn() -> *const ort::sys::OrtApiBase;
    // SAFETY: `OrtGetApiBase` has this signature in every ONNX Runtime release (its C API's entry point).
    let get_base = unsafe { library.get::<GetApiBase>(b"OrtGetApiBase") }
        .map_err(|e| unavailable(format!("not an ONNX Runtime library: {e}")))?;
    // SAFETY: the entry point takes no arguments and returns a pointer to a static table (checked below).
    let base = unsafe { get_base() };
    if base.is_null() {
        return Err(unavailable("OrtGetApiBase returned NULL".into()));
    }
    // SAFETY: `base` is the library's static, non-null `OrtApiBase`.
    let api = unsafe { ((*base).GetApi)(ort::sys::ORT_API_VERSION) };
    if api.is_null() {
        return Err(unavailable(format!("the library does not offer C API version {}", ort::sys::ORT_API_VERSION)));
    }
    // SAFETY: a non-null `OrtApi` from GetApi is a static table of function pointers, valid while the library is.
    if !ort::set_api(unsafe { (*api).clone() }) {
        return Err(Error::RuntimeUnavailable("another ONNX Runtime API is already active in this process".into()));
    }
    Ok(())
}

#[cfg(feature = "tract")]
fn load_tract() -> Result<ort::environment::Environment> {
    if !ort::set_api(ort_tract::api()) {
        return Err(Error::RuntimeUnavailable("another ONNX Runtime API is already active in this process".into()));
    }
    ort::init().with_name("anpr").build().map_err(|e| Error::RuntimeUnavailable(format!("cannot start tract: {e}")))
}

#[cfg(not(feature = "tract"))]
fn load_tract() -> Result<ort::environment::Environment> {
    Err(Error::RuntimeUnavailable(
        "the tract backend is not compiled in: build anpr-core with `--features tract`".into(),
    ))
}
