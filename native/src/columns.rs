//! Columns built in Arrow's memory layout (validity bitmap LSB first, little-endian values,
//! 64-bit string offsets), handed to Python as `bytes` for `pyarrow.Array.from_buffers`:
//! a table of hundreds of thousands of groups crosses into pyarrow without one Python
//! object per value.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

/// A validity bitmap and whether any value is NULL.
#[derive(Default)]
struct Validity {
    bits: Vec<u8>,
    nulls: bool,
    len: usize,
}

impl Validity {
    fn push(&mut self, valid: bool) {
        if self.len.is_multiple_of(8) {
            self.bits.push(0);
        }
        if valid {
            self.bits[self.len / 8] |= 1 << (self.len % 8);
        } else {
            self.nulls = true;
        }
        self.len += 1;
    }

    /// The bitmap, or `None` when every value is valid (Arrow's convention).
    fn into_py<'py>(self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.nulls.then(|| PyBytes::new(py, &self.bits))
    }
}

/// A 64-bit integer column.
#[derive(Default)]
pub struct Ints {
    valid: Validity,
    data: Vec<u8>,
}

impl Ints {
    pub fn with_capacity(n: usize) -> Self {
        Ints { valid: Validity::default(), data: Vec::with_capacity(n * 8) }
    }

    pub fn push(&mut self, value: Option<i64>) {
        self.valid.push(value.is_some());
        self.data.extend_from_slice(&value.unwrap_or(0).to_le_bytes());
    }

    /// `(validity or None, None, values)`.
    pub fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let valid = self.valid.into_py(py);
        PyTuple::new(
            py,
            [
                valid.into_pyobject(py)?.into_any(),
                py.None().into_bound(py),
                PyBytes::new(py, &self.data).into_any(),
            ],
        )
    }
}

/// A boolean column without NULLs (bit-packed).
#[derive(Default)]
pub struct Bools(Validity);

impl Bools {
    pub fn push(&mut self, value: bool) {
        self.0.push(value);
    }

    /// `(None, None, bits)`.
    pub fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let none = py.None().into_bound(py);
        PyTuple::new(py, [none.clone(), none, PyBytes::new(py, &self.0.bits).into_any()])
    }
}

/// A UTF-8 string column with 64-bit offsets (Arrow's `large_string`).
pub struct Strings {
    valid: Validity,
    offsets: Vec<u8>,
    data: Vec<u8>,
}

impl Strings {
    pub fn with_capacity(n: usize) -> Self {
        let mut offsets = Vec::with_capacity((n + 1) * 8);
        offsets.extend_from_slice(&0i64.to_le_bytes());
        Strings { valid: Validity::default(), offsets, data: Vec::new() }
    }

    /// Add a value; the caller vouches that it is UTF-8 (pyarrow validates the whole
    /// column again before it is used).
    pub fn push(&mut self, value: Option<&[u8]>) {
        self.valid.push(value.is_some());
        self.data.extend_from_slice(value.unwrap_or_default());
        self.offsets.extend_from_slice(&(self.data.len() as i64).to_le_bytes());
    }

    /// `(validity or None, offsets, characters)`.
    pub fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let valid = self.valid.into_py(py);
        PyTuple::new(
            py,
            [
                valid.into_pyobject(py)?.into_any(),
                PyBytes::new(py, &self.offsets).into_any(),
                PyBytes::new(py, &self.data).into_any(),
            ],
        )
    }
}
