//! gpaikit's native core: the hot paths of the opt-out engine, without Python.
//!
//! The pure-Python code in `gpaikit.rep` is the reference implementation; this crate
//! reproduces it exactly and fast. One module per concern:
//!
//! * [`robots`]: robots.txt parsing and matching, in both of gpaikit's modes
//!   (RFC 9309 and google/robotstxt).
//!
//! URL normalisation and host / registrable-domain extraction belong in modules of their own
//! next to `robots` (for example `url` and `host`); the robots.txt matcher only needs the
//! path of a URL, which [`robots::path`] extracts as google/robotstxt does.
#![forbid(unsafe_code)]

pub mod robots;
