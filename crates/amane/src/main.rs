//! `amane`: the one binary. A thin command line over the same services the web layer uses.

mod config;
mod serve;

use amane_domain::Lang;
use amane_i18n::{Arg, Tr};
use amane_store::{Db, DbUrl};
use amane_web::error::{AppError, field_details};
use clap::{Args, Parser, Subcommand};
use config::{ConfigError, Overrides, Settings};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "amane", version, about = "Online-safety awareness campaigns: plan, deliver, measure, report.")]
struct Cli {
    /// Language of messages: fr, ar or en (default: AMANE_LANG, then LANG, then fr).
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (applies migrations first).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Configuration helpers.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Accounts and tokens, for scripted installs.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The curriculum: check a content tree.
    #[command(subcommand)]
    Content(ContentCommand),
    /// Fill an empty database with demonstration data (accounts, schools, campaigns), without serving.
    Demo(DbArgs),
    /// Bring data in (question banks).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Take data out (question banks).
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Replace or extend the regions (CSV: code, name_fr, name_ar); establishments refer to them by code.
    Regions {
        #[command(flatten)]
        db: DbArgs,
        file: PathBuf,
    },
    /// Import the establishment registry from CSV (upsert by code; all or nothing unless --skip-invalid).
    Establishments {
        #[command(flatten)]
        db: DbArgs,
        /// UTF-8 CSV, `,` or `;`, headers in English or French.
        file: PathBuf,
        /// Import the good rows and write the rejected ones, with reasons, beside the input.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import a GIFT or Moodle XML question bank into a custom module (created, or extended on re-import).
    Questions {
        #[command(flatten)]
        db: DbArgs,
        /// The bank file (.gift, .txt or .xml).
        file: PathBuf,
        /// The custom module to create or extend (lowercase letters, digits, hyphens).
        #[arg(long)]
        module: String,
        /// The language the bank is written in: fr, ar or en.
        #[arg(long, default_value = "fr")]
        bank_lang: String,
        /// Who the questions are for, comma-separated: 8-11, 12-14, 15-17, staff, parents.
        #[arg(long, value_delimiter = ',', default_value = "8-11,12-14,15-17")]
        audience: Vec<String>,
        /// A title for a new module [default: the module id].
        #[arg(long, default_value = "")]
        title: String,
    },
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// Write the establishment registry as CSV (English headers) on standard output.
    Establishments {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write a module's questions (built-in or imported) as GIFT or Moodle XML on standard output.
    Questions {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        module: String,
        /// gift or moodle-xml.
        #[arg(long, default_value = "gift")]
        format: String,
        /// The language to export: fr, ar or en.
        #[arg(long, default_value = "fr")]
        bank_lang: String,
    },
}

#[derive(Subcommand, Debug)]
enum ContentCommand {
    /// Check a content tree (or one module folder) and list every error and warning with file and line; exits
    /// non-zero if there is any. Without DIR, checks the curriculum built into this binary.
    Check {
        dir: Option<PathBuf>,
        /// First insert the missing LEFT-TO-RIGHT MARKs (U+200E) around Latin runs in the Arabic texts of DIR,
        /// in place, and list them.
        #[arg(long, requires = "dir")]
        fix_direction: bool,
    },
}

#[derive(Args, Debug, Clone, Default)]
struct DbArgs {
    /// Directory for the SQLite database and other files [default: ./amane-data].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// sqlite:PATH or postgres://… [default: SQLite inside the data directory].
    #[arg(long)]
    database_url: Option<String>,
    /// A TOML configuration file [default: ./amane.toml if present].
    #[arg(long, env = "AMANE_CONFIG")]
    config: Option<PathBuf>,
    /// A curriculum folder that replaces the built-in one.
    #[arg(long)]
    content_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    bind: Option<String>,
    /// Fill an empty database with demonstration data.
    #[arg(long)]
    demo: bool,
    /// Log format: text or json.
    #[arg(long)]
    log_format: Option<String>,
    /// The public address of this installation, e.g. https://amane.example.ma.
    #[arg(long)]
    public_url: Option<String>,
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Print the default configuration file, with comments.
    Default,
}

#[derive(Subcommand, Debug)]
enum AdminCommand {
    /// Create a staff account; the password is read from standard input.
    CreateUser {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        /// admin, organizer, facilitator, coordinator or observer.
        #[arg(long)]
        role: String,
        /// The name shown in pages [default: the part of the e-mail before @].
        #[arg(long, default_value = "")]
        name: String,
        /// Preferred language: fr, ar or en.
        #[arg(long)]
        locale: Option<String>,
    },
    /// Let a school coordinator register classes and staff for an establishment.
    AssignEstablishment {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        establishment: String,
    },
    /// Print a new API bearer token for an account.
    Token {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        /// What the token is for, to recognise it later.
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

/// A failure to report to the person at the terminal, with the exit code (2: fix the input; 1: runtime).
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: String) -> Self {
        Failure { code: 2, message }
    }
    pub fn runtime(message: String) -> Self {
        Failure { code: 1, message }
    }
}

/// The language for terminal messages: `--lang`, then `AMANE_LANG`, then the locale environment.
fn cli_lang(flag: Option<&str>) -> Lang {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    flag.map(str::to_owned)
        .or_else(|| env("AMANE_LANG"))
        .or_else(|| env("LC_ALL"))
        .or_else(|| env("LC_MESSAGES"))
        .or_else(|| env("LANG"))
        .and_then(|v| Lang::from_tag(&v))
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let tr = Tr::new(cli_lang(cli.lang.as_deref()));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))]));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli.command, tr)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("amane: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

async fn run(command: Command, tr: Tr) -> Result<(), Failure> {
    match command {
        Command::Serve(args) => {
            let overrides = Overrides {
                data_dir: args.db.data_dir.clone(),
                bind: args.bind,
                database_url: args.db.database_url.clone(),
                demo: args.demo.then_some(true),
                log_format: args.log_format,
                public_url: args.public_url,
                content_dir: args.db.content_dir.clone(),
            };
            let settings = settings(tr, &args.db, overrides)?;
            serve::run(settings, tr).await
        }
        Command::Migrate(db) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            serve::init_logging(&settings, tr)?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let version = db.schema_version().await.map_err(|e| Failure::runtime(e.to_string()))?;
            println!("{}", tr.plain("cli-migrated", &[("version", Arg::Num(version))]));
            db.close().await;
            Ok(())
        }
        Command::Content(ContentCommand::Check { dir, fix_direction }) => {
            content_check(dir.as_deref(), fix_direction, tr)
        }
        Command::Demo(db) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let result = serve::demo(&db, tr).await;
            db.close().await;
            result
        }
        Command::Import(ImportCommand::Regions { db, file }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let path = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| {
                Failure::usage(
                    tr.plain("cli-err-read-file", &[("path", Arg::Str(&path)), ("reason", Arg::Str(&e.to_string()))]),
                )
            })?;
            let regions = match amane_web::establishments::parse_regions(&bytes) {
                Ok(r) => r,
                Err(Ok(rows)) => {
                    return establishments_outcome(tr, &file, Err(amane_web::establishments::ImportError::Rows(rows)));
                }
                Err(Err(p)) => {
                    return establishments_outcome(tr, &file, Err(amane_web::establishments::ImportError::File(p)));
                }
            };
            let (db, _) = serve::open_database(&settings, tr).await?;
            let result = db.upsert_regions(&regions).await;
            db.close().await;
            let n = result.map_err(|e| Failure::runtime(e.to_string()))?;
            println!("{}", tr.plain("cli-regions-done", &[("count", Arg::Num(n as i64))]));
            Ok(())
        }
        Command::Import(ImportCommand::Establishments { db, file, skip_invalid }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let path = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| {
                Failure::usage(
                    tr.plain("cli-err-read-file", &[("path", Arg::Str(&path)), ("reason", Arg::Str(&e.to_string()))]),
                )
            })?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let bar = indicatif::ProgressBar::new(bytes.iter().filter(|b| **b == b'\n').count() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let progress = |n: usize| bar.set_position(n as u64);
            let result = amane_web::establishments::import(&db, &bytes, skip_invalid, &progress).await;
            bar.finish_and_clear();
            db.close().await;
            establishments_outcome(tr, &file, result)
        }
        Command::Import(ImportCommand::Questions { db, file, module, bank_lang, audience, title }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let lang = parse_lang(tr, &bank_lang)?;
            let mut audiences = Vec::new();
            for a in &audience {
                audiences.push(amane_domain::Audience::parse(a).map_err(|_| {
                    Failure::usage(tr.plain(
                        "cli-err-invalid-field",
                        &[
                            ("field", Arg::Str("--audience")),
                            ("message", Arg::Str(&tr.plain("field_audience_unknown", &[]))),
                        ],
                    ))
                })?);
            }
            let bytes = std::fs::read(&file).map_err(|e| {
                Failure::usage(tr.plain(
                    "cli-err-read-file",
                    &[("path", Arg::Str(&file.display().to_string())), ("reason", Arg::Str(&e.to_string()))],
                ))
            })?;
            let curriculum = serve::load_curriculum(&settings, tr)?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let file_name = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            let req =
                amane_web::banks::ImportRequest { module: module.clone(), title, lang, audiences, file_name, bytes };
            let result = amane_web::banks::import(&db, &curriculum, &req, None).await;
            db.close().await;
            let report = result.map_err(|e| explain(tr, e, ""))?;
            for s in &report.skipped {
                println!(
                    "{}",
                    tr.plain(
                        "cli-import-skipped",
                        &[
                            ("path", Arg::Str(&file.display().to_string())),
                            ("line", Arg::Num(s.line as i64)),
                            ("kind", Arg::Str(&s.kind)),
                            ("title", Arg::Str(&s.title))
                        ]
                    )
                );
            }
            println!(
                "{}",
                tr.plain(
                    "cli-import-done",
                    &[
                        ("module", Arg::Str(&module)),
                        ("imported", Arg::Num(report.imported() as i64)),
                        ("inserted", Arg::Num(report.inserted as i64)),
                        ("updated", Arg::Num(report.updated as i64)),
                        ("skipped", Arg::Num(report.skipped.len() as i64)),
                        ("format", Arg::Str(report.format.code())),
                    ]
                )
            );
            Ok(())
        }
        Command::Export(ExportCommand::Establishments { db }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let rows = db.all_establishments().await;
            db.close().await;
            let rows = rows.map_err(|e| Failure::runtime(e.to_string()))?;
            let out = amane_web::establishments::export_csv(&rows);
            std::io::stdout().write_all(&out).map_err(|e| Failure::runtime(e.to_string()))?;
            Ok(())
        }
        Command::Export(ExportCommand::Questions { db, module, format, bank_lang }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let lang = parse_lang(tr, &bank_lang)?;
            let format = amane_web::banks::BankFormat::parse(&format)
                .ok_or_else(|| Failure::usage(tr.plain("cli-err-format", &[("value", Arg::Str(&format))])))?;
            let curriculum = serve::load_curriculum(&settings, tr)?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let found = amane_web::banks::find_module(&db, &curriculum, &module).await;
            db.close().await;
            let m = found
                .map_err(|e| explain(tr, e, ""))?
                .ok_or_else(|| Failure::usage(tr.plain("cli-err-no-module", &[("module", Arg::Str(&module))])))?;
            let (text, unsupported) = amane_web::banks::export(&m, format, lang);
            print!("{text}");
            if !unsupported.is_empty() {
                eprintln!(
                    "{}",
                    tr.plain(
                        "cli-export-unsupported",
                        &[
                            ("count", Arg::Num(unsupported.len() as i64)),
                            ("format", Arg::Str(format.code())),
                            ("ids", Arg::Str(&unsupported.join(", ")))
                        ]
                    )
                );
            }
            Ok(())
        }
        Command::Config(ConfigCommand::Default) => {
            print!("{}", config::DEFAULT_TOML);
            Ok(())
        }
        Command::Admin(AdminCommand::CreateUser { db, email, role, name, locale }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let password = read_password(tr)?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let input = amane_web::accounts::AccountInput { email, display_name: name, role, password, locale };
            let result = amane_web::accounts::create_account(&db, &input).await;
            db.close().await;
            let user = result.map_err(|e| explain(tr, e, &input.email))?;
            println!(
                "{}",
                tr.plain(
                    "cli-user-created",
                    &[("email", Arg::Str(user.email.as_str())), ("role", Arg::Str(user.role.as_str()))]
                )
            );
            Ok(())
        }
        Command::Admin(AdminCommand::AssignEstablishment { db, email, establishment }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let result = assign(&db, &email, &establishment, tr).await;
            db.close().await;
            result
        }
        Command::Admin(AdminCommand::Token { db, email, label }) => {
            let settings = settings(tr, &db, db_overrides(&db))?;
            let (db, _) = serve::open_database(&settings, tr).await?;
            let result = issue_token(&db, &email, &label, tr).await;
            db.close().await;
            let token = result?;
            eprintln!("{}", tr.plain("cli-token-created", &[("email", Arg::Str(&email))]));
            println!("{token}");
            Ok(())
        }
    }
}

