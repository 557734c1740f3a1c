//! Property: every AST prints to text that parses back to the same AST
//! (`parse(print(ast)) == ast`, sqlparser style), for where, having, props and sortBy.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union;

use crate::query::function::{lookup, Callee};
use crate::query::{
    join_list, parse_having, parse_props, parse_sort_by, parse_where, AggregateArg, AggregateCall,
    AggregateFn, ArithOp, ArrayIndex, ColumnRef, CompareOp, Expr, Finite, Function, FunctionCall,
    Ident, InList, InverseRef, JsonAccess, JsonPath, Junction, Leg, Literal, NonEmpty, Number,
    Operand, Path, Projection, SortDirection, SortKey, Subquery,
};

fn ident() -> impl Strategy<Value = Ident> {
    let contextual = [
        "after", "at", "before", "escape", "as", "asc", "desc", "count", "year", "ST_X", "objectId",
    ];
    prop_oneof![
        3 => "[a-zA-Z_][a-zA-Z0-9_]{0,6}".prop_filter_map("reserved word", |s| Ident::new(&s).ok()),
        1 => prop::sample::select(contextual.to_vec()).prop_map(|s| Ident::new(s).unwrap()),
    ]
}

fn path() -> impl Strategy<Value = Path> {
    vec(ident(), 1..=3).prop_map(|v| Path::from_segments(v).unwrap())
}

fn column() -> impl Strategy<Value = ColumnRef> {
    (prop::option::weighted(0.2, (ident(), ident())), path()).prop_map(|(inverse, path)| {
        ColumnRef {
            inverse: inverse.map(|(table, relation)| InverseRef { table, relation }),
            path,
        }
    })
}

fn array_index() -> impl Strategy<Value = ArrayIndex> {
    prop_oneof![
        (0u64..20).prop_map(ArrayIndex::FromStart),
        (0u64..5).prop_map(ArrayIndex::FromEnd)
    ]
}

fn json_path() -> impl Strategy<Value = JsonPath> {
    let leg = prop_oneof![
        3 => any::<String>().prop_map(Leg::Member),
        1 => Just(Leg::AnyMember),
        1 => array_index().prop_map(Leg::Index),
        1 => (array_index(), array_index()).prop_map(|(a, b)| Leg::Range(a, b)),
        1 => Just(Leg::AnyIndex),
        1 => Just(Leg::AnyDepth),
    ];
    vec(leg, 0..4).prop_filter_map("misplaced **", |legs| JsonPath::from_legs(legs).ok())
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        any::<String>().prop_map(Literal::String),
        "[a-z%_\\\\' ]{0,6}".prop_map(Literal::String),
        any::<i64>().prop_map(|i| Literal::Number(Number::Int(i))),
        any::<f64>().prop_filter_map("finite", |f| Finite::new(f)
            .map(|f| Literal::Number(Number::Float(f)))),
        any::<bool>().prop_map(Literal::Bool),
        Just(Literal::Null),
    ]
}

fn functions() -> Vec<(Function, usize)> {
    let Ok(Callee::Scalar(spatial)) = lookup("ST_Distance") else {
        panic!("spatial lookup")
    };
    vec![
        (Function::Now, 0),
        (Function::Upper, 1),
        (Function::Year, 1),
        (Function::Round, 2),
        (Function::Substring, 3),
        (Function::Concat, 3),
        (Function::JsonExtract, 2),
        (spatial, 2),
    ]
}

pub(super) fn operand(aggregates: bool) -> BoxedStrategy<Operand> {
    let leaf = prop_oneof![
        3 => literal().prop_map(Operand::Literal),
        3 => column().prop_map(Operand::Column),
        1 => (column(), json_path(), prop_oneof![Just(JsonAccess::Extract), Just(JsonAccess::Unquote)])
            .prop_map(|(column, path, access)| Operand::Json { column, path, access }),
    ];
    leaf.prop_recursive(3, 16, 3, move |inner| {
        let arith = prop::sample::select(vec![
            ArithOp::Add,
            ArithOp::Sub,
            ArithOp::Mul,
            ArithOp::Div,
            ArithOp::Mod,
        ]);
        let call = prop::sample::select(functions()).prop_flat_map({
            let inner = inner.clone();
            move |(f, n)| {
                vec(inner.clone(), n).prop_map(move |args| {
                    Operand::Call(FunctionCall::new(f.clone(), args).unwrap())
                })
            }
        });
        let mut options = vec![
            inner
                .clone()
                .prop_map(|x| Operand::Negate(Box::new(x)))
                .boxed(),
            (inner.clone(), arith, inner.clone())
                .prop_map(|(l, op, r)| Operand::Binary {
                    left: Box::new(l),
                    op,
                    right: Box::new(r),
                })
                .boxed(),
            call.boxed(),
        ];
        if aggregates {
            options.push(aggregate().boxed());
        }
        Union::new(options)
    })
    .boxed()
}

