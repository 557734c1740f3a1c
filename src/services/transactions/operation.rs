//! One Unit of Work operation (transactions.md §3): its type, and how it runs against the
//! transaction's tables with the caller's permissions and no dynamic schema.

use serde_json::Value;

use super::errors::{column_missing, missing};
use super::refs::{is_ref, resolve_all, Results};
use crate::error::ApiError;
use crate::services::data::find::{parse_where, Plan};
use crate::services::data::ops::{bulk, Children, DataOps};
use crate::services::data::options::FindOptions;
use crate::services::data::relations::Link;
use crate::services::data::schema::OBJECT_ID;
use crate::services::data::schema::{PASSWORD, USERS};
use crate::services::data::store::Tables;
use crate::services::data::write::is_ignored_key;
use crate::services::realtime::BulkEvent;
use crate::services::security::Permission;

/// The twelve operation types (JS SDK `constants.js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpType {
    /// Insert one object.
    Create,
    /// Insert up to 100 objects.
    CreateBulk,
    /// Update one object.
    Update,
    /// Update many objects.
    UpdateBulk,
    /// Delete one object.
    Delete,
    /// Delete many objects.
    DeleteBulk,
    /// Upsert one object.
    Upsert,
    /// Upsert many objects.
    UpsertBulk,
    /// Query a table.
    Find,
    /// Add children to a relation.
    AddRelation,
    /// Replace a relation's children.
    SetRelation,
    /// Unlink children.
    DeleteRelation,
}

impl OpType {
    /// Parse the wire name.
    pub fn parse(name: &str) -> Option<OpType> {
        Some(match name {
            "CREATE" => OpType::Create,
            "CREATE_BULK" => OpType::CreateBulk,
            "UPDATE" => OpType::Update,
            "UPDATE_BULK" => OpType::UpdateBulk,
            "DELETE" => OpType::Delete,
            "DELETE_BULK" => OpType::DeleteBulk,
            "UPSERT" => OpType::Upsert,
            "UPSERT_BULK" => OpType::UpsertBulk,
            "FIND" => OpType::Find,
            "ADD_RELATION" => OpType::AddRelation,
            "SET_RELATION" => OpType::SetRelation,
            "DELETE_RELATION" => OpType::DeleteRelation,
            _ => return None,
        })
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OpType::Create => "CREATE",
            OpType::CreateBulk => "CREATE_BULK",
            OpType::Update => "UPDATE",
            OpType::UpdateBulk => "UPDATE_BULK",
            OpType::Delete => "DELETE",
            OpType::DeleteBulk => "DELETE_BULK",
            OpType::Upsert => "UPSERT",
            OpType::UpsertBulk => "UPSERT_BULK",
            OpType::Find => "FIND",
            OpType::AddRelation => "ADD_RELATION",
            OpType::SetRelation => "SET_RELATION",
            OpType::DeleteRelation => "DELETE_RELATION",
        }
    }
}

/// One parsed operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// What it does.
    pub op_type: OpType,
    /// The table it works on.
    pub table: String,
    /// The key of its result.
    pub op_result_id: String,
    /// The payload as sent (references unresolved).
    pub payload: Value,
    /// The operation exactly as sent, echoed when it fails.
    pub raw: Value,
}

