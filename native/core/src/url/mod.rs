//! URL normalisation for the data jobs (`gpaikit/_hosts.py`: `url_host`, `redact_url`).
//!
//! * [`url_host`]: the raw host of an absolute http(s) URL, exactly as `HOST_REGEX`
//!   (`^[hH][tT][tT][pP][sS]?://(?:[^/?#@]*@)?(\[[^\]/?#]*\]|[^/?#:\[][^/?#:]*)?`) reads it;
//! * [`redact`]: the URL as it may be published (canonical host, no credentials, query or
//!   fragment unless the policy keeps them, path percent-encoded as `urllib.parse.quote`
//!   does with gpaikit's safe set).
//!
//! Both work on UTF-8 text: every delimiter is ASCII, so byte positions always fall on
//! character boundaries.

/// The length of `^[hH][tT][tT][pP][sS]?://` at the start of `url`, if it is there.
pub fn http_scheme_len(url: &[u8]) -> Option<usize> {
    if url.len() < 7 || !url[..4].eq_ignore_ascii_case(b"http") {
        return None;
    }
    let at = if matches!(url[4], b's' | b'S') { 5 } else { 4 };
    url[at..].starts_with(b"://").then_some(at + 3)
}

fn position(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[from..].iter().position(|&b| stop(b)).map_or(bytes.len(), |i| from + i)
}

/// The raw host of `url` by `HOST_REGEX` (empty when there is none).
pub fn url_host(url: &str) -> &str {
    match http_scheme_len(url.as_bytes()) {
        Some(at) => authority_host(&url[at..]),
        None => "",
    }
}

/// The raw host at the start of `text`, the rest of a URL after `http://` or `https://`
/// (`HOST_REGEX` after its scheme): user information up to a first `@` skipped, then an
/// IPv6 literal with its brackets or the text up to the first `/`, `?`, `#` or `:`.
pub fn authority_host(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut at = 0;
    let end = position(bytes, at, |b| matches!(b, b'/' | b'?' | b'#' | b'@'));
    if bytes.get(end) == Some(&b'@') {
        at = end + 1;
    }
    match bytes.get(at) {
        Some(b'[') => {
            let close = position(bytes, at + 1, |b| matches!(b, b']' | b'/' | b'?' | b'#'));
            if bytes.get(close) == Some(&b']') {
                &text[at..=close]
            } else {
                ""
            }
        }
        Some(b'/' | b'?' | b'#' | b':') | None => "",
        Some(_) => {
            let end = position(bytes, at + 1, |b| matches!(b, b'/' | b'?' | b'#' | b':'));
            &text[at..end]
        }
    }
}

/// What `redact` removes (`gpaikit._hosts.UrlPolicy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub strip_credentials: bool,
    pub strip_query: bool,
    pub strip_fragment: bool,
}

/// What `redact` gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redacted {
    Url(String),
    /// Not an absolute URL with `//`, or its host is not a valid host.
    Invalid,
    /// The port holds non-ASCII characters (the reference's `str.isdigit` is Unicode-wide),
    /// or the host checker could not decide: ask the reference.
    Delegate,
}

