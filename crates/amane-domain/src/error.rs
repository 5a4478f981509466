//! Validation failures that name the field and a stable reason code.
//!
//! The code doubles as a Fluent key (`field_<code>`), so every layer can show it in the reader's language.

use serde::Serialize;

macro_rules! field_codes {
    ($($variant:ident = $text:literal,)*) => {
        /// Every reason a field can be refused with. Each is shown with the Fluent key `field_<code>`, and the
        /// translation tests loop over [`FieldCode::ALL`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FieldCode {
            $($variant,)*
        }

        impl FieldCode {
            pub const ALL: &'static [FieldCode] = &[$(FieldCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(FieldCode::$variant => $text,)*
                }
            }
        }
    };
}

field_codes! {
    ActionUnknown = "action_unknown",
    AlreadyAnswered = "already_answered",
    AgeBandMismatch = "age_band_mismatch",
    AgeBandUnknown = "age_band_unknown",
    AnswerDuplicate = "answer_duplicate",
    AudienceUnknown = "audience_unknown",
    CampaignNotOpen = "campaign_not_open",
    BankNotYours = "bank_not_yours",
    BankOtherLang = "bank_other_lang",
    CapacityInvalid = "capacity_invalid",
    CodeDuplicate = "code_duplicate",
    CodeInvalid = "code_invalid",
    CorrectInvalid = "correct_invalid",
    DateInvalid = "date_invalid",
    EmailInvalid = "email_invalid",
    EndsBeforeStart = "ends_before_start",
    EstablishmentAmbiguous = "establishment_ambiguous",
    EstablishmentUnknown = "establishment_unknown",
    FileNotUtf8 = "file_not_utf8",
    FacilitatorUnknown = "facilitator_unknown",
    IdInvalid = "id_invalid",
    InvalidCounts = "invalid_counts",
    InvalidType = "invalid_type",
    KindUnknown = "kind_unknown",
    LangUnknown = "lang_unknown",
    LevelUnknown = "level_unknown",
    MinCellTooSmall = "min_cell_too_small",
    ModuleBuiltin = "module_builtin",
    ModuleUnknown = "module_unknown",
    NicknameContact = "nickname_contact",
    NicknameFullName = "nickname_full_name",
    NicknameTooLong = "nickname_too_long",
    NicknameTooShort = "nickname_too_short",
    NoChildContact = "no_child_contact",
    NoQuestionsForAudience = "no_questions_for_audience",
    NumberInvalid = "number_invalid",
    ParticipantAgeBandDiffers = "participant_age_band_differs",
    ParticipantContact = "participant_contact",
    ParticipantEstablishmentDiffers = "participant_establishment_differs",
    OutsideCampaign = "outside_campaign",
    PasswordTooShort = "password_too_short",
    PasswordTooWeak = "password_too_weak",
    PasswordsDiffer = "passwords_differ",
    PhaseUnknown = "phase_unknown",
    PlayerUnknown = "player_unknown",
    PresentOverSeats = "present_over_seats",
    QuestionOutOfRange = "question_out_of_range",
    QuestionUnknown = "question_unknown",
    RegionUnknown = "region_unknown",
    RegistrationNotConfirmed = "registration_not_confirmed",
    Required = "required",
    RetentionOutOfRange = "retention_out_of_range",
    RoleUnknown = "role_unknown",
    RosterChildrenOnly = "roster_children_only",
    RosterTooLong = "roster_too_long",
    ScoringUnknown = "scoring_unknown",
    SectorUnknown = "sector_unknown",
    SettingUnknown = "setting_unknown",
    StatusUnknown = "status_unknown",
    TextControlChars = "text_control_chars",
    TextNotUtf8 = "text_not_utf8",
    TimeInvalid = "time_invalid",
    TimeZoneInvalid = "time_zone_invalid",
    TokenDaysOutOfRange = "token_days_out_of_range",
    TooLong = "too_long",
    UnknownField = "unknown_field",
    WorkshopNotRun = "workshop_not_run",
    WorkshopUnknown = "workshop_unknown",
}

impl std::fmt::Display for FieldCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FieldCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One refused field: which field, and why (a stable code such as `email_invalid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: FieldCode,
    /// For a field of several lines (a roster), the 1-based line at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// All the refused fields of one input, so a form can show every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect::<Vec<_>>().join(", "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: FieldCode) {
        self.0.push(FieldError { field: field.into(), code, line: None });
    }

    /// A problem on one line of a field of several lines.
    pub fn add_at(&mut self, field: impl Into<String>, code: FieldCode, line: usize) {
        self.0.push(FieldError { field: field.into(), code, line: Some(line) });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Collects the error of a parse into this list and returns the value if it parsed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldCode>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    pub fn single(field: impl Into<String>, code: FieldCode) -> Self {
        let mut e = Self::new();
        e.add(field, code);
        e
    }

    pub fn code_for(&self, field: &str) -> Option<FieldCode> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }
}
