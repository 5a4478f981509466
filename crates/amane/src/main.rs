//! `amane`: the one binary. A thin command line over the services (`amane-app`); only `serve` starts the web layer.
//! Each command is a file of `cli/`.

mod cli;
mod config;

use amane_domain::Lang;
use amane_i18n::{Arg, Tr};
use clap::{Parser, Subcommand};
use cli::{DbArgs, Failure};
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
    Serve(cli::serve::ServeArgs),
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
    /// Fill an empty database with demonstration data (accounts, schools, campaigns), without serving;
    /// `--scale national` adds a simulated nationwide campaign (1,000,000 children, 20,000,000 answers).
    Demo(cli::demo::DemoArgs),
    /// Bring data in (regions, establishments, question banks).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Take data out (establishments, question banks).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Purge the children's data of campaigns past their retention period (`amane serve` does it on its own);
    /// `--dry-run` only lists what would go.
    Purge(cli::purge::PurgeArgs),
    /// Write a consistent copy of the SQLite database to FILE while amane serves (PostgreSQL: use pg_dump).
    Backup(cli::backup::BackupArgs),
    /// Replace the SQLite database with a copy made by `amane backup` (stop amane first); the replaced one is kept.
    Restore(cli::backup::BackupArgs),
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Replace or extend the regions (CSV: code, name_fr, name_ar); establishments refer to them by code.
    Regions(cli::import_regions::RegionsArgs),
    /// Import the establishment registry from CSV (upsert by code; all or nothing unless --skip-invalid).
    Establishments(cli::import_establishments::EstablishmentsArgs),
    /// Import a GIFT or Moodle XML question bank into a custom module (created, or extended on re-import).
    Questions(cli::import_questions::QuestionsArgs),
    /// Import a pre/post test's results typed from paper (CSV, one line per answer; all or nothing).
    TestResults(cli::import_test_results::TestResultsArgs),
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// Write the establishment registry as CSV (English headers) on standard output.
    Establishments(DbArgs),
    /// Write a module's questions (built-in or imported) as GIFT or Moodle XML on standard output.
    Questions(cli::export_questions::QuestionsArgs),
}

#[derive(Subcommand, Debug)]
enum ContentCommand {
    /// Check a content tree (or one module folder) and list every error and warning with file and line; exits
    /// non-zero if there is any. Without DIR, checks the curriculum built into this binary.
    Check(cli::content_check::CheckArgs),
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Print the default configuration file, with comments.
    Default,
}

#[derive(Subcommand, Debug)]
enum AdminCommand {
    /// Create a staff account; the password is read from standard input.
    CreateUser(cli::admin_create_user::CreateUserArgs),
    /// Let a school coordinator register classes and staff for an establishment.
    AssignEstablishment(cli::admin_assign_establishment::AssignArgs),
    /// Print a new API bearer token for an account.
    Token(cli::admin_token::TokenArgs),
    /// List an account's API tokens: id, label, expiry or revocation, last use.
    Tokens(cli::admin_access::TokensArgs),
    /// Revoke one API token by its id; it stops working at once.
    RevokeToken(cli::admin_access::RevokeArgs),
    /// Turn an account off: its sessions end and its tokens are revoked at once.
    Deactivate(cli::admin_access::SwitchArgs),
    /// Turn an account back on (its old tokens stay revoked).
    Activate(cli::admin_access::SwitchArgs),
    /// Lift an account's sign-in slowdowns after an attack on it.
    Unlock(cli::admin_access::SwitchArgs),
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
        Command::Serve(args) => cli::serve::run(args, tr).await,
        Command::Migrate(db) => cli::migrate::run(db, tr).await,
        Command::Content(ContentCommand::Check(args)) => cli::content_check::run(args, tr),
        Command::Demo(args) => cli::demo::run(args, tr).await,
        Command::Import(ImportCommand::Regions(args)) => cli::import_regions::run(args, tr).await,
        Command::Import(ImportCommand::Establishments(args)) => cli::import_establishments::run(args, tr).await,
        Command::Import(ImportCommand::Questions(args)) => cli::import_questions::run(args, tr).await,
        Command::Import(ImportCommand::TestResults(args)) => cli::import_test_results::run(args, tr).await,
        Command::Export(ExportCommand::Establishments(db)) => cli::export_establishments::run(db, tr).await,
        Command::Export(ExportCommand::Questions(args)) => cli::export_questions::run(args, tr).await,
        Command::Config(ConfigCommand::Default) => {
            print!("{}", config::DEFAULT_TOML);
            Ok(())
        }
        Command::Admin(AdminCommand::CreateUser(args)) => cli::admin_create_user::run(args, tr).await,
        Command::Admin(AdminCommand::AssignEstablishment(args)) => cli::admin_assign_establishment::run(args, tr).await,
        Command::Purge(args) => cli::purge::run(args, tr).await,
        Command::Backup(args) => cli::backup::backup(args, tr).await,
        Command::Restore(args) => cli::backup::restore(args, tr).await,
        Command::Admin(AdminCommand::Token(args)) => cli::admin_token::run(args, tr).await,
        Command::Admin(AdminCommand::Tokens(args)) => cli::admin_access::tokens(args, tr).await,
        Command::Admin(AdminCommand::RevokeToken(args)) => cli::admin_access::revoke(args, tr).await,
        Command::Admin(AdminCommand::Deactivate(args)) => cli::admin_access::switch(args, false, tr).await,
        Command::Admin(AdminCommand::Activate(args)) => cli::admin_access::switch(args, true, tr).await,
        Command::Admin(AdminCommand::Unlock(args)) => cli::admin_access::unlock(args, tr).await,
    }
}
