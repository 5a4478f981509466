//! The establishment registry's CSV import and export: one service for the CLI, the upload page and the API.
//!
//! A file is read whole and every bad row is reported (line, column, reason) before anything is stored; by
//! default one bad row refuses the file, and `skip_invalid` stores the good rows and returns the rejects.

use amane_domain::FieldCode;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Region, Sector, Setting, fold};
use amane_domain::parse_display_name;
use amane_store::establishments::Imported;
use amane_store::{Db, StoreError, now_ms};
use std::collections::HashMap;

/// The columns, by their English header, in export order.
pub const COLUMNS: [&str; 9] =
    ["code", "name_fr", "name_ar", "region", "province", "commune", "level", "sector", "setting"];

/// Header names accepted for each column (folded: lower case, no accents, `_` as space).
fn column_of(header: &str) -> Option<usize> {
    let h = fold(header);
    let idx = match h.as_str() {
        "code" => 0,
        "name fr" | "nom fr" => 1,
        "name ar" | "nom ar" => 2,
        "region" => 3,
        "province" => 4,
        "commune" => 5,
        "level" | "niveau" => 6,
        "sector" | "secteur" => 7,
        "setting" | "milieu" => 8,
        _ => return None,
    };
    Some(idx)
}

/// One refused cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: &'static str,
    /// A stable reason code, translated as `field_<code>`.
    pub code: FieldCode,
    pub value: String,
    /// The earlier line this cell clashes with (a code given twice, a participant given two schools).
    pub earlier_line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub record: Vec<String>,
    pub errors: Vec<CellError>,
}

/// Why a whole file is refused before its rows are looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    NotUtf8,
    Empty,
    MissingColumns(Vec<&'static str>),
    Malformed { line: usize, reason: String },
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub headers: Vec<String>,
    pub good: Vec<Establishment>,
    pub bad: Vec<BadRow>,
}

fn text(raw: &str, max: usize) -> Result<String, FieldCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldCode::Required);
    }
    if s.chars().count() > max {
        return Err(FieldCode::TooLong);
    }
    if s.chars().any(char::is_control) {
        return Err(FieldCode::TextControlChars);
    }
    Ok(s.to_owned())
}

/// The 1-based line of the file where a CSV record starts. The reader's own count starts a record where the previous
/// one ended, before the blank lines and the `\n` of a CRLF it skips: counted here from the record's first byte.
pub fn record_line(text: &str, position: Option<&csv::Position>) -> usize {
    let Some(p) = position else { return 0 };
    let mut at = usize::try_from(p.byte()).unwrap_or(usize::MAX).min(text.len());
    while at < text.len() && matches!(text.as_bytes()[at], b'\r' | b'\n') {
        at += 1;
    }
    text.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1
}

/// The lines of records read in order, counted on from the previous record: [`record_line`] counts from the start
/// of the file each time, which made importing 400,000 lines of paper results quadratic (it never ended).
pub struct LineCounter<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCounter { text, at: 0, line: 1 }
    }

    /// The same number as [`record_line`] for the same position.
    pub fn line(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(p) = position else { return 0 };
        let bytes = self.text.as_bytes();
        let mut at = usize::try_from(p.byte()).unwrap_or(usize::MAX).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        if at < self.at {
            return record_line(self.text, position);
        }
        self.line += bytes[self.at..at].iter().filter(|b| **b == b'\n').count();
        self.at = at;
        self.line
    }
}

/// The text of a CSV file as spreadsheets save it (UTF-8, with or without BOM) and its delimiter, `;` when the
/// first non-blank line has more of them than of `,` (French Excel), `,` otherwise.
pub fn open_csv(bytes: &[u8]) -> Result<(&str, u8), FileProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().find(|l| !l.trim().is_empty()).ok_or(FileProblem::Empty)?;
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    Ok((text, delimiter))
}