/// What the caller's host checker answers for a raw host.
pub enum Checked {
    Host(String),
    Invalid,
    Delegate,
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";
/// `urllib.parse.quote`'s always-safe characters plus gpaikit's `_SAFE`.
const SAFE: &[u8] = b"/:@!$&'()*+,;=-._~%";

fn quote_into(out: &mut String, text: &str, extra: &[u8]) {
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || SAFE.contains(&b) || extra.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// `([A-Za-z][A-Za-z0-9+.-]*):` followed by `//`: the scheme's length, if so.
fn scheme_with_slashes(url: &[u8]) -> Option<usize> {
    if !url.first()?.is_ascii_alphabetic() {
        return None;
    }
    let end = position(url, 0, |b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')));
    (url[end..].starts_with(b"://")).then_some(end)
}

/// `url` as it may be published under `policy`, checking its host with `check`.
pub fn redact(url: &str, policy: Policy, check: impl FnOnce(&str) -> Checked) -> Redacted {
    let bytes = url.as_bytes();
    let Some(scheme_len) = scheme_with_slashes(bytes) else {
        return Redacted::Invalid;
    };
    let rest = &url[scheme_len + 3..];
    let cut = position(rest.as_bytes(), 0, |b| matches!(b, b'/' | b'?' | b'#'));
    let (authority, tail) = rest.split_at(cut);
    let (userinfo, hostport) = match authority.find('@') {
        Some(at) => (&authority[..at], &authority[at + 1..]),
        None => ("", authority),
    };
    let (raw_host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(close) => (&hostport[..=close], hostport.get(close + 2..).unwrap_or("")),
            None => ("", ""),
        }
    } else {
        hostport.split_once(':').unwrap_or((hostport, ""))
    };
    if !port.is_ascii() {
        return Redacted::Delegate;
    }
    let host = match check(raw_host) {
        Checked::Host(host) => host,
        Checked::Invalid => return Redacted::Invalid,
        Checked::Delegate => return Redacted::Delegate,
    };
    let (before_hash, fragment) = match tail.find('#') {
        Some(at) => (&tail[..at], Some(&tail[at + 1..])),
        None => (tail, None),
    };
    let (path, query) = match before_hash.find('?') {
        Some(at) => (&before_hash[..at], Some(&before_hash[at + 1..])),
        None => (before_hash, None),
    };
    let mut shown = String::with_capacity(url.len() + 16);
    shown.push_str(&url[..scheme_len].to_ascii_lowercase());
    shown.push_str("://");
    if !userinfo.is_empty() && !policy.strip_credentials {
        quote_into(&mut shown, userinfo, b"");
        shown.push('@');
    }
    shown.push_str(&host);
    if !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) {
        shown.push(':');
        shown.push_str(port);
    }
    quote_into(&mut shown, path, b"");
    if let (Some(query), false) = (query, policy.strip_query) {
        shown.push('?');
        quote_into(&mut shown, query, b"?");
    }
    if let (Some(fragment), false) = (fragment, policy.strip_fragment) {
        shown.push('#');
        quote_into(&mut shown, fragment, b"?#");
    }
    Redacted::Url(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_as_the_regex_reads_them() {
        for (url, host) in [
            ("https://www.example.com/a", "www.example.com"),
            ("HTTP://u:p@Example.com:8080/", "Example.com"),
            ("http://a@b@c/", "b@c"),
            ("http://[2001:db8::1]:80/x", "[2001:db8::1]"),
            ("http://[2001/x", ""),
            ("http://:80/", ""),
            ("http://a?b/c", "a"),
            ("ftp://a/", ""),
            ("http:/a/", ""),
            ("http://", ""),
            ("https://bücher.de/", "bücher.de"),
            ("http://[a]b/", "[a]"),
            ("http://x#y@z/", "x"),
        ] {
            assert_eq!(url_host(url), host, "{url}");
        }
    }

    fn full(url: &str) -> Redacted {
        let policy = Policy { strip_credentials: true, strip_query: true, strip_fragment: true };
        redact(url, policy, |h| {
            if h.is_empty() {
                Checked::Invalid
            } else {
                Checked::Host(h.to_ascii_lowercase())
            }
        })
    }

    #[test]
    fn redaction() {
        assert_eq!(
            full("HTTPS://user:pw@Example.com:443/a b?q=1#f"),
            Redacted::Url("https://example.com:443/a%20b".into())
        );
        assert_eq!(full("mailto:x@y"), Redacted::Invalid);
        assert_eq!(full("http:///x"), Redacted::Invalid);
        assert_eq!(full("http://h:８０/"), Redacted::Delegate);
    }
}
