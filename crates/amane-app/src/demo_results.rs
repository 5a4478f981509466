//! Demonstration pre/post results for the April campaign: one test per age band, and for every child present at
//! its workshops a simulated score before and after, from a fixed seed so every demo shows the same figures.
//! Titles say the data are simulated; nothing here is a real child's answer.

use crate::error::{Error, Result};
use amane_content::model::{Question, QuestionKind};
use amane_domain::Audience;
use amane_domain::assessment::Source;
use amane_domain::campaign::Campaign;
use amane_domain::learning::Phase;
use amane_store::assessments::{AssessmentFields, NewAnswer, Participant};
use amane_store::{Db, now_ms};

/// A small deterministic generator (xorshift64*): the same demo every time, without a dependency.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// The option a child picks: the right one, or (when wrong) the most tempting wrong one most of the time.
pub(crate) fn pick(q: &Question, right: bool, dice: &mut Dice) -> Option<u32> {
    let QuestionKind::Single { choices } = &q.kind else { return None };
    let idx: Vec<u32> = (0..choices.len() as u32).collect();
    let (good, bad): (Vec<u32>, Vec<u32>) = idx.into_iter().partition(|i| choices[*i as usize].correct);
    let from = if right { good } else { bad };
    let first = *from.first()?;
    if from.len() > 1 && !dice.chance(0.6) {
        return from.get(1 + (dice.next() % (from.len() as u64 - 1)) as usize).copied();
    }
    Some(first)
}

/// Seeds one test per age band of the campaign's workshops and its simulated results; returns how many tests.
pub async fn seed(db: &Db, campaign: &Campaign, by: Option<amane_domain::UserId>) -> Result<usize> {
    let curriculum = amane_content::load_builtin().map_err(|_| Error::internal("the built-in curriculum"))?;
    let bands = [
        (Audience::Age8To11, "passwords", "Mots de passe, 8–11 ans — avant/après (données simulées de démonstration)"),
        (
            Audience::Age12To14,
            "deepfakes",
            "Hypertrucages, 12–14 ans — avant/après (données simulées de démonstration)",
        ),
        (
            Audience::Age15To17,
            "voice-cloning",
            "Clonage de voix, 15–17 ans — avant/après (données simulées de démonstration)",
        ),
    ];
    let workshops = db.campaign_workshops(campaign.id).await?;
    let mut dice = Dice(0x00A3_A0E5_2025_0419);
    let mut made = 0;
    for (band, module, title) in bands {
        let Some(m) = curriculum.module(module) else { continue };
        let questions: Vec<Question> =
            m.questions.iter().filter(|q| q.audiences.contains(&band)).take(10).cloned().collect();
        if questions.is_empty() {
            continue;
        }
        let fields = AssessmentFields {
            campaign: campaign.id,
            title: title.to_owned(),
            module: module.to_owned(),
            audience: band,
            questions_json: serde_json::to_string(&questions).map_err(|e| Error::caused("demo questions", e))?,
            n_questions: questions.len() as u32,
            by,
        };
        let test = db.create_assessment(&fields, now_ms()).await?;
        // Older children start higher; everyone gains, some more than others.
        let (p_pre, p_post) = match band {
            Audience::Age8To11 => (0.42, 0.71),
            Audience::Age12To14 => (0.48, 0.74),
            _ => (0.55, 0.78),
        };
        for w in workshops.iter().filter(|w| w.audience == band) {
            let present: i64 = db.workshop_attendance(w.id).await?.iter().map(|(_, n)| *n).sum();
            let codes: Vec<String> = (1..=present).map(|i| format!("demo-{}-{i:02}", &w.id.to_string()[..8])).collect();
            let people: Vec<Participant> = codes
                .iter()
                .map(|code| Participant {
                    code: code.clone(),
                    workshop: Some(w.id),
                    establishment: w.venue.establishment.clone(),
                    age_band: Some(band),
                    source: Source::Live,
                })
                .collect();
            let mut answers: Vec<(usize, Phase, u32, bool, Option<u32>)> = Vec::new();
            for (who, _) in codes.iter().enumerate() {
                // A child's own ease with the subject moves both tests; one in twenty misses one of them.
                let ease = (dice.next() % 21) as f64 / 100.0 - 0.10;
                let missed = if dice.chance(0.05) {
                    Some(if dice.chance(0.5) { Phase::Pre } else { Phase::Post })
                } else {
                    None
                };
                for (phase, p) in [(Phase::Pre, p_pre), (Phase::Post, p_post)] {
                    if missed == Some(phase) {
                        continue;
                    }
                    for (i, q) in questions.iter().enumerate() {
                        // Later questions are harder.
                        let right = dice.chance((p + ease - i as f64 * 0.02).clamp(0.05, 0.95));
                        answers.push((who, phase, i as u32 + 1, right, pick(q, right, &mut dice)));
                    }
                }
            }
            let batch: Vec<NewAnswer<'_>> = answers
                .iter()
                .map(|(who, phase, position, correct, choice)| NewAnswer {
                    participant: &codes[*who],
                    phase: *phase,
                    position: *position,
                    correct: *correct,
                    choice: *choice,
                })
                .collect();
            db.record_assessment_answers(test.id, &people, &batch, now_ms())
                .await?
                .map_err(|_| Error::internal("demo participants clash"))?;
        }
        made += 1;
    }
    Ok(made)
}
