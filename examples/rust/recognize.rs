//! The main job: read the plates in images and print one JSON line per read.
//!
//! ```text
//! cargo run --release --example recognize -- <image>... [--hotlist <csv>] [--country NL,DE] \
//!     [--detector model.onnx] [--recognizer model.onnx]
//! ```
//!
//! ONNX Runtime is found through `ORT_DYLIB_PATH` (`make demo` sets it up).

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::process::ExitCode;

use anpr_core::{Country, Engine, ModelSource};

struct Args {
    images: Vec<PathBuf>,
    countries: Vec<Country>,
    detector: Option<PathBuf>,
    recognizer: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { images: Vec::new(), countries: vec![Country::NL], detector: None, recognizer: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--country" => {
                args.countries = value("--country")?
                    .split(',')
                    .map(|c| Country::from_code(c.trim()).ok_or_else(|| format!("unknown country {c:?}")))
                    .collect::<Result<_, _>>()?;
            }
            "--detector" => args.detector = Some(value("--detector")?.into()),
            "--recognizer" => args.recognizer = Some(value("--recognizer")?.into()),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            image => args.images.push(image.into()),
        }
    }
    if args.images.is_empty() {
        return Err("no images given".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("usage: recognize <image>... [--country NL,DE] [--detector m.onnx] [--recognizer m.onnx]");
            return ExitCode::from(2);
        }
    };
    let mut builder = Engine::builder().countries(args.countries.iter().copied());
    if let Some(p) = &args.detector {
        builder = builder.detector(ModelSource::Path(p.clone()));
    }
    if let Some(p) = &args.recognizer {
        builder = builder.recognizer(ModelSource::Path(p.clone()));
    }
    let engine = match builder.build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for image in &args.images {
        match engine.read_file(image) {
            Ok(reads) => {
                for plate in &reads.plates {
                    let line = serde_json::json!({
                        "image": image.display().to_string(),
                        "plate": plate,
                        "timings_us": reads.timings,
                    });
                    println!("{line}");
                }
            }
            Err(e) => {
                eprintln!("error: {}: {e}", image.display());
                failed = true;
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
