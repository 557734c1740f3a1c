//! The where-clause AST (where-clause.md §10): conditions (`Expr`) over value expressions
//! (`Operand`). Types make invalid trees unrepresentable where that is cheap: identifiers are
//! checked names, AND/OR have at least two operands, IN lists are non-empty, numbers are finite.

use super::error::QueryError;
use super::function::{AggregateCall, FunctionCall};
use super::jsonpath::JsonPath;
use super::lexer::{is_ident_continue, is_ident_start};

/// A boolean condition: a whole where or having clause, or a part of one.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a OR b OR ...`
    Or(Junction),
    /// `a AND b AND ...`
    And(Junction),
    /// `NOT a`
    Not(Box<Expr>),
    /// `left op right` (including the date keywords `after`, `before`, ...).
    Compare {
        /// Left-hand value.
        left: Operand,
        /// Comparison operator.
        op: CompareOp,
        /// Right-hand value.
        right: Operand,
    },
    /// `operand [NOT] LIKE pattern [ESCAPE 'c']`
    Like {
        /// Value matched against the pattern.
        operand: Operand,
        /// The pattern with `%` and `_` wildcards.
        pattern: Operand,
        /// Explicit escape character; `None` means MySQL's default backslash.
        escape: Option<char>,
        /// True for `NOT LIKE`.
        negated: bool,
    },
    /// `operand [NOT] IN (...)`
    In {
        /// Value looked up in the list.
        operand: Operand,
        /// Literal list or subquery.
        list: InList,
        /// True for `NOT IN`.
        negated: bool,
    },
    /// `operand IS [NOT] NULL`
    IsNull {
        /// Value tested.
        operand: Operand,
        /// True for `IS NOT NULL`.
        negated: bool,
    },
    /// `operand [NOT] BETWEEN low AND high`
    Between {
        /// Value tested.
        operand: Operand,
        /// Inclusive lower bound.
        low: Operand,
        /// Inclusive upper bound.
        high: Operand,
        /// True for `NOT BETWEEN`.
        negated: bool,
    },
    /// A bare value used as a condition (`boolCol`), true when non-zero as in MySQL.
    Truth(Operand),
}

/// Operands of AND / OR: always at least two.
#[derive(Debug, Clone, PartialEq)]
pub struct Junction(Vec<Expr>);

impl Junction {
    /// Two or more operands.
    pub fn new(first: Expr, second: Expr, rest: Vec<Expr>) -> Self {
        let mut all = Vec::with_capacity(rest.len() + 2);
        all.push(first);
        all.push(second);
        all.extend(rest);
        Self(all)
    }

    /// `None` when fewer than two operands are given.
    pub fn from_vec(operands: Vec<Expr>) -> Option<Self> {
        (operands.len() >= 2).then_some(Self(operands))
    }

    /// The operands in source order.
    pub fn operands(&self) -> &[Expr] {
        &self.0
    }
}

