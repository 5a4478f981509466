//! `amane import test-results FILE.csv --test ID`: a class's pre/post answers typed from paper sheets, all or
//! nothing, every bad cell named by line and column.

use super::{DbArgs, Failure, db_settings, open_database, read_file};
use amane_app::assessments::ImportRefusal;
use amane_app::establishments::ImportError;
use amane_i18n::{Arg, Tr};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct TestResultsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// UTF-8 CSV, `,` or `;`, header `participant,establishment,age_band,phase,question,correct`.
    pub file: PathBuf,
    /// The test's id (as the API or the campaign's tests page shows it).
    #[arg(long = "test")]
    pub test: String,
}

pub async fn run(args: TestResultsArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let id = args
        .test
        .parse()
        .map_err(|_| Failure::usage(tr.plain("cli-results-no-test", &[("id", Arg::Str(&args.test))])))?;
    let bytes = read_file(tr, &args.file)?;
    let (db, _) = open_database(&settings, tr).await?;
    let result = amane_app::assessments::import_paper(&db, id, &bytes).await;
    db.close().await;
    match result {
        Ok(Ok(done)) => {
            println!(
                "{}",
                tr.plain(
                    "cli-results-done",
                    &[
                        ("lines", Arg::Num(done.lines as i64)),
                        ("participants", Arg::Num(done.participants_new as i64)),
                        ("replaced", Arg::Num(done.answers_replaced as i64)),
                    ]
                )
            );
            Ok(())
        }
        Ok(Err(ImportRefusal::Rows(rows))) => {
            super::import_establishments::outcome(tr, &args.file, Err(ImportError::Rows(rows)))
        }
        Ok(Err(ImportRefusal::File(p))) => {
            super::import_establishments::outcome(tr, &args.file, Err(ImportError::File(p)))
        }
        Err(amane_app::Error::NotFound) => {
            Err(Failure::usage(tr.plain("cli-results-no-test", &[("id", Arg::Str(&args.test))])))
        }
        Err(e) => Err(Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.chain()))]))),
    }
}
