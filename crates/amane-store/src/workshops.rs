//! Workshops, with the scheduling rules checked inside the write transaction: a facilitator is never in two
//! workshops at once, and a room never holds two.

use crate::db::{Backend, Db, Query, Row, Tx, like_pattern, q};
use crate::error::{Result, StoreError};
use amane_domain::campaign::CampaignId;
use amane_domain::establishment::fold;
use amane_domain::workshop::{Venue, Workshop, WorkshopId};
use amane_domain::{Audience, UserId};

/// Why a workshop cannot be scheduled as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// This facilitator runs the other workshop at an overlapping time.
    FacilitatorBusy { facilitator: UserId, other: WorkshopId, other_title: String },
    /// The room holds the other workshop at an overlapping time.
    RoomBusy { other: WorkshopId, other_title: String },
}

/// Which of a campaign's workshops a list shows; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkshopFilter {
    /// Held at this establishment (its code).
    pub establishment: Option<String>,
    /// Held at an establishment of this region (its code).
    pub region: Option<String>,
    /// Starting at or after, and before, these instants (UTC milliseconds).
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Words in the establishment's code or name, the venue or the title (case-insensitive, literal).
    pub search: Option<String>,
}

/// Serialises scheduling writes on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already does).
const SCHEDULING_LOCK: i64 = 0x0077_6f72_6b73;

fn room_key(v: &Venue) -> String {
    if v.room.trim().is_empty() {
        return String::new();
    }
    let place = v.establishment.clone().unwrap_or_else(|| v.name.clone());
    format!("{}|{}", fold(&place), fold(&v.room))
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("workshops.{what}"))
}

async fn facilitators(tx_or_db: &Db, id: &str) -> Result<Vec<UserId>> {
    tx_or_db
        .fetch_all(q("SELECT user_id FROM workshop_facilitators WHERE workshop_id = $1 ORDER BY user_id").bind(id))
        .await?
        .iter()
        .map(|r| r.get::<String>("user_id")?.parse().map_err(|_| corrupt("user_id")))
        .collect()
}

fn from_row(r: &Row, facilitators: Vec<UserId>) -> Result<Workshop> {
    let id: String = r.get("id")?;
    let campaign: String = r.get("campaign_id")?;
    let audience: String = r.get("audience")?;
    let lang: String = r.get("lang")?;
    let modules: String = r.get("modules")?;
    Ok(Workshop {
        id: id.parse().map_err(|_| corrupt("id"))?,
        campaign: campaign.parse().map_err(|_| corrupt("campaign_id"))?,
        title: r.get("title")?,
        venue: Venue { establishment: r.get("establishment")?, name: r.get("venue_name")?, room: r.get("room")? },
        starts_at: r.get("starts_at")?,
        ends_at: r.get("ends_at")?,
        capacity: u32::try_from(r.get::<i64>("capacity")?).map_err(|_| corrupt("capacity"))?,
        audience: Audience::parse(&audience).map_err(|_| corrupt("audience"))?,
        lang: lang.parse().map_err(|_| corrupt("lang"))?,
        modules: modules.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        facilitators,
    })
}

/// The first other workshop that `sql` finds overlapping `w`, as (id, title). The query binds `key` (a
/// facilitator or a room), `w`'s id (to leave it out) and its start and end, in that order.
async fn overlapping(
    tx: &mut Tx,
    sql: &'static str,
    key: String,
    w: &Workshop,
) -> Result<Option<(WorkshopId, String)>> {
    let Some(r) = tx.fetch_optional(q(sql).bind(key).bind(w.id.to_string()).bind(w.starts_at).bind(w.ends_at)).await?
    else {
        return Ok(None);
    };
    let other: String = r.get("id")?;
    Ok(Some((other.parse().map_err(|_| corrupt("id"))?, r.get("title")?)))
}

