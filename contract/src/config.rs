//! A facility's private configuration: where its inquiries are mailed and which sites may send
//! them. It never leaves the worker; the public side of a facility is [`crate::Facility`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::directory::{FacilityId, GroupId};
use crate::i18n::Lang;
use crate::inquiry::{FormSettings, InquiryKind};
use crate::text::{is_email_address, is_web_url};

/// What is wrong with a facility configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// An address is not a plain `name@example.jp` address.
    #[error("facility {facility}: {address:?} is not a plain email address")]
    BadAddress {
        /// The facility.
        facility: FacilityId,
        /// The rejected address.
        address: String,
    },
    /// An allowed origin is not `scheme://host[:port]` with nothing after it.
    #[error("facility {facility}: {origin:?} is not an origin such as https://example.jp")]
    BadOrigin {
        /// The facility.
        facility: FacilityId,
        /// The rejected origin.
        origin: String,
    },
    /// The facility has no staff address, so its inquiries would reach nobody.
    #[error("facility {facility} has no staff address")]
    NoStaff {
        /// The facility.
        facility: FacilityId,
    },
    /// The form offers no kind of inquiry, or one twice.
    #[error("facility {facility}: the form must offer at least one kind of inquiry, each once")]
    BadKinds {
        /// The facility.
        facility: FacilityId,
    },
    /// A text the form shows is empty (privacy policy URL, consent text or version, reply
    /// promise).
    #[error("facility {facility}: form.{field} must not be empty")]
    EmptyFormText {
        /// The facility.
        facility: FacilityId,
        /// The setting.
        field: &'static str,
    },
    /// A link is not an absolute http(s) URL.
    #[error("facility {facility}: {field} {url:?} is not an absolute http(s) URL")]
    BadUrl {
        /// The facility.
        facility: FacilityId,
        /// The setting.
        field: &'static str,
        /// The rejected URL.
        url: String,
    },
    /// The retention is zero or longer than [`RETENTION_DAYS_MAX`].
    #[error("facility {facility}: retention_days must be between 1 and {max}, not {days}", max = RETENTION_DAYS_MAX)]
    BadRetention {
        /// The facility.
        facility: FacilityId,
        /// The rejected value.
        days: u32,
    },
    /// Summary mail needs a link to where staff read the inquiry.
    #[error("facility {facility}: mail_content \"summary\" needs staff_link")]
    SummaryWithoutLink {
        /// The facility.
        facility: FacilityId,
    },
    /// The token hash is not 64 lower-case hex digits.
    #[error("facility {facility}: staff_token_sha256 must be 64 lower-case hex digits")]
    BadTokenHash {
        /// The facility.
        facility: FacilityId,
    },
    /// Two configurations share one facility identifier.
    #[error("facility {facility} is configured more than once")]
    Duplicate {
        /// The facility.
        facility: FacilityId,
    },
}

/// What the staff mail of one inquiry contains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailContent {
    /// Every field of the inquiry.
    #[default]
    Full,
    /// Kind, group, receipt number and [`FacilityConfig::staff_link`] only; the inquiry is read
    /// through the staff API, so nothing personal passes through mailboxes.
    Summary,
}

/// How the worker sends a facility's mail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailProvider {
    /// Cloudflare Email Routing's `send_email` binding (`STAFF_MAIL` in wrangler.toml).
    #[default]
    Binding,
    /// A Resend-style HTTP API (`POST {base}/emails`); base URL and key are worker settings.
    Http,
}

/// Private settings of one facility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityConfig {
    /// The facility these settings belong to.
    pub id: FacilityId,
    /// Where inquiries are mailed (addresses verified in the mail provider).
    pub staff_emails: Vec<String>,
    /// Groups whose inquiries go to their own staff instead of [`FacilityConfig::staff_emails`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_staff: BTreeMap<GroupId, Vec<String>>,
    /// The sender address of inquiry mail, on a domain the mail provider may send from.
    pub sender: String,
    /// Origins (`https://example.jp`) of the sites allowed to send inquiries.
    pub allowed_origins: Vec<String>,
    /// The language of the mail staff receive; Japanese unless set.
    #[serde(default)]
    pub mail_lang: Lang,
    /// What the inquiry form offers and says.
    pub form: FormSettings,
    /// Days an inquiry is kept before KV deletes it.
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
    /// Full or summary staff mail.
    #[serde(default)]
    pub mail_content: MailContent,
    /// Where staff read an inquiry, for summary mail: `{receipt}` is replaced by the receipt
    /// number (e.g. `https://admin.example.jp/inquiries/{receipt}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_link: Option<String>,
    /// Whether the visitor gets an automatic reply (receipt number and next steps only).
    #[serde(default)]
    pub auto_reply: bool,
    /// Which provider sends this facility's mail.
    #[serde(default)]
    pub mail_provider: MailProvider,
    /// Lower-case hex SHA-256 of the facility's staff API bearer token; no staff API without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_token_sha256: Option<String>,
}

