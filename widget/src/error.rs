//! The widget's one error type. Developers read the `Display` text in the console; visitors see
//! the translated sentence from [`crate::i18n::UiText::error`].

use tsunagu_contract::ApiError;

/// Everything that can go wrong in the widget.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A `data-*` attribute of the placeholder is wrong.
    #[error("placeholder attribute {attribute}={value:?} is invalid: {reason}")]
    Config {
        /// The attribute, e.g. `data-facility`.
        attribute: &'static str,
        /// What the webmaster wrote.
        value: String,
        /// Why it is wrong.
        reason: String,
    },
    /// The worker could not be reached, or its answer could not be read.
    #[error("network error: {0}")]
    Network(String),
    /// The worker answered with an error body.
    #[error("the server answered {status} ({:?}): {}", .body.code, .body.message)]
    Api {
        /// The HTTP status.
        status: u16,
        /// The error body.
        body: ApiError,
    },
    /// A part of the widget (detail, calendar, form) could not be downloaded.
    #[error("a part of the widget could not be downloaded")]
    PartMissing,
    /// The DOM refused an operation (e.g. the element cannot host a shadow root).
    #[error("DOM error: {0}")]
    Dom(String),
}

/// The widget's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<wasm_bindgen::JsValue> for Error {
    fn from(value: wasm_bindgen::JsValue) -> Self {
        Error::Dom(format!("{value:?}"))
    }
}

impl From<gloo_net::Error> for Error {
    fn from(error: gloo_net::Error) -> Self {
        Error::Network(error.to_string())
    }
}
