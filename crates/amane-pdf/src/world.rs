//! The closed world typst compiles in: one template, one `data.json`, the embedded fonts and today's date.
//!
//! Nothing else is reachable (no file system, no packages), so a template can only read the data it is
//! given, and user text reaches typst as JSON strings, never as markup.

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The standard library is the same for every document; building it costs milliseconds, so once.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The embedded fonts, parsed once: a Latin face and an Arabic face, regular and bold.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    const FILES: [&[u8]; 4] = [
        include_bytes!("../fonts/NotoSans-Regular.ttf"),
        include_bytes!("../fonts/NotoSans-Bold.ttf"),
        include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
        include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf"),
    ];
    let fonts: Vec<Font> = FILES.into_iter().filter_map(|data| Font::new(Bytes::new(data), 0)).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// The family names templates ask for, in `set text(font: ...)`.
pub(crate) const LATIN_FAMILY: &str = "Noto Sans";
pub(crate) const ARABIC_FAMILY: &str = "Noto Naskh Arabic";

/// The fonts parsed from the embedded files (4 unless a file failed to parse, which a test rules out).
#[cfg(test)]
pub(crate) fn fonts() -> &'static [Font] {
    &FONTS.1
}

fn file_id(path: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| FileError::Other(Some(e.to_string().into())))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One compilation: the template as `/main.typ`, the data as `/data.json`.
pub(crate) struct PdfWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl PdfWorld {
    pub(crate) fn new(template: &'static str, data: Vec<u8>) -> FileResult<Self> {
        let main = Source::new(file_id("/main.typ")?, template.to_owned());
        Ok(Self { main, data_id: file_id("/data.json")?, data: Bytes::new(data) })
    }

    pub(crate) fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for PdfWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.data_id {
            Err(FileError::NotSource)
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        let offset_secs = offset.map_or(0, |d| d.seconds() as i64);
        let days = (secs as i64 + offset_secs).div_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        Datetime::from_ymd(y, m, d)
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`),
/// so that `today` needs no date crate.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn every_embedded_font_parses_with_the_family_templates_name() {
        let families: Vec<String> = fonts().iter().map(|f| f.info().family.clone()).collect();
        assert_eq!(fonts().len(), 4, "{families:?}");
        assert!(families.iter().any(|f| f == LATIN_FAMILY), "{families:?}");
        assert!(families.iter().any(|f| f == ARABIC_FAMILY), "{families:?}");
    }
}
