//! Services whose work happens outside any Backendless app state: Commerce (Google Play purchase
//! and subscription checks need Google's servers) and Automations (flows run in FlowRunner). The
//! JS SDK's calls are routed so each answers an honest 99000 naming the feature, after the app
//! and key are checked like any other call.
//!
//! | Operation | Route |
//! |---|---|
//! | Commerce.validatePlayPurchase | `GET /commerce/googleplay/validate/{package}/inapp/{product}/purchases/{token}` |
//! | Commerce.getPlaySubscriptionStatus | `GET /commerce/googleplay/{package}/subscription/{sub}/purchases/{token}` |
//! | Commerce.cancelPlaySubscription | `POST /commerce/googleplay/{package}/subscription/{sub}/purchases/{token}/cancel` |
//! | Automations.activateFlow / activateFlowTrigger | `POST /automation/flow[/trigger]/activate-by-name` |
//! | Automations.activateFlowById / activateFlowTriggerById | `POST /automation/flow/{flow}[/trigger/{trigger}]/activate` |
//! | Automations.loadFlowExecutionContext | `GET /automation/flow/execution-context/{execution}` |

use axum::routing::{get, post};
use axum::Router;

use crate::apps::{Ctx, Shared};
use crate::error::ApiError;

/// The Commerce and Automations routes of the JS SDK (`backendless` `src/urls.js`).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/commerce/googleplay/validate/{package}/inapp/{product}/purchases/{token}",
            get(commerce),
        )
        .route(
            "/commerce/googleplay/{package}/subscription/{sub}/purchases/{token}",
            get(commerce),
        )
        .route(
            "/commerce/googleplay/{package}/subscription/{sub}/purchases/{token}/cancel",
            post(commerce),
        )
        .route("/automation/flow/activate-by-name", post(automations))
        .route(
            "/automation/flow/trigger/activate-by-name",
            post(automations),
        )
        .route("/automation/flow/{flow}/activate", post(automations))
        .route(
            "/automation/flow/{flow}/trigger/{trigger}/activate",
            post(automations),
        )
        .route(
            "/automation/flow/execution-context/{execution}",
            get(automations),
        )
}

async fn commerce(_ctx: Ctx) -> ApiError {
    ApiError::unsupported("Commerce (Google Play purchase and subscription checks)")
}

async fn automations(_ctx: Ctx) -> ApiError {
    ApiError::unsupported("Automations (flows run in FlowRunner)")
}
