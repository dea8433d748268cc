//! Registrable domains by the Public Suffix List, ICANN section (`gpaikit/data/_domains.py`,
//! `registrable_domain`, which uses the `publicsuffixlist` package: the reference).
//!
//! The list itself is not part of this crate: the caller hands over the bytes of the data
//! file the `publicsuffixlist` package ships, so that the list's version stays the
//! package's. [`PublicSuffixes::parse`] reads it as the package does (only the lines between
//! the ICANN markers; each line lower-cased, cut at the first space; comments and blank lines
//! skipped) and [`PublicSuffixes::registrable_domain`] answers as its `privatesuffix` does
//! (wildcard before exact before exception, checked from the longest suffix; unknown TLDs
//! are public suffixes).
//!
//! Lines with non-ASCII characters are handed to the caller, who turns each into the rules
//! the package would store (the rule and its IDNA-encoded form, by Python's codec), and
//! hosts with non-ASCII characters or an IPv6 colon are [`Domain::Delegate`]d.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::host::ipv4;

/// A fast hasher for short byte strings (hosts, rules, group keys): eight bytes at a time
/// with a multiply-rotate step, and a final avalanche so that every output bit depends on
/// every input bit (hashbrown uses the top bits to tag entries and the low bits to place
/// them).
#[derive(Default)]
pub struct Fnv(u64);

const MUL: u64 = 0x9e37_79b9_7f4a_7c15;

impl Fnv {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(MUL);
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n) | 0x100);
    }
}

type Set = HashSet<Box<str>, BuildHasherDefault<Fnv>>;

const BEGIN_ICANN: &[u8] = b"// ===BEGIN ICANN DOMAINS===";
const END_ICANN: &[u8] = b"// ===END ICANN DOMAINS===";

/// What a non-ASCII line of the list stands for: the lower-cased rule token (for the label
/// count) and every string to add to the rule set.
pub struct LineRules {
    pub token: String,
    pub rules: Vec<String>,
}

/// The ICANN section of the Public Suffix List, as lookup sets.
#[derive(Default)]
pub struct PublicSuffixes {
    /// Every rule as written (`example`, `*.example`, `!www.example`).
    rules: Set,
    /// `x` for every rule `*.x`.
    wildcards: Set,
    /// `x` for every rule `!x`.
    exceptions: Set,
    max_labels: usize,
}

/// What [`PublicSuffixes::registrable_domain`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Domain<'a> {
    Domain(&'a str),
    /// Non-ASCII characters or an IPv6 colon: ask the reference.
    Delegate,
}

/// Python's `str.isspace` on ASCII (it includes the information separators 0x1c-0x1f).
pub fn py_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f)
}

fn rstrip(mut b: &[u8]) -> &[u8] {
    while let [rest @ .., last] = b {
        if !py_space(*last) {
            break;
        }
        b = rest;
    }
    b
}

fn strip(mut b: &[u8]) -> &[u8] {
    b = rstrip(b);
    while let [first, rest @ ..] = b {
        if !py_space(*first) {
            break;
        }
        b = rest;
    }
    b
}

impl PublicSuffixes {
    /// Read the list's bytes; `non_ascii` turns a non-ASCII line (without its newline) into
    /// its rules, or `None` when the line holds none.
    pub fn parse<E>(
        data: &[u8],
        mut non_ascii: impl FnMut(&[u8]) -> Result<Option<LineRules>, E>,
    ) -> Result<Self, E> {
        let mut out = PublicSuffixes::default();
        let mut icann = false;
        for line in data.split_inclusive(|&b| b == b'\n') {
            let trimmed = rstrip(line);
            if trimmed == BEGIN_ICANN {
                icann = true;
                continue;
            }
            if trimmed == END_ICANN {
                icann = false;
                continue;
            }
            if !icann {
                continue;
            }
            if !line.is_ascii() {
                let body = line.strip_suffix(b"\n").unwrap_or(line);
                if let Some(found) = non_ascii(body)? {
                    out.max_labels = out.max_labels.max(found.token.matches('.').count() + 1);
                    for rule in found.rules {
                        out.add(&rule);
                    }
                }
                continue;
            }
            let lowered = line.to_ascii_lowercase();
            let first = lowered.split(|&b| b == b' ').next().unwrap_or(&[]);
            let token = rstrip(first);
            if token.is_empty() || token.starts_with(b"//") {
                continue;
            }
            // ASCII, so the bytes are UTF-8.
            let token = String::from_utf8_lossy(token).into_owned();
            out.max_labels = out.max_labels.max(token.matches('.').count() + 1);
            // The package also stores the IDNA form of the rule without its leading `!`s
            // (the same text for ASCII), with one `!` back for an exception.
            let bare = token.trim_start_matches('!');
            let encoded = if token.starts_with('!') { format!("!{bare}") } else { bare.into() };
            out.add(&token);
            out.add(&encoded);
        }
        Ok(out)
    }

