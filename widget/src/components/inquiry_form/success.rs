//! The success screen: the receipt number (受付番号) and when the facility answers; focus moves
//! to its heading so a screen reader reads it at once.

use leptos::html::H3;
use leptos::prelude::*;
use tsunagu_contract::ReceiptId;

use crate::instance::text;

/// What the visitor sees once the worker stored the inquiry.
#[component]
pub(super) fn SuccessScreen(
    /// The receipt number.
    receipt: ReceiptId,
    /// The facility's reply promise, e.g. 「3営業日以内にご連絡します」.
    reply_promise: String,
    /// The screen's heading, focused when it opens.
    heading: NodeRef<H3>,
    /// Back to the group, when the form was opened from one.
    on_close: Option<Callback<()>>,
) -> impl IntoView {
    let text = text();
    view! {
        <div class="sent" data-testid="sent">
            <h3 tabindex="-1" node_ref=heading data-testid="sent-title">{text.sent_heading()}</h3>
            <p class="receipt">
                <span class="label">{text.receipt_label()}</span>
                <strong data-testid="receipt-id">{receipt.to_string()}</strong>
            </p>
            <p data-testid="reply-promise">{reply_promise}</p>
            <p>{text.sent_next()}</p>
            {on_close.map(|close| view! {
                <button type="button" class="button" data-testid="sent-back" on:click=move |_| close.run(())>
                    {text.back_to_list()}
                </button>
            })}
        </div>
    }
}
