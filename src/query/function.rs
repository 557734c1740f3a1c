//! Function names, arities and calls: database functions (where-clause.md §6, [D-func]) and
//! the aggregates `Count/Sum/Avg/Min/Max` (data.md §3.1, [D-agg]).
//!
//! Names are case-insensitive. The documented list is truncated, so a name we do not know is
//! reported as "not supported by the emulator" rather than as a syntax error.

use super::ast::Operand;
use super::error::QueryError;

/// A scalar database function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Function {
    /// `NOW([fsp])`: current time (seconds precision unless fsp > 0, as in MySQL).
    Now,
    /// `UNIXTIMESTAMP([date])` (also `UNIX_TIMESTAMP`): seconds since the epoch.
    UnixTimestamp,
    /// `DATE(d)`: the day part, printed `YYYY-MM-DD`.
    Date,
    /// `TIME(d)`: the time part as the string `HH:MM:SS`.
    Time,
    /// `WEEK(d[, mode])`: MySQL week number (modes 0 and 1).
    Week,
    /// `YEAR(d)`
    Year,
    /// `MONTH(d)`
    Month,
    /// `DAY(d)` (also `DAYOFMONTH`)
    Day,
    /// `HOUR(d)`
    Hour,
    /// `MINUTE(d)`
    Minute,
    /// `SECOND(d)`
    Second,
    /// `UPPER(s)` (also `UCASE`)
    Upper,
    /// `LOWER(s)` (also `LCASE`)
    Lower,
    /// `CONCAT(s, ...)`: NULL if any argument is NULL.
    Concat,
    /// `LENGTH(s)`: length in UTF-8 bytes, as in MySQL.
    Length,
    /// `CHAR_LENGTH(s)`: length in characters.
    CharLength,
    /// `SUBSTRING(s, pos[, len])` (also `SUBSTR`): 1-based, negative pos counts from the end.
    Substring,
    /// `TRIM(s)`: strips leading and trailing spaces.
    Trim,
    /// `ABS(x)`
    Abs,
    /// `ROUND(x[, d])`: half away from zero.
    Round,
    /// `FLOOR(x)`
    Floor,
    /// `CEIL(x)` (also `CEILING`)
    Ceil,
    /// `JSON_EXTRACT(doc, path, ...)`
    JsonExtract,
    /// `JSON_UNQUOTE(json)`
    JsonUnquote,
    /// `JSON_CONTAINS(target, candidate[, path])`
    JsonContains,
    /// `JSON_LENGTH(doc[, path])`
    JsonLength,
    /// A MySQL spatial function (`ST_...`): parsed, but evaluation is unsupported.
    Spatial(SpatialName),
}

/// The name of an `ST_...` spatial function, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SpatialName(String);

impl SpatialName {
    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// (canonical name, aliases, function, minimum arguments, maximum arguments)
type Entry = (
    &'static str,
    &'static [&'static str],
    Function,
    usize,
    Option<usize>,
);

const TABLE: [Entry; 26] = [
    ("NOW", &[], Function::Now, 0, Some(1)),
    (
        "UNIXTIMESTAMP",
        &["UNIX_TIMESTAMP"],
        Function::UnixTimestamp,
        0,
        Some(1),
    ),
    ("DATE", &[], Function::Date, 1, Some(1)),
    ("TIME", &[], Function::Time, 1, Some(1)),
    ("WEEK", &[], Function::Week, 1, Some(2)),
    ("YEAR", &[], Function::Year, 1, Some(1)),
    ("MONTH", &[], Function::Month, 1, Some(1)),
    ("DAY", &["DAYOFMONTH"], Function::Day, 1, Some(1)),
    ("HOUR", &[], Function::Hour, 1, Some(1)),
    ("MINUTE", &[], Function::Minute, 1, Some(1)),
    ("SECOND", &[], Function::Second, 1, Some(1)),
    ("UPPER", &["UCASE"], Function::Upper, 1, Some(1)),
    ("LOWER", &["LCASE"], Function::Lower, 1, Some(1)),
    ("CONCAT", &[], Function::Concat, 1, None),
    ("LENGTH", &[], Function::Length, 1, Some(1)),
    (
        "CHAR_LENGTH",
        &["CHARACTER_LENGTH"],
        Function::CharLength,
        1,
        Some(1),
    ),
    ("SUBSTRING", &["SUBSTR"], Function::Substring, 2, Some(3)),
    ("TRIM", &[], Function::Trim, 1, Some(1)),
    ("ABS", &[], Function::Abs, 1, Some(1)),
    ("ROUND", &[], Function::Round, 1, Some(2)),
    ("FLOOR", &[], Function::Floor, 1, Some(1)),
    ("CEIL", &["CEILING"], Function::Ceil, 1, Some(1)),
    ("JSON_EXTRACT", &[], Function::JsonExtract, 2, None),
    ("JSON_UNQUOTE", &[], Function::JsonUnquote, 1, Some(1)),
    ("JSON_CONTAINS", &[], Function::JsonContains, 2, Some(3)),
    ("JSON_LENGTH", &[], Function::JsonLength, 1, Some(2)),
];

