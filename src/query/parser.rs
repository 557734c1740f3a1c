//! Recursive-descent parser for conditions (where-clause.md §1-§5, §8): OR < AND < NOT <
//! predicates. Value expressions are parsed in `operand.rs`; both share this `Parser`.
//!
//! Every recursion (parentheses, NOT, unary minus, calls, arithmetic chains) counts towards
//! `MAX_DEPTH`, so hostile input such as 100k `(` returns an error instead of overflowing the
//! stack; AND/OR chains are flat vectors and do not count.

use super::ast::{CompareOp, Expr, InList, Junction, NonEmpty, Operand, Path, Subquery};
use super::error::QueryError;
use super::lexer::{tokenize, Tok, Token};

/// Deepest nesting of parentheses, NOT, calls and operators accepted in one clause.
pub const MAX_DEPTH: usize = 64;

/// Which clause is being parsed: decides whether aggregates are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clause {
    Where,
    Having,
    Props,
    SortBy,
    GroupBy,
}

impl Clause {
    pub(crate) fn allows_aggregates(self) -> bool {
        matches!(self, Clause::Having | Clause::Props | Clause::SortBy)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Clause::Where => "a where clause",
            Clause::Having => "a having clause",
            Clause::Props => "props",
            Clause::SortBy => "sortBy",
            Clause::GroupBy => "groupBy",
        }
    }
}

/// Token cursor plus nesting depth.
pub(crate) struct Parser {
    tokens: Vec<Token>,
    eof: Token,
    pos: usize,
    depth: usize,
    pub(crate) clause: Clause,
}

impl Parser {
    /// Tokenizes `input` for the given clause.
    pub(crate) fn new(input: &str, clause: Clause) -> Result<Self, QueryError> {
        let tokens = tokenize(input)?;
        let eof = Token {
            tok: Tok::Eof,
            pos: input.chars().count(),
        };
        Ok(Self {
            tokens,
            eof,
            pos: 0,
            depth: 0,
            clause,
        })
    }

    pub(crate) fn peek(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&self.eof)
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> &Tok {
        self.tokens
            .get(self.pos + ahead)
            .map_or(&self.eof.tok, |t| &t.tok)
    }

    pub(crate) fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    pub(crate) fn at_end(&self) -> bool {
        self.peek().tok == Tok::Eof
    }

    pub(crate) fn is_keyword_at(&self, ahead: usize, keyword: &str) -> bool {
        matches!(self.peek_at(ahead), Tok::Word(w) if w.eq_ignore_ascii_case(keyword))
    }

    pub(crate) fn is_keyword(&self, keyword: &str) -> bool {
        self.is_keyword_at(0, keyword)
    }

