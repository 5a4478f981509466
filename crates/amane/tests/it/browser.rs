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

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
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
    let Some(exe) = chromium() else {
        assert!(!in_ci(), "CI=true but Chromium is missing: install Debian's chromium package");
        eprintln!("skipping the browser test: no Chromium found (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let server = serve(&dir.path().join("data"), &["--demo"]);
    let profile = tempfile::tempdir().expect("profile");
    let config = BrowserConfig::builder()
        .chrome_executable(exe)
        .no_sandbox()
        .user_data_dir(profile.path())
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
    let (mut browser, mut handler) = Browser::launch(config).await.expect("launch chromium");
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });

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
