//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Whether ONNX Runtime is configured. Outside CI, tests that need it are skipped with a message; in CI
/// (`CI=true`) a missing runtime is a failure, so that a broken setup cannot pass silently.
pub fn ort_available(test: &str) -> bool {
    let configured = std::env::var_os("ORT_DYLIB_PATH").is_some_and(|p| PathBuf::from(p).is_file());
    if !configured {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{test}: ORT_DYLIB_PATH is not set in CI; run the tests through `make test`");
        }
        eprintln!("SKIPPED {test}: ONNX Runtime not configured (set ORT_DYLIB_PATH, or run `make test`)");
    }
    configured
}

/// The project's root directory.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/data/<set>` beside the checkout, if present (CI has it; a fresh clone does not).
pub fn shared_set(test: &str, set: &str) -> Option<PathBuf> {
    let dir = repo_root().join("..").join("shared").join("data").join(set);
    if dir.join("labels.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!("SKIPPED {test}: {} is absent (real photos live beside the checkout only)", dir.display());
        None
    }
}

/// `(image, [what `plate` gives for each labelled plate])` of a `labels.jsonl` file.
fn label_rows<T>(path: &Path, plate: impl Fn(&serde_json::Value) -> Option<T>) -> Vec<(String, Vec<T>)> {
    let text = std::fs::read_to_string(path).expect("labels.jsonl is readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
            let image = v["image"].as_str().expect("image").to_owned();
            (image, v["plates"].as_array().expect("plates").iter().filter_map(&plate).collect())
        })
        .collect()
}

/// `(image, [texts])` of a `labels.jsonl` file.
pub fn labels(path: &Path) -> Vec<(String, Vec<String>)> {
    label_rows(path, |p| Some(p["text"].as_str().expect("text").to_owned()))
}

/// `(image, [labelled boxes])` of a `labels.jsonl` file; plates without a box are left out.
pub fn labelled_boxes(path: &Path) -> Vec<(String, Vec<anpr_core::BBox>)> {
    label_rows(path, |p| {
        let b: Vec<f32> = p["box"].as_array()?.iter().filter_map(|x| x.as_f64()).map(|x| x as f32).collect();
        (b.len() == 4).then(|| anpr_core::BBox::new(b[0], b[1], b[2], b[3]))
    })
}

/// Every labelled text of the sample frames (`examples/data/`) is among `engine`'s reads of its frame.
pub fn assert_reads_sample_frames(engine: &anpr_core::Engine) {
    let dir = repo_root().join("examples/data");
    for (image, texts) in labels(&dir.join("labels.jsonl")) {
        let reads = engine.read_file(dir.join(&image)).expect("sample frame reads");
        let got: Vec<&str> = reads.plates.iter().map(|p| p.text.as_str()).collect();
        for text in &texts {
            assert!(got.contains(&text.as_str()), "{image}: expected {text}, read {got:?}");
        }
    }
}
