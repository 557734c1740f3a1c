//! Canonical where-clause text for the AST: `parse_where(&expr.to_string()) == Ok(expr)`.
//!
//! Keywords print in upper case, strings in single quotes (quotes doubled, backslashes
//! escaped), and parentheses appear only where precedence or the IN-subquery syntax needs them.

use std::fmt::{self, Display, Formatter, Write};

use super::ast::{
    ArithOp, ColumnRef, CompareOp, Expr, InList, JsonAccess, Literal, Number, Operand, Path,
    Subquery,
};
use super::function::{AggregateArg, AggregateCall, FunctionCall};

/// Binding strength of a condition: OR < AND < NOT < predicates.
fn expr_level(expr: &Expr) -> u8 {
    match expr {
        Expr::Or(_) => 1,
        Expr::And(_) => 2,
        Expr::Not(_) => 3,
        _ => 4,
    }
}

/// Binding strength of a value: `+ -` < `* / %` < unary minus < primaries.
fn operand_level(op: &Operand) -> u8 {
    match op {
        Operand::Binary { op, .. } => arith_level(*op),
        Operand::Negate(_) => 3,
        _ => 4,
    }
}

fn arith_level(op: ArithOp) -> u8 {
    match op {
        ArithOp::Add | ArithOp::Sub => 1,
        ArithOp::Mul | ArithOp::Div | ArithOp::Mod => 2,
    }
}

fn wrapped_expr(f: &mut Formatter<'_>, expr: &Expr, wrap: bool) -> fmt::Result {
    if wrap {
        write!(f, "({expr})")
    } else {
        write!(f, "{expr}")
    }
}

fn wrapped_operand(f: &mut Formatter<'_>, op: &Operand, wrap: bool) -> fmt::Result {
    if wrap {
        write!(f, "({op})")
    } else {
        write!(f, "{op}")
    }
}

fn not_prefix(negated: bool) -> &'static str {
    if negated {
        "NOT "
    } else {
        ""
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Or(j) | Expr::And(j) => {
                let (sep, level) = match self {
                    Expr::Or(_) => (" OR ", 1),
                    _ => (" AND ", 2),
                };
                for (i, child) in j.operands().iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    wrapped_expr(f, child, expr_level(child) <= level)?;
                }
                Ok(())
            }
            Expr::Not(inner) => {
                f.write_str("NOT ")?;
                wrapped_expr(f, inner, expr_level(inner) < 3)
            }
            Expr::Compare { left, op, right } => write!(f, "{left} {op} {right}"),
            Expr::Like {
                operand,
                pattern,
                escape,
                negated,
            } => {
                write!(f, "{operand} {}LIKE {pattern}", not_prefix(*negated))?;
                if let Some(c) = escape {
                    f.write_str(" ESCAPE ")?;
                    write_string_literal(f, &c.to_string())?;
                }
                Ok(())
            }
            Expr::In {
                operand,
                list,
                negated,
            } => {
                write!(f, "{operand} {}IN ({list})", not_prefix(*negated))
            }
            Expr::IsNull { operand, negated } => {
                write!(f, "{operand} IS {}NULL", not_prefix(*negated))
            }
            Expr::Between {
                operand,
                low,
                high,
                negated,
            } => {
                write!(
                    f,
                    "{operand} {}BETWEEN {low} AND {high}",
                    not_prefix(*negated)
                )
            }
            Expr::Truth(op) => write!(f, "{op}"),
        }
    }
}

impl Display for CompareOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompareOp::Eq => "=",
            CompareOp::NotEq => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::After => "AFTER",
            CompareOp::Before => "BEFORE",
            CompareOp::AtOrAfter => "AT OR AFTER",
            CompareOp::AtOrBefore => "AT OR BEFORE",
        })
    }
}

