//! Glob patterns as Redis `SCAN MATCH` and `KEYS` read them: `*` any run, `?` one character,
//! `[abc]` / `[^abc]` / `[a-z]` classes, `\x` a literal `x` (hive.md G1, counters-cache.md C10).
//!
//! A pattern never fails to parse: an unterminated `[` is a literal, as in Redis.

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// `*`.
    Star,
    /// `?`.
    One,
    /// A literal character.
    Char(char),
    /// `[...]`: character ranges, possibly negated.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Token {
    fn admits(&self, c: char) -> bool {
        match self {
            Token::Star | Token::One => true,
            Token::Char(x) => *x == c,
            Token::Class { negated, ranges } => {
                ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
            }
        }
    }
}

/// A compiled glob pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Glob {
    tokens: Vec<Token>,
}

impl Glob {
    /// Compile `pattern`.
    pub fn new(pattern: &str) -> Self {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' => {
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                }
                '?' => tokens.push(Token::One),
                '\\' if i + 1 < chars.len() => {
                    i += 1;
                    tokens.push(Token::Char(chars[i]));
                }
                '[' => match parse_class(&chars[i + 1..]) {
                    Some((token, used)) => {
                        tokens.push(token);
                        i += used;
                    }
                    None => tokens.push(Token::Char('[')),
                },
                c => tokens.push(Token::Char(c)),
            }
            i += 1;
        }
        Glob { tokens }
    }

    /// The pattern `*`, which matches everything.
    pub fn any() -> Self {
        Glob {
            tokens: vec![Token::Star],
        }
    }

    /// Whether `text` matches the whole pattern.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        let p = &self.tokens;
        let (mut ti, mut pi) = (0, 0);
        // Last `*` seen and the text position it currently swallows up to (classic backtracking).
        let mut star: Option<(usize, usize)> = None;
        while ti < text.len() {
            match p.get(pi) {
                Some(Token::Star) => {
                    star = Some((pi, ti));
                    pi += 1;
                }
                Some(token) if token.admits(text[ti]) => {
                    pi += 1;
                    ti += 1;
                }
                _ => match star {
                    Some((sp, st)) => {
                        pi = sp + 1;
                        ti = st + 1;
                        star = Some((sp, st + 1));
                    }
                    None => return false,
                },
            }
        }
        p[pi..].iter().all(|t| *t == Token::Star)
    }
}

/// Parse a class body after `[`; returns the token and how many characters it used (with `]`).
fn parse_class(chars: &[char]) -> Option<(Token, usize)> {
    let mut i = 0;
    let negated = chars.first() == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    while i < chars.len() {
        match chars[i] {
            ']' => return Some((Token::Class { negated, ranges }, i + 1)),
            '\\' if i + 1 < chars.len() => {
                ranges.push((chars[i + 1], chars[i + 1]));
                i += 2;
            }
            c if i + 2 < chars.len() && chars[i + 1] == '-' && chars[i + 2] != ']' => {
                let (lo, hi) = (c.min(chars[i + 2]), c.max(chars[i + 2]));
                ranges.push((lo, hi));
                i += 3;
            }
            c => {
                ranges.push((c, c));
                i += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_documented_syntax() {
        let cases = [
            ("*", "anything", true),
            ("*", "", true),
            ("shopper?", "shopper1", true),
            ("shopper?", "shopper", false),
            ("shopper?", "shopper12", false),
            ("h[ae]llo", "hallo", true),
            ("h[ae]llo", "hillo", false),
            ("h[^e]llo", "hallo", true),
            ("h[^e]llo", "hello", false),
            ("h[a-b]llo", "hbllo", true),
            ("h[a-b]llo", "hcllo", false),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("a\\*", "a*", true),
            ("a\\*", "ab", false),
            ("[", "[", true),
            ("a[bc", "a[bc", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Glob::new(pattern).matches(text),
                expected,
                "{pattern} ~ {text}"
            );
        }
    }

    fn escape(s: &str) -> String {
        s.chars()
            .flat_map(|c| match c {
                '*' | '?' | '[' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect()
    }

    proptest! {
        #[test]
        fn an_escaped_string_matches_only_itself(a in ".{0,12}", b in ".{0,12}") {
            let glob = Glob::new(&escape(&a));
            prop_assert!(glob.matches(&a));
            prop_assert_eq!(glob.matches(&b), a == b);
        }

        #[test]
        fn star_around_a_literal_is_substring_search(needle in "[a-c]{0,3}", hay in "[a-c]{0,10}") {
            let glob = Glob::new(&format!("*{needle}*"));
            prop_assert_eq!(glob.matches(&hay), hay.contains(&needle));
        }
    }
}
