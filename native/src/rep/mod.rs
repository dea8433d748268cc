//! `gpaikit_native.Robots` and `gpaikit_native.Dialect`: a parsed robots.txt for
//! `gpaikit.rep.RobotsTxt` (see `gpaikit/rep/_native.py`, which wraps them).

use std::borrow::Cow;

use gpaikit_core::robots::parse::{Agent, Arg, Span};
use gpaikit_core::robots::robots::{agent_key, COMPILE_AFTER};
use gpaikit_core::robots::{Dialect as CoreDialect, Reason, Robots as CoreRobots};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Dialect>()?;
    m.add_class::<Robots>()?;
    m.add("COMPILE_AFTER", COMPILE_AFTER)?;
    Ok(())
}

/// Batches smaller than this, on a file whose agent rules are not ranked yet, are scanned.
const SCAN_BELOW: usize = 4;

/// The switches of a robots.txt mode (mirrors `gpaikit.rep.Dialect`).
#[pyclass(frozen, module = "gpaikit_native")]
pub struct Dialect {
    inner: CoreDialect,
}

#[pymethods]
impl Dialect {
    #[new]
    #[pyo3(signature = (key_typos, no_colon, index_html, rfc_encoding, self_allowed, size_limit))]
    fn new(
        key_typos: bool,
        no_colon: bool,
        index_html: bool,
        rfc_encoding: bool,
        self_allowed: bool,
        size_limit: Option<usize>,
    ) -> Self {
        Dialect {
            inner: CoreDialect {
                key_typos,
                no_colon,
                index_html,
                rfc_encoding,
                self_allowed,
                size_limit,
            },
        }
    }
}

/// UTF-8 bytes of a Python str; lone surrogates as `gpaikit.rep._encoding.to_bytes` maps
/// them (surrogateescape, else surrogatepass).
fn str_bytes<'a>(s: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    let s = s
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("expected str, got {}", type_name(s))))?;
    if let Ok(text) = s.to_str() {
        return Ok(Cow::Borrowed(text.as_bytes()));
    }
    let encoded = s
        .call_method1("encode", ("utf-8", "surrogateescape"))
        .or_else(|_| s.call_method1("encode", ("utf-8", "surrogatepass")))?;
    Ok(Cow::Owned(encoded.cast::<PyBytes>()?.as_bytes().to_vec()))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
}

/// The queried agent as bytes; `None` if it cannot be UTF-8 (it then names no group).
fn agent_bytes<'a>(agent: &'a Bound<'_, PyAny>) -> PyResult<Option<&'a [u8]>> {
    let agent = agent.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!("agent must be str, got {}", type_name(agent)))
    })?;
    Ok(agent.to_str().ok().map(str::as_bytes))
}

/// A parsed robots.txt: verdicts for URLs, and its full structure on request.
#[pyclass(frozen, module = "gpaikit_native")]
pub struct Robots {
    inner: CoreRobots,
}

fn reason_name(reason: Reason) -> &'static str {
    match reason {
        Reason::RobotsTxt => "robots-txt",
        Reason::Rule => "rule",
        Reason::NoMatchingRule => "no-matching-rule",
        Reason::NoGroup => "no-group",
    }
}

impl Robots {
    fn text<'py>(&self, py: Python<'py>, span: Span) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.parsed.bytes(span))
    }

    fn ascii<'py>(py: Python<'py>, bytes: &[u8]) -> Bound<'py, PyString> {
        // Patterns and product tokens are ASCII by construction (escaped or filtered).
        PyString::new(py, &String::from_utf8_lossy(bytes))
    }
}

#[pymethods]
impl Robots {
    #[new]
    fn new(body: &Bound<'_, PyAny>, dialect: &Dialect) -> PyResult<Self> {
        let inner = if let Ok(bytes) = body.cast::<PyBytes>() {
            CoreRobots::parse(bytes.as_bytes(), dialect.inner)
        } else {
            CoreRobots::parse(&str_bytes(body)?, dialect.inner)
        };
        Ok(Robots { inner })
    }

    /// Whether `agent` may fetch `url` (an absolute URL or a path).
    fn allowed(&self, url: &Bound<'_, PyAny>, agent: &Bound<'_, PyAny>) -> PyResult<bool> {
        let url = str_bytes(url)?;
        Ok(self.inner.allowed(&url, agent_bytes(agent)?))
    }

