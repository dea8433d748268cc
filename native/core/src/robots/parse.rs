//! Grouping of lines into groups, rules and warnings (`gpaikit/rep/_parse.py`).
//!
//! The parser never fails. It keeps a copy of the body and refers to values by span, and it
//! stores rule patterns (after percent-encoding) in one arena, so a file costs a handful of
//! allocations whatever its number of rules.

use std::ops::Range;

use super::dialect::Dialect;
use super::escape::{
    flags, google_escape, rfc_normalise_pattern, DOLLAR, HIGH, PERCENT, RFC_ENCODED, STAR,
};
use super::lexer::{
    self, classify, split_without_colon, Key, Line, Lines, NoColon, MAX_LINE_BYTES,
};

/// At most this many warnings are kept, then one `too-many-warnings`.
pub const MAX_WARNINGS: usize = 1000;

/// `start..end` offsets into [`Parsed::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An argument of a warning message (the wording lives in `gpaikit/rep/_messages.py`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(Span),
    Static(&'static str),
}

/// A warning: line, message key (`code` or `code.variant`) and arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: u32,
    pub key: &'static str,
    pub args: Vec<Arg>,
}

/// One allow or disallow rule. `pattern` is a span of [`Parsed::arena`] when `in_arena`
/// (the value needed escaping, or the rule is derived), else of [`Parsed::text`] (the value
/// is its own canonical form, the common case: no copy).
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub line: u32,
    pub allow: bool,
    pub derived: bool,
    pub in_arena: bool,
    /// Whether the pattern has a `*` (else it is a literal, optionally `$`-anchored).
    pub wild: bool,
    pub group: u32,
    pub pattern: Span,
    pub raw: Span,
}

/// A `Content-Usage` or `Content-Signal` line of a group (interpreted on the Python side).
#[derive(Clone, Copy, Debug)]
pub struct Extra {
    pub line: u32,
    pub value: Span,
    pub group: u32,
}

/// A user-agent value: the global `*` or a product token (possibly empty).
#[derive(Clone, Copy, Debug)]
pub enum Agent {
    Star,
    Token(Span),
}

/// A group; its rules and extra lines are ranges of the parsed vectors.
#[derive(Clone, Debug)]
pub struct Group {
    pub line: u32,
    pub agents: Vec<Agent>,
    pub rules: Range<u32>,
    pub usage: Range<u32>,
    pub signals: Range<u32>,
}

impl Group {
    pub fn is_global(&self) -> bool {
        self.agents.iter().any(|a| matches!(a, Agent::Star))
    }
}

/// Everything the parser found, as the Python `ParsedBody`.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub text: Vec<u8>,
    pub arena: Vec<u8>,
    pub groups: Vec<Group>,
    pub rules: Vec<Rule>,
    pub usage: Vec<Extra>,
    pub signals: Vec<Extra>,
    pub sitemaps: Vec<Span>,
    pub others: Vec<(u32, Span, Span)>,
    pub ignored: Vec<(u32, Span)>,
    pub warnings: Vec<Warning>,
    pub lines: u32,
    pub size: usize,
    pub parsed_bytes: usize,
}

impl Parsed {
    pub fn bytes(&self, span: Span) -> &[u8] {
        &self.text[span.range()]
    }

    pub fn pattern(&self, rule: &Rule) -> &[u8] {
        if rule.in_arena {
            &self.arena[rule.pattern.range()]
        } else {
            &self.text[rule.pattern.range()]
        }
    }
}

const BOM: [u8; 3] = [0xef, 0xbb, 0xbf];

/// Rough count of the allow / disallow lines the size limit dropped: lines (after LF only)
/// that start with blanks, `allow` or `disallow` (any case), blanks and a colon.
fn count_rules(dropped: &[u8]) -> i64 {
    let mut count = 0;
    let mut at = 0;
    loop {
        let mut i = at;
        while i < dropped.len() && (dropped[i] == b' ' || dropped[i] == b'\t') {
            i += 1;
        }
        let rest = &dropped[i..];
        let word = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"dis") { 3 } else { 0 };
        let rest = &rest[word..];
        if rest.len() >= 5 && rest[..5].eq_ignore_ascii_case(b"allow") {
            let mut j = 5;
            while j < rest.len() && (rest[j] == b' ' || rest[j] == b'\t') {
                j += 1;
            }
            if rest.get(j) == Some(&b':') {
                count += 1;
            }
        }
        match memchr::memchr(b'\n', &dropped[at..]) {
            Some(n) => at += n + 1,
            None => return count,
        }
    }
}

struct Builder<'d> {
    dialect: &'d Dialect,
    out: Parsed,
    agents: Vec<Agent>,
    group_line: u32,
    in_rules: bool,
    rules_start: usize,
    usage_start: usize,
    signals_start: usize,
}

