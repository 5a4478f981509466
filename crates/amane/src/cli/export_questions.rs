//! `amane export questions --module ID`: a module's questions (built-in or imported) as GIFT or Moodle XML on
//! standard output; what the format cannot hold is named on the error output.

use super::{DbArgs, Failure, db_settings, explain, load_curriculum, open_database, parse_lang};
use amane_i18n::{Arg, Tr};
use clap::Args;

#[derive(Args, Debug)]
pub struct QuestionsArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub module: String,
    /// gift or moodle-xml.
    #[arg(long, default_value = "gift")]
    pub format: String,
    /// The language to export: fr, ar or en.
    #[arg(long, default_value = "fr")]
    pub bank_lang: String,
}

pub async fn run(args: QuestionsArgs, tr: Tr) -> Result<(), Failure> {
    let QuestionsArgs { db, module, format, bank_lang } = args;
    let settings = db_settings(tr, &db)?;
    let lang = parse_lang(tr, &bank_lang)?;
    let format = amane_app::banks::BankFormat::parse(&format)
        .ok_or_else(|| Failure::usage(tr.plain("cli-err-format", &[("value", Arg::Str(&format))])))?;
    let curriculum = load_curriculum(&settings, tr)?;
    let (db, _) = open_database(&settings, tr).await?;
    let found = amane_app::banks::find_module(&db, &curriculum, &module).await;
    db.close().await;
    let m = found
        .map_err(|e| explain(tr, e, ""))?
        .ok_or_else(|| Failure::usage(tr.plain("cli-err-no-module", &[("module", Arg::Str(&module))])))?;
    let (text, unsupported) = amane_app::banks::export(&m, format, lang);
    print!("{text}");
    if !unsupported.is_empty() {
        let args = [
            ("count", Arg::Num(unsupported.len() as i64)),
            ("format", Arg::Str(format.code())),
            ("ids", Arg::Str(&unsupported.join(", "))),
        ];
        eprintln!("{}", tr.plain("cli-export-unsupported", &args));
    }
    Ok(())
}
