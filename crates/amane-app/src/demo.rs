//! Demonstration data for `amane serve --demo`: a registry of generated schools across the twelve regions
//! and two campaigns modelled on real Moroccan ones, so that every page has something to show.

use crate::error::Error;
use amane_domain::UserId;
use amane_domain::campaign::CampaignInput;
use amane_domain::establishment::{Establishment, EstablishmentCode, Level, Sector, Setting};
use amane_store::{Db, now_ms};

/// Two provinces per region (real names), used to spread the generated schools.
const PROVINCES: [(&str, [&str; 2]); 12] = [
    ("01", ["Tanger-Assilah", "Tétouan"]),
    ("02", ["Oujda-Angad", "Nador"]),
    ("03", ["Fès", "Meknès"]),
    ("04", ["Rabat", "Kénitra"]),
    ("05", ["Béni Mellal", "Khénifra"]),
    ("06", ["Casablanca", "Settat"]),
    ("07", ["Marrakech", "Safi"]),
    ("08", ["Errachidia", "Ouarzazate"]),
    ("09", ["Agadir Ida-Outanane", "Taroudant"]),
    ("10", ["Guelmim", "Tan-Tan"]),
    ("11", ["Laâyoune", "Boujdour"]),
    ("12", ["Oued Ed-Dahab", "Aousserd"]),
];

/// Names schools commonly carry, in French and Arabic.
pub(crate) const NAMES: [(&str, &str); 12] = [
    ("Ibn Khaldoun", "ابن خلدون"),
    ("Al Amal", "الأمل"),
    ("Ibn Rochd", "ابن رشد"),
    ("Al Farabi", "الفارابي"),
    ("Ibn Sina", "ابن سينا"),
    ("Al Andalous", "الأندلس"),
    ("Al Qods", "القدس"),
    ("Al Wahda", "الوحدة"),
    ("Al Massira", "المسيرة"),
    ("Ibn Battouta", "ابن بطوطة"),
    ("Al Khawarizmi", "الخوارزمي"),
    ("Moulay Ismail", "مولاي إسماعيل"),
];

/// 300 schools: 25 per region, mixed levels, sectors and settings.
pub fn schools() -> Vec<Establishment> {
    let mut out = Vec::new();
    for (r, (region, provinces)) in PROVINCES.iter().enumerate() {
        for i in 0..25 {
            let n = r * 25 + i;
            let (name_fr, name_ar) = NAMES[n % NAMES.len()];
            let (level, kind_fr, kind_ar) = match i % 3 {
                0 => (Level::Primary, "École primaire", "مدرسة"),
                1 => (Level::Middle, "Collège", "إعدادية"),
                _ => (Level::Secondary, "Lycée", "ثانوية"),
            };
            let province = provinces[i % 2];
            let Ok(code) = EstablishmentCode::parse(&format!("DEMO-{region}-{i:03}")) else { continue };
            out.push(Establishment {
                code,
                name_fr: format!("{kind_fr} {name_fr} ({province})"),
                name_ar: format!("{kind_ar} {name_ar}"),
                region: (*region).to_owned(),
                province: province.to_owned(),
                commune: format!("{province} {}", i % 5 + 1),
                level,
                sector: if i % 7 == 0 { Sector::Private } else { Sector::Public },
                setting: if i % 4 == 0 { Setting::Rural } else { Setting::Urban },
            });
        }
    }
    out
}

/// Pseudonymous nicknames for the demo's class rosters (the kind children choose: no real names).
pub(crate) const NICKNAMES: [&str; 32] = [
    "Faucon",
    "Étoile",
    "Comète",
    "Cèdre",
    "Lynx",
    "Gazelle",
    "Dauphin",
    "Colibri",
    "Aigle",
    "Panda",
    "Koala",
    "Orage",
    "Lotus",
    "Jasmin",
    "Argan",
    "Atlas",
    "Sahara",
    "Oasis",
    "نجمة",
    "قمر",
    "غزال",
    "صقر",
    "نخلة",
    "ياسمين",
    "أرز",
    "موج",
    "شمس",
    "برق",
    "سحاب",
    "ليلك",
    "Mouette",
    "Hibou",
];

/// Whether a demo school's workshop gets the demo facilitator and named rosters: the two schools of the demo
/// coordinator (DEMO-03-000 and -001) and two more, so that every role finds its work on first sign-in.
fn showcase(code: &str) -> bool {
    ["DEMO-03-000", "DEMO-03-001", "DEMO-04-000", "DEMO-04-001"].contains(&code)
}

