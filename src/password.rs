//! Password hashing: argon2id with test-speed parameters (the emulator guards no real secrets, but
//! a password still never appears in clear in any response, export, log or journal).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::ids::IdGen;

fn hasher() -> Argon2<'static> {
    // 8 KiB, one pass, one lane: about 20 µs, so login benchmarks measure the emulator, not argon2.
    let params = Params::new(8, 1, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a password with a salt drawn from the app's id generator (deterministic with `--seed`).
pub fn hash(password: &str, ids: &IdGen) -> String {
    let mut salt_bytes = [0u8; 16];
    for chunk in salt_bytes.chunks_mut(8) {
        chunk.copy_from_slice(&ids.next_u64().to_le_bytes());
    }
    let salt = match SaltString::encode_b64(&salt_bytes) {
        Ok(s) => s,
        Err(_) => return String::new(),
    };
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Whether `password` matches a stored hash.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password_and_hide_it() {
        let h = hash("s3cret!", &IdGen::seeded(3));
        assert!(h.starts_with("$argon2id$"));
        assert!(!h.contains("s3cret"));
        assert!(verify("s3cret!", &h));
        assert!(!verify("s3cret", &h));
        assert!(!verify("s3cret!", "garbage"));
    }
}
