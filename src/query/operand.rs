//! Value-expression parsing: literals, column and relation paths, `Parent[rel].col`, JSON
//! access `->` / `->>`, function and aggregate calls, unary minus and `+ - * / %`.

use super::ast::{
    is_reserved, ArithOp, ColumnRef, Finite, Ident, InverseRef, JsonAccess, Literal, Number,
    Operand, Path,
};
use super::error::QueryError;
use super::function::{lookup, AggregateArg, AggregateCall, Callee, FunctionCall};
use super::jsonpath::JsonPath;
use super::lexer::Tok;
use super::parser::Parser;

impl Parser {
    /// `term ((+|-) term)*`
    pub(crate) fn parse_operand(&mut self) -> Result<Operand, QueryError> {
        let first = self.parse_unary()?;
        self.parse_operand_rest(first)
    }

    /// Continues a value whose first primary is already parsed (`(a + 1) * 2`, `a.b + 1`).
    pub(crate) fn parse_operand_rest(&mut self, first: Operand) -> Result<Operand, QueryError> {
        let term = self.binary_chain(first, Self::mul_op, Self::parse_unary)?;
        self.binary_chain(term, Self::add_op, |p| {
            let first = p.parse_unary()?;
            p.binary_chain(first, Self::mul_op, Self::parse_unary)
        })
    }

    fn add_op(tok: &Tok) -> Option<ArithOp> {
        match tok {
            Tok::Plus => Some(ArithOp::Add),
            Tok::Minus => Some(ArithOp::Sub),
            _ => None,
        }
    }

    fn mul_op(tok: &Tok) -> Option<ArithOp> {
        match tok {
            Tok::Star => Some(ArithOp::Mul),
            Tok::Slash => Some(ArithOp::Div),
            Tok::Percent => Some(ArithOp::Mod),
            _ => None,
        }
    }

    /// A left-associative chain; each operator is one nesting level of the resulting tree.
    fn binary_chain(
        &mut self,
        mut left: Operand,
        op_of: fn(&Tok) -> Option<ArithOp>,
        mut next: impl FnMut(&mut Self) -> Result<Operand, QueryError>,
    ) -> Result<Operand, QueryError> {
        let mut levels = 0;
        while let Some(op) = op_of(&self.peek().tok) {
            self.advance();
            self.enter()?;
            levels += 1;
            let right = next(self)?;
            left = Operand::Binary {
                left: Box::new(left),
                op,
                right: Box::new(right),
            };
        }
        for _ in 0..levels {
            self.leave();
        }
        Ok(left)
    }

    /// `-x`; a minus directly before a number is part of the literal.
    fn parse_unary(&mut self) -> Result<Operand, QueryError> {
        if self.peek().tok != Tok::Minus {
            return self.parse_primary();
        }
        let minus = self.advance().pos;
        if let Tok::Number(text) = &self.peek().tok {
            let text = format!("-{text}");
            self.advance();
            return number_literal(&text, minus);
        }
        self.enter()?;
        let inner = self.parse_unary()?;
        self.leave();
        Ok(Operand::Negate(Box::new(inner)))
    }

    fn parse_primary(&mut self) -> Result<Operand, QueryError> {
        let token = self.peek().clone();
        match token.tok {
            Tok::Number(text) => {
                self.advance();
                number_literal(&text, token.pos)
            }
            Tok::Str(s) => {
                self.advance();
                Ok(Operand::Literal(Literal::String(s)))
            }
            Tok::LParen => {
                self.enter()?;
                self.advance();
                let inner = self.parse_operand()?;
                self.expect(&Tok::RParen, "')'")?;
                self.leave();
                Ok(inner)
            }
            Tok::Word(word) => {
                if let Some(lit) = keyword_literal(&word) {
                    self.advance();
                    return Ok(Operand::Literal(lit));
                }
                if is_reserved(&word) {
                    return Err(self.unexpected("a value"));
                }
                if *self.peek_at(1) == Tok::LParen {
                    self.advance();
                    return self.parse_call(&word, token.pos);
                }
                let column = self.parse_column_ref()?;
                self.json_postfix(column)
            }
            _ => Err(self.unexpected("a value")),
        }
    }

    /// An identifier token as an `Ident`.
    pub(crate) fn expect_ident(&mut self) -> Result<Ident, QueryError> {
        let token = self.peek().clone();
        match &token.tok {
            Tok::Word(w) => {
                let ident = Ident::new(w).map_err(|e| e.at(token.pos))?;
                self.advance();
                Ok(ident)
            }
            _ => Err(self.unexpected("a name")),
        }
    }

