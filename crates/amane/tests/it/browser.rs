//! A real headless Chromium against the real binary: the Arabic login page is right-to-left, its form
//! submits and signs in. Screenshots land in `target/screenshots/` for people to look at.

use crate::common::{in_ci, serve};
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Debian's Chromium, or the one named by `AMANE_CHROMIUM`.
fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("AMANE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

pub(crate) fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// Chromium, or `None` after saying what is missing (outside CI; under CI=true its absence fails the test).
pub(crate) fn chromium_or_skip(what: &str) -> Option<PathBuf> {
    let exe = chromium();
    if exe.is_none() {
        assert!(!in_ci(), "CI=true but Chromium is missing: install Debian's chromium package");
        eprintln!("skipping {what}: no Chromium found (apt-get install chromium)");
    }
    exe
}

/// A headless Chromium with a fresh profile, laid out as a 360 px phone, and the task that runs its events.
pub(crate) async fn launch(exe: PathBuf, profile: &std::path::Path) -> (Browser, tokio::task::JoinHandle<()>) {
    let config = BrowserConfig::builder()
        .chrome_executable(exe)
        .no_sandbox()
        .user_data_dir(profile)
        .viewport(phone())
        .args([
            "disable-gpu",
            "disable-background-networking",
            "disable-component-update",
            "disable-sync",
            "no-first-run",
            "disable-quic",
        ])
        .build()
        .expect("browser config");
    let (browser, mut handler) = Browser::launch(config).await.expect("launch chromium");
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
    (browser, events)
}

fn phone() -> Viewport {
    Viewport {
        width: 360,
        height: 740,
        device_scale_factor: Some(1.0),
        emulating_mobile: true,
        is_landscape: false,
        has_touch: true,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_login_page_is_rtl_and_signs_in() {
    let Some(exe) = chromium_or_skip("the browser test") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let server = serve(&dir.path().join("data"), &["--demo"]);
    let profile = tempfile::tempdir().expect("profile");
    let (mut browser, events) = launch(exe, profile.path()).await;

    let page = browser.new_page(format!("{}/login?lang=ar", server.url)).await.expect("open login page");
    let dir_attr: String =
        page.evaluate("document.documentElement.dir").await.expect("eval").into_value().expect("string");
    let lang_attr: String =
        page.evaluate("document.documentElement.lang").await.expect("eval").into_value().expect("string");
    assert_eq!((dir_attr.as_str(), lang_attr.as_str()), ("rtl", "ar"));
    // The layout really is mirrored: the form's labels start at the right edge.
    let label_right_aligned: bool = page
        .evaluate("(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('label[for=email]')); const l = r.getBoundingClientRect(); const f = document.querySelector('form').getBoundingClientRect(); return Math.abs(l.right - f.right) < 2 && l.left > f.left + 10; })()")
        .await
        .expect("eval")
        .into_value()
        .expect("bool");
    assert!(label_right_aligned, "the Arabic labels sit on the right");
    let no_overflow: bool = page
        .evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        .await
        .expect("eval")
        .into_value()
        .expect("bool");
    assert!(no_overflow, "nothing sticks out sideways at 360 px");
    page.save_screenshot(
        ScreenshotParams::builder().full_page(true).build(),
        screenshot_dir().join("login-ar-360.png"),
    )
    .await
    .expect("screenshot");

    page.find_element("input[name=email]")
        .await
        .expect("email field")
        .click()
        .await
        .expect("focus")
        .type_str("facilitator@amane.test")
        .await
        .expect("type");
    page.find_element("input[name=password]")
        .await
        .expect("password field")
        .click()
        .await
        .expect("focus")
        .type_str("amane-demo-2026")
        .await
        .expect("type");
    page.find_element("button[type=submit]").await.expect("submit button").click().await.expect("click");

    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = page.url().await.expect("url").unwrap_or_default();
        if url.ends_with("/dashboard") {
            break;
        }
        assert!(Instant::now() < deadline, "no dashboard after submitting the form; at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = page.wait_for_navigation().await;
    let text: String = page.evaluate("document.body.innerText").await.expect("eval").into_value().expect("string");
    assert!(text.contains("سلمى المؤطرة"), "the dashboard greets the signed-in facilitator: {text}");
    assert!(text.contains("تسجيل الخروج"), "with a sign-out button in Arabic");
    page.save_screenshot(
        ScreenshotParams::builder().full_page(true).build(),
        screenshot_dir().join("dashboard-ar-360.png"),
    )
    .await
    .expect("screenshot");

    // Every main page fits a 360 px phone in Arabic, without sideways scrolling.
    let campaigns: String = {
        page.goto(format!("{}/campaigns?lang=ar", server.url)).await.expect("campaigns");
        page.evaluate("[...document.querySelectorAll('a[href^=\"/campaigns/\"]')].map(a => a.getAttribute('href')).filter(h => h.length > 20).pop() || ''")
            .await
            .expect("eval")
            .into_value()
            .expect("string")
    };
    assert!(!campaigns.is_empty(), "the demo has campaigns");
    page.goto(format!("{}{campaigns}?lang=ar", server.url)).await.expect("campaign page");
    let workshop: String = page
        .evaluate(
            "[...document.querySelectorAll('a[href^=\"/workshops/\"]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('/workshops/mine'))[0] || ''",
        )
        .await
        .expect("eval")
        .into_value()
        .expect("string");
    let mut paths = vec![
        format!("{campaigns}?lang=ar"),
        "/curriculum/phishing/scenario/phishing-rf-01?lang=ar".to_owned(),
        "/establishments?lang=ar".to_owned(),
    ];
    if !workshop.is_empty() {
        paths.push(format!("{workshop}?lang=ar"));
    }
    for (i, path) in paths.iter().enumerate() {
        page.goto(format!("{}{path}", server.url)).await.expect("page");
        // Navigation can drop the device emulation: set the phone's metrics again before measuring.
        page.execute(SetDeviceMetricsOverrideParams::new(360, 740, 1.0, true)).await.expect("phone metrics");
        let fits: bool = page
            .evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            .await
            .expect("eval")
            .into_value()
            .expect("bool");
        page.save_screenshot(
            ScreenshotParams::builder().full_page(true).build(),
            screenshot_dir().join(format!("page-{i}-ar-360.png")),
        )
        .await
        .expect("screenshot");
        assert!(fits, "{path} is wider than a 360 px phone");
    }

    browser.close().await.expect("close");
    let _ = browser.wait().await;
    events.abort();
}

pub(crate) async fn eval<T: serde::de::DeserializeOwned>(page: &chromiumoxide::Page, js: &str) -> T {
    page.evaluate(js).await.unwrap_or_else(|e| panic!("{js}: {e}")).into_value().unwrap_or_else(|e| panic!("{js}: {e}"))
}

/// Polls a JavaScript condition until it is true, for up to 15 seconds.
pub(crate) async fn wait_for(page: &chromiumoxide::Page, js: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if page.evaluate(js).await.ok().and_then(|v| v.into_value::<bool>().ok()) == Some(true) {
            return;
        }
        let text: String = match page.evaluate("document.body ? document.body.innerText : ''").await {
            Ok(v) => v.into_value().unwrap_or_default(),
            Err(_) => String::from("(navigating)"),
        };
        assert!(Instant::now() < deadline, "{what}: not seen within 30 s; the page shows: {text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Answers whatever the open question asks, the way a child would: the first option, the first tappable
/// part, or a typed word, then the submit button when there is one.
const ANSWER: &str = "(() => {
  const first = document.querySelector('#game .opt-grid button:not([disabled])');
  const tap = document.querySelector('#game .rf .tap');
  const input = document.querySelector('#game input.play-short');
  if (first) { first.click(); }
  else if (tap) { tap.click(); }
  else if (input) { input.value = 'phishing'; }
  const submit = document.querySelector('#game .play-submit:not([disabled])');
  if (submit) { submit.click(); }
  return true;
})()";

/// A facilitator and three children (one in Arabic) play a three-question game in real browsers; one child
/// reloads mid-game and keeps their score.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_game_in_real_browsers() {
    let Some(exe) = chromium_or_skip("the live browser test") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let server = serve(&dir.path().join("data"), &["--demo"]);
    let profile = tempfile::tempdir().expect("profile");
    let (mut browser, events) = launch(exe, profile.path()).await;
    let shots = screenshot_dir();
    // A whole-page screenshot at the page's own width (a phone at 360 px, the console at 1280 px): the view
    // is made as tall as the content, captured, then set back, so the layout is the one people see.
    let shot = |page: chromiumoxide::Page, name: &'static str| {
        let path = shots.join(name);
        async move {
            let (w, mobile) = if name.contains("-360") { (360, true) } else { (1280, false) };
            let h: i64 = eval(&page, "Math.ceil(document.documentElement.scrollHeight)").await;
            page.execute(SetDeviceMetricsOverrideParams::new(w, h.max(740), 1.0, mobile)).await.expect("metrics");
            page.save_screenshot(ScreenshotParams::builder().build(), path).await.expect("screenshot");
            page.execute(SetDeviceMetricsOverrideParams::new(w, if mobile { 740 } else { 800 }, 1.0, mobile))
                .await
                .expect("metrics");
        }
    };
    // Each person has a browser context of their own (cookies and storage apart).
    let mut pages = Vec::new();
    let mut contexts = Vec::new();
    for _ in 0..4 {
        let ctx = browser
            .create_browser_context(chromiumoxide::cdp::browser_protocol::target::CreateBrowserContextParams::default())
            .await
            .expect("context");
        let params = chromiumoxide::cdp::browser_protocol::target::CreateTargetParams::builder()
            .url("about:blank")
            .browser_context_id(ctx.clone())
            .build()
            .expect("target");
        pages.push(browser.new_page(params).await.expect("page"));
        contexts.push(ctx);
    }
    let host_ctx = contexts.remove(0);
    let host = pages.remove(0);

    // The facilitator signs in and starts a game from the form.
    host.execute(SetDeviceMetricsOverrideParams::new(1280, 800, 1.0, false)).await.expect("desktop");
    host.goto(format!("{}/login?lang=fr", server.url)).await.expect("login");
    host.find_element("input[name=email]")
        .await
        .expect("email")
        .click()
        .await
        .expect("f")
        .type_str("facilitator@amane.test")
        .await
        .expect("t");
    host.find_element("input[name=password]")
        .await
        .expect("pw")
        .click()
        .await
        .expect("f")
        .type_str("amane-demo-2026")
        .await
        .expect("t");
    host.find_element("button[type=submit]").await.expect("submit").click().await.expect("click");
    wait_for(&host, "location.pathname === '/dashboard'", "the dashboard").await;
    host.goto(format!("{}/live?lang=fr&module=phishing&audience=12-14", server.url)).await.expect("live");
    shot(host.clone(), "live-new-fr-1280.png").await;
    let _: bool = eval(&host, "(() => { document.querySelector('#count').value = '3'; return true; })()").await;
    host.find_element("#create-game").await.expect("create").click().await.expect("click");
    wait_for(&host, "/^\\/live\\/[0-9a-f-]{36}$/.test(location.pathname)", "the console").await;
    let pin: String = eval(&host, "document.querySelector('.pin-big').textContent.trim()").await;
    let console_path: String = eval(&host, "location.pathname").await;
    assert_eq!(pin.len(), 6, "{pin}");

    // Three children join on their phones: French, Arabic, English.
    let kids = [("Faucon", "fr"), ("نجمة", "ar"), ("Lynx", "en")];
    for (page, (nick, lang)) in pages.iter().zip(kids) {
        page.goto(format!("{}/join/{pin}?lang={lang}", server.url)).await.expect("join page");
        page.execute(SetDeviceMetricsOverrideParams::new(360, 740, 1.0, true)).await.expect("phone");
        // Typed as an input method would (CDP key events only know Latin keys).
        let set = format!(
            "(() => {{ document.querySelector('#nickname').value = {}; return true; }})()",
            serde_json::json!(nick)
        );
        let _: bool = eval(page, &set).await;
        page.find_element("#join-form button[type=submit]").await.expect("go").click().await.expect("click");
        wait_for(page, "!!document.querySelector('#game:not([hidden]) .play-card h2')", "the waiting screen").await;
    }
    let dir_ar: String = eval(&pages[1], "document.documentElement.dir").await;
    assert_eq!(dir_ar, "rtl");
    wait_for(&host, "document.querySelectorAll('#players li').length === 3", "three players on the console").await;
    shot(host.clone(), "live-console-lobby-fr-1280.png").await;
    // The classroom screen, as projected: PIN, QR code and who joined.
    let screen_url = format!("{}{console_path}/screen?lang=ar", server.url);
    let screen = browser
        .new_page(
            chromiumoxide::cdp::browser_protocol::target::CreateTargetParams::builder()
                .url(screen_url)
                .browser_context_id(host_ctx.clone())
                .build()
                .expect("target"),
        )
        .await
        .expect("screen");
    screen.execute(SetDeviceMetricsOverrideParams::new(1280, 800, 1.0, false)).await.expect("desktop");
    wait_for(&screen, "document.querySelectorAll('#lobby-names li').length === 3", "three names on the screen").await;
    shot(screen.clone(), "live-screen-lobby-ar-1280.png").await;
    shot(pages[1].clone(), "live-lobby-ar-360.png").await;

    let mut score_before_reload = String::new();
    for q in 0..3 {
        let _: bool = eval(&host, "(() => { document.querySelector('form[data-control] input[value=next]').form.requestSubmit(); return true; })()").await;
        for page in &pages {
            wait_for(
                page,
                &format!("!!document.querySelector('#game .q-count[data-index=\"{}\"]')", q + 1),
                "the question",
            )
            .await;
        }
        if q == 0 {
            shot(pages[0].clone(), "live-question-fr-360.png").await;
            shot(pages[1].clone(), "live-question-ar-360.png").await;
            shot(host.clone(), "live-console-question-fr-1280.png").await;
        }
        for page in &pages {
            // Answered as soon as the controls take a tap (again if a tap came before they did). The last answer
            // closes the question by itself (the console's default), so the result may come first.
            let answered = format!(
                "(() => {{ const state = (document.querySelector('#answer-state') || {{}}).textContent; \
                 const strings = JSON.parse(document.getElementById('live-strings').textContent); \
                 if (state === strings['live-answer-stored'] || !!document.querySelector('#game .result-verdict')) {{ return true; }} \
                 if (state !== strings['live-answer-sent']) {{ {ANSWER}; }} \
                 return false; }})()"
            );
            wait_for(page, &answered, "the answer acknowledged").await;
        }
        if q > 0 {
            // The first question closed with nobody touching the console; the others are closed by hand too.
            let _: bool = eval(&host, "(() => { document.querySelector('form[data-control] input[value=close]').form.requestSubmit(); return true; })()").await;
        }
        for page in &pages {
            wait_for(page, "!!document.querySelector('#game .result-verdict')", "the result").await;
        }
        if q == 0 {
            wait_for(&screen, "!!document.querySelector('#game .quiz-chart, #game .flags')", "the chart on the screen")
                .await;
            shot(screen.clone(), "live-screen-closed-ar-1280.png").await;
            shot(pages[1].clone(), "live-result-ar-360.png").await;
            shot(host.clone(), "live-console-closed-fr-1280.png").await;
            // The console offers what makes sense after a question: the next one, and ending the game.
            wait_for(
                &host,
                "JSON.stringify([...document.querySelectorAll('#controls form')].filter(f => f.offsetParent !== null).map(f => f.querySelector('input[name=op]').value)) === '[\"next\",\"end\"]'",
                "only next and end on the console",
            )
            .await;
            // The Arabic phone reloads: the page resumes by itself with the same score.
            score_before_reload =
                eval(&pages[1], "document.querySelector('#game .result-card p:nth-of-type(2)').textContent").await;
            pages[1].reload().await.expect("reload");
            pages[1].execute(SetDeviceMetricsOverrideParams::new(360, 740, 1.0, true)).await.expect("phone");
            wait_for(
                &pages[1],
                "!!document.querySelector('#game:not([hidden]) .result-card .result-points')",
                "the resumed game",
            )
            .await;
            let after: String =
                eval(&pages[1], "document.querySelector('#game .result-card .result-points').textContent").await;
            let number = |s: &str| s.chars().filter(char::is_ascii_digit).take_while(|_| true).collect::<String>();
            assert!(
                number(&after).starts_with(&number(score_before_reload.split('·').next().unwrap_or(""))),
                "same score after the reload: before {score_before_reload:?}, after {after:?}"
            );
        }
    }
    let _: bool = eval(&host, "(() => { window.confirm = () => true; document.querySelector('form[data-control] input[value=end]').form.requestSubmit(); return true; })()").await;
    for page in &pages {
        wait_for(page, "document.querySelectorAll('#game .board li').length === 3", "the podium").await;
    }
    shot(pages[1].clone(), "live-podium-ar-360.png").await;
    // (The console reloads itself when the game ends: go by the address kept from before.)
    let results = format!("{}{console_path}/results?lang=ar", server.url);
    host.goto(results).await.expect("results");
    wait_for(&host, "document.querySelectorAll('.quiz-chart-options li').length > 0", "the answers per option").await;
    shot(host.clone(), "live-results-ar-1280.png").await;
    for page in &pages {
        page.execute(SetDeviceMetricsOverrideParams::new(360, 740, 1.0, true)).await.expect("phone");
        let fits: bool = eval(page, "document.documentElement.scrollWidth <= window.innerWidth").await;
        assert!(fits, "the live page fits a 360 px phone");
    }
    assert!(!score_before_reload.is_empty());
    browser.close().await.expect("close");
    let _ = browser.wait().await;
    events.abort();
}
