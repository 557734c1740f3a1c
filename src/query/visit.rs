//! Walks over the AST, so the data service can check names against the table schema before
//! evaluating (Backendless rejects an unknown column even when the table is empty).

use super::ast::{ColumnRef, Expr, InList, Operand};
use super::function::AggregateArg;

impl Expr {
    /// Column references read from the filtered table's rows, in source order. Paths inside a
    /// subquery name another table and are not included.
    pub fn columns(&self) -> Vec<&ColumnRef> {
        let mut out = Vec::new();
        expr_columns(self, &mut out);
        out
    }
}

impl Operand {
    /// Column references in this value expression, in source order.
    pub fn columns(&self) -> Vec<&ColumnRef> {
        let mut out = Vec::new();
        operand_columns(self, &mut out);
        out
    }
}

fn expr_columns<'a>(expr: &'a Expr, out: &mut Vec<&'a ColumnRef>) {
    match expr {
        Expr::Or(j) | Expr::And(j) => j.operands().iter().for_each(|e| expr_columns(e, out)),
        Expr::Not(inner) => expr_columns(inner, out),
        Expr::Compare { left, right, .. } => {
            operand_columns(left, out);
            operand_columns(right, out);
        }
        Expr::Like {
            operand, pattern, ..
        } => {
            operand_columns(operand, out);
            operand_columns(pattern, out);
        }
        Expr::In { operand, list, .. } => {
            operand_columns(operand, out);
            if let InList::Values(items) = list {
                items
                    .as_slice()
                    .iter()
                    .for_each(|i| operand_columns(i, out));
            }
        }
        Expr::IsNull { operand, .. } | Expr::Truth(operand) => operand_columns(operand, out),
        Expr::Between {
            operand, low, high, ..
        } => {
            operand_columns(operand, out);
            operand_columns(low, out);
            operand_columns(high, out);
        }
    }
}

fn operand_columns<'a>(op: &'a Operand, out: &mut Vec<&'a ColumnRef>) {
    match op {
        Operand::Literal(_) => {}
        Operand::Column(c) | Operand::Json { column: c, .. } => out.push(c),
        Operand::Call(call) => call.args().iter().for_each(|a| operand_columns(a, out)),
        Operand::Aggregate(call) => match call.arg() {
            AggregateArg::Star => {}
            AggregateArg::All(x) | AggregateArg::Distinct(x) => operand_columns(x, out),
        },
        Operand::Negate(inner) => operand_columns(inner, out),
        Operand::Binary { left, right, .. } => {
            operand_columns(left, out);
            operand_columns(right, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::query::{parse_having, parse_where};

    #[test]
    fn lists_columns_outside_subqueries() {
        let expr = parse_where(
            "a = 1 AND (b.c LIKE d OR NOT e->'$.x' IN (f, 2) OR m IN (T[g = 1].h)) AND YEAR(i) BETWEEN j AND -k",
        )
        .unwrap();
        let names: Vec<String> = expr.columns().iter().map(|c| c.to_string()).collect();
        assert_eq!(names, ["a", "b.c", "d", "e", "f", "m", "i", "j", "k"]);
        let having = parse_having("Count(*) > 1 AND Sum(P[r].x) > 2").unwrap();
        assert_eq!(having.columns().len(), 1);
    }
}
