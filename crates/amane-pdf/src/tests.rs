//! Renders reports and certificates in the three languages; page counts come from the laid-out document.
//!
//! `cargo test -p amane-pdf -- --ignored --nocapture` also writes samples to /tmp/pdf-shots/ (PNG pages
//! when `pdftoppm` is installed) and prints render timings (meaningful with `--release`).

use super::*;
use std::time::Instant;
use typst::layout::{Frame, FrameItem};
use typst::text::TextItem;

fn s(text: &str) -> String {
    text.to_owned()
}

fn bar(label: &str, value: Option<f64>, display: &str) -> Bar {
    Bar { label: s(label), value, display: s(display) }
}

fn figure(label: &str, value: &str) -> KeyFigure {
    KeyFigure { label: s(label), value: s(value) }
}

fn table(caption: &str, columns: &[&str], rows: usize, numeric: &[bool]) -> Table {
    Table {
        caption: s(caption),
        columns: columns.iter().map(|c| s(c)).collect(),
        rows: (1..=rows)
            .map(|i| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(c, name)| {
                        if numeric.get(c).copied().unwrap_or(false) {
                            format!("{}", i * 37 % 500)
                        } else {
                            format!("{name} {i}")
                        }
                    })
                    .collect()
            })
            .collect(),
        numeric: numeric.to_vec(),
    }
}

/// A report with every kind of element: two sections (one page each) after the cover.
fn french_report() -> Report {
    Report {
        lang: s("fr"),
        title: s("Campagne « Internet sans crainte » 2025"),
        subtitle: s("Rapport de fin de campagne — Région de l'Oriental"),
        generated_on: s("Généré le 7 décembre 2025"),
        cover_lines: vec![s("Du 1er octobre au 30 novembre 2025"), s("42 établissements, 118 ateliers")],
        sections: vec![
            Section {
                heading: s("Participation"),
                paragraphs: vec![
                    s("Les élèves ont répondu à 12 480 questions au cours de la campagne. Les effectifs \
                       inférieurs à cinq participants sont masqués pour protéger la vie privée des enfants."),
                    s("Les établissements ruraux ont rejoint la campagne plus tard mais avec une forte assiduité."),
                ],
                figures: vec![
                    figure("Participants", "2 314"),
                    figure("Ateliers", "118"),
                    figure("Bonnes réponses", "71 %"),
                    figure("Établissements", "42"),
                ],
                charts: vec![BarChart {
                    caption: s("Participants par tranche d'âge"),
                    bars: vec![
                        bar("8–10 ans", Some(412.0), "412"),
                        bar("11–13 ans", Some(1203.0), "1 203"),
                        bar("14–16 ans", Some(699.0), "699"),
                        bar("17 ans et plus", None, "masqué (<5)"),
                    ],
                }],
                tables: vec![],
            },
            Section {
                heading: s("Résultats par thème"),
                paragraphs: vec![s("Taux de bonnes réponses par thème du programme.")],
                figures: vec![],
                charts: vec![],
                tables: vec![table(
                    "Bonnes réponses par thème",
                    &["Thème", "Questions", "Réponses", "Taux (%)"],
                    8,
                    &[false, true, true, true],
                )],
            },
        ],
        footer: s("Amane — rapport de campagne"),
    }
}

fn arabic_report() -> Report {
    Report {
        lang: s("ar"),
        title: s("حملة الإنترنت الآمن 2025"),
        subtitle: s("تقرير نهاية الحملة — جهة الشرق"),
        generated_on: s("أُنشئ في 7 ديسمبر 2025"),
        cover_lines: vec![s("من 1 أكتوبر إلى 30 نوفمبر 2025"), s("42 مؤسسة، 118 ورشة")],
        sections: vec![
            Section {
                heading: s("المشاركة"),
                paragraphs: vec![s("أجاب التلاميذ عن 12480 سؤالاً خلال الحملة. تُخفى الأعداد التي تقل عن خمسة مشاركين \
                     حمايةً لخصوصية الأطفال. شاركت مؤسسة Lycée Ibn Khaldoun بـ 315 تلميذاً.")],
                figures: vec![figure("المشاركون", "2314"), figure("الورشات", "118"), figure("الإجابات الصحيحة", "71 %")],
                charts: vec![BarChart {
                    caption: s("المشاركون حسب الفئة العمرية"),
                    bars: vec![
                        bar("8–10 سنوات", Some(412.0), "412"),
                        bar("11–13 سنة", Some(1203.0), "1203"),
                        bar("14–16 سنة", Some(699.0), "699"),
                        bar("17 سنة فأكثر", None, "مخفي (<5)"),
                    ],
                }],
                tables: vec![],
            },
            Section {
                heading: s("النتائج حسب المحور"),
                paragraphs: vec![s("نسبة الإجابات الصحيحة حسب محاور البرنامج.")],
                figures: vec![],
                charts: vec![],
                tables: vec![Table {
                    caption: s("الإجابات الصحيحة حسب المحور"),
                    columns: vec![s("المحور"), s("الأسئلة"), s("النسبة (%)")],
                    rows: vec![
                        vec![s("كلمات المرور"), s("1250"), s("78")],
                        vec![s("التنمر الإلكتروني"), s("980"), s("64")],
                        vec![s("المعلومات الشخصية على Instagram"), s("1430"), s("71")],
                    ],
                    numeric: vec![false, true, true],
                }],
            },
        ],
        footer: s("أمان — تقرير الحملة"),
    }
}

