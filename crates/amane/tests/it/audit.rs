//! Every page a role can reach, in French and Arabic, at 360 and 1280 px, as a person gets it: axe-core's WCAG 2.2 AA
//! audit (no serious or critical violation), the header and its navigation visible and clickable, nothing sticking
//! out sideways on a phone, the first navigation item on the right in Arabic, a visible keyboard focus. A live game is
//! played on the way, so that the console, the classroom screen and two phones are audited in every state, the
//! answer chart is checked to fill, and a Latin password on an Arabic phone to read in its true order. Screenshots of
//! every page land in `target/screenshots/audit-*.png`.

use crate::browser::{chromium_or_skip, eval, launch, screenshot_dir, wait_for};
use crate::common::serve;
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::input::{DispatchKeyEventParams, DispatchKeyEventType};
use chromiumoxide::cdp::browser_protocol::network::ClearBrowserCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::{CreateBrowserContextParams, CreateTargetParams};
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{Browser, Page};

/// axe-core, vendored as a test fixture (see `tests/fixtures/axe-core/README.md`); never served by amane.
const AXE: &str = include_str!("../fixtures/axe-core/axe.min.js");

/// What a page is laid out as: the site's pages with the header and navigation, or the live pages that stand alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chrome {
    /// The site layout; `true` when signed in (the main navigation is there).
    Site(bool),
    /// The phone's bar (language switch), without the site's navigation.
    Phone,
    /// The classroom screen: no navigation at all.
    Screen,
}

struct Audit {
    base: String,
    failures: Vec<String>,
    count: usize,
}

fn with_lang(path: &str, lang: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    match path.split_once('#') {
        Some((p, frag)) => format!("{p}{sep}lang={lang}#{frag}"),
        None => format!("{path}{sep}lang={lang}"),
    }
}

async fn size(page: &Page, width: i64) {
    let (h, mobile) = if width < 500 { (740, true) } else { (900, false) };
    page.execute(SetDeviceMetricsOverrideParams::new(width, h, 1.0, mobile)).await.expect("metrics");
}

/// The checks every page gets, in the state it is in now.
const LAYOUT: &str = r#"(() => {
  const out = [];
  const chrome = document.body.dataset.auditChrome;
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.bottom > 0; };
  const clickable = (el) => { el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === el || el.contains(hit)); };
  // The layout viewport (clientWidth): a phone zooms out to show what sticks out, which widens innerWidth with it.
  const room = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > room + 1) {
    const wide = [...document.body.querySelectorAll('*')].filter(e => { const r = e.getBoundingClientRect(); return r.right > room + 1 || r.left < -1; }).slice(0, 3).map(e => e.tagName + '.' + e.className);
    out.push('sticks out sideways: ' + document.documentElement.scrollWidth + ' px > ' + room + ' px (' + wide.join(', ') + ')');
  }
  if (chrome === 'site' || chrome === 'site-nav') {
    const header = document.querySelector('.site-header');
    if (!header || header.getBoundingClientRect().height <= 40 || !visible(header)) { out.push('the site header is not visible (height ' + (header ? header.getBoundingClientRect().height : 0) + ')'); }
    const links = [...document.querySelectorAll('.site-header a, .site-header button')];
    if (links.length < 3) { out.push('the header has ' + links.length + ' links'); }
    for (const a of links) { if (!visible(a) || !clickable(a)) { out.push('header link not usable: ' + a.textContent.trim()); } }
    window.scrollTo(0, 0);
    if (chrome === 'site-nav') {
      const nav = [...document.querySelectorAll('.site-nav a')];
      if (nav.length < 3) { out.push('the main navigation has ' + nav.length + ' links'); }
      else if (document.documentElement.dir === 'rtl') {
        const first = nav[0].getBoundingClientRect(); const second = nav[1].getBoundingClientRect();
        if (!(first.right > second.right || first.top < second.top)) { out.push('in Arabic the first navigation item is not on the right'); }
        if (first.right < window.innerWidth / 2) { out.push('in Arabic the navigation starts on the left'); }
      }
    }
  }
  if (chrome === 'phone') {
    const bar = document.querySelector('.play-bar');
    if (!bar || !visible(bar)) { out.push('the phone bar is not visible'); }
    for (const a of document.querySelectorAll('.play-bar a')) { if (!clickable(a)) { out.push('language link not usable: ' + a.textContent); } }
  }
  for (const b of document.querySelectorAll('button.opt')) {
    if (!/\S+:\s/.test(b.textContent)) { out.push('an answer button without its shape name: ' + b.textContent); }
  }
  return out;
})()"#;

