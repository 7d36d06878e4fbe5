//! Passwords: checked on the way in, stored only as argon2id hashes.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::Rng;
use rand::distributions::Alphanumeric;

use crate::limits::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::text::check_length;

/// A plaintext password that met the length rules. Its `Debug` never shows the text, so
/// it cannot leak through a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS)?;
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A fresh random password (for the first administrator when none is given).
    pub fn generate() -> Self {
        let text: String = rand::thread_rng().sample_iter(&Alphanumeric).take(20).map(char::from).collect();
        Password(text)
    }

    /// Hashes with argon2id and a random salt. Deliberately slow (tens of milliseconds):
    /// call it off the async executor.
    pub fn hash(&self) -> String {
        let salt = SaltString::generate(&mut OsRng);
        match Argon2::default().hash_password(self.0.as_bytes(), &salt) {
            Ok(hash) => hash.to_string(),
            // Only reachable with invalid parameters, which Argon2::default() never has.
            Err(err) => unreachable!("argon2 with default parameters failed: {err}"),
        }
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// Checks a plaintext against a stored PHC hash string in constant time. A malformed hash
/// never matches.
pub fn verify(plaintext: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default().verify_password(plaintext.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_hide_the_text() {
        let password = Password::parse("s3cret-pw").unwrap();
        let hash = password.hash();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("s3cret"));
        assert!(verify("s3cret-pw", &hash));
        assert!(!verify("s3cret-pX", &hash));
        assert!(!verify("s3cret-pw", "not a hash"));
        assert_eq!(format!("{password:?}"), "Password(…)");
    }

    #[test]
    fn length_rules() {
        assert!(Password::parse("12345").is_err());
        assert!(Password::parse("123456").is_ok());
        assert!(Password::parse(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert_eq!(Password::generate().expose().len(), 20);
    }
}