    fn add(&mut self, rule: &str) {
        if let Some(rest) = rule.strip_prefix('!') {
            self.exceptions.insert(rest.into());
        }
        if let Some(rest) = rule.strip_prefix("*.") {
            self.wildcards.insert(rest.into());
        }
        self.rules.insert(rule.into());
    }

    /// How many rules the list holds (both forms of each), for tests and reports.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every rule, for the test that compares the set with the package's.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| &**r)
    }

    /// How many labels of `labels` (lower-case, none empty) form the public suffix.
    fn public_labels(&self, host: &str, starts: &[usize]) -> usize {
        let count = starts.len();
        let first = count.saturating_sub(self.max_labels + 1);
        for (i, &start) in starts.iter().enumerate().skip(first) {
            let depth = count - i;
            let suffix = &host[start..];
            if self.exceptions.contains(suffix) {
                return depth - 1;
            }
            if self.wildcards.contains(suffix) {
                return if i > 0 { depth + 1 } else { depth };
            }
            if self.rules.contains(suffix) {
                return depth;
            }
        }
        1
    }

    /// The registrable domain (eTLD+1) of `host`; IP literals, single labels, suffixes and
    /// hosts with an empty label are returned as they are (after trimming and lower-casing).
    pub fn registrable_domain<'a>(&self, host: &'a str, lowered: &'a mut String) -> Domain<'a> {
        if !host.is_ascii() || host.contains(':') {
            return Domain::Delegate;
        }
        let mut bytes = strip(host.as_bytes());
        while let [rest @ .., b'.'] = bytes {
            bytes = rest;
        }
        let start = bytes.as_ptr() as usize - host.as_ptr() as usize;
        let trimmed = &host[start..start + bytes.len()];
        let host: &'a str = if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            *lowered = trimmed.to_ascii_lowercase();
            lowered.as_str()
        } else {
            trimmed
        };
        if host.is_empty() || !host.contains('.') {
            return Domain::Domain(host);
        }
        if host.as_bytes()[host.len() - 1].is_ascii_digit()
            && ipv4(host.trim_matches(|c| c == '[' || c == ']')).is_some()
        {
            return Domain::Domain(host);
        }
        let mut starts = Vec::with_capacity(8);
        starts.push(0);
        for (i, b) in host.bytes().enumerate() {
            if b == b'.' {
                starts.push(i + 1);
            }
        }
        if starts.windows(2).any(|w| w[1] == w[0] + 1) || starts[starts.len() - 1] == host.len() {
            return Domain::Domain(host); // an empty label: the package gives None
        }
        let public = self.public_labels(host, &starts);
        if public == 0 || starts.len() < public + 1 {
            return Domain::Domain(host);
        }
        Domain::Domain(&host[starts[starts.len() - public - 1]..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "// private before\nignored.example\n// ===BEGIN ICANN DOMAINS===\n\
        com\nuk\nco.uk\n*.ck\n!www.ck\njp\nkobe.jp\n*.kobe.jp\n!city.kobe.jp\n\
        // comment\n\nbar.example  trailing words\n// ===END ICANN DOMAINS===\n\
        blogspot.com\n";

    fn list() -> PublicSuffixes {
        PublicSuffixes::parse::<()>(LIST.as_bytes(), |_| Ok(None)).unwrap()
    }

    fn domain(psl: &PublicSuffixes, host: &str) -> String {
        let mut buffer = String::new();
        match psl.registrable_domain(host, &mut buffer) {
            Domain::Domain(d) => d.to_string(),
            Domain::Delegate => "<delegate>".into(),
        }
    }

    #[test]
    fn rules_of_the_icann_section_only() {
        let psl = list();
        assert_eq!(domain(&psl, "www.Example.COM."), "example.com");
        assert_eq!(domain(&psl, "a.b.co.uk"), "b.co.uk");
        assert_eq!(domain(&psl, "foo.blogspot.com"), "blogspot.com");
        assert_eq!(domain(&psl, "x.y.ck"), "x.y.ck");
        assert_eq!(domain(&psl, "a.www.ck"), "www.ck");
        assert_eq!(domain(&psl, "a.city.kobe.jp"), "city.kobe.jp");
        assert_eq!(domain(&psl, "a.b.kobe.jp"), "a.b.kobe.jp");
        assert_eq!(domain(&psl, "x.bar.example"), "x.bar.example");
        assert_eq!(domain(&psl, "co.uk"), "co.uk");
        assert_eq!(domain(&psl, "1.2.3.4"), "1.2.3.4");
        assert_eq!(domain(&psl, "a..b.com"), "a..b.com");
        assert_eq!(domain(&psl, "localhost"), "localhost");
        assert_eq!(domain(&psl, "[::1]"), "<delegate>");
        assert_eq!(domain(&psl, "bücher.de"), "<delegate>");
    }
}