/// One section whose long table runs over several pages (its header row repeats).
fn english_report() -> Report {
    Report {
        lang: s("en"),
        title: s("Safer Internet campaign 2025"),
        subtitle: s("End-of-campaign report"),
        generated_on: s("Generated on 7 December 2025"),
        cover_lines: vec![s("1 October – 30 November 2025")],
        sections: vec![Section {
            heading: s("Workshops"),
            paragraphs: vec![s("Every workshop held during the campaign.")],
            figures: vec![figure("Workshops", "120"), figure("Participants", "2,314")],
            charts: vec![BarChart {
                caption: s("Participants by region"),
                bars: vec![
                    bar("Oriental", Some(1200.0), "1,200"),
                    bar("Souss-Massa", Some(3.0), "3"),
                    bar("Drâa-Tafilalet", None, "hidden (<5)"),
                ],
            }],
            tables: vec![table(
                "All workshops",
                &["Workshop", "Establishment", "Participants"],
                120,
                &[false, false, true],
            )],
        }],
        footer: s("Amane — campaign report"),
    }
}

fn certificate(i: usize, lang: &str, recipient: &str) -> Certificate {
    let (title, lines, issued_on) = match lang {
        "ar" => ("شهادة مشاركة", vec![s("شارك في ورشة الإنترنت الآمن"), s("ثانوية ابن خلدون — وجدة")], "7 ديسمبر 2025"),
        "fr" => (
            "Certificat de participation",
            vec![s("a participé à l'atelier « Internet sans crainte »"), s("Lycée Ibn Khaldoun — Oujda")],
            "7 décembre 2025",
        ),
        _ => ("Certificate of participation", vec![s("took part in the Safer Internet workshop")], "7 December 2025"),
    };
    let code = format!("AMN-{i:05}-X7Q");
    Certificate {
        lang: s(lang),
        title: s(title),
        recipient: s(recipient),
        lines,
        verify_url: format!("https://amane.example.org/certificates/{code}"),
        code,
        issued_on: s(issued_on),
        issuer: s("Amane — Académie régionale de l'Oriental"),
    }
}

fn pages(document: &PagedDocument) -> usize {
    document.pages().len()
}

/// Calls `f` on every run of shaped text of a page, in the order typst placed them.
fn for_each_text(document: &PagedDocument, page: usize, f: &mut dyn FnMut(&TextItem)) {
    fn walk(frame: &Frame, f: &mut dyn FnMut(&TextItem)) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Text(text) => f(text),
                FrameItem::Group(group) => walk(&group.frame, f),
                _ => {}
            }
        }
    }
    if let Some(page) = document.pages().get(page) {
        walk(&page.frame, f);
    }
}

fn page_text(document: &PagedDocument, page: usize) -> String {
    let mut out = String::new();
    for_each_text(document, page, &mut |text| out.push_str(&text.text));
    out
}

/// The runs with a glyph 0, a font's "missing glyph" box (tofu): no embedded font had the character.
fn tofu_runs(document: &PagedDocument) -> Vec<String> {
    let mut runs = Vec::new();
    for page in 0..document.pages().len() {
        for_each_text(document, page, &mut |text| {
            if text.glyphs.iter().any(|g| g.id == 0) {
                runs.push(format!("page {}: {:?}", page + 1, text.text));
            }
        });
    }
    runs
}

fn assert_no_tofu(document: &PagedDocument) {
    let runs = tofu_runs(document);
    assert!(runs.is_empty(), "missing glyphs: {runs:?}");
}

