//! Test results typed from paper: classes without phones answer on paper, and the facilitator types one line per
//! answer in a spreadsheet (`participant,establishment,age_band,phase,question,correct`) and imports it.
//!
//! Pure: the caller says which establishments exist. All or nothing, like the registry import: a file with one bad
//! cell is refused whole, with every bad cell of every line listed so it can be fixed in one pass.

use crate::establishments::{BadRow, CellError, FileProblem, LineCounter, open_csv, record_line};
use amane_domain::establishment::EstablishmentCode;
use amane_domain::learning::Phase;
use amane_domain::{Audience, FieldCode, ParticipantCode};
use std::collections::HashMap;

/// The header, exactly, in this order.
pub const COLUMNS: [&str; 6] = ["participant", "establishment", "age_band", "phase", "question", "correct"];

/// One answer of one participant, from line `line` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperResult {
    pub line: usize,
    pub participant: ParticipantCode,
    pub establishment: EstablishmentCode,
    pub age_band: Audience,
    pub phase: Phase,
    /// 1-based position of the question in the test.
    pub position: u32,
    pub correct: bool,
}

/// Why a file of paper results is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperProblems {
    File(FileProblem),
    /// Every line with a bad cell; nothing of the file is kept.
    Rows(Vec<BadRow>),
}

impl From<FileProblem> for PaperProblems {
    fn from(p: FileProblem) -> Self {
        PaperProblems::File(p)
    }
}

/// What earlier lines said about a participant, to refuse a later line that contradicts them.
#[derive(Default)]
struct Seen {
    /// (participant, phase, question) → the line of that answer.
    answers: HashMap<(ParticipantCode, Phase, u32), usize>,
    establishment: HashMap<ParticipantCode, (EstablishmentCode, usize)>,
    age_band: HashMap<ParticipantCode, (Audience, usize)>,
}

/// Reads a paper-results file for a test of `n_questions` questions: UTF-8 with or without BOM, `,` or `;`, CRLF
/// or LF, blank lines skipped; line numbers are those a spreadsheet or an editor shows.
pub fn parse(
    bytes: &[u8],
    n_questions: u32,
    known_establishment: &dyn Fn(&str) -> bool,
) -> Result<Vec<PaperResult>, PaperProblems> {
    let (text, delimiter) = open_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let header_line = reader.headers().ok().and_then(|h| h.position().cloned());
    let header_line = record_line(text, header_line.as_ref()).max(1);
    let mut names: Vec<String> = reader
        .headers()
        .map_err(|e| FileProblem::Malformed { line: header_line, reason: e.to_string() })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    // Spreadsheets add empty columns after the last one that was used.
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    if names != COLUMNS {
        let missing: Vec<&'static str> = COLUMNS.iter().copied().filter(|c| !names.iter().any(|n| n == c)).collect();
        if !missing.is_empty() {
            return Err(FileProblem::MissingColumns(missing).into());
        }
        // Every column is there, but not only them or not in order: a column of names must not slip in unseen.
        return Err(FileProblem::Malformed {
            line: header_line,
            reason: format!("the header must be exactly: {}", COLUMNS.join(",")),
        }
        .into());
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut seen = Seen::default();
    let mut lines = LineCounter::new(text);
    for result in reader.records() {
        let record = result
            .map_err(|e| FileProblem::Malformed { line: record_line(text, e.position()), reason: e.to_string() })?;
        let line = lines.line(record.position());
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match check_row(&fields, line, n_questions, known_establishment, &mut seen) {
            Ok(r) => good.push(r),
            Err(errors) => bad.push(BadRow { line, record: fields, errors }),
        }
    }
    if !bad.is_empty() {
        return Err(PaperProblems::Rows(bad));
    }
    if good.is_empty() {
        return Err(FileProblem::Empty.into());
    }
    Ok(good)
}

/// Checks one line and remembers what it says about its participant, even when another of its cells is bad, so
/// that a clash with a later line is reported in the same pass.
fn check_row(
    fields: &[String],
    line: usize,
    n_questions: u32,
    known_establishment: &dyn Fn(&str) -> bool,
    seen: &mut Seen,
) -> Result<PaperResult, Vec<CellError>> {
    // A file amane exported put an apostrophe before a cell starting like a formula: read the cell it wrote.
    let cell = |i: usize| crate::csv_out::uncell(fields.get(i).map(String::as_str).unwrap_or(""));
    let mut errors = Vec::new();
    let mut refuse = |column: usize, code: FieldCode, earlier_line: Option<usize>| {
        errors.push(CellError { column: COLUMNS[column], code, value: cell(column).to_owned(), earlier_line });
    };
    let participant = ParticipantCode::parse(cell(0)).map_err(|code| refuse(0, code, None)).ok();
    let establishment = EstablishmentCode::parse(cell(1))
        .and_then(|c| if known_establishment(c.as_str()) { Ok(c) } else { Err(FieldCode::EstablishmentUnknown) })
        .map_err(|code| refuse(1, code, None))
        .ok();
    let age_band = age_band(cell(2)).map_err(|code| refuse(2, code, None)).ok();
    let phase = Phase::parse(cell(3)).map_err(|code| refuse(3, code, None)).ok();
    let position = question(cell(4), n_questions).map_err(|code| refuse(4, code, None)).ok();
    let correct = correct(cell(5)).map_err(|code| refuse(5, code, None)).ok();
    for (i, extra) in fields.iter().enumerate().skip(COLUMNS.len()) {
        if !extra.trim().is_empty() {
            errors.push(CellError {
                column: "extra",
                code: FieldCode::UnknownField,
                value: format!("{}: {extra}", i + 1),
                earlier_line: None,
            });
        }
    }
    if let Some(p) = &participant {
        if let Some(e) = &establishment {
            match seen.establishment.get(p) {
                Some((first, at)) if first != e => errors.push(CellError {
                    column: COLUMNS[1],
                    code: FieldCode::ParticipantEstablishmentDiffers,
                    value: cell(1).to_owned(),
                    earlier_line: Some(*at),
                }),
                Some(_) => {}
                None => {
                    seen.establishment.insert(p.clone(), (e.clone(), line));
                }
            }
        }
        if let Some(a) = age_band {
            match seen.age_band.get(p) {
                Some((first, at)) if *first != a => errors.push(CellError {
                    column: COLUMNS[2],
                    code: FieldCode::ParticipantAgeBandDiffers,
                    value: cell(2).to_owned(),
                    earlier_line: Some(*at),
                }),
                Some(_) => {}
                None => {
                    seen.age_band.insert(p.clone(), (a, line));
                }
            }
        }
        if let (Some(phase), Some(position)) = (phase, position) {
            match seen.answers.get(&(p.clone(), phase, position)) {
                Some(at) => errors.push(CellError {
                    column: COLUMNS[4],
                    code: FieldCode::AnswerDuplicate,
                    value: cell(4).to_owned(),
                    earlier_line: Some(*at),
                }),
                None => {
                    seen.answers.insert((p.clone(), phase, position), line);
                }
            }
        }
    }
    // In the order of the columns, as a person reads the line.
    errors.sort_by_key(|e| COLUMNS.iter().position(|c| *c == e.column).unwrap_or(COLUMNS.len()));
    match (participant, establishment, age_band, phase, position, correct) {
        (Some(participant), Some(establishment), Some(age_band), Some(phase), Some(position), Some(correct))
            if errors.is_empty() =>
        {
            Ok(PaperResult { line, participant, establishment, age_band, phase, position, correct })
        }
        _ => Err(errors),
    }
}

/// A child's age band: the audiences of adults are refused too, since paper tests are the children's.
fn age_band(raw: &str) -> Result<Audience, FieldCode> {
    if raw.trim().is_empty() {
        return Err(FieldCode::Required);
    }
    Audience::parse(raw).ok().filter(|a| a.is_child()).ok_or(FieldCode::AgeBandUnknown)
}

fn question(raw: &str, n_questions: u32) -> Result<u32, FieldCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldCode::Required);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldCode::NumberInvalid);
    }
    match s.parse::<u32>() {
        Ok(n) if (1..=n_questions).contains(&n) => Ok(n),
        _ => Err(FieldCode::QuestionOutOfRange),
    }
}

