//! Single-object endpoints: D1-D6, D8, D10, D11, D20, D21.

use axum::extract::Path;
use serde_json::{json, Value};

use super::{data_ops, read_as};
use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::error::{ApiError, Code};
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::data::cell::Cell;
use crate::services::data::errors;
use crate::services::data::find::check_names;
use crate::services::data::find::project::Projector;
use crate::services::data::find::select::empty_store;
use crate::services::data::options::FindOptions;
use crate::services::data::rules::Rules;
use crate::services::data::DataStore;
use crate::services::security::CallerOf;
use crate::services::security::Permission;
use crate::services::security::SecurityState;

/// D1 `POST /data/{table}`.
pub async fn create(ctx: Ctx, Path(table): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.create(t, &table, body)))?;
    json(obj)
}

/// D2 `PUT /data/{table}`: update when the body's objectId exists, else create.
pub async fn save(ctx: Ctx, Path(table): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.save(t, &table, body)))?;
    json(obj)
}

/// D3 `PUT /data/{table}/{id}`.
pub async fn update(
    ctx: Ctx,
    Path((table, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let obj =
        ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.update(t, &table, &id, body)))?;
    json(obj)
}

/// D10 `PUT /data/{table}/upsert`.
pub async fn upsert(ctx: Ctx, Path(table): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let obj = ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.upsert(t, &table, body)))?;
    json(obj)
}

/// D11 `PUT /data/{table}/deep-save`.
pub async fn deep_save(ctx: Ctx, Path(table): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let obj =
        ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.deep_save(t, &table, body)))?;
    json(obj)
}

/// D8 `DELETE /data/{table}/{id}`.
pub async fn delete(ctx: Ctx, Path((table, id)): Path<(String, String)>) -> ApiResult {
    let time = ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.delete(t, &table, &id)))?;
    json(json!({ "deletionTime": time }))
}

/// D4 `GET /data/{table}/{id}` with `property=`, `loadRelations`, `relationsDepth`.
pub async fn find_by_id(
    ctx: Ctx,
    Path((table, id)): Path<(String, String)>,
    query: QueryParams,
) -> ApiResult {
    let plan = super::plan(&ctx, &FindOptions::from_query(&query)?)?;
    let obj = ctx.with_caller(|c| {
        read_as(&ctx, c, |r, t| {
            let tb = t.table(&table)?;
            check_names(t, tb, &plan)?;
            let row = tb.row(&id).ok_or_else(|| errors::object_not_found(&id))?;
            if !r.permits(Permission::Find, tb, row) {
                return Err(r.refusal(Permission::Find, tb, row));
            }
            let projector = Projector::new(r, &plan)?;
            projector.check_load_relations(&table)?;
            projector.object(tb, row)
        })
    })?;
    json(obj)
}

/// D5 `GET /data/{table}/pk?col=value...`: the object whose columns equal every given value.
pub async fn find_by_primary_key(
    ctx: Ctx,
    Path(table): Path<String>,
    query: QueryParams,
) -> ApiResult {
    if query.0.is_empty() {
        return Err(ApiError::templated(Code::INCOMPLETE_COMPOSITE_KEY, &[]));
    }
    let obj = ctx.with_caller(|c| {
        read_as(&ctx, c, |r, t| {
            let tb = t.table(&table)?;
            for (k, _) in &query.0 {
                if tb.column(k).is_none() {
                    return Err(ApiError::templated(Code::WRONG_COMPOSITE_KEY, &[]));
                }
            }
            let row = tb
                .rows()
                .find(|row| {
                    query.0.iter().all(|(k, v)| match tb.value(row, k) {
                        Cell::Str(s) => **s == **v,
                        other => v.parse::<Value>().is_ok_and(|parsed| other == &parsed),
                    })
                })
                .ok_or_else(|| ApiError::templated(Code::PRIMARY_KEY_NOT_FOUND, &[]))?;
            if !r.permits(Permission::Find, tb, row) {
                return Err(r.refusal(Permission::Find, tb, row));
            }
            Ok(tb.to_object(row))
        })
    })?;
    json(obj)
}

/// D6 `GET /data/{table}/first`.
pub async fn first(ctx: Ctx, Path(table): Path<String>, query: QueryParams) -> ApiResult {
    first_or_last(ctx, table, query, End::First)
}

/// D6 `GET /data/{table}/last`.
pub async fn last(ctx: Ctx, Path(table): Path<String>, query: QueryParams) -> ApiResult {
    first_or_last(ctx, table, query, End::Last)
}

enum End {
    First,
    Last,
}

/// First/last by `created`; 1010 on an empty table (data.md §12 open question 10).
fn first_or_last(ctx: Ctx, table: String, query: QueryParams, end: End) -> ApiResult {
    let plan = super::plan(&ctx, &FindOptions::from_query(&query)?)?;
    let obj = ctx.with_caller(|c| {
        read_as(&ctx, c, |r, t| {
            let tb = t.table(&table)?;
            check_names(t, tb, &plan)?;
            let rows = r.matching(tb, plan.filter.as_ref(), Permission::Find)?;
            let row = match end {
                End::First => rows.first(),
                End::Last => rows.last(),
            }
            .ok_or_else(empty_store)?;
            let projector = Projector::new(r, &plan)?;
            projector.check_load_relations(&table)?;
            projector.object(tb, row)
        })
    })?;
    json(obj)
}

/// D20 `GET /data/{table}/properties` (DESCRIBE).
pub async fn describe(ctx: Ctx, Path(table): Path<String>) -> ApiResult {
    let rules = ctx.services.get::<Rules>().of(&table);
    let props = ctx.services.get::<DataStore>().read(|t| {
        t.table(&table).map(|tb| {
            if let Some(rules) = &rules {
                rules.properties(tb)
            } else {
                tb.columns
                    .iter()
                    .map(|c| c.to_property())
                    .collect::<Vec<_>>()
            }
        })
    })?;
    ctx.with_caller(|c| {
        crate::services::data::access::Actor::Client(c).require(
            &ctx.services.get::<SecurityState>(),
            Permission::Describe,
            &table,
        )
    })?;
    json(props)
}

/// D21 `GET /data/{tableId}/table-name`: the name of the table with this console id.
pub async fn table_name(ctx: Ctx, Path(table_id): Path<String>) -> ApiResult {
    let name = ctx.services.get::<DataStore>().read(|t| {
        t.by_table_id(&table_id)
            .or_else(|| t.table(&table_id).ok())
            .map(|tb| tb.name.clone())
            .ok_or_else(|| errors::table_not_found(&table_id))
    })?;
    json(name)
}
