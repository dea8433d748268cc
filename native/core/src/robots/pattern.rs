//! One robots.txt pattern against one path (OS.GRT.MATCH, OS.REP.SPECIAL_CHARS).
//!
//! A pattern is anchored at the start of the path; `*` matches any run of octets; a final
//! `$` anchors the end. Pieces between `*`s are searched left to right, each from where the
//! previous one ended: finding each at its leftmost position decides whether any match
//! exists, so the work is linear in the path and the pattern (memchr's `memmem` is linear).

use memchr::{memchr, memmem, memrchr};

/// Whether a pattern without `*` (`wild` false) or with (`wild` true) matches `path`.
pub fn matches_rule(path: &[u8], pattern: &[u8], wild: bool) -> bool {
    if wild {
        return matches(path, pattern);
    }
    match pattern.split_last() {
        Some((b'$', body)) => path == body,
        _ => path.starts_with(pattern),
    }
}

/// Whether `pattern` matches `path`.
pub fn matches(path: &[u8], pattern: &[u8]) -> bool {
    let (body, anchored) = match pattern.split_last() {
        Some((b'$', body)) => (body, true),
        _ => (pattern, false),
    };
    let Some(first_star) = memchr(b'*', body) else {
        return if anchored { path == body } else { path.starts_with(body) };
    };
    let first = &body[..first_star];
    if !path.starts_with(first) {
        return false;
    }
    let mut pos = first.len();
    let last_star = memrchr(b'*', body).unwrap_or(first_star);
    if last_star > first_star {
        for piece in body[first_star + 1..last_star].split(|&b| b == b'*') {
            if piece.is_empty() {
                continue;
            }
            match memmem::find(&path[pos..], piece) {
                Some(i) => pos += i + piece.len(),
                None => return false,
            }
        }
    }
    let tail = &body[last_star + 1..];
    if anchored {
        path.len() >= pos + tail.len() && path.ends_with(tail)
    } else {
        tail.is_empty() || memmem::find(&path[pos..], tail).is_some()
    }
}

/// google/robotstxt's position-set matcher, written out plainly: the specification the
/// fast matcher is tested against (quadratic, for tests only).
pub fn reference_matches(path: &[u8], pattern: &[u8]) -> bool {
    let mut positions = vec![0usize];
    for (i, &c) in pattern.iter().enumerate() {
        if c == b'$' && i + 1 == pattern.len() {
            return *positions.last().unwrap() == path.len();
        }
        if c == b'*' {
            positions = (positions[0]..=path.len()).collect();
        } else {
            positions = positions
                .into_iter()
                .filter(|&p| p < path.len() && path[p] == c)
                .map(|p| p + 1)
                .collect();
            if positions.is_empty() {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        let cases: &[(&str, &str, bool)] = &[
            ("/fish", "/fish.html", true),
            ("/fish", "/Fish.asp", false),
            ("/fish*.php", "/fishheads/catfish.php?parameters", true),
            ("/*.php$", "/filename.php", true),
            ("/*.php$", "/filename.php?x", false),
            ("/a$b", "/a$b", true),
            ("/***a**b", "/zzazzb", true),
            ("/*a*a$", "/aa", true),
            ("/*a*a$", "/a", false),
            ("$", "/", false),
            ("", "/", true),
            ("/*", "/", true),
        ];
        for &(pattern, path, expected) in cases {
            assert_eq!(matches(path.as_bytes(), pattern.as_bytes()), expected, "{pattern} {path}");
            assert_eq!(reference_matches(path.as_bytes(), pattern.as_bytes()), expected);
        }
    }
}
