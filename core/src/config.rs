//! A facility's private configuration: where its inquiries are mailed and which sites may send
//! them. It never leaves the worker; the public side of a facility is [`crate::Facility`].

use serde::{Deserialize, Serialize};

use crate::directory::FacilityId;
use crate::i18n::Lang;
use crate::inquiry::is_email_address;

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
    /// Two configurations share one facility identifier.
    #[error("facility {facility} is configured more than once")]
    Duplicate {
        /// The facility.
        facility: FacilityId,
    },
}

/// Private settings of one facility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilityConfig {
    /// The facility these settings belong to.
    pub id: FacilityId,
    /// Where inquiries are mailed (addresses verified in the mail provider).
    pub staff_emails: Vec<String>,
    /// The sender address of inquiry mail, on a domain the mail provider may send from.
    pub sender: String,
    /// Origins (`https://example.jp`) of the sites allowed to send inquiries.
    pub allowed_origins: Vec<String>,
    /// The language of the mail staff receive; Japanese unless set.
    #[serde(default)]
    pub mail_lang: Lang,
}

impl FacilityConfig {
    /// Checks addresses and origins.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.staff_emails.is_empty() {
            return Err(ConfigError::NoStaff {
                facility: self.id.clone(),
            });
        }
        for address in self.staff_emails.iter().chain([&self.sender]) {
            if !is_email_address(address) {
                return Err(ConfigError::BadAddress {
                    facility: self.id.clone(),
                    address: address.clone(),
                });
            }
        }
        for origin in &self.allowed_origins {
            if !is_origin(origin) {
                return Err(ConfigError::BadOrigin {
                    facility: self.id.clone(),
                    origin: origin.clone(),
                });
            }
        }
        Ok(())
    }

    /// Whether a request with this `Origin` header may send inquiries to the facility.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o == origin)
    }
}

/// Validates a whole set of configurations, as stored under [`crate::kv::FACILITIES_KEY`].
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
    use super::*;

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
        assert!(matches!(
            validate_all(&[config(), config()]),
            Err(ConfigError::Duplicate { .. })
        ));
    }

    #[test]
    fn demo_facilities_are_valid() {
        let configs: Vec<FacilityConfig> =
            serde_json::from_str(include_str!("../../demo/data/facilities.json")).unwrap();
        validate_all(&configs).unwrap();
    }
}
