//! What one facility's inquiry form offers and says, which every inquiry is checked against.

use serde::{Deserialize, Serialize};

use super::InquiryKind;

/// What one facility's inquiry form offers and says. Public: the worker serves it to the widget
/// at `GET /v1/form`, and the worker validates inquiries against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSettings {
    /// The kinds of inquiry the facility takes, in the order the form offers them.
    pub kinds: Vec<InquiryKind>,
    /// Whether a visitor may leave the name empty.
    #[serde(default)]
    pub anonymous_allowed: bool,
    /// The facility's privacy policy (個人情報の取り扱い), linked beside the consent checkbox.
    pub privacy_policy_url: String,
    /// What the visitor agrees to by ticking the consent checkbox.
    pub consent_text: String,
    /// The version of [`FormSettings::consent_text`]; stored with each inquiry, so staff know
    /// which text the visitor agreed to. Change it whenever the text changes.
    pub consent_version: String,
    /// When the facility answers, shown on the success screen, e.g. 「3営業日以内にご連絡します」.
    pub reply_promise: String,
    /// The Cloudflare Turnstile site key, when the facility wants a Turnstile challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnstile_site_key: Option<String>,
}
