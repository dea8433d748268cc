//! Percent-encoding of rule patterns and URL paths (`gpaikit/rep/_encoding.py`).
//!
//! * google (OS.GRT.ESCAPE): rule values get octets >= 0x80 percent-encoded and `%xx`
//!   escapes upper-cased; URLs are used as given.
//! * rfc (OS.REP.ENCODING): rule values and URL paths get octets >= 0x80, controls and space
//!   percent-encoded, escapes upper-cased and escapes of unreserved characters decoded;
//!   in URL paths a literal `*` or `$` becomes `%2A` / `%24`.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn hex_value(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Whether `value[i..]` starts with `%` and two hex digits.
fn escape_at(value: &[u8], i: usize) -> bool {
    value[i] == b'%'
        && i + 2 < value.len()
        && value[i + 1].is_ascii_hexdigit()
        && value[i + 2].is_ascii_hexdigit()
}

fn push_escaped(out: &mut Vec<u8>, b: u8) {
    out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
}

/// What an octet asks of the escaping functions, as bits (see [`flags`]).
pub const RFC_ENCODED: u8 = 1; // controls, space, DEL and octets >= 0x80
pub const PERCENT: u8 = 2;
pub const HIGH: u8 = 4; // octets >= 0x80
pub const STAR: u8 = 8;
pub const DOLLAR: u8 = 16;

const fn flag_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let mut f = 0;
        if b <= 0x20 || b >= 0x7f {
            f |= RFC_ENCODED;
        }
        if b >= 0x80 {
            f |= HIGH;
        }
        if b == b'%' as usize {
            f |= PERCENT;
        }
        if b == b'*' as usize {
            f |= STAR;
        }
        if b == b'$' as usize {
            f |= DOLLAR;
        }
        table[b] = f;
        b += 1;
    }
    table
}

static FLAGS: [u8; 256] = flag_table();

/// The union of the flags of `value`'s octets: one table lookup per octet.
pub fn flags(value: &[u8]) -> u8 {
    value.iter().fold(0, |f, &b| f | FLAGS[b as usize])
}

/// google/robotstxt's MaybeEscapePattern, appended to `out`; returns `flags(value)`.
pub fn google_escape(value: &[u8], out: &mut Vec<u8>) -> u8 {
    let found = flags(value);
    if found & (HIGH | PERCENT) == 0 {
        out.extend_from_slice(value);
        return found;
    }
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if escape_at(value, i) {
            out.extend_from_slice(&[
                b'%',
                value[i + 1].to_ascii_uppercase(),
                value[i + 2].to_ascii_uppercase(),
            ]);
            i += 3;
        } else {
            if b >= 0x80 {
                push_escaped(out, b);
            } else {
                out.push(b);
            }
            i += 1;
        }
    }
    found
}

/// Octets the rfc canonical form percent-encodes.
fn rfc_encodes(b: u8) -> bool {
    b <= 0x20 || b >= 0x7f
}

/// RFC 9309 §2.2.2 canonical form; `path` also encodes a literal `*` and `$`.
fn rfc_normalise_into(value: &[u8], path: bool, out: &mut Vec<u8>) {
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if escape_at(value, i) {
            let octet = hex_value(value[i + 1]) << 4 | hex_value(value[i + 2]);
            if unreserved(octet) {
                out.push(octet);
            } else {
                out.extend_from_slice(&[
                    b'%',
                    value[i + 1].to_ascii_uppercase(),
                    value[i + 2].to_ascii_uppercase(),
                ]);
            }
            i += 3;
            continue;
        }
        if rfc_encodes(b) || (path && (b == b'*' || b == b'$')) {
            push_escaped(out, b);
        } else {
            out.push(b);
        }
        i += 1;
    }
}

/// The rfc canonical form of a rule value; a `$` that is not last is a literal, `%24`.
/// Returns `flags(value)`.
pub fn rfc_normalise_pattern(value: &[u8], out: &mut Vec<u8>) -> u8 {
    let Some((&last, head)) = value.split_last() else { return 0 };
    let head_flags = flags(head);
    let found = head_flags | FLAGS[last as usize];
    if found & (RFC_ENCODED | PERCENT) == 0 {
        if head_flags & DOLLAR == 0 {
            out.extend_from_slice(value);
            return found;
        }
        // Nothing to normalise: only the inner `$`s change.
        for &b in head {
            if b == b'$' {
                out.extend_from_slice(b"%24");
            } else {
                out.push(b);
            }
        }
        out.push(last);
        return found;
    }
    let start = out.len();
    rfc_normalise_into(value, false, out);
    let text = &out[start..];
    if text.len() > 1 && text[..text.len() - 1].contains(&b'$') {
        let last = text[text.len() - 1];
        let body: Vec<u8> = text[..text.len() - 1].to_vec();
        out.truncate(start);
        for b in body {
            if b == b'$' {
                out.extend_from_slice(b"%24");
            } else {
                out.push(b);
            }
        }
        out.push(last);
    }
    found
}

/// Whether a URL path is already in rfc canonical form (then it is used as it is).
pub fn rfc_path_is_clean(path: &[u8]) -> bool {
    flags(path) & (RFC_ENCODED | PERCENT | STAR | DOLLAR) == 0
}

/// The rfc canonical form of a URL path, appended to `out`.
pub fn rfc_normalise_path(path: &[u8], out: &mut Vec<u8>) {
    rfc_normalise_into(path, true, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn google(v: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        google_escape(v, &mut out);
        out
    }

    fn rfc(v: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        rfc_normalise_pattern(v, &mut out);
        out
    }

    fn rfc_path(v: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        rfc_normalise_path(v, &mut out);
        out
    }

    #[test]
    fn google_escapes_high_octets_and_upper_cases_escapes() {
        assert_eq!(google("/SanJosé".as_bytes()), b"/SanJos%C3%A9");
        assert_eq!(google(b"%aa/%2f%zz%"), b"%AA/%2F%zz%");
        assert_eq!(google(b"/%62%61%7A"), b"/%62%61%7A");
    }

    #[test]
    fn rfc_decodes_unreserved_and_encodes_controls() {
        assert_eq!(rfc(b"/foo/bar/%62%61%7A"), b"/foo/bar/baz");
        assert_eq!(rfc(b"/a b\x7f"), b"/a%20b%7F");
        assert_eq!(rfc(b"/%2f%e3"), b"/%2F%E3");
        assert_eq!(rfc(b"/a$b$"), b"/a%24b$");
        assert_eq!(rfc(b"$"), b"$");
    }

    #[test]
    fn rfc_path_encodes_star_and_dollar() {
        assert_eq!(rfc_path(b"/a*b$"), b"/a%2Ab%24");
        assert_eq!(rfc_path(b"/%2a"), b"/%2A");
        assert!(rfc_path_is_clean(b"/a/b?c=d"));
        assert!(!rfc_path_is_clean(b"/a b"));
    }
}
