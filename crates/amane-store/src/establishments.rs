//! The establishment registry and the regions it refers to.

use crate::db::{Db, Row, q};
use crate::error::{Result, StoreError};
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Region, Sector, Setting};
use std::collections::HashSet;

/// How an import changed the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Imported {
    pub inserted: usize,
    pub updated: usize,
}

/// Filters for listing establishments; all optional.
#[derive(Debug, Clone, Default)]
pub struct EstablishmentFilter {
    pub region: Option<String>,
    pub level: Option<Level>,
    /// Matched against the code and both names (case-insensitive on ASCII).
    pub search: Option<String>,
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("establishments.{what} = {v:?}"))
}

fn from_row(r: &Row) -> Result<Establishment> {
    let code: String = r.get("code")?;
    let level: String = r.get("level")?;
    let sector: String = r.get("sector")?;
    let setting: String = r.get("setting")?;
    Ok(Establishment {
        code: EstablishmentCode::parse(&code).map_err(|_| corrupt("code", &code))?,
        name_fr: r.get("name_fr")?,
        name_ar: r.get("name_ar")?,
        region: r.get("region_code")?,
        province: r.get("province")?,
        commune: r.get("commune")?,
        level: Level::parse(&level).map_err(|_| corrupt("level", &level))?,
        sector: Sector::parse(&sector).map_err(|_| corrupt("sector", &sector))?,
        setting: Setting::parse(&setting).map_err(|_| corrupt("setting", &setting))?,
    })
}

impl Db {
    pub async fn list_regions(&self) -> Result<Vec<Region>> {
        self.fetch_all(q("SELECT code, name_fr, name_ar FROM regions ORDER BY code"))
            .await?
            .iter()
            .map(|r| Ok(Region { code: r.get("code")?, name_fr: r.get("name_fr")?, name_ar: r.get("name_ar")? }))
            .collect()
    }

    /// Inserts or renames regions (a region in use by establishments is never removed).
    pub async fn upsert_regions(&self, regions: &[Region]) -> Result<usize> {
        let mut tx = self.begin().await?;
        for r in regions {
            tx.execute(
                q("INSERT INTO regions (code, name_fr, name_ar) VALUES ($1, $2, $3)
                   ON CONFLICT (code) DO UPDATE SET name_fr = excluded.name_fr, name_ar = excluded.name_ar")
                .bind(r.code.as_str())
                .bind(r.name_fr.as_str())
                .bind(r.name_ar.as_str()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(regions.len())
    }

    /// Upserts establishments by code in one transaction: all land, or none.
    #[tracing::instrument(skip(self, rows, progress), fields(rows = rows.len()))]
    pub async fn upsert_establishments(
        &self,
        rows: &[Establishment],
        now: i64,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Imported> {
        let existing: HashSet<String> = self
            .fetch_all(q("SELECT code FROM establishments"))
            .await?
            .iter()
            .map(|r| r.get::<String>("code"))
            .collect::<Result<_>>()?;
        let mut out = Imported::default();
        let mut tx = self.begin().await?;
        for (i, e) in rows.iter().enumerate() {
            tx.execute(
                q("INSERT INTO establishments
                     (code, name_fr, name_ar, region_code, province, commune, level, sector, setting, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
                   ON CONFLICT (code) DO UPDATE SET
                     name_fr = excluded.name_fr, name_ar = excluded.name_ar, region_code = excluded.region_code,
                     province = excluded.province, commune = excluded.commune, level = excluded.level,
                     sector = excluded.sector, setting = excluded.setting, updated_at = excluded.updated_at")
                .bind(e.code.as_str())
                .bind(e.name_fr.as_str())
                .bind(e.name_ar.as_str())
                .bind(e.region.as_str())
                .bind(e.province.as_str())
                .bind(e.commune.as_str())
                .bind(e.level.code())
                .bind(e.sector.code())
                .bind(e.setting.code())
                .bind(now),
            )
            .await?;
            if existing.contains(e.code.as_str()) {
                out.updated += 1;
            } else {
                out.inserted += 1;
            }
            if i % 500 == 0 {
                progress(i);
            }
        }
        tx.commit().await?;
        progress(rows.len());
        Ok(out)
    }

    pub async fn count_establishments(&self) -> Result<i64> {
        self.fetch_one(q("SELECT COUNT(*) AS n FROM establishments")).await?.get("n")
    }

    /// Every registry code (what an import checks its rows against).
    pub async fn establishment_codes(&self) -> Result<Vec<String>> {
        self.fetch_all(q("SELECT code FROM establishments")).await?.iter().map(|r| r.get("code")).collect()
    }

    pub async fn find_establishment(&self, code: &str) -> Result<Option<Establishment>> {
        self.fetch_optional(q("SELECT * FROM establishments WHERE code = $1").bind(code))
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// A page of establishments ordered by code, and the total matching the filter.
    pub async fn list_establishments(
        &self,
        f: &EstablishmentFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Establishment>, i64)> {
        let search = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(crate::db::like_pattern);
        let region = f.region.clone();
        let level = f.level.map(|l| l.code());
        let total: i64 = self
            .fetch_one(
                q("SELECT COUNT(*) AS n FROM establishments
                   WHERE ($1 IS NULL OR region_code = $1) AND ($2 IS NULL OR level = $2)
                   AND ($3 IS NULL OR LOWER(code) LIKE $3 ESCAPE '\\' OR LOWER(name_fr) LIKE $3 ESCAPE '\\'
                        OR name_ar LIKE $3 ESCAPE '\\')")
                .bind(region.clone())
                .bind(level)
                .bind(search.clone()),
            )
            .await?
            .get("n")?;
        let rows = self
            .fetch_all(
                q("SELECT * FROM establishments
                   WHERE ($1 IS NULL OR region_code = $1) AND ($2 IS NULL OR level = $2)
                   AND ($3 IS NULL OR LOWER(code) LIKE $3 ESCAPE '\\' OR LOWER(name_fr) LIKE $3 ESCAPE '\\'
                        OR name_ar LIKE $3 ESCAPE '\\')
                   ORDER BY code LIMIT $4 OFFSET $5")
                .bind(region)
                .bind(level)
                .bind(search)
                .bind(limit)
                .bind(offset),
            )
            .await?;
        Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
    }

    /// Removes an establishment; one that workshops or registrations refer to is a `Conflict`.
    pub async fn delete_establishment(&self, code: &str) -> Result<bool> {
        Ok(self.execute(q("DELETE FROM establishments WHERE code = $1").bind(code)).await? > 0)
    }

    /// Every establishment, ordered by code (for exports).
    pub async fn all_establishments(&self) -> Result<Vec<Establishment>> {
        self.fetch_all(q("SELECT * FROM establishments ORDER BY code")).await?.iter().map(from_row).collect()
    }
}
