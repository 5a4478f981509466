//! Registrations to workshops, with capacity enforced and a waiting list promoted in order, both inside one
//! transaction per change (the workshop row is locked on PostgreSQL; SQLite writers are serialised).

use crate::db::{Backend, Db, Row, Tx, q};
use crate::error::{Result, StoreError};
use amane_domain::workshop::WorkshopId;
use amane_domain::{Audience, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Group,
    Staff,
    Parents,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Staff => "staff",
            Kind::Parents => "parents",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Group, Kind::Staff, Kind::Parents].into_iter().find(|k| k.code() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Waiting,
    Cancelled,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Waiting => "waiting",
            Status::Cancelled => "cancelled",
        }
    }
    fn parse(s: &str) -> Option<Status> {
        [Status::Confirmed, Status::Waiting, Status::Cancelled].into_iter().find(|k| k.code() == s)
    }
}

/// What a coordinator registers.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub workshop: WorkshopId,
    pub establishment: Option<String>,
    pub kind: Kind,
    /// A class or group label (`6e B`), or a staff member's name.
    pub label: String,
    pub age_band: Option<Audience>,
    pub seats: u32,
    /// Pseudonymous nicknames, one per line (children only; never real names).
    pub roster: Vec<String>,
    pub staff_email: Option<String>,
    pub by: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: String,
    pub workshop: WorkshopId,
    pub establishment: Option<String>,
    pub kind: Kind,
    pub label: String,
    pub age_band: Option<Audience>,
    pub seats: u32,
    pub roster: Vec<String>,
    pub staff_email: Option<String>,
    pub status: Status,
    pub created_at: i64,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("registrations.{what}"))
}

fn from_row(r: &Row) -> Result<Registration> {
    let workshop: String = r.get("workshop_id")?;
    let kind: String = r.get("kind")?;
    let status: String = r.get("status")?;
    let age: Option<String> = r.get("age_band")?;
    let roster: String = r.get("roster")?;
    Ok(Registration {
        id: r.get("id")?,
        workshop: workshop.parse().map_err(|_| corrupt("workshop_id"))?,
        establishment: r.get("establishment")?,
        kind: Kind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
        label: r.get("label")?,
        age_band: age.map(|a| Audience::parse(&a).map_err(|_| corrupt("age_band"))).transpose()?,
        seats: u32::try_from(r.get::<i64>("seats")?).map_err(|_| corrupt("seats"))?,
        roster: roster.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        staff_email: r.get("staff_email")?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status"))?,
        created_at: r.get("created_at")?,
    })
}

/// Locks the workshop for this transaction and returns its capacity and the seats already confirmed.
async fn lock_workshop(tx: &mut Tx, workshop: WorkshopId) -> Result<(i64, i64)> {
    let sql = if tx.backend() == Backend::Postgres {
        q("SELECT capacity FROM workshops WHERE id = $1 FOR UPDATE")
    } else {
        q("SELECT capacity FROM workshops WHERE id = $1")
    };
    let capacity: i64 =
        tx.fetch_optional(sql.bind(workshop.to_string())).await?.ok_or(StoreError::NotFound)?.get("capacity")?;
    let taken: i64 = tx
        .fetch_one(q("SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) AS n FROM registrations WHERE workshop_id = $1 AND status = 'confirmed'").bind(workshop.to_string()))
        .await?
        .get("n")?;
    Ok((capacity, taken))
}

/// Confirms waiting registrations, oldest first, while they fit.
async fn promote(tx: &mut Tx, workshop: WorkshopId, capacity: i64, mut taken: i64, now: i64) -> Result<usize> {
    let waiting = tx
        .fetch_all(q("SELECT id, seats FROM registrations WHERE workshop_id = $1 AND status = 'waiting' ORDER BY created_at, id").bind(workshop.to_string()))
        .await?;
    let mut promoted = 0;
    for r in waiting {
        let seats: i64 = r.get("seats")?;
        if taken + seats > capacity {
            // Keep the order fair: a large group first in line is not overtaken by smaller ones.
            break;
        }
        let id: String = r.get("id")?;
        tx.execute(
            q("UPDATE registrations SET status = 'confirmed', updated_at = $2 WHERE id = $1").bind(id).bind(now),
        )
        .await?;
        taken += seats;
        promoted += 1;
    }
    Ok(promoted)
}

