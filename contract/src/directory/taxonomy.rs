//! The closed vocabularies a group is described with: what it is about ([`Category`]), who it is
//! for ([`Audience`]), how it meets ([`Format`]), what a visitor may do there
//! ([`ParticipationOption`]) and what it costs ([`Cost`]).
//!
//! Each enum has a stable snake_case code (JSON, CSV in English, URLs) and a label in every
//! language of the i18n catalogue; the `ALL` arrays fix the display order.

use serde::{Deserialize, Serialize};

use crate::wire::{MissingField, required};

/// What a group is about. The taxonomy follows how Japanese facilities describe themselves:
/// addictions by kind, family groups, hikikomori and ibasho, intractable disease (the disease
/// name goes in [`crate::Group::diseases`]), mental health, and employment support by the
/// service types of the 障害者総合支援法.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Alcohol dependence (AA, 断酒会 and similar).
    Alcohol,
    /// Drug dependence (NA, DARC and similar).
    Drugs,
    /// Gambling (GA and similar).
    Gambling,
    /// Gaming and internet dependence.
    Gaming,
    /// Groups for family members and friends of someone struggling (Al-Anon, GAM-ANON,
    /// 家族会 and similar).
    Family,
    /// Hikikomori support and ibasho (居場所) spaces.
    Hikikomori,
    /// Peer support for people with an intractable disease (難病); see
    /// [`crate::Group::diseases`] for which one.
    IntractableDisease,
    /// Mental health in general (depression, anxiety, recovery groups).
    MentalHealth,
    /// Developmental disabilities (発達障害).
    Developmental,
    /// Eating disorders (NABA and similar).
    EatingDisorder,
    /// Crime victims and bereaved families of victims.
    CrimeVictims,
    /// Bereavement, including those left behind by suicide (自死遺族).
    Bereavement,
    /// School refusal (不登校) and the families of children who do not go to school.
    SchoolRefusal,
    /// 就労移行支援: training towards a job in an ordinary workplace, up to two years.
    EmploymentTransition,
    /// 就労継続支援A型: supported employment with an employment contract.
    EmploymentTypeA,
    /// 就労継続支援B型: supported work without an employment contract (作業所).
    EmploymentTypeB,
    /// 就労定着支援: support for staying in a job once hired.
    EmploymentRetention,
    /// Employment consultation outside the service types (サポステ, 就労相談).
    EmploymentConsultation,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 18] = [
        Category::Alcohol,
        Category::Drugs,
        Category::Gambling,
        Category::Gaming,
        Category::Family,
        Category::Hikikomori,
        Category::IntractableDisease,
        Category::MentalHealth,
        Category::Developmental,
        Category::EatingDisorder,
        Category::CrimeVictims,
        Category::Bereavement,
        Category::SchoolRefusal,
        Category::EmploymentTransition,
        Category::EmploymentTypeA,
        Category::EmploymentTypeB,
        Category::EmploymentRetention,
        Category::EmploymentConsultation,
    ];

    /// Whether this is one of the addictions (for a grouped category picker).
    pub fn is_addiction(self) -> bool {
        matches!(
            self,
            Category::Alcohol | Category::Drugs | Category::Gambling | Category::Gaming
        )
    }

    /// Whether this is one of the employment-support service types.
    pub fn is_employment(self) -> bool {
        matches!(
            self,
            Category::EmploymentTransition
                | Category::EmploymentTypeA
                | Category::EmploymentTypeB
                | Category::EmploymentRetention
                | Category::EmploymentConsultation
        )
    }
}

/// Who a group is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// 本人: the person concerned.
    Person,
    /// 家族: family members and friends.
    Family,
    /// 支援者: professionals and volunteers who support someone.
    Supporter,
    /// どなたでも: anyone interested. Matches every audience filter.
    Anyone,
}

impl Audience {
    /// Every audience, in display order.
    pub const ALL: [Audience; 4] = [
        Audience::Person,
        Audience::Family,
        Audience::Supporter,
        Audience::Anyone,
    ];
}

/// How a group meets.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// 対面: at a place (the group's or its facility's [`crate::Place`]).
    #[default]
    InPerson,
    /// オンライン: over a video call; see [`crate::Group::online`] for how to join.
    Online,
    /// ハイブリッド: both at once. Matches both the in-person and the online filter.
    Hybrid,
}

impl Format {
    /// Every format, in display order.
    pub const ALL: [Format; 3] = [Format::InPerson, Format::Online, Format::Hybrid];

    /// Whether a visitor can take part from home.
    pub fn is_online(self) -> bool {
        matches!(self, Format::Online | Format::Hybrid)
    }

    /// Whether a visitor can take part at a place.
    pub fn is_in_person(self) -> bool {
        matches!(self, Format::InPerson | Format::Hybrid)
    }
}

/// What a visitor may do, or must do, to take part. Anxious first-timers look for these before
/// anything else (seed 002: 匿名・カメラオフ・聞くだけ参加OK).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationOption {
    /// 匿名・ニックネーム参加OK.
    Anonymous,
    /// カメラオフOK (online).
    CameraOff,
    /// 聞くだけ参加OK: no need to speak.
    ListenOnly,
    /// 初めての方歓迎.
    FirstTimersWelcome,
    /// 途中参加・途中退出OK.
    ComeAndGo,
    /// 要予約: apply before the first visit; see [`crate::Group::apply_days_before`].
    ReservationRequired,
    /// 車いす可: the place is wheelchair accessible.
    WheelchairAccessible,
    /// 女性限定.
    WomenOnly,
    /// 託児あり: childcare during the meeting.
    Childcare,
}

impl ParticipationOption {
    /// Every option, in display order.
    pub const ALL: [ParticipationOption; 9] = [
        ParticipationOption::Anonymous,
        ParticipationOption::CameraOff,
        ParticipationOption::ListenOnly,
        ParticipationOption::FirstTimersWelcome,
        ParticipationOption::ComeAndGo,
        ParticipationOption::ReservationRequired,
        ParticipationOption::WheelchairAccessible,
        ParticipationOption::WomenOnly,
        ParticipationOption::Childcare,
    ];
}

/// What taking part costs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "CostWire")]
pub enum Cost {
    /// 無料.
    Free,
    /// 任意の献金・カンパ: voluntary, nothing is required (AA's 7th tradition). Counts as free
    /// for the "free of charge" filter.
    Donation,
    /// A fixed fee per meeting.
    Fee {
        /// Amount in yen, tax included.
        yen: u32,
        /// What the fee covers, e.g. 「資料代」, or who pays less.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

/// [`Cost`] as read; see [`crate::wire`].
#[derive(Deserialize)]
struct CostWire {
    kind: CostKind,
    yen: Option<u32>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum CostKind {
    Free,
    Donation,
    Fee,
}

impl TryFrom<CostWire> for Cost {
    type Error = MissingField;

    fn try_from(wire: CostWire) -> Result<Cost, MissingField> {
        Ok(match wire.kind {
            CostKind::Free => Cost::Free,
            CostKind::Donation => Cost::Donation,
            CostKind::Fee => Cost::Fee {
                yen: required(wire.yen, "yen")?,
                note: wire.note,
            },
        })
    }
}

impl Cost {
    /// Whether a visitor can take part without paying anything.
    pub fn is_free(&self) -> bool {
        matches!(self, Cost::Free | Cost::Donation)
    }
}
