//! CSV files that amane hands out: UTF-8 with a byte-order mark (so that Excel shows Arabic instead of mojibake),
//! and every cell safe to open in a spreadsheet (a cell that starts like a formula is written as text).

/// A CSV writer whose output starts with the UTF-8 byte-order mark.
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer("\u{feff}".as_bytes().to_vec())
}

/// A cell as a spreadsheet should show it: one starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula by Excel or LibreOffice, so it gets a leading apostrophe (shown as text, not computed).
pub fn cell(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// A cell as [`cell`] wrote it read back: the apostrophe it put before a formula character is taken off again, so
/// that a file amane exported imports back unchanged.
pub fn uncell(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) => rest,
        _ => value,
    }
}

/// Writes one row, every cell made safe.
pub fn row<I, S>(w: &mut csv::Writer<Vec<u8>>, cells: I) -> csv::Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    w.write_record(cells.into_iter().map(|c| cell(c.as_ref()).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_first_and_formulas_neutralised() {
        let mut w = writer();
        row(&mut w, ["nickname", "score"]).expect("row");
        row(&mut w, ["=HYPERLINK(\"http://evil.example\")", "12"]).expect("row");
        row(&mut w, ["+33 6", "-1"]).expect("row");
        row(&mut w, ["@SUM(A1)", "\tx"]).expect("row");
        row(&mut w, ["نجمة", "Faucon"]).expect("row");
        let out = String::from_utf8(w.into_inner().expect("bytes")).expect("utf-8");
        assert!(out.starts_with('\u{feff}'), "{out:?}");
        let lines: Vec<&str> = out.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://evil.example\"\")\",12");
        assert_eq!(lines[2], "'+33 6,'-1");
        assert_eq!(lines[3], "'@SUM(A1),'\tx");
        assert_eq!(lines[4], "نجمة,Faucon");
    }

    #[test]
    fn uncell_undoes_cell_and_nothing_else() {
        for v in ["=1+1", "+33 6", "-1", "@SUM(A1)", "\tx", "P01", "'quoted", "", "'", "it's"] {
            assert_eq!(uncell(&cell(v)), v, "{v:?}");
        }
        assert_eq!(uncell("'P01"), "'P01", "an apostrophe before anything else is the cell's own");
    }
}
