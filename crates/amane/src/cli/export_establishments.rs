//! `amane export establishments`: the registry as CSV (English headers, regions by code) on standard output.

use super::{DbArgs, Failure, db_settings, open_database};
use amane_i18n::Tr;
use std::io::Write;

pub async fn run(db: DbArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &db)?;
    let (db, _) = open_database(&settings, tr).await?;
    let rows = db.all_establishments().await;
    db.close().await;
    let rows = rows.map_err(|e| Failure::runtime(e.to_string()))?;
    let out = amane_app::establishments::export_csv(&rows);
    std::io::stdout().write_all(&out).map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}