fn aggregate() -> impl Strategy<Value = Operand> {
    let function = prop::sample::select(vec![
        AggregateFn::Count,
        AggregateFn::Sum,
        AggregateFn::Avg,
        AggregateFn::Min,
        AggregateFn::Max,
    ]);
    prop_oneof![
        Just((AggregateFn::Count, AggregateArg::Star)),
        (function.clone(), operand(false)).prop_map(|(f, x)| (f, AggregateArg::All(Box::new(x)))),
        (function, operand(false)).prop_map(|(f, x)| (f, AggregateArg::Distinct(Box::new(x)))),
    ]
    .prop_map(|(f, arg)| Operand::Aggregate(AggregateCall::new(f, arg).unwrap()))
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    use CompareOp::*;
    prop::sample::select(vec![
        Eq, NotEq, Lt, Le, Gt, Ge, After, Before, AtOrAfter, AtOrBefore,
    ])
}

fn subquery() -> impl Strategy<Value = Subquery> {
    let filter = (operand(false), compare_op(), operand(false))
        .prop_map(|(left, op, right)| Box::new(Expr::Compare { left, op, right }));
    (ident(), prop::option::of(filter), path()).prop_map(|(table, filter, path)| Subquery {
        table,
        filter,
        path,
    })
}

pub(super) fn expr(aggregates: bool) -> impl Strategy<Value = Expr> {
    let op = operand(aggregates);
    let list = prop_oneof![
        3 => vec(op.clone(), 1..4).prop_map(|v| InList::Values(NonEmpty::from_vec(v).unwrap())),
        1 => subquery().prop_map(InList::Subquery),
    ];
    let leaf = prop_oneof![
        (op.clone(), compare_op(), op.clone()).prop_map(|(left, op, right)| Expr::Compare {
            left,
            op,
            right
        }),
        (
            op.clone(),
            op.clone(),
            prop::option::of(any::<char>()),
            any::<bool>()
        )
            .prop_map(|(operand, pattern, escape, negated)| Expr::Like {
                operand,
                pattern,
                escape,
                negated
            }),
        (op.clone(), list, any::<bool>()).prop_map(|(operand, list, negated)| Expr::In {
            operand,
            list,
            negated
        }),
        (op.clone(), any::<bool>())
            .prop_map(|(operand, negated)| Expr::IsNull { operand, negated }),
        (op.clone(), op.clone(), op.clone(), any::<bool>()).prop_map(
            |(operand, low, high, negated)| Expr::Between {
                operand,
                low,
                high,
                negated
            }
        ),
        op.prop_map(Expr::Truth),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 2..4).prop_map(|v| Expr::Or(Junction::from_vec(v).unwrap())),
            vec(inner.clone(), 2..4).prop_map(|v| Expr::And(Junction::from_vec(v).unwrap())),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn where_clauses_round_trip(e in expr(false)) {
        let text = e.to_string();
        prop_assert_eq!(parse_where(&text).map_err(|err| format!("{text}\n{err}")), Ok(e));
    }

    #[test]
    fn having_clauses_round_trip(e in expr(true)) {
        let text = e.to_string();
        prop_assert_eq!(parse_having(&text).map_err(|err| format!("{text}\n{err}")), Ok(e));
    }

    #[test]
    fn props_round_trip(items in vec(prop_oneof![
        1 => Just(Projection::All),
        4 => (operand(true), prop::option::of(ident())).prop_map(|(expr, alias)| Projection::Item { expr, alias }),
    ], 1..4)) {
        let text = join_list(&items);
        prop_assert_eq!(parse_props(&text).map_err(|err| format!("{text}\n{err}")), Ok(items));
    }

    #[test]
    fn sort_keys_round_trip(keys in vec((operand(true), prop_oneof![Just(SortDirection::Asc), Just(SortDirection::Desc)])
        .prop_map(|(expr, direction)| SortKey { expr, direction }), 1..4)) {
        let text = join_list(&keys);
        prop_assert_eq!(parse_sort_by(&text).map_err(|err| format!("{text}\n{err}")), Ok(keys));
    }

    #[test]
    fn json_paths_round_trip(path in json_path()) {
        prop_assert_eq!(JsonPath::parse(&path.to_string()), Ok(path));
    }
}
