//! PDFs made in-process: the campaign report and printable certificates, in French, Arabic (right to left)
//! or English, laid out by typst with fonts embedded in the binary.
//!
//! Plain data in, bytes out. The data reaches the templates (`templates/*.typ`) as a JSON file that they read
//! with `json("data.json")`: user text is never spliced into typst markup, so a nickname such as
//! `#panic()` prints as it is. Rendering is CPU-bound: call it from `spawn_blocking`.

mod world;

use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;
use world::{ARABIC_FAMILY, LATIN_FAMILY, PdfWorld};

const REPORT_TEMPLATE: &str = include_str!("../templates/report.typ");
const CERTIFICATES_TEMPLATE: &str = include_str!("../templates/certificates.typ");

/// A campaign report: a cover, then one section per page or more.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `"fr"`, `"ar"` or `"en"`.
    pub lang: String,
    pub title: String,
    pub subtitle: String,
    pub generated_on: String,
    pub cover_lines: Vec<String>,
    pub sections: Vec<Section>,
    /// Printed at the foot of every page after the cover, beside the page number.
    pub footer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub figures: Vec<KeyFigure>,
    pub charts: Vec<BarChart>,
    pub tables: Vec<Table>,
}

/// A number that matters, shown large with its label.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: String,
}

/// Horizontal bars, each proportional to the largest value shown.
#[derive(Debug, Clone, Serialize)]
pub struct BarChart {
    pub caption: String,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    /// `None` hides the bar (too few participants to show it): a hatched stub is drawn instead.
    pub value: Option<f64>,
    /// What is printed beside the bar, e.g. `"412"` or `"hidden (<5)"`.
    pub display: String,
}

/// A table whose header row repeats on every page it spans.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    /// Each row has exactly one cell per column.
    pub rows: Vec<Vec<String>>,
    /// Columns aligned to the end side (numbers); missing entries count as `false`.
    pub numeric: Vec<bool>,
}

/// One certificate, printed on its own A4 landscape page.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    /// `"fr"`, `"ar"` or `"en"`.
    pub lang: String,
    pub title: String,
    pub recipient: String,
    pub lines: Vec<String>,
    /// Printed under the QR code, for typing the check by hand.
    pub code: String,
    /// Encoded in the QR code.
    pub verify_url: String,
    pub issued_on: String,
    pub issuer: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("unknown language {0:?}: expected fr, ar or en")]
    UnknownLang(String),
    #[error("table {caption:?}: row {row} has {cells} cells for {columns} columns")]
    RaggedTable { caption: String, row: usize, cells: usize, columns: usize },
    #[error("QR code of {url:?}: {source}")]
    QrCode { url: String, source: qrcode::types::QrError },
    #[error("could not serialise the document data: {0}")]
    Data(#[from] serde_json::Error),
    /// Typst refused the document: its diagnostics, one per line, with the template line they point at.
    #[error("typst could not lay out the document:\n{0}")]
    Layout(String),
    #[error("PDF export failed:\n{0}")]
    Export(String),
}

/// Renders the campaign report (A4 portrait) to PDF bytes.
pub fn report_pdf(report: &Report) -> Result<Vec<u8>, PdfError> {
    let document = compile_report(report)?;
    export(&document)
}

/// Renders certificates to one PDF, one A4 landscape page each, with a QR code of `verify_url`.
pub fn certificates_pdf(certs: &[Certificate]) -> Result<Vec<u8>, PdfError> {
    let document = compile_certificates(certs)?;
    export(&document)
}

