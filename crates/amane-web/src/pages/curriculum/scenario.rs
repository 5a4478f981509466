//! "Spot the red flags" scenarios without JavaScript: every suspicious-looking part of the message is a
//! checkbox named by its position; checking the form shows what was found, missed and wrongly tapped.

use super::{back_to, find};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, PageForm, render};
use amane_content::redflags::{self, Segment};
use amane_content::{Module, Question, QuestionKind, RedFlags, RfFormat};
use amane_domain::Lang;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// One tappable or plain piece of a scenario line.
pub struct SegView {
    pub text: String,
    /// Empty for plain text; else the checkbox name (`t-<position among the tappable parts>`).
    pub name: String,
    pub checked: bool,
    /// A red flag (for the facilitator's answer key; never sent in a form).
    pub flag: bool,
    /// After checking: `found`, `missed`, `false` (a harmless part tapped), `key` (the answer key) or empty.
    pub state: &'static str,
}

pub struct LineView {
    pub mine: bool,
    pub segs: Vec<SegView>,
}

pub struct ScoreView {
    pub found: String,
    pub false_alarms: String,
    pub score: String,
}

pub struct FalseAlarmView {
    pub text: String,
}

pub struct FlagView {
    pub text: String,
    pub explanation: String,
    pub found: bool,
}

pub struct ScenarioView {
    pub module: String,
    pub question: String,
    pub format: &'static str,
    pub format_label: String,
    pub sender: String,
    pub subject: String,
    pub lines: Vec<LineView>,
    /// Present once the learner has submitted: what they found, their false alarms and the score.
    pub result: Option<ScoreView>,
    pub flags: Vec<FlagView>,
    /// The harmless parts the learner tapped.
    pub false_alarms: Vec<FalseAlarmView>,
    pub message_lang: String,
    pub message_dir: &'static str,
    /// Render tappable checkboxes (the try-it page) rather than the facilitator's answer key.
    pub form: bool,
}

