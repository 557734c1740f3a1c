//! Device registration for push (messaging.md §4 D1-D3). Registrations live in the messaging
//! state (one per device id), so a push can resolve its recipients.

use serde_json::{json, Value};

use super::model::DeviceRegistration;
use super::parse::{non_null, opt_string, required_string, string_list};
use super::state::{Env, MessagingState};
use crate::error::ApiError;

/// `expiration` values below this are seconds (the JS SDK sends `Date / 1000`), above it ms.
const SECONDS_LIMIT: f64 = 1e11;

impl MessagingState {
    /// D1: register (or re-register) a device; a device keeps its `registrationId`.
    pub fn register_device(&self, body: &Value, env: Env<'_>) -> Result<Value, ApiError> {
        if !body.is_object() {
            return Err(super::errors::bad_field(
                "the registration body must be a JSON object",
            ));
        }
        let device_id = required_string(body, "deviceId")?;
        let device_token = required_string(body, "deviceToken")?;
        let os = required_string(body, "os")?.to_ascii_uppercase();
        let os_version = opt_string(body.get("osVersion"), "osVersion")?.unwrap_or_default();
        let mut channels = string_list(body.get("channels"), "channels")?;
        if channels.is_empty() {
            channels.push("default".into());
        }
        let expiration = non_null(body.get("expiration")).cloned();
        let expires_at = match &expiration {
            None => None,
            Some(v) => {
                let raw = v
                    .as_f64()
                    .filter(|f| f.is_finite() && *f >= 0.0)
                    .ok_or_else(|| super::errors::bad_field("expiration must be a timestamp"))?;
                Some(if raw < SECONDS_LIMIT {
                    raw * 1000.0
                } else {
                    raw
                } as i64)
            }
        };
        Ok(self.with(env, |inner| {
            for channel in &channels {
                inner.touch_channel(channel, env);
            }
            let id = inner
                .devices
                .get(&device_id)
                .map(|d| d.id.clone())
                .unwrap_or_else(|| env.ids.guid());
            inner.devices.insert(
                device_id.clone(),
                DeviceRegistration {
                    id: id.clone(),
                    device_id,
                    device_token,
                    os,
                    os_version,
                    channels,
                    expiration,
                    expires_at,
                    created: env.now,
                },
            );
            json!({"registrationId": id})
        }))
    }

    /// D2: the live registrations of a device. Open question 3: an array (the Swift SDK decodes
    /// one; the JS SDK accepts anything), empty for an unknown device.
    pub fn registrations(&self, device_id: &str, env: Env<'_>) -> Value {
        self.with(env, |inner| {
            Value::from(
                inner
                    .devices
                    .get(device_id)
                    .filter(|d| d.is_live(env.now))
                    .map(DeviceRegistration::to_json)
                    .into_iter()
                    .collect::<Vec<_>>(),
            )
        })
    }

    /// D3: unregister a device; `result` says whether it was registered.
    pub fn unregister_device(&self, device_id: &str, env: Env<'_>) -> Value {
        self.with(
            env,
            |inner| json!({"result": inner.devices.remove(device_id).is_some()}),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::messaging::fixture::Fixture;

    #[test]
    fn register_get_unregister() {
        let f = Fixture::new();
        let state = &f.state;
        let env = |now| f.env(now);
        let body = json!({"deviceId": "d1", "deviceToken": "tok", "os": "ios", "osVersion": "17",
            "expiration": 100.0});
        let first = state.register_device(&body, env(0)).expect("registered");
        let again = state.register_device(&body, env(1)).expect("re-registered");
        assert_eq!(first, again);
        let regs = state.registrations("d1", env(2));
        assert_eq!(regs[0]["os"], json!("IOS"));
        assert_eq!(regs[0]["channels"], json!(["default"]));
        assert_eq!(
            state.registrations("d1", env(100_000)),
            json!([]),
            "expired after 100 s"
        );
        assert_eq!(
            state.unregister_device("d1", env(3)),
            json!({"result": true})
        );
        assert_eq!(
            state.unregister_device("d1", env(4)),
            json!({"result": false})
        );
    }

    #[test]
    fn missing_fields_are_8010() {
        let f = Fixture::new();
        let state = &f.state;
        let env = f.env(0);
        let code = |b: Value| state.register_device(&b, env).expect_err("rejected").code;
        assert_eq!(code(json!({"deviceToken": "t", "os": "IOS"})), 8010);
        assert_eq!(code(json!({"deviceId": "d", "os": "IOS"})), 8010);
        assert_eq!(
            code(json!({"deviceId": "d", "deviceToken": "t", "os": "IOS", "channels": 3})),
            8002
        );
        assert_eq!(code(json!("x")), 8002);
    }
}
