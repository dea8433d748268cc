//! Host validation and canonical form (`gpaikit/_hosts.py`, `check_host`, the reference).
//!
//! A host is an IPv4 dotted quad, a bracketed IPv6 literal (no zone) or a DNS name whose
//! labels are letters, digits, hyphens (not first or last) and underscores, 1-63 octets,
//! 253 in all, the last label not numeric. The canonical form is lowercase without one
//! trailing dot; IPv6 is compressed as Python's `ipaddress` writes it (RFC 5952).
//!
//! What needs Unicode tables is not decided here: a host with non-ASCII characters or an
//! `xn--` label (IDNA 2008 / UTS #46 mapping and validation, by the `idna` library in the
//! reference), and an IPv6 literal with an IPv4 part or an IPv4-mapped value (whose text
//! form depends on the Python version), are [`HostCheck::Delegate`]d to the reference.

use std::borrow::Cow;

/// Longest DNS name in text form (RFC 1035 §2.3.4 less the final dot).
pub const MAX_HOST: usize = 253;
/// Longer raw strings are refused before any work (`_MAX_RAW` in the reference).
pub const MAX_RAW: usize = 1024;

/// Why a string is not a host; [`Problem::message`] is the reference's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLongRaw,
    Ipv6Unclosed,
    Ipv6Zone,
    Ipv6Invalid,
    NumericNotQuad,
    Ipv4Invalid,
    TooLong,
    EmptyLabel,
    BadLabel,
}

impl Problem {
    pub fn message(self) -> &'static str {
        match self {
            Problem::Empty => "empty host",
            Problem::TooLongRaw => "longer than any host",
            Problem::Ipv6Unclosed => "an IPv6 literal without its closing bracket",
            Problem::Ipv6Zone => "an IPv6 zone identifier is not a host",
            Problem::Ipv6Invalid => "not a valid IPv6 address in brackets",
            Problem::NumericNotQuad => "a numeric host that is not a dotted-quad IPv4 address",
            Problem::Ipv4Invalid => "not a valid IPv4 address",
            Problem::TooLong => "longer than 253 characters",
            Problem::EmptyLabel => "empty label (two dots in a row, or a leading dot)",
            Problem::BadLabel => {
                "a label may hold only letters, digits, hyphens and underscores, at most 63, \
                 and may not start or end with a hyphen"
            }
        }
    }
}

/// The outcome of [`check_host`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostCheck<'a> {
    /// The canonical host.
    Valid(Cow<'a, str>),
    Invalid(Problem),
    /// Needs Unicode tables or version-dependent formatting: ask the reference.
    Delegate,
}

/// Validate and canonicalise one host, as `gpaikit._hosts.check_host` does.
pub fn check_host(raw: &str) -> HostCheck<'_> {
    if raw.is_empty() {
        return HostCheck::Invalid(Problem::Empty);
    }
    if !raw.is_ascii() {
        return HostCheck::Delegate;
    }
    if raw.len() > MAX_RAW {
        return HostCheck::Invalid(Problem::TooLongRaw);
    }
    if let Some(rest) = raw.strip_prefix('[') {
        let Some(inner) = rest.strip_suffix(']') else {
            return HostCheck::Invalid(Problem::Ipv6Unclosed);
        };
        return ipv6(inner);
    }
    let lowered = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    let host = strip_one_dot(lowered);
    if host.contains("xn--") {
        return HostCheck::Delegate;
    }
    if host.is_empty() {
        return HostCheck::Invalid(Problem::Empty);
    }
    let last = host.rsplit('.').next().unwrap_or("");
    if numeric_label(last) {
        if !dotted_quad(&host) {
            return HostCheck::Invalid(Problem::NumericNotQuad);
        }
        return match ipv4(&host) {
            Some(_) => HostCheck::Valid(host),
            None => HostCheck::Invalid(Problem::Ipv4Invalid),
        };
    }
    if host.len() > MAX_HOST {
        return HostCheck::Invalid(Problem::TooLong);
    }
    for label in host.split('.') {
        if label.is_empty() {
            return HostCheck::Invalid(Problem::EmptyLabel);
        }
        if !dns_label(label.as_bytes()) {
            return HostCheck::Invalid(Problem::BadLabel);
        }
    }
    HostCheck::Valid(host)
}

fn strip_one_dot(host: Cow<'_, str>) -> Cow<'_, str> {
    match host {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_suffix('.').unwrap_or(s)),
        Cow::Owned(mut s) => {
            if s.ends_with('.') {
                s.pop();
            }
            Cow::Owned(s)
        }
    }
}

/// `(?:\d+|0x[0-9a-f]*)\Z` (the reference's `_NUMERIC_LAST`, on a lowercase label).
fn numeric_label(label: &str) -> bool {
    let b = label.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return true;
    }
    b.starts_with(b"0x") && b[2..].iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

/// `\d{1,3}(?:\.\d{1,3}){3}\Z`.
fn dotted_quad(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    parts == 4
}

/// An IPv4 address as Python's `ipaddress.IPv4Address` reads text: four decimal octets of
/// at most three digits, no leading zero, at most 255.
pub fn ipv4(text: &str) -> Option<u32> {
    let mut value: u32 = 0;
    let mut parts = 0;
    for part in text.split('.') {
        parts += 1;
        if parts > 4 || part.is_empty() || part.len() > 3 {
            return None;
        }
        if !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0')) {
            return None;
        }
        let octet: u32 = part.parse().ok()?;
        if octet > 255 {
            return None;
        }
        value = (value << 8) | octet;
    }
    (parts == 4).then_some(value)
}

