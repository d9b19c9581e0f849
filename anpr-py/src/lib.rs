//! Python module for anpr (being built; see issue 8).
