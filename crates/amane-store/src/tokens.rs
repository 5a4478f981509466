//! API tokens and the end of an account's access: tokens expire, can be listed and revoked one by one, and an
//! account that is deactivated loses its sessions and tokens in the same transaction.
//!
//! Only the SHA-256 of a token is stored (see `auth`).

use crate::db::{Db, Row, q};
use crate::error::{Result, StoreError};
use amane_domain::{User, UserId};

/// A token as its owner and administrators see it: never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: String,
    pub user_id: UserId,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl TokenInfo {
    /// Whether the token still opens the API at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }
}

fn token_from_row(r: &Row) -> Result<TokenInfo> {
    let user: String = r.get("user_id")?;
    Ok(TokenInfo {
        id: r.get("id")?,
        user_id: user.parse().map_err(|_| StoreError::Corrupt(format!("api_tokens.user_id = {user:?}")))?,
        label: r.get("label")?,
        created_at: r.get("created_at")?,
        last_used_at: r.get("last_used_at")?,
        expires_at: r.get("expires_at")?,
        revoked_at: r.get("revoked_at")?,
    })
}

/// `SELECT <the token columns> FROM api_tokens <tail>`, so the column list is written once.
macro_rules! select_tokens {
    ($tail:literal) => {
        concat!("SELECT id, user_id, label, created_at, last_used_at, expires_at, revoked_at FROM api_tokens ", $tail)
    };
}

impl Db {
    /// Stores a new token's digest; it opens the API until `expires_at`.
    pub async fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        label: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        self.execute(
            q("INSERT INTO api_tokens (id, user_id, token_hash, label, created_at, expires_at)
               VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id.as_str())
            .bind(user.to_string())
            .bind(token_hash)
            .bind(label)
            .bind(now)
            .bind(expires_at),
        )
        .await?;
        Ok(id)
    }

    /// The active account behind a bearer token that is neither revoked nor expired; records when it was used.
    pub async fn user_for_token(&self, token_hash: &str, now: i64) -> Result<Option<User>> {
        let row = self
            .fetch_optional(
                q("SELECT t.user_id AS user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
                   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = TRUE
                     AND (t.expires_at IS NULL OR t.expires_at > $2)")
                .bind(token_hash)
                .bind(now),
            )
            .await?;
        let Some(row) = row else { return Ok(None) };
        let user: String = row.get("user_id")?;
        let user_id: UserId =
            user.parse().map_err(|_| StoreError::Corrupt(format!("api_tokens.user_id = {user:?}")))?;
        // One write a minute at most per token: scripts may call often.
        self.execute(
            q("UPDATE api_tokens SET last_used_at = $2
               WHERE token_hash = $1 AND (last_used_at IS NULL OR last_used_at < $3)")
            .bind(token_hash)
            .bind(now)
            .bind(now - 60_000),
        )
        .await?;
        self.find_user(user_id).await
    }

    /// An account's tokens, newest first, revoked and expired ones included (they show when access ended).
    pub async fn list_api_tokens(&self, user: UserId) -> Result<Vec<TokenInfo>> {
        self.fetch_all(q(select_tokens!("WHERE user_id = $1 ORDER BY created_at DESC, id")).bind(user.to_string()))
            .await?
            .iter()
            .map(token_from_row)
            .collect()
    }

    pub async fn find_api_token(&self, id: &str) -> Result<Option<TokenInfo>> {
        self.fetch_optional(q(select_tokens!("WHERE id = $1")).bind(id)).await?.as_ref().map(token_from_row).transpose()
    }

    /// Revokes one token; `false` when it was already revoked (or does not exist).
    pub async fn revoke_api_token(&self, id: &str, now: i64) -> Result<bool> {
        let n = self
            .execute(q("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL").bind(id).bind(now))
            .await?;
        Ok(n > 0)
    }

    pub async fn revoke_api_tokens(&self, user: UserId, now: i64) -> Result<u64> {
        self.execute(
            q("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                .bind(user.to_string())
                .bind(now),
        )
        .await
    }

    /// Turns an account on or off. Turning it off ends its sessions and revokes its tokens in the same
    /// transaction, and is refused (`Conflict`) when it is the last active administrator.
    pub async fn set_user_active(&self, user: UserId, active: bool, now: i64) -> Result<User> {
        let mut tx = self.begin().await?;
        let id = user.to_string();
        if !active {
            let last_admin = tx
                .fetch_optional(
                    q("SELECT 1 AS one FROM users WHERE id = $1 AND role = 'admin' AND active = TRUE
                         AND (SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = TRUE) = 1")
                    .bind(id.as_str()),
                )
                .await?
                .is_some();
            if last_admin {
                return Err(StoreError::Conflict("the last active administrator".into()));
            }
            tx.execute(q("DELETE FROM sessions WHERE user_id = $1").bind(id.as_str())).await?;
            tx.execute(
                q("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
                    .bind(id.as_str())
                    .bind(now),
            )
            .await?;
        }
        let n = tx
            .execute(
                q("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
                    .bind(id.as_str())
                    .bind(active)
                    .bind(now),
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        self.find_user(user).await?.ok_or(StoreError::NotFound)
    }
}
