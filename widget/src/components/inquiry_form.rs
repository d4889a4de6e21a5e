//! The inquiry form for one group: validated in the browser with the same `tsunagu-core` rules
//! the worker applies, then posted; the receipt number is shown on success.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::{FieldError, GroupId, Inquiry, InquiryField, InquiryKind, ReceiptId};

use crate::api;
use crate::app::{PhoneFallback, SharedDirectory};
use crate::config::WidgetConfig;
use crate::error::Error;
use crate::events::{self, Host, InquirySent};
use crate::i18n::{UiText, ui};

/// Where the form is in its life.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Editing,
    Sending,
    Sent(ReceiptId),
    Failed(Error),
}

/// The form, or the receipt once sent.
#[component]
pub(crate) fn InquiryForm(
    /// The directory the group is in.
    directory: SharedDirectory,
    /// Settings of this instance.
    config: StoredValue<WidgetConfig>,
    /// The placeholder, for the host page's events.
    host: Host,
    /// The group asked about, if the visitor came from one; else the first of the scope.
    group: Option<GroupId>,
    /// Called when the visitor leaves the form; without it (the form alone) there is no way
    /// back to a list.
    #[prop(optional)]
    on_close: Option<Callback<()>>,
) -> impl IntoView {
    let text = ui(config.with_value(|c| c.lang));
    // The groups one can ask about: those of the instance's scope, in directory order.
    let choices: Vec<(GroupId, String)> = config.with_value(|c| {
        directory.with_value(|d| {
            let mut listed: Vec<_> = d
                .filter(&c.scope)
                .iter()
                .map(|m| (m.group.id.clone(), m.group.name.clone()))
                .collect();
            tsunagu_core::order::sort_by(&mut listed, |a, b| a.1.cmp(&b.1));
            listed
        })
    });
    let Some(first) = group.or_else(|| choices.first().map(|(id, _)| id.clone())) else {
        return view! { <p class="status" data-testid="no-groups">{text.no_results()}</p> }
            .into_any();
    };
    let chosen = RwSignal::new(first);
    let kind = RwSignal::new(InquiryKind::Visit);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let phase = RwSignal::new(Phase::Editing);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if phase.get_untracked() == Phase::Sending {
            return;
        }
        let group_id = chosen.get_untracked();
        let Some(facility) =
            directory.with_value(|d| d.directory().group(&group_id).map(|g| g.facility.clone()))
        else {
            return;
        };
        let inquiry = Inquiry {
            facility,
            group: group_id,
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            email: email.get_untracked(),
            message: message.get_untracked(),
            consent: consent.get_untracked(),
        };
        let inquiry = match inquiry.validated() {
            Ok(inquiry) => inquiry,
            Err(invalid) => {
                errors.set(invalid.errors);
                phase.set(Phase::Editing);
                return;
            }
        };
        errors.set(Vec::new());
        phase.set(Phase::Sending);
        let config = config.get_value();
        spawn_local(async move {
            match api::send_inquiry(&config, &inquiry).await {
                Ok(receipt) => {
                    events::dispatch(
                        host,
                        "tsunagu:inquiry-sent",
                        &InquirySent {
                            instance: &config.instance,
                            receipt: receipt.receipt_id.as_str(),
                            kind: inquiry.kind,
                            group: inquiry.group.as_str(),
                        },
                    );
                    phase.set(Phase::Sent(receipt.receipt_id));
                }
                Err(Error::Api { body, status }) if !body.fields.is_empty() => {
                    errors.set(body.fields.clone());
                    phase.set(Phase::Failed(Error::Api { body, status }));
                }
                Err(error) => {
                    web_sys::console::warn_1(&format!("tsunagu: {error}").into());
                    phase.set(Phase::Failed(error));
                }
            }
        });
    };

    let names = StoredValue::new(choices);
    let group_name = move || {
        let id = chosen.get();
        names.with_value(|c| {
            c.iter()
                .find(|(g, _)| *g == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        })
    };
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let (Some(h), true) = (heading.get(), on_close.is_some()) {
            let _ = h.focus();
        }
    });
    view! {
        <div class="form-panel">
            {move || match phase.get() {
                Phase::Sent(receipt) => {
                    view! {
                        <div class="sent" role="status" data-testid="sent">
                            <h2>{text.sent_heading()}</h2>
                            <p class="receipt">
                                <span class="label">{text.receipt_label()}</span>
                                <strong data-testid="receipt-id">{receipt.to_string()}</strong>
                            </p>
                            <p>{text.sent_next()}</p>
                            {on_close.map(|close| view! {
                                <button type="button" class="button" data-testid="sent-back" on:click=move |_| close.run(())>
                                    {text.back_to_list()}
                                </button>
                            })}
                        </div>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            }}
            <form
                class="inquiry"
                data-testid="inquiry-form"
                novalidate
                on:submit=submit
                hidden=move || matches!(phase.get(), Phase::Sent(_))
            >
                <h2 tabindex="-1" node_ref=heading data-testid="form-title">{move || text.form_heading(&group_name())}</h2>
                {move || match phase.get() {
                    Phase::Failed(error) => view! {
                        <div class="status error" role="alert" data-testid="form-error">
                            <p>{text.error(&error)}</p>
                            <PhoneFallback config=config />
                        </div>
                    }
                    .into_any(),
                    _ if !errors.with(Vec::is_empty) => view! {
                        <p class="status error" role="alert" data-testid="form-error">
                            {text.fix_fields()}
                        </p>
                    }
                    .into_any(),
                    _ => ().into_any(),
                }}
                <div class="field">
                    <label for="tsunagu-group">{text.group_label()}</label>
                    <select
                        id="tsunagu-group"
                        data-testid="group"
                        on:change=move |ev| {
                            let picked = event_target_value(&ev);
                            let found = names.with_value(|c| c.iter().find(|(g, _)| g.as_str() == picked).map(|(g, _)| g.clone()));
                            if let Some(id) = found {
                                chosen.set(id);
                            }
                        }
                    >
                        {names.with_value(|c| c.iter().map(|(id, name)| {
                            let id = id.clone();
                            let value = id.to_string();
                            view! {
                                <option value=value selected=move || chosen.get() == id>{name.clone()}</option>
                            }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="tsunagu-kind">{text.kind_label()}</label>
                    <select
                        id="tsunagu-kind"
                        data-testid="kind"
                        on:change=move |ev| {
                            let index = event_target_value(&ev).parse::<usize>().unwrap_or(0);
                            kind.set(InquiryKind::ALL.get(index).copied().unwrap_or(InquiryKind::Visit));
                        }
                    >
                        {InquiryKind::ALL
                            .iter()
                            .enumerate()
                            .map(|(i, k)| {
                                view! {
                                    <option value=i.to_string() selected=move || kind.get() == *k>
                                        {text.inquiry_kind(*k)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <TextField text=text field=InquiryField::Name value=name errors=errors input_type="text" autocomplete="nickname" />
                <TextField text=text field=InquiryField::Email value=email errors=errors input_type="email" autocomplete="email" />
                <div class="field">
                    <label for=field_id(InquiryField::Message)>
                        {text.field(InquiryField::Message)}
                        <span class="required">{text.required()}</span>
                    </label>
                    <textarea
                        id=field_id(InquiryField::Message)
                        data-testid="message"
                        rows="5"
                        aria-invalid=move || has_error(errors, InquiryField::Message).to_string()
                        aria-describedby=error_id(InquiryField::Message)
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))
                    ></textarea>
                    <FieldMessage text=text field=InquiryField::Message errors=errors />
                </div>
                <div class="field consent">
                    <input
                        id=field_id(InquiryField::Consent)
                        type="checkbox"
                        data-testid="consent"
                        aria-invalid=move || has_error(errors, InquiryField::Consent).to_string()
                        aria-describedby=error_id(InquiryField::Consent)
                        prop:checked=move || consent.get()
                        on:change=move |ev| consent.set(event_target_checked(&ev))
                    />
                    <label for=field_id(InquiryField::Consent)>{text.consent_text()}</label>
                    <FieldMessage text=text field=InquiryField::Consent errors=errors />
                </div>
                <div class="actions">
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="submit"
                        disabled=move || phase.get() == Phase::Sending
                    >
                        {move || if phase.get() == Phase::Sending { text.sending() } else { text.submit() }}
                    </button>
                    {on_close.map(|close| view! {
                        <button type="button" class="button" data-testid="cancel" on:click=move |_| close.run(())>
                            {text.cancel()}
                        </button>
                    })}
                </div>
            </form>
        </div>
    }
    .into_any()
}

fn has_error(errors: RwSignal<Vec<FieldError>>, field: InquiryField) -> bool {
    errors.with(|e| e.iter().any(|e| e.field == field))
}

fn field_id(field: InquiryField) -> String {
    format!("tsunagu-{field}")
}

fn error_id(field: InquiryField) -> String {
    format!("tsunagu-{field}-error")
}

/// A labelled single-line input with its error message.
#[component]
fn TextField(
    /// The catalogue.
    text: &'static dyn UiText,
    /// Which inquiry field this is.
    field: InquiryField,
    /// The value.
    value: RwSignal<String>,
    /// The current validation errors.
    errors: RwSignal<Vec<FieldError>>,
    /// The `type` attribute.
    input_type: &'static str,
    /// The `autocomplete` hint.
    autocomplete: &'static str,
) -> impl IntoView {
    let id = field_id(field);
    view! {
        <div class="field">
            <label for=id.clone()>
                {text.field(field)}
                <span class="required">{text.required()}</span>
            </label>
            <input
                id=id.clone()
                type=input_type
                data-testid=field.to_string()
                autocomplete=autocomplete
                aria-invalid=move || has_error(errors, field).to_string()
                aria-describedby=error_id(field)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldMessage text=text field=field errors=errors />
        </div>
    }
}

/// The error message under a field, if it has one.
#[component]
fn FieldMessage(
    /// The catalogue.
    text: &'static dyn UiText,
    /// Which inquiry field.
    field: InquiryField,
    /// The current validation errors.
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let message = move || {
        errors.with(|e| {
            e.iter()
                .find(|e| e.field == field)
                .map(|e| text.field_error(&e.error))
        })
    };
    view! {
        <p class="field-error" id=error_id(field) data-testid=format!("{field}-error")>
            {message}
        </p>
    }
}