/// What a name followed by `(` refers to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Callee {
    Scalar(Function),
    Aggregate(AggregateFn),
}

/// Resolves a function name (case-insensitive).
pub(crate) fn lookup(name: &str) -> Result<Callee, QueryError> {
    if let Some(agg) = AggregateFn::ALL
        .iter()
        .find(|a| a.name().eq_ignore_ascii_case(name))
    {
        return Ok(Callee::Aggregate(*agg));
    }
    let found = TABLE.iter().find(|(canonical, aliases, ..)| {
        canonical.eq_ignore_ascii_case(name) || aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    });
    if let Some((_, _, function, ..)) = found {
        return Ok(Callee::Scalar(function.clone()));
    }
    let is_spatial = name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("ST_")) && name.len() > 3;
    if is_spatial {
        return Ok(Callee::Scalar(Function::Spatial(SpatialName(
            name.to_owned(),
        ))));
    }
    // DATEADD/DATESUB are documented by name only; their argument syntax is unknown.
    Err(QueryError::unsupported(0, format!("function '{name}'")))
}

impl Function {
    fn entry(&self) -> Option<&'static Entry> {
        TABLE.iter().find(|(_, _, f, ..)| f == self)
    }

    /// The canonical spelling used when printing.
    pub fn name(&self) -> &str {
        match self {
            Function::Spatial(name) => name.as_str(),
            other => other.entry().map_or("", |e| e.0),
        }
    }

    /// Default props key for an unaliased call: the name in title case (`TIME` → `Time`, as
    /// verified by [E2E data-properties]; the rule for the other functions is inferred).
    pub fn default_alias(&self) -> String {
        let name = self.name();
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect(),
            None => String::new(),
        }
    }

    fn arity(&self) -> (usize, Option<usize>) {
        match self {
            Function::Spatial(_) => (0, None),
            other => other.entry().map_or((0, None), |e| (e.3, e.4)),
        }
    }
}

/// A scalar function applied to arguments whose count fits the function.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionCall {
    function: Function,
    args: Vec<Operand>,
}

impl FunctionCall {
    /// Checks the argument count.
    pub fn new(function: Function, args: Vec<Operand>) -> Result<Self, QueryError> {
        let (min, max) = function.arity();
        let count = args.len();
        if count < min || max.is_some_and(|m| count > m) {
            let expected = match max {
                Some(m) if m == min => format!("{min}"),
                Some(m) => format!("{min} to {m}"),
                None => format!("at least {min}"),
            };
            return Err(QueryError::syntax(
                0,
                format!(
                    "{} takes {expected} argument(s), got {count}",
                    function.name()
                ),
            ));
        }
        Ok(Self { function, args })
    }

    /// The function.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// The arguments.
    pub fn args(&self) -> &[Operand] {
        &self.args
    }
}

/// Aggregate functions (data.md §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregateFn {
    /// `Count(x)`: non-NULL values; `Count(*)`: rows.
    Count,
    /// `Sum(x)`: NULL when there is no non-NULL value.
    Sum,
    /// `Avg(x)`
    Avg,
    /// `Min(x)`
    Min,
    /// `Max(x)`
    Max,
}