/// Run one operation; its result value.
pub fn run(
    ops: &mut DataOps,
    t: &mut Tables,
    op: &Operation,
    results: &Results,
) -> Result<Value, ApiError> {
    let table = op.table.as_str();
    t.table(table)?;
    let payload = resolve_all(&op.payload, results)?;
    Ok(match op.op_type {
        OpType::Create => {
            check_columns(t, table, &payload)?;
            Value::Object(ops.create(t, table, payload)?)
        }
        OpType::CreateBulk => {
            let items = items(payload)?;
            if items.len() > bulk::MAX_BULK_CREATE {
                return Err(bulk::too_many_objects());
            }
            for item in &items {
                check_columns(t, table, item)?;
            }
            Value::from(ops.bulk_create(t, table, items)?)
        }
        OpType::Update => {
            check_columns(t, table, &payload)?;
            let id = object_id(&payload)?;
            Value::Object(ops.update(t, table, &id, payload)?)
        }
        OpType::UpdateBulk => {
            let changes = payload.get("changes").cloned().unwrap_or(Value::Null);
            check_columns(t, table, &changes)?;
            let changes = crate::services::data::ops::object_body(changes)?;
            ops.check_bulk_changes(t, table, &changes)?;
            let ids = selected(ops, t, table, &payload, Permission::Update)?;
            let count = ops.update_ids(t, table, &ids, &changes)?;
            let where_clause = bulk_where(&payload, &ids);
            ops.notify_bulk(
                table,
                BulkEvent::Updated {
                    where_clause,
                    count: count as u64,
                },
            );
            Value::from(count)
        }
        OpType::Delete => {
            let id = match &payload {
                Value::String(s) => s.clone(),
                other => object_id(other)?,
            };
            Value::from(ops.delete(t, table, &id)?)
        }
        OpType::DeleteBulk => {
            let ids = selected(ops, t, table, &payload, Permission::Remove)?;
            ops.delete_objects(t, table, &ids)?;
            let where_clause = bulk_where(&payload, &ids);
            ops.notify_bulk(
                table,
                BulkEvent::Deleted {
                    where_clause,
                    count: ids.len() as u64,
                },
            );
            Value::from(ids.len())
        }
        OpType::Upsert => {
            check_columns(t, table, &payload)?;
            Value::Object(ops.upsert(t, table, payload)?)
        }
        // transactions.md §8 question 4: objectIds, as the data API's bulk upsert answers.
        OpType::UpsertBulk => {
            let items = items(payload)?;
            for item in &items {
                check_columns(t, table, item)?;
            }
            Value::from(ops.bulk_upsert(t, table, items)?)
        }
        OpType::Find => {
            let plan = Plan::parse(&FindOptions::from_transaction(&payload)?)?
                .with_object_id_by_default(ops.include_object_id);
            Value::from(ops.reader(t).find(table, &plan)?)
        }
        OpType::AddRelation | OpType::SetRelation | OpType::DeleteRelation => {
            let how = match op.op_type {
                OpType::AddRelation => Link::Add,
                OpType::SetRelation => Link::Set,
                _ => Link::Delete,
            };
            let parent = match payload.get("parentObject") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => object_id(other)?,
                None => return Err(missing("parentObject")),
            };
            let column = payload
                .get("relationColumn")
                .and_then(Value::as_str)
                .filter(|c| !c.contains(':'))
                .ok_or_else(|| missing("relationColumn"))?;
            let children = match (payload.get("conditional"), payload.get("unconditional")) {
                (Some(Value::String(w)), _) => Children::Where(parse_where(Some(w))?.map(Box::new)),
                (_, Some(list)) => Children::Ids(ids_of(list)?),
                _ => return Err(missing("unconditional or conditional")),
            };
            Value::from(ops.relate(t, table, &parent, column, children, how)?)
        }
    })
}

/// Without dynamic schema, an unknown property fails the transaction (transactions.md §6).
fn check_columns(t: &Tables, table: &str, payload: &Value) -> Result<(), ApiError> {
    let Value::Object(o) = payload else {
        return Ok(());
    };
    let tb = t.table(table)?;
    for key in o.keys() {
        if is_ignored_key(key) || (table == USERS && key == PASSWORD) || tb.column(key).is_some() {
            continue;
        }
        return Err(column_missing(table, key));
    }
    Ok(())
}

fn items(payload: Value) -> Result<Vec<Value>, ApiError> {
    crate::services::data::ops::array_body(payload)
}

fn object_id(value: &Value) -> Result<String, ApiError> {
    match value.get(OBJECT_ID) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(missing("objectId")),
    }
}

/// objectIds of a list of ids / objects (a whole FIND or CREATE_BULK result included).
fn ids_of(list: &Value) -> Result<Vec<String>, ApiError> {
    let items = match list {
        Value::Array(items) => items.as_slice(),
        other => std::slice::from_ref(other),
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.clone()),
            other if !is_ref(other) => object_id(other),
            _ => Err(missing("objectId")),
        })
        .collect()
}

/// The where clause a bulk event reports: the operation's own, or `objectId IN (...)` for a
/// list of ids (realtime.md §4).
fn bulk_where(payload: &Value, ids: &[String]) -> String {
    match payload.get("conditional") {
        Some(Value::String(w)) => w.clone(),
        _ => {
            let quoted: Vec<String> = ids
                .iter()
                .map(|id| format!("'{}'", id.replace('\'', "''")))
                .collect();
            format!("objectId IN ({})", quoted.join(","))
        }
    }
}

/// The objects an UPDATE_BULK / DELETE_BULK selects: `conditional` where clause (objects the
/// caller may do `permission` on) or `unconditional` ids (each checked).
fn selected(
    ops: &DataOps,
    t: &Tables,
    table: &str,
    payload: &Value,
    permission: Permission,
) -> Result<Vec<String>, ApiError> {
    match (payload.get("conditional"), payload.get("unconditional")) {
        (Some(Value::String(w)), _) => {
            let filter = parse_where(Some(w))?;
            ops.matching_ids(t, table, filter.as_ref(), permission)
        }
        (_, Some(list)) => {
            let ids = ids_of(list)?;
            for id in &ids {
                ops.require_on_object(t, permission, table, id)?;
            }
            Ok(ids)
        }
        _ => Err(missing("conditional or unconditional")),
    }
}