/// Reads a registry file: UTF-8 with or without BOM, `,` or `;`, quoted fields, headers in English or French
/// in any order.
pub fn parse_csv(bytes: &[u8], regions: &[Region]) -> Result<Parsed, FileProblem> {
    let (text_all, delimiter) = open_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text_all.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FileProblem::Malformed { line: 1, reason: e.to_string() })?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut map = [usize::MAX; 9];
    for (i, h) in headers.iter().enumerate() {
        if let Some(c) = column_of(h) {
            map[c] = i;
        }
    }
    let missing: Vec<&'static str> =
        COLUMNS.iter().zip(map).filter(|(_, i)| *i == usize::MAX).map(|(c, _)| *c).collect();
    if !missing.is_empty() {
        return Err(FileProblem::MissingColumns(missing));
    }
    let mut parsed = Parsed { headers, ..Parsed::default() };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for result in reader.records() {
        let record = result
            .map_err(|e| FileProblem::Malformed { line: record_line(text_all, e.position()), reason: e.to_string() })?;
        let line = record_line(text_all, record.position());
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cells: [&str; 9] = std::array::from_fn(|c| fields.get(map[c]).map(String::as_str).unwrap_or(""));
        let earlier = EstablishmentCode::parse(cells[0]).ok().and_then(|c| seen.get(c.as_str()).copied());
        let mut checked = check_row(&cells, regions);
        if let Some(earlier) = earlier {
            // A code already given by an earlier row is named first, with whatever else is wrong with this one.
            let mut errors = checked.err().unwrap_or_default();
            errors.insert(
                0,
                CellError {
                    column: "code",
                    code: FieldCode::CodeDuplicate,
                    value: cells[0].to_owned(),
                    earlier_line: Some(earlier),
                },
            );
            checked = Err(errors);
        }
        match checked {
            Ok(e) => {
                seen.insert(e.code.as_str().to_owned(), line);
                parsed.good.push(e);
            }
            Err(errors) => parsed.bad.push(BadRow { line, record: fields, errors }),
        }
    }
    Ok(parsed)
}

/// Checks one row of the registry, in the order of [`COLUMNS`], against the regions: the establishment, or every
/// cell at fault. The CSV import and the API's single upsert share it.
pub fn check_row(cells: &[&str; 9], regions: &[Region]) -> Result<Establishment, Vec<CellError>> {
    let cell = |c: usize| cells[c];
    let mut errors = Vec::new();
    let mut check = |column: &'static str, value: &str, r: Result<(), FieldCode>| {
        if let Err(code) = r {
            errors.push(CellError { column, code, value: value.to_owned(), earlier_line: None });
        }
    };
    let code = EstablishmentCode::parse(cell(0));
    check("code", cell(0), code.as_ref().map(|_| ()).map_err(|e| *e));
    let name_fr = text(cell(1), 200);
    check("name_fr", cell(1), name_fr.as_ref().map(|_| ()).map_err(|e| *e));
    let name_ar = text(cell(2), 200);
    check("name_ar", cell(2), name_ar.as_ref().map(|_| ()).map_err(|e| *e));
    let region = regions.iter().find(|r| r.matches(cell(3)));
    check(
        "region",
        cell(3),
        if cell(3).trim().is_empty() {
            Err(FieldCode::Required)
        } else if region.is_none() {
            Err(FieldCode::RegionUnknown)
        } else {
            Ok(())
        },
    );
    let province = parse_display_name(cell(4));
    check("province", cell(4), province.as_ref().map(|_| ()).map_err(|e| *e));
    let commune = parse_display_name(cell(5));
    check("commune", cell(5), commune.as_ref().map(|_| ()).map_err(|e| *e));
    let level = Level::parse(cell(6));
    check("level", cell(6), level.map(|_| ()));
    let sector = Sector::parse(cell(7));
    check("sector", cell(7), sector.map(|_| ()));
    let setting = Setting::parse(cell(8));
    check("setting", cell(8), setting.map(|_| ()));
    match (code, name_fr, name_ar, region, province, commune, level, sector, setting) {
        (
            Ok(code),
            Ok(name_fr),
            Ok(name_ar),
            Some(region),
            Ok(province),
            Ok(commune),
            Ok(level),
            Ok(sector),
            Ok(setting),
        ) if errors.is_empty() => Ok(Establishment {
            code,
            name_fr,
            name_ar,
            region: region.code.clone(),
            province,
            commune,
            level,
            sector,
            setting,
        }),
        _ => Err(errors),
    }
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    pub imported: Imported,
    /// Rows refused (stored nothing for them); empty unless `skip_invalid`.
    pub rejected: Vec<BadRow>,
    pub headers: Vec<String>,
}

#[derive(Debug)]
pub enum ImportError {
    File(FileProblem),
    /// Bad rows: nothing was stored.
    Rows(Vec<BadRow>),
    Store(StoreError),
}

