//! Console routes of Messaging and Email, as `backendless-console-sdk` `src/messaging.js` and
//! `src/email.js` call them, over the app's own [`MessagingState`]: the same channels, devices,
//! messages, templates and outbox as the client API and the control plane.
//!
//! | SDK method | Route (`/{appId}/console/...`) |
//! |---|---|
//! | `publishMessage` | `POST messaging/{channelName}` |
//! | `loadChannels` / `createChannel` | `GET`/`POST messaging/channels` |
//! | `renameChannel` / `deleteChannel` | `PUT`/`DELETE messaging/channels/{channelId}` |
//! | `loadDevices` (+ count) / `deleteDevices` | `GET`/`DELETE messaging/channels/{id}/devices`, `GET .../devices/count` |
//! | `loadMessages` (+ count) | `GET messaging/channels/{id}/messages`, `GET .../messages/count` |
//! | `sendPush` / `getPushRecipientsCount` | `POST messaging/push`, `GET messaging/pushsize?where=` |
//! | push templates | `GET`/`POST`/`DELETE messaging/push/templates` (`?names=`), `GET`/`PUT .../{name}` |
//! | button / channel templates | `GET`/`POST messaging/{button,channel}-templates`, `PUT`/`DELETE .../{name}` |
//! | system emails | `GET email`, `PUT email/events`, `POST email/events/test`, `DELETE email/events/{eventId}` |
//! | custom email templates | `GET`/`POST emailtemplate`, `PUT`/`DELETE emailtemplate/{name}`, `POST emailtemplate/{customkeys,test}` |
//! | mail settings | `GET`/`PUT`/`DELETE mailsettings`, `PUT mailsettings/test` (99270: no SMTP) |

mod channels;
mod email;
mod push;

use axum::routing::{get, post, put};
use axum::Router;

use super::channel_admin::Page;
use super::errors::bad_field;
use super::state::Env;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::ApiError;
use crate::extract::QueryParams;

/// The console messaging and email routes (absolute paths).
pub fn console_routes() -> Router<Shared> {
    const M: &str = "/{app_id}/console/messaging";
    const C: &str = "/{app_id}/console";
    Router::new()
        .route(&format!("{M}/{{channel}}"), post(push::publish))
        .route(
            &format!("{M}/channels"),
            get(channels::list).post(channels::create),
        )
        .route(
            &format!("{M}/channels/{{channel}}"),
            put(channels::rename).delete(channels::remove),
        )
        .route(
            &format!("{M}/channels/{{channel}}/devices"),
            get(channels::devices).delete(channels::delete_devices),
        )
        .route(
            &format!("{M}/channels/{{channel}}/devices/count"),
            get(channels::device_count),
        )
        .route(
            &format!("{M}/channels/{{channel}}/messages"),
            get(channels::messages),
        )
        .route(
            &format!("{M}/channels/{{channel}}/messages/count"),
            get(channels::message_count),
        )
        .route(&format!("{M}/push"), post(push::send_push))
        .route(&format!("{M}/pushsize"), get(push::recipient_count))
        .route(
            &format!("{M}/push/templates"),
            get(push::templates)
                .post(push::create_template)
                .delete(push::delete_templates),
        )
        .route(
            &format!("{M}/push/templates/{{name}}"),
            get(push::template).put(push::update_template),
        )
        .route(
            &format!("{M}/button-templates"),
            get(push::button_templates).post(push::create_button_template),
        )
        .route(
            &format!("{M}/button-templates/{{name}}"),
            put(push::update_button_template).delete(push::delete_button_template),
        )
        .route(
            &format!("{M}/channel-templates"),
            get(push::channel_templates).post(push::create_channel_template),
        )
        .route(
            &format!("{M}/channel-templates/{{name}}"),
            put(push::update_channel_template).delete(push::delete_channel_template),
        )
        .route(&format!("{C}/email"), get(email::system_emails))
        .route(&format!("{C}/email/events"), put(email::save_system_email))
        .route(
            &format!("{C}/email/events/test"),
            post(email::send_test_system_email),
        )
        .route(
            &format!("{C}/email/events/{{event}}"),
            axum::routing::delete(email::reset_system_email),
        )
        .route(
            &format!("{C}/emailtemplate"),
            get(email::custom_templates).post(email::create_custom_template),
        )
        .route(
            &format!("{C}/emailtemplate/customkeys"),
            post(email::custom_keys),
        )
        .route(
            &format!("{C}/emailtemplate/test"),
            post(email::send_test_custom_email),
        )
        .route(
            &format!("{C}/emailtemplate/{{name}}"),
            put(email::update_custom_template).delete(email::delete_custom_template),
        )
        .route(
            &format!("{C}/mailsettings"),
            get(email::mail_settings)
                .put(email::save_mail_settings)
                .delete(email::reset_mail_settings),
        )
        .route(&format!("{C}/mailsettings/test"), put(email::test_smtp))
}

/// The operation environment of a console request.
fn env(c: &ConsoleApp) -> Env<'_> {
    Env {
        now: c.app.clock.now_ms(),
        ids: &c.app.ids,
        services: &c.services,
    }
}

/// `offset` and `pageSize` (or `pagesize`) of a listing.
fn page(query: &QueryParams) -> Result<Page, ApiError> {
    let number = |keys: &[&str], default: usize| -> Result<usize, ApiError> {
        match keys.iter().find_map(|k| query.get(k)) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| bad_field(&format!("{} must be a non-negative integer", keys[0]))),
        }
    };
    Ok(Page {
        offset: number(&["offset"], 0)?,
        size: number(&["pageSize", "pagesize"], usize::MAX)?,
    })
}