async fn clashes(tx: &mut Tx, w: &Workshop) -> Result<Option<Clash>> {
    if tx.backend() == Backend::Postgres {
        tx.execute(q("SELECT pg_advisory_xact_lock($1)").bind(SCHEDULING_LOCK)).await?;
    }
    const BUSY_FACILITATOR: &str = "SELECT w.id AS id, w.title AS title FROM workshops w
        JOIN workshop_facilitators f ON f.workshop_id = w.id
        WHERE f.user_id = $1 AND w.id <> $2 AND w.starts_at < $4 AND $3 < w.ends_at
        ORDER BY w.starts_at LIMIT 1";
    for f in &w.facilitators {
        if let Some((other, other_title)) = overlapping(tx, BUSY_FACILITATOR, f.to_string(), w).await? {
            return Ok(Some(Clash::FacilitatorBusy { facilitator: *f, other, other_title }));
        }
    }
    const BUSY_ROOM: &str = "SELECT id, title FROM workshops
        WHERE room_key = $1 AND id <> $2 AND starts_at < $4 AND $3 < ends_at ORDER BY starts_at LIMIT 1";
    let key = room_key(&w.venue);
    if !key.is_empty()
        && let Some((other, other_title)) = overlapping(tx, BUSY_ROOM, key, w).await?
    {
        return Ok(Some(Clash::RoomBusy { other, other_title }));
    }
    Ok(None)
}

/// Binds a workshop's fields as `$1` (the id) to `$14` (the time of the change), in the order both the insert and
/// the update number them.
fn with_fields(query: Query, w: &Workshop, now: i64) -> Query {
    query
        .bind(w.id.to_string())
        .bind(w.campaign.to_string())
        .bind(w.title.as_str())
        .bind(w.venue.establishment.clone())
        .bind(w.venue.name.as_str())
        .bind(w.venue.room.as_str())
        .bind(room_key(&w.venue))
        .bind(w.starts_at)
        .bind(w.ends_at)
        .bind(i64::from(w.capacity))
        .bind(w.audience.code())
        .bind(w.lang.code())
        .bind(w.modules.join("\n"))
        .bind(now)
}

async fn write_facilitators(tx: &mut Tx, w: &Workshop) -> Result<()> {
    tx.execute(q("DELETE FROM workshop_facilitators WHERE workshop_id = $1").bind(w.id.to_string())).await?;
    for f in &w.facilitators {
        tx.execute(
            q("INSERT INTO workshop_facilitators (workshop_id, user_id) VALUES ($1, $2)")
                .bind(w.id.to_string())
                .bind(f.to_string()),
        )
        .await?;
    }
    Ok(())
}

impl Db {
    /// Stores a new workshop unless it clashes with another; the check and the write are one transaction.
    pub async fn create_workshop(&self, w: &Workshop, now: i64) -> Result<std::result::Result<Workshop, Clash>> {
        let mut tx = self.begin().await?;
        if let Some(c) = clashes(&mut tx, w).await? {
            return Ok(Err(c));
        }
        tx.execute(with_fields(
            q("INSERT INTO workshops (id, campaign_id, title, establishment, venue_name, room, room_key, starts_at, ends_at,
                 capacity, audience, lang, modules, updated_at, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)"),
            w,
            now,
        ))
        .await?;
        write_facilitators(&mut tx, w).await?;
        tx.commit().await?;
        Ok(Ok(self.find_workshop(w.id).await?.ok_or(StoreError::NotFound)?))
    }