fn content_check(dir: Option<&std::path::Path>, fix_direction: bool, tr: Tr) -> Result<(), Failure> {
    // Files are named relative to the tree; a single module folder's relative to its parent.
    let place = |file: &str| match dir {
        None => String::new(),
        Some(d) if d.join("module.toml").is_file() => {
            let parent = d.parent().map(|d| format!("{}/", d.display())).unwrap_or_default();
            format!("{parent}{file}")
        }
        Some(d) => format!("{}/{file}", d.display().to_string().trim_end_matches('/')),
    };
    if fix_direction {
        let d = dir.ok_or_else(|| Failure::usage(tr.plain("cli-content-fix-needs-dir", &[])))?;
        match amane_content::fix_direction(d) {
            Ok(fixes) => {
                for f in &fixes {
                    let args = [
                        ("file", Arg::Str(&place(&f.file))),
                        ("line", Arg::Num(f.line as i64)),
                        ("text", Arg::Str(&f.text)),
                    ];
                    println!("{}", tr.plain("cli-content-fixed", &args));
                }
                let files = fixes.iter().map(|f| f.file.as_str()).collect::<std::collections::BTreeSet<_>>().len();
                let args = [("count", Arg::Num(fixes.len() as i64)), ("files", Arg::Num(files as i64))];
                println!("{}", tr.plain("cli-content-fixed-summary", &args));
            }
            Err(problems) => {
                for p in &problems {
                    println!("{}", describe_problem(tr, p, ""));
                }
                return Err(Failure::runtime(summary(tr, &problems)));
            }
        }
    }
    let loaded = match dir {
        Some(d) => amane_content::load_dir(d),
        None => amane_content::load_builtin(),
    };
    let problems = match &loaded {
        Ok(c) => c.warnings.as_slice(),
        Err(problems) => problems.as_slice(),
    };
    for p in problems {
        println!("{}", describe_problem(tr, p, &place(&p.file)));
    }
    if let Ok(c) = &loaded {
        let questions: usize = c.modules.iter().map(|m| m.questions.len()).sum();
        let args = [("modules", Arg::Num(c.modules.len() as i64)), ("questions", Arg::Num(questions as i64))];
        println!("{}", tr.plain("content-ok", &args));
    }
    if problems.is_empty() { Ok(()) } else { Err(Failure::runtime(summary(tr, problems))) }
}