/// Fills an empty registry and campaign list with the demonstration data; returns what was added. The
/// `facilitator`, when given, runs a few workshops of each campaign.
pub async fn seed(db: &Db, organizer: Option<UserId>, facilitator: Option<UserId>) -> Result<(usize, usize), Error> {
    let mut schools_added = 0;
    if db.count_establishments().await? == 0 {
        let rows = schools();
        db.upsert_establishments(&rows, now_ms(), &|_| {}).await?;
        schools_added = rows.len();
    }
    let mut campaigns_added = 0;
    if db.list_campaigns().await?.is_empty() {
        let ai = CampaignInput {
            title_fr: "Protéger les enfants en ligne face aux défis de l’intelligence artificielle".into(),
            title_ar: "حماية الأطفال على الإنترنت في مواجهة تحديات الذكاء الاصطناعي".into(),
            title_en: "Protecting children online in the age of artificial intelligence".into(),
            theme_fr: "Quatre journées d’ateliers animés par des experts en cybersécurité pour les enfants des magistrats et fonctionnaires, et pour les cadres.".into(),
            theme_ar: "أربعة أيام من الورشات يؤطرها خبراء في الأمن السيبراني لفائدة أبناء القضاة والموظفين ولفائدة الأطر.".into(),
            theme_en: "Four days of workshops led by cybersecurity experts for the children of judges and civil servants, and for staff.".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            partners: "Fondation Mohammed VI pour les œuvres sociales des magistrats et fonctionnaires de la justice | مؤسسة محمد السادس للنهوض بالأعمال الاجتماعية للقضاة وموظفي العدل | Mohammed VI Foundation for the social welfare of judges and justice officials\nCentre marocain de recherches pluridisciplinaires et d’innovation (CMRPI) | المركز المغربي للأبحاث المتعددة التقنيات والابتكار | Moroccan Centre for Multidisciplinary Research and Innovation (CMRPI)\nConseil de l’Europe | مجلس أوروبا | Council of Europe".into(),
            target_children: "700".into(),
            target_staff: "100".into(),
            target_workshops: "32".into(),
            status: "closed".into(),
            // The longest retention allowed, so that the demonstration keeps its children's data (and everything
            // that shows it) until 2035 instead of being purged at the first start.
            retention_days: "3650".into(),
            ..CampaignInput::default()
        };
        let national = CampaignInput {
            title_fr: "Campagne nationale pour un usage sain et sécurisé d’Internet — février 2027".into(),
            title_ar: "الحملة الوطنية للاستعمال السليم والآمن للإنترنت — فبراير 2027".into(),
            title_en: "National campaign for a healthy and safe use of the Internet — February 2027".into(),
            theme_fr: "Un mois d’ateliers dans les établissements de toutes les régions, autour de la Journée pour un Internet plus sûr.".into(),
            theme_ar: "شهر من الورشات في مؤسسات كل الجهات، بمناسبة اليوم العالمي لإنترنت أكثر أمانًا.".into(),
            theme_en: "A month of workshops in schools of every region, around Safer Internet Day.".into(),
            starts_on: "2027-02-01".into(),
            ends_on: "2027-02-28".into(),
            partners: "Académies régionales d’éducation et de formation | الأكاديميات الجهوية للتربية والتكوين | Regional academies of education and training\nAssociations partenaires | الجمعيات الشريكة | Partner associations".into(),
            target_children: "30000".into(),
            target_staff: "1500".into(),
            target_parents: "3000".into(),
            target_workshops: "600".into(),
            target_establishments: "300".into(),
            status: "open".into(),
            ..CampaignInput::default()
        };
        for (i, input) in [ai, national].into_iter().enumerate() {
            let fields = input.parse()?;
            let c = db.create_campaign(&fields, organizer, now_ms()).await?;
            if i == 0 {
                ai_workshops(db, &c, facilitator).await?;
                crate::demo_results::seed(db, &c, organizer).await?;
            } else {
                national_workshops(db, &c, facilitator).await?;
            }
            campaigns_added += 1;
        }
    }
    Ok((schools_added, campaigns_added))
}

