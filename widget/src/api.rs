//! Calls to the tsunagu worker.
//!
//! The browser parses and writes the JSON (`Response.json()`, `JSON.stringify`) and
//! serde-wasm-bindgen converts between its values and core's types. serde_json would bring its
//! own parser and number formatting, and make every derived struct also readable from a JSON
//! array, which together were a third of the widget.

use gloo_net::http::{Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tsunagu_core::api::{GROUPS_PATH, INQUIRIES_PATH};
use tsunagu_core::{ApiError, Directory, ErrorCode, Inquiry, InquiryReceipt};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::config::WidgetConfig;
use crate::error::{Error, Result};

/// Where this instance's directory comes from. The loader computes the same address to start
/// the download early (see [`fetch_directory`]); a mismatch only costs that head start.
pub(crate) fn directory_url(config: &WidgetConfig) -> String {
    let mut url = format!("{}{GROUPS_PATH}", config.api_base);
    if let Some(facility) = &config.facility {
        url.push_str("?facility=");
        url.push_str(facility.as_str());
    }
    url
}

/// The directory this instance shows. `early` is the loader's download of the same address,
/// started while the wasm was still on its way; without it the request starts now.
pub(crate) async fn fetch_directory(
    config: &WidgetConfig,
    early: Option<js_sys::Promise>,
) -> Result<Directory> {
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
        None => Request::get(&directory_url(config)).send().await?,
    };
    read(response, 200).await
}

/// Sends a validated inquiry; the worker validates it again with the same rules.
pub(crate) async fn send_inquiry(
    config: &WidgetConfig,
    inquiry: &Inquiry,
) -> Result<InquiryReceipt> {
    let url = format!("{}{INQUIRIES_PATH}", config.api_base);
    let value = inquiry
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::Network(e.to_string()))?;
    let body = js_sys::JSON::stringify(&value)?;
    let request = Request::post(&url)
        .header("Content-Type", "application/json")
        .body(body)?;
    read(request.send().await?, 201).await
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
