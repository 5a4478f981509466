//! The curriculum browser: modules filtered by audience and competency, lesson pages per language and age
//! band, printable facilitator guides and handouts, question previews, and "spot the red flags" scenarios
//! that work without JavaScript (each suspicious-looking part is a checkbox).

use super::{Page, render};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_content::redflags::{self, Segment};
use amane_content::{Competency, Module, Part, Question, QuestionKind, RedFlags, RfFormat};
use amane_domain::{Audience, Lang, Role};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;

pub fn audience_label(t: Tr, a: Audience) -> String {
    t.get(&format!("audience-{}", a.code()))
}

pub fn competency_label(t: Tr, c: Competency) -> String {
    t.get(&format!("competency-{}", c.code()))
}

#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    audience: String,
    #[serde(default)]
    competency: String,
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Card {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub audiences: Vec<String>,
    pub competencies: Vec<String>,
    pub facts: String,
}

#[derive(Template)]
#[template(path = "curriculum/list.html")]
struct ListPage {
    page: Page,
    audiences: Vec<Opt>,
    competencies: Vec<Opt>,
    cards: Vec<Card>,
    count_line: String,
    /// (id, title, facts) of each imported question bank.
    banks: Vec<(String, String, String)>,
    can_import: bool,
}

/// Who may import question banks.
pub const IMPORTERS: [Role; 3] = [Role::Admin, Role::Organizer, Role::Facilitator];

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Query(f): Query<Filter>,
) -> Response {
    let t = Tr::new(lang);
    let audience = Audience::parse(&f.audience).ok();
    let competency = Competency::parse(&f.competency);
    let audiences = std::iter::once(Opt {
        value: String::new(),
        label: t.get("curriculum-all-audiences"),
        selected: audience.is_none(),
    })
    .chain(Audience::ALL.into_iter().map(|a| Opt {
        value: a.code().into(),
        label: audience_label(t, a),
        selected: audience == Some(a),
    }))
    .collect();
    let competencies = std::iter::once(Opt {
        value: String::new(),
        label: t.get("curriculum-all-competencies"),
        selected: competency.is_none(),
    })
    .chain(Competency::ALL.into_iter().map(|c| Opt {
        value: c.code().into(),
        label: competency_label(t, c),
        selected: competency == Some(c),
    }))
    .collect();
    let cards: Vec<Card> = state
        .curriculum
        .modules
        .iter()
        .filter(|m| audience.is_none_or(|a| m.audiences.contains(&a)))
        .filter(|m| competency.is_none_or(|c| m.competencies.contains(&c)))
        .map(|m| card(t, m))
        .collect();
    let n = cards.len() as i64;
    let count_line = t.args("curriculum-count", &[("count", Arg::Num(n)), ("formatted", Arg::Str(&t.number(n)))]);
    let user = who.map(|i| i.user);
    let banks = match state.db.list_banks().await {
        Ok(list) => list
            .into_iter()
            .map(|b| {
                let facts = t.args(
                    "bank-facts",
                    &[
                        ("count", Arg::Num(b.questions)),
                        ("formatted", Arg::Str(&t.number(b.questions))),
                        ("lang", Arg::Str(b.lang.native_name())),
                    ],
                );
                (b.id, b.title, facts)
            })
            .collect(),
        Err(e) => return AppError::from(e).into_response(),
    };
    let can_import = user.as_ref().is_some_and(|u| IMPORTERS.contains(&u.role));
    render(&ListPage {
        page: Page::new(t, t.get("curriculum-title"), user),
        audiences,
        competencies,
        cards,
        count_line,
        banks,
        can_import,
    })
}

#[derive(Template)]
#[template(path = "curriculum/bank.html")]
struct BankPage {
    page: Page,
    id: String,
    facts: String,
    questions: Vec<QuestionView>,
}

