//! Tokenizer: where-clause text → tokens with character positions (where-clause.md §1).
//!
//! String literals are decoded here (doubled quotes and MySQL backslash escapes), so the
//! parser only sees values. Keywords are not special at this level: they are `Word`s that
//! the parser compares case-insensitively, which lets a column be named `after` or `at`.

use super::error::{QueryError, QueryErrorKind};

/// Most tokens one clause may have: room for an IN list of 100 000 values, while a 16 MB
/// body of `a=1 or ` cannot make the parser build millions of nodes. Backendless documents no
/// limit on a clause's length; over this one the clause is refused like a broken one.
pub const MAX_TOKENS: usize = 250_000;

/// One token kind; `Word`, `Number` and `Str` carry their text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// An identifier or keyword, original spelling.
    Word(String),
    /// The raw text of an unsigned number literal.
    Number(String),
    /// A decoded string literal (single- or double-quoted).
    Str(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    /// `->`: JSON extract.
    Arrow,
    /// `->>`: JSON extract and unquote.
    LongArrow,
    /// End of input (always the last token).
    Eof,
}

impl Tok {
    /// How the token reads in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("'{w}'"),
            Tok::Number(n) => format!("number {n}"),
            Tok::Str(_) => "string literal".to_owned(),
            Tok::Eof => "end of input".to_owned(),
            other => format!("'{}'", symbol_text(other)),
        }
    }
}

fn symbol_text(tok: &Tok) -> &'static str {
    match tok {
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::LBracket => "[",
        Tok::RBracket => "]",
        Tok::Comma => ",",
        Tok::Dot => ".",
        Tok::Eq => "=",
        Tok::NotEq => "!=",
        Tok::Lt => "<",
        Tok::Le => "<=",
        Tok::Gt => ">",
        Tok::Ge => ">=",
        Tok::Plus => "+",
        Tok::Minus => "-",
        Tok::Star => "*",
        Tok::Slash => "/",
        Tok::Percent => "%",
        Tok::Arrow => "->",
        Tok::LongArrow => "->>",
        Tok::Word(_) | Tok::Number(_) | Tok::Str(_) | Tok::Eof => "",
    }
}

/// A token and the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: usize,
}

/// True for a character that may start an identifier.
pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// True for a character that may continue an identifier.
pub(crate) fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `input` into tokens, ending with `Tok::Eof` at the input's character length.
pub(crate) fn tokenize(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        i: 0,
        out: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.out)
}

