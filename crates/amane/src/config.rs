//! Settings, layered: built-in defaults < `amane.toml` < `AMANE_*` environment < command-line flags.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub bind: String,
    pub database_url: Option<String>,
    pub demo: bool,
    pub log_format: String,
    pub log: String,
    pub public_url: Option<String>,
    pub default_lang: String,
    pub trusted_origins: Vec<String>,
    pub trusted_proxies: Vec<String>,
    /// A content tree that replaces the built-in curriculum.
    pub content_dir: Option<PathBuf>,
    /// Country-specific contacts for `{{contact:KEY}}` in lessons.
    pub contacts: std::collections::BTreeMap<String, String>,
    /// The country's law, cited where lessons say `{{law:KEY}}`.
    pub laws: std::collections::BTreeMap<String, String>,
    /// The smallest group reports show figures for (5 or more).
    pub min_cell: amane_domain::suppression::MinCell,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("./amane-data"),
            bind: "127.0.0.1:8080".into(),
            database_url: None,
            demo: false,
            log_format: "text".into(),
            log: "info,sqlx=warn".into(),
            public_url: None,
            default_lang: "fr".into(),
            trusted_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            content_dir: None,
            contacts: std::collections::BTreeMap::new(),
            laws: std::collections::BTreeMap::new(),
            min_cell: amane_domain::suppression::MinCell::default(),
        }
    }
}

/// Values given on the command line; only those present override the layers below.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_dir: Option<PathBuf>,
}

/// Why the settings could not be read.
#[derive(Debug)]
pub enum ConfigError {
    MissingFile(PathBuf),
    Invalid(String),
}

/// Environment variables read by the program itself, not settings.
const NOT_SETTINGS: &[&str] = &["config", "lang", "test_database_url"];

pub fn load(config_file: Option<&Path>, overrides: &Overrides) -> Result<Settings, ConfigError> {
    let mut fig = Figment::from(Serialized::defaults(Settings::default()));
    match config_file {
        Some(path) => {
            if !path.is_file() {
                return Err(ConfigError::MissingFile(path.to_owned()));
            }
            fig = fig.merge(Toml::file(path));
        }
        None => fig = fig.merge(Toml::file("amane.toml")),
    }
    fig = fig.merge(Env::prefixed("AMANE_").ignore(NOT_SETTINGS)).merge(Serialized::defaults(overrides));
    fig.extract::<Settings>().map_err(|e| ConfigError::Invalid(e.to_string()))
}

/// The default configuration file, with a comment on every setting.
pub const DEFAULT_TOML: &str = r#"# amane configuration. Every setting can also be given as an environment variable
# (AMANE_<NAME>, e.g. AMANE_DATA_DIR) or a command-line flag (--data-dir); flags win over the
# environment, which wins over this file. amane reads ./amane.toml, or the file named by --config.

# Where amane keeps its SQLite database (amane.db) and, later, uploads and backups. Created if missing.
data_dir = "./amane-data"

# The address and port to listen on. Use 0.0.0.0:8080 to accept connections from other machines.
bind = "127.0.0.1:8080"

# The database. Leave unset for SQLite inside data_dir; set postgres://user:password@host:5432/db to
# share one PostgreSQL database between several amane nodes.
# database_url = "postgres://amane@127.0.0.1:5432/amane"

# Fill an empty database with demonstration accounts and data.
demo = false

# "text" for people, "json" for log collectors.
log_format = "text"

# Which log lines to keep (tracing's env-filter syntax).
log = "info,sqlx=warn"

# The address people use to reach amane, e.g. "https://amane.example.ma". With https, cookies are
# marked Secure and browsers are told to use HTTPS only (HSTS). Also used in the setup link.
# public_url = "https://amane.example.ma"

# The language for visitors whose browser asks for none of fr, ar, en.
default_lang = "fr"

# Reports (pages, CSV, PDF, API) show no figure about a group of fewer participants than this: such a
# group reads "hidden", and one more group is hidden where a total would give it away. Never below 5.
min_cell = 5

# Other origins allowed to send forms and API calls (e.g. the address a reverse proxy serves).
trusted_origins = []

# Reverse proxies whose X-Forwarded-For header gives the real client address.
trusted_proxies = []

# A folder of curriculum modules that replaces the one built into amane (check it first with
# `amane content check DIR`).
# content_dir = "/srv/amane/content"

# Contacts that depend on the country, shown where a lesson says {{contact:KEY}}. Unset ones are
# replaced by a neutral phrase ("ask your school for the number"). Keys: child_helpline,
# report_portal, cybercrime_police, data_protection_authority, emergency. Lessons put them after words such
# as "call", "report on" or a colon: write a noun phrase that reads well there (in French, one that
# starts with "la", so that "à la", "sur la" and "de la" stay correct).
[contacts]
# child_helpline = "the national child helpline, free call: 0000"
# report_portal = "report.example.ma"

# What the country's law says, shown where a lesson for 15-17 year olds says {{law:KEY}}: the offence and
# the text that punishes it, as the deploying ministry cites it. Lessons put it after "What the law says:".
# Unset ones read "ask a trusted adult or the school's administration what the law provides". Keys:
# intimate_images, sextortion, harassment, fraud, personal_data, hate_speech, impersonation.
[laws]
# fraud = "online fraud is an offence under the penal code (article to be cited by the ministry)"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_matches_built_in_defaults() {
        let parsed: Settings = Figment::from(Toml::string(DEFAULT_TOML)).extract().expect("default file parses");
        assert_eq!(parsed, Settings::default());
    }

    #[test]
    fn flags_win_over_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("amane.toml");
        std::fs::write(&file, "bind = \"127.0.0.1:9000\"\ndata_dir = \"/srv/amane\"\n").expect("write");
        let s =
            load(Some(&file), &Overrides { bind: Some("127.0.0.1:9100".into()), ..Default::default() }).expect("loads");
        assert_eq!(s.bind, "127.0.0.1:9100");
        assert_eq!(s.data_dir, PathBuf::from("/srv/amane"));
    }

    #[test]
    fn a_named_file_must_exist() {
        assert!(matches!(
            load(Some(Path::new("/nonexistent/amane.toml")), &Overrides::default()),
            Err(ConfigError::MissingFile(_))
        ));
    }
}
