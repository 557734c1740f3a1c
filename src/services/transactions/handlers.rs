//! HTTP handler of the Unit of Work endpoint.

use super::unit_of_work::{execute, UnitOfWork};
use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::extract::json;
use crate::extract::JsonBody;
use crate::services::data::access::Actor;
use crate::services::data::ops::DataOps;
use crate::services::realtime::EventBus;
use crate::services::security::CallerOf;

/// D25 `POST /transaction/unit-of-work`: 200 with `{success, error, results}`, also when an
/// operation fails (the whole request is then rolled back).
pub(super) async fn unit_of_work(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    let work = UnitOfWork::parse(body)?;
    let envelope = ctx.with_caller(|c| {
        // No dynamic schema inside a transaction (transactions.md §6).
        let mut ops = DataOps::new(
            &ctx.services,
            Actor::Client(c),
            ctx.now(),
            &ctx.app.ids,
            false,
        )
        .with_events(ctx.services.get::<EventBus>())
        .with_budget(ctx.shared.query_budget())
        .with_object_id_by_default(ctx.app.settings.read().data.include_object_id_by_default);
        execute(&mut ops, &work)
    });
    json(envelope)
}