struct Lexer<'a> {
    chars: &'a [char],
    i: usize,
    out: Vec<Token>,
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn push(&mut self, tok: Tok, pos: usize, len: usize) {
        self.out.push(Token { tok, pos });
        self.i = pos + len;
    }

    fn run(&mut self) -> Result<(), QueryError> {
        while let Some(c) = self.at(self.i) {
            let pos = self.i;
            if self.out.len() >= MAX_TOKENS {
                return Err(QueryError {
                    position: pos,
                    message: format!(
                        "the clause has more than {MAX_TOKENS} tokens, the emulator's limit"
                    ),
                    kind: QueryErrorKind::TooComplex,
                });
            }
            let next = self.at(pos + 1);
            match c {
                c if c.is_whitespace() => self.i += 1,
                '\'' | '"' => self.string(c)?,
                c if c.is_ascii_digit() => self.number()?,
                '.' if next.is_some_and(|n| n.is_ascii_digit()) && !self.after_operand() => {
                    self.number()?
                }
                c if is_ident_start(c) => self.word(),
                '(' => self.push(Tok::LParen, pos, 1),
                ')' => self.push(Tok::RParen, pos, 1),
                '[' => self.push(Tok::LBracket, pos, 1),
                ']' => self.push(Tok::RBracket, pos, 1),
                ',' => self.push(Tok::Comma, pos, 1),
                '.' => self.push(Tok::Dot, pos, 1),
                '+' => self.push(Tok::Plus, pos, 1),
                '*' => self.push(Tok::Star, pos, 1),
                '/' => self.push(Tok::Slash, pos, 1),
                '%' => self.push(Tok::Percent, pos, 1),
                // `=>` is written in the Backendless dates page; accepted as `>=` (§2).
                '=' if next == Some('>') => self.push(Tok::Ge, pos, 2),
                '=' => self.push(Tok::Eq, pos, 1),
                '!' if next == Some('=') => self.push(Tok::NotEq, pos, 2),
                '<' if next == Some('>') => self.push(Tok::NotEq, pos, 2),
                '<' if next == Some('=') => self.push(Tok::Le, pos, 2),
                '<' => self.push(Tok::Lt, pos, 1),
                '>' if next == Some('=') => self.push(Tok::Ge, pos, 2),
                '>' => self.push(Tok::Gt, pos, 1),
                '-' if next == Some('>') && self.at(pos + 2) == Some('>') => {
                    self.push(Tok::LongArrow, pos, 3)
                }
                '-' if next == Some('>') => self.push(Tok::Arrow, pos, 2),
                '-' => self.push(Tok::Minus, pos, 1),
                '`' => {
                    return Err(QueryError::syntax(
                        pos,
                        "backtick-quoted identifiers are not allowed (Backendless forbids '`' in names)",
                    ));
                }
                other => {
                    return Err(QueryError::syntax(
                        pos,
                        format!("unexpected character '{other}'"),
                    ));
                }
            }
        }
        self.out.push(Token {
            tok: Tok::Eof,
            pos: self.chars.len(),
        });
        Ok(())
    }

    /// After a word, `)` or `]` a `.` is a path separator, never the start of `.5`.
    fn after_operand(&self) -> bool {
        matches!(
            self.out.last().map(|t| &t.tok),
            Some(Tok::Word(_) | Tok::RParen | Tok::RBracket)
        )
    }

    fn word(&mut self) {
        let start = self.i;
        let mut end = start;
        while self.at(end).is_some_and(is_ident_continue) {
            end += 1;
        }
        let text: String = self
            .chars
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect();
        self.push(Tok::Word(text), start, end - start);
    }

    fn digits(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    }

    /// `digits [. digits] [e [+-] digits]` or `. digits [...]`.
    fn number(&mut self) -> Result<(), QueryError> {
        let start = self.i;
        let mut end = self.digits(start);
        if self.at(end) == Some('.') {
            end = self.digits(end + 1);
        }
        if matches!(self.at(end), Some('e' | 'E')) {
            let mut exp = end + 1;
            if matches!(self.at(exp), Some('+' | '-')) {
                exp += 1;
            }
            let exp_end = self.digits(exp);
            if exp_end > exp {
                end = exp_end;
            }
        }
        if self.at(end).is_some_and(is_ident_continue) {
            return Err(QueryError::syntax(start, "malformed number literal"));
        }
        let text: String = self
            .chars
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect();
        self.push(Tok::Number(text), start, end - start);
        Ok(())
    }

    /// A quoted string: the quote doubled stands for itself; backslash escapes follow MySQL,
    /// which keeps `\%` and `\_` as two characters so that LIKE still sees the escape.
    fn string(&mut self, quote: char) -> Result<(), QueryError> {
        let start = self.i;
        let mut i = start + 1;
        let mut value = String::new();
        loop {
            let Some(c) = self.at(i) else {
                return Err(QueryError::syntax(start, "unterminated string literal"));
            };
            if c == quote {
                if self.at(i + 1) == Some(quote) {
                    value.push(quote);
                    i += 2;
                    continue;
                }
                break;
            }
            if c == '\\' {
                let Some(e) = self.at(i + 1) else {
                    return Err(QueryError::syntax(start, "unterminated string literal"));
                };
                match e {
                    '0' => value.push('\0'),
                    'b' => value.push('\u{8}'),
                    'n' => value.push('\n'),
                    'r' => value.push('\r'),
                    't' => value.push('\t'),
                    'Z' => value.push('\u{1a}'),
                    '%' | '_' => {
                        value.push('\\');
                        value.push(e);
                    }
                    other => value.push(other),
                }
                i += 2;
                continue;
            }
            value.push(c);
            i += 1;
        }
        self.push(Tok::Str(value), start, i + 1 - start);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(input: &str) -> Vec<Tok> {
        tokenize(input)
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn splits_operators_and_words() {
        assert_eq!(
            toks("a.b>=1 and c<>'x'"),
            vec![
                Tok::Word("a".into()),
                Tok::Dot,
                Tok::Word("b".into()),
                Tok::Ge,
                Tok::Number("1".into()),
                Tok::Word("and".into()),
                Tok::Word("c".into()),
                Tok::NotEq,
                Tok::Str("x".into()),
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn arrows_and_fat_arrow() {
        assert_eq!(
            toks("->> -> =>")[..3],
            [Tok::LongArrow, Tok::Arrow, Tok::Ge]
        );
    }

    #[test]
    fn decodes_string_escapes() {
        assert_eq!(toks(r"'Charlie''s'")[0], Tok::Str("Charlie's".into()));
        assert_eq!(toks(r#""say ""hi""""#)[0], Tok::Str("say \"hi\"".into()));
        assert_eq!(toks(r"'a\'b\\c\n'")[0], Tok::Str("a'b\\c\n".into()));
        assert_eq!(toks(r"'50\%'")[0], Tok::Str("50\\%".into()));
    }

    #[test]
    fn numbers_in_all_forms() {
        assert_eq!(toks("12.5e-3")[0], Tok::Number("12.5e-3".into()));
        assert_eq!(toks(".5")[0], Tok::Number(".5".into()));
        assert_eq!(toks("7.")[0], Tok::Number("7.".into()));
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let tokens = tokenize("'é' = x").unwrap();
        assert_eq!(tokens[1].pos, 4);
        assert_eq!(tokens[2].pos, 6);
    }

    #[test]
    fn reports_errors_with_positions() {
        assert_eq!(tokenize("a = 'open").unwrap_err().position, 4);
        assert_eq!(tokenize("a = 1abc").unwrap_err().position, 4);
        assert_eq!(tokenize("a # b").unwrap_err().position, 2);
        assert!(tokenize("`a` = 1")
            .unwrap_err()
            .message
            .contains("backtick"));
    }
}
