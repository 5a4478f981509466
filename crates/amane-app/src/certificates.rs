//! Certificates of attendance: issued for a workshop once people came (a child checked in from a roster, a
//! class with a headcount, a staff member present), printed as one PDF per workshop, and checked by anyone
//! with the code, who learns that the certificate is genuine and where it comes from, never whose it is.

use crate::error::Error;
use amane_domain::Lang;
use amane_domain::certificate::{CertificateCode, CertificateKind};
use amane_domain::workshop::Workshop;
use amane_i18n::{Arg, Tr};
use amane_store::certificates::NewCertificate;
use amane_store::registrations::{Kind, Status};
use amane_store::{Db, now_ms};
use rand::Rng;
use std::collections::HashMap;

pub use amane_store::certificates::Certificate as IssuedCertificate;

/// Issues what is missing and returns every certificate the workshop's attendance gives, in print order
/// (registration by registration: the class, then its children in roster order; staff members). Issuing again
/// returns the same codes and adds only those who have come since.
#[tracing::instrument(skip(db, w), fields(workshop = %w.id))]
pub async fn issue_for_workshop(db: &Db, w: &Workshop) -> Result<Vec<IssuedCertificate>, Error> {
    let present: HashMap<String, i64> = db.workshop_attendance(w.id).await?.into_iter().collect();
    let now = now_ms();
    let mut out = Vec::new();
    for r in db.workshop_registrations(w.id).await? {
        if r.status != Status::Confirmed {
            continue;
        }
        let came = present.get(&r.id).copied().unwrap_or(0) > 0;
        let mut wanted = Vec::new();
        match r.kind {
            Kind::Group => {
                if came {
                    wanted.push((CertificateKind::Class, None, r.label.clone()));
                }
                for idx in db.checked_in(&r.id).await? {
                    let Ok(idx) = u32::try_from(idx) else { continue };
                    if let Some(nickname) = r.roster.get(idx as usize) {
                        wanted.push((CertificateKind::Child, Some(idx), nickname.clone()));
                    }
                }
            }
            Kind::Staff if came => wanted.push((CertificateKind::Staff, None, r.label.clone())),
            Kind::Staff | Kind::Parents => {}
        }
        for (kind, roster_idx, recipient) in wanted {
            let new = NewCertificate { workshop: w.id, registration: r.id.clone(), kind, roster_idx, recipient };
            out.push(db.issue_certificate(&new, new_code, now).await?);
        }
    }
    Ok(out)
}

/// A fresh random code. The thread's generator is seeded from the operating system and never held across an
/// `await`.
fn new_code() -> CertificateCode {
    let mut rng = rand::rng();
    CertificateCode::generate(|n| rng.random_range(0..n))
}

/// What the public verification page shows: enough to trust the paper, nothing about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub code: CertificateCode,
    pub kind: CertificateKind,
    /// The attendance it attests was corrected since (the child unmarked, the class or staff member recorded absent,
    /// the registration cancelled): the certificate no longer stands.
    pub withdrawn: bool,
    pub workshop_title: String,
    /// The workshop's day, written in the reader's language.
    pub workshop_date: String,
    pub campaign_title: String,
    /// The establishment's name (or the venue's, when the workshop was held elsewhere).
    pub establishment: String,
}

/// Looks a certificate up by the code a visitor typed or scanned; `None` for a code that is malformed or was
/// never issued (the two are not told apart).
pub async fn verify(db: &Db, code: &str, lang: Lang) -> Result<Option<Verified>, Error> {
    let Some(code) = CertificateCode::parse(code) else { return Ok(None) };
    let Some(cert) = db.find_certificate(&code).await? else { return Ok(None) };
    let w = db.find_workshop(cert.workshop).await?.ok_or(Error::NotFound)?;
    let facts = WorkshopFacts::read(db, &w, Tr::new(lang)).await?;
    let confirmed = db.find_registration(&cert.registration).await?.is_some_and(|r| r.status == Status::Confirmed);
    let attested = match (cert.kind, cert.roster_idx) {
        (CertificateKind::Child, Some(idx)) => db.checked_in(&cert.registration).await?.contains(&i64::from(idx)),
        _ => {
            let present = db.workshop_attendance(w.id).await?;
            present.iter().any(|(r, n)| *r == cert.registration && *n > 0)
        }
    };
    Ok(Some(Verified {
        code,
        kind: cert.kind,
        withdrawn: !(confirmed && attested),
        workshop_title: w.title,
        workshop_date: facts.date,
        campaign_title: facts.campaign,
        establishment: facts.place,
    }))
}

