//! robots.txt: parse a body once, then answer for any agent and URL.
//!
//! * [`dialect`]: the switches that separate the rfc and google modes;
//! * [`escape`]: percent-encoding of rule patterns and URL paths;
//! * [`path`]: the path, params and query of a URL (google/robotstxt's extraction);
//! * [`lexer`]: lines, comments, `key: value` splitting and key classification;
//! * [`parse`]: grouping of lines into groups and rules, with warnings;
//! * [`pattern`]: one pattern (`*`, final `$`) against one path, in linear time;
//! * [`matcher`]: an agent's rules compiled for many paths (trie plus wildcards);
//! * [`robots`](self::robots): the parsed file, group selection and decisions.

pub mod dialect;
pub mod escape;
pub mod lexer;
pub mod matcher;
pub mod parse;
pub mod path;
pub mod pattern;
#[allow(clippy::module_inception)]
pub mod robots;

pub use dialect::Dialect;
pub use parse::{Arg, Parsed, Warning};
pub use robots::{Decision, Reason, Robots};
