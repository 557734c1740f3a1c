//! The Unit of Work (transactions.md §2, §5): parse the request, run every operation in order
//! under the store's write lock, and answer the success or failure envelope. A failing
//! operation rolls back every earlier one (the store's undo journal) and is echoed as sent.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::errors::{bad_unit_of_work, missing};
use super::operation::{run, OpType, Operation};
use crate::error::ApiError;
use crate::services::data::ops::DataOps;
use crate::services::data::DataStore;

/// Isolation levels accepted, with the docs' misspellings (transactions.md §8 question 6). The
/// emulator serialises every transaction, so the level has no further effect.
const ISOLATION_LEVELS: [&str; 6] = [
    "READ_UNCOMMITTED",
    "READ_UNCOMMITED",
    "READ_COMMITTED",
    "REPEATABLE_READ",
    "SERIALIZABLE",
    "SERIALZABLE",
];

/// A parsed request.
#[derive(Debug, Clone)]
pub struct UnitOfWork {
    /// The operations in execution order.
    pub operations: Vec<Operation>,
}

impl UnitOfWork {
    /// Parse a request body; whole-request problems are ordinary errors (8002 / 8010).
    pub fn parse(body: Value) -> Result<UnitOfWork, ApiError> {
        let Value::Object(body) = body else {
            return Err(bad_unit_of_work("the body must be a JSON object"));
        };
        match body
            .get("isolationLevelEnum")
            .or_else(|| body.get("transactionIsolation"))
        {
            None | Some(Value::Null) => {}
            Some(Value::String(level)) if ISOLATION_LEVELS.contains(&level.as_str()) => {}
            Some(other) => {
                return Err(bad_unit_of_work(&format!(
                    "unknown isolation level {other}"
                )))
            }
        }
        let list = match body.get("operations") {
            Some(Value::Array(list)) => list,
            None | Some(Value::Null) => return Err(missing("operations")),
            Some(_) => return Err(bad_unit_of_work("operations must be an array")),
        };
        let mut counters: HashMap<(OpType, String), usize> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut operations = Vec::with_capacity(list.len());
        for raw in list {
            let op = parse_operation(raw, &mut counters)?;
            if !seen.insert(op.op_result_id.clone()) {
                return Err(bad_unit_of_work(&format!(
                    "duplicate opResultId '{}'",
                    op.op_result_id
                )));
            }
            operations.push(op);
        }
        Ok(UnitOfWork { operations })
    }
}

fn parse_operation(
    raw: &Value,
    counters: &mut HashMap<(OpType, String), usize>,
) -> Result<Operation, ApiError> {
    let Value::Object(o) = raw else {
        return Err(bad_unit_of_work("each operation must be an object"));
    };
    let name = o
        .get("operationType")
        .and_then(Value::as_str)
        .ok_or_else(|| missing("operationType"))?;
    let op_type = OpType::parse(name)
        .ok_or_else(|| bad_unit_of_work(&format!("unknown operationType '{name}'")))?;
    let table = o
        .get("table")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| missing("table"))?
        .to_string();
    let n = counters.entry((op_type, table.clone())).or_insert(0);
    *n += 1;
    // Docs call opResultId optional: without one, use the id the JS SDK would have generated.
    let op_result_id = match o.get("opResultId") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        _ => format!("{}{table}{n}", op_type.as_str().to_ascii_lowercase()),
    };
    Ok(Operation {
        op_type,
        table,
        op_result_id,
        payload: o.get("payload").cloned().unwrap_or(Value::Null),
        raw: raw.clone(),
    })
}

/// Run a unit of work; the response envelope (always HTTP 200).
pub fn execute(ops: &mut DataOps, work: &UnitOfWork) -> Value {
    let mut results = Map::new();
    let mut failed: Option<usize> = None;
    let services = ops.services;
    let outcome = services.get::<DataStore>().atomic(|t| {
        for (i, op) in work.operations.iter().enumerate() {
            match run(ops, t, op, &results) {
                Ok(result) => {
                    results.insert(
                        op.op_result_id.clone(),
                        json!({"operationType": op.op_type.as_str(), "result": result}),
                    );
                }
                Err(e) => {
                    failed = Some(i);
                    return Err(e);
                }
            }
        }
        Ok(())
    });
    match outcome {
        Ok(()) => {
            ops.finish();
            json!({"success": true, "error": null, "results": results})
        }
        Err(e) => {
            ops.effects.clear();
            let operation = failed
                .and_then(|i| work.operations.get(i))
                .map(|op| op.raw.clone())
                .unwrap_or(Value::Null);
            json!({
                "success": false,
                "results": null,
                "error": {"message": e.message, "code": e.code, "operation": operation},
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_generates_ids_and_refuses_bad_requests() {
        let work = UnitOfWork::parse(json!({
            "isolationLevelEnum": "SERIALZABLE",
            "operations": [
                {"operationType": "CREATE", "table": "P", "payload": {}},
                {"operationType": "CREATE", "table": "P", "payload": {}},
                {"operationType": "FIND", "table": "P", "opResultId": "my op", "payload": {}}
            ]
        }))
        .expect("parses");
        let ids: Vec<&str> = work
            .operations
            .iter()
            .map(|o| o.op_result_id.as_str())
            .collect();
        assert_eq!(ids, ["createP1", "createP2", "my op"]);
        for bad in [
            json!([]),
            json!({}),
            json!({"operations": [{"operationType": "NOPE", "table": "P"}]}),
            json!({"operations": [{"operationType": "CREATE"}]}),
            json!({"isolationLevelEnum": "FAST", "operations": []}),
            json!({"operations": [
                {"operationType": "CREATE", "table": "P", "opResultId": "a"},
                {"operationType": "FIND", "table": "P", "opResultId": "a"}
            ]}),
        ] {
            assert!(UnitOfWork::parse(bad).is_err());
        }
    }
}
