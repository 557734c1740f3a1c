//! Single-object writes (data.md §2): create (D1, D2 without objectId), update (D3, D2 with
//! objectId), upsert (D10) and delete (D8), each with its permission (security.md §2).

use serde_json::{Map, Value};

use super::{object_body, DataOps, Effect, Notice};
use crate::error::{ApiError, Code};
use crate::services::data::errors;
use crate::services::data::schema::USERS;
use crate::services::data::schema::{OBJECT_ID, OWNER_ID};
use crate::services::data::store::Tables;
use crate::services::realtime::ObjectEvent;
use crate::services::security::Permission;
use crate::services::security::SecurityState;

impl DataOps<'_> {
    /// D1 `POST /data/T`: a new object (a client objectId is honoured when unused, else 1155).
    pub fn create(
        &mut self,
        t: &mut Tables,
        table: &str,
        body: Value,
    ) -> Result<Map<String, Value>, ApiError> {
        let body = object_body(body)?;
        self.actor.require(
            &self.services.get::<SecurityState>(),
            Permission::Add,
            table,
        )?;
        let obj = self.insert_object(t, table, body)?;
        self.notify_object(table, ObjectEvent::Created, &obj);
        Ok(obj)
    }

    fn notify_object(&mut self, table: &str, event: ObjectEvent, object: &Map<String, Value>) {
        if !self.listening() {
            return;
        }
        self.notify(Notice::Object {
            table: table.to_string(),
            event,
            object: Value::Object(object.clone()),
        });
    }

    /// Insert without a permission check (the caller checked ADD or UPSERT).
    pub(super) fn insert_object(
        &mut self,
        t: &mut Tables,
        table: &str,
        mut body: Map<String, Value>,
    ) -> Result<Map<String, Value>, ApiError> {
        let secret = self.take_secret(table, &mut body)?;
        self.check_new(t, table, &mut body, secret.as_deref())?;
        let ctx = self.write_ctx();
        let id = t.insert_id(table, &body, &ctx)?;
        // A user owns their own record, as registration does.
        let owner = if table == USERS {
            Some(id.as_str())
        } else {
            ctx.owner_id
        };
        let obj = t.insert_with_id(
            table,
            &id,
            body,
            &crate::services::data::store::WriteCtx {
                owner_id: owner,
                ..ctx
            },
        )?;
        self.queue_secret(table, &id, secret);
        Ok(obj)
    }

    /// D3 `PUT /data/T/{id}`: a partial update of an existing object (1001 when empty).
    pub fn update(
        &mut self,
        t: &mut Tables,
        table: &str,
        id: &str,
        body: Value,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut body = object_body(body)?;
        body.remove(OBJECT_ID);
        if body.is_empty() {
            return Err(ApiError::templated(Code::UPDATE_WITHOUT_PROPERTIES, &[]));
        }
        self.require_on_object(t, Permission::Update, table, id)?;
        let obj = self.update_object(t, table, id, body)?;
        self.notify_object(table, ObjectEvent::Updated, &obj);
        Ok(obj)
    }

    /// Update without a permission check.
    pub(super) fn update_object(
        &mut self,
        t: &mut Tables,
        table: &str,
        id: &str,
        mut body: Map<String, Value>,
    ) -> Result<Map<String, Value>, ApiError> {
        let secret = self.take_secret(table, &mut body)?;
        self.check_change(t, table, &body, id)?;
        let obj = t.update(table, id, body, &self.write_ctx())?;
        self.queue_secret(table, id, secret);
        Ok(obj)
    }

    /// D2 `PUT /data/T`: update when the body's objectId exists, else create.
    pub fn save(
        &mut self,
        t: &mut Tables,
        table: &str,
        body: Value,
    ) -> Result<Map<String, Value>, ApiError> {
        let body = object_body(body)?;
        match existing_id(t, table, &body) {
            Some(id) => self.update(t, table, &id, Value::Object(body)),
            None => self.create(t, table, Value::Object(body)),
        }
    }

    /// D10 `PUT /data/T/upsert`: update the object with this objectId, or insert it with it.
    pub fn upsert(
        &mut self,
        t: &mut Tables,
        table: &str,
        body: Value,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut body = object_body(body)?;
        let obj = match existing_id(t, table, &body) {
            Some(id) => {
                self.require_on_object(t, Permission::Upsert, table, &id)?;
                body.remove(OBJECT_ID);
                self.update_object(t, table, &id, body)?
            }
            None => {
                self.actor.require(
                    &self.services.get::<SecurityState>(),
                    Permission::Upsert,
                    table,
                )?;
                self.insert_object(t, table, body)?
            }
        };
        // One `upserted` event whichever way it went (the RT client subscribes to it alone).
        self.notify_object(table, ObjectEvent::Upserted, &obj);
        Ok(obj)
    }

    /// D8 `DELETE /data/T/{id}`: returns the deletion time.
    pub fn delete(&mut self, t: &mut Tables, table: &str, id: &str) -> Result<i64, ApiError> {
        self.require_on_object(t, Permission::Remove, table, id)?;
        let before = if self.listening() {
            Some(t.find_by_id(table, id)?)
        } else {
            None
        };
        self.delete_object(t, table, id)?;
        if let Some(before) = before {
            self.notify_object(table, ObjectEvent::Deleted, &before);
        }
        Ok(self.now)
    }

    /// Delete without a permission check, queueing the ACL / user clean-up.
    pub(super) fn delete_object(
        &mut self,
        t: &mut Tables,
        table: &str,
        id: &str,
    ) -> Result<(), ApiError> {
        self.delete_objects(t, table, &[id.to_string()])
    }

    /// Delete several objects without a permission check (one relation clean-up pass).
    pub fn delete_objects(
        &mut self,
        t: &mut Tables,
        table: &str,
        ids: &[String],
    ) -> Result<(), ApiError> {
        t.delete_many(table, ids)?;
        for id in ids {
            self.effects.push(Effect::ForgetObject {
                table: table.to_string(),
                object_id: id.to_string(),
            });
        }
        Ok(())
    }

    /// An object-level permission on an existing object (1000 when it does not exist).
    pub fn require_on_object(
        &self,
        t: &Tables,
        permission: Permission,
        table: &str,
        id: &str,
    ) -> Result<(), ApiError> {
        let tb = t.table(table)?;
        let row = tb.row(id).ok_or_else(|| errors::object_not_found(id))?;
        let owner = tb.value(row, OWNER_ID).as_str();
        self.actor.require_object(
            &self.services.get::<SecurityState>(),
            permission,
            table,
            id,
            owner,
        )
    }
}

/// The body's objectId when it names an existing object of the table.
fn existing_id(t: &Tables, table: &str, body: &Map<String, Value>) -> Option<String> {
    let id = body.get(OBJECT_ID)?.as_str()?;
    t.table(table)
        .ok()
        .filter(|tb| tb.contains(id))
        .map(|_| id.to_string())
}