    /// Changes a workshop unless the change makes it clash.
    pub async fn update_workshop(&self, w: &Workshop, now: i64) -> Result<std::result::Result<Workshop, Clash>> {
        let mut tx = self.begin().await?;
        if let Some(c) = clashes(&mut tx, w).await? {
            return Ok(Err(c));
        }
        let n = tx
            .execute(with_fields(
                q("UPDATE workshops SET title = $3, establishment = $4, venue_name = $5, room = $6, room_key = $7,
                     starts_at = $8, ends_at = $9, capacity = $10, audience = $11, lang = $12, modules = $13, updated_at = $14
                   WHERE id = $1 AND campaign_id = $2"),
                w,
                now,
            ))
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        write_facilitators(&mut tx, w).await?;
        tx.commit().await?;
        Ok(Ok(self.find_workshop(w.id).await?.ok_or(StoreError::NotFound)?))
    }

    pub async fn find_workshop(&self, id: WorkshopId) -> Result<Option<Workshop>> {
        let Some(r) = self.fetch_optional(q("SELECT * FROM workshops WHERE id = $1").bind(id.to_string())).await?
        else {
            return Ok(None);
        };
        let f = facilitators(self, &id.to_string()).await?;
        Ok(Some(from_row(&r, f)?))
    }

    async fn workshops_from(&self, rows: Vec<Row>) -> Result<Vec<Workshop>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get("id")?;
            let f = facilitators(self, &id).await?;
            out.push(from_row(&r, f)?);
        }
        Ok(out)
    }

    /// A campaign's workshops in time order.
    pub async fn campaign_workshops(&self, campaign: CampaignId) -> Result<Vec<Workshop>> {
        let rows = self
            .fetch_all(
                q("SELECT * FROM workshops WHERE campaign_id = $1 ORDER BY starts_at, title")
                    .bind(campaign.to_string()),
            )
            .await?;
        self.workshops_from(rows).await
    }

    /// One page of a campaign's workshops in time order, those `filter` keeps, and how many it keeps in all.
    /// Facilitators come in one query for the whole page.
    pub async fn campaign_workshops_page(
        &self,
        campaign: CampaignId,
        filter: &WorkshopFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Workshop>, i64)> {
        // Every filter is optional: `$n IS NULL OR …`, so one static statement serves every combination.
        macro_rules! kept {
            () => {
                "FROM workshops w LEFT JOIN establishments e ON e.code = w.establishment
                 WHERE w.campaign_id = $1 AND ($2 IS NULL OR w.establishment = $2) AND ($3 IS NULL OR e.region_code = $3)
                   AND ($4 IS NULL OR w.starts_at >= $4) AND ($5 IS NULL OR w.starts_at < $5)
                   AND ($6 IS NULL OR LOWER(w.establishment) LIKE $6 ESCAPE '\\' OR LOWER(e.name_fr) LIKE $6 ESCAPE '\\'
                        OR e.name_ar LIKE $6 ESCAPE '\\' OR LOWER(w.venue_name) LIKE $6 ESCAPE '\\'
                        OR LOWER(w.title) LIKE $6 ESCAPE '\\')"
            };
        }
        let search = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
        let bind = |sql: &'static str| {
            q(sql)
                .bind(campaign.to_string())
                .bind(filter.establishment.clone())
                .bind(filter.region.clone())
                .bind(filter.from)
                .bind(filter.to)
                .bind(search.clone())
        };
        let total: i64 = self.fetch_one(bind(concat!("SELECT COUNT(*) AS n ", kept!()))).await?.get("n")?;
        let rows = self
            .fetch_all(
                bind(concat!("SELECT w.* ", kept!(), " ORDER BY w.starts_at, w.title, w.id LIMIT $7 OFFSET $8"))
                    .bind(limit)
                    .bind(offset),
            )
            .await?;
        let links = self
            .fetch_all(
                bind(concat!(
                    "SELECT workshop_id, user_id FROM workshop_facilitators WHERE workshop_id IN (SELECT w.id ",
                    kept!(),
                    " ORDER BY w.starts_at, w.title, w.id LIMIT $7 OFFSET $8) ORDER BY workshop_id, user_id"
                ))
                .bind(limit)
                .bind(offset),
            )
            .await?;
        let mut by_workshop: std::collections::HashMap<String, Vec<UserId>> = std::collections::HashMap::new();
        for l in links {
            let u: String = l.get("user_id")?;
            by_workshop.entry(l.get("workshop_id")?).or_default().push(u.parse().map_err(|_| corrupt("user_id"))?);
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get("id")?;
            out.push(from_row(&r, by_workshop.remove(&id).unwrap_or_default())?);
        }
        Ok((out, total))
    }

    /// The workshops a facilitator runs, in time order.
    pub async fn facilitator_workshops(&self, user: UserId) -> Result<Vec<Workshop>> {
        let rows = self
            .fetch_all(
                q("SELECT w.* FROM workshops w JOIN workshop_facilitators f ON f.workshop_id = w.id
                   WHERE f.user_id = $1 ORDER BY w.starts_at, w.title")
                .bind(user.to_string()),
            )
            .await?;
        self.workshops_from(rows).await
    }

    /// The workshops held at an establishment, in time order.
    pub async fn establishment_workshops(&self, code: &str) -> Result<Vec<Workshop>> {
        let rows = self
            .fetch_all(q("SELECT * FROM workshops WHERE establishment = $1 ORDER BY starts_at, title").bind(code))
            .await?;
        self.workshops_from(rows).await
    }

    pub async fn delete_workshop(&self, id: WorkshopId) -> Result<bool> {
        Ok(self.execute(q("DELETE FROM workshops WHERE id = $1").bind(id.to_string())).await? > 0)
    }
}