fn assert_pdf(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
}

#[test]
fn french_report_has_a_cover_then_its_sections_one_after_another() -> Result<(), PdfError> {
    let report = french_report();
    let document = compile_report(&report)?;
    // The cover, then the sections flowing on (no page per section: a short one would leave a page nearly empty).
    assert_eq!(pages(&document), 2);
    assert_no_tofu(&document);
    assert_pdf(&report_pdf(&report)?);
    Ok(())
}

#[test]
fn arabic_report_renders_right_to_left() -> Result<(), PdfError> {
    let report = arabic_report();
    let document = compile_report(&report)?;
    assert_eq!(pages(&document), 2);
    assert_no_tofu(&document);
    assert_pdf(&report_pdf(&report)?);
    Ok(())
}

#[test]
fn english_report_long_table_runs_over_pages() -> Result<(), PdfError> {
    let report = english_report();
    let count = pages(&compile_report(&report)?);
    // The cover, then 120 rows of about 24 pt: the section cannot fit on fewer than three pages.
    assert!((4..=6).contains(&count), "{count} pages");
    assert_pdf(&report_pdf(&report)?);
    Ok(())
}

#[test]
fn pdf_carries_title_and_language() -> Result<(), PdfError> {
    for (report, lang) in [(arabic_report(), "ar"), (french_report(), "fr")] {
        let bytes = report_pdf(&report)?;
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(&format!("/Lang({lang})")), "no /Lang({lang})");
        assert!(text.contains("/Title"), "no /Title entry");
    }
    let bytes = certificates_pdf(&[certificate(1, "ar", "Lina")])?;
    assert!(String::from_utf8_lossy(&bytes).contains("/Lang(ar)"));
    Ok(())
}

#[test]
fn empty_report_is_just_a_cover() -> Result<(), PdfError> {
    let mut report = french_report();
    report.sections.clear();
    report.cover_lines.clear();
    assert_eq!(pages(&compile_report(&report)?), 1);
    Ok(())
}

#[test]
fn chart_with_only_hidden_or_zero_bars_renders() -> Result<(), PdfError> {
    let mut report = english_report();
    report.sections[0].charts = vec![BarChart {
        caption: s("Nothing to show"),
        bars: vec![bar("A", None, "hidden (<5)"), bar("B", Some(0.0), "0")],
    }];
    report.sections[0].tables.clear();
    assert_eq!(pages(&compile_report(&report)?), 2);
    Ok(())
}

#[test]
fn unknown_language_is_refused() {
    let mut report = french_report();
    report.lang = s("de");
    assert!(matches!(report_pdf(&report), Err(PdfError::UnknownLang(l)) if l == "de"));
}

#[test]
fn ragged_table_is_refused_with_its_caption() {
    let mut report = french_report();
    report.sections[1].tables[0].rows[3].pop();
    let err = report_pdf(&report).err();
    assert!(matches!(&err, Some(PdfError::RaggedTable { row: 3, cells: 3, columns: 4, .. })), "{err:?}");
}

