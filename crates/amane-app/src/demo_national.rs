//! `amane demo --scale national`: a national campaign at the size of a country, labelled as demonstration data.
//! Thousands of schools over the twelve regions (weighted by population, real provinces), workshops with their
//! classes and attendance so that about a million children are reached, and one pre/post test of ten questions
//! that every child took before and after: twenty million answers, simulated from a fixed seed (the same figures
//! every time), written through the store's bulk writer. The size is a parameter, so tests run it small.

use crate::demo_results::{Dice, pick};
use crate::error::{Error, Result};
use amane_content::model::Question;
use amane_domain::assessment::{AssessmentId, Source};
use amane_domain::campaign::{CampaignId, CampaignInput};
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use amane_domain::learning::Phase;
use amane_domain::workshop::{Venue, Workshop, WorkshopId};
use amane_domain::{Audience, Lang, UserId};
use amane_store::assessments::{AssessmentFields, NewAnswer, Participant};
use amane_store::bulk::{BulkGroup, BulkWorkshop};
use amane_store::registrations::{Kind, NewRegistration};
use amane_store::{Db, now_ms};

/// How big the generated campaign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalSize {
    pub schools: u32,
    /// Children present, every one of whom took the test before and after.
    pub participants: u32,
}

impl NationalSize {
    /// The size: 9,600 schools, 1,000,000 participants, 20,000,000 answers.
    pub const NATIONAL: NationalSize = NationalSize { schools: 9_600, participants: 1_000_000 };
}

/// What the generator is doing, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Schools(u64),
    Workshops { done: u64, total: u64 },
    Answers { participants: u64, total: u64 },
}

/// What was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalOutcome {
    pub campaign: CampaignId,
    pub test: AssessmentId,
    pub schools: u64,
    pub workshops: u64,
    pub participants: u64,
    pub answers: u64,
    /// The workshop whose eight classes have every child checked in from a roster: 200 certificates to print.
    pub certificates_workshop: Option<WorkshopId>,
}

/// The regions (2015 codes) with their share of the country's pupils (about their population share), the share
/// of rural schools, and real provinces.
const REGIONS: [(&str, f64, f64, &[&str]); 12] = [
    (
        "01",
        0.105,
        0.45,
        &[
            "Tanger-Assilah",
            "Tétouan",
            "M'diq-Fnideq",
            "Larache",
            "Al Hoceïma",
            "Chefchaouen",
            "Ouezzane",
            "Fahs-Anjra",
        ],
    ),
    ("02", 0.068, 0.40, &["Oujda-Angad", "Nador", "Berkane", "Taourirt", "Jerada", "Guercif", "Driouch", "Figuig"]),
    (
        "03",
        0.125,
        0.45,
        &["Fès", "Meknès", "Taza", "Sefrou", "Ifrane", "El Hajeb", "Taounate", "Boulemane", "Moulay Yacoub"],
    ),
    ("04", 0.135, 0.35, &["Rabat", "Salé", "Skhirate-Témara", "Kénitra", "Khémisset", "Sidi Kacem", "Sidi Slimane"]),
    ("05", 0.074, 0.55, &["Béni Mellal", "Khénifra", "Khouribga", "Fquih Ben Salah", "Azilal"]),
    (
        "06",
        0.200,
        0.25,
        &[
            "Casablanca",
            "Mohammédia",
            "El Jadida",
            "Settat",
            "Berrechid",
            "Nouaceur",
            "Médiouna",
            "Benslimane",
            "Sidi Bennour",
        ],
    ),
    (
        "07",
        0.134,
        0.50,
        &["Marrakech", "Safi", "El Kelâa des Sraghna", "Essaouira", "Al Haouz", "Chichaoua", "Youssoufia", "Rehamna"],
    ),
    ("08", 0.048, 0.65, &["Errachidia", "Ouarzazate", "Midelt", "Tinghir", "Zagora"]),
    (
        "09",
        0.079,
        0.50,
        &["Agadir Ida-Outanane", "Inezgane-Aït Melloul", "Chtouka-Aït Baha", "Taroudant", "Tiznit", "Tata"],
    ),
    ("10", 0.013, 0.40, &["Guelmim", "Tan-Tan", "Sidi Ifni", "Assa-Zag"]),
    ("11", 0.011, 0.20, &["Laâyoune", "Boujdour", "Tarfaya", "Es-Semara"]),
    ("12", 0.008, 0.25, &["Oued Ed-Dahab", "Aousserd"]),
];

