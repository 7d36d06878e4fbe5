//! API key pairs and the OAuth2 access tokens minted from them (the developer guide's
//! second way in). Every secret is random and long, so storing a fast hash of it is safe:
//! there is nothing to guess offline.

use rand::RngCore;
use rand::rngs::OsRng;

use crate::limits::MAX_KEY_NAME_CHARS;
use crate::text::{check_length, check_no_control, check_trimmed};

/// A key's label, e.g. "CRM sync".
pub fn parse_key_name(raw: &str) -> Result<String, String> {
    check_length(raw, 1, MAX_KEY_NAME_CHARS)?;
    check_no_control(raw)?;
    check_trimmed(raw)?;
    Ok(raw.to_owned())
}

/// `bytes` of randomness from the operating system, as lowercase hex.
fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0_u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new key pair's public SecretID (32 hex characters).
pub fn new_secret_id() -> String {
    random_hex(16)
}

/// A new key pair's secret (64 hex characters, 256 bits).
pub fn new_secret() -> String {
    random_hex(32)
}

/// A new access token: 40 lowercase hex characters, as the developer guide shows.
pub fn new_access_token() -> String {
    random_hex(20)
}

/// The stored form of a secret or token.
pub fn hash_secret(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

/// Whether `raw` can be a SecretID at all (checked before any lookup: text such as a NUL
/// byte, which PostgreSQL cannot compare, never reaches the database).
pub fn looks_like_secret_id(raw: &str) -> bool {
    raw.len() == 32 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether `raw` can be an access token at all (checked before any lookup).
pub fn looks_like_token(raw: &str) -> bool {
    raw.len() == 40 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_forty_lowercase_hex_characters_and_unique() {
        let a = new_access_token();
        assert!(looks_like_token(&a), "{a}");
        assert_ne!(a, new_access_token());
        assert!(!looks_like_token(&a.to_uppercase()));
        assert!(looks_like_secret_id(&new_secret_id()));
        assert!(!looks_like_secret_id("0123456789abcdef0123456789abcde\u{0}"));
        assert_eq!(new_secret_id().len(), 32);
        assert_eq!(new_secret().len(), 64);
    }

    #[test]
    fn hashes_hide_and_identify() {
        let secret = new_secret();
        assert_eq!(hash_secret(&secret), hash_secret(&secret));
        assert!(!hash_secret(&secret).contains(&secret));
        assert_ne!(hash_secret("a"), hash_secret("b"));
    }

    #[test]
    fn names() {
        assert!(parse_key_name("CRM sync").is_ok());
        assert!(parse_key_name("").is_err());
        assert!(parse_key_name(" x").is_err());
    }
}