    /// `allowed` for many URLs: the agent's rules are selected once and, for a large
    /// batch, compiled once.
    fn allowed_many<'py>(
        &self,
        py: Python<'py>,
        urls: &Bound<'py, PyAny>,
        agent: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let agent = agent_bytes(agent)?;
        let owned;
        let list = match urls.cast::<PyList>() {
            Ok(list) => list,
            Err(_) => {
                owned = PyList::new(py, urls.try_iter()?.collect::<PyResult<Vec<_>>>()?)?;
                &owned
            }
        };
        let mut out = Vec::with_capacity(list.len());
        let cached = self.inner.cached(agent);
        if cached.is_none() && list.len() < SCAN_BELOW {
            // A few URLs on a fresh file: scan, without ranking or caching the rules.
            let (groups, _) = self.inner.select(agent_key(agent).as_deref());
            for url in list.iter() {
                out.push(self.inner.scan(&groups, &str_bytes(&url)?));
            }
            return PyList::new(py, out);
        }
        let rules = cached.unwrap_or_else(|| self.inner.agent(agent));
        let batch = list.len() >= COMPILE_AFTER as usize;
        for url in list.iter() {
            out.push(self.inner.decide_with(&rules, &str_bytes(&url)?, batch).allowed);
        }
        PyList::new(py, out)
    }

    /// The body as parsed (UTF-8 bytes), for pickling.
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.parsed.text)
    }

    /// `(allowed, reason, group index or -1, position of the rule in its group or -1)`.
    fn decide(
        &self,
        url: &Bound<'_, PyAny>,
        agent: &Bound<'_, PyAny>,
    ) -> PyResult<(bool, &'static str, i64, i64)> {
        let url = str_bytes(url)?;
        let rules = self.inner.agent(agent_bytes(agent)?);
        let d = self.inner.decide_with(&rules, &url, false);
        let parsed = &self.inner.parsed;
        let position = d.rule.map_or(-1, |r| {
            let rule = &parsed.rules[r as usize];
            i64::from(r - parsed.groups[rule.group as usize].rules.start)
        });
        let group = d.group.map_or(-1, i64::from);
        Ok((d.allowed, reason_name(d.reason), group, position))
    }

    /// Everything parsed, as plain tuples for `gpaikit.rep._native` to turn into
    /// `Group`, `Rule`, `ParseWarning`, ... objects.
    fn export<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let p = &self.inner.parsed;
        let mut groups = Vec::with_capacity(p.groups.len());
        for g in &p.groups {
            let agents: Vec<Bound<'py, PyString>> = g
                .agents
                .iter()
                .map(|a| match a {
                    Agent::Star => PyString::new(py, "*"),
                    Agent::Token(t) => Self::ascii(py, p.bytes(*t)),
                })
                .collect();
            let mut rules = Vec::new();
            for rule in &p.rules[g.rules.start as usize..g.rules.end as usize] {
                rules.push((
                    rule.line,
                    rule.allow,
                    Self::ascii(py, p.pattern(rule)),
                    self.text(py, rule.raw),
                    rule.derived,
                ));
            }
            let extras = |range: &std::ops::Range<u32>,
                          all: &[gpaikit_core::robots::parse::Extra]| {
                all[range.start as usize..range.end as usize]
                    .iter()
                    .map(|e| (e.line, self.text(py, e.value)))
                    .collect::<Vec<_>>()
            };
            groups.push((
                g.line,
                PyTuple::new(py, agents)?,
                rules,
                extras(&g.usage, &p.usage),
                extras(&g.signals, &p.signals),
            ));
        }
        let sitemaps: Vec<_> = p.sitemaps.iter().map(|s| self.text(py, *s)).collect();
        let others: Vec<_> = p
            .others
            .iter()
            .map(|(line, k, v)| (*line, self.text(py, *k), self.text(py, *v)))
            .collect();
        let ignored: Vec<_> =
            p.ignored.iter().map(|(line, v)| (*line, self.text(py, *v))).collect();
        let mut warnings = Vec::with_capacity(p.warnings.len());
        for w in &p.warnings {
            let mut args: Vec<Bound<'py, PyAny>> = Vec::with_capacity(w.args.len());
            for a in &w.args {
                args.push(match a {
                    Arg::Int(i) => i.into_pyobject(py)?.into_any(),
                    Arg::Text(s) => self.text(py, *s).into_any(),
                    Arg::Static(s) => PyString::new(py, s).into_any(),
                });
            }
            warnings.push((w.line, w.key, PyTuple::new(py, args)?));
        }
        (p.size, p.parsed_bytes, p.lines, groups, sitemaps, others, ignored, warnings)
            .into_pyobject(py)
    }
}
