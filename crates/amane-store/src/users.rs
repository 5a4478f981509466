//! Staff accounts. Passwords arrive here already hashed: hashing is CPU work for the service layer.

use crate::db::{Db, Row, q};
use crate::error::{Result, StoreError};
use amane_domain::{Email, Lang, Role, User, UserId};

/// What it takes to create an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub locale: Option<Lang>,
}

/// `SELECT <the user columns> FROM users <tail>`, built at compile time so the column list is written once.
macro_rules! select_users {
    ($tail:literal) => {
        concat!("SELECT id, email, display_name, role, locale, active, created_at FROM users ", $tail)
    };
}

fn user_from_row(r: &Row) -> Result<User> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("users.{what} = {v:?}"));
    let id: String = r.get("id")?;
    let email: String = r.get("email")?;
    let role: String = r.get("role")?;
    let locale: Option<String> = r.get("locale")?;
    Ok(User {
        id: id.parse().map_err(|_| corrupt("id", &id))?,
        email: Email::parse(&email).map_err(|_| corrupt("email", &email))?,
        display_name: r.get("display_name")?,
        role: role.parse().map_err(|_| corrupt("role", &role))?,
        locale: match locale {
            Some(l) => Some(l.parse().map_err(|_| corrupt("locale", &l))?),
            None => None,
        },
        active: r.get("active")?,
        created_at: r.get("created_at")?,
    })
}

impl Db {
    /// Creates an account; an e-mail already in use is a `Conflict`.
    #[tracing::instrument(skip(self, new), fields(email = %new.email, role = %new.role))]
    pub async fn create_user(&self, new: &NewUser, now: i64) -> Result<User> {
        let id = UserId::new();
        self.execute(
            q("INSERT INTO users (id, email, display_name, role, password_hash, locale, active, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7)")
            .bind(id.to_string())
            .bind(new.email.as_str())
            .bind(new.display_name.as_str())
            .bind(new.role.as_str())
            .bind(new.password_hash.as_str())
            .bind(new.locale.map(|l| l.code()))
            .bind(now),
        )
        .await?;
        self.find_user(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn find_user(&self, id: UserId) -> Result<Option<User>> {
        self.fetch_optional(q(select_users!("WHERE id = $1")).bind(id.to_string()))
            .await?
            .as_ref()
            .map(user_from_row)
            .transpose()
    }

    /// The account and its password hash, for a login attempt.
    pub async fn find_login(&self, email: &Email) -> Result<Option<(User, String)>> {
        let row = self
            .fetch_optional(
                q("SELECT id, email, display_name, role, locale, active, created_at, password_hash
                   FROM users WHERE email = $1")
                .bind(email.as_str()),
            )
            .await?;
        match row {
            Some(r) => Ok(Some((user_from_row(&r)?, r.get("password_hash")?))),
            None => Ok(None),
        }
    }

    pub async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>> {
        Ok(self.find_login(email).await?.map(|(u, _)| u))
    }

    /// Every account, ordered by e-mail.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        self.fetch_all(q(select_users!("ORDER BY email"))).await?.iter().map(user_from_row).collect()
    }

    pub async fn count_active_admins(&self) -> Result<i64> {
        self.fetch_one(q("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = TRUE")).await?.get("n")
    }

    pub async fn count_users(&self) -> Result<i64> {
        self.fetch_one(q("SELECT COUNT(*) AS n FROM users")).await?.get("n")
    }

    /// Changes what a person may change about themselves: the name shown and the preferred language.
    pub async fn update_profile(&self, id: UserId, display_name: &str, locale: Option<Lang>, now: i64) -> Result<User> {
        let n = self
            .execute(
                q("UPDATE users SET display_name = $2, locale = $3, updated_at = $4 WHERE id = $1")
                    .bind(id.to_string())
                    .bind(display_name)
                    .bind(locale.map(|l| l.code()))
                    .bind(now),
            )
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.find_user(id).await?.ok_or(StoreError::NotFound)
    }

    /// The language the account reads amane in.
    pub async fn set_locale(&self, id: UserId, locale: Option<Lang>) -> Result<()> {
        self.execute(
            q("UPDATE users SET locale = $2 WHERE id = $1").bind(id.to_string()).bind(locale.map(|l| l.code())),
        )
        .await?;
        Ok(())
    }
}
