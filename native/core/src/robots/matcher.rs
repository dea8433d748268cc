//! An agent's rules compiled for many paths: one trie walk for the literal rules, then only
//! the wildcard rules that outrank the literal winner.
//!
//! Rules are ranked by the decision order of RFC 9309 / google/robotstxt (longer pattern
//! first, allow before disallow on equal length, earlier line first); the first rule in
//! that order that matches decides (OS.REP.LONGEST_MATCH, OS.REP.TIE). Rank 0 is best.
//!
//! * Literal patterns (no `*`, optionally a final `$`) form a byte trie. Walking the path
//!   down the trie visits every literal rule that is a prefix of the path; the best rank
//!   among them, and among `$` rules ending exactly at the end of the path, wins. The walk
//!   is at most as long as the path.
//! * Wildcard patterns are kept in rank order with their pieces' searchers prepared. Only
//!   those ranked before the literal winner are tried, first match wins; a rule whose pieces
//!   need an octet the path lacks is skipped without searching.

use memchr::memmem::Finder;

/// No rule.
pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Node {
    edges: u32,
    edge_count: u32,
    prefix: u32,
    exact: u32,
}

struct Wild {
    rank: u32,
    first: Box<[u8]>,
    middle: Vec<Finder<'static>>,
    tail: Box<[u8]>,
    tail_finder: Finder<'static>,
    anchored: bool,
    needs: u128,
}

impl Wild {
    fn new(rank: u32, pattern: &[u8]) -> Wild {
        let (body, anchored) = match pattern.split_last() {
            Some((b'$', body)) => (body, true),
            _ => (pattern, false),
        };
        let pieces: Vec<&[u8]> = body.split(|&b| b == b'*').collect();
        let tail = pieces[pieces.len() - 1];
        let middle: Vec<Finder<'static>> = pieces[1..pieces.len() - 1]
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| Finder::new(p).into_owned())
            .collect();
        let mut needs = 0u128;
        for piece in &pieces[1..] {
            for &b in *piece {
                if b < 128 {
                    needs |= 1u128 << b;
                }
            }
        }
        Wild {
            rank,
            first: pieces[0].into(),
            middle,
            tail: tail.into(),
            tail_finder: Finder::new(tail).into_owned(),
            anchored,
            needs,
        }
    }

    fn matches(&self, path: &[u8]) -> bool {
        if !path.starts_with(&self.first) {
            return false;
        }
        let mut pos = self.first.len();
        for finder in &self.middle {
            match finder.find(&path[pos..]) {
                Some(i) => pos += i + finder.needle().len(),
                None => return false,
            }
        }
        if self.anchored {
            path.len() >= pos + self.tail.len() && path.ends_with(&self.tail)
        } else {
            self.tail.is_empty() || self.tail_finder.find(&path[pos..]).is_some()
        }
    }
}

/// The octets below 128 present in `path`, as a bit set.
fn octets(path: &[u8]) -> u128 {
    let mut set = 0u128;
    for &b in path {
        if b < 128 {
            set |= 1u128 << b;
        }
    }
    set
}

/// Compiled rules of one agent; see the module documentation.
pub struct Compiled {
    nodes: Vec<Node>,
    edges: Vec<(u8, u32)>,
    wild: Vec<Wild>,
}

impl Compiled {
    /// Compile ranked patterns (`patterns[rank]`, non-empty).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a [u8]>) -> Compiled {
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut prefix = vec![NONE];
        let mut exact = vec![NONE];
        let mut wild = Vec::new();
        for (rank, pattern) in patterns.into_iter().enumerate() {
            let rank = rank as u32;
            if pattern.contains(&b'*') {
                wild.push(Wild::new(rank, pattern));
                continue;
            }
            let (text, anchored) = match pattern.split_last() {
                Some((b'$', body)) => (body, true),
                _ => (pattern, false),
            };
            let mut node = 0usize;
            for &b in text {
                node = match children[node].iter().find(|(c, _)| *c == b) {
                    Some(&(_, next)) => next as usize,
                    None => {
                        let next = children.len();
                        children[node].push((b, next as u32));
                        children.push(Vec::new());
                        prefix.push(NONE);
                        exact.push(NONE);
                        next
                    }
                };
            }
            let slot = if anchored { &mut exact[node] } else { &mut prefix[node] };
            *slot = (*slot).min(rank);
        }
        let mut nodes = Vec::with_capacity(children.len());
        let mut edges = Vec::new();
        for (i, mut kids) in children.into_iter().enumerate() {
            kids.sort_unstable_by_key(|&(b, _)| b);
            nodes.push(Node {
                edges: edges.len() as u32,
                edge_count: kids.len() as u32,
                prefix: prefix[i],
                exact: exact[i],
            });
            edges.extend(kids);
        }
        Compiled { nodes, edges, wild }
    }

    fn child(&self, node: &Node, b: u8) -> Option<usize> {
        let edges = &self.edges[node.edges as usize..(node.edges + node.edge_count) as usize];
        if edges.len() <= 8 {
            edges.iter().find(|e| e.0 == b).map(|e| e.1 as usize)
        } else {
            edges.binary_search_by_key(&b, |e| e.0).ok().map(|i| edges[i].1 as usize)
        }
    }

    /// The rank of the deciding rule for `path`, or [`NONE`].
    pub fn best(&self, path: &[u8]) -> u32 {
        let mut best = NONE;
        let mut node = &self.nodes[0];
        let mut i = 0;
        loop {
            best = best.min(node.prefix);
            if i == path.len() {
                best = best.min(node.exact);
                break;
            }
            match self.child(node, path[i]) {
                Some(next) => {
                    node = &self.nodes[next];
                    i += 1;
                }
                None => break,
            }
        }
        if self.wild.first().is_some_and(|w| w.rank < best) {
            let have = octets(path);
            for w in &self.wild {
                if w.rank > best {
                    break;
                }
                if w.needs & !have == 0 && w.matches(path) {
                    return w.rank;
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::robots::pattern::matches;

    fn first_match(patterns: &[&[u8]], path: &[u8]) -> u32 {
        patterns.iter().position(|p| matches(path, p)).map_or(NONE, |i| i as u32)
    }

    #[test]
    fn literal_and_wildcard_ranks() {
        let patterns: Vec<&[u8]> =
            vec![b"/a/b/c$", b"/a/*/c", b"/a/b", b"/a/", b"/*.pdf$", b"/a", b"/"];
        let compiled = Compiled::new(patterns.iter().copied());
        for path in [&b"/a/b/c"[..], b"/a/x/c", b"/a/b/d", b"/a/", b"/x.pdf", b"/ab", b"/", b"/b"] {
            assert_eq!(compiled.best(path), first_match(&patterns, path), "{path:?}");
        }
    }
}
