//! Generated identifiers: objectIds, user tokens, API keys.
//!
//! Backendless ids look like upper-case GUIDs (`4D584E4D-05A3-4AC4-90C7-B80D1584E7AD`). In
//! deterministic mode (`--seed N`) every app draws from its own seeded generator, so the same
//! requests produce the same ids whatever other apps do.

use parking_lot::Mutex;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A source of ids, random or seeded.
#[derive(Debug)]
pub struct IdGen {
    rng: Mutex<ChaCha8Rng>,
}

impl IdGen {
    /// Ids from the operating system's entropy.
    pub fn random() -> Self {
        IdGen {
            rng: Mutex::new(ChaCha8Rng::from_entropy()),
        }
    }

    /// Ids from a generator seeded with `seed` (deterministic mode).
    pub fn seeded(seed: u64) -> Self {
        IdGen {
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
        }
    }

    /// An upper-case GUID, the shape of objectIds, tokens and keys.
    pub fn guid(&self) -> String {
        let mut bytes = [0u8; 16];
        self.rng.lock().fill_bytes(&mut bytes);
        // Version 4 / variant bits, so the value is a well-formed UUID.
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        uuid::Uuid::from_bytes(bytes)
            .hyphenated()
            .to_string()
            .to_uppercase()
    }

    /// A random `u64` (for salts and derived seeds).
    pub fn next_u64(&self) -> u64 {
        self.rng.lock().next_u64()
    }
}

/// Mix a seed with a label into a new seed, so each app gets an independent deterministic stream.
pub fn derive_seed(seed: u64, label: &str) -> u64 {
    // FNV-1a over the label, folded into the seed: stable across platforms and releases.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in label.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_upper_case_uuids() {
        let id = IdGen::random().guid();
        assert_eq!(id.len(), 36);
        assert_eq!(id, id.to_uppercase());
        assert!(uuid::Uuid::parse_str(&id).is_ok());
    }

    #[test]
    fn seeded_generators_repeat() {
        let a = IdGen::seeded(7);
        let b = IdGen::seeded(7);
        assert_eq!(a.guid(), b.guid());
        assert_ne!(IdGen::seeded(7).guid(), IdGen::seeded(8).guid());
        assert_ne!(derive_seed(1, "a"), derive_seed(1, "b"));
    }
}
