//! Relation endpoints: D16 set, D17 add, D18 delete, D19 load a relation page (data.md §6).

use axum::extract::Path;
use serde_json::Value;

use super::data_ops;
use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::error::{ApiError, Code};
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::data::find::parse_where;
use crate::services::data::ops::Children;
use crate::services::data::options::FindOptions;
use crate::services::data::relations::Link;
use crate::services::data::DataStore;
use crate::services::security::CallerOf;

type RelationPath = Path<(String, String, String)>;

/// D16 `POST /data/{table}/{id}/{rel}`: replace the children.
pub async fn set_relation(
    ctx: Ctx,
    path: RelationPath,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    relate(ctx, path, query, body, Link::Set)
}

/// D17 `PUT /data/{table}/{id}/{rel}`: add children.
pub async fn add_relation(
    ctx: Ctx,
    path: RelationPath,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    relate(ctx, path, query, body, Link::Add)
}

/// D18 `DELETE /data/{table}/{id}/{rel}`: unlink children.
pub async fn delete_relation(
    ctx: Ctx,
    path: RelationPath,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    relate(ctx, path, query, body, Link::Delete)
}

fn relate(
    ctx: Ctx,
    Path((table, id, rel)): RelationPath,
    query: QueryParams,
    body: Value,
    how: Link,
) -> ApiResult {
    let children = children(&query, body)?;
    let n = ctx.with_caller(|c| {
        data_ops(&ctx, c).run(|ops, t| ops.relate(t, &table, &id, &rel, children, how))
    })?;
    json(Value::from(n))
}

/// Children as a JSON array of objectIds (or `{objectId}` objects), else `?whereClause=`.
fn children(query: &QueryParams, body: Value) -> Result<Children, ApiError> {
    match body {
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                Value::Object(o) => o
                    .get("objectId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| ApiError::templated(Code::REMOVE_WITHOUT_OBJECT_ID, &[])),
                _ => Err(ApiError::templated(
                    Code::UNPARSABLE_REQUEST,
                    &["children must be objectIds"],
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Children::Ids),
        Value::Null => match query.get("whereClause").or_else(|| query.get("where")) {
            Some(w) => Ok(Children::Where(parse_where(Some(w))?.map(Box::new))),
            None => Err(ApiError::templated(
                Code::MISSING_FIELD,
                &["childrenIds or whereClause"],
            )),
        },
        _ => Err(ApiError::templated(
            Code::UNPARSABLE_REQUEST,
            &["the body must be an array of child objectIds"],
        )),
    }
}

/// D19 `GET /data/{table}/{id}/{rel}?pageSize=&offset=&where=&sortBy=&props=`.
pub async fn load_relation(
    ctx: Ctx,
    Path((table, id, rel)): RelationPath,
    query: QueryParams,
) -> ApiResult {
    let plan = super::plan(&ctx, &FindOptions::from_query(&query)?)?;
    let page = ctx.with_caller(|c| {
        let ops = data_ops(&ctx, c);
        ctx.services
            .get::<DataStore>()
            .read(|t| ops.relation_page(t, &table, &id, &rel, &plan))
    })?;
    json(page)
}
