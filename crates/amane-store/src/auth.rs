//! Browser sessions, login throttling and the one-time setup link.
//!
//! Secrets never reach the database: callers pass the SHA-256 of a session id or token, so a copy of the
//! database does not let anyone log in.

use crate::db::{Db, q};
use crate::error::{Result, StoreError};
use crate::users::NewUser;
use amane_domain::{User, UserId};

/// A stored browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user_id: UserId,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// What a failed login counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleScope {
    /// Failures against one account, from anywhere.
    Account,
    /// Failures from one address, whatever the account.
    Ip,
    /// Failures against one account from one address (`<account>|<address>`).
    Pair,
    /// Not failures: successful sign-ins of an account from an address (`<account>|<address>`).
    Known,
}

impl ThrottleScope {
    fn as_str(self) -> &'static str {
        match self {
            ThrottleScope::Account => "account",
            ThrottleScope::Ip => "ip",
            ThrottleScope::Pair => "pair",
            ThrottleScope::Known => "known",
        }
    }
}

/// How the one-time setup link was used.
#[derive(Debug)]
pub enum SetupOutcome {
    Created(User),
    /// Unknown, already used or expired.
    InvalidToken,
    /// An administrator exists already (someone else finished the setup first).
    AdminExists,
}

fn parse_user_id(s: String) -> Result<UserId> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("user id {s:?}")))
}

impl Db {
    pub async fn create_session(&self, id_hash: &str, user: UserId, now: i64) -> Result<()> {
        self.execute(
            q("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
                .bind(id_hash)
                .bind(user.to_string())
                .bind(now),
        )
        .await?;
        Ok(())
    }

    pub async fn find_session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        let row = self
            .fetch_optional(
                q("SELECT user_id, created_at, last_seen_at FROM sessions WHERE id_hash = $1").bind(id_hash),
            )
            .await?;
        row.map(|r| {
            Ok(SessionRecord {
                user_id: parse_user_id(r.get("user_id")?)?,
                created_at: r.get("created_at")?,
                last_seen_at: r.get("last_seen_at")?,
            })
        })
        .transpose()
    }

    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<()> {
        self.execute(q("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1").bind(id_hash).bind(now)).await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<bool> {
        Ok(self.execute(q("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash)).await? > 0)
    }

    /// Removes sessions idle since before `idle_before` or started before `started_before`.
    pub async fn delete_expired_sessions(&self, idle_before: i64, started_before: i64) -> Result<u64> {
        self.execute(
            q("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2").bind(idle_before).bind(started_before),
        )
        .await
    }

    pub async fn record_login_failure(&self, scope: ThrottleScope, subject: &str, now: i64) -> Result<()> {
        self.execute(
            q("INSERT INTO login_failures (scope, subject, at) VALUES ($1, $2, $3)")
                .bind(scope.as_str())
                .bind(subject)
                .bind(now),
        )
        .await?;
        Ok(())
    }

    /// Failures since `since`: how many, and when the oldest of them happened.
    pub async fn login_failures_since(
        &self,
        scope: ThrottleScope,
        subject: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>)> {
        let r = self
            .fetch_one(
                q("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures
                   WHERE scope = $1 AND subject = $2 AND at >= $3")
                .bind(scope.as_str())
                .bind(subject)
                .bind(since),
            )
            .await?;
        Ok((r.get("n")?, r.get("oldest")?))
    }

    pub async fn clear_login_failures(&self, scope: ThrottleScope, subject: &str) -> Result<()> {
        self.execute(
            q("DELETE FROM login_failures WHERE scope = $1 AND subject = $2").bind(scope.as_str()).bind(subject),
        )
        .await?;
        Ok(())
    }

    /// Lifts every sign-in slowdown of one account (its e-mail, lower case): the failures counted against it from
    /// anywhere and from each address. Remembered sign-ins stay. Returns how many failures were forgotten.
    pub async fn unlock_account(&self, account: &str) -> Result<u64> {
        // `like_pattern` matches anywhere ("%…%"); a pair's subject starts with the account.
        let prefix = crate::db::like_pattern(&format!("{account}|")).split_off(1);
        self.execute(
            q("DELETE FROM login_failures
               WHERE (scope = 'account' AND subject = $1) OR (scope = 'pair' AND subject LIKE $2 ESCAPE '\\')")
            .bind(account)
            .bind(prefix),
        )
        .await
    }

    /// Forgets failures older than `before`, and remembered sign-ins older than `known_before`.
    pub async fn prune_login_failures(&self, before: i64, known_before: i64) -> Result<u64> {
        self.execute(
            q("DELETE FROM login_failures WHERE (scope <> 'known' AND at < $1) OR at < $2")
                .bind(before)
                .bind(known_before),
        )
        .await
    }

    pub async fn create_setup_token(&self, token_hash: &str, now: i64, expires_at: i64) -> Result<()> {
        self.execute(
            q("INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)")
                .bind(token_hash)
                .bind(now)
                .bind(expires_at),
        )
        .await?;
        Ok(())
    }

    pub async fn setup_token_is_valid(&self, token_hash: &str, now: i64) -> Result<bool> {
        let r = self
            .fetch_optional(
                q("SELECT 1 AS ok FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
                    .bind(token_hash)
                    .bind(now),
            )
            .await?;
        Ok(r.is_some())
    }

    /// Uses the setup link to create the first administrator, all in one transaction: the link is spent and
    /// the account exists, or neither.
    pub async fn complete_setup(&self, token_hash: &str, new: &NewUser, now: i64) -> Result<SetupOutcome> {
        let mut tx = self.begin().await?;
        let spent = tx
            .execute(
                q("UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
                    .bind(token_hash)
                    .bind(now),
            )
            .await?;
        if spent == 0 {
            return Ok(SetupOutcome::InvalidToken);
        }
        let admins: i64 = tx
            .fetch_one(q("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = TRUE"))
            .await?
            .get("n")?;
        if admins > 0 {
            return Ok(SetupOutcome::AdminExists);
        }
        let id = UserId::new();
        tx.execute(
            q("INSERT INTO users (id, email, display_name, role, password_hash, locale, active, created_at, updated_at)
               VALUES ($1, $2, $3, 'admin', $4, $5, TRUE, $6, $6)")
            .bind(id.to_string())
            .bind(new.email.as_str())
            .bind(new.display_name.as_str())
            .bind(new.password_hash.as_str())
            .bind(new.locale.map(|l| l.code()))
            .bind(now),
        )
        .await?;
        tx.commit().await?;
        let user = self.find_user(id).await?.ok_or(StoreError::NotFound)?;
        Ok(SetupOutcome::Created(user))
    }
}
