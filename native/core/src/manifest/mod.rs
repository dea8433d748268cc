//! One pass over a crawl manifest: every row's raw host, bad reason or modality, and the
//! per-group sums the data jobs need (`gpaikit/data/_sql.py`, `classified_sql` and
//! `aggregate_sql`, are the reference; this module must give the same groups and sums).
//!
//! Rows arrive in batches of columns already cast by the caller to five physical types
//! (URL, content type and modality as UTF-8 strings; fetch time as epoch microseconds,
//! status, length and tokens as 64-bit integers; duration as a double), with Arrow's
//! validity bitmaps. Values the reference's `TRY_CAST` would turn into NULL (a status beyond
//! 32 bits) are treated as NULL here.
//!
//! What the reference decides with Unicode-aware `lower()` (a non-ASCII modality or
//! content type) or on text that is not UTF-8 is not decided here: the batch is refused
//! with [`Unsupported`] and the caller runs the reference SQL instead.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

mod acc;

use acc::{keep_extremes, Acc, BadUrls, Key, HAS_DURATION, HAS_TOKENS};

use crate::psl::Fnv;
use crate::url::url_host;

/// Bad reasons in the order the reference tests them (`classified_sql`).
pub const REASONS: [&str; 8] = [
    "missing_url",
    "invalid_url",
    "missing_fetch_time",
    "invalid_http_status",
    "invalid_content_length",
    "invalid_modality",
    "invalid_tokens",
    "invalid_duration",
];
/// The modalities (`gpaikit.data.MODALITIES`).
pub const MODALITIES: [&str; 5] = ["text", "image", "audio", "video", "other"];
const TEXT_TYPES: [&[u8]; 7] = [
    b"text/",
    b"application/xhtml",
    b"application/xml",
    b"application/json",
    b"application/pdf",
    b"application/rss",
    b"application/atom",
];
/// Per-row ceilings (`gpaikit.data._sql`: MAX_CONTENT_LENGTH, MAX_TOKENS, MAX_DURATION_S).
pub const MAX_CONTENT_LENGTH: i64 = 1 << 40;
pub const MAX_TOKENS: i64 = 1 << 40;
pub const MAX_DURATION_S: f64 = 1e9;

/// Why a batch cannot be judged here (the caller falls back to the reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

/// A column of a batch: Arrow buffers of one of the physical types, or absent (all NULL).
#[derive(Clone, Copy, Default)]
pub struct Column<'a> {
    /// Validity bitmap (LSB first); `None`: every value is valid.
    pub valid: Option<&'a [u8]>,
    /// Values: 8 bytes a row for integers and doubles, the characters for strings.
    pub data: &'a [u8],
    /// String offsets (32-bit, `len + 1` of them); `None` for fixed-width columns.
    pub offsets: Option<&'a [u8]>,
    /// The first row's position in the buffers (Arrow's array offset).
    pub offset: usize,
    pub present: bool,
}

impl Column<'_> {
    fn valid_at(&self, i: usize) -> bool {
        let at = self.offset + i;
        self.present && self.valid.is_none_or(|v| v[at >> 3] >> (at & 7) & 1 == 1)
    }

    fn word(&self, i: usize) -> [u8; 8] {
        let at = (self.offset + i) * 8;
        self.data[at..at + 8].try_into().expect("8 bytes")
    }

    fn int(&self, i: usize) -> Option<i64> {
        self.valid_at(i).then(|| i64::from_le_bytes(self.word(i)))
    }

    fn float(&self, i: usize) -> Option<f64> {
        self.valid_at(i).then(|| f64::from_le_bytes(self.word(i)))
    }

    fn text(&self, i: usize) -> Option<&[u8]> {
        if !self.valid_at(i) {
            return None;
        }
        let offsets = self.offsets?;
        let at = (self.offset + i) * 4;
        let start = i32::from_le_bytes(offsets[at..at + 4].try_into().ok()?) as usize;
        let end = i32::from_le_bytes(offsets[at + 4..at + 8].try_into().ok()?) as usize;
        self.data.get(start..end)
    }
}

/// One batch: the canonical columns the jobs read.
#[derive(Clone, Copy, Default)]
pub struct Batch<'a> {
    pub len: usize,
    pub url: Column<'a>,
    pub fetch_us: Column<'a>,
    pub http_status: Column<'a>,
    pub content_length: Column<'a>,
    pub content_type: Column<'a>,
    pub modality: Column<'a>,
    pub tokens: Column<'a>,
    pub duration_s: Column<'a>,
}

