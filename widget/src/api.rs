//! Calls to the tsunagu worker.
//!
//! The browser parses and writes the JSON (`Response.json()`, `JSON.stringify`) and
//! serde-wasm-bindgen converts between its values and the contract's types. serde_json would bring its
//! own parser and number formatting, and make every derived struct also readable from a JSON
//! array, which together were a third of the widget.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gloo_net::http::{Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tsunagu_contract::api::month::MonthCalendar;
use tsunagu_contract::api::{FEED_PATH, FORM_PATH, IDEMPOTENCY_HEADER, INQUIRIES_PATH, MONTH_PATH};
use tsunagu_contract::calendar::Month;
use tsunagu_contract::feed::Feed;
use tsunagu_contract::{ApiError, ErrorCode, FacilityId, FormSettings, InquiryReceipt, Submission};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::config::WidgetConfig;
use crate::error::{Error, Result};

/// Where this instance's feed comes from. The loader computes the same address to start the
/// download early (see [`fetch_feed`]); a mismatch only costs that head start.
pub(crate) fn feed_url(config: &WidgetConfig) -> String {
    let mut url = format!("{}{FEED_PATH}", config.api_base);
    if let Some(facility) = &config.facility {
        url.push_str("?facility=");
        url.push_str(facility.as_str());
    }
    url
}

/// The feed this instance shows. `early` is the loader's download of the same address, started
/// while the wasm was still on its way; without it the request starts now.
pub(crate) async fn fetch_feed(
    config: &WidgetConfig,
    early: Option<js_sys::Promise>,
) -> Result<Feed> {
    let response = match early {
        Some(pending) => {
            let response = JsFuture::from(pending)
                .await
                .map_err(|e| Error::Network(format!("the early request failed: {e:?}")))?;
            let response: web_sys::Response = response
                .dyn_into()
                .map_err(|_| Error::Network("the early request gave no response".into()))?;
            Response::from(response)
        }
        None => Request::get(&feed_url(config)).send().await?,
    };
    read(response, 200).await
}

/// The meetings and public holidays of `month`, worked out by the worker, for this instance's
/// facility or the whole directory.
pub(crate) async fn fetch_month(config: &WidgetConfig, month: Month) -> Result<MonthCalendar> {
    let mut url = format!("{}{MONTH_PATH}?month={month}", config.api_base);
    if let Some(facility) = &config.facility {
        url.push_str("&facility=");
        url.push_str(facility.as_str());
    }
    read(Request::get(&url).send().await?, 200).await
}

/// The address of `group`'s iCalendar file on the worker: `webcal` for a calendar app to
/// subscribe to (it follows later changes), or a download.
pub(crate) fn calendar_url(
    config: &WidgetConfig,
    group: &tsunagu_contract::GroupId,
    subscribe: bool,
) -> String {
    let url = format!(
        "{}{}",
        config.api_base,
        tsunagu_contract::api::group_calendar_path(group)
    );
    if subscribe {
        // webcal is http(s) by another name: a calendar app fetches it again from time to time.
        match url.split_once("://") {
            Some((_, rest)) => format!("webcal://{rest}"),
            None => url,
        }
    } else {
        format!("{url}?download=1")
    }
}

/// Automatic retries after a network failure (not after an HTTP error), and the pause before
/// each: short, since the visitor is waiting on the confirm screen.
const RETRY_PAUSES_MS: [i32; 3] = [300, 800, 1500];

thread_local! {
    /// Form settings already fetched, by URL: opening the form again, or for another group of
    /// the same facility, asks the worker once.
    static FORMS: RefCell<BTreeMap<String, FormSettings>> = const { RefCell::new(BTreeMap::new()) };
}

/// What `facility`'s inquiry form offers and says; fetched once per page, or anew when `fresh`
/// (the worker said the consent text changed: then neither this page's copy nor the browser's
/// HTTP cache may answer).
pub(crate) async fn fetch_form(
    config: &WidgetConfig,
    facility: &FacilityId,
    fresh: bool,
) -> Result<FormSettings> {
    let url = format!("{}{FORM_PATH}?facility={facility}", config.api_base);
    if !fresh && let Some(form) = FORMS.with_borrow(|forms| forms.get(&url).cloned()) {
        return Ok(form);
    }
    let mut request = Request::get(&url);
    if fresh {
        request = request.cache(web_sys::RequestCache::NoCache);
    }
    let form: FormSettings = read(request.send().await?, 200).await?;
    FORMS.with_borrow_mut(|forms| forms.insert(url, form.clone()));
    Ok(form)
}

/// Sends a submission under its idempotency key; the worker validates it again with the same
/// rules. A network failure is retried with the same key and body (the worker answers a repeat
/// with its first response, so one inquiry is stored however many attempts reach it); an HTTP
/// error is returned at once.
pub(crate) async fn send_submission(
    config: &WidgetConfig,
    key: &str,
    submission: &Submission,
) -> Result<InquiryReceipt> {
    let url = format!("{}{INQUIRIES_PATH}", config.api_base);
    let value = submission
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::Network(e.to_string()))?;
    let body = String::from(js_sys::JSON::stringify(&value)?);
    let mut pauses = RETRY_PAUSES_MS.iter();
    loop {
        let request = Request::post(&url)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_HEADER, key)
            .body(body.as_str())?;
        let result = match request.send().await {
            Ok(response) => read(response, 201).await,
            Err(error) => Err(error.into()),
        };
        match (result, pauses.next()) {
            (Err(Error::Network(_)), Some(&pause)) => sleep(pause).await,
            (result, _) => return result,
        }
    }
}

/// A fresh idempotency key: a random UUID from the browser's secure generator.
pub(crate) fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            // randomUUID needs a secure context; the widget always runs in one (https, or
            // localhost in development), so this only guards against an odd embedding.
            let random = || {
                format!(
                    "{:08x}",
                    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
                )
            };
            format!("{}-{}-{}-{}", random(), random(), random(), random())
        })
}

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn read<T: DeserializeOwned>(response: Response, expected: u16) -> Result<T> {
    let status = response.status();
    let body = json(response.into()).await;
    if status == expected {
        return serde_wasm_bindgen::from_value(body?).map_err(|e| Error::Network(e.to_string()));
    }
    let body = body
        .ok()
        .and_then(|body| serde_wasm_bindgen::from_value::<ApiError>(body).ok())
        .unwrap_or_else(|| ApiError {
            code: ErrorCode::Internal,
            message: format!("unexpected status {status}"),
            fields: Vec::new(),
        });
    Err(Error::Api { status, body })
}

/// The response body parsed by the browser.
async fn json(response: web_sys::Response) -> Result<JsValue> {
    let parsed = JsFuture::from(response.json()?).await;
    parsed.map_err(|e| Error::Network(format!("the answer is not JSON: {e:?}")))
}
