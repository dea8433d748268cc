//! The parsed robots.txt: group selection per agent and the decision for a URL.
//!
//! Group selection (OS.REP.PRODUCT_TOKEN, OS.REP.GROUP_MERGE, OS.REP.GROUP_FALLBACK): the
//! agent is compared case-insensitively (ASCII only) with each group's product tokens; all
//! groups naming it are merged; otherwise all `*` groups; otherwise no rule applies.
//!
//! A single URL is answered by scanning the agent's rules and keeping the best-ranked match;
//! once an agent has been asked about enough URLs (or a batch is large), its rules are
//! compiled ([`Compiled`]) and kept in a small per-file cache.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::dialect::Dialect;
use super::escape::{rfc_normalise_path, rfc_path_is_clean};
use super::matcher::{Compiled, NONE};
use super::parse::{parse, Agent, Parsed, Rule};
use super::path::path_of;
use super::pattern::matches_rule;

/// Compile an agent's rules after this many single lookups, or for a batch this large.
pub const COMPILE_AFTER: u32 = 24;
const MAX_CACHED_AGENTS: usize = 256;

/// Why a URL is allowed or not (`gpaikit.rep.Decision.reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `/robots.txt` itself, always allowed in rfc mode (OS.REP.SELF_ALLOWED).
    RobotsTxt,
    /// A rule decided.
    Rule,
    /// The agent's groups have no rule matching the path.
    NoMatchingRule,
    /// No group applies to the agent.
    NoGroup,
}

/// The verdict for one URL, with the deciding rule (index into [`Parsed::rules`]) and the
/// first group that applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub reason: Reason,
    pub rule: Option<u32>,
    pub group: Option<u32>,
}

/// The groups and ranked rules that apply to one agent.
pub struct AgentRules {
    /// Indices of the groups that apply, in file order.
    pub groups: Vec<u32>,
    /// Whether the groups name the agent (else they are the `*` groups).
    pub specific: bool,
    /// Rule indices with a non-empty pattern, in decision order (rank 0 first).
    pub ranked: Vec<u32>,
    compiled: OnceLock<Compiled>,
    uses: AtomicU32,
}

/// The decision-order key of a rule (longer, then allow, then earlier): smaller is better.
/// Unique per rule: a line holds one rule, and its index.htm rule is shorter.
type OrderKey = u64;

/// The per-file cache: agent key (lower-cased, `None` for non-ASCII) and its rules.
type AgentCache = Vec<(Option<Vec<u8>>, Arc<AgentRules>)>;

fn order_key(rule: &Rule) -> OrderKey {
    let shorter = u64::from(u32::MAX - (rule.pattern.end - rule.pattern.start));
    shorter << 33 | u64::from(!rule.allow) << 32 | u64::from(rule.line)
}

/// A parsed robots.txt with its dialect and a cache of per-agent rules.
pub struct Robots {
    pub parsed: Parsed,
    pub dialect: Dialect,
    agents: Mutex<AgentCache>,
    single: AtomicU32,
}

/// The lookup key of a queried agent: lower-cased if ASCII, else `None` (matches no token).
pub fn agent_key(agent: Option<&[u8]>) -> Option<Vec<u8>> {
    agent.filter(|a| a.is_ascii()).map(|a| a.to_ascii_lowercase())
}

impl Robots {
    pub fn parse(body: &[u8], dialect: Dialect) -> Robots {
        Robots {
            parsed: parse(body, &dialect),
            dialect,
            agents: Mutex::new(Vec::new()),
            single: AtomicU32::new(0),
        }
    }

    /// The groups for an agent key, and whether they name it.
    pub fn select(&self, key: Option<&[u8]>) -> (Vec<u32>, bool) {
        let p = &self.parsed;
        let names = |agents: &[Agent]| {
            key.is_some_and(|k| {
                agents
                    .iter()
                    .any(|a| matches!(a, Agent::Token(t) if p.bytes(*t).eq_ignore_ascii_case(k)))
            })
        };
        let specific: Vec<u32> =
            (0..p.groups.len() as u32).filter(|&g| names(&p.groups[g as usize].agents)).collect();
        if !specific.is_empty() {
            return (specific, true);
        }
        let global = (0..p.groups.len() as u32).filter(|&g| p.groups[g as usize].is_global());
        (global.collect(), false)
    }