    pub(crate) fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.is_keyword(keyword);
        if found {
            self.advance();
        }
        found
    }

    pub(crate) fn eat(&mut self, tok: &Tok) -> bool {
        let found = &self.peek().tok == tok;
        if found {
            self.advance();
        }
        found
    }

    /// "expected X, found Y" at the current token.
    pub(crate) fn unexpected(&self, expected: &str) -> QueryError {
        let token = self.peek();
        QueryError::syntax(
            token.pos,
            format!("expected {expected}, found {}", token.tok.describe()),
        )
    }

    pub(crate) fn expect(&mut self, tok: &Tok, expected: &str) -> Result<(), QueryError> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    pub(crate) fn expect_keyword(&mut self, keyword: &str) -> Result<(), QueryError> {
        if self.eat_keyword(keyword) {
            Ok(())
        } else {
            Err(self.unexpected(keyword))
        }
    }

    pub(crate) fn expect_end(&self) -> Result<(), QueryError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.unexpected("end of input"))
        }
    }

    /// One nesting level deeper, or an error past `MAX_DEPTH`.
    pub(crate) fn enter(&mut self) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::syntax(
                self.peek().pos,
                format!("expression nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// `and_expr (OR and_expr)*`
    pub(crate) fn parse_expr(&mut self) -> Result<Expr, QueryError> {
        self.junction("OR", Self::parse_and, Expr::Or)
    }

    fn parse_and(&mut self) -> Result<Expr, QueryError> {
        self.junction("AND", Self::parse_not, Expr::And)
    }

    fn junction(
        &mut self,
        keyword: &str,
        next: fn(&mut Self) -> Result<Expr, QueryError>,
        build: fn(Junction) -> Expr,
    ) -> Result<Expr, QueryError> {
        let first = next(self)?;
        if !self.is_keyword(keyword) {
            return Ok(first);
        }
        let mut operands = vec![first];
        while self.eat_keyword(keyword) {
            operands.push(next(self)?);
        }
        Junction::from_vec(operands)
            .map(build)
            .ok_or_else(|| self.unexpected("a condition"))
    }

    fn parse_not(&mut self) -> Result<Expr, QueryError> {
        if self.eat_keyword("NOT") {
            self.enter()?;
            let inner = self.parse_not()?;
            self.leave();
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_predicate()
    }

    /// A parenthesised condition, or a value followed by an optional predicate.
    fn parse_predicate(&mut self) -> Result<Expr, QueryError> {
        if self.peek().tok != Tok::LParen {
            let lhs = self.parse_operand()?;
            return self.parse_predicate_tail(lhs);
        }
        self.enter()?;
        let open = self.advance().pos;
        let inner = self.parse_expr()?;
        self.expect(&Tok::RParen, "')'")?;
        self.leave();
        if !self.continues_operand() {
            return Ok(inner);
        }
        // `(a + 1) * 2 > 3`: the group was a value, not a condition.
        let Expr::Truth(value) = inner else {
            return Err(QueryError::syntax(
                open,
                "a condition in parentheses cannot be used as a value",
            ));
        };
        let lhs = self.parse_operand_rest(value)?;
        self.parse_predicate_tail(lhs)
    }

    fn continues_operand(&self) -> bool {
        match &self.peek().tok {
            Tok::Eq | Tok::NotEq | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => true,
            Tok::Plus | Tok::Minus | Tok::Star | Tok::Slash | Tok::Percent => true,
            Tok::Word(_) => [
                "AFTER", "BEFORE", "AT", "NOT", "LIKE", "IN", "BETWEEN", "IS",
            ]
            .iter()
            .any(|k| self.is_keyword(k)),
            _ => false,
        }
    }

    fn parse_predicate_tail(&mut self, lhs: Operand) -> Result<Expr, QueryError> {
        let symbol = match &self.peek().tok {
            Tok::Eq => Some(CompareOp::Eq),
            Tok::NotEq => Some(CompareOp::NotEq),
            Tok::Lt => Some(CompareOp::Lt),
            Tok::Le => Some(CompareOp::Le),
            Tok::Gt => Some(CompareOp::Gt),
            Tok::Ge => Some(CompareOp::Ge),
            _ => None,
        };
        let op = match symbol {
            Some(op) => {
                self.advance();
                Some(op)
            }
            None => self.date_keyword()?,
        };
        if let Some(op) = op {
            let right = self.parse_operand()?;
            return Ok(Expr::Compare {
                left: lhs,
                op,
                right,
            });
        }
        if self.eat_keyword("IS") {
            let negated = self.eat_keyword("NOT");
            self.expect_keyword("NULL")?;
            return Ok(Expr::IsNull {
                operand: lhs,
                negated,
            });
        }
        let negated = self.is_keyword("NOT");
        if negated {
            self.advance();
        }
        if self.eat_keyword("LIKE") {
            let (pattern, escape) = self.parse_like()?;
            return Ok(Expr::Like {
                operand: lhs,
                pattern,
                escape,
                negated,
            });
        }
        if self.eat_keyword("IN") {
            let list = self.parse_in_list()?;
            return Ok(Expr::In {
                operand: lhs,
                list,
                negated,
            });
        }
        if self.eat_keyword("BETWEEN") {
            let low = self.parse_operand()?;
            self.expect_keyword("AND")?;
            let high = self.parse_operand()?;
            return Ok(Expr::Between {
                operand: lhs,
                low,
                high,
                negated,
            });
        }
        if negated {
            return Err(self.unexpected("LIKE, IN or BETWEEN after NOT"));
        }
        Ok(Expr::Truth(lhs))
    }

    /// `after`, `before`, `at or after`, `at or before` (consumed here when found).
    fn date_keyword(&mut self) -> Result<Option<CompareOp>, QueryError> {
        if self.eat_keyword("AFTER") {
            return Ok(Some(CompareOp::After));
        }
        if self.eat_keyword("BEFORE") {
            return Ok(Some(CompareOp::Before));
        }
        if !self.eat_keyword("AT") {
            return Ok(None);
        }
        self.expect_keyword("OR")?;
        if self.eat_keyword("AFTER") {
            return Ok(Some(CompareOp::AtOrAfter));
        }
        if self.eat_keyword("BEFORE") {
            return Ok(Some(CompareOp::AtOrBefore));
        }
        Err(self.unexpected("AFTER or BEFORE"))
    }

    /// The pattern after LIKE and its optional `ESCAPE 'c'`.
    fn parse_like(&mut self) -> Result<(Operand, Option<char>), QueryError> {
        let pattern = self.parse_operand()?;
        let mut escape = None;
        if self.eat_keyword("ESCAPE") {
            let token = self.advance();
            let mut chars = match &token.tok {
                Tok::Str(s) => s.chars(),
                _ => "".chars(),
            };
            match (chars.next(), chars.next()) {
                (Some(c), None) => escape = Some(c),
                _ => {
                    return Err(QueryError::syntax(
                        token.pos,
                        "ESCAPE needs a one-character string",
                    ));
                }
            }
        }
        Ok((pattern, escape))
    }

    /// `( v, ... )`, `( Table[where].path )` or `( Table.path )`.
    fn parse_in_list(&mut self) -> Result<InList, QueryError> {
        self.expect(&Tok::LParen, "'(' after IN")?;
        self.enter()?;
        let list = self.parse_in_items()?;
        self.expect(&Tok::RParen, "')' to close the IN list")?;
        self.leave();
        Ok(list)
    }

    fn parse_in_items(&mut self) -> Result<InList, QueryError> {
        let first = match (&self.peek().tok, self.peek_at(1)) {
            (Tok::Word(_), Tok::LBracket) => return self.parse_subquery().map(InList::Subquery),
            (Tok::Word(_), Tok::Dot) => {
                let column = self.parse_column_ref()?;
                if self.peek().tok == Tok::RParen {
                    if let [table, rest @ ..] = column.path.segments() {
                        if let Some(path) = Path::from_segments(rest.to_vec()) {
                            return Ok(InList::Subquery(Subquery {
                                table: table.clone(),
                                filter: None,
                                path,
                            }));
                        }
                    }
                }
                let primary = self.json_postfix(column)?;
                self.parse_operand_rest(primary)?
            }
            (Tok::RParen, _) => return Err(self.unexpected("a value (an IN list cannot be empty)")),
            _ => self.parse_operand()?,
        };
        let mut rest = Vec::new();
        while self.eat(&Tok::Comma) {
            rest.push(self.parse_operand()?);
        }
        Ok(InList::Values(NonEmpty::new(first, rest)))
    }

    /// `Table[innerWhere].path`: the inner where is always a where clause (no aggregates).
    fn parse_subquery(&mut self) -> Result<Subquery, QueryError> {
        let table = self.expect_ident()?;
        self.expect(&Tok::LBracket, "'['")?;
        let outer = self.clause;
        self.clause = Clause::Where;
        let filter = self.parse_expr();
        self.clause = outer;
        let filter = filter?;
        self.expect(&Tok::RBracket, "']'")?;
        self.expect(&Tok::Dot, "'.' and a path after the subquery")?;
        let path = self.parse_path()?;
        Ok(Subquery {
            table,
            filter: Some(Box::new(filter)),
            path,
        })
    }
}
