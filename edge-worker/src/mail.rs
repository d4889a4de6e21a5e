//! Mail about inquiries: what it says ([`compose`]), how it is written as MIME ([`mime`]) and
//! who carries it ([`sender`]: the `send_email` binding or an HTTP mail API).
//!
//! Composition is pure and unit-tested natively; only [`sender`] touches the platform. Each
//! message carries a [`MessageKey`], so the outbox can record which messages of an inquiry were
//! delivered and never send one twice.

pub(crate) mod compose;
pub(crate) mod mime;
pub(crate) mod sender;
mod text;

use chrono::{DateTime, Utc};

/// Why a mail could not be composed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// A value would have broken out of its header.
    #[error("the {header} header would contain a line break or address syntax")]
    HeaderInjection {
        /// The header's name.
        header: &'static str,
    },
}

/// Which message of an inquiry this is: the unit the outbox records as delivered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum MessageKey {
    /// The staff mail to one staff address.
    Staff(String),
    /// The automatic reply to the visitor.
    AutoReply,
}

impl MessageKey {
    /// The key as the mail record stores it (`staff:{address}` or `auto_reply`).
    pub(crate) fn as_record(&self) -> String {
        match self {
            MessageKey::Staff(address) => format!("staff:{address}"),
            MessageKey::AutoReply => "auto_reply".to_owned(),
        }
    }

    /// What a log line may say about the message: never an address.
    pub(crate) fn log_label(&self) -> &'static str {
        match self {
            MessageKey::Staff(_) => "staff mail",
            MessageKey::AutoReply => "auto-reply",
        }
    }
}

/// One message, before it is written as MIME or JSON. Every address here passed
/// [`tsunagu_contract::inquiry::is_email_address`] (configuration or validated visitor input), and
/// the MIME writer checks them again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outgoing {
    /// What the outbox records once this is delivered.
    pub(crate) key: MessageKey,
    /// Sender address (envelope and `From`).
    pub(crate) from: String,
    /// Display name shown with the sender.
    pub(crate) from_name: String,
    /// The one recipient (envelope and `To`); the binding takes one per message.
    pub(crate) to: String,
    /// Where replies go, when not to the sender.
    pub(crate) reply_to: Option<String>,
    /// The subject, any language; written as RFC 2047 encoded words.
    pub(crate) subject: String,
    /// The plain-text body, `\n` line endings.
    pub(crate) text: String,
    /// The `Date` header's time.
    pub(crate) date: DateTime<Utc>,
    /// The `Message-ID`, without angle brackets; the same on every retry of this message.
    pub(crate) message_id: String,
    /// `Auto-Submitted` (RFC 3834): `auto-generated` for staff mail, `auto-replied` for the
    /// visitor's copy, so that vacation responders stay quiet.
    pub(crate) auto_submitted: &'static str,
    /// The receipt number, as `X-Tsunagu-Receipt` for mail filters.
    pub(crate) receipt: String,
}
