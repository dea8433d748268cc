//! `gpaikit_native.ManifestScan`: the one-pass manifest aggregation of `gpaikit.data`
//! (`gpaikit/data/_scan.py` feeds it Arrow buffers; the SQL of `gpaikit/data/_sql.py` is the
//! reference and the fallback).

use std::sync::Mutex;

use crate::columns::{Bools, Ints, Strings};
use gpaikit_core::manifest::{class_names, Batch, Column, Scan};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ManifestScan>()
}

/// The buffers of one column, copied out of Arrow (one `memcpy` each).
#[derive(Default)]
struct Owned {
    valid: Option<Vec<u8>>,
    data: Vec<u8>,
    offsets: Option<Vec<u8>>,
    offset: usize,
    present: bool,
}

impl Owned {
    fn column(&self) -> Column<'_> {
        Column {
            valid: self.valid.as_deref(),
            data: &self.data,
            offsets: self.offsets.as_deref(),
            offset: self.offset,
            present: self.present,
        }
    }
}

/// Copy a buffer into `into`, reusing its allocation (fresh pages cost more than the copy).
fn copy_into(obj: &Bound<'_, PyAny>, into: &mut Vec<u8>) -> PyResult<()> {
    let buffer = PyBuffer::<u8>::get(obj)?;
    into.resize(buffer.item_count(), 0);
    buffer.copy_to_slice(obj.py(), into)
}

/// Fill `col` from `None` or `(validity or None, data, offsets or None, offset)`.
fn fill(spec: &Bound<'_, PyAny>, col: &mut Owned) -> PyResult<()> {
    col.present = !spec.is_none();
    if !col.present {
        return Ok(());
    }
    let (valid, data, offsets, offset): (
        Bound<'_, PyAny>,
        Bound<'_, PyAny>,
        Bound<'_, PyAny>,
        usize,
    ) = spec.extract()?;
    for (obj, slot) in [(&valid, &mut col.valid), (&offsets, &mut col.offsets)] {
        if obj.is_none() {
            *slot = None;
        } else {
            copy_into(obj, slot.get_or_insert_with(Vec::new))?;
        }
    }
    copy_into(&data, &mut col.data)?;
    col.offset = offset;
    Ok(())
}

/// A running aggregation of manifest rows (one per thread; `merge` combines them).
#[pyclass(frozen, module = "gpaikit_native")]
pub struct ManifestScan {
    inner: Mutex<Scan>,
    /// The column buffers of the last batch, reused for the next.
    columns: Mutex<[Owned; 8]>,
}

#[pymethods]
impl ManifestScan {
    #[new]
    fn new(keep: usize, max_groups: usize) -> Self {
        ManifestScan {
            inner: Mutex::new(Scan::new(keep, max_groups)),
            columns: Mutex::new(Default::default()),
        }
    }

