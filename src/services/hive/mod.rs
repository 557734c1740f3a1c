//! Hive (hive.md): named hives, each with five stores (key-value, list, map, set, sorted-set),
//! key expiration on the app clock, Redis semantics throughout.
//!
//! Store routes are matched by path depth and dispatched in `dispatch`, because the store type
//! is a path segment and static routes would shadow other methods on the same path.
//! `{type}` = `key-value|list|map|set|sorted-set`; all paths under `/hive`.
//!
//! | # | Operation | Route |
//! |---|---|---|
//! | H1 | hive names | `GET /hive` |
//! | H2 | create hive | `POST /hive/{h}` |
//! | H3 | rename hive | `PUT /hive/{h}?newName=` |
//! | H4 | delete hive | `DELETE /hive/{h}` |
//! | G1 | keys | `GET /hive/{h}/{type}/keys?filterPattern=&cursor=&pageSize=` |
//! | G2 | delete keys | `DELETE /hive/{h}/{type}` (body: keys) |
//! | G3 | delete key | `DELETE /hive/{h}/{type}/{key}` |
//! | G4 | exist | `POST /hive/{h}/{type}/action/exist` |
//! | G5 | touch | `PUT /hive/{h}/{type}/action/touch` |
//! | G6 | rename key | `PUT /hive/{h}/{type}/{key}/rename?newKey=&overwrite=` |
//! | G7 | expiration ttl | `GET /hive/{h}/{type}/{key}/get-expiration-ttl` |
//! | G8 | clear expiration | `PUT /hive/{h}/{type}/{key}/clear-expiration` |
//! | G9 | expire after | `PUT /hive/{h}/{type}/{key}/expire?ttl=` |
//! | G10 | expire at | `PUT /hive/{h}/{type}/{key}/expire-at?unixTime=` |
//! | G11 | idle time | `GET /hive/{h}/{type}/{key}/seconds-since-last-operation` |
//! | K1 | get | `GET /hive/{h}/key-value/{key}` |
//! | K2 | get many | `POST /hive/{h}/key-value` |
//! | K3 | set | `PUT /hive/{h}/key-value/{key}` |
//! | K4 | set many | `PUT /hive/{h}/key-value` |
//! | K5/K6 | increment / decrement | `PUT /hive/{h}/key-value/{key}/increment|decrement?value=` |
//! | L1/L3 | get all / range | `GET /hive/{h}/list/{key}[?from=&to=]` |
//! | L2 | get at index | `GET /hive/{h}/list/{key}/{index}` |
//! | L4 | length | `GET /hive/{h}/list/{key}/length` |
//! | L5/L6 | insert before / after | `PUT /hive/{h}/list/{key}/insert-before|insert-after` |
//! | L7 | delete value | `PUT /hive/{h}/list/{key}/delete-value` |
//! | L8/L9 | add first / last | `PUT /hive/{h}/list/{key}/add-first|add-last` |
//! | L10/L11 | pop first / last | `PUT /hive/{h}/list/{key}/get-first-and-delete|get-last-and-delete?count=` |
//! | M1/M2 | get all / fields | `GET /hive/{h}/map/{key}`, `POST /hive/{h}/map/{key}` |
//! | M3/M4 | get / exists field | `GET /hive/{h}/map/{key}/get|exists/{field}` |
//! | M5-M7 | length, keys, values | `GET /hive/{h}/map/{key}/length|keys|values` |
//! | M8 | set many | `PUT /hive/{h}/map/{key}` |
//! | M9/M10 | set / set with overwrite | `PUT /hive/{h}/map/{key}/set|set-with-overwrite/{field}` |
//! | M11/M12 | increment / decrement | `PUT /hive/{h}/map/{key}/increment|decrement/{field}?count=` |
//! | M13 | delete fields | `DELETE /hive/{h}/map/{key}/by-obj-keys` |
//! | S1 | members | `GET /hive/{h}/set/{key}` |
//! | S2/S3 | random / pop random | `GET|PUT /hive/{h}/set/{key}/random?count=` |
//! | S4/S5 | add / delete values | `PUT /hive/{h}/set/{key}/add`, `DELETE /hive/{h}/set/{key}/values` |
//! | S6/S7 | contains / length | `POST /hive/{h}/set/{key}/contains`, `GET /hive/{h}/set/{key}/length` |
//! | S8-S10 | difference, intersection, union | `POST /hive/{h}/set/action/difference|intersection|union` |
//! | Z1 | add | `PUT /hive/{h}/sorted-set/{key}/add` |
//! | Z2/Z3 | increment / decrement score | `PUT /hive/{h}/sorted-set/{key}/increment|decrement` |
//! | Z4/Z5 | pop max / min | `PUT /hive/{h}/sorted-set/{key}/get-with-max-score-and-delete|get-with-min-score-and-delete` |
//! | Z6 | random | `GET /hive/{h}/sorted-set/{key}/get-random?count=&withScores=` |
//! | Z7/Z8 | score / rank | `POST /hive/{h}/sorted-set/{key}/get-score|get-rank` |
//! | Z9/Z10 | range by rank / score | `GET /hive/{h}/sorted-set/{key}/get-range-by-rank|get-range-by-score` |
//! | Z11-Z13 | delete values / by rank / by score | `DELETE /hive/{h}/sorted-set/{key}/values|delete-by-rank|delete-by-score` |
//! | Z14/Z15 | length / count | `GET /hive/{h}/sorted-set/{key}/length|count` |
//! | Z16-Z18 | difference, intersection, union | `POST /hive/{h}/sorted-set/action/difference|intersection|union` |

mod args;
pub mod console;
mod dispatch;
mod errors;
mod general;
pub(crate) mod glob;
pub mod handlers;
mod keyvalue;
mod list;
mod map;
mod reply;
mod set;
mod sorted_set;
mod state;
mod store;
mod value;
mod zset;

use axum::routing::{any, get, post};
use axum::Router;

pub use state::HiveState;

use crate::apps::Shared;
use handlers as h;

/// The Hive routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/hive", get(h::hive_names))
        .route(
            "/hive/{hive}",
            post(h::create_hive)
                .put(h::rename_hive)
                .delete(h::delete_hive),
        )
        .route("/hive/{hive}/{type}", any(h::store))
        .route("/hive/{hive}/{type}/{key}", any(h::store_key))
        .route("/hive/{hive}/{type}/{key}/{op}", any(h::store_key_op))
        .route(
            "/hive/{hive}/{type}/{key}/{op}/{field}",
            any(h::store_key_op_field),
        )
}
