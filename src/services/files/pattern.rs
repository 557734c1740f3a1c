//! [`Pattern`]: the name filter of directory listing and file count (files.md §2 F5, F6).
//!
//! `pattern` is a glob by default (`*` any run of characters, `?` exactly one, everything else
//! literal) and may carry a `glob:` or `regex:` prefix. A pattern matches a whole file or directory
//! name, never the path.

use crate::error::{ApiError, Code};

/// A parsed name filter.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// No pattern, or `*`: every name.
    Any,
    /// A glob.
    Glob(Vec<GlobToken>),
    /// A `regex:` pattern, anchored at both ends.
    Regex(regex::Regex),
}

/// One element of a glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobToken {
    /// `*`.
    AnyRun,
    /// `?`.
    AnyChar,
    /// A literal character.
    Literal(char),
}

impl Pattern {
    /// Parse the `pattern` query parameter (8002 for a bad regex).
    pub fn parse(text: Option<&str>) -> Result<Pattern, ApiError> {
        let text = text.unwrap_or("").trim();
        if let Some(regex) = text.strip_prefix("regex:") {
            return regex::RegexBuilder::new(&format!("^(?:{regex})$"))
                .size_limit(1 << 20)
                .build()
                .map(Pattern::Regex)
                .map_err(|e| {
                    ApiError::templated(
                        Code::UNPARSABLE_REQUEST,
                        &[&format!("invalid pattern '{text}': {e}")],
                    )
                });
        }
        let glob = text.strip_prefix("glob:").unwrap_or(text);
        if glob.is_empty() || glob.chars().all(|c| c == '*') {
            return Ok(Pattern::Any);
        }
        Ok(Pattern::Glob(
            glob.chars()
                .map(|c| match c {
                    '*' => GlobToken::AnyRun,
                    '?' => GlobToken::AnyChar,
                    other => GlobToken::Literal(other),
                })
                .collect(),
        ))
    }

    /// Whether a name matches.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::Glob(tokens) => glob_matches(tokens, &name.chars().collect::<Vec<_>>()),
            Pattern::Regex(regex) => regex.is_match(name),
        }
    }
}

/// Iterative glob matching with single-star backtracking: linear in practice, no recursion.
fn glob_matches(tokens: &[GlobToken], name: &[char]) -> bool {
    let (mut t, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match tokens.get(t) {
            Some(GlobToken::AnyRun) => {
                star = Some((t, n));
                t += 1;
            }
            Some(GlobToken::AnyChar) => {
                t += 1;
                n += 1;
            }
            Some(GlobToken::Literal(c)) if *c == name[n] => {
                t += 1;
                n += 1;
            }
            _ => match star {
                Some((star_t, star_n)) => {
                    t = star_t + 1;
                    n = star_n + 1;
                    star = Some((star_t, star_n + 1));
                }
                None => return false,
            },
        }
    }
    tokens[t..].iter().all(|tok| *tok == GlobToken::AnyRun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn glob(text: &str) -> Pattern {
        Pattern::parse(Some(text)).expect("valid pattern")
    }

    #[test]
    fn globs_match_whole_names() {
        assert!(glob("*.html").matches("index.html"));
        assert!(!glob("*.html").matches("logo.png"));
        assert!(!glob("*.html").matches("index.html.bak"));
        assert!(glob("a?c").matches("abc"));
        assert!(!glob("a?c").matches("ac"));
        assert!(glob("*a*b*").matches("xxaxxbxx"));
        assert!(glob("glob:*.png").matches("logo.png"));
        assert!(glob("").matches("anything"));
        assert!(glob("**").matches(""));
    }

    #[test]
    fn regex_patterns_are_anchored() {
        assert!(glob("regex:[a-z]+\\.html").matches("index.html"));
        assert!(!glob("regex:index").matches("index.html"));
        assert_eq!(
            Pattern::parse(Some("regex:(")).expect_err("bad regex").code,
            8002
        );
    }

    proptest! {
        #[test]
        fn a_glob_without_wildcards_matches_only_itself(
            name in "[a-z.]{0,8}", other in "[a-z.]{0,8}"
        ) {
            let pattern = glob(&name);
            prop_assert!(pattern.matches(&name));
            prop_assert_eq!(pattern.matches(&other), name == other || name.is_empty());
        }

        #[test]
        fn star_infix_star_matches_exactly_the_names_containing_the_infix(
            infix in "[ab]{1,3}", name in "[abc]{0,10}"
        ) {
            let pattern = glob(&format!("*{infix}*"));
            prop_assert_eq!(pattern.matches(&name), name.contains(&infix));
        }

        #[test]
        fn question_marks_match_names_of_exactly_that_length(n in 1usize..6, name in "[a-z]{0,8}") {
            let pattern = glob(&"?".repeat(n));
            prop_assert_eq!(pattern.matches(&name), name.chars().count() == n);
        }
    }
}