/// Longest retention a facility may set, in days (ten years).
pub const RETENTION_DAYS_MAX: u32 = 3650;

fn default_retention_days() -> u32 {
    365
}

impl FacilityConfig {
    /// Checks addresses, origins, the form's texts and links, retention and the token hash.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let facility = || self.id.clone();
        if self.staff_emails.is_empty() || self.group_staff.values().any(Vec::is_empty) {
            return Err(ConfigError::NoStaff {
                facility: facility(),
            });
        }
        let addresses = self
            .staff_emails
            .iter()
            .chain(self.group_staff.values().flatten());
        for address in addresses.chain([&self.sender]) {
            if !is_email_address(address) {
                return Err(ConfigError::BadAddress {
                    facility: facility(),
                    address: address.clone(),
                });
            }
        }
        for origin in &self.allowed_origins {
            if !is_origin(origin) {
                return Err(ConfigError::BadOrigin {
                    facility: facility(),
                    origin: origin.clone(),
                });
            }
        }
        let form = &self.form;
        let mut kinds = form.kinds.clone();
        kinds.sort_by_key(|k| InquiryKind::ALL.iter().position(|a| a == k));
        kinds.dedup();
        if kinds.is_empty() || kinds.len() != form.kinds.len() {
            return Err(ConfigError::BadKinds {
                facility: facility(),
            });
        }
        for (field, text) in [
            ("consent_text", &form.consent_text),
            ("consent_version", &form.consent_version),
            ("reply_promise", &form.reply_promise),
        ] {
            if text.trim().is_empty() {
                return Err(ConfigError::EmptyFormText {
                    facility: facility(),
                    field,
                });
            }
        }
        let links = [("form.privacy_policy_url", Some(&form.privacy_policy_url))]
            .into_iter()
            .chain([("staff_link", self.staff_link.as_ref())]);
        for (field, url) in links {
            if let Some(url) = url
                && !is_http_url(url)
            {
                return Err(ConfigError::BadUrl {
                    facility: facility(),
                    field,
                    url: url.clone(),
                });
            }
        }
        if self.retention_days == 0 || self.retention_days > RETENTION_DAYS_MAX {
            return Err(ConfigError::BadRetention {
                facility: facility(),
                days: self.retention_days,
            });
        }
        if self.mail_content == MailContent::Summary && self.staff_link.is_none() {
            return Err(ConfigError::SummaryWithoutLink {
                facility: facility(),
            });
        }
        if let Some(hash) = &self.staff_token_sha256
            && !(hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        {
            return Err(ConfigError::BadTokenHash {
                facility: facility(),
            });
        }
        Ok(())
    }

    /// Where one group's inquiries are mailed: its own staff if it has them, else the
    /// facility's.
    pub fn staff_for(&self, group: &GroupId) -> &[String] {
        self.group_staff.get(group).unwrap_or(&self.staff_emails)
    }

    /// Whether a request with this `Origin` header may send inquiries to the facility.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o == origin)
    }
}

/// Validates a whole set of configurations, as stored together under one KV key.
pub fn validate_all(configs: &[FacilityConfig]) -> Result<(), ConfigError> {
    let mut seen = std::collections::HashSet::new();
    for config in configs {
        if !seen.insert(&config.id) {
            return Err(ConfigError::Duplicate {
                facility: config.id.clone(),
            });
        }
        config.validate()?;
    }
    Ok(())
}

/// A web address in ASCII: it goes into staff mail as it is, where nothing may break a line.
fn is_http_url(url: &str) -> bool {
    is_web_url(url) && url.is_ascii()
}

