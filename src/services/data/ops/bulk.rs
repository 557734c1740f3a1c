//! Bulk operations (data.md §5): create (D12), update by where (D13), delete by where (D14) and
//! upsert (D15). Each runs inside the caller's atomic block: one bad item fails the request
//! and nothing of it stays stored.

use serde_json::{Map, Value};

use super::{object_body, DataOps, Effect, Notice};
use crate::error::{ApiError, Code};
use crate::query::Expr;
use crate::services::data::find::check_filter;
use crate::services::data::schema::{is_system_column, OBJECT_ID};
use crate::services::data::store::Tables;
use crate::services::realtime::BulkEvent;
use crate::services::security::Permission;
use crate::services::security::SecurityState;

/// Most objects one bulk create accepts (data.md §5, transactions.md §6).
pub const MAX_BULK_CREATE: usize = 100;

/// 8000 with the verbatim message of the real server for a bulk create over the limit.
pub fn too_many_objects() -> ApiError {
    ApiError::new(
        Code::INVALID_RANGE,
        "Bulk create operation supports no more than 100 objects",
    )
}

impl DataOps<'_> {
    /// D12 `POST /data/bulk/T`: the new objectIds in request order (ADD for the whole batch).
    pub fn bulk_create(
        &mut self,
        t: &mut Tables,
        table: &str,
        items: Vec<Value>,
    ) -> Result<Vec<String>, ApiError> {
        if items.len() > MAX_BULK_CREATE {
            return Err(too_many_objects());
        }
        self.actor.require(
            &self.services.get::<SecurityState>(),
            Permission::Add,
            table,
        )?;
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let obj = self.insert_object(t, table, object_body(item)?)?;
            ids.push(id_of(&obj));
        }
        self.notify_bulk(
            table,
            BulkEvent::Created {
                object_ids: ids.clone(),
            },
        );
        Ok(ids)
    }

    /// Queue a bulk real-time event.
    pub fn notify_bulk(&mut self, table: &str, event: BulkEvent) {
        self.notify(Notice::Bulk {
            table: table.to_string(),
            event,
        });
    }

    /// D15 `PUT /data/bulkupsert/T`: objectIds of the upserted objects in request order.
    pub fn bulk_upsert(
        &mut self,
        t: &mut Tables,
        table: &str,
        items: Vec<Value>,
    ) -> Result<Vec<String>, ApiError> {
        let mark = self.effects.len();
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            let obj = self.upsert(t, table, item)?;
            ids.push(id_of(&obj));
        }
        // A bulk upsert is one `bulk-upserted` event, not one `upserted` per object.
        let mut i = 0;
        self.effects.retain(|e| {
            i += 1;
            i <= mark || !matches!(e, Effect::Notify(Notice::Object { .. }))
        });
        self.notify_bulk(
            table,
            BulkEvent::Upserted {
                object_ids: ids.clone(),
            },
        );
        Ok(ids)
    }

    /// D13 `PUT /data/bulk/T?where=`: apply `changes` to every matching object the caller may
    /// UPDATE; returns how many were updated.
    pub fn bulk_update(
        &mut self,
        t: &mut Tables,
        table: &str,
        filter: Option<&Expr>,
        changes: Value,
    ) -> Result<usize, ApiError> {
        let changes = object_body(changes)?;
        self.check_bulk_changes(t, table, &changes)?;
        let ids = self.matching_ids(t, table, filter, Permission::Update)?;
        let count = self.update_ids(t, table, &ids, &changes)?;
        let where_clause = filter.map(ToString::to_string).unwrap_or_default();
        self.notify_bulk(
            table,
            BulkEvent::Updated {
                where_clause,
                count: count as u64,
            },
        );
        Ok(count)
    }

    /// Update these objects (no permission check: the caller selected permitted ones).
    pub fn update_ids(
        &mut self,
        t: &mut Tables,
        table: &str,
        ids: &[String],
        changes: &Map<String, Value>,
    ) -> Result<usize, ApiError> {
        for id in ids {
            self.update_object(t, table, id, changes.clone())?;
        }
        Ok(ids.len())
    }

    /// D14 `POST /data/bulk/T/delete`: delete every matching object the caller may REMOVE.
    pub fn bulk_delete(
        &mut self,
        t: &mut Tables,
        table: &str,
        filter: Option<&Expr>,
    ) -> Result<usize, ApiError> {
        let ids = self.matching_ids(t, table, filter, Permission::Remove)?;
        self.delete_objects(t, table, &ids)?;
        let where_clause = filter.map(ToString::to_string).unwrap_or_default();
        self.notify_bulk(
            table,
            BulkEvent::Deleted {
                where_clause,
                count: ids.len() as u64,
            },
        );
        Ok(ids.len())
    }

    /// objectIds of the rows matching `filter` that the caller may `permission`.
    pub fn matching_ids(
        &self,
        t: &Tables,
        table: &str,
        filter: Option<&Expr>,
        permission: Permission,
    ) -> Result<Vec<String>, ApiError> {
        let reader = self.reader(t);
        let tb = t.table(table)?;
        if let Some(f) = filter {
            check_filter(t, tb, f)?;
        }
        Ok(reader
            .matching(tb, filter, permission)?
            .into_iter()
            .map(|row| tb.object_id(row).to_string())
            .collect())
    }
}

fn id_of(obj: &Map<String, Value>) -> String {
    obj.get(OBJECT_ID)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl DataOps<'_> {
    /// System columns (1136) and the Users identity (3098) cannot be bulk-updated.
    pub fn check_bulk_changes(
        &self,
        t: &Tables,
        table: &str,
        changes: &Map<String, Value>,
    ) -> Result<(), ApiError> {
        let system: Vec<&str> = changes
            .keys()
            .map(String::as_str)
            .filter(|k| is_system_column(k))
            .collect();
        if !system.is_empty() {
            return Err(ApiError::templated(
                Code::BULK_UPDATE_SYSTEM_COLUMNS_NAMED,
                &[&system.join(", ")],
            ));
        }
        let unique = match self.rules_of(table) {
            Some(rules) => rules.unique_column(t.table(table)?),
            None => None,
        };
        if unique.is_some_and(|column| changes.contains_key(&column)) {
            return Err(ApiError::templated(Code::IDENTITY_BULK_UPDATE, &[]));
        }
        Ok(())
    }
}