impl Builder<'_> {
    fn warn(&mut self, line: u32, key: &'static str, args: Vec<Arg>) {
        let n = self.out.warnings.len();
        if n < MAX_WARNINGS {
            self.out.warnings.push(Warning { line, key, args });
        } else if n == MAX_WARNINGS {
            self.out.warnings.push(Warning { line, key: "too-many-warnings", args: vec![] });
        }
    }

    fn close(&mut self) {
        if !self.agents.is_empty() {
            let group = Group {
                line: self.group_line,
                agents: std::mem::take(&mut self.agents),
                rules: self.rules_start as u32..self.out.rules.len() as u32,
                usage: self.usage_start as u32..self.out.usage.len() as u32,
                signals: self.signals_start as u32..self.out.signals.len() as u32,
            };
            self.out.groups.push(group);
        }
        self.in_rules = false;
        self.rules_start = self.out.rules.len();
        self.usage_start = self.out.usage.len();
        self.signals_start = self.out.signals.len();
    }

    fn user_agent(&mut self, value: Span, line: u32) {
        if self.in_rules {
            self.close();
        }
        if self.agents.is_empty() {
            self.group_line = line;
        }
        let v = self.out.bytes(value);
        if v.first() == Some(&b'*') && (v.len() == 1 || lexer::is_space(v[1])) {
            self.agents.push(Agent::Star);
            return;
        }
        let token = v
            .iter()
            .position(|&b| !(b.is_ascii_alphabetic() || b == b'-' || b == b'_'))
            .unwrap_or(v.len());
        let token = Span::new(value.start as usize, value.start as usize + token);
        if token.end != value.end {
            self.warn(line, "invalid-product-token", vec![Arg::Text(value), Arg::Text(token)]);
        }
        self.agents.push(Agent::Token(token));
    }

    /// The rule pattern of `value`: its span, whether it is in the arena, whether it has a
    /// `*`. A value that is already canonical is used in place.
    fn pattern_of(&mut self, value: Span) -> (Span, bool, bool) {
        let text = &self.out.text[value.range()];
        let (head, last) = match text.split_last() {
            Some((&last, head)) => (flags(head), flags(&[last])),
            None => (0, 0),
        };
        let all = head | last;
        let clean = if self.dialect.rfc_encoding {
            all & (RFC_ENCODED | PERCENT) == 0 && head & DOLLAR == 0
        } else {
            all & (HIGH | PERCENT) == 0
        };
        if clean {
            return (value, false, all & STAR != 0);
        }
        let start = self.out.arena.len();
        if self.dialect.rfc_encoding {
            rfc_normalise_pattern(text, &mut self.out.arena);
        } else {
            google_escape(text, &mut self.out.arena);
        }
        (Span::new(start, self.out.arena.len()), true, all & STAR != 0)
    }

    fn rule(&mut self, allow: bool, value: Span, line: u32) {
        if self.agents.is_empty() {
            self.out.ignored.push((line, value));
            self.warn(line, "rule-outside-group.rule", vec![]);
            return;
        }
        self.in_rules = true;
        let group = self.out.groups.len() as u32;
        let (pattern, in_arena, wild) = self.pattern_of(value);
        let rule = Rule { line, allow, derived: false, in_arena, wild, group, pattern, raw: value };
        self.out.rules.push(rule);
        if allow && self.dialect.index_html {
            self.index_html(rule);
        }
    }

    /// OS.GRT.INDEX_HTML: `Allow: /d/index.htm…` also allows `/d/` exactly (`/d/$`).
    fn index_html(&mut self, rule: Rule) {
        let pattern = self.out.pattern(&rule);
        let Some(slash) = memchr::memrchr(b'/', pattern) else { return };
        if !pattern[slash..].starts_with(b"/index.htm") {
            return;
        }
        let derived: Vec<u8> = pattern[..=slash].iter().copied().chain([b'$']).collect();
        let start = self.out.arena.len();
        self.out.arena.extend_from_slice(&derived);
        let pattern = Span::new(start, self.out.arena.len());
        let wild = flags(&derived) & STAR != 0;
        self.out.rules.push(Rule { derived: true, in_arena: true, wild, pattern, ..rule });
    }

    fn extra(&mut self, usage: bool, value: Span, line: u32) {
        if self.agents.is_empty() {
            let key = if usage {
                "rule-outside-group.content-usage"
            } else {
                "rule-outside-group.content-signal"
            };
            self.warn(line, key, vec![]);
            return;
        }
        let extra = Extra { line, value, group: self.out.groups.len() as u32 };
        if usage {
            self.out.usage.push(extra);
        } else {
            self.out.signals.push(extra);
        }
    }

    /// Key and value of a stripped, non-empty line, or `None` (with a warning); `colon` is
    /// the first `:` of the line, if any.
    fn key_value(
        &mut self,
        start: usize,
        end: usize,
        colon: Option<usize>,
        line: u32,
    ) -> Option<(Span, Span)> {
        let text = &self.out.text;
        match colon {
            Some(c) if c > start => {
                // The line is stripped: the key only needs its end, the value its start.
                let mut key_end = c;
                while lexer::is_space(text[key_end - 1]) {
                    key_end -= 1; // stops at `start`, which is not a space
                }
                let mut value_start = c + 1;
                while value_start < end && lexer::is_space(text[value_start]) {
                    value_start += 1;
                }
                Some((Span::new(start, key_end), Span::new(value_start, end)))
            }
            Some(_) => {
                self.warn(line, "empty-key", vec![]);
                None
            }
            None => match split_without_colon(text, start, end) {
                NoColon::NoValue => {
                    self.warn(line, "no-separator.no-value", vec![]);
                    None
                }
                NoColon::Words => {
                    self.warn(line, "no-separator.words", vec![]);
                    None
                }
                NoColon::Split { key, value } => {
                    if !self.dialect.no_colon {
                        self.warn(line, "missing-colon.ignored", vec![]);
                        return None;
                    }
                    let (ks, ke) = lexer::strip(text, key.0, key.1);
                    let (vs, ve) = lexer::strip(text, value.0, value.1);
                    self.warn(line, "missing-colon.read", vec![]);
                    Some((Span::new(ks, ke), Span::new(vs, ve)))
                }
            },
        }
    }

    fn line(&mut self, text: Line, line: u32) {
        let (mut start, mut end) = (text.start, text.end);
        if end - start > MAX_LINE_BYTES {
            self.warn(line, "line-too-long", vec![]);
            end = start + MAX_LINE_BYTES;
        }
        if let Some(nul) = text.nul.filter(|&n| n < end) {
            self.warn(line, "nul-byte", vec![]);
            end = nul;
        }
        if let Some(hash) = text.hash.filter(|&h| h < end) {
            end = hash;
        }
        (start, end) = lexer::strip(&self.out.text, start, end);
        if start == end {
            return;
        }
        // The colon ends a short key: a plain scan beats a vectorised search here.
        let colon = self.out.text[start..end].iter().position(|&b| b == b':').map(|c| c + start);
        let Some((key, value)) = self.key_value(start, end, colon, line) else { return };
        let (kind, prefix) = classify(self.out.bytes(key), self.dialect);
        if let Some(spelling) = prefix {
            let code = if self.dialect.key_typos { "typo-accepted" } else { "unknown-directive" };
            self.warn(line, code, vec![Arg::Text(key), Arg::Static(spelling)]);
        }
        match kind {
            Key::UserAgent => self.user_agent(value, line),
            Key::Allow => self.rule(true, value, line),
            Key::Disallow => self.rule(false, value, line),
            Key::Sitemap => self.out.sitemaps.push(value),
            Key::ContentUsage => self.extra(true, value, line),
            Key::ContentSignal => self.extra(false, value, line),
            Key::Unknown => self.out.others.push((line, key, value)),
        }
    }
}