impl Db {
    /// Registers, confirmed if the seats fit, else on the waiting list.
    pub async fn register(&self, r: &NewRegistration, now: i64) -> Result<Registration> {
        let mut tx = self.begin().await?;
        let (capacity, taken) = lock_workshop(&mut tx, r.workshop).await?;
        let queue: i64 = tx
            .fetch_one(
                q("SELECT COUNT(*) AS n FROM registrations WHERE workshop_id = $1 AND status = 'waiting'")
                    .bind(r.workshop.to_string()),
            )
            .await?
            .get("n")?;
        let fits = queue == 0 && taken + i64::from(r.seats) <= capacity;
        let status = if fits { Status::Confirmed } else { Status::Waiting };
        let id = uuid::Uuid::new_v4().to_string();
        tx.execute(
            q("INSERT INTO registrations (id, workshop_id, establishment, kind, label, age_band, seats, roster, staff_email,
                 status, created_by, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)")
            .bind(id.as_str())
            .bind(r.workshop.to_string())
            .bind(r.establishment.clone())
            .bind(r.kind.code())
            .bind(r.label.as_str())
            .bind(r.age_band.map(|a| a.code()))
            .bind(i64::from(r.seats))
            .bind(r.roster.join("\n"))
            .bind(r.staff_email.clone())
            .bind(status.code())
            .bind(r.by.map(|u| u.to_string()))
            .bind(now),
        )
        .await?;
        tx.commit().await?;
        self.find_registration(&id).await?.ok_or(StoreError::NotFound)
    }

    /// Cancels a registration and promotes the waiting list; returns how many were promoted.
    pub async fn cancel_registration(&self, id: &str, now: i64) -> Result<usize> {
        let reg = self.find_registration(id).await?.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin().await?;
        let (capacity, _) = lock_workshop(&mut tx, reg.workshop).await?;
        tx.execute(
            q("UPDATE registrations SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status <> 'cancelled'")
                .bind(id)
                .bind(now),
        )
        .await?;
        let (_, taken) = lock_workshop(&mut tx, reg.workshop).await?;
        let promoted = promote(&mut tx, reg.workshop, capacity, taken, now).await?;
        tx.commit().await?;
        Ok(promoted)
    }

    /// Changes a workshop's capacity unless fewer seats than already confirmed; promotes the waiting list if
    /// it grows. `Ok(Err(confirmed))` when refused.
    pub async fn set_capacity(
        &self,
        workshop: WorkshopId,
        capacity: u32,
        now: i64,
    ) -> Result<std::result::Result<usize, i64>> {
        let mut tx = self.begin().await?;
        let (_, taken) = lock_workshop(&mut tx, workshop).await?;
        if i64::from(capacity) < taken {
            return Ok(Err(taken));
        }
        tx.execute(
            q("UPDATE workshops SET capacity = $2, updated_at = $3 WHERE id = $1")
                .bind(workshop.to_string())
                .bind(i64::from(capacity))
                .bind(now),
        )
        .await?;
        let promoted = promote(&mut tx, workshop, i64::from(capacity), taken, now).await?;
        tx.commit().await?;
        Ok(Ok(promoted))
    }

    /// The seats confirmed in a workshop.
    pub async fn confirmed_seats(&self, workshop: WorkshopId) -> Result<i64> {
        self.fetch_one(
            q("SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) AS n FROM registrations WHERE workshop_id = $1 AND status = 'confirmed'")
                .bind(workshop.to_string()),
        )
        .await?
        .get("n")
    }

