//! The checks of `POST /v1/inquiries` that ask the platform: Cloudflare Turnstile (for
//! facilities that turned it on) and the Workers rate limiting binding.
//!
//! Each is a thin call around a pure decision ([`turnstile_form`], [`turnstile_verdict`],
//! [`rate_verdict`]) that is tested natively. Neither the visitor's token nor their address is
//! ever logged: an IP address is personal data.

use serde::Deserialize;
use tsunagu_contract::FacilityConfig;
use tsunagu_engine::kv::{RATE_LIMIT_BINDING, rate_limit_key};
use wasm_bindgen::JsValue;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit, console_error};

use crate::error::{Error, Result};

/// Worker variable naming the siteverify endpoint; tests point it at a local stub.
pub(crate) const TURNSTILE_VERIFY_URL_VAR: &str = "TURNSTILE_VERIFY_URL";
/// Secret (`wrangler secret put TURNSTILE_SECRET`; locally a variable) holding the Turnstile
/// secret key.
pub(crate) const TURNSTILE_SECRET_VAR: &str = "TURNSTILE_SECRET";
/// Cloudflare's siteverify endpoint, used when [`TURNSTILE_VERIFY_URL_VAR`] is not set.
pub(crate) const TURNSTILE_VERIFY_URL: &str =
    "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/// The rate limiter's period in seconds, as declared for [`RATE_LIMIT_BINDING`] in
/// `wrangler.toml` (`simple = { limit = 10, period = 60 }`); sent as `Retry-After`. The binding
/// only tells whether a request is over the limit, not when the window ends, so the whole
/// period is the honest upper bound.
pub(crate) const RATE_LIMIT_PERIOD_SECONDS: u32 = 60;

/// Who the rate limiter counts: the address Cloudflare saw, or one shared bucket when the
/// header is missing (only outside Cloudflare's edge).
pub(crate) fn client_of(connecting_ip: Option<&str>) -> &str {
    connecting_ip
        .map(str::trim)
        .filter(|ip| !ip.is_empty())
        .unwrap_or("unknown")
}

/// The form body siteverify takes, or `None` when the visitor sent no token (refused without
/// asking Cloudflare).
pub(crate) fn turnstile_form(
    secret: &str,
    token: Option<&str>,
    client: Option<&str>,
) -> Option<String> {
    let token = token.map(str::trim).filter(|t| !t.is_empty())?;
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("secret", secret);
    form.append_pair("response", token);
    if let Some(ip) = client.map(str::trim).filter(|ip| !ip.is_empty()) {
        form.append_pair("remoteip", ip);
    }
    Some(form.finish())
}

/// What siteverify answered, as far as the worker cares.
#[derive(Debug, Deserialize)]
struct SiteverifyAnswer {
    success: bool,
    #[serde(default, rename = "error-codes")]
    error_codes: Vec<String>,
}

/// Why a Turnstile check did not let the inquiry in; logged, never shown (the visitor gets
/// `turnstile_failed`). Safe to log: Cloudflare's codes describe the token, not the visitor.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TurnstileRefusal {
    /// siteverify answered with a non-2xx status.
    #[error("siteverify answered {0}")]
    Status(u16),
    /// siteverify refused the token, with its error codes.
    #[error("refused: {}", .0.join(","))]
    Refused(Vec<String>),
    /// The answer is not siteverify's JSON.
    #[error("unreadable answer")]
    Unreadable,
    /// siteverify could not be reached.
    #[error("siteverify unreachable")]
    Unreachable,
}

/// Reads siteverify's answer: only a 2xx JSON answer with `success: true` lets the inquiry in.
pub(crate) fn turnstile_verdict(status: u16, body: &str) -> Result<(), TurnstileRefusal> {
    if !(200..300).contains(&status) {
        return Err(TurnstileRefusal::Status(status));
    }
    match serde_json::from_str::<SiteverifyAnswer>(body) {
        Ok(answer) if answer.success => Ok(()),
        Ok(answer) => Err(TurnstileRefusal::Refused(answer.error_codes)),
        Err(_) => Err(TurnstileRefusal::Unreadable),
    }
}

/// Maps the rate limiter's outcome.
pub(crate) fn rate_verdict(success: bool) -> Result<()> {
    if success {
        Ok(())
    } else {
        Err(Error::RateLimited {
            retry_after: RATE_LIMIT_PERIOD_SECONDS,
        })
    }
}

