//! The operation table: which documented operation a request is (spec id, service, method, path
//! template) and which JSON Schema under `specs/responses/` its success answer must match. Reports
//! name operations from here; the parity table is grouped by them.

/// One documented operation.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// `service.name (spec id)`, e.g. `users.login (U2)`.
    pub id: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template below the root; `{x}` = one segment, a trailing `{..}` = the rest.
    pub template: &'static str,
    /// Schema file stem in `specs/responses/` for a 2xx answer (`None` = not validated).
    pub schema: Option<&'static str>,
}

macro_rules! ops {
    ($( $id:literal $method:literal $template:literal $schema:expr ;)*) => {
        &[ $( Operation { id: $id, method: $method, template: $template, schema: $schema }, )* ]
    };
}

/// Every operation the corpus exercises, most specific templates first.
pub const OPERATIONS: &[Operation] = ops! {
    "users.register-guest (U4)" "POST" "/users/register/guest" Some("user-session");
    "users.register (U1)" "POST" "/users/register" Some("user");
    "users.login (U2/U3)" "POST" "/users/login" Some("user-session");
    "users.logout (U5)" "GET" "/users/logout" Some("empty");
    "users.is-valid-user-token (U6)" "GET" "/users/isvalidusertoken/{t}" Some("boolean");
    "users.user-class-props (U12)" "GET" "/users/userclassprops" Some("properties");
    "users.current-user-roles (U16)" "GET" "/users/userroles" Some("strings");
    "users.user-roles (U17)" "GET" "/users/userroles/{id}" Some("strings");
    "users.assign-role (U18)" "POST" "/users/assignRole" Some("empty");
    "users.unassign-role (U19)" "POST" "/users/unassignRole" Some("empty");
    "users.find-by-role (U20)" "GET" "/users/role/{r}" Some("users");
    "users.restore-password (U10)" "GET" "/users/restorepassword/{i}" Some("empty");
    "users.resend-confirmation (U13)" "POST" "/users/resendconfirmation/{i}" Some("empty");
    "users.create-confirmation-url (U14)" "POST" "/users/createEmailConfirmationURL/{i}" Some("confirmation-url");
    "users.verify-password (U11)" "POST" "/users/verifypassowrd" Some("valid");
    "users.set-status (U15)" "PUT" "/users/{id}/status" Some("empty");
    "users.social-login (U21-U24)" "POST" "/users/social/{..}" None;
    "users.oauth-login (U22/U24)" "POST" "/users/oauth/{..}" None;
    "users.find-by-id (U7)" "GET" "/users/{id}" Some("user");
    "users.update (U8)" "PUT" "/users/{id}" Some("user");
    "users.delete (U9)" "DELETE" "/users/{id}" Some("deletion");
    "data.describe (D20)" "GET" "/data/{t}/properties" Some("properties");
    "data.count (D9)" "GET" "/data/{t}/count" Some("number");
    "data.count-post (D9)" "POST" "/data/{t}/count" Some("number");
    "data.find-first (D6)" "GET" "/data/{t}/first" Some("object");
    "data.find-last (D6)" "GET" "/data/{t}/last" Some("object");
    "data.find-post (D7b)" "POST" "/data/{t}/find" Some("objects");
    "data.upsert (D10)" "PUT" "/data/{t}/upsert" Some("object");
    "data.deep-save (D11)" "PUT" "/data/{t}/deep-save" Some("object");
    "data.bulk-delete (D14)" "POST" "/data/bulk/{t}/delete" Some("number");
    "data.bulk-create (D12)" "POST" "/data/bulk/{t}" Some("strings");
    "data.bulk-update (D13)" "PUT" "/data/bulk/{t}" Some("number");
    "data.bulk-upsert (D15)" "PUT" "/data/bulkupsert/{t}" Some("strings");
    "data.set-relation (D16)" "POST" "/data/{t}/{id}/{rel}" Some("number");
    "data.add-relation (D17)" "PUT" "/data/{t}/{id}/{rel}" Some("number");
    "data.delete-relation (D18)" "DELETE" "/data/{t}/{id}/{rel}" Some("number");
    "data.load-relation (D19)" "GET" "/data/{t}/{id}/{rel}" Some("objects");
    "data.find-by-id (D4)" "GET" "/data/{t}/{id}" Some("object");
    "data.update (D3)" "PUT" "/data/{t}/{id}" Some("object");
    "data.delete (D8)" "DELETE" "/data/{t}/{id}" Some("deletion");
    "data.create (D1)" "POST" "/data/{t}" Some("object");
    "data.save (D2)" "PUT" "/data/{t}" Some("object");
    "data.find (D7)" "GET" "/data/{t}" Some("objects");
    "transactions.unit-of-work (T1)" "POST" "/transaction/unit-of-work" Some("object");
    "files.append (F14-F17)" "*" "/files/append/{..}" None;
    "files.save-binary (F3)" "PUT" "/files/binary/{..}" None;
    "files.copy (F11)" "PUT" "/files/copy" Some("string");
    "files.move (F12)" "PUT" "/files/move" Some("string");
    "files.rename (F13)" "PUT" "/files/rename" Some("string");
    "files.upload (F1/F2/F8)" "POST" "/files/{..}" None;
    "files.read (F4-F7)" "GET" "/files/{..}" None;
    "files.delete (F9/F10)" "DELETE" "/files/{..}" None;
    "hive.names (H1)" "GET" "/hive" Some("strings");
    "hive.key-value" "*" "/hive/{h}/key-value/{..}" None;
    "hive.list" "*" "/hive/{h}/list/{..}" None;
    "hive.map" "*" "/hive/{h}/map/{..}" None;
    "hive.set" "*" "/hive/{h}/set/{..}" None;
    "hive.sorted-set" "*" "/hive/{h}/sorted-set/{..}" None;
    "hive.key-value-bulk (K2/K4)" "*" "/hive/{h}/key-value" None;
    "hive.manage (H2-H4)" "*" "/hive/{h}" None;
    "counters.list (C10)" "GET" "/counters/{p}/list" Some("strings");
    "counters.get (C1)" "GET" "/counters/{n}" Some("number");
    "counters.reset (C9)" "PUT" "/counters/{n}/reset" None;
    "counters.compare-and-set (C8)" "PUT" "/counters/{n}/get/compareandset" Some("boolean");
    "counters.change (C2-C7)" "PUT" "/counters/{n}/{..}" Some("number");
    "cache.contains (Q3)" "GET" "/cache/{k}/check" Some("boolean");
    "cache.expire-in (Q4)" "PUT" "/cache/{k}/expireIn" None;
    "cache.expire-at (Q5)" "PUT" "/cache/{k}/expireAt" None;
    "cache.put (Q1)" "PUT" "/cache/{k}" None;
    "cache.get (Q2)" "GET" "/cache/{k}" None;
    "cache.delete (Q6)" "DELETE" "/cache/{k}" None;
    "messaging.email (E1)" "POST" "/messaging/email" Some("message-status");
    "messaging.register-device (D1)" "POST" "/messaging/registrations" None;
    "messaging.device (D2/D3)" "*" "/messaging/registrations/{d}" None;
    "messaging.subscribe (M6)" "POST" "/messaging/{c}/subscribe" None;
    "messaging.publish (M1)" "POST" "/messaging/{c}" Some("message-status");
    "messaging.message-status (M2)" "GET" "/messaging/{id}" Some("message-status");
    "messaging.cancel (M3)" "DELETE" "/messaging/{id}" None;
    "messaging.retrieve (M7)" "GET" "/messaging/{c}/{s}" None;
    "logging.log (LG1)" "PUT" "/log" Some("empty");
    "app.info" "GET" "/info" None;
    "console.login (A1)" "POST" "/console/home/login" None;
    "console.role (S12/S13)" "*" "/{app}/console/security/roles/{r}" None;
    "control.health" "GET" "/_emulator/health" Some("control-health");
    "control.faults" "*" "/_emulator/faults" None;
    "control.fault" "DELETE" "/_emulator/faults/{id}" None;
    "control.apps" "*" "/_emulator/apps" None;
    "control.app-clock" "*" "/_emulator/apps/{id}/clock" Some("control-clock");
    "control.app-outbox" "*" "/_emulator/apps/{id}/outbox" None;
    "control.app-settings" "*" "/_emulator/apps/{id}/settings" None;
    "control.app-reset" "POST" "/_emulator/apps/{id}/reset" None;
    "control.app-export" "GET" "/_emulator/apps/{id}/export" None;
    "control.app-import" "POST" "/_emulator/apps/{id}/import" None;
    "control.confirm-email" "GET" "/_emulator/apps/{id}/confirm-email/{t}" None;
    "control.password-reset" "POST" "/_emulator/apps/{id}/password-reset/{t}" None;
    "control.app" "GET" "/_emulator/apps/{id}" Some("control-app");
    "control.app-delete" "DELETE" "/_emulator/apps/{id}" None;
    "control.version" "GET" "/_emulator/version" None;
    "control.other" "*" "/_emulator/{..}" None;
};

