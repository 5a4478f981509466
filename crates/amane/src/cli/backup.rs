//! `amane backup FILE` and `amane restore FILE`: a consistent copy of the SQLite database taken while amane serves,
//! and putting such a copy back (with amane stopped). PostgreSQL is backed up with `pg_dump` (docs/OPERATIONS.md).

use super::{DbArgs, Failure, database_url, db_settings, lock_sqlite, open_database};
use amane_i18n::{Arg, Tr};
use amane_store::DbUrl;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Where to write the copy; it must not exist yet.
    pub file: PathBuf,
}

fn path_arg(p: &Path) -> String {
    p.display().to_string()
}

fn refused_postgres(tr: Tr, key: &str) -> Failure {
    Failure::usage(tr.plain(key, &[]))
}

fn unreadable(tr: Tr, file: &Path, e: &amane_store::StoreError) -> Failure {
    Failure::usage(tr.plain(
        "cli-err-backup-unreadable",
        &[("path", Arg::Str(&path_arg(file))), ("reason", Arg::Str(&e.to_string()))],
    ))
}

pub async fn backup(args: BackupArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    if matches!(database_url(&settings, tr)?, DbUrl::Postgres(_)) {
        return Err(refused_postgres(tr, "cli-backup-postgres"));
    }
    if args.file.exists() {
        return Err(Failure::usage(tr.plain("cli-err-backup-exists", &[("path", Arg::Str(&path_arg(&args.file)))])));
    }
    let (db, _) = open_database(&settings, tr).await?;
    let written = db.backup_into(&args.file).await;
    db.close().await;
    written.map_err(|e| {
        Failure::runtime(tr.plain(
            "cli-err-backup-write",
            &[("path", Arg::Str(&path_arg(&args.file))), ("reason", Arg::Str(&e.to_string()))],
        ))
    })?;
    let info = amane_store::backup::check_copy(&args.file).await.map_err(|e| unreadable(tr, &args.file, &e))?;
    let bytes = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    println!(
        "{}",
        tr.plain(
            "cli-backup-done",
            &[
                ("path", Arg::Str(&path_arg(&args.file))),
                ("version", Arg::Num(info.schema_version)),
                ("campaigns", Arg::Num(info.campaigns)),
                ("size", Arg::Str(&tr.number(i64::try_from(bytes / 1024).unwrap_or(i64::MAX)))),
            ],
        )
    );
    Ok(())
}

/// The restore, step by step: the copy is checked before anything is moved, the database it replaces is kept
/// beside it, and the restored one is migrated to this amane's schema.
pub async fn restore(args: BackupArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let DbUrl::Sqlite(target) = database_url(&settings, tr)? else {
        return Err(refused_postgres(tr, "cli-restore-postgres"));
    };
    if !args.file.is_file() {
        return Err(Failure::usage(tr.plain(
            "cli-err-read-file",
            &[("path", Arg::Str(&path_arg(&args.file))), ("reason", Arg::Str(&tr.plain("cli-err-no-such-file", &[])))],
        )));
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_owned();
    std::fs::create_dir_all(&dir).map_err(|e| Failure::usage(e.to_string()))?;
    // No server may use the database while it is replaced.
    let _lock = lock_sqlite(&DbUrl::Sqlite(target.clone()), tr)?;
    let staged = dir.join("amane.db.restoring");
    for p in [staged.clone(), with_suffix(&staged, "-wal"), with_suffix(&staged, "-shm")] {
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&args.file, &staged).map_err(|e| {
        Failure::usage(tr.plain(
            "cli-err-read-file",
            &[("path", Arg::Str(&path_arg(&args.file))), ("reason", Arg::Str(&e.to_string()))],
        ))
    })?;
    let info = match amane_store::backup::check_copy(&staged).await {
        Ok(info) => info,
        Err(e) => {
            let _ = std::fs::remove_file(&staged);
            return Err(unreadable(tr, &args.file, &e));
        }
    };
    let kept = if target.exists() {
        let stamp = amane_store::now_ms();
        let kept = with_suffix(&target, &format!(".before-restore-{stamp}"));
        for suffix in ["", "-wal", "-shm"] {
            let from = with_suffix(&target, suffix);
            if from.exists() {
                std::fs::rename(&from, with_suffix(&kept, suffix)).map_err(|e| Failure::runtime(e.to_string()))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staged, &target).map_err(|e| Failure::runtime(e.to_string()))?;
    let (db, _) = open_database(&settings, tr).await?;
    let version = db.schema_version().await.map_err(|e| Failure::runtime(e.to_string()))?;
    db.close().await;
    println!(
        "{}",
        tr.plain(
            "cli-restore-done",
            &[
                ("path", Arg::Str(&path_arg(&args.file))),
                ("campaigns", Arg::Num(info.campaigns)),
                ("users", Arg::Num(info.users)),
                ("version", Arg::Num(version)),
            ],
        )
    );
    if let Some(kept) = kept {
        println!("{}", tr.plain("cli-restore-kept", &[("path", Arg::Str(&path_arg(&kept)))]));
    }
    Ok(())
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
