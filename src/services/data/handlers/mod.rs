//! HTTP handlers of the Data Service: extract, call one [`DataOps`] / [`Reader`] method, wrap.

mod bulk;
mod management;
mod objects;
mod permissions;
mod query;
mod relations;

pub use bulk::{bulk_create, bulk_delete, bulk_update, bulk_upsert};
pub use management::create_table;
pub use objects::{
    create, deep_save, delete, describe, find_by_id, find_by_primary_key, first, last, save,
    table_name, update, upsert,
};
pub use permissions::{object_permission, table_permission};
pub use query::{count_get, count_in_group, count_post, find_get, find_post, group};
pub use relations::{add_relation, delete_relation, load_relation, set_relation};

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::access::Actor;
use super::find::{Plan, Reader};
use super::ops::DataOps;
use super::options::FindOptions;
use super::store::Tables;
use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::services::security::Caller;

type ApiResult = Result<Response, ApiError>;

fn json(value: impl Into<Value>) -> ApiResult {
    Ok(Json(value.into()).into_response())
}

/// The data operations of this request for a caller.
pub fn data_ops<'a>(ctx: &'a Ctx, caller: &'a Caller<'a>) -> DataOps<'a> {
    DataOps::new(
        &ctx.services,
        Actor::Client(caller),
        ctx.now(),
        &ctx.app.ids,
        ctx.app.settings.read().data.dynamic_schema,
    )
    .with_events(&ctx.app.events)
    .with_budget(ctx.shared.query_budget())
}

/// The query options of a request as a plan, following the app's data config.
pub fn plan(ctx: &Ctx, options: &FindOptions) -> Result<Plan, ApiError> {
    let include = ctx.app.settings.read().data.include_object_id_by_default;
    Ok(Plan::parse(options)?.with_object_id_by_default(include))
}

/// A reader of this request's app for a caller.
pub fn reader<'a>(ctx: &'a Ctx, tables: &'a Tables, caller: &'a Caller<'a>) -> Reader<'a> {
    Reader::new(
        tables,
        &ctx.services.security,
        Actor::Client(caller),
        ctx.now(),
    )
    .with_budget(ctx.shared.query_budget())
}
