//! The confirm screen (確認画面): every value as it will be sent, after core's normalisation (the
//! phone number in ASCII digits and hyphens, the chosen meetings in words), with 「修正する」 and
//! 「送信する」.

use leptos::html::H3;
use leptos::prelude::*;
use tsunagu_contract::schedule::Occurrence;
use tsunagu_contract::{Inquiry, InquiryField};

use crate::app::PhoneFallback;
use crate::error::Error;
use crate::instance::text;

/// The values of a validated inquiry, and the buttons to go back or send.
#[component]
pub(super) fn ConfirmScreen(
    /// The inquiry as core validated it.
    inquiry: Inquiry,
    /// The group's name.
    group_name: String,
    /// Whether a send is under way.
    sending: RwSignal<bool>,
    /// Why the last attempt to send failed, if it did.
    failure: RwSignal<Option<Error>>,
    /// The screen's heading, focused when it opens.
    heading: NodeRef<H3>,
    /// Back to the form, everything kept.
    on_edit: Callback<()>,
    /// Sends the inquiry.
    on_send: Callback<()>,
) -> impl IntoView {
    let text = text();
    let or_none = |value: &str| {
        if value.is_empty() {
            text.not_given().to_owned()
        } else {
            value.to_owned()
        }
    };
    let row = |label: String, value: String, testid: &'static str| {
        view! {
            <dt>{label}</dt>
            <dd data-testid=testid>{value}</dd>
        }
    };
    let preferred = inquiry.kind.takes_dates().then(|| {
        let dates: Vec<String> = inquiry
            .preferred
            .iter()
            .map(|slot| {
                text.occurrence(&Occurrence {
                    date: slot.date,
                    start: slot.start,
                    end: None,
                })
            })
            .collect();
        view! {
            <dt>{text.field(InquiryField::Preferred)}</dt>
            <dd data-testid="confirm-preferred">
                {if dates.is_empty() {
                    view! { <p>{text.not_given()}</p> }.into_any()
                } else {
                    view! { <ul>{dates.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> }
                        .into_any()
                }}
            </dd>
        }
    });
    let postal = inquiry.kind.needs_postal_address().then(|| {
        row(
            text.field(InquiryField::PostalAddress).to_owned(),
            inquiry.postal_address.clone(),
            "confirm-postal_address",
        )
    });
    view! {
        <div class="confirm" data-testid="confirm">
            <h3 tabindex="-1" node_ref=heading data-testid="confirm-title">{text.confirm_heading()}</h3>
            <p>{text.confirm_intro()}</p>
            <dl class="facts">
                {row(text.field(InquiryField::Kind).to_owned(), text.inquiry_kind(inquiry.kind).to_owned(), "confirm-kind")}
                {row(text.group_label().to_owned(), group_name, "confirm-group")}
                {row(text.field(InquiryField::Name).to_owned(), or_none(&inquiry.name), "confirm-name")}
                {row(text.field(InquiryField::Furigana).to_owned(), or_none(&inquiry.furigana), "confirm-furigana")}
                {row(text.asker_label().to_owned(), text.asker(inquiry.asker).to_owned(), "confirm-asker")}
                {row(text.contact_preference_label().to_owned(), text.contact(inquiry.contact).to_owned(), "confirm-contact")}
                {row(text.field(InquiryField::Email).to_owned(), or_none(&inquiry.email), "confirm-email")}
                {row(text.field(InquiryField::Phone).to_owned(), or_none(&inquiry.phone), "confirm-phone")}
                {postal}
                {preferred}
                <dt>{text.field(InquiryField::Message)}</dt>
                <dd class="message" data-testid="confirm-message">{or_none(&inquiry.message)}</dd>
                {row(text.field(InquiryField::Consent).to_owned(), text.consent_given().to_owned(), "confirm-consent")}
            </dl>
            {move || failure.get().map(|error| view! {
                <div class="status error" role="alert" data-testid="send-error">
                    <p>{text.error(&error)}</p>
                    <PhoneFallback />
                </div>
            })}
            <div class="actions">
                <button
                    type="button"
                    class="button primary"
                    data-testid="send"
                    disabled=move || sending.get()
                    on:click=move |_| on_send.run(())
                >
                    {move || if sending.get() {
                        text.sending()
                    } else if failure.with(Option::is_some) {
                        text.send_again()
                    } else {
                        text.send()
                    }}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="edit"
                    disabled=move || sending.get()
                    on:click=move |_| on_edit.run(())
                >
                    {text.edit()}
                </button>
            </div>
        </div>
    }
}