/// Verifies the visitor's Turnstile token when the facility turned Turnstile on.
pub(crate) async fn turnstile(
    env: &Env,
    config: &FacilityConfig,
    token: Option<&str>,
    connecting_ip: Option<&str>,
) -> Result<()> {
    if config.form.turnstile_site_key.is_none() {
        return Ok(());
    }
    // `var` reads secrets too: both are plain strings in the environment.
    let secret = env
        .var(TURNSTILE_SECRET_VAR)
        .map(|v| v.to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            Error::Platform(format!(
                "facility {} uses Turnstile but {TURNSTILE_SECRET_VAR} is not set",
                config.id
            ))
        })?;
    let Some(form) = turnstile_form(&secret, token, connecting_ip) else {
        return Err(Error::TurnstileFailed);
    };
    let url = env
        .var(TURNSTILE_VERIFY_URL_VAR)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| TURNSTILE_VERIFY_URL.to_owned());
    let verdict = match siteverify(&url, form).await {
        Ok((status, body)) => turnstile_verdict(status, &body),
        Err(_) => Err(TurnstileRefusal::Unreachable),
    };
    verdict.map_err(|reason| {
        console_error!("facility {}: Turnstile check failed ({reason})", config.id);
        Error::TurnstileFailed
    })
}

async fn siteverify(url: &str, form: String) -> worker::Result<(u16, String)> {
    let headers = Headers::new();
    headers.set("content-type", "application/x-www-form-urlencoded")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&form)));
    let request = Request::new_with_init(url, &init)?;
    let mut response = Fetch::Request(request).send().await?;
    let status = response.status_code();
    Ok((status, response.text().await?))
}

/// Counts the request against the facility's and client's budget.
pub(crate) async fn rate_limit(
    env: &Env,
    config: &FacilityConfig,
    connecting_ip: Option<&str>,
) -> Result<()> {
    let key = rate_limit_key(&config.id, client_of(connecting_ip));
    let outcome = env.rate_limiter(RATE_LIMIT_BINDING)?.limit(key).await?;
    rate_verdict(outcome.success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_contract::ErrorCode;

    #[test]
    fn clients_without_an_address_share_one_bucket() {
        assert_eq!(client_of(Some("203.0.113.7")), "203.0.113.7");
        assert_eq!(client_of(Some(" ")), "unknown");
        assert_eq!(client_of(None), "unknown");
    }

    #[test]
    fn the_siteverify_form_is_url_encoded_and_needs_a_token() {
        assert_eq!(
            turnstile_form("s3cr&t", Some("tok=en+1"), Some("2001:db8::1")).as_deref(),
            Some("secret=s3cr%26t&response=tok%3Den%2B1&remoteip=2001%3Adb8%3A%3A1")
        );
        assert_eq!(
            turnstile_form("s", Some("t"), None).as_deref(),
            Some("secret=s&response=t")
        );
        assert_eq!(turnstile_form("s", None, Some("192.0.2.1")), None);
        assert_eq!(turnstile_form("s", Some("  "), None), None);
    }

    #[test]
    fn only_a_successful_answer_passes_turnstile() {
        assert!(turnstile_verdict(200, r#"{"success":true,"error-codes":[]}"#).is_ok());
        let refused = turnstile_verdict(
            200,
            r#"{"success":false,"error-codes":["invalid-input-response"]}"#,
        );
        assert_eq!(
            refused,
            Err(TurnstileRefusal::Refused(vec![
                "invalid-input-response".into()
            ]))
        );
        assert_eq!(
            refused.unwrap_err().to_string(),
            "refused: invalid-input-response"
        );
        assert!(turnstile_verdict(500, r#"{"success":true}"#).is_err());
        assert!(turnstile_verdict(200, "<html>").is_err());
        assert!(turnstile_verdict(200, "{}").is_err());
    }

    #[test]
    fn an_exhausted_budget_is_a_429_with_retry_after() {
        assert!(rate_verdict(true).is_ok());
        let error = rate_verdict(false).unwrap_err();
        assert_eq!(error.code(), ErrorCode::RateLimited);
        assert!(matches!(error, Error::RateLimited { retry_after: 60 }));
    }
}
