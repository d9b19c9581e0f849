//! The committed header matches the crate: its version macros equal the Cargo version, and it declares every
//! exported function. (`check-header.sh` additionally regenerates it with the pinned cbindgen and diffs.)

use std::path::Path;

fn header() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/anpr.h");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn define(header: &str, name: &str) -> Option<String> {
    header.lines().find_map(|l| l.strip_prefix(&format!("#define {name} ")).map(|v| v.trim().to_owned()))
}

#[test]
fn header_version_is_the_cargo_version() {
    let h = header();
    assert_eq!(define(&h, "ANPR_VERSION_MAJOR").as_deref(), Some(env!("CARGO_PKG_VERSION_MAJOR")));
    assert_eq!(define(&h, "ANPR_VERSION_MINOR").as_deref(), Some(env!("CARGO_PKG_VERSION_MINOR")));
    assert_eq!(define(&h, "ANPR_VERSION_PATCH").as_deref(), Some(env!("CARGO_PKG_VERSION_PATCH")));
    assert_eq!(define(&h, "ANPR_VERSION_STRING"), Some(format!("\"{}\"", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn header_declares_every_export() {
    let h = header();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut exports = 0;
    for entry in std::fs::read_dir(&src).expect("src dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for line in text.lines() {
            if let Some(rest) = line
                .trim()
                .strip_prefix("pub unsafe extern \"C\" fn ")
                .or_else(|| line.trim().strip_prefix("pub extern \"C\" fn "))
            {
                let name = rest.split('(').next().unwrap_or_default();
                assert!(
                    h.contains(&format!("{name}(")),
                    "include/anpr.h lacks {name}; run anpr-capi/check-header.sh --update"
                );
                exports += 1;
            }
        }
    }
    assert!(exports > 30, "found only {exports} exports");
}