/// `http(s)://host[:port]`, lower case, no path, as browsers send it in `Origin`.
fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::Directory;

    fn config() -> FacilityConfig {
        FacilityConfig {
            id: FacilityId::new("hidamari").unwrap(),
            staff_emails: vec!["staff@hidamari.example.jp".into()],
            sender: "tsunagu@hidamari.example.jp".into(),
            allowed_origins: vec![
                "https://hidamari.example.jp".into(),
                "http://127.0.0.1:8788".into(),
            ],
            mail_lang: Lang::Ja,
            group_staff: BTreeMap::new(),
            form: crate::inquiry::tests::form(),
            retention_days: 365,
            mail_content: MailContent::Full,
            staff_link: None,
            auto_reply: false,
            mail_provider: MailProvider::Binding,
            staff_token_sha256: None,
        }
    }

    #[test]
    fn a_good_config_passes_and_allows_exactly_its_origins() {
        let c = config();
        assert_eq!(c.validate(), Ok(()));
        assert!(c.allows_origin("http://127.0.0.1:8788"));
        assert!(!c.allows_origin("http://127.0.0.1:8789"));
        assert!(!c.allows_origin("https://hidamari.example.jp.evil.example"));
        assert!(!c.allows_origin("null"));
    }

    #[test]
    fn bad_origins_and_addresses_are_named() {
        for bad in [
            "hidamari.example.jp",
            "https://x.jp/",
            "https://X.jp",
            "ftp://x.jp",
            "https://x.jp:",
            "*",
        ] {
            let mut c = config();
            c.allowed_origins = vec![bad.into()];
            assert!(
                matches!(c.validate(), Err(ConfigError::BadOrigin { .. })),
                "{bad}"
            );
        }
        let mut c = config();
        c.sender = "tsunagu@hidamari\r\nBcc: x@y.jp".into();
        assert!(matches!(c.validate(), Err(ConfigError::BadAddress { .. })));
        let mut c = config();
        c.staff_emails.clear();
        assert!(matches!(c.validate(), Err(ConfigError::NoStaff { .. })));
        let mut c = config();
        c.group_staff.insert(
            GroupId::new("walk").unwrap(),
            vec!["walk@hidamari\r\n.example.jp".into()],
        );
        assert!(matches!(c.validate(), Err(ConfigError::BadAddress { .. })));
        let mut c = config();
        c.form.kinds = vec![InquiryKind::Visit, InquiryKind::Visit];
        assert!(matches!(c.validate(), Err(ConfigError::BadKinds { .. })));
        c.form.kinds.clear();
        assert!(matches!(c.validate(), Err(ConfigError::BadKinds { .. })));
        let mut c = config();
        c.form.consent_version = " ".into();
        assert!(matches!(
            c.validate(),
            Err(ConfigError::EmptyFormText {
                field: "consent_version",
                ..
            })
        ));
        let mut c = config();
        c.form.privacy_policy_url = "javascript:alert(1)".into();
        assert!(matches!(c.validate(), Err(ConfigError::BadUrl { .. })));
        let mut c = config();
        c.retention_days = 0;
        assert!(matches!(
            c.validate(),
            Err(ConfigError::BadRetention { .. })
        ));
        let mut c = config();
        c.mail_content = MailContent::Summary;
        assert!(matches!(
            c.validate(),
            Err(ConfigError::SummaryWithoutLink { .. })
        ));
        c.staff_link = Some("https://admin.example.jp/inquiries/{receipt}".into());
        assert_eq!(c.validate(), Ok(()));
        c.staff_token_sha256 = Some("ABC".into());
        assert!(matches!(
            c.validate(),
            Err(ConfigError::BadTokenHash { .. })
        ));
        assert!(matches!(
            validate_all(&[config(), config()]),
            Err(ConfigError::Duplicate { .. })
        ));
    }

    #[test]
    fn a_group_may_route_to_its_own_staff() {
        let mut c = config();
        let walk = GroupId::new("walk").unwrap();
        c.group_staff
            .insert(walk.clone(), vec!["walk@hidamari.example.jp".into()]);
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.staff_for(&walk), ["walk@hidamari.example.jp"]);
        assert_eq!(
            c.staff_for(&GroupId::new("other").unwrap()),
            ["staff@hidamari.example.jp"]
        );
    }

    #[test]
    fn demo_facilities_are_valid() {
        let configs: Vec<FacilityConfig> =
            serde_json::from_str(include_str!("../../demo/data/facilities.json")).unwrap();
        validate_all(&configs).unwrap();

        // Every facility of the demo directory can receive inquiries.
        let dir: Directory =
            serde_json::from_str(include_str!("../../demo/data/directory.json")).unwrap();
        let configured: HashSet<&FacilityId> = configs.iter().map(|c| &c.id).collect();
        for facility in &dir.facilities {
            assert!(
                configured.contains(&facility.id),
                "{} is not configured",
                facility.id
            );
        }
    }
}
