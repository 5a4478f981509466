//! `amane import establishments FILE.csv`: the establishment registry, all or nothing (or the good rows, with the
//! rejected ones written beside the file, with `--skip-invalid`).

use super::{DbArgs, Failure, db_settings, open_database, read_file};
use amane_i18n::{Arg, Tr};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct EstablishmentsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// UTF-8 CSV, `,` or `;`, headers in English or French.
    pub file: PathBuf,
    /// Import the good rows and write the rejected ones, with reasons, beside the input.
    #[arg(long)]
    pub skip_invalid: bool,
}

pub async fn run(args: EstablishmentsArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let bytes = read_file(tr, &args.file)?;
    let (db, _) = open_database(&settings, tr).await?;
    let bar = indicatif::ProgressBar::new(bytes.iter().filter(|b| **b == b'\n').count() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |n: usize| bar.set_position(n as u64);
    let result = amane_app::establishments::import(&db, &bytes, args.skip_invalid, &progress).await;
    bar.finish_and_clear();
    db.close().await;
    outcome(tr, &args.file, result)
}

/// What an import of the registry (or of the regions) did, or every bad cell with its line, in the reader's language.
pub fn outcome(
    tr: Tr,
    file: &std::path::Path,
    result: Result<amane_app::establishments::Outcome, amane_app::establishments::ImportError>,
) -> Result<(), Failure> {
    use amane_app::establishments::{FileProblem, ImportError};
    let path = file.display().to_string();
    let describe = |e: &amane_app::establishments::CellError| {
        let reason = tr.plain(&format!("field_{}", e.code), &[]);
        match e.earlier_line {
            Some(line) => {
                tr.plain("cli-csv-earlier-line", &[("reason", Arg::Str(&reason)), ("line", Arg::Num(line as i64))])
            }
            None => reason,
        }
    };
    match result {
        Ok(outcome) => {
            println!(
                "{}",
                tr.plain(
                    "cli-est-done",
                    &[
                        ("inserted", Arg::Num(outcome.imported.inserted as i64)),
                        ("updated", Arg::Num(outcome.imported.updated as i64))
                    ]
                )
            );
            if !outcome.rejected.is_empty() {
                let stem = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "establishments".into());
                let out = file.with_file_name(format!("{stem}.rejects.csv"));
                let csv = amane_app::establishments::rejects_csv(&outcome.headers, &outcome.rejected, &describe);
                std::fs::write(&out, csv).map_err(|e| Failure::runtime(e.to_string()))?;
                println!(
                    "{}",
                    tr.plain(
                        "cli-est-rejects",
                        &[
                            ("count", Arg::Num(outcome.rejected.len() as i64)),
                            ("path", Arg::Str(&out.display().to_string()))
                        ]
                    )
                );
            }
            Ok(())
        }
        Err(ImportError::Rows(rows)) => {
            for r in &rows {
                for e in &r.errors {
                    eprintln!(
                        "{}",
                        tr.plain(
                            "cli-csv-row-error",
                            &[
                                ("path", Arg::Str(&path)),
                                ("line", Arg::Num(r.line as i64)),
                                ("column", Arg::Str(e.column)),
                                ("message", Arg::Str(&describe(e)))
                            ]
                        )
                    );
                }
            }
            Err(Failure::usage(tr.plain("cli-est-refused", &[("count", Arg::Num(rows.len() as i64))])))
        }
        Err(ImportError::File(p)) => {
            let message = match p {
                FileProblem::NotUtf8 => tr.plain("cli-est-not-utf8", &[]),
                FileProblem::Empty => tr.plain("cli-est-empty", &[]),
                FileProblem::MissingColumns(c) => {
                    tr.plain("cli-est-missing-columns", &[("columns", Arg::Str(&c.join(", ")))])
                }
                FileProblem::Malformed { line, reason } => {
                    tr.plain("cli-est-malformed", &[("line", Arg::Num(line as i64)), ("reason", Arg::Str(&reason))])
                }
            };
            Err(Failure::usage(
                tr.plain("cli-est-file-error", &[("path", Arg::Str(&path)), ("message", Arg::Str(&message))]),
            ))
        }
        Err(ImportError::Store(e)) => {
            Err(Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))])))
        }
    }
}
