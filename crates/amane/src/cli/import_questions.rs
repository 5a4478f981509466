//! `amane import questions FILE --module ID`: a GIFT or Moodle XML bank into a custom module (created, or updated
//! on a new import), with the questions it could not take listed with their lines.

use super::{DbArgs, Failure, db_settings, explain, load_curriculum, open_database, parse_lang, read_file};
use amane_i18n::{Arg, Tr};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct QuestionsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The bank file (.gift, .txt or .xml).
    pub file: PathBuf,
    /// The custom module to create or extend (lowercase letters, digits, hyphens).
    #[arg(long)]
    pub module: String,
    /// The language the bank is written in: fr, ar or en.
    #[arg(long, default_value = "fr")]
    pub bank_lang: String,
    /// Who the questions are for, comma-separated: 8-11, 12-14, 15-17, staff, parents.
    #[arg(long, value_delimiter = ',', default_value = "8-11,12-14,15-17")]
    pub audience: Vec<String>,
    /// A title for a new module [default: the module id].
    #[arg(long, default_value = "")]
    pub title: String,
}

pub async fn run(args: QuestionsArgs, tr: Tr) -> Result<(), Failure> {
    let QuestionsArgs { db, file, module, bank_lang, audience, title } = args;
    let settings = db_settings(tr, &db)?;
    let lang = parse_lang(tr, &bank_lang)?;
    let mut audiences = Vec::new();
    for a in &audience {
        audiences.push(amane_domain::Audience::parse(a).map_err(|_| {
            Failure::usage(tr.plain(
                "cli-err-invalid-field",
                &[("field", Arg::Str("--audience")), ("message", Arg::Str(&tr.plain("field_audience_unknown", &[])))],
            ))
        })?);
    }
    let bytes = read_file(tr, &file)?;
    let curriculum = load_curriculum(&settings, tr)?;
    let (db, _) = open_database(&settings, tr).await?;
    let file_name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let req = amane_app::banks::ImportRequest {
        module: module.clone(),
        title,
        lang,
        audiences,
        file_name,
        bytes,
        shared: None,
    };
    let result = amane_app::banks::import(&db, &curriculum, &req, None).await;
    db.close().await;
    let report = result.map_err(|e| explain(tr, e, ""))?;
    let path = file.display().to_string();
    for group in amane_app::banks::skipped_report(&tr, &report.skipped) {
        let args = [("path", Arg::Str(&path)), ("group", Arg::Str(&group))];
        println!("{}", tr.plain("cli-import-skipped", &args));
    }
    let args = [
        ("module", Arg::Str(&module)),
        ("imported", Arg::Num(report.imported() as i64)),
        ("inserted", Arg::Num(report.inserted as i64)),
        ("updated", Arg::Num(report.updated as i64)),
        ("skipped", Arg::Num(report.skipped.len() as i64)),
        ("format", Arg::Str(report.format.code())),
    ];
    println!("{}", tr.plain("cli-import-done", &args));
    Ok(())
}
