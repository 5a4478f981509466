//! Secrets amane hands out (session ids, API tokens, setup links, resume tokens) and the digests it keeps of them,
//! and password hashing off the async threads.

use crate::error::{Error, Result};
use amane_domain::Password;
use base64::Engine;
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe.
pub fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret: its SHA-256, in hex.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Hashes a password with argon2id off the async threads.
pub async fn hash_password(password: Password) -> Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password.expose()))
        .await
        .map_err(|e| Error::caused("hashing a password", e))
}

/// Checks a password against its hash off the async threads.
pub async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .map_err(|e| Error::caused("checking a password", e))
}