/// How much a region's children start above or below the country (in chance of a right answer) and how much more
/// or less they gain: simulated, to give the breakdowns something to show.
const REGION_EFFECT: [(f64, f64); 12] = [
    (0.01, 0.00),
    (-0.02, 0.02),
    (0.00, 0.01),
    (0.04, -0.01),
    (-0.04, 0.03),
    (0.05, -0.02),
    (-0.01, 0.01),
    (-0.06, 0.04),
    (-0.02, 0.02),
    (-0.03, 0.00),
    (0.00, -0.01),
    (0.02, 0.00),
];

/// The generated registry: `n` schools spread over the regions by their share, about two in three primary, one in
/// five middle and the rest secondary, rural more often in rural regions, one in eight urban schools private.
pub fn schools(n: u32) -> Vec<Establishment> {
    let mut dice = Dice(0x5C40_01D5_2026_0202);
    let mut out = Vec::with_capacity(n as usize);
    let mut cumulative = 0.0;
    let mut made = 0u32;
    for (r, (region, share, rural, provinces)) in REGIONS.iter().enumerate() {
        cumulative += share;
        let until = if r == REGIONS.len() - 1 { n } else { ((f64::from(n) * cumulative).round() as u32).min(n) };
        for i in 0..until.saturating_sub(made) {
            let roll = dice.next() % 100;
            let (level, kind_fr, kind_ar) = match roll {
                0..65 => (Level::Primary, "École primaire", "مدرسة ابتدائية"),
                65..87 => (Level::Middle, "Collège", "إعدادية"),
                _ => (Level::Secondary, "Lycée", "ثانوية تأهيلية"),
            };
            let province = provinces[(dice.next() % provinces.len() as u64) as usize];
            let (name_fr, name_ar) = crate::demo::NAMES[(dice.next() % crate::demo::NAMES.len() as u64) as usize];
            let setting = if dice.chance(*rural) { Setting::Rural } else { Setting::Urban };
            let sector = if setting == Setting::Urban && dice.chance(0.125) { Sector::Private } else { Sector::Public };
            let Ok(code) = EstablishmentCode::parse(&format!("NAT-{region}-{i:05}")) else { continue };
            out.push(Establishment {
                code,
                name_fr: format!("{kind_fr} {name_fr} n° {} ({province})", i + 1),
                name_ar: format!("{kind_ar} {name_ar} رقم {}", i + 1),
                region: (*region).to_owned(),
                province: (*province).to_owned(),
                commune: format!("{province} {}", dice.next() % 9 + 1),
                level,
                sector,
                setting,
            });
        }
        made = made.max(until);
    }
    out
}

fn band_of(level: Level) -> Audience {
    match level {
        Level::Primary => Audience::Age8To11,
        Level::Middle => Audience::Age12To14,
        _ => Audience::Age15To17,
    }
}

/// Chance of a right answer before and after the workshop, by age band: older children start higher, younger ones
/// gain more.
fn band_chances(band: Audience) -> (f64, f64) {
    match band {
        Audience::Age8To11 => (0.40, 0.31),
        Audience::Age12To14 => (0.47, 0.27),
        _ => (0.55, 0.22),
    }
}

/// A class of the generated campaign: its workshop, school and age band, and how many children came.
struct Class {
    workshop: WorkshopId,
    establishment: String,
    region: usize,
    band: Audience,
    present: u32,
}

/// The pupils' codes: `N` and seven digits, in the order the classes are generated (pseudonymous, and shorter
/// than any phone number).
fn code(i: u64) -> String {
    format!("N{:07}", i + 1)
}

fn local_ms(tz: &jiff::tz::TimeZone, date: jiff::civil::Date, hour: i8) -> Result<i64> {
    date.at(hour, 0, 0, 0)
        .to_zoned_datetime(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|e| Error::caused("a generated workshop time", e))
}

