//! Who carries a message: Cloudflare's `send_email` binding (Email Routing) or a Resend-style
//! HTTP API, behind one [`MailSender`] trait. The facility's [`MailProvider`] picks one.
//!
//! Errors are logged, so they must not carry addresses: the binding's own messages name the
//! recipient ("email to … not allowed"), hence [`redact`].

use serde_json::json;
use tsunagu_contract::MailProvider;
use tsunagu_engine::kv::STAFF_MAIL_BINDING;
use wasm_bindgen::JsValue;
use worker::email::EmailMessage;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use super::Outgoing;
use super::mime;
use crate::error::{Error, Result};

/// Worker variable: base URL of the HTTP mail API (`POST {base}/emails`).
pub(crate) const MAIL_API_BASE_VAR: &str = "MAIL_API_BASE";
/// Worker secret: the HTTP mail API's key, sent as `Authorization: Bearer {key}`.
pub(crate) const MAIL_API_KEY_SECRET: &str = "MAIL_API_KEY";
/// The HTTP API used when [`MAIL_API_BASE_VAR`] is not set.
const DEFAULT_MAIL_API_BASE: &str = "https://api.resend.com";

/// Something that delivers one message, or says why it could not.
pub(crate) trait MailSender {
    /// Hands the message over; `Ok` means the provider accepted it.
    async fn send(&self, mail: &Outgoing) -> Result<()>;
}

/// The sender for a facility's provider.
pub(crate) fn for_provider(env: &Env, provider: MailProvider) -> Result<Sender> {
    Ok(match provider {
        MailProvider::Binding => Sender::Binding(BindingSender {
            binding: env.send_email(STAFF_MAIL_BINDING)?,
        }),
        MailProvider::Http => Sender::Http(HttpSender {
            base: env
                .var(MAIL_API_BASE_VAR)
                .map_or_else(|_| DEFAULT_MAIL_API_BASE.to_owned(), |v| v.to_string()),
            key: env
                .secret(MAIL_API_KEY_SECRET)
                .or_else(|_| env.var(MAIL_API_KEY_SECRET))
                .map_err(|_| Error::Platform(format!("{MAIL_API_KEY_SECRET} is not set")))?
                .to_string(),
        }),
    })
}

/// Either sender (the trait's `async fn` keeps it from being a trait object).
pub(crate) enum Sender {
    /// Through the `send_email` binding.
    Binding(BindingSender),
    /// Through the HTTP API.
    Http(HttpSender),
}

impl MailSender for Sender {
    async fn send(&self, mail: &Outgoing) -> Result<()> {
        match self {
            Sender::Binding(sender) => sender.send(mail).await,
            Sender::Http(sender) => sender.send(mail).await,
        }
    }
}

/// Cloudflare Email Routing: raw MIME, one recipient per message.
pub(crate) struct BindingSender {
    binding: worker::email::SendEmail,
}

impl MailSender for BindingSender {
    async fn send(&self, mail: &Outgoing) -> Result<()> {
        let raw = mime::render(mail)?;
        let message = EmailMessage::new(&mail.from, &mail.to, &raw)
            .map_err(|e| Error::Platform(format!("EmailMessage: {}", js_text(&e))))?;
        self.binding
            .send(&message)
            .await
            .map_err(|e| Error::Platform(format!("send_email: {}", js_text(&e))))?;
        Ok(())
    }
}

/// A Resend-style HTTP API.
pub(crate) struct HttpSender {
    base: String,
    key: String,
}

impl MailSender for HttpSender {
    async fn send(&self, mail: &Outgoing) -> Result<()> {
        mime::check_headers(mail)?;
        let headers = Headers::new();
        headers.set("content-type", "application/json")?;
        headers.set("authorization", &format!("Bearer {}", self.key))?;
        // The provider deduplicates retries of one message by this key (Resend keeps it a day).
        headers.set("idempotency-key", &mail.message_id)?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(JsValue::from_str(&http_body(mail).to_string())));
        let url = format!("{}/emails", self.base.trim_end_matches('/'));
        let response = Fetch::Request(Request::new_with_init(&url, &init)?)
            .send()
            .await
            .map_err(|e| Error::Platform(format!("mail API: {}", redact(&e.to_string()))))?;
        let status = response.status_code();
        if (200..300).contains(&status) {
            Ok(())
        } else {
            // Only the status: the provider's answer may quote the message.
            Err(Error::Platform(format!("mail API answered {status}")))
        }
    }
}

/// The JSON body of `POST {base}/emails`.
fn http_body(mail: &Outgoing) -> serde_json::Value {
    let mut body = json!({
        "from": format!("{} <{}>", mail.from_name, mail.from),
        "to": [mail.to],
        "subject": mail.subject,
        "text": mail.text,
        "headers": {
            "Message-ID": format!("<{}>", mail.message_id),
            "Auto-Submitted": mail.auto_submitted,
            "X-Tsunagu-Receipt": mail.receipt,
        },
    });
    if let Some(reply_to) = &mail.reply_to {
        body["reply_to"] = json!(reply_to);
    }
    body
}

fn js_text(error: &js_sys::Error) -> String {
    redact(&String::from(error.message()))
}

/// The text with every email address replaced by `<address>`.
pub(crate) fn redact(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.contains('@') {
                "<address>"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::mime::tests::outgoing;

    #[test]
    fn the_http_body_is_resend_shaped() {
        let body = http_body(&outgoing());
        assert_eq!(
            body["from"],
            "ひだまり登戸 お問い合わせフォーム <tsunagu@hidamari.example.jp>"
        );
        assert_eq!(body["to"], json!(["staff@hidamari.example.jp"]));
        assert_eq!(body["reply_to"], "sakura@example.jp");
        assert_eq!(body["text"], "一行目\n二行目");
        assert_eq!(
            body["headers"]["Message-ID"],
            "<7KQ2M9XD.0@hidamari.example.jp>"
        );
        let mut mail = outgoing();
        mail.reply_to = None;
        assert!(http_body(&mail).get("reply_to").is_none());
    }

    #[test]
    fn logged_errors_carry_no_address() {
        assert_eq!(
            redact("Error: email to sakura@example.jp not allowed"),
            "Error: email to <address> not allowed"
        );
    }
}
