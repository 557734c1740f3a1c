//! Query endpoints: find (D7 GET, D7b POST `/find`), count (D9 GET and POST) and grouping (D24).

use axum::extract::Path;
use serde_json::Value;

use super::read_as;
use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::data::find::{parse_where, GroupQuery, Plan};
use crate::services::data::options::FindOptions;
use crate::services::security::CallerOf;

/// D7 `GET /data/{table}?where=..&props=..`.
pub async fn find_get(ctx: Ctx, Path(table): Path<String>, query: QueryParams) -> ApiResult {
    find(ctx, table, FindOptions::from_query(&query)?)
}

/// D7b `POST /data/{table}/find` with the query as a JSON body.
pub async fn find_post(ctx: Ctx, Path(table): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    find(ctx, table, FindOptions::from_body(&body)?)
}

fn find(ctx: Ctx, table: String, options: FindOptions) -> ApiResult {
    let plan = super::plan(&ctx, &options)?;
    let page = ctx.with_caller(|c| read_as(&ctx, c, |r, _| r.find(&table, &plan)))?;
    json(page)
}

/// D9 `GET /data/{table}/count?where=`: a bare number.
pub async fn count_get(ctx: Ctx, Path(table): Path<String>, query: QueryParams) -> ApiResult {
    let options = FindOptions {
        group_by: FindOptions::from_query(&query)?.group_by,
        ..FindOptions::with_where(query.get("where").map(str::to_string))
    };
    count(ctx, table, options)
}

/// D9 `POST /data/{table}/count` with `{"where", "distinct", "groupBy"}` (JS SDK).
pub async fn count_post(
    ctx: Ctx,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    count(ctx, table, FindOptions::from_body(&body)?)
}

fn count(ctx: Ctx, table: String, options: FindOptions) -> ApiResult {
    let plan = Plan {
        filter: parse_where(options.where_clause.as_deref())?,
        ..Plan::parse(&FindOptions {
            where_clause: None,
            ..options
        })?
    };
    let n = ctx.with_caller(|c| read_as(&ctx, c, |r, _| r.count(&table, &plan)))?;
    json(Value::from(n))
}

/// D24 `POST /data/data-grouping/{table}`: the grouped tree (`find/grouping.rs`).
pub async fn group(ctx: Ctx, Path(table): Path<String>, JsonBody(body): JsonBody) -> ApiResult {
    let query = GroupQuery::for_app(&ctx.app, &body)?;
    let tree = ctx.with_caller(|c| read_as(&ctx, c, |r, _| r.group(&table, &query)))?;
    json(tree)
}

/// D24 `POST /data/data-grouping/{table}/count`: objects in the group `groupPath` names.
pub async fn count_in_group(
    ctx: Ctx,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let query = GroupQuery::for_app(&ctx.app, &body)?;
    let n = ctx.with_caller(|c| read_as(&ctx, c, |r, _| r.count_in_group(&table, &query)))?;
    json(Value::from(n))
}
