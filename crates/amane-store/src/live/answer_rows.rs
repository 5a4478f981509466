//! The answers of one of the engine's batches, written as multi-row `INSERT`s on PostgreSQL: a batch holds up to
//! 2,000 answers, and one statement per answer made the round trips the cost of acknowledging them (13,800
//! answers a second, 51,500 this way: docs/PERFORMANCE.md). SQLite has no round trip and binds 2,304 parameters
//! more slowly than it runs 256 prepared statements (57,800 a second against 25,500): one row per statement.

use super::AnswerRow;
use crate::db::{Backend, Tx, q_generated};
use crate::error::Result;
use std::fmt::Write as _;

/// Rows per statement on PostgreSQL, largest first: a few fixed sizes, so that a connection prepares at most four
/// statements.
const SIZES: [usize; 4] = [256, 32, 4, 1];

/// Inserts the answers in order; an answer already stored for its player and question is left as it is.
pub(super) async fn insert(tx: &mut Tx, rows: &[(&str, &AnswerRow)]) -> Result<()> {
    let sizes: &[usize] = if tx.backend() == Backend::Postgres { &SIZES } else { &[1] };
    let mut rest = rows;
    while !rest.is_empty() {
        let n = sizes.iter().copied().find(|s| *s <= rest.len()).unwrap_or(1);
        let (chunk, tail) = rest.split_at(n);
        let mut query = q_generated(sql(n));
        for (session, a) in chunk {
            query = query
                .bind(*session)
                .bind(a.player_idx)
                .bind(a.question_idx)
                .bind(&a.question_id)
                .bind(&a.answer)
                .bind(a.correct_milli)
                .bind(a.points)
                .bind(a.elapsed_ms)
                .bind(a.answered_at);
        }
        tx.execute(query).await?;
        rest = tail;
    }
    Ok(())
}

/// The statement for `rows` answers, numbered placeholders for both drivers.
fn sql(rows: usize) -> String {
    const COLUMNS: usize = 9;
    let mut sql = String::from(
        "INSERT INTO live_answers (session_id, player_idx, question_idx, question_id, answer, correct_milli, \
         points, elapsed_ms, answered_at) VALUES ",
    );
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..COLUMNS {
            let _ = write!(sql, "{}${}", if c == 0 { "" } else { ", " }, r * COLUMNS + c + 1);
        }
        sql.push(')');
    }
    sql.push_str(" ON CONFLICT (session_id, player_idx, question_idx) DO NOTHING");
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_row_has_its_own_nine_placeholders() {
        assert_eq!(
            super::sql(2),
            "INSERT INTO live_answers (session_id, player_idx, question_idx, question_id, answer, correct_milli, \
             points, elapsed_ms, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9), ($10, $11, $12, $13, \
             $14, $15, $16, $17, $18) ON CONFLICT (session_id, player_idx, question_idx) DO NOTHING"
        );
    }
}