/// The four days at one venue: eight workshops a day (six for children by age band, two for staff), each
/// filled by groups and staff, with attendance recorded, so the campaign page shows real progress.
async fn ai_workshops(db: &Db, c: &amane_domain::campaign::Campaign, facilitator: Option<UserId>) -> Result<(), Error> {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_domain::{Audience, Lang};
    use amane_store::registrations::{Kind, NewRegistration};
    let tz = crate::workshops::time_zone(&c.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let days = [(2025, 4, 19), (2025, 4, 20), (2025, 4, 26), (2025, 4, 27)];
    let slots = [("09:00", "10:30"), ("11:00", "12:30"), ("14:00", "15:30"), ("16:00", "17:30")];
    let modules = [("8-11", "passwords"), ("12-14", "deepfakes"), ("15-17", "voice-cloning"), ("staff", "adults")];
    let mut n = 0u32;
    for (y, m, d) in days {
        for (slot, (start, end)) in slots.iter().enumerate() {
            for room in 0..2 {
                let (band, module) = modules[(slot + room * 2) % modules.len()];
                let audience =
                    Audience::parse(band).map_err(|e| Error::internal(format!("demo audience {band}: {e}")))?;
                let date = jiff::civil::date(y, m, d);
                let at = |hm: &str| -> Result<i64, Error> {
                    let (h, mi) = hm.split_once(':').unwrap_or(("9", "0"));
                    let (h, mi) = (h.parse::<i8>().unwrap_or(9), mi.parse::<i8>().unwrap_or(0));
                    date.at(h, mi, 0, 0)
                        .to_zoned_datetime(tz.clone())
                        .map(|z| z.timestamp().as_millisecond())
                        .map_err(|e| Error::caused("a demo workshop time", e))
                };
                n += 1;
                let w = Workshop {
                    id: WorkshopId::new(),
                    campaign: c.id,
                    title: format!("Atelier {n}"),
                    venue: Venue {
                        establishment: None,
                        name: "Institut national des professions juridiques, Technopolis".into(),
                        room: format!("Salle {}", room + 1),
                    },
                    starts_at: at(start)?,
                    ends_at: at(end)?,
                    capacity: if audience == Audience::Staff { 15 } else { 25 },
                    audience,
                    lang: if n.is_multiple_of(3) { Lang::Ar } else { Lang::Fr },
                    modules: vec![module.into()],
                    // The first day's first room is the demo facilitator's.
                    facilitators: facilitator.filter(|_| room == 0 && d == 19).into_iter().collect(),
                };
                let Ok(w) = db.create_workshop(&w, now_ms()).await? else { continue };
                let (kind, seats, age) = if audience == Audience::Staff {
                    (Kind::Staff, 13, None)
                } else {
                    (Kind::Group, 24, Some(audience))
                };
                let reg = NewRegistration {
                    workshop: w.id,
                    establishment: None,
                    kind,
                    label: if kind == Kind::Staff { format!("Cadres, groupe {n}") } else { format!("Groupe {n}") },
                    age_band: age,
                    seats,
                    roster: Vec::new(),
                    staff_email: None,
                    by: None,
                };
                let r = db.register(&reg, now_ms()).await?;
                let present = seats - (n % 3);
                let _ = db.set_attendance(&r.id, present, None, now_ms()).await?;
            }
        }
    }
    Ok(())
}

/// The national campaign: one workshop in each demo school on a weekday of February 2027, with the classes its
/// coordinators have registered (no attendance yet: the campaign is still ahead).
async fn national_workshops(
    db: &Db,
    c: &amane_domain::campaign::Campaign,
    facilitator: Option<UserId>,
) -> Result<(), Error> {
    use amane_domain::workshop::{Venue, Workshop, WorkshopId};
    use amane_domain::{Audience, Lang};
    use amane_store::registrations::{Kind, NewRegistration};
    let tz = crate::workshops::time_zone(&c.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    for (n, school) in schools().into_iter().enumerate() {
        let audience = match school.level {
            Level::Primary => Audience::Age8To11,
            Level::Middle => Audience::Age12To14,
            _ => Audience::Age15To17,
        };
        // Weekdays from Monday 1 February 2027.
        let weekday = n % 20;
        let day = 1 + (weekday / 5) * 7 + weekday % 5;
        let date = jiff::civil::date(2027, 2, day as i8);
        let at = |h: i8| -> Result<i64, Error> {
            date.at(h, 0, 0, 0)
                .to_zoned_datetime(tz.clone())
                .map(|z| z.timestamp().as_millisecond())
                .map_err(|e| Error::caused("a demo workshop time", e))
        };
        let module = ["passwords", "phishing", "cyberbullying", "chatbots"][n % 4];
        let w = Workshop {
            id: WorkshopId::new(),
            campaign: c.id,
            title: format!("Atelier {} — {}", n + 1, school.name_fr),
            venue: Venue {
                establishment: Some(school.code.to_string()),
                name: school.name_fr.clone(),
                room: String::new(),
            },
            starts_at: at(9)?,
            ends_at: at(10)?,
            capacity: 60,
            audience,
            lang: if n % 2 == 0 { Lang::Ar } else { Lang::Fr },
            modules: vec![module.into()],
            facilitators: facilitator.filter(|_| showcase(school.code.as_str())).into_iter().collect(),
        };
        let Ok(w) = db.create_workshop(&w, now_ms()).await? else { continue };
        for class in 0..(1 + n % 2) {
            let seats = 24 + (n % 7) as u32;
            let roster = if showcase(school.code.as_str()) {
                NICKNAMES.iter().skip(class * 3).take(seats as usize).map(|s| (*s).to_owned()).collect()
            } else {
                Vec::new()
            };
            let reg = NewRegistration {
                workshop: w.id,
                establishment: Some(school.code.to_string()),
                kind: Kind::Group,
                label: format!("Classe {}", class + 1),
                age_band: Some(audience),
                seats,
                roster,
                staff_email: None,
                by: None,
            };
            db.register(&reg, now_ms()).await?;
        }
    }
    Ok(())
}