/// Rostered classes of the certificates workshop: eight classes of 24 children, all checked in, give 8 class
/// certificates and 192 children's, 200 pages.
const SHOWCASE_CLASSES: u32 = 8;
const SHOWCASE_CHILDREN: u32 = 24;

/// Makes the national demonstration campaign; `progress` hears about each step. Expects the registry not to hold
/// the generated codes yet (`NAT-…`).
pub async fn seed(
    db: &Db,
    size: NationalSize,
    organizer: Option<UserId>,
    facilitator: Option<UserId>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<NationalOutcome> {
    let registry = schools(size.schools.max(1));
    db.upsert_establishments(&registry, now_ms(), &|_| {}).await?;
    progress(Progress::Schools(registry.len() as u64));
    let input = CampaignInput {
        title_fr: "Campagne nationale 2026 à l’échelle du pays (données simulées de démonstration)".into(),
        title_ar: "الحملة الوطنية 2026 على صعيد البلاد (بيانات محاكاة للعرض)".into(),
        title_en: "Nationwide campaign 2026 (simulated demonstration data)".into(),
        theme_fr: "Données générées pour montrer amane à l’échelle d’un pays : aucun enfant réel.".into(),
        theme_ar: "بيانات مولدة لعرض أمان على صعيد بلد كامل: لا يوجد أي طفل حقيقي.".into(),
        theme_en: "Generated data to show amane at the scale of a country: no real child.".into(),
        starts_on: "2026-02-02".into(),
        ends_on: "2026-03-27".into(),
        partners: "Démonstration | عرض | Demonstration".into(),
        target_children: size.participants.to_string(),
        target_workshops: (size.participants / 60).max(1).to_string(),
        target_establishments: registry.len().to_string(),
        status: "closed".into(),
        ..CampaignInput::default()
    };
    let campaign = db.create_campaign(&input.parse()?, organizer, now_ms()).await?;
    let tz = crate::workshops::time_zone(&campaign.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let first_day = jiff::civil::date(2026, 2, 2);
    let mut dice = Dice(0x0A7A_0001_2026_0202);

    // The certificates workshop, made like a facilitator would: rosters registered, every child checked in.
    let showcase = size.participants >= 2 * SHOWCASE_CLASSES * SHOWCASE_CHILDREN;
    let mut classes: Vec<Class> = Vec::new();
    let mut certificates_workshop = None;
    if showcase && let Some(school) = registry.first() {
        let band = band_of(school.level);
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: campaign.id,
            title: format!("Atelier — {} (certificats)", school.name_fr),
            venue: Venue {
                establishment: Some(school.code.to_string()),
                name: school.name_fr.clone(),
                room: "Salle polyvalente".into(),
            },
            starts_at: local_ms(&tz, first_day, 9)?,
            ends_at: local_ms(&tz, first_day, 11)?,
            capacity: SHOWCASE_CLASSES * SHOWCASE_CHILDREN,
            audience: band,
            lang: Lang::Ar,
            modules: vec!["phishing".into()],
            facilitators: facilitator.into_iter().collect(),
        };
        let w = db
            .create_workshop(&w, now_ms())
            .await?
            .map_err(|_| Error::internal("the certificates workshop clashes"))?;
        for class in 0..SHOWCASE_CLASSES {
            let roster: Vec<String> = (0..SHOWCASE_CHILDREN as usize)
                .map(|i| crate::demo::NICKNAMES[(i + class as usize * 3) % crate::demo::NICKNAMES.len()].to_owned())
                .collect();
            let reg = NewRegistration {
                workshop: w.id,
                establishment: Some(school.code.to_string()),
                kind: Kind::Group,
                label: format!("Classe {}", class + 1),
                age_band: Some(band),
                seats: SHOWCASE_CHILDREN,
                roster,
                staff_email: None,
                by: None,
            };
            let r = db.register(&reg, now_ms()).await?;
            for idx in 0..SHOWCASE_CHILDREN {
                db.check_in_participant(&r.id, idx, facilitator, now_ms()).await?;
            }
            classes.push(Class {
                workshop: w.id,
                establishment: school.code.to_string(),
                region: 0,
                band,
                present: SHOWCASE_CHILDREN,
            });
        }
        certificates_workshop = Some(w.id);
    }

    // Every other child: each school gets a share by a random weight (the shares add up exactly), in classes of
    // about thirty, two classes per workshop.
    let rest = size.participants - classes.iter().map(|c| c.present).sum::<u32>();
    let weights: Vec<f64> = registry.iter().map(|_| 0.6 + (dice.next() % 81) as f64 / 100.0).collect();
    let total_weight: f64 = weights.iter().sum();
    let mut bulk: Vec<BulkWorkshop> = Vec::new();
    let mut cumulative = 0.0;
    let mut given = 0u32;
    for (s, school) in registry.iter().enumerate() {
        cumulative += weights[s];
        let until = if s == registry.len() - 1 {
            rest
        } else {
            ((f64::from(rest) * cumulative / total_weight).floor() as u32).min(rest)
        };
        let children = until - given;
        given = until;
        if children == 0 {
            continue;
        }
        let region = REGIONS.iter().position(|(code, ..)| *code == school.region).unwrap_or(0);
        let band = band_of(school.level);
        let n_classes = children.div_ceil(32).max(1);
        let sizes: Vec<u32> =
            (0..n_classes).map(|c| children / n_classes + u32::from(c < children % n_classes)).collect();
        for (pair, two) in sizes.chunks(2).enumerate() {
            // Weekdays from Monday 2 February 2026, eight weeks.
            let weekday = (dice.next() % 40) as i64;
            let date = first_day
                .checked_add(jiff::Span::new().days(weekday / 5 * 7 + weekday % 5))
                .map_err(|e| Error::caused("a generated workshop day", e))?;
            let hour = [9i8, 11, 14, 16][(dice.next() % 4) as usize];
            let id = WorkshopId::new();
            let groups: Vec<BulkGroup> = two
                .iter()
                .enumerate()
                .map(|(c, &present)| BulkGroup {
                    establishment: Some(school.code.to_string()),
                    label: format!("Classe {}", pair * 2 + c + 1),
                    age_band: Some(band),
                    seats: present + (dice.next() % 4) as u32,
                    present,
                })
                .collect();
            let seats: u32 = groups.iter().map(|g| g.seats).sum();
            for g in &groups {
                classes.push(Class {
                    workshop: id,
                    establishment: school.code.to_string(),
                    region,
                    band,
                    present: g.present,
                });
            }
            bulk.push(BulkWorkshop {
                workshop: Workshop {
                    id,
                    campaign: campaign.id,
                    title: format!("Atelier {} — {}", pair + 1, school.name_fr),
                    venue: Venue {
                        establishment: Some(school.code.to_string()),
                        name: school.name_fr.clone(),
                        room: String::new(),
                    },
                    starts_at: local_ms(&tz, date, hour)?,
                    ends_at: local_ms(&tz, date, hour + 1)?,
                    capacity: seats.div_ceil(10) * 10,
                    audience: band,
                    lang: if dice.chance(0.6) { Lang::Ar } else { Lang::Fr },
                    modules: vec!["phishing".into()],
                    facilitators: Vec::new(),
                },
                groups,
            });
        }
    }
    let total = bulk.len() as u64 + u64::from(certificates_workshop.is_some());
    let mut done = u64::from(certificates_workshop.is_some());
    for chunk in bulk.chunks(2_000) {
        db.bulk_workshops(chunk, now_ms()).await?;
        done += chunk.len() as u64;
        progress(Progress::Workshops { done, total });
    }
    drop(bulk);

    let test = make_test(db, campaign.id, organizer).await?;
    let questions = crate::assessments::questions(&test)?;
    let answers = simulate(db, test.id, &classes, &questions, size.participants, progress).await?;
    db.analyze_after_bulk().await?;
    Ok(NationalOutcome {
        campaign: campaign.id,
        test: test.id,
        schools: registry.len() as u64,
        workshops: total,
        participants: u64::from(size.participants),
        answers,
        certificates_workshop,
    })
}

/// The test every child took: the phishing module's first ten questions written for all three age bands.
async fn make_test(db: &Db, campaign: CampaignId, by: Option<UserId>) -> Result<amane_store::assessments::Assessment> {
    let curriculum = amane_content::load_builtin().map_err(|_| Error::internal("the built-in curriculum"))?;
    let m = curriculum.module("phishing").ok_or_else(|| Error::internal("the phishing module"))?;
    let children = [Audience::Age8To11, Audience::Age12To14, Audience::Age15To17];
    let questions: Vec<Question> =
        m.questions.iter().filter(|q| children.iter().all(|a| q.audiences.contains(a))).take(10).cloned().collect();
    if questions.is_empty() {
        return Err(Error::internal("no phishing question for every age band"));
    }
    let fields = AssessmentFields {
        campaign,
        title: "Hameçonnage, 8–17 ans — avant/après (données simulées de démonstration)".into(),
        module: "phishing".into(),
        audience: Audience::Age12To14,
        questions_json: serde_json::to_string(&questions).map_err(|e| Error::caused("national test questions", e))?,
        n_questions: questions.len() as u32,
        by,
    };
    Ok(db.create_assessment(&fields, now_ms()).await?)
}

/// Participants per transaction of the bulk writer (twenty answers each).
const BATCH: usize = 20_000;

/// Every child of every class takes the test before and after the workshop; answers are drawn from the child's
/// age band, region and own ease, harder for later questions, and written a batch of children at a time.
async fn simulate(
    db: &Db,
    test: AssessmentId,
    classes: &[Class],
    questions: &[Question],
    total: u32,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<u64> {
    let mut dice = Dice(0x7E57_0001_2026_0202);
    // Each question's own difficulty, drawn once.
    let difficulty: Vec<f64> =
        (0..questions.len()).map(|i| i as f64 * 0.015 + (dice.next() % 11) as f64 / 100.0 - 0.05).collect();
    let mut next_code = 0u64;
    let mut written = 0u64;
    let mut people: Vec<Participant> = Vec::with_capacity(BATCH);
    let mut answers: Vec<(usize, Phase, u32, bool, Option<u32>)> = Vec::with_capacity(BATCH * 2 * questions.len());
    for (i, class) in classes.iter().enumerate() {
        let (pre, gain) = band_chances(class.band);
        let (region_pre, region_gain) = REGION_EFFECT[class.region.min(REGION_EFFECT.len() - 1)];
        for _ in 0..class.present {
            let who = people.len();
            people.push(Participant {
                code: code(next_code),
                workshop: Some(class.workshop),
                establishment: Some(class.establishment.clone()),
                age_band: Some(class.band),
                source: Source::Phone,
            });
            next_code += 1;
            let ease = (dice.next() % 31) as f64 / 100.0 - 0.15;
            let own_gain = (dice.next() % 21) as f64 / 100.0 - 0.10;
            for (phase, p) in [
                (Phase::Pre, pre + region_pre + ease),
                (Phase::Post, pre + region_pre + ease + gain + region_gain + own_gain),
            ] {
                for (q, question) in questions.iter().enumerate() {
                    let right = dice.chance((p - difficulty[q]).clamp(0.03, 0.97));
                    answers.push((who, phase, q as u32 + 1, right, pick(question, right, &mut dice)));
                }
            }
        }
        if people.len() >= BATCH || i == classes.len() - 1 {
            written += write_batch(db, test, &people, &answers).await?;
            progress(Progress::Answers { participants: next_code, total: u64::from(total) });
            people.clear();
            answers.clear();
        }
    }
    Ok(written)
}

async fn write_batch(
    db: &Db,
    test: AssessmentId,
    people: &[Participant],
    answers: &[(usize, Phase, u32, bool, Option<u32>)],
) -> Result<u64> {
    let list: Vec<NewAnswer<'_>> = answers
        .iter()
        .map(|&(who, phase, position, correct, choice)| NewAnswer {
            participant: &people[who].code,
            phase,
            position,
            correct,
            choice,
        })
        .collect();
    Ok(db.bulk_new_participants(test, people, &list, now_ms()).await?)
}
