//! Lines, comments, `key: value` splitting and key classification (OS.GRT.LINE_SYNTAX).
//!
//! Everything works on spans (`start..end` offsets into the body) so that the parser can
//! report raw values without copying them.

use super::dialect::Dialect;

/// google/robotstxt's per-line buffer: 2083 × 8 bytes, one of them for the final NUL.
pub const MAX_LINE_BYTES: usize = 2083 * 8 - 1;

/// The kinds of line the parser acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    UserAgent,
    Allow,
    Disallow,
    Sitemap,
    ContentUsage,
    ContentSignal,
    Unknown,
}

const EXACT_KEYS: [(&[u8], Key); 6] = [
    (b"user-agent", Key::UserAgent),
    (b"allow", Key::Allow),
    (b"disallow", Key::Disallow),
    (b"sitemap", Key::Sitemap),
    (b"content-usage", Key::ContentUsage),
    (b"content-signal", Key::ContentSignal),
];

/// google/robotstxt's key prefixes, in its order of tests (typos after the right spelling).
pub const GOOGLE_KEYS: [(&str, Key); 12] = [
    ("user-agent", Key::UserAgent),
    ("useragent", Key::UserAgent),
    ("user agent", Key::UserAgent),
    ("allow", Key::Allow),
    ("disallow", Key::Disallow),
    ("dissallow", Key::Disallow),
    ("dissalow", Key::Disallow),
    ("disalow", Key::Disallow),
    ("diasllow", Key::Disallow),
    ("disallaw", Key::Disallow),
    ("sitemap", Key::Sitemap),
    ("site-map", Key::Sitemap),
];

/// ASCII whitespace as C's `isspace` and Python's `bytes.strip` see it.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `body[start..end]` without leading and trailing whitespace, as a span.
pub fn strip(body: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && is_space(body[start]) {
        start += 1;
    }
    while end > start && is_space(body[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// Iterator over the lines of `body[start..end]`: CR, LF and CRLF end a line.
pub struct Lines<'a> {
    body: &'a [u8],
    pos: usize,
    end: usize,
    done: bool,
}

impl<'a> Lines<'a> {
    pub fn new(body: &'a [u8], start: usize, end: usize) -> Self {
        Lines { body, pos: start, end, done: false }
    }
}

impl Iterator for Lines<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if self.done {
            return None;
        }
        let start = self.pos;
        match memchr::memchr2(b'\n', b'\r', &self.body[start..self.end]) {
            Some(i) => {
                let at = start + i;
                let crlf = self.body[at] == b'\r'
                    && self.body.get(at + 1) == Some(&b'\n')
                    && at + 1 < self.end;
                self.pos = at + if crlf { 2 } else { 1 };
                Some((start, at))
            }
            None => {
                self.done = true;
                Some((start, self.end))
            }
        }
    }
}

/// The kind of a key, exactly as written (case-insensitive) or, with `key_typos`, by
/// google/robotstxt's prefixes. The second value is the prefix that decided when the key
/// was not exact: with `key_typos` it was accepted, without it was ignored.
pub fn classify(key: &[u8], dialect: &Dialect) -> (Key, Option<&'static str>) {
    for (name, kind) in EXACT_KEYS {
        if key.eq_ignore_ascii_case(name) {
            return (kind, None);
        }
    }
    for (spelling, kind) in GOOGLE_KEYS {
        let s = spelling.as_bytes();
        if key.len() >= s.len() && key[..s.len()].eq_ignore_ascii_case(s) {
            return if dialect.key_typos {
                (kind, Some(spelling))
            } else {
                (Key::Unknown, Some(spelling))
            };
        }
    }
    (Key::Unknown, None)
}

/// How a line without a `:` after its first octet splits (google/robotstxt's
/// GetKeyAndValueFrom): the first space or tab separates; spaces and tabs after it are
/// skipped; the line has exactly two words if no space or tab follows.
#[derive(Debug, PartialEq, Eq)]
pub enum NoColon {
    /// No space or tab at all.
    NoValue,
    /// More than two words.
    Words,
    /// Key and value spans (not yet stripped).
    Split { key: (usize, usize), value: (usize, usize) },
}

/// Split a stripped line `body[start..end]` that has no colon.
pub fn split_without_colon(body: &[u8], start: usize, end: usize) -> NoColon {
    let line = &body[start..end];
    let Some(ws) = line.iter().position(|&b| b == b' ' || b == b'\t') else {
        return NoColon::NoValue;
    };
    let mut rest = ws + 1;
    while rest < line.len() && (line[rest] == b' ' || line[rest] == b'\t') {
        rest += 1;
    }
    if line[rest..].iter().any(|&b| b == b' ' || b == b'\t') {
        return NoColon::Words;
    }
    NoColon::Split { key: (start, start + ws), value: (start + rest, end) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_python() {
        let body = b"a\r\nb\rc\n\r\r\nd";
        let got: Vec<&[u8]> = Lines::new(body, 0, body.len()).map(|(s, e)| &body[s..e]).collect();
        assert_eq!(got, vec![&b"a"[..], b"b", b"c", b"", b"", b"d"]);
        let empty: Vec<_> = Lines::new(b"", 0, 0).collect();
        assert_eq!(empty, vec![(0, 0)]);
    }

    #[test]
    fn crlf_cut_by_the_size_limit_counts_the_cr_only() {
        let body = b"a\r\nb";
        let got: Vec<_> = Lines::new(body, 0, 2).collect();
        assert_eq!(got, vec![(0, 1), (2, 2)]);
    }

    #[test]
    fn keys() {
        let g = Dialect::GOOGLE;
        let r = Dialect::RFC;
        assert_eq!(classify(b"USER-AGENT", &r), (Key::UserAgent, None));
        assert_eq!(classify(b"Disallowed", &g), (Key::Disallow, Some("disallow")));
        assert_eq!(classify(b"Disallowed", &r), (Key::Unknown, Some("disallow")));
        assert_eq!(classify(b"allowance", &g), (Key::Allow, Some("allow")));
        assert_eq!(classify(b"crawl-delay", &g), (Key::Unknown, None));
        assert_eq!(classify(b"Content-Signal", &g), (Key::ContentSignal, None));
    }

    #[test]
    fn separator_without_colon_is_space_or_tab_only() {
        let line = b"disallow \x0c \x0c/x";
        assert_eq!(split_without_colon(line, 0, line.len()), NoColon::Words);
        let line = b"disallow \t /x";
        assert_eq!(
            split_without_colon(line, 0, line.len()),
            NoColon::Split { key: (0, 8), value: (11, 13) }
        );
        let line = b"disallow\x0b/x";
        assert_eq!(split_without_colon(line, 0, line.len()), NoColon::NoValue);
    }
}