/// Parse `body` with `dialect`; never fails.
pub fn parse(body: &[u8], dialect: &Dialect) -> Parsed {
    let mut out = Parsed {
        text: body.to_vec(),
        arena: Vec::new(),
        rules: Vec::with_capacity(body.len() / 20 + 4),
        size: body.len(),
        ..Parsed::default()
    };
    let mut bom = 0;
    while bom < 3 && bom < body.len() && body[bom] == BOM[bom] {
        bom += 1;
    }
    let mut end = body.len();
    if let Some(limit) = dialect.size_limit {
        if body.len() - bom > limit {
            let content = &body[bom..];
            let mut kept = limit;
            if content[limit] != b'\n' && content[limit] != b'\r' {
                kept = memchr::memrchr2(b'\n', b'\r', &content[..limit]).map_or(0, |i| i + 1);
            }
            let head = &content[..kept];
            let breaks = memchr::memchr_iter(b'\n', head).count()
                + memchr::memchr_iter(b'\r', head).count()
                - memchr::memmem::find_iter(head, b"\r\n").count();
            let line = breaks as i64 + 1;
            let dropped = &content[kept..];
            let args = vec![
                Arg::Int(kept as i64),
                Arg::Int(content.len() as i64),
                Arg::Int(limit as i64),
                Arg::Int(dropped.len() as i64),
                Arg::Int(line),
                Arg::Int(count_rules(dropped)),
            ];
            out.warnings.push(Warning { line: line as u32, key: "size-limit", args });
            end = bom + kept;
        }
    }
    out.parsed_bytes = end;
    let mut build = Builder {
        dialect,
        out,
        agents: Vec::new(),
        group_line: 0,
        in_rules: false,
        rules_start: 0,
        usage_start: 0,
        signals_start: 0,
    };
    let mut lineno = 0u32;
    for text in Lines::new(body, bom, end) {
        lineno += 1;
        build.line(text, lineno);
    }
    build.close();
    build.out.lines = lineno;
    build.out
}