/// "2 errors, 5 warnings."
pub fn summary(tr: Tr, problems: &[amane_content::Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let args = [("errors", Arg::Num(errors as i64)), ("warnings", Arg::Num((problems.len() - errors) as i64))];
    tr.plain("cli-content-summary", &args)
}

/// One content problem as `file:line: error[code]: message` (or `warning[code]:`) in the reader's language
/// (`place` overrides the file name).
pub fn describe_problem(tr: Tr, p: &amane_content::Problem, place: &str) -> String {
    let args: Vec<(&str, Arg<'_>)> = p.args.iter().map(|(k, v)| (*k, Arg::Str(v.as_str()))).collect();
    let message = tr.plain(&format!("content-{}", p.code), &args);
    let file = if place.is_empty() { p.file.as_str() } else { place };
    let label = tr.plain(if p.is_error() { "cli-content-error" } else { "cli-content-warning" }, &[]);
    format!("{file}:{}: {label}[{}]: {message}", p.line, p.code)
}

fn establishments_outcome(
    tr: Tr,
    file: &std::path::Path,
    result: Result<amane_web::establishments::Outcome, amane_web::establishments::ImportError>,
) -> Result<(), Failure> {
    use amane_web::establishments::{FileProblem, ImportError};
    let path = file.display().to_string();
    let describe = |e: &amane_web::establishments::CellError| tr.plain(&format!("field_{}", e.code), &[]);
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
                let csv = amane_web::establishments::rejects_csv(&outcome.headers, &outcome.rejected, &describe);
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

fn parse_lang(tr: Tr, raw: &str) -> Result<Lang, Failure> {
    raw.parse::<Lang>().map_err(|_| {
        Failure::usage(tr.plain(
            "cli-err-invalid-field",
            &[("field", Arg::Str("--bank-lang")), ("message", Arg::Str(&tr.plain("field_lang_unknown", &[])))],
        ))
    })
}

fn db_overrides(db: &DbArgs) -> Overrides {
    Overrides {
        data_dir: db.data_dir.clone(),
        database_url: db.database_url.clone(),
        content_dir: db.content_dir.clone(),
        ..Default::default()
    }
}

fn settings(tr: Tr, db: &DbArgs, overrides: Overrides) -> Result<Settings, Failure> {
    config::load(db.config.as_deref(), &overrides).map_err(|e| match e {
        ConfigError::MissingFile(p) => {
            Failure::usage(tr.plain("cli-err-config-file", &[("path", Arg::Str(&p.display().to_string()))]))
        }
        ConfigError::Invalid(reason) => Failure::usage(tr.plain("cli-err-config", &[("reason", Arg::Str(&reason))])),
    })
}

fn read_password(tr: Tr) -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{} ", tr.plain("cli-password-prompt", &[]));
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::usage(tr.plain("cli-err-stdin", &[("reason", Arg::Str(&e.to_string()))])))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

async fn assign(db: &Db, email: &str, establishment: &str, tr: Tr) -> Result<(), Failure> {
    let no_user = || Failure::usage(tr.plain("cli-err-no-user", &[("email", Arg::Str(email))]));
    let parsed = amane_domain::Email::parse(email).map_err(|_| no_user())?;
    let user =
        db.find_user_by_email(&parsed).await.map_err(|e| Failure::runtime(e.to_string()))?.ok_or_else(no_user)?;
    let code = establishment.trim().to_uppercase();
    if db.find_establishment(&code).await.map_err(|e| Failure::runtime(e.to_string()))?.is_none() {
        return Err(Failure::usage(tr.plain("cli-err-no-establishment", &[("code", Arg::Str(&code))])));
    }
    db.assign_establishment(user.id, &code).await.map_err(|e| Failure::runtime(e.to_string()))?;
    println!("{}", tr.plain("cli-assigned", &[("email", Arg::Str(user.email.as_str())), ("code", Arg::Str(&code))]));
    Ok(())
}

async fn issue_token(db: &Db, email: &str, label: &str, tr: Tr) -> Result<String, Failure> {
    let no_user = || Failure::usage(tr.plain("cli-err-no-user", &[("email", Arg::Str(email))]));
    let parsed = amane_domain::Email::parse(email).map_err(|_| no_user())?;
    let user = db
        .find_user_by_email(&parsed)
        .await
        .map_err(|e| Failure::runtime(e.to_string()))?
        .filter(|u| u.active)
        .ok_or_else(no_user)?;
    amane_web::auth::issue_token(db, &user, label).await.map_err(|e| explain(tr, e, email))
}

/// Turns a service error into lines a person can act on, in their language.
fn explain(tr: Tr, e: AppError, email: &str) -> Failure {
    match e {
        AppError::Validation(v) => {
            let details = field_details(tr, &v);
            let lines: Vec<String> = details
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| {
                    let field = d["field"].as_str().unwrap_or("");
                    let message = d["message"].as_str().unwrap_or("");
                    tr.plain("cli-err-invalid-field", &[("field", Arg::Str(field)), ("message", Arg::Str(message))])
                })
                .collect();
            Failure::usage(lines.join("\n       "))
        }
        AppError::Conflict("email_taken") => {
            Failure::usage(tr.plain("cli-err-email-taken", &[("email", Arg::Str(email))]))
        }
        other => Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&other.to_string()))])),
    }
}