pub(super) fn scenario_view(
    t: Tr,
    m: &Module,
    q: &Question,
    rf: &RedFlags,
    selection: Option<&HashMap<String, String>>,
) -> ScenarioView {
    let (mlang, message) = rf.message.get(t.lang);
    let segments = redflags::parse(message).unwrap_or_default();
    let picked = |name: &str| selection.is_some_and(|s| s.contains_key(name));
    let mut lines = vec![LineView { mine: false, segs: Vec::new() }];
    let mut found_flags = Vec::new();
    let mut false_alarms = Vec::new();
    let mut flag_texts: HashMap<String, String> = HashMap::new();
    // Every tappable part is named by its position (`t-0`, `t-1`…): the form's field names must not tell which
    // parts are red flags.
    let mut taps = 0;
    for seg in segments {
        match seg {
            Segment::Text { text } => {
                for (i, piece) in text.split('\n').enumerate() {
                    if i > 0 {
                        lines.push(LineView { mine: false, segs: Vec::new() });
                    }
                    if !piece.is_empty()
                        && let Some(line) = lines.last_mut()
                    {
                        line.segs.push(SegView {
                            text: piece.to_owned(),
                            name: String::new(),
                            checked: false,
                            state: "",
                            flag: false,
                        });
                    }
                }
            }
            Segment::Flag { id, text } => {
                let name = format!("t-{taps}");
                taps += 1;
                let checked = picked(&name);
                if checked {
                    found_flags.push(id.clone());
                }
                let state = match (selection.is_some(), checked) {
                    (false, _) => "",
                    (true, true) => "found",
                    (true, false) => "missed",
                };
                flag_texts.insert(id, text.clone());
                if let Some(line) = lines.last_mut() {
                    line.segs.push(SegView { text, name, checked, state, flag: true });
                }
            }
            Segment::Neutral { text, .. } => {
                let name = format!("t-{taps}");
                taps += 1;
                let checked = picked(&name);
                if checked {
                    false_alarms.push(text.clone());
                }
                let state = if selection.is_some() && checked { "false" } else { "" };
                if let Some(line) = lines.last_mut() {
                    line.segs.push(SegView { text, name, checked, state, flag: false });
                }
            }
        }
    }
    // `> ` at the start of a chat or voice line marks the learner's own words.
    for line in &mut lines {
        if let Some(first) = line.segs.first_mut()
            && first.name.is_empty()
            && let Some(rest) = first.text.strip_prefix("> ")
        {
            first.text = rest.to_owned();
            line.mine = matches!(rf.format, RfFormat::Chat | RfFormat::Voice);
        }
    }
    lines.retain(|l| !l.segs.is_empty());
    let result = selection.map(|_| {
        let found = found_flags.len() as i64;
        let wrong = false_alarms.len() as i64;
        let score = redflags::score(found_flags.len(), false_alarms.len()) as i64;
        let max = rf.flags.len() as i64;
        let (found_f, max_f, wrong_f, score_f) = (t.number(found), t.number(max), t.number(wrong), t.number(score));
        ScoreView {
            found: t.args(
                "rf-found-count",
                &[
                    ("found", Arg::Num(found)),
                    ("found_formatted", Arg::Str(&found_f)),
                    ("max", Arg::Num(max)),
                    ("max_formatted", Arg::Str(&max_f)),
                ],
            ),
            false_alarms: t.args("rf-false-count", &[("count", Arg::Num(wrong)), ("formatted", Arg::Str(&wrong_f))]),
            score: t.args(
                "rf-score",
                &[
                    ("score", Arg::Num(score)),
                    ("score_formatted", Arg::Str(&score_f)),
                    ("max", Arg::Num(max)),
                    ("max_formatted", Arg::Str(&max_f)),
                ],
            ),
        }
    });
    let flags = rf
        .flags
        .iter()
        .map(|f| FlagView {
            text: flag_texts.get(&f.id).cloned().unwrap_or_default(),
            explanation: f.explanation.text(t.lang).to_owned(),
            found: found_flags.contains(&f.id),
        })
        .collect();
    let false_alarms = false_alarms.into_iter().map(|text| FalseAlarmView { text }).collect();
    let lang_of = |l: Lang| (l.code().to_owned(), l.dir());
    let (message_lang, message_dir) = lang_of(mlang);
    ScenarioView {
        module: m.id.clone(),
        question: q.id.clone(),
        format: rf.format.code(),
        format_label: t.get(&format!("rf-format-{}", rf.format.code())),
        sender: rf.sender.as_ref().map(|s| s.text(t.lang).to_owned()).unwrap_or_default(),
        subject: rf.subject.as_ref().map(|s| s.text(t.lang).to_owned()).unwrap_or_default(),
        lines,
        result,
        flags,
        false_alarms,
        message_lang,
        message_dir,
        form: true,
    }
}

#[derive(Template)]
#[template(path = "curriculum/scenario.html")]
struct ScenarioPage {
    page: Page,
    back: String,
    module_id: String,
    prompt: String,
    explanation: String,
    s: ScenarioView,
}

fn scenario_page(
    state: &AppState,
    t: Tr,
    who: MaybeUser,
    id: &str,
    qid: &str,
    selection: Option<&HashMap<String, String>>,
) -> Result<Response, AppError> {
    let m = find(state, id)?;
    let q = m.questions.iter().find(|q| q.id == qid).ok_or(AppError::NotFound)?;
    let QuestionKind::RedFlags(rf) = &q.kind else { return Err(AppError::NotFound) };
    let s = scenario_view(t, m, q, rf, selection);
    let prompt = q.prompt.text(t.lang).to_owned();
    Ok(render(&ScenarioPage {
        page: Page::new(t, prompt.clone(), who.0.map(|i| i.user)),
        back: back_to(t, m.title.text(t.lang)),
        module_id: m.id.clone(),
        prompt,
        explanation: if selection.is_some() { q.explanation.text(t.lang).to_owned() } else { String::new() },
        s,
    }))
}

pub async fn scenario(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    who: MaybeUser,
    Path((id, qid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    scenario_page(&state, Tr::new(lang), who, &id, &qid, None)
}

pub async fn scenario_check(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    who: MaybeUser,
    Path((id, qid)): Path<(String, String)>,
    PageForm(picked): PageForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    scenario_page(&state, Tr::new(lang), who, &id, &qid, Some(&picked)).map(IntoResponse::into_response)
}