/// Sums of one group (host, modality, ok, bad reason), as `aggregate_sql` computes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub records: i64,
    pub bytes: Option<i128>,
    pub tokens: Option<i128>,
    pub tokens_known: i64,
    pub duration_ms: Option<i128>,
    pub first_us: Option<i64>,
    pub last_us: Option<i64>,
    pub url_min: Option<Box<[u8]>>,
    pub url_max: Option<Box<[u8]>>,
}

/// A bad row kept as an example: `(url, fetch time, status, length)` as the reference's
/// `bad_examples_sql` shows them, ordered NULLs first on each key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub url: Option<Box<[u8]>>,
    pub fetch_us: Option<i64>,
    pub http_status: Option<i64>,
    pub content_length: Option<i64>,
}

type ExampleKey<'a> = (Option<&'a [u8]>, Option<i64>, Option<i64>, Option<i64>);

impl Example {
    fn key(&self) -> ExampleKey<'_> {
        // Option orders None first, as `NULLS FIRST`.
        (self.url.as_deref(), self.fetch_us, self.http_status, self.content_length)
    }
}

impl Ord for Example {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Example {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

type Groups = HashMap<Key, Acc, BuildHasherDefault<Fnv>>;

/// The running aggregation of a scan.
pub struct Scan {
    groups: Groups,
    /// Example keys of the groups of bad rows, by class byte.
    bad_urls: Vec<BadUrls>,
    examples: Vec<Vec<Example>>,
    keep: usize,
    max_groups: usize,
    overflow: bool,
    key: Vec<u8>,
}

/// Class byte of a group: bit 0 `ok`; bad rows `0x80 | reason << 1`, good rows
/// `modality << 1`.
fn class_byte(bad: Option<usize>, modality: usize, ok: bool) -> u8 {
    let base = match bad {
        Some(reason) => 0x80 | ((reason as u8) << 1),
        None => (modality as u8) << 1,
    };
    base | u8::from(ok)
}

/// The group a class byte stands for: `(modality, bad reason, ok)` as the reference's
/// output columns (`""` for the modality of a bad group and the reason of a good one).
pub fn class_names(class: u8) -> (&'static str, &'static str, bool) {
    let ok = class & 1 == 1;
    if class & 0x80 != 0 {
        ("", REASONS[((class & 0x7f) >> 1) as usize], ok)
    } else {
        (MODALITIES[(class >> 1) as usize], "", ok)
    }
}

fn starts_with_lower(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn modality_of(modality: Option<&[u8]>, content_type: Option<&[u8]>) -> usize {
    if let Some(m) = modality {
        return MODALITIES
            .iter()
            .position(|name| m.eq_ignore_ascii_case(name.as_bytes()))
            .unwrap_or(4);
    }
    let ct = content_type.unwrap_or(b"");
    if TEXT_TYPES.iter().any(|p| starts_with_lower(ct, p)) {
        0
    } else if starts_with_lower(ct, b"image/") {
        1
    } else if starts_with_lower(ct, b"audio/") {
        2
    } else if starts_with_lower(ct, b"video/") {
        3
    } else {
        4
    }
}

impl Scan {
    /// A scan keeping `keep` examples per bad reason, refusing to grow beyond `max_groups`.
    pub fn new(keep: usize, max_groups: usize) -> Self {
        Scan {
            groups: Groups::default(),
            bad_urls: vec![(None, None); 256],
            examples: vec![Vec::new(); REASONS.len()],
            keep,
            max_groups,
            overflow: false,
            key: Vec::with_capacity(256),
        }
    }

    /// Add every row of `batch`.
    pub fn add(&mut self, batch: &Batch<'_>) -> Result<(), Unsupported> {
        for i in 0..batch.len {
            self.row(batch, i)?;
        }
        if self.groups.len() > self.max_groups {
            return Err(Unsupported("too many groups for the in-memory scan"));
        }
        Ok(())
    }

    fn row(&mut self, b: &Batch<'_>, i: usize) -> Result<(), Unsupported> {
        let url = b.url.text(i);
        let url_text = match url {
            Some(bytes) => {
                Some(std::str::from_utf8(bytes).map_err(|_| Unsupported("a URL is not UTF-8"))?)
            }
            None => None,
        };
        let fetch = b.fetch_us.int(i);
        // TRY_CAST(... AS INT): beyond 32 bits the status is NULL.
        let status = b.http_status.int(i).filter(|s| i32::try_from(*s).is_ok());
        let length = b.content_length.int(i);
        let modality = b.modality.text(i);
        let content_type = b.content_type.text(i);
        if modality.is_some_and(|m| !m.is_ascii()) || content_type.is_some_and(|c| !c.is_ascii()) {
            return Err(Unsupported("a non-ASCII modality or content type"));
        }
        let tokens = b.tokens.int(i);
        let duration = b.duration_s.float(i);
        let host = url_text.map_or("", url_host);
        let bad = if url_text.is_none_or(str::is_empty) {
            Some(0)
        } else if host.is_empty() {
            Some(1)
        } else if fetch.is_none() {
            Some(2)
        } else if status.is_none_or(|s| !(100..=599).contains(&s)) {
            Some(3)
        } else if length.is_none_or(|l| !(0..=MAX_CONTENT_LENGTH).contains(&l)) {
            Some(4)
        } else if modality
            .is_some_and(|m| !MODALITIES.iter().any(|name| m.eq_ignore_ascii_case(name.as_bytes())))
        {
            Some(5)
        } else if tokens.is_some_and(|t| !(0..=MAX_TOKENS).contains(&t)) {
            Some(6)
        } else if duration.is_some_and(|d| !(0.0..=MAX_DURATION_S).contains(&d)) {
            Some(7)
        } else {
            None
        };
        let ok = status.is_some_and(|s| (200..300).contains(&s));
        let class = class_byte(bad, modality_of(modality, content_type), ok);
        self.key.clear();
        if bad.is_none() {
            self.key.extend_from_slice(host.as_bytes());
        }
        self.key.push(class);
        let acc = match self.groups.get_mut(self.key.as_slice()) {
            Some(acc) => acc,
            None => self.groups.entry(Key::new(&self.key)).or_default(),
        };
        acc.records += 1;
        if let Some(t) = fetch {
            acc.time(t);
        }
        match bad {
            None => {
                let mut fits = true;
                let mut add = |total: &mut i64, value: i64| match total.checked_add(value) {
                    Some(v) => *total = v,
                    None => fits = false,
                };
                add(&mut acc.bytes, length.unwrap_or(0));
                if let Some(t) = tokens {
                    add(&mut acc.tokens, t);
                    acc.tokens_known += 1;
                    acc.has |= HAS_TOKENS;
                }
                if let Some(d) = duration {
                    // CAST(round(d * 1000) AS BIGINT): d <= 1e9, so the product is exact
                    // enough and fits.
                    add(&mut acc.duration_ms, (d * 1000.0).round() as i64);
                    acc.has |= HAS_DURATION;
                }
                self.overflow |= !fits;
            }
            Some(reason) => {
                if let Some(u) = url {
                    keep_extremes(&mut self.bad_urls[usize::from(class)], u);
                }
                self.example(reason, url, fetch, status, length);
            }
        }
        Ok(())
    }

    /// Keep a bad row among the `keep` smallest of its reason (the URL is copied only when
    /// the row is kept).
    fn example(
        &mut self,
        reason: usize,
        url: Option<&[u8]>,
        fetch_us: Option<i64>,
        http_status: Option<i64>,
        content_length: Option<i64>,
    ) {
        let kept = &self.examples[reason];
        let key = (url, fetch_us, http_status, content_length);
        if kept.len() == self.keep && kept.last().is_none_or(|last| key >= last.key()) {
            return;
        }
        let example = Example { url: url.map(Into::into), fetch_us, http_status, content_length };
        self.keep_example(reason, example);
    }

    fn keep_example(&mut self, reason: usize, example: Example) {
        let kept = &mut self.examples[reason];
        if kept.len() == self.keep && kept.last().is_none_or(|last| example >= *last) {
            return;
        }
        let at = kept.binary_search(&example).unwrap_or_else(|e| e);
        kept.insert(at, example);
        kept.truncate(self.keep);
    }

    /// Fold another scan (of other rows) into this one.
    pub fn merge(&mut self, other: Scan) {
        for (key, acc) in other.groups {
            if !self.groups.entry(key).or_default().merge(&acc) {
                self.overflow = true;
            }
        }
        self.overflow |= other.overflow;
        for (class, (low, high)) in other.bad_urls.into_iter().enumerate() {
            for url in [low, high].into_iter().flatten() {
                keep_extremes(&mut self.bad_urls[class], &url);
            }
        }
        for (reason, examples) in other.examples.into_iter().enumerate() {
            for example in examples {
                self.keep_example(reason, example);
            }
        }
    }

    /// Whether a sum left 64 bits (the reference fails then; so must the caller).
    pub fn overflowed(&self) -> bool {
        self.overflow
    }

    /// The groups: `(raw host, class byte, sums)`.
    pub fn groups(&self) -> impl Iterator<Item = (&[u8], u8, Sums)> + '_ {
        self.groups.iter().map(|(key, acc)| {
            let (host, class) = key.as_slice().split_at(key.as_slice().len() - 1);
            let bad = class[0] & 0x80 != 0;
            (host, class[0], acc.sums(bad, &self.bad_urls[usize::from(class[0])]))
        })
    }

    /// Up to `keep` examples per bad reason, smallest first.
    pub fn examples(&self) -> impl Iterator<Item = (&'static str, &[Example])> {
        REASONS.iter().zip(self.examples.iter()).map(|(r, e)| (*r, e.as_slice()))
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Owned {
        urls: Vec<u8>,
        offsets: Vec<u8>,
        ints: Vec<Vec<u8>>,
        duration: Vec<u8>,
    }

    fn ints(values: &[i64]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    fn owned(urls: &[&str], statuses: &[i64]) -> Owned {
        let mut data = Vec::new();
        let mut offsets = vec![0i32];
        for url in urls {
            data.extend_from_slice(url.as_bytes());
            offsets.push(data.len() as i32);
        }
        let n = urls.len();
        Owned {
            urls: data,
            offsets: offsets.iter().flat_map(|o| o.to_le_bytes()).collect(),
            ints: vec![ints(&vec![1_000; n]), ints(statuses), ints(&vec![10; n])],
            duration: Vec::new(),
        }
    }

    fn batch(o: &Owned, n: usize) -> Batch<'_> {
        fn fixed(data: &[u8]) -> Column<'_> {
            Column { data, present: true, ..Column::default() }
        }
        let _ = &o.duration;
        Batch {
            len: n,
            url: Column {
                data: &o.urls,
                offsets: Some(&o.offsets),
                present: true,
                ..Column::default()
            },
            fetch_us: fixed(&o.ints[0]),
            http_status: fixed(&o.ints[1]),
            content_length: fixed(&o.ints[2]),
            ..Batch::default()
        }
    }

    #[test]
    fn rows_are_grouped_by_raw_host_and_class() {
        let urls = ["https://A.example/x", "https://A.example/y", "ftp://b/", "", "http://c/"];
        let o = owned(&urls, &[200, 404, 200, 200, 99]);
        let mut scan = Scan::new(5, 1000);
        scan.add(&batch(&o, urls.len())).unwrap();
        let mut groups: Vec<_> = scan
            .groups()
            .map(|(h, c, s)| (String::from_utf8(h.to_vec()).unwrap(), class_names(c), s.records))
            .collect();
        groups.sort();
        assert_eq!(
            groups,
            vec![
                ("".into(), ("", "invalid_http_status", false), 1),
                ("".into(), ("", "invalid_url", true), 1),
                ("".into(), ("", "missing_url", true), 1),
                ("A.example".into(), ("other", "", false), 1),
                ("A.example".into(), ("other", "", true), 1),
            ]
        );
        let kept: Vec<_> = scan.examples().filter(|(_, e)| !e.is_empty()).map(|(r, _)| r).collect();
        assert_eq!(kept, vec!["missing_url", "invalid_url", "invalid_http_status"]);
    }

    #[test]
    fn sums_beyond_64_bits_mark_the_scan_overflowed() {
        let big = Acc { bytes: i64::MAX - 1, records: 1, ..Acc::default() };
        let mut acc = big;
        assert!(!acc.merge(&big));
        let (mut a, mut b) = (Scan::new(1, 10), Scan::new(1, 10));
        a.groups.insert(Key::new(b"h\x01"), big);
        b.groups.insert(Key::new(b"h\x01"), big);
        assert!(!a.overflowed());
        a.merge(b);
        assert!(a.overflowed());
    }

    #[test]
    fn long_keys_live_on_the_heap_and_compare_as_bytes() {
        let long = vec![b'a'; acc::INLINE + 5];
        let (short, heap) = (Key::new(b"example.com"), Key::new(&long));
        assert!(matches!(short, Key::Inline(..)) && matches!(heap, Key::Heap(_)));
        let mut groups = Groups::default();
        groups.insert(heap.clone(), Acc::default());
        groups.insert(short.clone(), Acc::default());
        assert!(groups.contains_key(long.as_slice()));
        assert!(groups.contains_key(b"example.com".as_slice()));
        assert!(!groups.contains_key(b"example.co".as_slice()));
    }
}