/// An imported question bank, shown like a module's question list.
pub async fn bank(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = amane_app::banks::bank_module(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let questions = m.questions.iter().map(|q| question_view(t, &m, q)).collect();
    let n = m.questions.len() as i64;
    let facts = t.args(
        "bank-facts",
        &[
            ("count", Arg::Num(n)),
            ("formatted", Arg::Str(&t.number(n))),
            ("lang", Arg::Str(m.title.get(lang).0.native_name())),
        ],
    );
    Ok(render(&BankPage {
        page: Page::new(t, m.title.text(lang).to_owned(), who.map(|i| i.user)),
        id: m.id.clone(),
        facts,
        questions,
    }))
}

fn card(t: Tr, m: &Module) -> Card {
    let minutes = i64::from(m.duration_minutes);
    let q = m.questions.len() as i64;
    Card {
        id: m.id.clone(),
        title: m.title.text(t.lang).to_owned(),
        summary: m.summary.text(t.lang).to_owned(),
        audiences: m.audiences.iter().map(|a| audience_label(t, *a)).collect(),
        competencies: m.competencies.iter().map(|c| competency_label(t, *c)).collect(),
        facts: t.args(
            "module-facts",
            &[
                ("minutes", Arg::Num(minutes)),
                ("minutes_formatted", Arg::Str(&t.number(minutes))),
                ("questions", Arg::Num(q)),
                ("questions_formatted", Arg::Str(&t.number(q))),
            ],
        ),
    }
}

#[derive(Deserialize, Default)]
pub struct AudienceQuery {
    #[serde(default)]
    audience: String,
}

pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "curriculum/module.html")]
struct ModulePage {
    page: Page,
    id: String,
    summary: String,
    objectives: Vec<String>,
    tabs: Vec<Tab>,
    audience_code: String,
    body: String,
    facts: String,
    has_poster: bool,
}

fn find<'a>(state: &'a AppState, id: &str) -> Result<&'a Module, AppError> {
    state.curriculum.module(id).ok_or(AppError::NotFound)
}

/// The audience asked for, if the module serves it; else its first audience.
fn pick_audience(m: &Module, raw: &str) -> Audience {
    Audience::parse(raw)
        .ok()
        .filter(|a| m.audiences.contains(a))
        .or_else(|| m.audiences.first().copied())
        .unwrap_or(Audience::Age12To14)
}

fn audience_tabs(t: Tr, m: &Module, base: &str, current: Audience) -> Vec<Tab> {
    m.audiences
        .iter()
        .map(|a| Tab {
            href: format!("{base}?audience={}", a.code()),
            label: audience_label(t, *a),
            current: *a == current,
        })
        .collect()
}

/// The lesson text for one part, language and audience, as safe HTML.
pub fn part_html(state: &AppState, t: Tr, m: &Module, part: Part, audience: Option<Audience>) -> String {
    let Some(doc) = m.doc(t.lang) else { return String::new() };
    let contact = |kind: &str, key: &str| {
        let configured = if kind == "law" { &state.config.laws } else { &state.config.contacts };
        match configured.get(key) {
            Some(v) => v.clone(),
            None => crate::i18n::strip_isolation(&t.get(&format!("{kind}-fallback-{key}"))),
        }
    };
    let module_url = |id: &str| format!("/curriculum/{id}");
    amane_content::markdown::render(doc.part(part), audience, &contact, &module_url)
}

pub async fn module(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path(id): Path<String>,
    Query(q): Query<AudienceQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = find(&state, &id)?;
    let audience = pick_audience(m, &q.audience);
    let body = part_html(&state, t, m, Part::Lesson, Some(audience));
    let page = ModulePage {
        id: m.id.clone(),
        summary: m.summary.text(lang).to_owned(),
        objectives: m.objectives.iter().map(|o| o.text(lang).to_owned()).collect(),
        tabs: audience_tabs(t, m, &format!("/curriculum/{}", m.id), audience),
        audience_code: audience.code().to_owned(),
        has_poster: m.doc(lang).is_some_and(|d| !d.poster.is_empty()),
        body,
        facts: card(t, m).facts,
        page: Page::new(t, m.title.text(lang).to_owned(), who.map(|i| i.user)),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "curriculum/document.html")]
struct DocumentPage {
    page: Page,
    id: String,
    back: String,
    /// `guide`, `handout` or `poster`: the poster prints on A3.
    kind: &'static str,
    heading: String,
    body: String,
    tabs: Vec<Tab>,
}

