//! The Python extension module `gpaikit_native`: gpaikit's native core behind the
//! `gpaikit.rep` API. One submodule per area of the Python package it serves (`rep` today);
//! the Rust logic lives in the `gpaikit-core` crate, this crate only converts values.
#![deny(unsafe_code)]

use pyo3::prelude::*;

mod rep;

#[pymodule]
fn gpaikit_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    rep::register(m)
}
