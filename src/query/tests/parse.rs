//! Parser tests: every construct, canonical printing, and error positions.

use crate::query::{
    parse_having, parse_optional_where, parse_where, CompareOp, Expr, InList, JsonAccess, Literal,
    Number, Operand, QueryErrorKind,
};

/// Parses, checks the canonical text, and checks that the text parses back to the same AST
/// (sqlparser's `verified_stmt`).
fn canonical(input: &str, expected: &str) -> Expr {
    let expr = parse_where(input).unwrap_or_else(|e| panic!("{input}: {e}"));
    assert_eq!(expr.to_string(), expected, "printing {input}");
    assert_eq!(
        parse_where(expected).unwrap(),
        expr,
        "re-parsing {expected}"
    );
    expr
}

/// An input that is already canonical.
fn verified(input: &str) -> Expr {
    canonical(input, input)
}

fn error_at(input: &str) -> (usize, String) {
    let err = parse_where(input).expect_err(input);
    assert_eq!(err.kind, QueryErrorKind::Syntax, "{input}: {err}");
    (err.position, err.message)
}

#[test]
fn comparison_operators() {
    for op in ["=", "!=", "<", "<=", ">", ">="] {
        verified(&format!("age {op} 21"));
    }
    canonical("age <> 21", "age != 21");
    canonical("created => 5", "created >= 5");
    canonical("age>=21", "age >= 21");
}

#[test]
fn date_keywords() {
    let expr = canonical(
        "birthDate after 1427068800000",
        "birthDate AFTER 1427068800000",
    );
    assert!(matches!(
        expr,
        Expr::Compare {
            op: CompareOp::After,
            ..
        }
    ));
    canonical("d before '03/23/2015'", "d BEFORE '03/23/2015'");
    canonical(
        "birthDate at or after '10/28/1988 00:00:00 GMT-0200'",
        "birthDate AT OR AFTER '10/28/1988 00:00:00 GMT-0200'",
    );
    canonical("d AT OR BEFORE 0", "d AT OR BEFORE 0");
    // The date words are contextual: they can still name columns.
    verified("after = 1 AND at = 2 AND before IS NULL");
}

#[test]
fn boolean_logic_and_precedence() {
    let expr = verified("a = 1 OR b = 2 AND c = 3");
    let Expr::Or(or) = &expr else {
        panic!("{expr:?}")
    };
    assert!(matches!(or.operands()[1], Expr::And(_)));
    verified("(a = 1 OR b = 2) AND c = 3");
    canonical("((a = 1))", "a = 1");
    canonical("a = 1 and (b = 2 and c = 3)", "a = 1 AND (b = 2 AND c = 3)");
    canonical("not(name is null)", "NOT name IS NULL");
    verified("NOT (a = 1 OR b = 2)");
    verified("NOT NOT a = 1");
    canonical("name LIKE 'J%' and age > 20", "name LIKE 'J%' AND age > 20");
    let flat = verified("a = 1 OR b = 2 OR c = 3");
    assert!(matches!(&flat, Expr::Or(j) if j.operands().len() == 3));
}

#[test]
fn keywords_are_case_insensitive() {
    canonical(
        "name Like 'a' AnD x iS nOt NuLl oR y not in (1) Or z BeTwEeN 1 aNd 2",
        "name LIKE 'a' AND x IS NOT NULL OR y NOT IN (1) OR z BETWEEN 1 AND 2",
    );
    canonical("flag = true or flag = False", "flag = TRUE OR flag = FALSE");
}

#[test]
fn like_and_escapes() {
    verified("name LIKE 'J%'");
    verified("name NOT LIKE '%foo_'");
    verified("name LIKE '50\\\\%' ESCAPE '!'");
    let expr = canonical("name like 'a!%' escape '!'", "name LIKE 'a!%' ESCAPE '!'");
    assert!(matches!(
        expr,
        Expr::Like {
            escape: Some('!'),
            negated: false,
            ..
        }
    ));
    assert!(parse_where("name LIKE 'a' ESCAPE 'xy'").is_err());
}

#[test]
fn in_lists_and_subqueries() {
    verified("name IN ('value1', 'value2')");
    canonical("objectId in ('a','b')", "objectId IN ('a', 'b')");
    verified("age NOT IN (1, 2, NULL)");
    let sub =
        verified("objectId IN (Comment[author.email LIKE '%@backendless.com'].blogPost.objectId)");
    let Expr::In {
        list: InList::Subquery(sq),
        ..
    } = &sub
    else {
        panic!("{sub:?}")
    };
    assert_eq!(sq.table.as_str(), "Comment");
    assert_eq!(sq.path.to_string(), "blogPost.objectId");
    let plain = verified("objectId IN (Comment.blogPost.objectId)");
    assert!(matches!(plain, Expr::In { list: InList::Subquery(ref s), .. } if s.filter.is_none()));
    // A lone dotted column inside IN would read as a subquery, so it prints in parentheses.
    let Expr::In {
        list: InList::Values(_),
        ..
    } = verified("x IN ((a.b))")
    else {
        panic!()
    };
    verified("x IN (a.b, 1)");
    verified("x IN ((P[rel].col), 1)");
}