/// The workshop's campaign, day and place in one language: what a certificate and its verification both print.
struct WorkshopFacts {
    campaign: String,
    /// The local day as `YYYY-MM-DD`.
    day: String,
    date: String,
    place: String,
}

impl WorkshopFacts {
    async fn read(db: &Db, w: &Workshop, t: Tr) -> Result<WorkshopFacts, Error> {
        let c = db.find_campaign(w.campaign).await?.ok_or(Error::NotFound)?;
        let (day, _) = crate::workshops::local_parts(&c.time_zone, w.starts_at);
        let date = amane_domain::campaign::Day::parse(&day)
            .map(|d| t.date(d.days_since_epoch() * 86_400_000))
            .unwrap_or_else(|_| day.clone());
        let mut place = w.venue.name.clone();
        if let Some(code) = &w.venue.establishment
            && let Some(e) = db.find_establishment(code).await?
        {
            place = e.name_in(t.lang).to_owned();
        }
        Ok(WorkshopFacts { campaign: c.title_in(t.lang).to_owned(), day, date, place })
    }
}

/// The printable certificates of a workshop.
pub struct CertificatesPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// An ASCII file name for the download, e.g. `certificates-2027-02-10-1a2b3c4d.pdf`.
    pub file_name: String,
}

/// Issues what is missing and lays out the workshop's certificates that `user` may hand out, one page each, in
/// `lang`: every one for its facilitators, organizers and administrators; for a coordinator, those of their own
/// schools' registrations only (a workshop hosted at their school may welcome other schools' classes, whose
/// children's nicknames are not theirs to print). `None` when there is nothing to print (nobody has come yet), so
/// that the caller can say so instead of handing out an empty document. `base_url` is the public address the QR
/// codes lead to.
#[tracing::instrument(skip(db, w, user), fields(workshop = %w.id))]
pub async fn workshop_pdf(
    db: &Db,
    w: &Workshop,
    user: &amane_domain::User,
    lang: Lang,
    base_url: &str,
) -> Result<Option<CertificatesPdf>, Error> {
    let mine: std::collections::HashSet<String> =
        crate::registrations::visible(db, user, w).await?.into_iter().map(|r| r.id).collect();
    let issued: Vec<IssuedCertificate> =
        issue_for_workshop(db, w).await?.into_iter().filter(|c| mine.contains(&c.registration)).collect();
    if issued.is_empty() {
        return Ok(None);
    }
    let t = Tr::new(lang);
    let facts = WorkshopFacts::read(db, w, t).await?;
    // Fluent's isolation marks stay: typst's bidi algorithm honours them, so a French title inside an Arabic
    // line keeps its quotes and commas where they belong.
    let held = t.args(
        "cert-held",
        &[("workshop", Arg::Str(&w.title)), ("place", Arg::Str(&facts.place)), ("date", Arg::Str(&facts.date))],
    );
    let base = base_url.trim_end_matches('/');
    let certs: Vec<amane_pdf::Certificate> = issued
        .iter()
        .map(|c| amane_pdf::Certificate {
            lang: lang.code().to_owned(),
            title: t.get(&format!("cert-title-{}", c.kind.code())),
            recipient: c.recipient.clone(),
            lines: vec![t.get(&format!("cert-line-{}", c.kind.code())), held.clone()],
            code: c.code.to_string(),
            verify_url: format!("{base}/verify/{}", c.code),
            issued_on: t.args("cert-issued-on", &[("date", Arg::Str(&t.date(c.issued_at)))]),
            issuer: facts.campaign.clone(),
        })
        .collect();
    let pages = certs.len();
    let bytes = tokio::task::spawn_blocking(move || amane_pdf::certificates_pdf(&certs))
        .await
        .map_err(|e| Error::caused("laying out certificates", e))?
        .map_err(|e| Error::caused("laying out certificates", e))?;
    let short_id: String = w.id.to_string().chars().take(8).collect();
    Ok(Some(CertificatesPdf { bytes, pages, file_name: format!("certificates-{}-{short_id}.pdf", facts.day) }))
}
