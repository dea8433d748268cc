//! The groups of a manifest scan: compact running sums ([`Acc`]) under keys kept inline
//! when short ([`Key`]), and the example URLs of the groups of bad rows.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

use super::Sums;

/// The running sums of a group, compact (64 bytes: the table of a crawl's groups is what
/// the scan waits for in memory). Sums are 64-bit, checked: one that leaves 64 bits marks
/// the scan as overflowed (the reference fails there too; the caller then runs it).
#[derive(Clone, Copy, Default)]
pub(super) struct Acc {
    pub(super) records: i64,
    pub(super) bytes: i64,
    pub(super) tokens: i64,
    pub(super) tokens_known: i64,
    pub(super) duration_ms: i64,
    pub(super) first_us: i64,
    pub(super) last_us: i64,
    /// Bits: [`HAS_TOKENS`], [`HAS_DURATION`], [`HAS_TIME`].
    pub(super) has: u8,
}

pub(super) const HAS_TOKENS: u8 = 1;
pub(super) const HAS_DURATION: u8 = 2;
pub(super) const HAS_TIME: u8 = 4;

impl Acc {
    pub(super) fn time(&mut self, t: i64) {
        if self.has & HAS_TIME == 0 {
            self.first_us = t;
            self.last_us = t;
            self.has |= HAS_TIME;
        } else {
            self.first_us = self.first_us.min(t);
            self.last_us = self.last_us.max(t);
        }
    }

    /// Fold `other` in; `false` when a sum left 64 bits.
    pub(super) fn merge(&mut self, other: &Acc) -> bool {
        let mut fits = true;
        for (mine, theirs) in [
            (&mut self.records, other.records),
            (&mut self.bytes, other.bytes),
            (&mut self.tokens, other.tokens),
            (&mut self.tokens_known, other.tokens_known),
            (&mut self.duration_ms, other.duration_ms),
        ] {
            match mine.checked_add(theirs) {
                Some(v) => *mine = v,
                None => fits = false,
            }
        }
        if other.has & HAS_TIME != 0 {
            self.time(other.first_us);
            self.time(other.last_us);
        }
        self.has |= other.has;
        fits
    }

    pub(super) fn sums(&self, bad: bool, urls: &BadUrls) -> Sums {
        let flag = |bit: u8, v: i64| (self.has & bit != 0).then_some(i128::from(v));
        Sums {
            records: self.records,
            bytes: (!bad).then_some(i128::from(self.bytes)),
            tokens: flag(HAS_TOKENS, self.tokens),
            tokens_known: self.tokens_known,
            duration_ms: flag(HAS_DURATION, self.duration_ms),
            first_us: (self.has & HAS_TIME != 0).then_some(self.first_us),
            last_us: (self.has & HAS_TIME != 0).then_some(self.last_us),
            url_min: urls.0.clone(),
            url_max: urls.1.clone(),
        }
    }
}

/// The smallest and largest URL of a group of bad rows (their example keys).
pub(super) type BadUrls = (Option<Box<[u8]>>, Option<Box<[u8]>>);

pub(super) fn keep_extremes(urls: &mut BadUrls, url: &[u8]) {
    if urls.0.as_deref().is_none_or(|m| url < m) {
        urls.0 = Some(url.into());
    }
    if urls.1.as_deref().is_none_or(|m| url > m) {
        urls.1 = Some(url.into());
    }
}

/// A group key (raw host and class byte), kept inline when short so that finding a group
/// touches one cache line instead of chasing a pointer.
#[derive(Clone)]
pub(super) enum Key {
    Inline(u8, [u8; INLINE]),
    Heap(Box<[u8]>),
}

pub(super) const INLINE: usize = 39;

impl Key {
    pub(super) fn new(bytes: &[u8]) -> Self {
        if bytes.len() <= INLINE {
            let mut inline = [0u8; INLINE];
            inline[..bytes.len()].copy_from_slice(bytes);
            Key::Inline(bytes.len() as u8, inline)
        } else {
            Key::Heap(bytes.into())
        }
    }

    pub(super) fn as_slice(&self) -> &[u8] {
        match self {
            Key::Inline(len, inline) => &inline[..*len as usize],
            Key::Heap(bytes) => bytes,
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As the slice hashes, so that lookups by `&[u8]` (Borrow) find it.
        self.as_slice().hash(state);
    }
}

impl Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        self.as_slice()
    }
}
