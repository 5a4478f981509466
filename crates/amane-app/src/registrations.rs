//! Registrations: who may register whom, and the checks that keep children pseudonymous (a roster holds
//! nicknames only: no e-mail addresses, phone numbers or anything that looks like one).

use crate::error::Error;
use amane_domain::FieldCode;
use amane_domain::campaign::CampaignStatus;
use amane_domain::workshop::Workshop;
use amane_domain::{Audience, Email, Role, User, ValidationErrors};
use amane_store::registrations::{Kind, NewRegistration, Registration, Status};
use amane_store::{Db, now_ms};

#[derive(Debug, Clone, Default)]
pub struct RegistrationInput {
    pub establishment: String,
    pub kind: String,
    pub label: String,
    pub age_band: String,
    pub seats: String,
    /// Nicknames, one per line.
    pub roster: String,
    pub staff_email: String,
}

/// The establishments this person may register for: all (`None`) for administrators and organizers, their own
/// for coordinators, none for others.
pub async fn allowed_establishments(db: &Db, user: &User) -> Result<Option<Vec<String>>, Error> {
    Ok(match user.role {
        Role::Admin | Role::Organizer => None,
        Role::Coordinator => Some(db.coordinator_establishments(user.id).await?),
        _ => Some(Vec::new()),
    })
}

pub async fn register(db: &Db, user: &User, w: &Workshop, input: &RegistrationInput) -> Result<Registration, Error> {
    if matches!(user.role, Role::Facilitator | Role::Observer) {
        return Err(Error::Forbidden);
    }
    let mut e = ValidationErrors::new();
    // Coordinators register while the campaign is open; organizers may also fill a draft or correct a closed one.
    if user.role == Role::Coordinator
        && db.find_campaign(w.campaign).await?.is_none_or(|c| c.status != CampaignStatus::Open)
    {
        e.add("campaign", FieldCode::CampaignNotOpen);
        return Err(e.into());
    }
    let establishment = input.establishment.trim().to_uppercase();
    let establishment = if establishment.is_empty() { None } else { Some(establishment) };
    match (&establishment, allowed_establishments(db, user).await?) {
        (None, Some(_)) => e.add("establishment", FieldCode::Required),
        (Some(code), Some(list)) if !list.contains(code) => return Err(Error::Forbidden),
        (Some(code), None) if db.find_establishment(code).await?.is_none() => {
            e.add("establishment", FieldCode::EstablishmentUnknown)
        }
        _ => {}
    }
    let kind = Kind::parse(&input.kind);
    if kind.is_none() {
        e.add("kind", FieldCode::KindUnknown);
    }
    let label = input.label.trim().to_owned();
    if label.is_empty() {
        e.add("label", FieldCode::Required);
    } else if label.chars().count() > 100 {
        e.add("label", FieldCode::TooLong);
    }
    let seats = match input.seats.trim().parse::<u32>() {
        Ok(n) if (1..=500).contains(&n) => n,
        _ => {
            e.add("seats", FieldCode::CapacityInvalid);
            0
        }
    };
    let mut age_band = None;
    let mut roster = Vec::new();
    let mut staff_email = None;
    match kind {
        Some(Kind::Group) => {
            match Audience::parse(&input.age_band) {
                Ok(a) if a.is_child() => {
                    if w.audience.is_child() && a != w.audience {
                        e.add("age_band", FieldCode::AgeBandMismatch);
                    }
                    age_band = Some(a);
                }
                _ => e.add("age_band", FieldCode::Required),
            }
            // Every bad line is named, counting lines as the person typed them (blank ones included).
            for (i, line) in input.roster.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                match amane_domain::Nickname::parse(line) {
                    Ok(n) => roster.push(n.to_string()),
                    Err(code) => e.add_at("roster", code, i + 1),
                }
            }
            if roster.len() > seats as usize {
                e.add("roster", FieldCode::RosterTooLong);
            }
            if !input.staff_email.trim().is_empty() {
                e.add("staff_email", FieldCode::NoChildContact);
            }
        }
        Some(Kind::Staff) | Some(Kind::Parents) => {
            if !input.staff_email.trim().is_empty() {
                staff_email = e.check("staff_email", Email::parse(&input.staff_email)).map(|m| m.to_string());
            }
            if !input.roster.trim().is_empty() {
                e.add("roster", FieldCode::RosterChildrenOnly);
            }
        }
        None => {}
    }
    e.into_result()?;
    let Some(kind) = kind else { return Err(Error::internal("validated registration without a kind")) };
    let new = NewRegistration {
        workshop: w.id,
        establishment,
        kind,
        label,
        age_band,
        seats,
        roster,
        staff_email,
        by: Some(user.id),
    };
    Ok(db.register(&new, now_ms()).await?)
}

/// Whether this person may see (and cancel) a registration.
pub async fn can_manage(db: &Db, user: &User, r: &Registration) -> Result<bool, Error> {
    Ok(match allowed_establishments(db, user).await? {
        None => true,
        Some(list) => r.establishment.as_ref().is_some_and(|e| list.contains(e)),
    })
}

/// Whether this person may record who came: the workshop's facilitators, and whoever manages the registration.
pub async fn can_record(db: &Db, user: &User, w: &Workshop, r: &Registration) -> Result<bool, Error> {
    Ok(w.facilitators.contains(&user.id) || can_manage(db, user, r).await?)
}

/// Records how many of a registration came; idempotent (a repeated request sets the same figure). Only a
/// confirmed registration has people to count: a cancelled one (or one still waiting for a seat) is refused,
/// since its figure would count as reached.
pub async fn record(db: &Db, user: &User, w: &Workshop, r: &Registration, present: u32) -> Result<(), Error> {
    if !can_record(db, user, w, r).await? {
        return Err(Error::Forbidden);
    }
    if r.status != Status::Confirmed {
        return Err(Error::Validation(ValidationErrors::single("present", FieldCode::RegistrationNotConfirmed)));
    }
    match db.set_attendance(&r.id, present, Some(user.id), now_ms()).await? {
        Ok(()) => Ok(()),
        Err(_) => Err(Error::Validation(ValidationErrors::single("present", FieldCode::PresentOverSeats))),
    }
}

/// The registrations of a workshop this person may see: facilitators see those of their own workshops,
/// coordinators those of their establishments.
pub async fn visible(db: &Db, user: &User, w: &Workshop) -> Result<Vec<Registration>, Error> {
    let all = db.workshop_registrations(w.id).await?;
    if user.role == Role::Facilitator {
        return Ok(if w.facilitators.contains(&user.id) { all } else { Vec::new() });
    }
    if user.role == Role::Observer {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for r in all {
        if can_manage(db, user, &r).await? {
            out.push(r);
        }
    }
    Ok(out)
}
