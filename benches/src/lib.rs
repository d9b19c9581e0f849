//! Shared helpers for the criterion benchmarks.

pub mod hotlist_data;