/// Parses and stores a registry file.
pub async fn import(
    db: &Db,
    bytes: &[u8],
    skip_invalid: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Outcome, ImportError> {
    let regions = db.list_regions().await.map_err(ImportError::Store)?;
    let parsed = parse_csv(bytes, &regions).map_err(ImportError::File)?;
    if !parsed.bad.is_empty() && !skip_invalid {
        return Err(ImportError::Rows(parsed.bad));
    }
    let imported = db.upsert_establishments(&parsed.good, now_ms(), progress).await.map_err(ImportError::Store)?;
    tracing::info!(
        inserted = imported.inserted,
        updated = imported.updated,
        rejected = parsed.bad.len(),
        "establishments imported"
    );
    Ok(Outcome { imported, rejected: parsed.bad, headers: parsed.headers })
}

/// The rejected rows as CSV: the original columns plus an `error` column saying what and why. The cells are the
/// uploaded file's own, so they are made formula-safe like every CSV amane hands out.
pub fn rejects_csv(headers: &[String], rows: &[BadRow], describe: &dyn Fn(&CellError) -> String) -> Vec<u8> {
    let mut w = crate::csv_out::writer();
    let mut head: Vec<&str> = headers.iter().map(String::as_str).collect();
    head.push("error");
    let _ = crate::csv_out::row(&mut w, &head);
    for r in rows {
        let mut rec = r.record.clone();
        rec.resize(headers.len(), String::new());
        rec.push(r.errors.iter().map(describe).collect::<Vec<_>>().join("; "));
        let _ = crate::csv_out::row(&mut w, &rec);
    }
    w.into_inner().unwrap_or_default()
}

/// The registry as CSV with English headers, regions by code.
pub fn export_csv(rows: &[Establishment]) -> Vec<u8> {
    let mut w = crate::csv_out::writer();
    let _ = crate::csv_out::row(&mut w, COLUMNS);
    for e in rows {
        let _ = crate::csv_out::row(
            &mut w,
            [
                e.code.as_str(),
                &e.name_fr,
                &e.name_ar,
                &e.region,
                &e.province,
                &e.commune,
                e.level.code(),
                e.sector.code(),
                e.setting.code(),
            ],
        );
    }
    w.into_inner().unwrap_or_default()
}

/// Reads a regions file (`code`, `name_fr`/`nom_fr`, `name_ar`/`nom_ar`), listing every bad row.
pub fn parse_regions(bytes: &[u8]) -> Result<Vec<Region>, Result<Vec<BadRow>, FileProblem>> {
    let (text_all, delimiter) = open_csv(bytes).map_err(Err)?;
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text_all.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Err(FileProblem::Malformed { line: 1, reason: e.to_string() }))?
        .iter()
        .map(str::to_owned)
        .collect();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&fold(h).as_str()));
    let (Some(c), Some(f), Some(a)) = (find(&["code"]), find(&["name fr", "nom fr"]), find(&["name ar", "nom ar"]))
    else {
        let mut missing = Vec::new();
        if find(&["code"]).is_none() {
            missing.push("code");
        }
        if find(&["name fr", "nom fr"]).is_none() {
            missing.push("name_fr");
        }
        if find(&["name ar", "nom ar"]).is_none() {
            missing.push("name_ar");
        }
        return Err(Err(FileProblem::MissingColumns(missing)));
    };
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            Err(FileProblem::Malformed { line: record_line(text_all, e.position()), reason: e.to_string() })
        })?;
        let line = record_line(text_all, rec.position());
        let get = |i: usize| rec.get(i).unwrap_or("").trim().to_owned();
        let (code, fr, ar) = (get(c), get(f), get(a));
        let mut errors = Vec::new();
        if code.is_empty() || code.len() > 8 || !code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            errors.push(CellError {
                column: "code",
                code: if code.is_empty() { FieldCode::Required } else { FieldCode::CodeInvalid },
                value: code.clone(),
                earlier_line: None,
            });
        }
        if fr.is_empty() {
            errors.push(CellError {
                column: "name_fr",
                code: FieldCode::Required,
                value: fr.clone(),
                earlier_line: None,
            });
        }
        if ar.is_empty() {
            errors.push(CellError {
                column: "name_ar",
                code: FieldCode::Required,
                value: ar.clone(),
                earlier_line: None,
            });
        }
        if errors.is_empty() {
            good.push(Region { code, name_fr: fr, name_ar: ar });
        } else {
            bad.push(BadRow { line, record: rec.iter().map(str::to_owned).collect(), errors });
        }
    }
    if bad.is_empty() { Ok(good) } else { Err(Ok(bad)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amane_domain::establishment::morocco_regions;

    /// The rejected rows echo what was uploaded: a formula in them is written as text, not run by a spreadsheet.
    #[test]
    fn rejected_rows_are_formula_safe() {
        let bad = BadRow {
            line: 2,
            record: vec!["=cmd|' /C calc'!A0".into(), "@SUM(1)".into()],
            errors: vec![CellError {
                column: "code",
                code: FieldCode::CodeInvalid,
                value: "=cmd".into(),
                earlier_line: None,
            }],
        };
        let out = rejects_csv(&["code".into(), "name_fr".into()], &[bad], &|_| "+bad".into());
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
        let line = text.lines().nth(1).expect("the row");
        assert_eq!(line, "'=cmd|' /C calc'!A0,'@SUM(1),'+bad");
    }

    const GOOD: &str = "\u{feff}Code;Nom_FR;nom_ar;Région;Province;Commune;Niveau;Secteur;Milieu\n\
        FES001;École Ibn Khaldoun;مدرسة ابن خلدون;Fès-Meknès;Fès;Agdal;Primaire;Public;Urbain\n\
        \"CAS-02\";\"Lycée \"\"Anfa\"\", annexe\";ثانوية أنفا;06;Casablanca;Anfa;lycée;privé;urbain\n\
        rba3;Collège Al Amal;إعدادية الأمل;الرباط سلا القنيطرة;Rabat;Agdal-Riyad;college;public;rural\n";

    #[test]
    fn reads_french_headers_semicolons_bom_quotes_and_arabic() {
        let p = parse_csv(GOOD.as_bytes(), &morocco_regions()).expect("parses");
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        assert_eq!(p.good.len(), 3);
        assert_eq!(p.good[1].name_fr, "Lycée \"Anfa\", annexe");
        assert_eq!((p.good[1].region.as_str(), p.good[1].sector), ("06", Sector::Private));
        assert_eq!(
            (p.good[2].code.as_str(), p.good[2].region.as_str(), p.good[2].level),
            ("RBA3", "04", Level::Middle)
        );
        assert_eq!(p.good[0].name_ar, "مدرسة ابن خلدون");
    }

    #[test]
    fn every_bad_row_is_listed_with_line_column_and_reason() {
        let csv = "code,name_fr,name_ar,region,province,commune,level,sector,setting\n\
            A1,École A,مدرسة,03,Fès,Agdal,primary,public,urban\n\
            ,École B,مدرسة,03,Fès,Agdal,primary,public,urban\n\
            A3,École C,مدرسة,Atlantis,Fès,Agdal,kindergarten,public,urban\n\
            A1,École D,مدرسة,03,Fès,Agdal,primary,public,suburb\n";
        let p = parse_csv(csv.as_bytes(), &morocco_regions()).expect("parses");
        assert_eq!(p.good.len(), 1);
        let got: Vec<(usize, Vec<(&str, &str)>)> =
            p.bad.iter().map(|b| (b.line, b.errors.iter().map(|e| (e.column, e.code.as_str())).collect())).collect();
        assert_eq!(
            got,
            vec![
                (3, vec![("code", "required")]),
                (4, vec![("region", "region_unknown"), ("level", "level_unknown")]),
                (5, vec![("code", "code_duplicate"), ("setting", "setting_unknown")]),
            ]
        );
        assert_eq!(p.bad[2].errors[0].earlier_line, Some(2), "the duplicate names the line of the first A1");
    }

    #[test]
    fn lines_are_counted_as_the_file_has_them_with_crlf_or_lf() {
        // What Excel writes: CRLF line ends, quoted cells, a blank line.
        let lf = "code,name_fr,name_ar,region,province,commune,level,sector,setting\n\
            A1,\"École A, annexe\",مدرسة,03,Fès,Agdal,primary,public,urban\n\
            \n\
            ,École B,مدرسة,03,Fès,Agdal,primary,public,urban\n\
            A3,École C,مدرسة,Atlantis,Fès,Agdal,primary,public,urban\n";
        for text in [lf.to_owned(), lf.replace('\n', "\r\n")] {
            let p = parse_csv(text.as_bytes(), &morocco_regions()).expect("parses");
            let lines: Vec<usize> = p.bad.iter().map(|b| b.line).collect();
            assert_eq!(lines, [4, 5], "{text:?}");
        }
        let regions = "code;name_fr;name_ar\r\n01;Nord;الشمال\r\nXX!;Sud;الجنوب\r\n";
        let Err(Ok(bad)) = parse_regions(regions.as_bytes()) else { panic!("a bad row") };
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(parse_csv(b"\xff\xfe", &[]).err(), Some(FileProblem::NotUtf8));
        assert_eq!(parse_csv(b"  \n", &[]).err(), Some(FileProblem::Empty));
        assert_eq!(
            parse_csv(b"code;nom_fr\nA;B\n", &[]).err(),
            Some(FileProblem::MissingColumns(vec![
                "name_ar", "region", "province", "commune", "level", "sector", "setting"
            ]))
        );
    }

    #[test]
    fn export_round_trips() {
        let p = parse_csv(GOOD.as_bytes(), &morocco_regions()).expect("parses");
        let out = export_csv(&p.good);
        let again = parse_csv(&out, &morocco_regions()).expect("re-parses");
        assert_eq!(again.good, p.good);
    }
}
