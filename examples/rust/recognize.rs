//! The main job: read the plates in images, match them against a hotlist, print one JSON line per read.
//!
//! ```text
//! cargo run --release --example recognize -- <image>... [--hotlist <csv>] [--country NL,DE] \
//!     [--detector model.onnx] [--recognizer model.onnx]
//! ```
//!
//! With `--hotlist`, reads go through the privacy-by-design entry point: a read that matches nothing is printed
//! as an anonymous `no_hit` record without plate text; a hit is printed as an alert with its delete-by time.
//! Without it, the plain reads are printed (text, display form, confidences, alternatives, box, timings).
//! ONNX Runtime is found through `ORT_DYLIB_PATH` (`make demo` sets it up).
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::process::ExitCode;

use anpr_core::hotlist::{CsvLoader, HotlistSet, Lists};
use anpr_core::{Country, DecodedImage, Engine, ModelSource, RetentionPolicy};

struct Args {
    images: Vec<PathBuf>,
    hotlist: Option<PathBuf>,
    countries: Vec<Country>,
    detector: Option<PathBuf>,
    recognizer: Option<PathBuf>,
}

const USAGE: &str =
    "usage: recognize <image>... [--hotlist list.csv] [--country NL,DE] [--detector m.onnx] [--recognizer m.onnx]";

fn parse_args() -> Result<Args, String> {
    let mut args =
        Args { images: Vec::new(), hotlist: None, countries: vec![Country::NL], detector: None, recognizer: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--hotlist" => args.hotlist = Some(value("--hotlist")?.into()),
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

fn build_engine(args: &Args) -> anpr_core::Result<Engine> {
    let mut builder = Engine::builder().countries(args.countries.iter().copied());
    if let Some(p) = &args.detector {
        builder = builder.detector(ModelSource::Path(p.clone()));
    }
    if let Some(p) = &args.recognizer {
        builder = builder.recognizer(ModelSource::Path(p.clone()));
    }
    builder.build()
}

/// Load the hotlist; bad lines are reported on stderr and the good ones kept.
fn load_hotlist(path: &PathBuf) -> anpr_core::Result<HotlistSet> {
    let loaded = CsvLoader::new(Lists::standard()).load_path(path)?;
    for rejected in &loaded.rejected {
        eprintln!("warning: {}: line {}: {}", path.display(), rejected.line, rejected.reason);
    }
    Ok(HotlistSet::new(loaded.hotlist))
}

fn run(args: &Args) -> anpr_core::Result<bool> {
    let engine = build_engine(args)?;
    let hotlist = args.hotlist.as_ref().map(load_hotlist).transpose()?;
    let policy = RetentionPolicy::default();
    let mut all_ok = true;
    for path in &args.images {
        let image = match DecodedImage::open(path) {
            Ok(image) => image,
            Err(e) => {
                eprintln!("error: {e}");
                all_ok = false;
                continue;
            }
        };
        let frame = image.frame()?;
        let name = path.display().to_string();
        match &hotlist {
            Some(hotlist) => {
                let now = anpr_core::time::OffsetDateTime::now_utc();
                let result = engine.read_and_match(&frame, None, hotlist, &policy, None, now)?;
                for outcome in &result.outcomes {
                    println!(
                        "{}",
                        serde_json::json!({ "image": name, "result": outcome, "timings_us": result.timings })
                    );
                }
            }
            None => {
                let reads = engine.read(&frame, None)?;
                for plate in &reads.plates {
                    println!("{}", serde_json::json!({ "image": name, "plate": plate, "timings_us": reads.timings }));
                }
            }
        }
    }
    Ok(all_ok)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
