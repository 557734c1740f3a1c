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

use super::access::Actor;
use super::find::{Plan, Reader};
use super::ops::DataOps;
use super::options::FindOptions;
use super::store::Tables;
use crate::apps::Ctx;
use crate::error::ApiError;
use crate::services::data::DataStore;
use crate::services::realtime::EventBus;
use crate::services::security::Caller;
use crate::services::security::SecurityState;

/// The data operations of this request for a caller.
pub fn data_ops<'a>(ctx: &'a Ctx, caller: &'a Caller<'a>) -> DataOps<'a> {
    DataOps::new(
        &ctx.services,
        Actor::Client(caller),
        ctx.now(),
        &ctx.app.ids,
        ctx.app.settings.read().data.dynamic_schema,
    )
    .with_events(ctx.services.get::<EventBus>())
    .with_budget(ctx.shared.query_budget())
}

/// The query options of a request as a plan, following the app's data config.
pub fn plan(ctx: &Ctx, options: &FindOptions) -> Result<Plan, ApiError> {
    let include = ctx.app.settings.read().data.include_object_id_by_default;
    Ok(Plan::parse(options)?.with_object_id_by_default(include))
}

/// Run `f` with the tables, read-locked, and a reader of them for a caller.
pub fn read_as<R>(ctx: &Ctx, caller: &Caller<'_>, f: impl FnOnce(Reader<'_>, &Tables) -> R) -> R {
    let security = ctx.services.get::<SecurityState>();
    ctx.services.get::<DataStore>().read(|tables| {
        let reader = Reader::new(tables, &security, Actor::Client(caller), ctx.now())
            .with_budget(ctx.shared.query_budget());
        f(reader, tables)
    })
}