impl AggregateFn {
    const ALL: [AggregateFn; 5] = [Self::Count, Self::Sum, Self::Avg, Self::Min, Self::Max];

    /// The spelling used in the Backendless docs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Count => "Count",
            Self::Sum => "Sum",
            Self::Avg => "Avg",
            Self::Min => "Min",
            Self::Max => "Max",
        }
    }

    /// Default props key: `count`, `sum`, `avg`, `min`, `max` (data.md §3.1).
    pub fn default_alias(self) -> &'static str {
        match self {
            Self::Count => "count",
            Self::Sum => "sum",
            Self::Avg => "avg",
            Self::Min => "min",
            Self::Max => "max",
        }
    }
}

/// What an aggregate reads.
#[derive(Debug, Clone, PartialEq)]
pub enum AggregateArg {
    /// `*` (Count only).
    Star,
    /// Every value, duplicates included.
    All(Box<Operand>),
    /// `DISTINCT x`: each distinct non-NULL value once.
    Distinct(Box<Operand>),
}

/// An aggregate applied to a valid argument: `*` only for Count, no nested aggregates.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateCall {
    function: AggregateFn,
    arg: AggregateArg,
}

impl AggregateCall {
    /// Checks the argument shape.
    pub fn new(function: AggregateFn, arg: AggregateArg) -> Result<Self, QueryError> {
        match &arg {
            AggregateArg::Star if function != AggregateFn::Count => Err(QueryError::syntax(
                0,
                format!("{}(*) is not valid; only Count(*) is", function.name()),
            )),
            AggregateArg::All(inner) | AggregateArg::Distinct(inner)
                if inner.contains_aggregate() =>
            {
                Err(QueryError::syntax(
                    0,
                    "aggregate functions cannot be nested",
                ))
            }
            _ => Ok(Self { function, arg }),
        }
    }

    /// The aggregate function.
    pub fn function(&self) -> AggregateFn {
        self.function
    }

    /// Its argument.
    pub fn arg(&self) -> &AggregateArg {
        &self.arg
    }
}

impl Operand {
    /// True if an aggregate appears anywhere in this operand.
    pub fn contains_aggregate(&self) -> bool {
        match self {
            Operand::Aggregate(_) => true,
            Operand::Literal(_) | Operand::Column(_) | Operand::Json { .. } => false,
            Operand::Call(call) => call.args().iter().any(Operand::contains_aggregate),
            Operand::Negate(inner) => inner.contains_aggregate(),
            Operand::Binary { left, right, .. } => {
                left.contains_aggregate() || right.contains_aggregate()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::ast::Literal;

    #[test]
    fn names_are_case_insensitive_with_aliases() {
        assert_eq!(lookup("year").unwrap(), Callee::Scalar(Function::Year));
        assert_eq!(
            lookup("unix_timestamp").unwrap(),
            Callee::Scalar(Function::UnixTimestamp)
        );
        assert_eq!(
            lookup("COUNT").unwrap(),
            Callee::Aggregate(AggregateFn::Count)
        );
        assert!(matches!(
            lookup("ST_Distance").unwrap(),
            Callee::Scalar(Function::Spatial(_))
        ));
    }

    #[test]
    fn unknown_functions_are_unsupported() {
        let err = lookup("DATEADD").unwrap_err();
        assert_eq!(
            err.message,
            "function 'DATEADD' is not supported by the emulator"
        );
    }

    #[test]
    fn arity_is_checked() {
        assert!(FunctionCall::new(Function::Year, vec![]).is_err());
        assert!(FunctionCall::new(Function::Now, vec![]).is_ok());
        let one = Operand::Literal(Literal::Null);
        assert!(FunctionCall::new(Function::Concat, vec![one.clone(), one]).is_ok());
    }

    #[test]
    fn star_only_for_count() {
        assert!(AggregateCall::new(AggregateFn::Count, AggregateArg::Star).is_ok());
        assert!(AggregateCall::new(AggregateFn::Sum, AggregateArg::Star).is_err());
    }

    #[test]
    fn default_aliases() {
        assert_eq!(Function::Time.default_alias(), "Time");
        assert_eq!(AggregateFn::Avg.default_alias(), "avg");
    }
}
