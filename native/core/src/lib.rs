//! gpaikit's native core: the hot paths of the opt-out engine, without Python.
//!
//! The pure-Python code in `gpaikit.rep` is the reference implementation; this crate
//! reproduces it exactly and fast. One module per concern:
//!
//! * [`robots`]: robots.txt parsing and matching, in both of gpaikit's modes
//!   (RFC 9309 and google/robotstxt);
//! * [`url`]: the raw host of a crawl's URL and the URL as it may be published
//!   (`gpaikit._hosts`: `url_host`, `redact_url`);
//! * [`host`]: whether a string is a host, and its canonical form (`check_host`);
//! * [`psl`]: registrable domains by the Public Suffix List's ICANN section
//!   (`gpaikit.data.registrable_domain`);
//! * [`manifest`]: one pass over a crawl manifest's rows: raw host, bad reason or modality,
//!   and the sums per group that `gpaikit data summarize` and the audit's host pass need.
//!
//! The robots.txt matcher only needs the path of a URL, which [`robots::path`] extracts as
//! google/robotstxt does; the data jobs' URL handling is [`url`]'s.
#![forbid(unsafe_code)]

pub mod host;
pub mod manifest;
pub mod psl;
pub mod robots;
pub mod url;