/// The text settings of a language: its direction and its fonts, the script's own face first and the
/// other as fallback, so digits and Latin names inside Arabic (and Arabic inside French) still show.
#[derive(Debug, Serialize)]
struct Script {
    lang: &'static str,
    rtl: bool,
    fonts: [&'static str; 2],
}

fn script(lang: &str) -> Result<Script, PdfError> {
    let (lang, rtl) = match lang {
        "fr" => ("fr", false),
        "en" => ("en", false),
        "ar" => ("ar", true),
        other => return Err(PdfError::UnknownLang(other.to_owned())),
    };
    let fonts = if rtl { [ARABIC_FAMILY, LATIN_FAMILY] } else { [LATIN_FAMILY, ARABIC_FAMILY] };
    Ok(Script { lang, rtl, fonts })
}

#[derive(Serialize)]
struct ReportData<'a> {
    script: Script,
    #[serde(flatten)]
    report: &'a Report,
}

#[derive(Serialize)]
struct CertificateData<'a> {
    script: Script,
    /// The QR code of `verify_url`, as an SVG document.
    qr_svg: String,
    #[serde(flatten)]
    cert: &'a Certificate,
}

#[derive(Serialize)]
struct CertificatesData<'a> {
    /// The document's metadata comes from the first certificate (title, language).
    title: &'a str,
    script: Script,
    certs: Vec<CertificateData<'a>>,
}

fn compile_report(report: &Report) -> Result<PagedDocument, PdfError> {
    for section in &report.sections {
        for table in &section.tables {
            check_table(table)?;
        }
    }
    let data = ReportData { script: script(&report.lang)?, report };
    compile(REPORT_TEMPLATE, serde_json::to_vec(&data)?)
}

fn compile_certificates(certs: &[Certificate]) -> Result<PagedDocument, PdfError> {
    let certs_data = certs
        .iter()
        .map(|cert| Ok(CertificateData { script: script(&cert.lang)?, qr_svg: qr_svg(&cert.verify_url)?, cert }))
        .collect::<Result<Vec<_>, PdfError>>()?;
    let first = certs.first();
    let data = CertificatesData {
        title: first.map_or("", |c| c.title.as_str()),
        script: script(first.map_or("en", |c| c.lang.as_str()))?,
        certs: certs_data,
    };
    compile(CERTIFICATES_TEMPLATE, serde_json::to_vec(&data)?)
}

fn check_table(table: &Table) -> Result<(), PdfError> {
    let columns = table.columns.len();
    match table.rows.iter().position(|row| row.len() != columns) {
        Some(row) => {
            Err(PdfError::RaggedTable { caption: table.caption.clone(), row, cells: table.rows[row].len(), columns })
        }
        None => Ok(()),
    }
}

fn qr_svg(url: &str) -> Result<String, PdfError> {
    let code =
        qrcode::QrCode::new(url.as_bytes()).map_err(|source| PdfError::QrCode { url: url.to_owned(), source })?;
    Ok(code.render::<qrcode::render::svg::Color<'_>>().quiet_zone(false).build())
}

fn compile(template: &'static str, data: Vec<u8>) -> Result<PagedDocument, PdfError> {
    let world = PdfWorld::new(template, data).map_err(|e| PdfError::Layout(format!("virtual file system: {e}")))?;
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    // typst memoises across compilations; without eviction a long-running server's cache only grows.
    typst::comemo::evict(10);
    output.map_err(|errors| PdfError::Layout(render_diagnostics(&world, &errors)))
}

fn export(document: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    let options =
        PdfOptions { ident: Smart::Auto, creator: Smart::Custom(Some("amane".into())), ..PdfOptions::default() };
    typst_pdf::pdf(document, &options)
        .map_err(|errors| PdfError::Export(errors.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("\n")))
}

/// One line per diagnostic, `error: message (template line L)`, with its hints indented under it.
fn render_diagnostics(world: &PdfWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(severity);
        out.push_str(": ");
        out.push_str(&diagnostic.message);
        let line = world.range(diagnostic.span).and_then(|range| {
            (diagnostic.span.id() == Some(world.main()))
                .then(|| world.main_source().lines().byte_to_line(range.start))
                .flatten()
        });
        if let Some(line) = line {
            out.push_str(&format!(" (template line {})", line + 1));
        }
        out.push('\n');
        for hint in &diagnostic.hints {
            out.push_str("  hint: ");
            out.push_str(&hint.v);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests;
