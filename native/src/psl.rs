//! `gpaikit_native.PublicSuffixes`: registrable domains for `gpaikit.data`.
//!
//! Built from the bytes of the `publicsuffixlist` package's data file; the non-ASCII lines
//! of its ICANN section are turned into rules by a Python callable (the package's own IDNA
//! encoding), so that the rule set equals the package's.

use gpaikit_core::host::{check_host, HostCheck};
use gpaikit_core::psl::{Domain, LineRules, PublicSuffixes as CorePsl};
use gpaikit_core::url::{authority_host, url_host};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PublicSuffixes>()
}

/// The ICANN section of a Public Suffix List.
#[pyclass(frozen, module = "gpaikit_native")]
pub struct PublicSuffixes {
    inner: CorePsl,
}

/// A borrowed UTF-8 view of a Python str, or None (not a str, or lone surrogates).
fn text<'a>(obj: &'a Bound<'_, PyAny>) -> Option<&'a str> {
    obj.cast::<PyString>().ok().and_then(|s| s.to_str().ok())
}

impl PublicSuffixes {
    fn domain<'py>(
        &self,
        py: Python<'py>,
        host: &Bound<'py, PyAny>,
        reference: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Some(host_text) = text(host) {
            let mut lowered = String::new();
            if let Domain::Domain(d) = self.inner.registrable_domain(host_text, &mut lowered) {
                return Ok(PyString::new(py, d).into_any());
            }
        }
        reference.call1((host,))
    }
}

#[pymethods]
impl PublicSuffixes {
    /// `data`: the list file's bytes; `line_rules(line)`: for a non-ASCII line of the ICANN
    /// section, `(token, [rules...])` or `None`.
    #[new]
    fn new(data: &Bound<'_, PyBytes>, line_rules: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner = CorePsl::parse(data.as_bytes(), |line| -> PyResult<Option<LineRules>> {
            let decoded = PyString::new(line_rules.py(), &String::from_utf8_lossy(line));
            let found = line_rules.call1((decoded,))?;
            if found.is_none() {
                return Ok(None);
            }
            let (token, rules): (String, Vec<String>) = found.extract()?;
            Ok(Some(LineRules { token, rules }))
        })?;
        Ok(PublicSuffixes { inner })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Every rule string of the set (both forms of each rule), for tests.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.rules())
    }

    /// The registrable domain of `host`, or `None` when the reference must decide.
    fn registrable_domain<'py>(&self, host: &Bound<'py, PyString>) -> Option<Bound<'py, PyString>> {
        let host_text = host.to_str().ok()?;
        let mut lowered = String::new();
        match self.inner.registrable_domain(host_text, &mut lowered) {
            Domain::Domain(d) => Some(PyString::new(host.py(), d)),
            Domain::Delegate => None,
        }
    }

    /// `registrable_domain` of every host; `reference(host)` answers the delegated ones.
    fn registrable_domains<'py>(
        &self,
        hosts: &Bound<'py, PyList>,
        reference: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = hosts.py();
        let mut out = Vec::with_capacity(hosts.len());
        for host in hosts.iter() {
            out.push(self.domain(py, &host, reference)?);
        }
        PyList::new(py, out)
    }

    /// For each key (a URL, or with `authority=True` the rest of a URL after `http://`):
    /// `(raw host, canonical host or None, problem or None, registrable domain or None)`,
    /// the whole host pipeline of the data jobs in one call. `check_reference(raw)` and
    /// `domain_reference(host)` answer what the core delegates, `row_reference(key)` a key
    /// that is not UTF-8.
    #[pyo3(signature = (keys, authority, check_reference, domain_reference, row_reference))]
    fn hosts_and_domains<'py>(
        &self,
        keys: &Bound<'py, PyList>,
        authority: bool,
        check_reference: &Bound<'py, PyAny>,
        domain_reference: &Bound<'py, PyAny>,
        row_reference: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = keys.py();
        let mut out = Vec::with_capacity(keys.len());
        for key in keys.iter() {
            let raw_text = match text(&key) {
                Some(k) if authority => authority_host(k),
                Some(k) => url_host(k),
                None => {
                    out.push(row_reference.call1((&key,))?);
                    continue;
                }
            };
            let raw = PyString::new(py, raw_text);
            let checked = match check_host(raw_text) {
                HostCheck::Valid(h) => (Some(PyString::new(py, &h).into_any()), None),
                HostCheck::Invalid(p) => (None, Some(PyString::new(py, p.message()).into_any())),
                HostCheck::Delegate => {
                    let answer = check_reference.call1((&raw,))?;
                    let (host, problem): (Bound<'py, PyAny>, Bound<'py, PyAny>) =
                        answer.extract()?;
                    ((!host.is_none()).then_some(host), (!problem.is_none()).then_some(problem))
                }
            };
            let domain = match &checked.0 {
                Some(host) => Some(self.domain(py, host, domain_reference)?),
                None => None,
            };
            let none = || py.None().into_bound(py);
            let row = [
                raw.into_any(),
                checked.0.unwrap_or_else(none),
                checked.1.unwrap_or_else(none),
                domain.unwrap_or_else(none),
            ];
            out.push(PyTuple::new(py, row)?.into_any());
        }
        PyList::new(py, out)
    }
}