#[test]
fn typst_syntax_in_user_text_prints_as_text() -> Result<(), PdfError> {
    let nasty = r#"#panic("x") ] [ $x^2$ \ #import "/etc/passwd" // */ {"#;
    let mut report = english_report();
    report.title = s(nasty);
    report.footer = s(nasty);
    report.sections[0].heading = s(nasty);
    report.sections[0].charts[0].bars[0].label = s(nasty);
    report.sections[0].tables[0].rows[0][0] = s(nasty);
    assert_pdf(&report_pdf(&report)?);

    let certs =
        [certificate(1, "fr", r#"#panic("x")"#), certificate(2, "ar", "#panic()"), certificate(3, "en", r"] $ \ *")];
    let document = compile_certificates(&certs)?;
    assert_eq!(pages(&document), 3);
    assert!(page_text(&document, 0).contains(r#"#panic("x")"#));
    assert!(page_text(&document, 1).contains("#panic()"));
    assert!(page_text(&document, 2).contains(r"] $ \ *"));
    assert_pdf(&certificates_pdf(&certs)?);
    Ok(())
}

#[test]
fn arabic_with_latin_runs_and_digits() -> Result<(), PdfError> {
    let certs = [certificate(7, "ar", "ياسمين Yasmine 2025 بن علي")];
    let document = compile_certificates(&certs)?;
    assert_eq!(pages(&document), 1);
    let text = page_text(&document, 0);
    for run in ["ياسمين", "Yasmine", "2025", "AMN-00007-X7Q"] {
        assert!(text.contains(run), "{run:?} missing from {text:?}");
    }
    assert_no_tofu(&document);
    let mut report = arabic_report();
    report.sections[0].paragraphs = vec![s("فاز فريق Les Étoiles بـ 1203 نقطة في 3 ورشات (WiFi, TikTok).")];
    let document = compile_report(&report)?;
    assert_eq!(pages(&document), 2);
    assert!(page_text(&document, 1).contains("Les Étoiles"));
    assert_no_tofu(&document);
    Ok(())
}

#[test]
fn tofu_check_sees_characters_no_font_has() -> Result<(), PdfError> {
    // No CJK face is embedded (on purpose: size); such a name prints as boxes, and the check must see it.
    let document = compile_certificates(&[certificate(1, "fr", "漢字")])?;
    assert_eq!(tofu_runs(&document).len(), 1);
    Ok(())
}

#[test]
fn two_hundred_certificates_make_two_hundred_pages() -> Result<(), PdfError> {
    let certs = batch(200);
    let document = compile_certificates(&certs)?;
    assert_eq!(pages(&document), 200);
    assert_pdf(&export(&document)?);
    Ok(())
}

#[test]
fn no_certificate_is_an_empty_document() -> Result<(), PdfError> {
    // typst lays out one blank page for an empty body; the caller decides whether to offer it at all.
    assert!(pages(&compile_certificates(&[])?) <= 1);
    Ok(())
}

fn batch(n: usize) -> Vec<Certificate> {
    let langs = ["fr", "ar", "en"];
    let names = ["Lina", "يوسف", "Sami B.", "مريم Maryam", "Adam_2013"];
    (0..n).map(|i| certificate(i, langs[i % 3], names[i % names.len()])).collect()
}

/// Writes the samples to /tmp/pdf-shots/ and, where pdftoppm exists, their pages as PNG to look at.
#[test]
#[ignore = "writes files to /tmp; run with --ignored to look at the samples"]
fn write_samples() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("/tmp/pdf-shots");
    std::fs::create_dir_all(dir)?;
    let samples = [
        ("report-fr", report_pdf(&french_report())?),
        ("report-ar", report_pdf(&arabic_report())?),
        ("report-en", report_pdf(&english_report())?),
        ("certificates", certificates_pdf(&batch(6))?),
    ];
    for (name, bytes) in samples {
        let pdf = dir.join(format!("{name}.pdf"));
        std::fs::write(&pdf, bytes)?;
        let status =
            std::process::Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(&pdf).arg(dir.join(name)).status();
        println!("{}: pdftoppm {status:?}", pdf.display());
    }
    Ok(())
}

/// Release-mode timings: `cargo test --release -p amane-pdf -- --ignored --nocapture timings`.
#[test]
#[ignore = "a measurement, meaningful in release mode"]
fn timings() -> Result<(), PdfError> {
    // The first render also parses the fonts and builds typst's library, once per process.
    let start = Instant::now();
    report_pdf(&french_report())?;
    println!("first report (cold process): {:?}", start.elapsed());
    // typst memoises: a changed title keeps a re-render from being a cache hit, as with a server's new data.
    for (name, mut report) in [("fr", french_report()), ("ar", arabic_report()), ("en", english_report())] {
        report.title.push_str(" (timing)");
        report.footer.push_str(" (timing)");
        let start = Instant::now();
        let bytes = report_pdf(&report)?;
        println!("report {name}: {:?}, {} KiB", start.elapsed(), bytes.len() / 1024);
    }
    let certs = batch(200);
    let start = Instant::now();
    let bytes = certificates_pdf(&certs)?;
    println!("200 certificates: {:?}, {} KiB", start.elapsed(), bytes.len() / 1024);
    Ok(())
}

#[test]
fn template_errors_name_the_message_and_the_line() {
    let err = compile("#let x = 1\n#panic(\"boom\")\n", b"{}".to_vec()).err();
    let Some(PdfError::Layout(text)) = err else {
        panic!("expected a layout error, got {err:?}");
    };
    assert!(text.contains("boom") && text.contains("template line 2"), "{text}");
}

#[test]
fn templates_read_only_their_data() {
    let err = compile("#read(\"/etc/passwd\")", b"{}".to_vec()).err();
    assert!(matches!(&err, Some(PdfError::Layout(text)) if text.contains("denied")), "{err:?}");
}