/// The facilitator's guide (every age variant, labelled) or the handout for one audience: pages meant to
/// be printed on A4 in black and white.
pub async fn document(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path((id, which)): Path<(String, String)>,
    Query(q): Query<AudienceQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = find(&state, &id)?;
    let part = match which.as_str() {
        "guide" => Part::Guide,
        "handout" => Part::Handout,
        "poster" => Part::Poster,
        _ => return Err(AppError::NotFound),
    };
    if part == Part::Poster && m.doc(lang).is_none_or(|d| d.poster.is_empty()) {
        return Err(AppError::NotFound);
    }
    let (audience, tabs) = if part == Part::Handout {
        let a = pick_audience(m, &q.audience);
        (Some(a), audience_tabs(t, m, &format!("/curriculum/{}/handout", m.id), a))
    } else {
        (None, Vec::new())
    };
    let body = part_html(&state, t, m, part, audience);
    let heading = t.args(&format!("module-{}-heading", part.code()), &[("title", Arg::Str(m.title.text(lang)))]);
    Ok(render(&DocumentPage {
        page: Page::new(t, heading.clone(), who.map(|i| i.user)),
        id: m.id.clone(),
        back: back_to(t, m.title.text(lang)),
        kind: part.code(),
        heading,
        body,
        tabs,
    }))
}

/// "Back to «Passwords»": a link back names the page it leads to.
pub fn back_to(t: Tr, place: &str) -> String {
    t.args("back-to", &[("place", Arg::Str(place))])
}

pub struct ChoiceView {
    pub text: String,
    pub correct: bool,
    pub feedback: String,
}

pub struct QuestionView {
    pub id: String,
    pub kind: String,
    pub prompt: String,
    pub choices: Vec<ChoiceView>,
    pub answer: String,
    pub explanation: String,
    pub scenario: Option<ScenarioView>,
}

#[derive(Template)]
#[template(path = "curriculum/questions.html")]
struct QuestionsPage {
    page: Page,
    id: String,
    back: String,
    tabs: Vec<Tab>,
    questions: Vec<QuestionView>,
}

fn question_view(t: Tr, m: &Module, q: &Question) -> QuestionView {
    let lang = t.lang;
    let mut v = QuestionView {
        id: q.id.clone(),
        kind: t.get(&format!("question-type-{}", q.kind.code())),
        prompt: q.prompt.text(lang).to_owned(),
        choices: Vec::new(),
        answer: String::new(),
        explanation: q.explanation.text(lang).to_owned(),
        scenario: None,
    };
    match &q.kind {
        QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
            v.choices = choices
                .iter()
                .map(|c| ChoiceView {
                    text: c.text.text(lang).to_owned(),
                    correct: c.correct,
                    feedback: c.feedback.as_ref().map(|f| f.text(lang).to_owned()).unwrap_or_default(),
                })
                .collect();
        }
        QuestionKind::TrueFalse { answer } => v.answer = t.get(if *answer { "answer-true" } else { "answer-false" }),
        QuestionKind::ShortAnswer { answers } => {
            v.answer = answers.iter().map(|a| a.text(lang)).collect::<Vec<_>>().join(" · ");
        }
        QuestionKind::RedFlags(rf) => {
            // The facilitator's preview: flags shown as the answer key, nothing to tap.
            let mut s = scenario_view(t, m, q, rf, None);
            s.form = false;
            for seg in s.lines.iter_mut().flat_map(|l| l.segs.iter_mut()) {
                if seg.flag {
                    seg.state = "key";
                }
            }
            v.scenario = Some(s);
        }
    }
    v
}

pub async fn questions(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path(id): Path<String>,
    Query(q): Query<AudienceQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = find(&state, &id)?;
    let audience = pick_audience(m, &q.audience);
    let questions = m.questions_for(audience).map(|q| question_view(t, m, q)).collect();
    let heading = t.args("module-questions-heading", &[("title", Arg::Str(m.title.text(lang)))]);
    Ok(render(&QuestionsPage {
        page: Page::new(t, heading, who.map(|i| i.user)),
        id: m.id.clone(),
        back: back_to(t, m.title.text(lang)),
        tabs: audience_tabs(t, m, &format!("/curriculum/{}/questions", m.id), audience),
        questions,
    }))
}

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

fn scenario_view(
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
    super::PageForm(picked): super::PageForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    scenario_page(&state, Tr::new(lang), who, &id, &qid, Some(&picked)).map(IntoResponse::into_response)
}