fn correct(raw: &str) -> Result<bool, FieldCode> {
    match raw.trim() {
        "" => Err(FieldCode::Required),
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(FieldCode::CorrectInvalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(code: &str) -> bool {
        ["FES001", "CAS-02"].contains(&code)
    }

    fn parse10(text: &str) -> Result<Vec<PaperResult>, PaperProblems> {
        parse(text.as_bytes(), 10, &known)
    }

    /// (line, column, code, earlier line) of every refused cell.
    fn cells(p: Result<Vec<PaperResult>, PaperProblems>) -> Vec<(usize, &'static str, &'static str, Option<usize>)> {
        let Err(PaperProblems::Rows(rows)) = p else { panic!("bad rows expected, got {p:?}") };
        rows.iter()
            .flat_map(|r| r.errors.iter().map(move |e| (r.line, e.column, e.code.as_str(), e.earlier_line)))
            .collect()
    }

    #[test]
    fn excel_crlf_semicolons_bom_and_quotes() {
        // What French Excel saves as "CSV UTF-8 (délimité par des points-virgules)", with a blank row left in.
        let file = "\u{feff}participant;establishment;age_band;phase;question;correct;;\r\n\
            \"P01\";FES001;8-11;pre;1;1;;\r\n\
            P01;\"fes001\";\"8-11\";pre;2;0;;\r\n\
            ;;;;;;;\r\n\
            \r\n\
            \"6B; 017\";CAS-02;12-14;post;10;\"1\";;\r\n";
        let rows = parse10(file).expect("parses");
        let got: Vec<(usize, &str, &str, Audience, Phase, u32, bool)> = rows
            .iter()
            .map(|r| {
                (r.line, r.participant.as_str(), r.establishment.as_str(), r.age_band, r.phase, r.position, r.correct)
            })
            .collect();
        assert_eq!(
            got,
            [
                (2, "P01", "FES001", Audience::Age8To11, Phase::Pre, 1, true),
                (3, "P01", "FES001", Audience::Age8To11, Phase::Pre, 2, false),
                (6, "6B; 017", "CAS-02", Audience::Age12To14, Phase::Post, 10, true),
            ]
        );
    }

    #[test]
    fn lf_commas_spaced_header_and_blank_lines() {
        let file = " participant , establishment,age_band ,phase,question,correct\n\
            \n\
            P01,FES001,15-17,pre,3,0\n\
            \n\
            \n\
            P01,FES001,15-17,followup,3,1\n";
        let rows = parse10(file).expect("parses");
        assert_eq!(rows.iter().map(|r| (r.line, r.phase)).collect::<Vec<_>>(), [(3, Phase::Pre), (6, Phase::FollowUp)]);
    }

    #[test]
    fn every_bad_cell_of_every_line_is_listed() {
        let file = "participant;establishment;age_band;phase;question;correct\n\
            P01;FES001;8-11;pre;1;1\n\
            ali@mail.ma;XYZ999;staff;avant;0;oui\n\
            \n\
            06 12 34 56 78;;7-9;post;11;2\n\
            P01;CAS-02;12-14;pre;1;1\n\
            P02;FES001;8-11;post;x;1;Yasmine Benali\n\
            P03;FES001;8-11;pre;2;\n\
            P01;FES001;8-11;post;1;0\n";
        let expected = vec![
            (3, "participant", "participant_contact", None),
            (3, "establishment", "establishment_unknown", None),
            (3, "age_band", "age_band_unknown", None),
            (3, "phase", "phase_unknown", None),
            (3, "question", "question_out_of_range", None),
            (3, "correct", "correct_invalid", None),
            (5, "participant", "participant_contact", None),
            (5, "establishment", "required", None),
            (5, "age_band", "age_band_unknown", None),
            (5, "question", "question_out_of_range", None),
            (5, "correct", "correct_invalid", None),
            (6, "establishment", "participant_establishment_differs", Some(2)),
            (6, "age_band", "participant_age_band_differs", Some(2)),
            (6, "question", "answer_duplicate", Some(2)),
            (7, "question", "number_invalid", None),
            (7, "extra", "unknown_field", None),
            (8, "correct", "required", None),
        ];
        assert_eq!(cells(parse10(file)), expected);
        // The same file as Excel writes it: the same lines.
        assert_eq!(cells(parse10(&file.replace('\n', "\r\n"))), expected);
    }

    #[test]
    fn a_repeated_answer_names_the_first_line_even_when_that_line_is_bad() {
        let file = "participant,establishment,age_band,phase,question,correct\n\
            P01,FES001,8-11,post,4,maybe\n\
            P01,FES001,8-11,post,4,1\n\
            P01,FES001,8-11,pre,4,1\n";
        assert_eq!(
            cells(parse10(file)),
            [(2, "correct", "correct_invalid", None), (3, "question", "answer_duplicate", Some(2))]
        );
    }

    #[test]
    fn wrong_headers_are_refused_whole() {
        let missing = parse10("participant;ecole;age;phase;question;correct\nP01;FES001;8-11;pre;1;1\n");
        assert_eq!(missing, Err(PaperProblems::File(FileProblem::MissingColumns(vec!["establishment", "age_band"]))));
        // No header at all: every column is missing.
        assert_eq!(
            parse10("P01,FES001,8-11,pre,1,1\n"),
            Err(PaperProblems::File(FileProblem::MissingColumns(COLUMNS.to_vec())))
        );
        // Names are matched exactly (spaces around them aside): a capital is a missing column.
        assert_eq!(
            parse10("Participant,establishment,age_band,phase,question,correct\nP01,FES001,8-11,pre,1,1\n"),
            Err(PaperProblems::File(FileProblem::MissingColumns(vec!["participant"])))
        );
        // All there, but in another order or with one more (a column of names must not slip in).
        for (file, line) in [
            ("participant,establishment,phase,age_band,question,correct\n", 1),
            ("\r\nparticipant,establishment,age_band,phase,question,correct,name\r\n", 2),
        ] {
            let got = parse10(&format!("{file}P01,FES001,8-11,pre,1,1,Yasmine\n"));
            assert!(
                matches!(&got, Err(PaperProblems::File(FileProblem::Malformed { line: l, .. })) if *l == line),
                "{file:?}: {got:?}"
            );
        }
    }

    #[test]
    fn empty_and_non_utf8_files() {
        assert_eq!(parse10(""), Err(PaperProblems::File(FileProblem::Empty)));
        assert_eq!(parse10("\u{feff}\r\n\r\n"), Err(PaperProblems::File(FileProblem::Empty)));
        assert_eq!(
            parse10("participant;establishment;age_band;phase;question;correct\r\n;;;;;\r\n"),
            Err(PaperProblems::File(FileProblem::Empty))
        );
        // "élève" saved as Windows-1252 by an older Excel.
        let latin1 =
            b"participant;establishment;age_band;phase;question;correct\r\n\xe9l\xe8ve1;FES001;8-11;pre;1;1\r\n";
        assert_eq!(parse(latin1, 10, &known), Err(PaperProblems::File(FileProblem::NotUtf8)));
    }
}
