//! Certificates issued for a workshop: stored once per recipient (a roster position, a class, a staff member),
//! so that printing again gives the same codes, and found by code for the public verification page.

use crate::db::{Db, Row, q};
use crate::error::{Result, StoreError};
use amane_domain::certificate::{CertificateCode, CertificateKind};
use amane_domain::workshop::WorkshopId;

/// A certificate as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub code: CertificateCode,
    pub workshop: WorkshopId,
    pub registration: String,
    pub kind: CertificateKind,
    /// The child's position in the registration's roster; `None` for a class or a staff member.
    pub roster_idx: Option<u32>,
    /// The nickname, the class label or the staff member's name, as printed.
    pub recipient: String,
    pub issued_at: i64,
}

/// What a new certificate is for; its code is drawn when it is stored.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub workshop: WorkshopId,
    pub registration: String,
    pub kind: CertificateKind,
    pub roster_idx: Option<u32>,
    pub recipient: String,
}

/// How many codes are drawn before giving up on a collision (one in ~10¹⁴ per draw: never in practice).
const CODE_ATTEMPTS: usize = 5;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("certificates.{what}"))
}

fn from_row(r: &Row) -> Result<Certificate> {
    let code: String = r.get("code")?;
    let workshop: String = r.get("workshop_id")?;
    let kind: String = r.get("kind")?;
    let idx: i64 = r.get("roster_idx")?;
    Ok(Certificate {
        code: CertificateCode::parse(&code).ok_or_else(|| corrupt("code"))?,
        workshop: workshop.parse().map_err(|_| corrupt("workshop_id"))?,
        registration: r.get("registration_id")?,
        kind: CertificateKind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
        roster_idx: if idx < 0 { None } else { Some(u32::try_from(idx).map_err(|_| corrupt("roster_idx"))?) },
        recipient: r.get("recipient")?,
        issued_at: r.get("issued_at")?,
    })
}

/// `SELECT` of every column, then the rest of the query (queries are static text).
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT code, workshop_id, registration_id, kind, roster_idx, recipient, issued_at FROM certificates ",
            $rest
        )
    };
}

impl Db {
    /// The certificate of this recipient, issued now with a code from `new_code` unless it already exists (then
    /// it is returned unchanged: same code, same date). Two requests at once end with one certificate.
    #[tracing::instrument(skip(self, new, new_code), fields(registration = %new.registration, kind = new.kind.code()))]
    pub async fn issue_certificate(
        &self,
        new: &NewCertificate,
        mut new_code: impl FnMut() -> CertificateCode,
        now: i64,
    ) -> Result<Certificate> {
        let idx = new.roster_idx.map_or(-1, i64::from);
        for _ in 0..CODE_ATTEMPTS {
            let code = new_code();
            let inserted = self
                .execute(
                    q("INSERT INTO certificates (code, workshop_id, registration_id, kind, roster_idx, recipient, issued_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7)
                       ON CONFLICT (registration_id, kind, roster_idx) DO NOTHING")
                    .bind(code.as_str())
                    .bind(new.workshop.to_string())
                    .bind(new.registration.as_str())
                    .bind(new.kind.code())
                    .bind(idx)
                    .bind(new.recipient.as_str())
                    .bind(now),
                )
                .await;
            match inserted {
                // The code was taken by another certificate: draw again.
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            let row = self
                .fetch_one(
                    q(select!("WHERE registration_id = $1 AND kind = $2 AND roster_idx = $3"))
                        .bind(new.registration.as_str())
                        .bind(new.kind.code())
                        .bind(idx),
                )
                .await?;
            return from_row(&row);
        }
        Err(StoreError::Conflict("no free certificate code".into()))
    }

    /// The certificates issued for a workshop, oldest first.
    pub async fn workshop_certificates(&self, workshop: WorkshopId) -> Result<Vec<Certificate>> {
        self.fetch_all(
            q(select!("WHERE workshop_id = $1 ORDER BY issued_at, registration_id, kind, roster_idx"))
                .bind(workshop.to_string()),
        )
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    pub async fn find_certificate(&self, code: &CertificateCode) -> Result<Option<Certificate>> {
        self.fetch_optional(q(select!("WHERE code = $1")).bind(code.as_str())).await?.as_ref().map(from_row).transpose()
    }
}