/// A non-empty list.
#[derive(Debug, Clone, PartialEq)]
pub struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// A list with one first element and any more.
    pub fn new(first: T, rest: Vec<T>) -> Self {
        let mut all = Vec::with_capacity(rest.len() + 1);
        all.push(first);
        all.extend(rest);
        Self(all)
    }

    /// `None` for an empty vector.
    pub fn from_vec(items: Vec<T>) -> Option<Self> {
        (!items.is_empty()).then_some(Self(items))
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

/// Comparison operators; the date keywords keep their spelling so printing round-trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `!=` (also written `<>`)
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=` (also written `=>`, as on the Backendless dates page)
    Ge,
    /// `after`: `>` with both sides read as dates.
    After,
    /// `before`: `<` with both sides read as dates.
    Before,
    /// `at or after`: `>=` with both sides read as dates.
    AtOrAfter,
    /// `at or before`: `<=` with both sides read as dates.
    AtOrBefore,
}

/// The right-hand side of IN.
#[derive(Debug, Clone, PartialEq)]
pub enum InList {
    /// `(v1, v2, ...)`
    Values(NonEmpty<Operand>),
    /// `(Table[where].path)` or `(Table.path)` (where-clause.md §5, [D-sub]).
    Subquery(Subquery),
}

/// A subquery: the values at `path` of the rows of `table` matching `filter`.
#[derive(Debug, Clone, PartialEq)]
pub struct Subquery {
    /// Table the inner where runs on (case-sensitive).
    pub table: Ident,
    /// Inner where clause; `None` selects every row.
    pub filter: Option<Box<Expr>>,
    /// Column or relation path collected from each matching row.
    pub path: Path,
}

/// A value expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A constant.
    Literal(Literal),
    /// A column or relation path of the current row.
    Column(ColumnRef),
    /// `column->'$.path'` or `column->>'$.path'` (where-clause.md §7).
    Json {
        /// The JSON column.
        column: ColumnRef,
        /// The parsed MySQL JSON path.
        path: JsonPath,
        /// `->` or `->>`.
        access: JsonAccess,
    },
    /// A database function such as `YEAR(created)` (where-clause.md §6).
    Call(FunctionCall),
    /// An aggregate such as `Count(objectId)`: having, props and sortBy only.
    Aggregate(AggregateCall),
    /// Unary minus.
    Negate(Box<Operand>),
    /// Arithmetic `left op right`.
    Binary {
        /// Left operand.
        left: Box<Operand>,
        /// Operator.
        op: ArithOp,
        /// Right operand.
        right: Box<Operand>,
    },
}

/// `->` keeps the JSON value, `->>` unquotes it to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonAccess {
    /// `->`
    Extract,
    /// `->>`
    Unquote,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (always fractional, NULL on division by zero, as in MySQL)
    Div,
    /// `%` (NULL on division by zero, as in MySQL)
    Mod,
}

/// A literal constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string literal (already unescaped).
    String(String),
    /// A number literal.
    Number(Number),
    /// `TRUE` / `FALSE`.
    Bool(bool),
    /// `NULL`.
    Null,
}

/// A number literal: integers stay exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer that fits in i64.
    Int(i64),
    /// Any other number.
    Float(Finite),
}

/// A finite f64 (literals never hold NaN or infinity).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Finite(f64);

impl Finite {
    /// `None` for NaN and infinities.
    pub fn new(value: f64) -> Option<Self> {
        value.is_finite().then_some(Self(value))
    }

    /// The number.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A column reference: an optional inverted-relation hop, then a dotted path.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    /// `Parent[rel]` prefix ([D-inv]); the path is then read on the parent rows.
    pub inverse: Option<InverseRef>,
    /// `col` or `rel.col` or `rel.rel2.col`.
    pub path: Path,
}

impl ColumnRef {
    /// A plain path without an inverted hop.
    pub fn path(path: Path) -> Self {
        Self {
            inverse: None,
            path,
        }
    }
}

/// `Parent[rel]`: the rows of table `Parent` whose relation `rel` contains the current row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InverseRef {
    /// The parent table.
    pub table: Ident,
    /// The parent's relation column pointing at the current table.
    pub relation: Ident,
}

/// A dotted path of one or more identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path(Vec<Ident>);

impl Path {
    /// A one-segment path.
    pub fn new(first: Ident) -> Self {
        Self(vec![first])
    }

    /// `None` for no segments.
    pub fn from_segments(segments: Vec<Ident>) -> Option<Self> {
        (!segments.is_empty()).then_some(Self(segments))
    }

    /// Parses `a.b.c` (no spaces), e.g. a relation name given by the data service.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let segments = text
            .split('.')
            .map(Ident::new)
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_segments(segments).ok_or_else(|| QueryError::syntax(0, "empty path"))
    }

    /// The segments, first hop first.
    pub fn segments(&self) -> &[Ident] {
        &self.0
    }

    /// The path with one more segment.
    pub fn join(mut self, next: Ident) -> Self {
        self.0.push(next);
        self
    }
}

/// Words that cannot be column names without quoting (backticks are not supported).
pub(crate) const RESERVED: [&str; 11] = [
    "AND", "OR", "NOT", "NULL", "TRUE", "FALSE", "IS", "IN", "LIKE", "BETWEEN", "DISTINCT",
];

/// True if `word` is reserved (case-insensitive).
pub(crate) fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// A column, relation, table or alias name: letters, digits and `_`, not a reserved word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident(String);

impl Ident {
    /// Checks the name; identifiers are case-sensitive.
    pub fn new(name: &str) -> Result<Self, QueryError> {
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(is_ident_start) && chars.all(is_ident_continue);
        if !valid {
            return Err(QueryError::syntax(
                0,
                format!("invalid identifier '{name}'"),
            ));
        }
        if is_reserved(name) {
            return Err(QueryError::syntax(
                0,
                format!("'{name}' is a reserved word and cannot be used as a name"),
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_checked() {
        assert!(Ident::new("address_1").is_ok());
        assert!(Ident::new("Émile").is_ok());
        assert!(Ident::new("1a").is_err());
        assert!(Ident::new("a b").is_err());
        assert!(Ident::new("").is_err());
        assert!(Ident::new("null").is_err());
        assert!(Ident::new("after").is_ok(), "date keywords are contextual");
    }

    #[test]
    fn containers_refuse_too_few_items() {
        assert!(Junction::from_vec(vec![Expr::Truth(Operand::Literal(Literal::Null))]).is_none());
        assert!(NonEmpty::<Operand>::from_vec(vec![]).is_none());
        assert!(Path::from_segments(vec![]).is_none());
        assert!(Finite::new(f64::NAN).is_none());
    }

    #[test]
    fn paths_parse_from_dotted_text() {
        let path = Path::parse("a.b").unwrap();
        assert_eq!(path.segments().len(), 2);
        assert!(Path::parse("a..b").is_err());
    }
}
