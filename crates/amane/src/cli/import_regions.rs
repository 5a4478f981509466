//! `amane import regions FILE.csv`: replaces or extends the regions establishments refer to by code.

use super::{DbArgs, Failure, db_settings, open_database, read_file};
use amane_app::establishments::ImportError;
use amane_i18n::{Arg, Tr};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct RegionsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// CSV with the columns code, name_fr, name_ar.
    pub file: PathBuf,
}

pub async fn run(args: RegionsArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let bytes = read_file(tr, &args.file)?;
    let regions = match amane_app::establishments::parse_regions(&bytes) {
        Ok(r) => r,
        Err(Ok(rows)) => return super::import_establishments::outcome(tr, &args.file, Err(ImportError::Rows(rows))),
        Err(Err(p)) => return super::import_establishments::outcome(tr, &args.file, Err(ImportError::File(p))),
    };
    let (db, _) = open_database(&settings, tr).await?;
    let result = db.upsert_regions(&regions).await;
    db.close().await;
    let n = result.map_err(|e| Failure::runtime(e.to_string()))?;
    println!("{}", tr.plain("cli-regions-done", &[("count", Arg::Num(n as i64))]));
    Ok(())
}
