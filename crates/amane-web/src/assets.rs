//! Static files (CSS, scripts, images), embedded in the binary and served under content-hashed names with
//! a one-year immutable cache: a new release changes the name, so no browser keeps a stale copy.

use crate::error::AppError;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(RustEmbed)]
#[folder = "../../web/static"]
struct Files;

struct Asset {
    hashed: String,
    bytes: Vec<u8>,
    mime: &'static str,
}

struct Table {
    by_name: HashMap<String, usize>,
    by_hashed: HashMap<String, usize>,
    assets: Vec<Asset>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut t = Table { by_name: HashMap::new(), by_hashed: HashMap::new(), assets: Vec::new() };
    for name in Files::iter() {
        let Some(file) = Files::get(&name) else {
            continue;
        };
        let bytes = file.data.into_owned();
        let hash = hex::encode(&Sha256::digest(&bytes)[..6]);
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{name}.{hash}"),
        };
        let mime = mime_for(&name);
        let i = t.assets.len();
        t.by_name.insert(name.to_string(), i);
        t.by_hashed.insert(hashed.clone(), i);
        t.assets.push(Asset { hashed, bytes, mime });
    }
    t
});

fn mime_for(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The URL of an embedded file under its hashed name, e.g. `/static/app.3f2a9c1b0d4e.css`.
pub fn url(name: &str) -> String {
    match TABLE.by_name.get(name) {
        Some(&i) => format!("/static/{}", TABLE.assets[i].hashed),
        None => {
            tracing::error!(name, "unknown static asset");
            format!("/static/{name}")
        }
    }
}

async fn serve(Path(name): Path<String>) -> Response {
    let Some(&i) = TABLE.by_hashed.get(&name) else {
        return AppError::NotFound.into_response();
    };
    let a = &TABLE.assets[i];
    ([(CONTENT_TYPE, a.mime), (CACHE_CONTROL, "public, max-age=31536000, immutable")], a.bytes.clone()).into_response()
}

pub fn routes() -> crate::Routes {
    crate::Routes::new().route("/static/{name}", get(serve))
}

#[cfg(test)]
mod tests {
    #[test]
    fn stylesheet_has_a_hashed_name() {
        let u = super::url("app.css");
        assert!(u.starts_with("/static/app.") && u.ends_with(".css") && u.len() > "/static/app.css".len(), "{u}");
    }
}
