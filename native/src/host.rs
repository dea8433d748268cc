//! `gpaikit_native.check_host` / `check_hosts`: host validation for `gpaikit._hosts`.
//!
//! Answers are `(host, None)` or `(None, problem)`, as the reference's `HostCheck`. A host
//! the core delegates (IDNA, IPv4-mapped IPv6) or a string that is not UTF-8 (lone
//! surrogates) goes to the reference: `check_host` returns `None` for the caller to ask it,
//! `check_hosts` calls the `reference` callable it is given.

use gpaikit_core::host::{check_host as core_check, HostCheck};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_host, m)?)?;
    m.add_function(wrap_pyfunction!(check_hosts, m)?)?;
    Ok(())
}

/// The answer as a `(host, problem)` tuple, or `None` when the reference must decide.
pub fn answer<'py>(py: Python<'py>, raw: &str) -> PyResult<Option<Bound<'py, PyTuple>>> {
    Ok(match core_check(raw) {
        HostCheck::Valid(host) => Some((PyString::new(py, &host), py.None()).into_pyobject(py)?),
        HostCheck::Invalid(p) => {
            Some((py.None(), PyString::new(py, p.message())).into_pyobject(py)?)
        }
        HostCheck::Delegate => None,
    })
}

/// `(host, problem)` for one raw host, or `None`: ask the reference.
#[pyfunction]
fn check_host<'py>(raw: &Bound<'py, PyString>) -> PyResult<Option<Bound<'py, PyTuple>>> {
    match raw.to_str() {
        Ok(text) => answer(raw.py(), text),
        Err(_) => Ok(None),
    }
}

/// `(host, problem)` for every raw host of `raws`; `reference(raw)` answers the ones the
/// core delegates.
#[pyfunction]
fn check_hosts<'py>(
    raws: &Bound<'py, PyList>,
    reference: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let py = raws.py();
    let mut out: Vec<Bound<'py, PyAny>> = Vec::with_capacity(raws.len());
    for item in raws.iter() {
        let found = match item.cast::<PyString>().ok().and_then(|s| s.to_str().ok()) {
            Some(text) => answer(py, text)?.map(Bound::into_any),
            None => None,
        };
        out.push(match found {
            Some(tuple) => tuple,
            None => reference.call1((item,))?,
        });
    }
    PyList::new(py, out)
}