impl Audit {
    /// Opens `path` in each language and width given and checks it.
    async fn pages(&mut self, page: &Page, name: &str, path: &str, chrome: Chrome, langs: &[&str], widths: &[i64]) {
        for lang in langs {
            for width in widths {
                size(page, *width).await;
                page.goto(format!("{}{}", self.base, with_lang(path, lang))).await.expect("goto");
                size(page, *width).await;
                self.check(page, name, lang, *width, chrome).await;
            }
        }
    }

    /// Checks the page as it is now (its language is whatever it shows).
    async fn check(&mut self, page: &Page, name: &str, lang: &str, width: i64, chrome: Chrome) {
        self.count += 1;
        let label = format!("{name} ({lang}, {width} px)");
        let mark = match chrome {
            Chrome::Site(true) => "site-nav",
            Chrome::Site(false) => "site",
            Chrome::Phone => "phone",
            Chrome::Screen => "screen",
        };
        let _: bool =
            eval(page, &format!("(() => {{ document.body.dataset.auditChrome = '{mark}'; return true; }})()")).await;
        let layout: Vec<String> = eval(page, LAYOUT).await;
        for p in layout {
            self.failures.push(format!("{label}: {p}"));
        }
        let loaded: bool = eval(page, "typeof window.axe === 'object'").await;
        if !loaded {
            page.evaluate(AXE).await.expect("inject axe-core");
        }
        let found: Vec<String> = page
            .evaluate(
                "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))",
            )
            .await
            .expect("axe")
            .into_value()
            .expect("violations");
        for v in found {
            self.failures.push(format!("{label}: {v}"));
        }
        let _: bool =
            eval(page, "(() => { delete document.body.dataset.auditChrome; window.scrollTo(0, 0); return true; })()")
                .await;
        let file = format!("audit-{}-{lang}-{width}.png", name.replace([' ', '/'], "-"));
        let h: i64 = eval(page, "Math.ceil(document.documentElement.scrollHeight)").await;
        let mobile = width < 500;
        page.execute(SetDeviceMetricsOverrideParams::new(width, h.clamp(740, 6000), 1.0, mobile)).await.expect("tall");
        page.save_screenshot(ScreenshotParams::builder().build(), screenshot_dir().join(file)).await.expect("shot");
        size(page, width).await;
    }
}

async fn sign_in(page: &Page, base: &str, email: &str) {
    page.execute(ClearBrowserCookiesParams::default()).await.expect("clear cookies");
    page.goto(format!("{base}/login?lang=fr")).await.expect("login");
    let js = format!(
        "(() => {{ document.querySelector('#email').value = {}; document.querySelector('#password').value = 'amane-demo-2026'; document.querySelector('form.form').submit(); return true; }})()",
        serde_json::json!(email)
    );
    let _: bool = eval(page, &js).await;
    wait_for(page, "location.pathname === '/dashboard'", "the dashboard after signing in").await;
}

/// The first link on the current page whose address matches the pattern (a regular expression).
async fn first_link(page: &Page, pattern: &str) -> String {
    let js = format!(
        "(() => {{ const re = new RegExp({}); const a = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).find(h => re.test(h)); return a || ''; }})()",
        serde_json::json!(pattern)
    );
    let href: String = eval(page, &js).await;
    assert!(!href.is_empty(), "no link matching {pattern} on {}", page.url().await.ok().flatten().unwrap_or_default());
    href
}