    /// Add `len` rows given as column buffers (url, fetch_us, http_status, content_length,
    /// content_type, modality, tokens, duration_s). Returns `None`, or why the rows cannot
    /// be judged here (the caller then uses the reference SQL).
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        len: usize,
        url: &Bound<'_, PyAny>,
        fetch_us: &Bound<'_, PyAny>,
        http_status: &Bound<'_, PyAny>,
        content_length: &Bound<'_, PyAny>,
        content_type: &Bound<'_, PyAny>,
        modality: &Bound<'_, PyAny>,
        tokens: &Bound<'_, PyAny>,
        duration_s: &Bound<'_, PyAny>,
    ) -> PyResult<Option<&'static str>> {
        let mut cols = self.columns.lock().unwrap_or_else(|e| e.into_inner());
        let specs = [url, fetch_us, http_status, content_length, content_type, modality];
        for (spec, col) in specs.into_iter().chain([tokens, duration_s]).zip(cols.iter_mut()) {
            fill(spec, col)?;
        }
        check(&cols, len)?;
        let inner = &self.inner;
        let cols = &*cols;
        Ok(py.detach(|| {
            let batch = Batch {
                len,
                url: cols[0].column(),
                fetch_us: cols[1].column(),
                http_status: cols[2].column(),
                content_length: cols[3].column(),
                content_type: cols[4].column(),
                modality: cols[5].column(),
                tokens: cols[6].column(),
                duration_s: cols[7].column(),
            };
            let mut scan = inner.lock().unwrap_or_else(|e| e.into_inner());
            scan.add(&batch).err().map(|e| e.0)
        }))
    }

    /// Fold `other` (emptied) into this scan.
    fn merge(&self, other: &ManifestScan) {
        let taken = {
            let mut theirs = other.inner.lock().unwrap_or_else(|e| e.into_inner());
            std::mem::replace(&mut *theirs, Scan::new(0, 0))
        };
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).merge(taken);
    }

    /// The groups as the columns of `AGGREGATE_SCHEMA` in Arrow's layout: a dict of column
    /// name to `(validity or None, offsets or None, data)` (`bytes`; strings with 64-bit
    /// offsets), for `pyarrow.Array.from_buffers`.
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let scan = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if scan.overflowed() {
            return Err(overflow());
        }
        let n = scan.group_count();
        let strings = || Strings::with_capacity(n);
        let ints = || Ints::with_capacity(n);
        let (mut host, mut modality, mut reason, mut url_min, mut url_max) =
            (strings(), strings(), strings(), strings(), strings());
        let mut ok = Bools::default();
        let (mut records, mut bytes, mut tokens, mut known) = (ints(), ints(), ints(), ints());
        let (mut duration, mut first, mut last) = (ints(), ints(), ints());
        let fit = |v: Option<i128>| -> PyResult<Option<i64>> {
            v.map(|x| i64::try_from(x).map_err(|_| overflow())).transpose()
        };
        for (h, class, sums) in scan.groups() {
            let (m, r, k) = class_names(class);
            host.push(Some(h));
            modality.push(Some(m.as_bytes()));
            reason.push(Some(r.as_bytes()));
            ok.push(k);
            records.push(Some(sums.records));
            bytes.push(fit(sums.bytes)?);
            tokens.push(fit(sums.tokens)?);
            known.push(Some(sums.tokens_known));
            duration.push(fit(sums.duration_ms)?);
            first.push(sums.first_us);
            last.push(sums.last_us);
            url_min.push(sums.url_min.as_deref());
            url_max.push(sums.url_max.as_deref());
        }
        let out = PyDict::new(py);
        for (name, column) in [("host", host), ("modality", modality), ("bad_reason", reason)] {
            out.set_item(name, column.into_py(py)?)?;
        }
        out.set_item("ok", ok.into_py(py)?)?;
        for (name, column) in [
            ("records", records),
            ("bytes", bytes),
            ("tokens", tokens),
            ("tokens_known", known),
            ("duration_ms", duration),
            ("first_us", first),
            ("last_us", last),
        ] {
            out.set_item(name, column.into_py(py)?)?;
        }
        for (name, column) in [("url_min", url_min), ("url_max", url_max)] {
            out.set_item(name, column.into_py(py)?)?;
        }
        Ok(out)
    }

    /// `(reason, url, fetch_us, http_status, content_length)` of the kept bad rows, by
    /// reason and smallest first.
    fn examples<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let scan = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut rows = Vec::new();
        for (reason, kept) in scan.examples() {
            for e in kept {
                let url = e.url.as_deref().map(|u| String::from_utf8_lossy(u).into_owned());
                rows.push(PyTuple::new(
                    py,
                    [
                        reason.into_pyobject(py)?.into_any(),
                        url.into_pyobject(py)?.into_any(),
                        e.fetch_us.into_pyobject(py)?.into_any(),
                        e.http_status.into_pyobject(py)?.into_any(),
                        e.content_length.into_pyobject(py)?.into_any(),
                    ],
                )?);
            }
        }
        PyList::new(py, rows)
    }
}

fn overflow() -> PyErr {
    PyOverflowError::new_err("a sum of the manifest does not fit in 64 bits")
}

/// Buffer sizes must hold `len` rows (a wrong cast upstream must not read out of range).
fn check(cols: &[Owned; 8], len: usize) -> PyResult<()> {
    for (index, col) in cols.iter().enumerate() {
        if !col.present {
            continue;
        }
        let rows = col.offset + len;
        let short = col.valid.as_ref().is_some_and(|v| v.len() * 8 < rows)
            || match &col.offsets {
                Some(offsets) => {
                    offsets.len() < (rows + 1) * 4
                        || (rows > 0 && {
                            let at = rows * 4;
                            let end = i32::from_le_bytes(
                                offsets[at..at + 4].try_into().expect("4 bytes"),
                            );
                            end < 0 || end as usize > col.data.len()
                        })
                }
                None => col.data.len() < rows * 8,
            };
        if short {
            return Err(PyValueError::new_err(format!("column {index}: buffers too short")));
        }
    }
    Ok(())
}