/// Parses the database URL from the settings, or the SQLite file inside the data directory.
pub fn database_url(settings: &Settings, tr: Tr) -> Result<DbUrl, Failure> {
    match settings.database_url.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => DbUrl::parse(raw)
            .map_err(|reason| Failure::usage(tr.plain("cli-err-db-url", &[("reason", Arg::Str(&reason))]))),
        None => Ok(DbUrl::sqlite_in(&settings.data_dir)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_content_problem_code_and_the_summary_are_translated() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for code in amane_content::problem::CODES {
                assert!(tr.has(&format!("content-{code}")), "{}: content-{code}", lang.code());
            }
            for key in ["cli-content-error", "cli-content-warning", "cli-content-summary", "cli-content-fixed"] {
                assert!(tr.has(key), "{}: {key}", lang.code());
            }
        }
        let p = amane_content::Problem::warning("m/ar.md", 3, "bidi-unmarked").arg("text", ".top").arg("shown", "top.");
        let line = describe_problem(Tr::new(Lang::En), &p, "content/m/ar.md");
        assert!(
            line.starts_with("content/m/ar.md:3: warning[bidi-unmarked]: \".top\" is displayed as \"top.\""),
            "{line}"
        );
        let summary = summary(Tr::new(Lang::En), &[p.clone(), amane_content::Problem::new("m/x", 0, "missing-file")]);
        assert_eq!(summary, "one error, one warning.");
    }
}
