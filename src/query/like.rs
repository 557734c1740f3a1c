//! `LIKE` matching (where-clause.md §2, §10): `%` any run, `_` one character, an escape
//! character (default `\`, MySQL) makes the next character literal; a trailing escape
//! matches itself. Case folding follows the collation (case-insensitive by default).

use super::row::Collation;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    Lit(char),
    One,
    Any,
}

fn fold(c: char, collation: Collation) -> char {
    match collation {
        Collation::Binary => c,
        Collation::CaseInsensitive => c.to_lowercase().next().unwrap_or(c),
    }
}

fn compile(pattern: &str, escape: char, collation: Collation) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        pieces.push(match c {
            c if c == escape => Piece::Lit(fold(chars.next().unwrap_or(escape), collation)),
            '%' => Piece::Any,
            '_' => Piece::One,
            other => Piece::Lit(fold(other, collation)),
        });
    }
    pieces
}

/// True if `text` matches the LIKE `pattern`.
pub(crate) fn like(text: &str, pattern: &str, escape: char, collation: Collation) -> bool {
    let pat = compile(pattern, escape, collation);
    let text: Vec<char> = text.chars().map(|c| fold(c, collation)).collect();
    // Greedy matching with one backtrack point per `%`: O(len(text) * len(pattern)).
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = text.get(t) {
        match pat.get(p) {
            Some(Piece::One) => {
                t += 1;
                p += 1;
            }
            Some(Piece::Lit(l)) if *l == c => {
                t += 1;
                p += 1;
            }
            Some(Piece::Any) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pat.iter().skip(p).all(|piece| *piece == Piece::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CI: Collation = Collation::CaseInsensitive;

    #[test]
    fn wildcards() {
        assert!(like("John", "J%", '\\', CI));
        assert!(like("John", "%ohn", '\\', CI));
        assert!(like("John", "%oh%", '\\', CI));
        assert!(like("John", "J_hn", '\\', CI));
        assert!(!like("John", "J_n", '\\', CI));
        assert!(like("", "%", '\\', CI));
        assert!(!like("", "_", '\\', CI));
        assert!(like("abcabc", "%abc", '\\', CI));
        assert!(like("aXbXc", "a%b%c", '\\', CI));
        assert!(!like("ab", "a%b%c", '\\', CI));
    }

    #[test]
    fn case_follows_collation() {
        assert!(like("JOHN", "john", '\\', CI));
        assert!(!like("JOHN", "john", '\\', Collation::Binary));
    }

    #[test]
    fn escapes() {
        assert!(like("50%", "50\\%", '\\', CI));
        assert!(!like("500", "50\\%", '\\', CI));
        assert!(like("a_b", "a!_b", '!', CI));
        assert!(!like("axb", "a!_b", '!', CI));
        assert!(
            like("a\\", "a\\", '\\', CI),
            "a trailing escape matches itself"
        );
        assert!(like("a%b", "a\\%%", '\\', CI));
    }

    #[test]
    fn trailing_spaces_matter() {
        assert!(!like("a ", "a", '\\', CI));
    }
}