    /// `a.b.c`
    pub(crate) fn parse_path(&mut self) -> Result<Path, QueryError> {
        let mut path = Path::new(self.expect_ident()?);
        while self.peek().tok == Tok::Dot {
            self.advance();
            path = path.join(self.expect_ident()?);
        }
        Ok(path)
    }

    /// `a.b.c` or `Parent[rel].a.b` ([D-inv]).
    pub(crate) fn parse_column_ref(&mut self) -> Result<ColumnRef, QueryError> {
        if *self.peek_at(1) != Tok::LBracket {
            return Ok(ColumnRef::path(self.parse_path()?));
        }
        let table = self.expect_ident()?;
        self.advance();
        let relation = self.expect_ident()?;
        self.expect(&Tok::RBracket, "']' after the relation name")?;
        self.expect(&Tok::Dot, "'.' after Parent[relation]")?;
        let path = self.parse_path()?;
        Ok(ColumnRef {
            inverse: Some(InverseRef { table, relation }),
            path,
        })
    }

    /// `column->'$.path'` / `column->>'$.path'`, or the plain column.
    pub(crate) fn json_postfix(&mut self, column: ColumnRef) -> Result<Operand, QueryError> {
        let access = match self.peek().tok {
            Tok::Arrow => JsonAccess::Extract,
            Tok::LongArrow => JsonAccess::Unquote,
            _ => return Ok(Operand::Column(column)),
        };
        self.advance();
        let token = self.advance();
        let Tok::Str(text) = &token.tok else {
            return Err(QueryError::syntax(
                token.pos,
                "expected a quoted JSON path such as '$.a'",
            ));
        };
        // +1 skips the opening quote; positions inside escapes are approximate.
        let path = JsonPath::parse(text).map_err(|e| e.shifted(token.pos + 1))?;
        Ok(Operand::Json {
            column,
            path,
            access,
        })
    }

    /// `name(args)` with the name already consumed.
    fn parse_call(&mut self, name: &str, pos: usize) -> Result<Operand, QueryError> {
        let callee = lookup(name).map_err(|e| e.at(pos))?;
        self.expect(&Tok::LParen, "'('")?;
        self.enter()?;
        let operand = match callee {
            Callee::Aggregate(function) => {
                if !self.clause.allows_aggregates() {
                    return Err(QueryError::syntax(
                        pos,
                        format!(
                            "aggregate function {}() is not allowed in {}",
                            function.name(),
                            self.clause.name()
                        ),
                    ));
                }
                let arg = if self.eat(&Tok::Star) {
                    AggregateArg::Star
                } else if self.eat_keyword("DISTINCT") {
                    AggregateArg::Distinct(Box::new(self.parse_operand()?))
                } else {
                    AggregateArg::All(Box::new(self.parse_operand()?))
                };
                Operand::Aggregate(AggregateCall::new(function, arg).map_err(|e| e.at(pos))?)
            }
            Callee::Scalar(function) => {
                let mut args = Vec::new();
                if self.peek().tok != Tok::RParen {
                    args.push(self.parse_operand()?);
                    while self.eat(&Tok::Comma) {
                        args.push(self.parse_operand()?);
                    }
                }
                Operand::Call(FunctionCall::new(function, args).map_err(|e| e.at(pos))?)
            }
        };
        self.expect(&Tok::RParen, "')' to close the call")?;
        self.leave();
        Ok(operand)
    }
}

fn keyword_literal(word: &str) -> Option<Literal> {
    if word.eq_ignore_ascii_case("NULL") {
        Some(Literal::Null)
    } else if word.eq_ignore_ascii_case("TRUE") {
        Some(Literal::Bool(true))
    } else if word.eq_ignore_ascii_case("FALSE") {
        Some(Literal::Bool(false))
    } else {
        None
    }
}

/// Integer text that fits i64 stays exact; anything else becomes a finite f64.
fn number_literal(text: &str, pos: usize) -> Result<Operand, QueryError> {
    let is_float = text.contains(['.', 'e', 'E']);
    if !is_float {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Operand::Literal(Literal::Number(Number::Int(i))));
        }
    }
    text.parse::<f64>()
        .ok()
        .and_then(Finite::new)
        .map(|f| Operand::Literal(Literal::Number(Number::Float(f))))
        .ok_or_else(|| QueryError::syntax(pos, format!("number {text} is out of range")))
}
