//! The caller of a client-API request as the security layer sees it: its user and its roles
//! (security.md §1.1).

use super::{Caller, SecurityState};
use crate::apps::{Ctx, KeyKind, Services, Session};

/// The roles of a caller (security.md §1.1): the session role (`GuestUser`,
/// `AuthenticatedUser` or `NotAuthenticatedUser`), the key's role, then the user's custom roles.
pub fn roles_of(session: Option<&Session>, key: KeyKind, services: &Services) -> Vec<String> {
    let mut roles = Vec::with_capacity(4);
    roles.push(
        match session {
            Some(s) if s.guest => "GuestUser",
            Some(_) => "AuthenticatedUser",
            None => "NotAuthenticatedUser",
        }
        .to_string(),
    );
    roles.push(key.role().to_string());
    if let Some(s) = session {
        roles.extend(services.get::<SecurityState>().custom_roles_of(&s.user_id));
    }
    roles
}

/// A request as a security [`Caller`].
pub trait CallerOf {
    /// Every role of this request: session role, key role, then the user's custom roles.
    fn roles(&self) -> Vec<String>;

    /// Run `f` with this request as a security [`Caller`].
    fn with_caller<R>(&self, f: impl FnOnce(&Caller) -> R) -> R;
}

impl CallerOf for Ctx {
    fn roles(&self) -> Vec<String> {
        roles_of(self.session.as_ref(), self.key, &self.services)
    }

    fn with_caller<R>(&self, f: impl FnOnce(&Caller) -> R) -> R {
        let roles = self.roles();
        f(&Caller {
            user_id: self.user_id(),
            roles: &roles,
        })
    }
}
