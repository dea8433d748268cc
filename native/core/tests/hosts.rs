//! Property tests (proptest) of the host core: on any text, `url_host`, `check_host`,
//! `redact` and the Public Suffix List lookup never panic and keep their invariants. The
//! exact answers are checked against the Python reference by
//! `tests/data/test_hosts_native.py` (a million generated URLs).

use gpaikit_core::host::{check_host, HostCheck};
use gpaikit_core::psl::{Domain, PublicSuffixes};
use gpaikit_core::url::{redact, url_host, Checked, Policy, Redacted};
use proptest::prelude::*;

fn hostish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("Example".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just("_".to_string()),
        Just("xn--".to_string()),
        Just("1".to_string()),
        Just("255".to_string()),
        Just("0x".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(":".to_string()),
        Just("::".to_string()),
        Just("ffff".to_string()),
        Just("%".to_string()),
        Just("@".to_string()),
        Just("/".to_string()),
        Just("?".to_string()),
        Just("#".to_string()),
        Just("ü".to_string()),
        Just("http://".to_string()),
        Just("HTTPS://".to_string()),
        "[ -~]{0,3}",
        "\\PC{0,2}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

const LIST: &str = "// ===BEGIN ICANN DOMAINS===\ncom\nco.uk\nuk\n*.ck\n!www.ck\n\
    // ===END ICANN DOMAINS===\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn url_host_is_a_slice_without_delimiters(url in hostish()) {
        let host = url_host(&url);
        prop_assert!(url.contains(host));
        prop_assert!(!host.contains('/') && !host.contains('?') && !host.contains('#'));
        if !host.starts_with('[') {
            prop_assert!(!host.contains(':'));
        }
    }

    #[test]
    fn a_canonical_host_is_stable(raw in hostish()) {
        if let HostCheck::Valid(host) = check_host(&raw) {
            prop_assert!(host.is_ascii() && host.len() <= 255);
            prop_assert!(!host.bytes().any(|b| b.is_ascii_uppercase()));
            prop_assert_eq!(check_host(&host), HostCheck::Valid(host.clone()));
        }
    }

    #[test]
    fn redaction_never_publishes_what_the_policy_strips(url in hostish()) {
        let policy = Policy { strip_credentials: true, strip_query: true, strip_fragment: true };
        let shown = redact(&url, policy, |raw| match check_host(raw) {
            HostCheck::Valid(h) => Checked::Host(h.into_owned()),
            HostCheck::Invalid(_) => Checked::Invalid,
            HostCheck::Delegate => Checked::Delegate,
        });
        if let Redacted::Url(text) = shown {
            prop_assert!(text.is_ascii());
            prop_assert!(!text.contains('?') && !text.contains('#') && !text.contains(' '));
            let authority = text.split("://").nth(1).unwrap().split('/').next().unwrap();
            prop_assert!(!authority.contains('@'));
        }
    }

    #[test]
    fn a_registrable_domain_is_a_suffix_of_the_host(host in hostish()) {
        let psl = PublicSuffixes::parse::<()>(LIST.as_bytes(), |_| Ok(None)).unwrap();
        let mut buffer = String::new();
        if let Domain::Domain(d) = psl.registrable_domain(&host, &mut buffer) {
            prop_assert!(host.to_ascii_lowercase().contains(d));
        }
    }
}
