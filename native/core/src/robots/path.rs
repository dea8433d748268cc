//! The part of a URL that robots.txt rules match: path, params and query (OS.GRT.URL).
//!
//! google/robotstxt's GetPathParamsQuery: an initial `//` is skipped; a scheme ends at the
//! first `://` unless a `/`, `?` or `;` comes before it; the path starts at the first `/`,
//! `?` or `;` after that and ends at `#`; a `#` before the path start, or no path, gives
//! `/`; a path starting with `?` or `;` gets a `/` in front.

use std::borrow::Cow;

fn find_first_of(url: &[u8], from: usize) -> Option<usize> {
    url.get(from..)?.iter().position(|&b| matches!(b, b'/' | b'?' | b';')).map(|i| i + from)
}

/// The first `://` in `url[from..]` (a plain scan: URLs are short and `://` comes early).
fn find_scheme_end(url: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b':', &url[at..]) {
        let colon = at + i;
        if url[colon + 1..].starts_with(b"//") {
            return Some(colon);
        }
        at = colon + 1;
    }
    None
}

/// The path, params and query of `url`; it always starts with `/`.
pub fn path_of(url: &[u8]) -> Cow<'_, [u8]> {
    let start = if url.starts_with(b"//") { 2 } else { 0 };
    let early = find_first_of(url, start);
    let protocol = find_scheme_end(url, start);
    let after_protocol = match (protocol, early) {
        (Some(p), Some(e)) if e < p => start,
        (Some(p), _) => p + 3,
        (None, _) => start,
    };
    let Some(path_start) = find_first_of(url, after_protocol) else {
        return Cow::Borrowed(b"/");
    };
    let hash = memchr::memchr(b'#', &url[start..]).map(|i| i + start);
    if hash.is_some_and(|h| h < path_start) {
        return Cow::Borrowed(b"/");
    }
    let path = &url[path_start..hash.unwrap_or(url.len())];
    if path[0] == b'/' {
        Cow::Borrowed(path)
    } else {
        let mut owned = Vec::with_capacity(path.len() + 1);
        owned.push(b'/');
        owned.extend_from_slice(path);
        Cow::Owned(owned)
    }
}

#[cfg(test)]
mod tests {
    use super::path_of;

    fn p(url: &str) -> String {
        String::from_utf8(path_of(url.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn google_examples() {
        assert_eq!(p(""), "/");
        assert_eq!(p("http://www.example.com"), "/");
        assert_eq!(p("http://www.example.com/"), "/");
        assert_eq!(p("http://www.example.com/a"), "/a");
        assert_eq!(p("http://www.example.com/a/"), "/a/");
        assert_eq!(p("http://www.example.com/a/b?c=http://d.e/"), "/a/b?c=http://d.e/");
        assert_eq!(p("http://www.example.com/a/b?c=d&e=f#fragment"), "/a/b?c=d&e=f");
        assert_eq!(p("example.com"), "/");
        assert_eq!(p("example.com/"), "/");
        assert_eq!(p("example.com/a"), "/a");
        assert_eq!(p("example.com/a/"), "/a/");
        assert_eq!(p("example.com/a/b?c=d&e=f#fragment"), "/a/b?c=d&e=f");
        assert_eq!(p("a"), "/");
        assert_eq!(p("a/"), "/");
        assert_eq!(p("/a"), "/a");
        assert_eq!(p("a/b"), "/b");
        assert_eq!(p("example.com?a"), "/?a");
        assert_eq!(p("example.com/a;b#c"), "/a;b");
        assert_eq!(p("//a/b/c"), "/b/c");
        assert_eq!(p("h#x://a/b"), "/");
    }
}