    fn build_agent(&self, key: Option<&[u8]>) -> AgentRules {
        let (groups, specific) = self.select(key);
        let p = &self.parsed;
        let mut keyed: Vec<(OrderKey, u32)> = groups
            .iter()
            .flat_map(|&g| p.groups[g as usize].rules.clone())
            .filter_map(|r| {
                let rule = &p.rules[r as usize];
                (rule.pattern.end > rule.pattern.start).then(|| (order_key(rule), r))
            })
            .collect();
        keyed.sort_unstable();
        let ranked = keyed.into_iter().map(|(_, r)| r).collect();
        AgentRules { groups, specific, ranked, compiled: OnceLock::new(), uses: AtomicU32::new(0) }
    }

    /// The agent's rules if they are already cached.
    pub fn cached(&self, agent: Option<&[u8]>) -> Option<Arc<AgentRules>> {
        let key = agent_key(agent);
        let cache = self.agents.lock().unwrap_or_else(|e| e.into_inner());
        cache.iter().find(|(k, _)| *k == key).map(|(_, found)| Arc::clone(found))
    }

    /// The rules for an agent (product token as bytes; `None` if it is not valid UTF-8).
    pub fn agent(&self, agent: Option<&[u8]>) -> Arc<AgentRules> {
        let key = agent_key(agent);
        let mut cache = self.agents.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, found)) = cache.iter().find(|(k, _)| *k == key) {
            return Arc::clone(found);
        }
        let rules = Arc::new(self.build_agent(key.as_deref()));
        if cache.len() < MAX_CACHED_AGENTS {
            cache.push((key, Arc::clone(&rules)));
        }
        rules
    }

    /// The path a URL is matched with: google/robotstxt's path, then the mode's encoding
    /// (rfc: canonical form; google: as given, cut at a NUL as upstream's C string is).
    pub fn path<'a>(&self, url: &'a [u8]) -> Cow<'a, [u8]> {
        let path = path_of(url);
        if self.dialect.rfc_encoding {
            if rfc_path_is_clean(&path) {
                return path;
            }
            let mut out = Vec::with_capacity(path.len() + 8);
            rfc_normalise_path(&path, &mut out);
            return Cow::Owned(out);
        }
        match memchr::memchr(0, &path) {
            None => path,
            Some(nul) => match path {
                Cow::Borrowed(p) => Cow::Borrowed(&p[..nul]),
                Cow::Owned(mut p) => {
                    p.truncate(nul);
                    Cow::Owned(p)
                }
            },
        }
    }

    fn compiled<'r>(&self, rules: &'r AgentRules) -> &'r Compiled {
        rules.compiled.get_or_init(|| {
            let p = &self.parsed;
            Compiled::new(rules.ranked.iter().map(|&r| p.pattern(&p.rules[r as usize])))
        })
    }

    /// The deciding rule index for a path, by scanning (`compile: false`) or compiled.
    fn deciding_rule(&self, rules: &AgentRules, path: &[u8], compile: bool) -> Option<u32> {
        if rules.ranked.is_empty() {
            return None;
        }
        let compile = compile
            || rules.compiled.get().is_some()
            || rules.uses.fetch_add(1, Ordering::Relaxed) + 1 >= COMPILE_AFTER;
        if compile {
            let rank = self.compiled(rules).best(path);
            return (rank != NONE).then(|| rules.ranked[rank as usize]);
        }
        let p = &self.parsed;
        rules.ranked.iter().copied().find(|&r| {
            let rule = &p.rules[r as usize];
            matches_rule(path, p.pattern(rule), rule.wild)
        })
    }

    /// The decision for a URL (or a path) and an agent's rules.
    pub fn decide_with(&self, rules: &AgentRules, url: &[u8], batch: bool) -> Decision {
        let path = self.path(url);
        if self.dialect.self_allowed && &*path == b"/robots.txt" {
            return Decision { allowed: true, reason: Reason::RobotsTxt, rule: None, group: None };
        }
        if let Some(r) = self.deciding_rule(rules, &path, batch) {
            let rule = &self.parsed.rules[r as usize];
            return Decision {
                allowed: rule.allow,
                reason: Reason::Rule,
                rule: Some(r),
                group: Some(rule.group),
            };
        }
        match rules.groups.first() {
            Some(&g) => Decision {
                allowed: true,
                reason: Reason::NoMatchingRule,
                rule: None,
                group: Some(g),
            },
            None => Decision { allowed: true, reason: Reason::NoGroup, rule: None, group: None },
        }
    }

    /// Whether `agent` may fetch `url`. The first few questions to a file scan its rules
    /// ([`Robots::allowed_once`]); later ones select, rank and cache the agent's rules.
    pub fn allowed(&self, url: &[u8], agent: Option<&[u8]>) -> bool {
        if self.single.fetch_add(1, Ordering::Relaxed) < 2 {
            return self.allowed_once(url, agent);
        }
        let rules = self.agent(agent);
        self.decide_with(&rules, url, false).allowed
    }

    /// Whether `agent` may fetch `url`, for a file asked about once: see [`Robots::scan`].
    pub fn allowed_once(&self, url: &[u8], agent: Option<&[u8]>) -> bool {
        let (groups, _) = self.select(agent_key(agent).as_deref());
        self.scan(&groups, url)
    }

    /// Whether the rules of `groups` allow `url`: every rule is tried (unless a better-ranked
    /// one already matched) and the best-ranked match decides. No sorting, no caching: the
    /// cheapest answer for the first few URLs of a file.
    pub fn scan(&self, groups: &[u32], url: &[u8]) -> bool {
        let path = self.path(url);
        if self.dialect.self_allowed && &*path == b"/robots.txt" {
            return true;
        }
        let p = &self.parsed;
        let mut best: Option<(&Rule, OrderKey)> = None;
        for &g in groups {
            let range = &p.groups[g as usize].rules;
            for rule in &p.rules[range.start as usize..range.end as usize] {
                if rule.pattern.end == rule.pattern.start {
                    continue;
                }
                let k = order_key(rule);
                if best.as_ref().is_some_and(|(_, b)| *b <= k) {
                    continue;
                }
                if matches_rule(&path, p.pattern(rule), rule.wild) {
                    best = Some((rule, k));
                }
            }
        }
        best.is_none_or(|(rule, _)| rule.allow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(body: &str, dialect: Dialect, agent: &str, url: &str) -> bool {
        let robots = Robots::parse(body.as_bytes(), dialect);
        let once = robots.allowed_once(url.as_bytes(), Some(agent.as_bytes()));
        let rules = robots.agent(Some(agent.as_bytes()));
        let scanned = robots.decide_with(&rules, url.as_bytes(), false).allowed;
        let compiled = robots.decide_with(&rules, url.as_bytes(), true).allowed;
        assert_eq!(once, scanned);
        assert_eq!(once, compiled);
        once
    }

    #[test]
    fn rfc_example() {
        let body = "User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\n\
                    User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\n\
                    User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\n\
                    User-Agent: quxbot\n\nEOF\n";
        for d in [Dialect::RFC, Dialect::GOOGLE] {
            assert!(allowed(body, d, "foobot", "/example/page.html"));
            assert!(!allowed(body, d, "FooBot", "/"));
            assert!(allowed(body, d, "barbot", "/example/other.html"));
            assert!(allowed(body, d, "quxbot", "/example/page.html"));
            assert!(!allowed(body, d, "otherbot", "/images/a.gif"));
        }
    }

    #[test]
    fn modes_differ() {
        let body = "User-agent: *\nDisallow: /\n";
        assert!(allowed(body, Dialect::RFC, "x", "https://h/robots.txt"));
        assert!(!allowed(body, Dialect::GOOGLE, "x", "https://h/robots.txt"));
        let body = "User-agent: *\nDisallow: /a$\nDisallow: /a*b\n";
        assert!(!allowed(body, Dialect::GOOGLE, "x", "https://h/a\0b"));
        assert!(!allowed(body, Dialect::GOOGLE, "x", "https://h/a\0c"));
        let body = "User-agent: *\nDisallow: /a*b\n";
        assert!(allowed(body, Dialect::GOOGLE, "x", "https://h/a\0b"));
        assert!(!allowed(body, Dialect::RFC, "x", "https://h/a\0b"));
    }
}