/// `[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\Z` on a lowercase ASCII label.
fn dns_label(label: &[u8]) -> bool {
    let ok_end = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
    label.len() <= 63
        && ok_end(label[0])
        && ok_end(label[label.len() - 1])
        && label.iter().all(|&b| ok_end(b) || b == b'-')
}

fn ipv6(inner: &str) -> HostCheck<'static> {
    if inner.contains('%') {
        return HostCheck::Invalid(Problem::Ipv6Zone);
    }
    if inner.contains('.') {
        return HostCheck::Delegate; // an IPv4 part: formatted differently across Pythons
    }
    match parse_ipv6(inner) {
        Some(hextets) if ipv4_mapped(&hextets) => HostCheck::Delegate,
        Some(hextets) => HostCheck::Valid(Cow::Owned(format!("[{}]", compress(&hextets)))),
        None => HostCheck::Invalid(Problem::Ipv6Invalid),
    }
}

fn ipv4_mapped(h: &[u16; 8]) -> bool {
    h[..5].iter().all(|&x| x == 0) && h[5] == 0xffff
}

fn hextet(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

/// An IPv6 address without IPv4 part, as `ipaddress.IPv6Address._ip_int_from_string` reads
/// it: 3 to 9 colon-separated parts, at most one `::`, hextets of 1-4 hex digits.
pub fn parse_ipv6(text: &str) -> Option<[u16; 8]> {
    if text.is_empty() {
        return None;
    }
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() < 3 || parts.len() > 9 {
        return None;
    }
    let mut skip = None;
    for (i, part) in parts.iter().enumerate().take(parts.len() - 1).skip(1) {
        if part.is_empty() {
            if skip.is_some() {
                return None;
            }
            skip = Some(i);
        }
    }
    let (hi, lo) = match skip {
        Some(at) => {
            let mut hi = at;
            let mut lo = parts.len() - at - 1;
            if parts[0].is_empty() {
                hi -= 1;
                if hi != 0 {
                    return None;
                }
            }
            if parts[parts.len() - 1].is_empty() {
                lo -= 1;
                if lo != 0 {
                    return None;
                }
            }
            if hi + lo >= 8 {
                return None;
            }
            (hi, lo)
        }
        None => {
            if parts.len() != 8 || parts[0].is_empty() || parts[7].is_empty() {
                return None;
            }
            (8, 0)
        }
    };
    let mut out = [0u16; 8];
    for (i, slot) in out.iter_mut().enumerate().take(hi) {
        *slot = hextet(parts[i])?;
    }
    for j in 0..lo {
        out[8 - lo + j] = hextet(parts[parts.len() - lo + j])?;
    }
    Some(out)
}

/// The longest run of two or more zero hextets (the first of equal runs) becomes `::`.
pub fn compress(h: &[u16; 8]) -> String {
    let (mut best_start, mut best_len, mut start, mut len) = (0usize, 0usize, 0usize, 0usize);
    for (i, &x) in h.iter().enumerate() {
        if x == 0 {
            if len == 0 {
                start = i;
            }
            len += 1;
            if len > best_len {
                best_start = start;
                best_len = len;
            }
        } else {
            len = 0;
        }
    }
    let hex = |s: &[u16]| s.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":");
    if best_len < 2 {
        return hex(h);
    }
    let end = best_start + best_len;
    format!("{}::{}", hex(&h[..best_start]), hex(&h[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(raw: &str) -> String {
        match check_host(raw) {
            HostCheck::Valid(h) => h.into_owned(),
            other => panic!("{raw:?}: {other:?}"),
        }
    }

    fn problem(raw: &str) -> Problem {
        match check_host(raw) {
            HostCheck::Invalid(p) => p,
            other => panic!("{raw:?}: {other:?}"),
        }
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(valid("WWW.Example.COM."), "www.example.com");
        assert_eq!(valid("a_b.example"), "a_b.example");
        assert_eq!(valid("10.0.0.1"), "10.0.0.1");
        assert_eq!(valid("[2001:DB8:0::1]"), "[2001:db8::1]");
        assert_eq!(valid("[::]"), "[::]");
        assert_eq!(valid("[1:0:0:1:0:0:0:1]"), "[1:0:0:1::1]");
        assert_eq!(valid("[1:0:1:1:1:1:1:1]"), "[1:0:1:1:1:1:1:1]");
    }

    #[test]
    fn problems() {
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem("."), Problem::Empty);
        assert_eq!(problem("[2001"), Problem::Ipv6Unclosed);
        assert_eq!(problem("[fe80::1%eth0]"), Problem::Ipv6Zone);
        assert_eq!(problem("[1::2::3]"), Problem::Ipv6Invalid);
        assert_eq!(problem("0x7f.1"), Problem::NumericNotQuad);
        assert_eq!(problem("01.2.3.4"), Problem::Ipv4Invalid);
        assert_eq!(problem("256.1.1.1"), Problem::Ipv4Invalid);
        assert_eq!(problem("a..b"), Problem::EmptyLabel);
        assert_eq!(problem("-a.b"), Problem::BadLabel);
        assert_eq!(problem("<img"), Problem::BadLabel);
        assert_eq!(problem(&"a".repeat(1025)), Problem::TooLongRaw);
    }

    #[test]
    fn delegated() {
        assert_eq!(check_host("bücher.de"), HostCheck::Delegate);
        assert_eq!(check_host("XN--bcher-kva.de"), HostCheck::Delegate);
        assert_eq!(check_host("[::ffff:1.2.3.4]"), HostCheck::Delegate);
        assert_eq!(check_host("[::ffff:102:304]"), HostCheck::Delegate);
    }
}