/// The operation of a request (method + path below the root, query excluded).
pub fn identify(method: &str, path: &str) -> Option<&'static Operation> {
    let path = path.split('?').next().unwrap_or(path);
    let actual: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    OPERATIONS.iter().find(|op| {
        (op.method == "*" || op.method.eq_ignore_ascii_case(method))
            && matches(op.template, &actual)
    })
}

fn matches(template: &str, actual: &[&str]) -> bool {
    let pattern: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    for (i, p) in pattern.iter().enumerate() {
        if *p == "{..}" {
            return actual.len() > i;
        }
        match actual.get(i) {
            Some(a) if p.starts_with('{') || p == a => {}
            _ => return false,
        }
    }
    pattern.len() == actual.len()
}

/// The operation id of a request, or `METHOD <first two segments>` when undocumented.
pub fn name_of(method: &str, path: &str) -> String {
    match identify(method, path) {
        Some(op) => op.id.to_string(),
        None => {
            let head: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).take(2).collect();
            format!(
                "{} /{} (undocumented)",
                method.to_ascii_uppercase(),
                head.join("/")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_templates_win_over_general_ones() {
        assert_eq!(
            name_of("POST", "/users/register/guest"),
            "users.register-guest (U4)"
        );
        assert_eq!(
            name_of("PUT", "/users/ABC/status"),
            "users.set-status (U15)"
        );
        assert_eq!(name_of("PUT", "/users/ABC"), "users.update (U8)");
        assert_eq!(
            name_of("GET", "/data/Person/properties"),
            "data.describe (D20)"
        );
        assert_eq!(
            name_of("GET", "/data/Person/X1?props=a"),
            "data.find-by-id (D4)"
        );
        assert_eq!(
            name_of("PUT", "/files/append/a/b.txt"),
            "files.append (F14-F17)"
        );
    }

    #[test]
    fn unknown_requests_get_a_readable_name() {
        assert_eq!(name_of("GET", "/nope/x/y"), "GET /nope/x (undocumented)");
    }
}
