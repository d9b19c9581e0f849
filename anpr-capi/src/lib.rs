//! C ABI for anpr (being built; see issue 7).