#[test]
fn null_tests_and_between() {
    verified("name IS NULL");
    verified("name IS NOT NULL");
    verified("objectId != NULL");
    verified("age BETWEEN 18 AND 65 AND name = 'x'");
    verified("age NOT BETWEEN -1 AND 1.5");
}

#[test]
fn numbers() {
    let num = |text: &str| match parse_where(&format!("x = {text}")).unwrap() {
        Expr::Compare {
            right: Operand::Literal(Literal::Number(n)),
            ..
        } => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(num("42"), Number::Int(42));
    assert_eq!(num("-42"), Number::Int(-42));
    assert_eq!(num("-9223372036854775808"), Number::Int(i64::MIN));
    assert!(matches!(num("123.456"), Number::Float(f) if f.get() == 123.456));
    assert!(matches!(num("1e3"), Number::Float(f) if f.get() == 1000.0));
    assert!(matches!(num("-2.5E-3"), Number::Float(f) if f.get() == -0.0025));
    assert!(matches!(num(".5"), Number::Float(f) if f.get() == 0.5));
    assert!(matches!(num("9223372036854775808"), Number::Float(_)));
    canonical("x = 1.0", "x = 1.0");
    canonical("x = 1e20", "x = 1e20");
    canonical("x = - 5", "x = -5");
    canonical("x = -(5)", "x = -(5)");
    canonical("x = a - -5", "x = a - -5");
    assert!(parse_where("x = 1e999").is_err());
}

#[test]
fn strings() {
    let string = |input: &str| match parse_where(input).unwrap() {
        Expr::Compare {
            right: Operand::Literal(Literal::String(s)),
            ..
        } => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(string("name = 'Charlie''s Angels'"), "Charlie's Angels");
    assert_eq!(string("name = \"double\""), "double");
    assert_eq!(string("name = \"it\"\"s\""), "it\"s");
    assert_eq!(string(r"name = 'back\\slash \'q\''"), "back\\slash 'q'");
    canonical("name = \"it's\"", "name = 'it''s'");
    canonical(r"name = 'a\\b'", r"name = 'a\\b'");
    let long = "x".repeat(3000);
    verified(&format!("name = '{long}'"));
}

#[test]
fn paths_inverse_and_json() {
    verified("address.city = 'New York'");
    verified("a.b.c.d >= 1");
    verified("Parent[rel].objectId = 'X'");
    verified("Users[friends].address.city = 'Dallas'");
    let json = verified("profile->'$.age' > 30");
    assert!(matches!(
        json,
        Expr::Compare {
            left: Operand::Json {
                access: JsonAccess::Extract,
                ..
            },
            ..
        }
    ));
    verified("profile->>'$.address.city' = 'New York'");
    verified("profile->'$.favoriteNumbers[*]' IS NOT NULL");
    canonical("profile -> \"$.a\" = 1", "profile->'$.a' = 1");
    verified("rel.profile->'$.\"odd key\"' = 'it''s'");
}

#[test]
fn functions_and_arithmetic() {
    verified("YEAR(created) = 2020");
    canonical(
        "year(NOW()) - year(dateOfBirth) > 18",
        "YEAR(NOW()) - YEAR(dateOfBirth) > 18",
    );
    verified("UPPER(name) = 'BOB'");
    canonical("unix_timestamp(created) > 0", "UNIXTIMESTAMP(created) > 0");
    verified("(a + 1) * 2 > 3");
    verified("a + 1 * 2 > 3");
    verified("a - (b - c) = 0");
    verified("a / 2 % 3 = 1");
    verified("-(a + 1) < 0");
    verified("ST_Distance(location, 'POINT(1 1)') < 10");
    verified("CONCAT(a, '-', b) = 'x-y'");
    verified("flag");
    verified("NOT flag AND JSON_CONTAINS(tags, '\"a\"')");
    canonical("(price) = 1", "price = 1");
}

#[test]
fn aggregates_only_in_having() {
    let (pos, message) = error_at("name = 'x' AND Count(actors) > 3");
    assert_eq!(pos, 15);
    assert!(
        message.contains("not allowed in a where clause"),
        "{message}"
    );
    let having = parse_having("Count(actors) > 3 AND Avg(totalBoxOffice) > 2000000000").unwrap();
    assert_eq!(
        having.to_string(),
        "Count(actors) > 3 AND Avg(totalBoxOffice) > 2000000000"
    );
    assert_eq!(
        parse_having("count(*) >= 1").unwrap().to_string(),
        "Count(*) >= 1"
    );
    assert_eq!(
        parse_having("Count(distinct name) = 2")
            .unwrap()
            .to_string(),
        "Count(DISTINCT name) = 2"
    );
    assert!(parse_having("Sum(*) > 1").is_err());
    assert!(parse_having("Sum(Count(x)) > 1").is_err());
    // Subquery filters are where clauses even inside having.
    assert!(parse_having("x IN (T[Count(y) > 1].z)").is_err());
}

#[test]
fn error_positions() {
    let cases: [(&str, usize, &str); 18] = [
        ("name = ", 7, "expected a value, found end of input"),
        ("name = 'x' and", 14, "expected a value"),
        ("(a = 1", 6, "expected ')'"),
        ("a = 1)", 5, "expected end of input, found ')'"),
        ("a == 1", 3, "expected a value, found '='"),
        ("a LIKE", 6, "expected a value"),
        ("a NOT 5", 6, "expected LIKE, IN or BETWEEN after NOT"),
        ("a IN ()", 6, "an IN list cannot be empty"),
        ("a IN 1", 5, "expected '(' after IN"),
        ("a IS 5", 5, "expected NULL"),
        ("a BETWEEN 1 2", 12, "expected AND"),
        ("a AT 5", 5, "expected OR"),
        ("a AT OR 5", 8, "expected AFTER or BEFORE"),
        (
            "(a = 1) + 1 > 2",
            0,
            "a condition in parentheses cannot be used as a value",
        ),
        ("YEAR() = 1", 0, "YEAR takes 1 argument(s), got 0"),
        ("x = 'abc", 4, "unterminated string literal"),
        ("a = 1 b = 2", 6, "expected end of input, found 'b'"),
        ("a->'x' = 1", 4, "a JSON path must start with '$'"),
    ];
    for (input, pos, message) in cases {
        let (at, text) = error_at(input);
        assert_eq!(at, pos, "{input}: {text}");
        assert!(text.contains(message), "{input}: {text}");
    }
    assert_eq!(error_at("é = 'x' @").0, 8, "positions are in characters");
    assert!(error_at("`a` = 1").1.contains("backtick"));
    assert!(error_at("AND = 1")
        .1
        .contains("expected a value, found 'AND'"));
    assert!(error_at("   ").1.contains("expected a where clause"));
}

#[test]
fn unknown_functions_are_unsupported() {
    for input in ["DATEADD(created, 1) > 0", "SOUNDEX(name) = 'x'"] {
        let err = parse_where(input).unwrap_err();
        assert_eq!(err.kind, QueryErrorKind::Unsupported, "{input}");
        assert!(
            err.message.ends_with("is not supported by the emulator"),
            "{}",
            err.message
        );
        assert_eq!(err.position, 0);
    }
}

#[test]
fn blank_where_means_no_filter() {
    assert_eq!(parse_optional_where(" \n ").unwrap(), None);
    assert!(parse_optional_where("a = 1").unwrap().is_some());
}

#[test]
fn nesting_is_limited() {
    let deep = format!("{}a = 1{}", "(".repeat(60), ")".repeat(60));
    assert_eq!(parse_where(&deep).unwrap().to_string(), "a = 1");
    let too_deep = format!("{}a = 1{}", "(".repeat(70), ")".repeat(70));
    assert!(error_at(&too_deep).1.contains("deeper than 64"));
    let huge = "(".repeat(100_000);
    let (pos, message) = error_at(&huge);
    assert_eq!(pos, 64);
    assert!(message.contains("deeper than 64"));
    assert!(error_at(&format!("{}a", "NOT ".repeat(100)))
        .1
        .contains("deeper"));
    assert!(error_at(&format!("x = {}1", "-".repeat(100_000)))
        .1
        .contains("deeper"));
    assert!(error_at(&format!("x = {}1", "UPPER(".repeat(1000)))
        .1
        .contains("deeper"));
    let chain = vec!["1"; 100].join(" + ");
    assert!(error_at(&format!("x = {chain}")).1.contains("deeper"));
}

#[test]
fn long_flat_clauses_are_fine() {
    let ids: Vec<String> = (0..5000).map(|i| format!("'id{i}'")).collect();
    verified(&format!("objectId IN ({})", ids.join(", ")));
    let ors: Vec<String> = (0..5000).map(|i| format!("a = {i}")).collect();
    let expr = verified(&ors.join(" OR "));
    assert!(matches!(expr, Expr::Or(j) if j.operands().len() == 5000));
}
