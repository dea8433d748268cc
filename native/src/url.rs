//! `gpaikit_native.url_host` and `redact_url` for `gpaikit._hosts`.

use gpaikit_core::host::{check_host, HostCheck};
use gpaikit_core::url::{redact, url_host as core_url_host, Checked, Policy, Redacted};
use pyo3::prelude::*;
use pyo3::types::PyString;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(url_host, m)?)?;
    m.add_function(wrap_pyfunction!(redact_url, m)?)?;
    Ok(())
}

/// The raw host of `url` by `HOST_REGEX`, or `None` when `url` is not UTF-8 (the caller
/// asks the reference).
#[pyfunction]
fn url_host<'py>(url: &Bound<'py, PyString>) -> Option<Bound<'py, PyString>> {
    let text = url.to_str().ok()?;
    Some(PyString::new(url.py(), core_url_host(text)))
}

/// `url` as it may be published, `"(invalid URL)"` when it has no valid host, or `None`
/// when the reference must decide (IDNA hosts, non-ASCII ports, strings that are not UTF-8).
#[pyfunction]
#[pyo3(signature = (url, strip_credentials, strip_query, strip_fragment))]
fn redact_url<'py>(
    url: &Bound<'py, PyString>,
    strip_credentials: bool,
    strip_query: bool,
    strip_fragment: bool,
) -> Option<Bound<'py, PyString>> {
    let text = url.to_str().ok()?;
    let policy = Policy { strip_credentials, strip_query, strip_fragment };
    let shown = redact(text, policy, |raw| match check_host(raw) {
        HostCheck::Valid(host) => Checked::Host(host.into_owned()),
        HostCheck::Invalid(_) => Checked::Invalid,
        HostCheck::Delegate => Checked::Delegate,
    });
    match shown {
        Redacted::Url(s) => Some(PyString::new(url.py(), &s)),
        Redacted::Invalid => Some(PyString::new(url.py(), "(invalid URL)")),
        Redacted::Delegate => None,
    }
}