    pub async fn find_registration(&self, id: &str) -> Result<Option<Registration>> {
        self.fetch_optional(q("SELECT * FROM registrations WHERE id = $1").bind(id))
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// A workshop's registrations: confirmed and waiting, in order.
    pub async fn workshop_registrations(&self, workshop: WorkshopId) -> Result<Vec<Registration>> {
        self.fetch_all(
            q("SELECT * FROM registrations WHERE workshop_id = $1 AND status <> 'cancelled' ORDER BY created_at, id")
                .bind(workshop.to_string()),
        )
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    pub async fn assign_establishment(&self, user: UserId, code: &str) -> Result<()> {
        self.execute(
            q("INSERT INTO coordinator_establishments (user_id, establishment) VALUES ($1, $2) ON CONFLICT (user_id, establishment) DO NOTHING")
                .bind(user.to_string())
                .bind(code),
        )
        .await?;
        Ok(())
    }

    /// The establishments a coordinator registers for.
    pub async fn coordinator_establishments(&self, user: UserId) -> Result<Vec<String>> {
        self.fetch_all(
            q("SELECT establishment FROM coordinator_establishments WHERE user_id = $1 ORDER BY establishment")
                .bind(user.to_string()),
        )
        .await?
        .iter()
        .map(|r| r.get("establishment"))
        .collect()
    }
}

/// A campaign's figures against its targets; the API returns it as it is (`ProgressOut`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ProgressOut))]
pub struct Progress {
    pub children_registered: i64,
    pub children_present: i64,
    pub staff_registered: i64,
    pub staff_present: i64,
    pub parents_registered: i64,
    pub parents_present: i64,
    pub workshops_planned: i64,
    /// Workshops with attendance recorded.
    pub workshops_held: i64,
    /// Distinct establishments with someone present.
    pub establishments_reached: i64,
    /// Distinct establishments with a confirmed registration.
    pub establishments_registered: i64,
}

/// A campaign's figures in one region; `region` is `None` for workshops and registrations outside the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionProgress {
    pub region: Option<String>,
    /// Establishments of the region in the registry.
    pub establishments: i64,
    pub establishments_registered: i64,
    pub establishments_reached: i64,
    pub workshops: i64,
    pub children_registered: i64,
    pub children_present: i64,
}

impl Db {
    /// Records how many came (replacing any earlier figure); refuses more than the seats registered.
    pub async fn set_attendance(
        &self,
        registration: &str,
        present: u32,
        by: Option<UserId>,
        now: i64,
    ) -> Result<std::result::Result<(), u32>> {
        let reg = self.find_registration(registration).await?.ok_or(StoreError::NotFound)?;
        if present > reg.seats {
            return Ok(Err(reg.seats));
        }
        self.execute(
            q("INSERT INTO attendance (registration_id, present, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (registration_id) DO UPDATE SET present = excluded.present, recorded_by = excluded.recorded_by,
                 recorded_at = excluded.recorded_at")
            .bind(registration)
            .bind(i64::from(present))
            .bind(by.map(|u| u.to_string()))
            .bind(now),
        )
        .await?;
        Ok(Ok(()))
    }

    /// The present count of each registration of a workshop that has one.
    pub async fn workshop_attendance(&self, workshop: WorkshopId) -> Result<Vec<(String, i64)>> {
        self.fetch_all(
            q("SELECT a.registration_id AS id, a.present AS present FROM attendance a
               JOIN registrations r ON r.id = a.registration_id WHERE r.workshop_id = $1")
            .bind(workshop.to_string()),
        )
        .await?
        .iter()
        .map(|r| Ok((r.get("id")?, r.get("present")?)))
        .collect()
    }

    /// Registered and present people by kind, workshops planned and held, establishments reached.
    pub async fn campaign_progress(&self, campaign: amane_domain::campaign::CampaignId) -> Result<Progress> {
        let id = campaign.to_string();
        // Four independent aggregates, asked at once (each on its own pooled connection).
        let (rows, planned, held, registered) = tokio::try_join!(
            self.fetch_all(
                q("SELECT r.kind AS kind,
                          CAST(COALESCE(SUM(r.seats), 0) AS BIGINT) AS registered,
                          CAST(COALESCE(SUM(a.present), 0) AS BIGINT) AS present
                   FROM registrations r JOIN workshops w ON w.id = r.workshop_id
                   LEFT JOIN attendance a ON a.registration_id = r.id
                   WHERE w.campaign_id = $1 AND r.status = 'confirmed'
                   GROUP BY r.kind")
                .bind(id.clone()),
            ),
            self.fetch_one(q("SELECT COUNT(*) AS n FROM workshops WHERE campaign_id = $1").bind(id.clone())),
            // Workshops held and establishments reached come from one pass over the attendance of the campaign.
            self.fetch_one(
                q("SELECT COUNT(DISTINCT r.workshop_id) AS held,
                          COUNT(DISTINCT CASE WHEN a.present > 0 THEN COALESCE(r.establishment, w.establishment) END) AS reached
                   FROM attendance a
                   JOIN registrations r ON r.id = a.registration_id
                   JOIN workshops w ON w.id = r.workshop_id
                   WHERE w.campaign_id = $1")
                .bind(id.clone()),
            ),
            self.fetch_one(
                q("SELECT COUNT(DISTINCT COALESCE(r.establishment, w.establishment)) AS n
                   FROM registrations r JOIN workshops w ON w.id = r.workshop_id
                   WHERE w.campaign_id = $1 AND r.status = 'confirmed'")
                .bind(id.clone()),
            ),
        )?;
        let mut p = Progress::default();
        for r in rows {
            let kind: String = r.get("kind")?;
            let (reg, present): (i64, i64) = (r.get("registered")?, r.get("present")?);
            match kind.as_str() {
                "group" => (p.children_registered, p.children_present) = (reg, present),
                "staff" => (p.staff_registered, p.staff_present) = (reg, present),
                _ => (p.parents_registered, p.parents_present) = (reg, present),
            }
        }
        p.workshops_planned = planned.get("n")?;
        p.workshops_held = held.get("held")?;
        p.establishments_reached = held.get("reached")?;
        p.establishments_registered = registered.get("n")?;
        Ok(p)
    }

    /// The campaign's reach region by region, with each region's share of the registry: one aggregate query over
    /// the campaign's workshops and one over the registry.
    pub async fn campaign_progress_by_region(
        &self,
        campaign: amane_domain::campaign::CampaignId,
    ) -> Result<Vec<RegionProgress>> {
        let rows = self
            .fetch_all(
                q("SELECT e.region_code AS region,
                     COUNT(DISTINCT CASE WHEN r.status = 'confirmed' THEN COALESCE(r.establishment, w.establishment) END) AS registered,
                     COUNT(DISTINCT CASE WHEN a.present > 0 THEN COALESCE(r.establishment, w.establishment) END) AS reached,
                     COUNT(DISTINCT w.id) AS workshops,
                     CAST(COALESCE(SUM(CASE WHEN r.status = 'confirmed' AND r.kind = 'group' THEN r.seats ELSE 0 END), 0) AS BIGINT) AS children_registered,
                     CAST(COALESCE(SUM(CASE WHEN r.status = 'confirmed' AND r.kind = 'group' THEN COALESCE(a.present, 0) ELSE 0 END), 0) AS BIGINT) AS children_present
                   FROM workshops w
                   LEFT JOIN registrations r ON r.workshop_id = w.id
                   LEFT JOIN attendance a ON a.registration_id = r.id
                   LEFT JOIN establishments e ON e.code = COALESCE(r.establishment, w.establishment)
                   WHERE w.campaign_id = $1
                   GROUP BY e.region_code
                   ORDER BY e.region_code")
                .bind(campaign.to_string()),
            )
            .await?;
        let registry: std::collections::HashMap<String, i64> =
            self.establishments_per_region().await?.into_iter().collect();
        let mut out: Vec<RegionProgress> = Vec::new();
        for r in rows {
            let region: Option<String> = r.get("region")?;
            out.push(RegionProgress {
                establishments: region.as_ref().and_then(|c| registry.get(c).copied()).unwrap_or(0),
                region,
                establishments_registered: r.get("registered")?,
                establishments_reached: r.get("reached")?,
                workshops: r.get("workshops")?,
                children_registered: r.get("children_registered")?,
                children_present: r.get("children_present")?,
            });
        }
        Ok(out)
    }
}

impl Db {
    /// The workshop's check-in code, created on first use: six digits, unique among workshops.
    pub async fn checkin_code(&self, workshop: WorkshopId) -> Result<String> {
        let row = self
            .fetch_optional(q("SELECT checkin_code FROM workshops WHERE id = $1").bind(workshop.to_string()))
            .await?
            .ok_or(StoreError::NotFound)?;
        if let Some(code) = row.get::<Option<String>>("checkin_code")? {
            return Ok(code);
        }
        for _ in 0..20 {
            let code = format!("{:06}", rand_u32() % 1_000_000);
            let set = self
                .execute(
                    q("UPDATE workshops SET checkin_code = $2 WHERE id = $1 AND checkin_code IS NULL
                       AND NOT EXISTS (SELECT 1 FROM workshops WHERE checkin_code = $2)")
                    .bind(workshop.to_string())
                    .bind(code.as_str()),
                )
                .await;
            match set {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
            let now: Option<String> = self
                .fetch_one(q("SELECT checkin_code FROM workshops WHERE id = $1").bind(workshop.to_string()))
                .await?
                .get("checkin_code")?;
            if let Some(c) = now {
                return Ok(c);
            }
        }
        Err(StoreError::Conflict("no free check-in code".into()))
    }

    pub async fn workshop_by_checkin_code(&self, code: &str) -> Result<Option<WorkshopId>> {
        let row = self.fetch_optional(q("SELECT id FROM workshops WHERE checkin_code = $1").bind(code.trim())).await?;
        row.map(|r| r.get::<String>("id")?.parse().map_err(|_| corrupt("id"))).transpose()
    }

    /// Marks one child of a roster present (again: no change) and sets the registration's attendance to the
    /// number of children marked. Returns that number.
    pub async fn check_in_participant(
        &self,
        registration: &str,
        idx: u32,
        by: Option<UserId>,
        now: i64,
    ) -> Result<i64> {
        let reg = self.find_registration(registration).await?.ok_or(StoreError::NotFound)?;
        if idx as usize >= reg.roster.len() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin().await?;
        tx.execute(
            q("INSERT INTO attendance_participants (registration_id, idx, present_at) VALUES ($1, $2, $3)
               ON CONFLICT (registration_id, idx) DO NOTHING")
            .bind(registration)
            .bind(i64::from(idx))
            .bind(now),
        )
        .await?;
        let n = recount_checked_in(&mut tx, registration, by, now).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Takes back a child marked present by mistake (again: no change); returns the new count.
    pub async fn uncheck_participant(&self, registration: &str, idx: u32, by: Option<UserId>, now: i64) -> Result<i64> {
        let reg = self.find_registration(registration).await?.ok_or(StoreError::NotFound)?;
        if idx as usize >= reg.roster.len() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin().await?;
        tx.execute(
            q("DELETE FROM attendance_participants WHERE registration_id = $1 AND idx = $2")
                .bind(registration)
                .bind(i64::from(idx)),
        )
        .await?;
        let n = recount_checked_in(&mut tx, registration, by, now).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The roster positions already checked in.
    pub async fn checked_in(&self, registration: &str) -> Result<Vec<i64>> {
        self.fetch_all(
            q("SELECT idx FROM attendance_participants WHERE registration_id = $1 ORDER BY idx").bind(registration),
        )
        .await?
        .iter()
        .map(|r| r.get("idx"))
        .collect()
    }
}

/// Sets a registration's attendance to the number of its children marked present, inside `tx`.
async fn recount_checked_in(tx: &mut crate::db::Tx, registration: &str, by: Option<UserId>, now: i64) -> Result<i64> {
    let n: i64 = tx
        .fetch_one(q("SELECT COUNT(*) AS n FROM attendance_participants WHERE registration_id = $1").bind(registration))
        .await?
        .get("n")?;
    tx.execute(
        q("INSERT INTO attendance (registration_id, present, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (registration_id) DO UPDATE SET present = excluded.present, recorded_by = excluded.recorded_by,
             recorded_at = excluded.recorded_at")
        .bind(registration)
        .bind(n)
        .bind(by.map(|u| u.to_string()))
        .bind(now),
    )
    .await?;
    Ok(n)
}

fn rand_u32() -> u32 {
    let b = uuid::Uuid::new_v4();
    let bytes = b.as_bytes();
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}
