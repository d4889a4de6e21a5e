//! Calls to the tsunagu worker.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use tsunagu_core::api::{GROUPS_PATH, INQUIRIES_PATH};
use tsunagu_core::{ApiError, Directory, ErrorCode, Inquiry, InquiryReceipt};

use crate::config::WidgetConfig;
use crate::error::{Error, Result};

/// The directory this instance shows.
pub(crate) async fn fetch_directory(config: &WidgetConfig) -> Result<Directory> {
    let mut url = format!("{}{GROUPS_PATH}", config.api_base);
    if let Some(facility) = &config.facility {
        url.push_str("?facility=");
        url.push_str(facility.as_str());
    }
    read(Request::get(&url).send().await?, 200).await
}

/// Sends a validated inquiry; the worker validates it again with the same rules.
pub(crate) async fn send_inquiry(
    config: &WidgetConfig,
    inquiry: &Inquiry,
) -> Result<InquiryReceipt> {
    let url = format!("{}{INQUIRIES_PATH}", config.api_base);
    read(Request::post(&url).json(inquiry)?.send().await?, 201).await
}

async fn read<T: DeserializeOwned>(response: Response, expected: u16) -> Result<T> {
    let status = response.status();
    if status == expected {
        return Ok(response.json().await?);
    }
    let body = response
        .json::<ApiError>()
        .await
        .unwrap_or_else(|_| ApiError {
            code: ErrorCode::Internal,
            message: format!("unexpected status {status}"),
            fields: Vec::new(),
        });
    Err(Error::Api { status, body })
}
