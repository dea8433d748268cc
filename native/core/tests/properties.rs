//! Property tests (proptest) of the robots.txt core: the parser never panics and keeps its
//! invariants on any input, and every matching path (scan, ranked scan, compiled trie and
//! wildcards) agrees with google/robotstxt's position-set matcher written out plainly.
//! `make test` runs them (`cargo test -p gpaikit-core`).

use gpaikit_core::robots::matcher::{Compiled, NONE};
use gpaikit_core::robots::parse::Agent;
use gpaikit_core::robots::path::path_of;
use gpaikit_core::robots::pattern::{matches, reference_matches};
use gpaikit_core::robots::{Dialect, Robots};
use proptest::prelude::*;

fn dialect() -> impl Strategy<Value = Dialect> {
    (
        any::<[bool; 5]>(),
        prop_oneof![Just(None), Just(Some(0)), Just(Some(40)), Just(Some(512_000))],
    )
        .prop_map(|(s, size_limit)| Dialect {
            key_typos: s[0],
            no_colon: s[1],
            index_html: s[2],
            rfc_encoding: s[3],
            self_allowed: s[4],
            size_limit,
        })
}

/// Bodies from robots.txt-like fragments, including the awkward ones.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let fragment = prop_oneof![
        Just(&b"User-agent: "[..]),
        Just(&b"user-agent:"[..]),
        Just(&b"Disallow: "[..]),
        Just(&b"allow:"[..]),
        Just(&b"Disalow "[..]),
        Just(&b"Content-Usage: "[..]),
        Just(&b"Content-Signal: "[..]),
        Just(&b"Sitemap: "[..]),
        Just(&b"*"[..]),
        Just(&b"$"[..]),
        Just(&b"/"[..]),
        Just(&b"/a"[..]),
        Just(&b"index.html"[..]),
        Just(&b"%2f"[..]),
        Just(&b"%41"[..]),
        Just(&b"#"[..]),
        Just(&b":"[..]),
        Just(&b" "[..]),
        Just(&b"\t"[..]),
        Just(&b"\x0b"[..]),
        Just(&b"\x0c"[..]),
        Just(&b"\n"[..]),
        Just(&b"\r"[..]),
        Just(&b"\r\n"[..]),
        Just(&b"\0"[..]),
        Just(&b"\xef\xbb\xbf"[..]),
        Just(&b"\xff"[..]),
        Just("ä".as_bytes()),
        Just(&b"FooBot"[..]),
        Just(&b"foo bar"[..]),
    ];
    prop_oneof![
        prop::collection::vec(fragment, 0..60).prop_map(|parts| parts.concat()),
        prop::collection::vec(any::<u8>(), 0..400),
    ]
}

fn pattern() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(b"/ab*$?.".to_vec()), 0..10).prop_map(|mut p| {
        p.insert(0, b'/');
        p
    })
}

fn path() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(b"/ab?.$*".to_vec()), 0..14).prop_map(|mut p| {
        p.insert(0, b'/');
        p
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parsing_keeps_its_invariants(body in body(), dialect in dialect()) {
        let robots = Robots::parse(&body, dialect);
        let p = &robots.parsed;
        prop_assert_eq!(p.size, body.len());
        prop_assert!(p.parsed_bytes <= body.len());
        prop_assert!(p.warnings.len() <= 1001);
        for (i, group) in p.groups.iter().enumerate() {
            prop_assert!(!group.agents.is_empty());
            for r in group.rules.start..group.rules.end {
                prop_assert_eq!(p.rules[r as usize].group as usize, i);
            }
            for agent in &group.agents {
                if let Agent::Token(t) = agent {
                    let token = p.bytes(*t);
                    prop_assert!(token.iter().all(|&b| b.is_ascii_alphabetic() || b == b'-' || b == b'_'));
                }
            }
        }
        for rule in &p.rules {
            let pattern = p.pattern(rule);
            prop_assert!(pattern.is_ascii(), "patterns are escaped to ASCII");
            prop_assert!(!pattern.contains(&b'\0') && !pattern.contains(&b'#'));
            prop_assert_eq!(rule.wild, pattern.contains(&b'*'));
            prop_assert!(rule.line >= 1 && rule.line <= p.lines);
            if dialect.rfc_encoding {
                let dollars = pattern.iter().filter(|&&b| b == b'$').count();
                prop_assert!(dollars == 0 || (dollars == 1 && pattern.ends_with(b"$")));
            }
        }
    }

    #[test]
    fn every_answering_path_agrees(body in body(), dialect in dialect(), paths in prop::collection::vec(path(), 1..6)) {
        let robots = Robots::parse(&body, dialect);
        for agent in [&b"FooBot"[..], b"foobot", b"x", b""] {
            let rules = robots.agent(Some(agent));
            for path in &paths {
                let once = robots.allowed_once(path, Some(agent));
                let ranked = robots.decide_with(&rules, path, false);
                let compiled = robots.decide_with(&rules, path, true);
                prop_assert_eq!(once, ranked.allowed);
                prop_assert_eq!(ranked, compiled);
            }
        }
    }

    #[test]
    fn wildcard_matcher_equals_the_position_set_matcher(path in path(), pattern in pattern()) {
        prop_assert_eq!(matches(&path, &pattern), reference_matches(&path, &pattern));
    }

    #[test]
    fn compiled_rules_pick_the_first_match_in_rank_order(
        patterns in prop::collection::vec(pattern(), 1..12),
        paths in prop::collection::vec(path(), 1..8),
    ) {
        let compiled = Compiled::new(patterns.iter().map(Vec::as_slice));
        for path in &paths {
            let expected = patterns
                .iter()
                .position(|p| reference_matches(path, p))
                .map_or(NONE, |i| i as u32);
            prop_assert_eq!(compiled.best(path), expected);
        }
    }

    #[test]
    fn a_path_always_starts_with_a_slash(url in prop::collection::vec(prop::sample::select(b"/?;#:ab".to_vec()), 0..16)) {
        let path = path_of(&url);
        prop_assert!(path.starts_with(b"/"));
        prop_assert!(!path.contains(&b'#'));
    }
}

#[test]
fn hostile_wildcards_are_answered() {
    let mut body = b"User-agent: *\n".to_vec();
    for k in 1..300 {
        body.extend_from_slice(b"Disallow: /");
        for _ in 0..k {
            body.extend_from_slice(b"*a");
        }
        body.extend_from_slice(b"*b$\n");
    }
    let robots = Robots::parse(&body, Dialect::GOOGLE);
    let mut url = b"https://h/".to_vec();
    url.extend(std::iter::repeat_n(b'a', 20_000));
    let rules = robots.agent(Some(b"x"));
    assert!(robots.decide_with(&rules, &url, true).allowed);
    assert!(robots.allowed_once(&url, Some(b"x")));
}
