//! Imported question banks. The store keeps each question as an opaque JSON document: the curriculum crate
//! owns its shape, and the store stays free of it.

use crate::db::{Db, q};
use crate::error::{Result, StoreError};
use amane_domain::{Lang, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub questions: i64,
    pub updated_at: i64,
    /// Who imported it first (`None`: from the terminal, or an account since deleted).
    pub owner: Option<UserId>,
    /// `false`: private to its owner (and administrators and organizers); `true`: every staff member's.
    pub shared: bool,
}

/// How an import changed a bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Upserted {
    pub created_bank: bool,
    pub inserted: usize,
    pub updated: usize,
}

/// Which bank an import goes to, and what it says about the bank.
#[derive(Debug, Clone, Copy)]
pub struct BankImport<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub lang: Lang,
    /// The importer, who owns a bank they create.
    pub by: Option<UserId>,
    /// The sharing level to set (`None`: shared for a new bank, unchanged for an existing one).
    pub shared: Option<bool>,
}

impl Db {
    /// Creates the bank if needed and inserts or replaces its questions, all in one transaction: a failed
    /// import leaves the bank as it was.
    pub async fn upsert_bank(
        &self,
        bank: BankImport<'_>,
        questions: &[(String, String)],
        now: i64,
    ) -> Result<Upserted> {
        let BankImport { id, title, lang, by, shared } = bank;
        let sharing = |s: bool| if s { "staff" } else { "private" };
        let mut tx = self.begin().await?;
        let mut out = Upserted::default();
        let existing = tx.fetch_optional(q("SELECT lang FROM question_banks WHERE id = $1").bind(id)).await?;
        match existing {
            None => {
                tx.execute(
                    q("INSERT INTO question_banks (id, title, lang, created_by, created_at, updated_at, sharing)
                       VALUES ($1, $2, $3, $4, $5, $5, $6)")
                    .bind(id)
                    .bind(title)
                    .bind(lang.code())
                    .bind(by.map(|u| u.to_string()))
                    .bind(now)
                    .bind(sharing(shared.unwrap_or(true))),
                )
                .await?;
                out.created_bank = true;
            }
            Some(row) => {
                let stored: String = row.get("lang")?;
                if stored != lang.code() {
                    return Err(StoreError::Conflict(format!("bank {id} is in {stored}")));
                }
                tx.execute(q("UPDATE question_banks SET updated_at = $2 WHERE id = $1").bind(id).bind(now)).await?;
                if let Some(s) = shared {
                    tx.execute(q("UPDATE question_banks SET sharing = $2 WHERE id = $1").bind(id).bind(sharing(s)))
                        .await?;
                }
            }
        }
        let next: i64 = tx
            .fetch_one(q("SELECT COALESCE(MAX(position), 0) AS p FROM bank_questions WHERE bank_id = $1").bind(id))
            .await?
            .get("p")?;
        let mut position = next;
        for (qid, body) in questions {
            let changed = tx
                .execute(
                    q("UPDATE bank_questions SET body = $3, updated_at = $4 WHERE bank_id = $1 AND question_id = $2")
                        .bind(id)
                        .bind(qid.as_str())
                        .bind(body.as_str())
                        .bind(now),
                )
                .await?;
            if changed > 0 {
                out.updated += 1;
            } else {
                position += 1;
                tx.execute(
                    q("INSERT INTO bank_questions (bank_id, question_id, position, body, created_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $5)")
                    .bind(id)
                    .bind(qid.as_str())
                    .bind(position)
                    .bind(body.as_str())
                    .bind(now),
                )
                .await?;
                out.inserted += 1;
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    pub async fn list_banks(&self) -> Result<Vec<Bank>> {
        let rows = self
            .fetch_all(q("SELECT b.id AS id, b.title AS title, b.lang AS lang, b.updated_at AS updated_at,
                   b.created_by AS created_by, b.sharing AS sharing,
                   (SELECT COUNT(*) FROM bank_questions x WHERE x.bank_id = b.id) AS n
                   FROM question_banks b ORDER BY b.id"))
            .await?;
        rows.iter()
            .map(|r| {
                let lang: String = r.get("lang")?;
                let owner: Option<String> = r.get("created_by")?;
                let sharing: String = r.get("sharing")?;
                Ok(Bank {
                    owner: owner.and_then(|o| o.parse().ok()),
                    shared: sharing == "staff",
                    id: r.get("id")?,
                    title: r.get("title")?,
                    lang: lang.parse().map_err(|_| StoreError::Corrupt(format!("bank lang {lang}")))?,
                    questions: r.get("n")?,
                    updated_at: r.get("updated_at")?,
                })
            })
            .collect()
    }

    pub async fn find_bank(&self, id: &str) -> Result<Option<Bank>> {
        Ok(self.list_banks().await?.into_iter().find(|b| b.id == id))
    }

    /// The questions of a bank, in import order, as stored JSON.
    pub async fn bank_questions(&self, id: &str) -> Result<Vec<String>> {
        self.fetch_all(q("SELECT body FROM bank_questions WHERE bank_id = $1 ORDER BY position").bind(id))
            .await?
            .iter()
            .map(|r| r.get("body"))
            .collect()
    }
}
