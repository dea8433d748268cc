//! The Python extension module `gpaikit_native`: gpaikit's native core behind the
//! `gpaikit.rep`, `gpaikit._hosts` and `gpaikit.data` APIs. One submodule per concern of
//! the core (`rep`: robots.txt; `url`: a URL's host and its published form; `host`: host
//! validation; `psl`: registrable domains; `manifest`: the one-pass manifest aggregation); the Rust logic lives in the `gpaikit-core`
//! crate, this crate only converts values and hands what the core delegates (IDNA, Unicode
//! digits, strings that are not UTF-8) back to the Python reference.
#![deny(unsafe_code)]

use pyo3::prelude::*;

mod columns;
mod host;
mod manifest;
mod psl;
mod rep;
mod url;

#[pymodule]
fn gpaikit_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    rep::register(m)?;
    url::register(m)?;
    host::register(m)?;
    psl::register(m)?;
    manifest::register(m)
}
