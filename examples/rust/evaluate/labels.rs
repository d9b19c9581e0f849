//! Reading labelled sets in the shared `labels.jsonl` format (see `../shared/data/README.md`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One labelled image.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Absolute or working-directory-relative path of the image.
    pub path: PathBuf,
    /// The labelled plates.
    pub plates: Vec<LabelPlate>,
    /// The source's own split (`train`/`val`), when given.
    pub split: Option<String>,
}

/// One labelled plate.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelPlate {
    /// Upper-case A–Z0–9, `*` for masked characters.
    pub text: String,
    /// `[x1, y1, x2, y2]` in image pixels, or null (text-only sets).
    #[serde(rename = "box")]
    pub bbox: Option<[f32; 4]>,
    /// Country code, when given.
    #[serde(default)]
    pub country: Option<String>,
    /// Remarks such as `text-to-box assignment uncertain`.
    #[serde(default)]
    pub note: Option<String>,
}

impl LabelPlate {
    /// Whether the source says this plate's text may belong to another box of the same image.
    pub fn pairing_uncertain(&self) -> bool {
        self.note.as_deref().is_some_and(|n| n.contains("assignment uncertain"))
    }
}

#[derive(Deserialize)]
struct Line {
    image: String,
    plates: Vec<LabelPlate>,
    #[serde(default)]
    orig_split: Option<String>,
}

/// Parse one `labels.jsonl` file; image paths are resolved against the file's folder.
pub fn load(path: &Path) -> Result<Vec<Sample>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parse the lines of a `labels.jsonl` (blank lines are skipped).
pub fn parse(text: &str, base: &Path) -> Result<Vec<Sample>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        out.push(Sample { path: base.join(&l.image), plates: l.plates, split: l.orig_split });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_boxes_nulls_and_splits() {
        let text = concat!(
            r#"{"image": "images/a.jpg", "width": 10, "height": 10, "orig_split": "val", "plates": [{"text": "24*0JV*", "box": [1, 2, 3, 4], "corners": null, "country": "ES", "note": "text-to-box assignment uncertain"}]}"#,
            "\n\n",
            r#"{"image": "images/b.jpg", "width": 10, "height": 10, "plates": [{"text": "01PBR6", "box": null, "corners": null, "country": "NL", "sidecode": 7}]}"#,
            "\n"
        );
        let s = parse(text, Path::new("/d")).expect("parses");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].path, PathBuf::from("/d/images/a.jpg"));
        assert_eq!(s[0].split.as_deref(), Some("val"));
        assert_eq!(s[0].plates[0].bbox, Some([1.0, 2.0, 3.0, 4.0]));
        assert!(s[0].plates[0].pairing_uncertain());
        assert_eq!(s[1].plates[0].bbox, None);
        assert_eq!(s[1].plates[0].country.as_deref(), Some("NL"));
        assert!(!s[1].plates[0].pairing_uncertain());
    }

    #[test]
    fn bad_line_is_an_error_with_its_number() {
        let err = parse("{\"image\": 1}\n", Path::new(".")).err().unwrap_or_default();
        assert!(err.starts_with("line 1:"), "{err}");
    }
}
