//! The classroom screen (`/live/<id>/screen`), shown on a projector: the PIN, the join address and its QR code,
//! then the questions and the results as the live script receives them.

use super::{Hosted, script_strings};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, qr_svg, render};
use amane_domain::Lang;
use askama::Template;
use axum::response::Response;

#[derive(Template)]
#[template(path = "live/screen.html")]
struct ScreenPage {
    t: Tr,
    lang: Lang,
    css: String,
    script: String,
    icon: String,
    id: String,
    pin: String,
    join_url: String,
    join_host: String,
    qr: String,
    title: String,
    strings: String,
}

/// `/live/<id>/screen`: the classroom screen (projector).
pub async fn screen(ReqLang(lang): ReqLang, hosted: Hosted) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let Hosted { user: _, row, game, join_url, join_host } = hosted;
    let gid = row.game.id.clone();
    let page = Page::new(t, String::new(), None);
    Ok(render(&ScreenPage {
        t,
        lang,
        css: page.css.clone(),
        script: crate::assets::url("live.js"),
        icon: page.icon.clone(),
        id: gid,
        pin: row.pin,
        qr: qr_svg(&join_url),
        join_host,
        join_url,
        title: game.settings.title.text(lang).to_owned(),
        strings: script_strings(t),
    }))
}
