//! Command-line options of the evaluation.

use std::path::PathBuf;

/// Usage text.
pub const USAGE: &str = "usage: evaluate <labels.jsonl>... [--country CC] [--split train|val] [--crops] [--json] \
[--errors DIR] [--detector m.onnx] [--recognizer m.onnx] [--false-read-conf X] [--candidate-threshold X] [--tiles] [--limit N]";

/// Parsed options.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// The label files.
    pub labels: Vec<PathBuf>,
    /// Score only plates labelled with this country (upper-case code).
    pub country: Option<String>,
    /// Score only images whose `orig_split` is this.
    pub split: Option<String>,
    /// Recognizer only: read at the labelled boxes.
    pub crops: bool,
    /// Machine-readable report.
    pub json: bool,
    /// Where to write an image of every miss.
    pub errors: Option<PathBuf>,
    /// Detector model file (default: bundled).
    pub detector: Option<PathBuf>,
    /// Recognizer model file (default: bundled).
    pub recognizer: Option<PathBuf>,
    /// From which confidence a wrong read counts as a false read.
    pub false_read_conf: f32,
    /// The engine's candidate threshold (default: the engine's).
    pub candidate_threshold: Option<f32>,
    /// Also run the detector on the frame's corner tiles (`EngineBuilder::detector_tiles`).
    pub tiles: bool,
    /// Score only the first N images (after filtering).
    pub limit: Option<usize>,
}

fn unit(name: &str, v: String) -> Result<f32, String> {
    v.parse::<f32>()
        .ok()
        .filter(|x| (0.0..=1.0).contains(x))
        .ok_or_else(|| format!("{name} must be a number in [0, 1], got {v:?}"))
}

/// Parse the arguments after the program name. `Err("")` means help was asked for.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut a = Args {
        labels: Vec::new(),
        country: None,
        split: None,
        crops: false,
        json: false,
        errors: None,
        detector: None,
        recognizer: None,
        false_read_conf: 0.5,
        candidate_threshold: None,
        tiles: false,
        limit: None,
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--country" => a.country = Some(value("--country")?.trim().to_ascii_uppercase()),
            "--split" => a.split = Some(value("--split")?),
            "--crops" => a.crops = true,
            "--tiles" => a.tiles = true,
            "--json" => a.json = true,
            "--errors" => a.errors = Some(value("--errors")?.into()),
            "--detector" => a.detector = Some(value("--detector")?.into()),
            "--recognizer" => a.recognizer = Some(value("--recognizer")?.into()),
            "--false-read-conf" => a.false_read_conf = unit("--false-read-conf", value("--false-read-conf")?)?,
            "--candidate-threshold" => {
                a.candidate_threshold = Some(unit("--candidate-threshold", value("--candidate-threshold")?)?)
            }
            "--limit" => {
                let v = value("--limit")?;
                a.limit = Some(v.parse().map_err(|_| format!("--limit must be a whole number, got {v:?}"))?);
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            file => a.labels.push(file.into()),
        }
    }
    if a.labels.is_empty() {
        return Err("no labels.jsonl given".into());
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Args, String> {
        parse(s.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn parses_everything() {
        let a =
            p("a.jsonl b.jsonl --country nl --split val --crops --json --errors out --false-read-conf 0.7 --candidate-threshold 0.2 --limit 5")
                .expect("valid");
        assert_eq!(a.labels, vec![PathBuf::from("a.jsonl"), PathBuf::from("b.jsonl")]);
        assert_eq!(a.country.as_deref(), Some("NL"));
        assert_eq!(a.split.as_deref(), Some("val"));
        assert!(a.crops && a.json);
        assert_eq!(a.errors, Some(PathBuf::from("out")));
        assert_eq!(a.false_read_conf, 0.7);
        assert_eq!(a.candidate_threshold, Some(0.2));
        assert_eq!(a.limit, Some(5));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(p("").is_err());
        assert!(p("a.jsonl --bogus").is_err());
        assert!(p("a.jsonl --country").is_err());
        assert!(p("a.jsonl --false-read-conf 2").is_err());
        assert!(p("a.jsonl --limit x").is_err());
        assert_eq!(p("--help"), Err(String::new()));
    }
}