impl Operand {
    /// The column printed first, if the operand's text starts with a column reference.
    fn leftmost_column(&self) -> Option<&ColumnRef> {
        match self {
            Operand::Column(c) | Operand::Json { column: c, .. } => Some(c),
            Operand::Binary { left, .. } => left.leftmost_column(),
            _ => None,
        }
    }
}

impl Display for InList {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            InList::Subquery(sq) => write!(f, "{sq}"),
            InList::Values(items) => {
                let items = items.as_slice();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    // `(Parent[rel]...` and a lone `(a.b)` would read back as subqueries (§5),
                    // so such a first item gets its own parentheses.
                    let guard = i == 0
                        && item.leftmost_column().is_some_and(|c| {
                            c.inverse.is_some()
                                || (items.len() == 1
                                    && matches!(item, Operand::Column(_))
                                    && c.path.segments().len() > 1)
                        });
                    wrapped_operand(f, item, guard)?;
                }
                Ok(())
            }
        }
    }
}

impl Display for Subquery {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.table.as_str())?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        write!(f, ".{}", self.path)
    }
}

impl Display for Operand {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Literal(lit) => write!(f, "{lit}"),
            Operand::Column(c) => write!(f, "{c}"),
            Operand::Json {
                column,
                path,
                access,
            } => {
                let arrow = match access {
                    JsonAccess::Extract => "->",
                    JsonAccess::Unquote => "->>",
                };
                write!(f, "{column}{arrow}")?;
                write_string_literal(f, &path.to_string())
            }
            Operand::Call(call) => write!(f, "{call}"),
            Operand::Aggregate(call) => write!(f, "{call}"),
            Operand::Negate(inner) => {
                f.write_str("-")?;
                // `-5` would read back as a literal, so a negated number keeps parentheses.
                let wrap = matches!(**inner, Operand::Literal(Literal::Number(_)))
                    || operand_level(inner) < 3;
                wrapped_operand(f, inner, wrap)
            }
            Operand::Binary { left, op, right } => {
                let level = arith_level(*op);
                wrapped_operand(f, left, operand_level(left) < level)?;
                let symbol = match op {
                    ArithOp::Add => " + ",
                    ArithOp::Sub => " - ",
                    ArithOp::Mul => " * ",
                    ArithOp::Div => " / ",
                    ArithOp::Mod => " % ",
                };
                f.write_str(symbol)?;
                wrapped_operand(f, right, operand_level(right) <= level)
            }
        }
    }
}

impl Display for FunctionCall {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.function().name())?;
        for (i, arg) in self.args().iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}

impl Display for AggregateCall {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let name = self.function().name();
        match self.arg() {
            AggregateArg::Star => write!(f, "{name}(*)"),
            AggregateArg::All(x) => write!(f, "{name}({x})"),
            AggregateArg::Distinct(x) => write!(f, "{name}(DISTINCT {x})"),
        }
    }
}

impl Display for ColumnRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(inv) = &self.inverse {
            write!(f, "{}[{}].", inv.table, inv.relation)?;
        }
        write!(f, "{}", self.path)
    }
}

impl Display for Path {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(seg.as_str())?;
        }
        Ok(())
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::String(s) => write_string_literal(f, s),
            Literal::Number(n) => write!(f, "{n}"),
            Literal::Bool(true) => f.write_str("TRUE"),
            Literal::Bool(false) => f.write_str("FALSE"),
            Literal::Null => f.write_str("NULL"),
        }
    }
}

impl Display for Number {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            // Debug always keeps a '.' or an exponent, so a float never reads back as an int,
            // and it prints the shortest text that parses back to the same f64.
            Number::Float(x) => write!(f, "{:?}", x.get()),
        }
    }
}

/// Writes `s` as a single-quoted literal that the lexer decodes back to `s`.
pub(crate) fn write_string_literal(f: &mut impl Write, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\'' => f.write_str("''")?,
            '\\' => f.write_str("\\\\")?,
            other => f.write_char(other)?,
        }
    }
    f.write_char('\'')
}
