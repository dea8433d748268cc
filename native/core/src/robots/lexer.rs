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
    const SPACES: u64 = 1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << b'\r' | 1 << 0x0b | 1 << 0x0c;
    b <= b' ' && SPACES >> b & 1 == 1
}

/// `body[start..end]` without leading and trailing whitespace, as a span.
#[inline]
pub fn strip(body: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && is_space(body[start]) {
        start += 1;
    }
    while end > start && is_space(body[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// One line of the body: `start..end` (without the line break) and the first NUL and `#`
/// in it (absolute offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub nul: Option<usize>,
    pub hash: Option<usize>,
}

/// Iterator over the lines of `body[start..end]`: CR, LF and CRLF end a line.
///
/// Line ends are found with a vectorised search; the positions of every `#` and NUL are
/// collected in one vectorised pass up front, so each line costs a few comparisons more.
pub struct Lines<'a> {
    body: &'a [u8],
    pos: usize,
    done: bool,
    offset: usize,
    breaks: memchr::Memchr2<'a>,
    marks: Vec<usize>,
    next_mark: usize,
}

impl<'a> Lines<'a> {
    pub fn new(body: &'a [u8], start: usize, end: usize) -> Self {
        let body = &body[..end];
        let marks = memchr::memchr2_iter(b'#', 0, &body[start..]).map(|i| i + start).collect();
        let breaks = memchr::memchr2_iter(b'\n', b'\r', &body[start..]);
        Lines { body, pos: start, done: false, offset: start, breaks, marks, next_mark: 0 }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.done {
            return None;
        }
        let body = self.body;
        let start = self.pos;
        let end = match self.breaks.next() {
            Some(i) => {
                let at = self.offset + i;
                let crlf = body[at] == b'\r' && body.get(at + 1) == Some(&b'\n');
                if crlf {
                    self.breaks.next(); // the LF of the CRLF
                }
                self.pos = at + if crlf { 2 } else { 1 };
                at
            }
            None => {
                self.done = true;
                body.len()
            }
        };
        let mut line = Line { start, end, nul: None, hash: None };
        while self.next_mark < self.marks.len() && self.marks[self.next_mark] < end {
            let at = self.marks[self.next_mark];
            self.next_mark += 1;
            if body[at] == 0 {
                line.nul = line.nul.or(Some(at));
            } else {
                line.hash = line.hash.or(Some(at));
            }
        }
        Some(line)
    }
}

/// Whether `key` equals the lower-case `name` (letters and `-` only), ignoring ASCII case.
/// Setting bit 5 maps each upper-case letter to its lower case; the only other octet it maps
/// onto a letter or `-` is CR, which never occurs inside a line.
fn is_key(key: &[u8], name: &[u8]) -> bool {
    if key.len() != name.len() {
        return false;
    }
    let (mut k, mut n) = (key, name);
    while let (Some(a), Some(b)) = (k.first_chunk::<8>(), n.first_chunk::<8>()) {
        if u64::from_le_bytes(*a) | 0x2020_2020_2020_2020 != u64::from_le_bytes(*b) {
            return false;
        }
        (k, n) = (&k[8..], &n[8..]);
    }
    k.iter().zip(n).all(|(&a, &b)| a | 0x20 == b)
}

/// The kind of a key, exactly as written (case-insensitive) or, with `key_typos`, by
/// google/robotstxt's prefixes. The second value is the prefix that decided when the key
/// was not exact: with `key_typos` it was accepted, without it was ignored.
pub fn classify(key: &[u8], dialect: &Dialect) -> (Key, Option<&'static str>) {
    let exact: Option<(&[u8], Key)> = match (key.len(), key.first().map(|b| b | 0x20)) {
        (10, Some(b'u')) => Some((b"user-agent", Key::UserAgent)),
        (5, Some(b'a')) => Some((b"allow", Key::Allow)),
        (8, Some(b'd')) => Some((b"disallow", Key::Disallow)),
        (7, Some(b's')) => Some((b"sitemap", Key::Sitemap)),
        (13, Some(b'c')) => Some((b"content-usage", Key::ContentUsage)),
        (14, Some(b'c')) => Some((b"content-signal", Key::ContentSignal)),
        _ => None,
    };
    if let Some((name, kind)) = exact {
        if is_key(key, name) {
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
        let got: Vec<&[u8]> =
            Lines::new(body, 0, body.len()).map(|l| &body[l.start..l.end]).collect();
        assert_eq!(got, vec![&b"a"[..], b"b", b"c", b"", b"", b"d"]);
        let empty: Vec<_> = Lines::new(b"", 0, 0).map(|l| (l.start, l.end)).collect();
        assert_eq!(empty, vec![(0, 0)]);
        let marks = Lines::new(b"a:b#c\0:#\n#", 0, 10).next().unwrap();
        assert_eq!((marks.nul, marks.hash, marks.end), (Some(5), Some(3), 8));
    }

    #[test]
    fn crlf_cut_by_the_size_limit_counts_the_cr_only() {
        let body = b"a\r\nb";
        let got: Vec<_> = Lines::new(body, 0, 2).map(|l| (l.start, l.end)).collect();
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
