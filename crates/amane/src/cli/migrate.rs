//! `amane migrate`: applies the database migrations and says which version the schema is at.

use super::{DbArgs, Failure, db_settings, init_logging, open_database};
use amane_i18n::{Arg, Tr};

pub async fn run(db: DbArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &db)?;
    init_logging(&settings, tr)?;
    let (db, _) = open_database(&settings, tr).await?;
    let version = db.schema_version().await.map_err(|e| Failure::runtime(e.to_string()))?;
    println!("{}", tr.plain("cli-migrated", &[("version", Arg::Num(version))]));
    db.close().await;
    Ok(())
}