async fn new_page(browser: &mut Browser) -> Page {
    let ctx = browser.create_browser_context(CreateBrowserContextParams::default()).await.expect("context");
    let params = CreateTargetParams::builder().url("about:blank").browser_context_id(ctx).build().expect("target");
    browser.new_page(params).await.expect("page")
}

/// Tab through the start of the page as a keyboard user: every element reached shows where the focus is.
async fn keyboard(page: &Page, audit: &mut Audit, name: &str) {
    let mut seen = Vec::new();
    for _ in 0..12 {
        for kind in [DispatchKeyEventType::KeyDown, DispatchKeyEventType::KeyUp] {
            let key = DispatchKeyEventParams::builder()
                .r#type(kind)
                .key("Tab")
                .code("Tab")
                .windows_virtual_key_code(9)
                .build()
                .expect("key");
            page.execute(key).await.expect("tab");
        }
        let focus: (String, bool) = eval(
            page,
            "(() => { const e = document.activeElement; if (!e || e === document.body) { return ['', true]; }
               const s = getComputedStyle(e); const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
               return [e.tagName + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30), shown]; })()",
        )
        .await;
        if !focus.0.is_empty() {
            if !focus.1 {
                audit.failures.push(format!("{name}: keyboard focus not visible on {}", focus.0));
            }
            seen.push(focus.0);
        }
    }
    if !seen.iter().any(|s| s.starts_with("A ")) {
        audit.failures.push(format!("{name}: the keyboard never reaches a link: {seen:?}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_the_accessibility_audit_and_the_layout_check() {
    let Some(exe) = chromium_or_skip("the accessibility audit") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let server = serve(&dir.path().join("data"), &["--demo"]);
    let profile = tempfile::tempdir().expect("profile");
    let (mut browser, events) = launch(exe, profile.path()).await;
    let base = server.url.clone();
    let mut a = Audit { base: base.clone(), failures: Vec::new(), count: 0 };
    let both = ["fr", "ar"];
    let widths = [360, 1280];
    let page = new_page(&mut browser).await;

    // Before signing in.
    for (name, path) in [("login", "/login"), ("home", "/"), ("join", "/join"), ("not-found", "/no/such/page")] {
        a.pages(&page, name, path, Chrome::Site(false), &both, &widths).await;
    }
    page.goto(format!("{base}/login?lang=fr")).await.expect("login");
    keyboard(&page, &mut a, "login").await;

    // Each role's dashboard: every card with a page leads to it.
    for (role, email) in [
        ("admin", "admin@amane.test"),
        ("organizer", "organizer@amane.test"),
        ("facilitator", "facilitator@amane.test"),
        ("coordinator", "coordinator@amane.test"),
        ("observer", "observer@amane.test"),
    ] {
        sign_in(&page, &base, email).await;
        a.pages(&page, &format!("dashboard-{role}"), "/dashboard", Chrome::Site(true), &both, &widths).await;
        let cards: Vec<(String, String, bool)> = eval(
            &page,
            "[...document.querySelectorAll('.card')].map(c => { const l = c.querySelector('a.card-link'); const r = c.getBoundingClientRect();
               const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
               return [c.querySelector('.card-title').textContent.trim(), l ? l.getAttribute('href') : '', !!l && !!hit && (l === hit || c.contains(hit))]; })",
        )
        .await;
        for (title, href, clickable) in &cards {
            let soon = title.contains("Rapports") || title.contains("التقارير");
            if !soon && (href.is_empty() || !clickable) {
                a.failures.push(format!("dashboard-{role}: the card {title:?} does not lead to its page"));
            }
        }
        if role == "facilitator" {
            keyboard(&page, &mut a, "dashboard-facilitator").await;
        }
    }

    // The administrator's accounts page and one's own account page.
    sign_in(&page, &base, "admin@amane.test").await;
    for (name, path) in [("admin-users", "/admin/users"), ("admin-audit", "/admin/audit"), ("account", "/account")] {
        a.pages(&page, name, path, Chrome::Site(true), &both, &widths).await;
    }

    // The organizer's pages.
    sign_in(&page, &base, "organizer@amane.test").await;
    page.goto(format!("{base}/campaigns?lang=fr")).await.expect("campaigns");
    let campaign = first_link(&page, "^/campaigns/[0-9a-f-]{36}$").await;
    page.goto(format!("{base}{campaign}?lang=fr&region=03")).await.expect("campaign");
    let workshop = first_link(&page, "^/workshops/[0-9a-f-]{36}$").await;
    let school: String = eval(&page, "(() => { const a = document.querySelector('a[href^=\"/establishments/\"]'); return a ? a.getAttribute('href') : '/establishments/DEMO-03-000'; })()").await;
    for (name, path) in [
        ("campaigns", "/campaigns".to_owned()),
        ("campaign", campaign.clone()),
        ("campaign-filtered", format!("{campaign}?region=03&q=Ibn")),
        ("campaign-edit", format!("{campaign}/edit")),
        ("campaign-report", format!("{campaign}/report")),
        ("workshop-new", format!("{campaign}/workshops/new")),
        ("workshop", workshop.clone()),
        ("workshop-edit", format!("{workshop}/edit")),
        ("checkin-list", format!("{workshop}/checkin")),
        ("roster", format!("{workshop}/roster")),
        ("curriculum", "/curriculum".to_owned()),
        ("lesson", "/curriculum/phishing".to_owned()),
        ("guide", "/curriculum/phishing/guide".to_owned()),
        ("handout", "/curriculum/passwords/handout".to_owned()),
        ("poster", "/curriculum/grooming/poster".to_owned()),
        ("questions", "/curriculum/passwords/questions".to_owned()),
        ("scenario", "/curriculum/phishing/scenario/phishing-rf-01".to_owned()),
        ("establishments", "/establishments".to_owned()),
        ("establishment", school.clone()),
        ("establishments-import", "/establishments/import".to_owned()),
        ("bank-import", "/curriculum/import".to_owned()),
        ("live-new", "/live".to_owned()),
        ("campaign-tests", format!("{campaign}/tests")),
        ("workshop-tests", format!("{workshop}/tests")),
    ] {
        a.pages(&page, name, &path, Chrome::Site(true), &both, &widths).await;
    }
    // A test made from the campaign's Tests page and opened on phones from the workshop's: the board to project,
    // then a child's sheet, a sheet sent back with a gap, and the survey after the post-test.
    page.goto(format!("{base}{campaign}/tests?lang=fr")).await.expect("tests");
    let _: bool = eval(
        &page,
        "(() => { document.querySelector('#title').value = 'Audit'; document.querySelector('#module').value = 'passwords';
           document.querySelector('#age_band').value = '12-14'; document.querySelector('#count').value = '3';
           document.querySelector('#title').form.submit(); return true; })()",
    )
    .await;
    wait_for(&page, "location.hash.startsWith('#test-')", "the new test").await;
    page.goto(format!("{base}{workshop}/tests?lang=fr")).await.expect("workshop tests");
    let _: bool = eval(
        &page,
        "(() => { const card = [...document.querySelectorAll('section.card')].find(c => c.querySelector('h2').textContent.trim() === 'Audit');
           card.querySelector('input[name=action][value=open]').form.submit(); return true; })()",
    )
    .await;
    wait_for(&page, "/\\/tests\\/[2-9A-Z]{6}$/.test(location.pathname)", "the board").await;
    let board: String = eval(&page, "location.pathname").await;
    let code = board.rsplit('/').next().unwrap_or("").to_owned();
    a.pages(&page, "test-board", &board, Chrome::Site(true), &both, &widths).await;
    a.pages(&page, "test-code", "/t", Chrome::Site(false), &both, &widths).await;
    a.pages(&page, "test-sheet", &format!("/t/{code}"), Chrome::Site(false), &both, &widths).await;
    for lang in both {
        for width in widths {
            size(&page, width).await;
            page.goto(format!("{base}/t/{code}?lang={lang}")).await.expect("sheet");
            let _: bool = eval(&page, "(() => { document.querySelector('#nickname').value = 'Audit'; document.querySelector('#nickname').form.submit(); return true; })()").await;
            wait_for(&page, "!!document.querySelector('.field-error')", "the sheet with its gaps").await;
            a.check(&page, "test-sheet-gaps", lang, width, Chrome::Site(false)).await;
        }
    }

    // The coordinator: the workshops at their schools, and a registration form set to the workshop's school.
    sign_in(&page, &base, "coordinator@amane.test").await;
    a.pages(&page, "coordinator-workshops", "/workshops/mine", Chrome::Site(true), &both, &widths).await;
    page.goto(format!("{base}/workshops/mine?lang=fr")).await.expect("mine");
    let second = eval::<String>(&page, "(() => { const l = [...document.querySelectorAll('a[href^=\"/workshops/\"]')].map(a => a.getAttribute('href')).filter(h => /[0-9a-f-]{36}$/.test(h)); return l[1] || l[0] || ''; })()").await;
    assert!(!second.is_empty(), "the coordinator sees the workshops at their schools");
    a.pages(&page, "coordinator-workshop", &second, Chrome::Site(true), &both, &widths).await;
    page.goto(format!("{base}{second}?lang=fr")).await.expect("workshop");
    let (chosen, options): (String, Vec<String>) = eval(
        &page,
        "[document.querySelector('#establishment').value, [...document.querySelectorAll('#establishment option')].map(o => o.textContent)]",
    )
    .await;
    let place: String = eval(&page, "document.querySelector('.lead + p').textContent").await;
    let chosen_label = options.iter().find(|o| o.ends_with(&chosen)).cloned().unwrap_or_default();
    let chosen_name = chosen_label.split(" — ").next().unwrap_or("").to_owned();
    if chosen.is_empty() || !place.contains(&chosen_name) {
        a.failures.push(format!(
            "the registration form is set to {chosen:?} ({chosen_label}), not the workshop's school ({place})"
        ));
    }
    if !options.iter().all(|o| o.contains(" — DEMO-")) {
        a.failures.push(format!("the schools are not named: {options:?}"));
    }

    // The facilitator: their workshops, the check-in code, a game from the console to the podium.
    sign_in(&page, &base, "facilitator@amane.test").await;
    a.pages(&page, "facilitator-workshops", "/workshops/mine", Chrome::Site(true), &both, &widths).await;
    a.pages(&page, "checkin", "/checkin", Chrome::Site(true), &both, &widths).await;
    size(&page, 1280).await;
    page.goto(format!("{base}/live?lang=fr&module=passwords&audience=8-11")).await.expect("live");
    let _: bool = eval(
        &page,
        "(() => { for (const c of document.querySelectorAll('input[name=q]')) { c.checked = c.value === 'passwords-01' || c.value === 'passwords-15'; }
           document.querySelector('#create-game').click(); return true; })()",
    )
    .await;
    wait_for(&page, "/^\\/live\\/[0-9a-f-]{36}$/.test(location.pathname)", "the console").await;
    let console: String = eval(&page, "location.pathname").await;
    let pin: String = eval(&page, "document.querySelector('.pin-big').textContent.trim()").await;
    let screen = new_page(&mut browser).await;
    // The screen shares the facilitator's session: copy the cookie into its context.
    let cookies = page.get_cookies().await.expect("cookies");
    let params: Vec<chromiumoxide::cdp::browser_protocol::network::CookieParam> = cookies
        .into_iter()
        .map(|c| {
            chromiumoxide::cdp::browser_protocol::network::CookieParam::builder()
                .name(c.name)
                .value(c.value)
                .url(base.clone())
                .build()
                .expect("cookie")
        })
        .collect();
    screen.goto(format!("{base}/healthz")).await.expect("same site first");
    screen.set_cookies(params).await.expect("set cookies");
    size(&screen, 1280).await;
    screen.goto(format!("{base}{console}/screen?lang=ar")).await.expect("screen");
    wait_for(&screen, "!!document.querySelector('.pin-big')", "the classroom screen").await;

    // Two phones, in French and in Arabic.
    let phones = [new_page(&mut browser).await, new_page(&mut browser).await];
    for (phone, (lang, nick)) in phones.iter().zip([("fr", "Faucon"), ("ar", "نجمة")]) {
        size(phone, 360).await;
        phone.goto(format!("{base}/join/{pin}?lang={lang}")).await.expect("join");
        size(phone, 360).await;
        a.check(phone, "phone-nickname", lang, 360, Chrome::Phone).await;
        let _: bool = eval(
            phone,
            &format!(
                "(() => {{ document.querySelector('#nickname').value = {}; document.querySelector('#join-form button[type=submit]').click(); return true; }})()",
                serde_json::json!(nick)
            ),
        )
        .await;
        wait_for(phone, "!!document.querySelector('#game:not([hidden]) .play-card h2')", "the lobby").await;
        a.check(phone, "phone-lobby", lang, 360, Chrome::Phone).await;
    }
    wait_for(&page, "document.querySelectorAll('#players li').length === 2", "two players").await;
    a.check(&page, "console-lobby", "fr", 1280, Chrome::Site(true)).await;
    wait_for(&screen, "document.querySelectorAll('#lobby-names li').length === 2", "two names on the screen").await;
    a.check(&screen, "screen-lobby", "ar", 1280, Chrome::Screen).await;

    let _: bool = eval(
        &page,
        "(() => { document.querySelector('#controls form:not([hidden]) button').click(); return true; })()",
    )
    .await;
    for phone in &phones {
        wait_for(phone, "document.querySelectorAll('#game button.opt').length === 4", "the question").await;
    }
    wait_for(&screen, "document.querySelectorAll('#game .opt').length === 4", "the question on the screen").await;
    a.check(&screen, "screen-question", "ar", 1280, Chrome::Screen).await;
    a.check(&page, "console-question", "fr", 1280, Chrome::Site(true)).await;
    // A Latin password on an Arabic phone reads in its true order: "P" on the left, "!" on the right.
    let order: (f64, f64) = eval(
        &phones[1],
        "(() => { const t = [...document.querySelectorAll('#game button.opt .opt-text')].find(e => e.textContent.includes('P@ssw0rd'));
           const node = t.firstChild; const s = node.textContent; const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
           return [at(s.indexOf('P')), at(s.indexOf('!'))]; })()",
    )
    .await;
    if order.0 >= order.1 {
        a.failures
            .push(format!("an Arabic phone shows the password reordered: P at {} px, ! at {} px", order.0, order.1));
    }
    for (phone, lang) in phones.iter().zip(["fr", "ar"]) {
        a.check(phone, "phone-question", lang, 360, Chrome::Phone).await;
        // Both children pick the same answer: the password.
        let _: bool = eval(
            phone,
            "(() => { [...document.querySelectorAll('#game button.opt')].find(b => b.textContent.includes('P@ssw0rd')).click(); return true; })()",
        )
        .await;
    }
    // Everyone has answered: the question closes by itself, and the chart fills where the votes went.
    wait_for(&screen, "!!document.querySelector('#game .quiz-chart')", "the chart on the screen").await;
    for (p, name) in [(&screen, "screen"), (&page, "console"), (&phones[0], "phone")] {
        wait_for(p, "!!document.querySelector('#game .quiz-chart')", "the chart").await;
        let bars: Vec<(String, f64, f64, f64)> = eval(
            p,
            "[...document.querySelectorAll('#game .quiz-chart-row')].map(r => [r.querySelector('.opt-text').textContent,
               r.querySelector('.quiz-chart-fill').getBoundingClientRect().width, r.querySelector('.quiz-chart-bar').getBoundingClientRect().width,
               r.querySelector('.opt-text').getBoundingClientRect().width])",
        )
        .await;
        for (text, fill, track, label) in &bars {
            let voted = text.contains("P@ssw0rd");
            if voted && *fill < track * 0.9 {
                a.failures.push(format!("{name}: the bar of {text:?} (2 votes of 2) is {fill} px of {track} px"));
            }
            if !voted && *fill > 0.5 {
                a.failures.push(format!("{name}: the bar of {text:?} (no vote) shows {fill} px"));
            }
            if *label < 60.0 {
                a.failures.push(format!("{name}: the label {text:?} is squeezed to {label} px"));
            }
        }
    }
    a.check(&screen, "screen-closed", "ar", 1280, Chrome::Screen).await;
    a.check(&page, "console-closed", "fr", 1280, Chrome::Site(true)).await;
    size(&page, 360).await;
    a.check(&page, "console-closed", "fr", 360, Chrome::Site(true)).await;
    for (phone, lang) in phones.iter().zip(["fr", "ar"]) {
        wait_for(phone, "!!document.querySelector('#game .result-verdict')", "the result").await;
        a.check(phone, "phone-result", lang, 360, Chrome::Phone).await;
    }
    // The second question, "spot the red flags": each child taps the first part, and the phone then shows which
    // taps were right, which flags were missed and which were false alarms.
    size(&page, 1280).await;
    let _: bool = eval(
        &page,
        "(() => { document.querySelector('#controls form:not([hidden]) button').click(); return true; })()",
    )
    .await;
    for (phone, lang) in phones.iter().zip(["fr", "ar"]) {
        wait_for(phone, "document.querySelectorAll('#game .rf button.tap').length > 2", "the scenario").await;
        a.check(phone, "phone-scenario", lang, 360, Chrome::Phone).await;
    }
    wait_for(&screen, "!!document.querySelector('#game .rf')", "the scenario on the screen").await;
    a.check(&screen, "screen-scenario", "ar", 1280, Chrome::Screen).await;
    for phone in &phones {
        let _: bool = eval(
            phone,
            "(() => { document.querySelector('#game .rf button.tap').click(); document.querySelector('#game .play-submit').click(); return true; })()",
        )
        .await;
    }
    for (phone, lang) in phones.iter().zip(["fr", "ar"]) {
        wait_for(phone, "!!document.querySelector('#game .result-verdict')", "the scenario's result").await;
        let taps: Vec<String> =
            eval(phone, "[...document.querySelectorAll('#game .result-taps li')].map(l => l.className)").await;
        if taps.is_empty() || !taps.iter().any(|c| c == "flags-missed") {
            a.failures.push(format!("phone ({lang}): the child's taps are not shown after a scenario: {taps:?}"));
        }
        a.check(phone, "phone-scenario-result", lang, 360, Chrome::Phone).await;
    }
    let _: bool = eval(&page, "(() => { window.confirm = () => true; document.querySelector('#controls form:not([hidden]) button').click(); return true; })()").await;
    wait_for(&screen, "!!document.querySelector('.screen-podium')", "the podium on the screen").await;
    let podium: Vec<(String, f64)> = eval(
        &screen,
        "[...document.querySelectorAll('.screen-podium li')].map(l => [l.className, l.getBoundingClientRect().height])",
    )
    .await;
    if podium.len() != 2 || podium.iter().any(|(_, h)| *h < 100.0) {
        a.failures.push(format!("the screen's podium is not a podium: {podium:?}"));
    }
    a.check(&screen, "screen-podium", "ar", 1280, Chrome::Screen).await;
    for (phone, lang) in phones.iter().zip(["fr", "ar"]) {
        wait_for(phone, "!!document.querySelector('#final-card')", "the end").await;
        a.check(phone, "phone-end", lang, 360, Chrome::Phone).await;
    }
    page.goto(format!("{base}{console}?lang=fr")).await.expect("console again");
    a.pages(&page, "console-finished", &console, Chrome::Site(true), &both, &widths).await;
    a.pages(&page, "results", &format!("{console}/results"), Chrome::Site(true), &both, &widths).await;

    browser.close().await.expect("close");
    let _ = browser.wait().await;
    events.abort();
    assert!(a.count > 150, "{} page states audited", a.count);
    assert!(
        a.failures.is_empty(),
        "{} problems in {} page states:\n{}",
        a.failures.len(),
        a.count,
        a.failures.join("\n")
    );
}
