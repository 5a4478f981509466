//! A test's answers exported as a paper-results file, read a page of participants at a time.

use crate::assessments::find;
use crate::error::{Error, Result};
use crate::paper_results;
use amane_domain::assessment::AssessmentId;
use amane_domain::{Role, User};
use amane_store::AnswerPage;
use amane_store::Db;

/// Participants per page of an export: about twenty answers each, a few hundred kilobytes of CSV.
const EXPORT_PAGE: u32 = 5_000;

/// A test's answers as a paper-results file (`paper_results::COLUMNS`, UTF-8 with BOM, formula-safe cells), read
/// and written a page of participants at a time, so that exporting twenty million answers holds one page in
/// memory. Imported into another test, the file gives the same learning figures, save what paper does not carry
/// (the workshop, the chosen option). Participant-level but pseudonymous: the codes, never a name.
pub struct ResultsExport {
    db: Db,
    id: AssessmentId,
    page: u32,
    /// The next page, read by the database while this one is turned into CSV (on two cores, reading and
    /// writing take about as long as each other); `None` once everything was asked for.
    next: Option<tokio::task::JoinHandle<Result<AnswerPage>>>,
    header_written: bool,
    /// Only the participants of these workshops (a facilitator's own); `None`: everyone.
    only: Option<std::collections::HashSet<String>>,
}

impl ResultsExport {
    /// Starts the export of a test (not found: `Error::NotFound`, before anything is written).
    pub async fn open(db: &Db, id: AssessmentId) -> Result<ResultsExport> {
        find(db, id).await?;
        Ok(ResultsExport { db: db.clone(), id, page: EXPORT_PAGE, next: None, header_written: false, only: None })
    }

    /// The export `user` may take: everyone's answers for administrators and organizers, only those of the
    /// participants of workshops they facilitate for a facilitator (the participants of other schools are not
    /// theirs to hold, even under a pseudonym).
    pub async fn open_for(db: &Db, id: AssessmentId, user: &User) -> Result<ResultsExport> {
        let mut export = ResultsExport::open(db, id).await?;
        if !matches!(user.role, Role::Admin | Role::Organizer) {
            let own = db.facilitator_workshops(user.id).await?;
            export.only = Some(own.into_iter().map(|w| w.id.to_string()).collect());
        }
        Ok(export)
    }

    /// Reads `n` participants a page instead of the default (tests cross page boundaries with small pages).
    pub fn page_size(mut self, n: u32) -> Self {
        debug_assert!(!self.header_written, "the page size is set before the first chunk");
        self.page = n.max(1);
        self
    }

    /// Starts reading the page of participants that follow `after`.
    fn fetch(&self, after: String) -> tokio::task::JoinHandle<Result<AnswerPage>> {
        let (db, id, n) = (self.db.clone(), self.id, self.page);
        tokio::spawn(async move { Ok(db.assessment_answer_page(id, &after, n).await?) })
    }

    /// The next piece of the file (the byte-order mark and the header first); `None` at the end.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if !self.header_written {
            self.header_written = true;
            self.next = Some(self.fetch(String::new()));
            let mut out = "\u{feff}".as_bytes().to_vec();
            out.extend_from_slice(paper_results::COLUMNS.join(",").as_bytes());
            out.extend_from_slice(b"\r\n");
            return Ok(Some(out));
        }
        // The page asked for while the previous one was being written, or the first one.
        let page = match self.next.take() {
            Some(pending) => pending.await.map_err(|e| Error::caused("reading the results export", e))??,
            None => return Ok(None),
        };
        let Some((last, _, _)) = page.participants.last() else { return Ok(None) };
        if page.participants.len() == self.page as usize {
            self.next = Some(self.fetch(last.clone()));
        }
        let cells: Vec<[String; 3]> = page
            .participants
            .iter()
            .map(|(code, est, band)| {
                [
                    crate::csv_out::cell(code).into_owned(),
                    crate::csv_out::cell(est.as_deref().unwrap_or("")).into_owned(),
                    band.map(|b| b.code()).unwrap_or("").to_owned(),
                ]
            })
            .collect();
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::with_capacity(page.answers.len() * 40));
        let mut position = [0u8; 10];
        let keep = |who: usize| match &self.only {
            None => true,
            Some(own) => page.workshops.get(who).and_then(Option::as_ref).is_some_and(|w| own.contains(w)),
        };
        for (who, phase, at, correct) in &page.answers {
            if !keep(*who) {
                continue;
            }
            let [code, est, band] = &cells[*who];
            let n = write_u32(&mut position, *at);
            w.write_record([
                code.as_bytes(),
                est.as_bytes(),
                band.as_bytes(),
                phase.code().as_bytes(),
                n,
                if *correct { &b"1"[..] } else { &b"0"[..] },
            ])
            .map_err(|e| Error::caused("writing the results export", e))?;
        }
        Ok(Some(w.into_inner().map_err(|e| Error::caused("writing the results export", e.into_error()))?))
    }
}

/// Writes a question number without allocating (twenty million times in a national export).
fn write_u32(buf: &mut [u8; 10], mut n: u32) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

impl Drop for ResultsExport {
    /// A download given up half-way stops reading the page asked for ahead.
    fn drop(&mut self) {
        if let Some(pending) = self.next.take() {
            pending.abort();
        }
    }
}
