//! `POST /management/data/table` (management.md §3): the JS SDK's `Management.Data.createTable`,
//! a table with typed columns in one call. Column definitions are the console's (K1/K2 shapes).

use serde_json::Value;

use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::error::Code;
use crate::extract::empty;
use crate::extract::JsonBody;
use crate::services::data::console::schema::create_table as create_with_columns;
use crate::services::data::DataStore;

/// Create `{name, columns: [{name, dataType, ...}]}`; answers an empty body (d.ts: `Promise<void>`).
pub async fn create_table(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    let body = match body {
        Value::Object(_) => body,
        _ => {
            return Err(crate::error::ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &["the body must be a JSON object"],
            ))
        }
    };
    // All-or-nothing: a bad column leaves no half-made table behind.
    ctx.services
        .get::<DataStore>()
        .atomic(|t| create_with_columns(t, &body, &ctx.app.ids))?;
    Ok(empty())
}
