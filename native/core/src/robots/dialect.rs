//! The switches of a robots.txt mode (`gpaikit.rep.Dialect` on the Python side).

/// Every difference between the rfc and google modes is one field (`docs/rep.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// OS.GRT.DIFF.TYPOS: case-insensitive key prefixes and typo variants.
    pub key_typos: bool,
    /// OS.GRT.DIFF.NO_COLON: `disallow /x` without a colon.
    pub no_colon: bool,
    /// OS.GRT.DIFF.INDEX_HTML: `Allow: /d/index.htm…` also allows `/d/`.
    pub index_html: bool,
    /// OS.GRT.DIFF.PCT_DECODE / URL_ENCODING: normalise rules and URL paths.
    pub rfc_encoding: bool,
    /// OS.REP.SELF_ALLOWED: `/robots.txt` is always allowed.
    pub self_allowed: bool,
    /// OS.GRT.DIFF.SIZE: bytes parsed (`None`: the whole body).
    pub size_limit: Option<usize>,
}

/// 500 KiB, the minimum parsing limit of RFC 9309 §2.5.
pub const RFC_SIZE_LIMIT: usize = 500 * 1024;

impl Dialect {
    /// RFC 9309.
    pub const RFC: Dialect = Dialect {
        key_typos: false,
        no_colon: false,
        index_html: false,
        rfc_encoding: true,
        self_allowed: true,
        size_limit: Some(RFC_SIZE_LIMIT),
    };
    /// google/robotstxt (`robots.cc`).
    pub const GOOGLE: Dialect = Dialect {
        key_typos: true,
        no_colon: true,
        index_html: true,
        rfc_encoding: false,
        self_allowed: false,
        size_limit: None,
    };
}
