//! The form's fields. Each reads and writes one part of the [`Draft`], shows its own error from
//! core's validation (`aria-invalid`, `aria-describedby`), and says in its label whether it is
//! required.
//!
//! Every focusable control carries `data-field="<field>"`, so the form can move focus to the
//! first invalid field without knowing how each one is built.

use leptos::prelude::*;
use tsunagu_contract::inquiry::MESSAGE_MAX_CHARS;
use tsunagu_contract::schedule::Occurrence;
use tsunagu_contract::{FieldError, FormSettings, InquiryField, PreferredSlot};

use super::draft::Draft;
use crate::i18n::UiText;
use crate::instance::text;

/// What every field needs: the draft, the errors and the facility's settings.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    /// The visitor's draft.
    pub(super) draft: RwSignal<Draft>,
    /// The current validation errors, in form order.
    pub(super) errors: RwSignal<Vec<FieldError>>,
    /// What the facility's form offers and says.
    pub(super) form: StoredValue<FormSettings>,
}

impl FormState {
    /// Changes the draft because the visitor changed a field.
    pub(super) fn edit(self, change: impl FnOnce(&mut Draft)) {
        self.draft.update(|d| {
            change(d);
            d.edited();
        });
    }

    fn error(self, field: InquiryField, text: &'static dyn UiText) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| text.field_error(&e.error))
        })
    }

    fn invalid(self, field: InquiryField) -> String {
        self.errors
            .with(|errors| errors.iter().any(|e| e.field == field))
            .to_string()
    }
}

/// Whether a field must be filled in, as its label says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Required.
    Required,
    /// One of email and phone is required.
    OneOf,
    /// May be left empty.
    Optional,
    /// The name, where the facility takes anonymous inquiries.
    Anonymous,
}

/// The `id` of a field's input (the first one, for a group of choices).
pub(super) fn field_id(field: InquiryField) -> String {
    format!("tsunagu-{field}")
}

fn error_id(field: InquiryField) -> String {
    format!("tsunagu-{field}-error")
}

/// The mark after a label: 必須, 任意…
#[component]
fn NeedMark(
    /// Whether the field is required.
    need: Signal<Need>,
) -> impl IntoView {
    let text = text();
    move || {
        let need = need.get();
        let class = match need {
            Need::Required | Need::OneOf => "required",
            Need::Optional | Need::Anonymous => "optional",
        };
        view! { <span class=class>{text.need(need)}</span> }
    }
}

/// The error message under a field, if it has one; `aria-describedby` points here.
#[component]
pub(super) fn FieldMessage(
    /// The form.
    state: FormState,
    /// Which field.
    field: InquiryField,
) -> impl IntoView {
    let text = text();
    view! {
        <p class="field-error" id=error_id(field) data-testid=format!("{field}-error")>
            {move || state.error(field, text)}
        </p>
    }
}

/// A labelled one-line input.
#[component]
pub(super) fn TextField(
    /// The form.
    state: FormState,
    /// Which inquiry field this is.
    field: InquiryField,
    /// Reads the value from the draft.
    get: fn(&Draft) -> &String,
    /// Writes the value into the draft.
    set: fn(&mut Draft, String),
    /// The `type` attribute.
    input_type: &'static str,
    /// The `autocomplete` hint.
    autocomplete: &'static str,
    /// Whether it is required.
    #[prop(into)]
    need: Signal<Need>,
) -> impl IntoView {
    let id = field_id(field);
    let text = text();
    view! {
        <div class="field">
            <label for=id.clone()>
                {text.field(field)}
                <NeedMark need=need />
            </label>
            <input
                id=id
                type=input_type
                data-testid=field.to_string()
                data-field=field.to_string()
                autocomplete=autocomplete
                aria-invalid=move || state.invalid(field)
                aria-describedby=error_id(field)
                prop:value=move || state.draft.with(|d| get(d).clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.edit(|d| set(d, value));
                }
            />
            <FieldMessage state=state field=field />
        </div>
    }
}

/// A labelled text of several lines; the message shows how many characters are left.
#[component]
pub(super) fn TextArea(
    /// The form.
    state: FormState,
    /// Which inquiry field this is.
    field: InquiryField,
    /// Reads the value from the draft.
    get: fn(&Draft) -> &String,
    /// Writes the value into the draft.
    set: fn(&mut Draft, String),
    /// Visible lines.
    rows: &'static str,
    /// The `autocomplete` hint.
    autocomplete: &'static str,
    /// Whether it is required.
    #[prop(into)]
    need: Signal<Need>,
) -> impl IntoView {
    let id = field_id(field);
    let text = text();
    let counted = field == InquiryField::Message;
    let counter_id = format!("tsunagu-{field}-counter");
    let described = if counted {
        format!("{} {counter_id}", error_id(field))
    } else {
        error_id(field)
    };
    let left = move || {
        let used = state.draft.with(|d| get(d).chars().count());
        text.chars_left(MESSAGE_MAX_CHARS.saturating_sub(used))
    };
    view! {
        <div class="field">
            <label for=id.clone()>
                {text.field(field)}
                <NeedMark need=need />
            </label>
            <textarea
                id=id
                rows=rows
                data-testid=field.to_string()
                data-field=field.to_string()
                autocomplete=autocomplete
                aria-invalid=move || state.invalid(field)
                aria-describedby=described
                prop:value=move || state.draft.with(|d| get(d).clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.edit(|d| set(d, value));
                }
            ></textarea>
            {counted.then(|| view! {
                <p class="note counter" id=counter_id data-testid="message-counter">{left}</p>
            })}
            <FieldMessage state=state field=field />
        </div>
    }
}

/// A group of radio buttons for one choice.
#[component]
pub(super) fn Radios<T>(
    /// The form.
    state: FormState,
    /// The group's name (legend).
    legend: &'static str,
    /// The `name` of the radios and the stem of their ids.
    name: &'static str,
    /// The choices with their labels.
    options: Vec<(T, &'static str)>,
    /// Reads the choice from the draft.
    get: fn(&Draft, &FormSettings) -> T,
    /// Writes the choice into the draft.
    set: fn(&mut Draft, T),
    /// The inquiry field the choice is validated as, if any.
    #[prop(optional)]
    field: Option<InquiryField>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let current = move || state.draft.with(|d| state.form.with_value(|f| get(d, f)));
    view! {
        <fieldset
            class="choices field"
            data-testid=name
            aria-describedby=field.map(error_id)
        >
            <legend>{legend}</legend>
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (value, label))| {
                    let id = format!("tsunagu-{name}-{i}");
                    let label_for = id.clone();
                    view! {
                        <label class="choice" for=label_for>
                            <input
                                type="radio"
                                id=id
                                name=format!("tsunagu-{name}")
                                data-field=field.map(|f| f.to_string())
                                prop:checked=move || current() == value
                                on:change=move |_| state.edit(|d| set(d, value))
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
            {field.map(|field| view! { <FieldMessage state=state field=field /> })}
        </fieldset>
    }
}

/// Up to three of the group's coming meetings, as checkboxes.
#[component]
pub(super) fn PreferredField(
    /// The form.
    state: FormState,
    /// The meetings offered, in date order.
    offered: Vec<Occurrence>,
) -> impl IntoView {
    let text = text();
    let field = InquiryField::Preferred;
    let hint_id = "tsunagu-preferred-hint";
    let described = format!("{hint_id} {}", error_id(field));
    view! {
        <fieldset class="choices field" data-testid="preferred" aria-describedby=described>
            <legend>
                {text.field(field)}
                <NeedMark need=Signal::stored(Need::Optional) />
            </legend>
            <p class="note" id=hint_id>
                {if offered.is_empty() { text.no_dates_offered() } else { text.preferred_hint() }}
            </p>
            {offered
                .into_iter()
                .enumerate()
                .map(|(i, meeting)| {
                    let slot = PreferredSlot { date: meeting.date, start: meeting.start };
                    let label = text.occurrence(&Occurrence { end: None, ..meeting });
                    let id = format!("tsunagu-preferred-{i}");
                    let label_for = id.clone();
                    view! {
                        <label class="choice" for=label_for>
                            <input
                                type="checkbox"
                                id=id
                                value=format!("{}T{}", slot.date, slot.start)
                                data-field=field.to_string()
                                aria-invalid=move || state.invalid(field)
                                prop:checked=move || state.draft.with(|d| d.preferred.contains(&slot))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.draft.update(|d| d.toggle(slot, on));
                                }
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
            <FieldMessage state=state field=field />
        </fieldset>
    }
}

/// The facility's consent text, its privacy policy, and the checkbox.
#[component]
pub(super) fn ConsentField(
    /// The form.
    state: FormState,
) -> impl IntoView {
    let text = text();
    let field = InquiryField::Consent;
    let (consent_text, policy) = state
        .form
        .with_value(|f| (f.consent_text.clone(), f.privacy_policy_url.clone()));
    let text_id = "tsunagu-consent-text";
    let id = field_id(field);
    view! {
        <fieldset class="field consent-box" data-testid="consent-box">
            <legend>
                {text.field(field)}
                <NeedMark need=Signal::stored(Need::Required) />
            </legend>
            <p class="consent-text" id=text_id data-testid="consent-text">{consent_text}</p>
            <p>
                <a href=policy target="_blank" rel="noopener" data-testid="privacy-policy">
                    {text.privacy_policy()}
                </a>
            </p>
            <div class="consent">
                <input
                    id=id.clone()
                    type="checkbox"
                    data-testid="consent"
                    data-field=field.to_string()
                    aria-invalid=move || state.invalid(field)
                    aria-describedby=format!("{text_id} {}", error_id(field))
                    prop:checked=move || state.draft.with(|d| d.consent)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.edit(|d| d.consent = on);
                    }
                />
                <label for=id>{text.consent_agree()}</label>
                <FieldMessage state=state field=field />
            </div>
        </fieldset>
    }
}

/// The honeypot: a field people never see or reach (off-screen, hidden from assistive
/// technology, out of the tab order, never autofilled), so whatever is in it was typed by a
/// robot. The worker refuses such a submission.
#[component]
pub(super) fn Honeypot(
    /// The form.
    state: FormState,
) -> impl IntoView {
    view! {
        <div class="hp" aria-hidden="true">
            <label for="tsunagu-website">{text().honeypot_label()}</label>
            <input
                id="tsunagu-website"
                type="text"
                name="website"
                tabindex="-1"
                autocomplete="off"
                prop:value=move || state.draft.with(|d| d.website.clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.edit(|d| d.website = value);
                }
            />
        </div>
    }
}

/// Above the form after a failed check: every problem, announced at once.
#[component]
pub(super) fn ErrorSummary(
    /// The form.
    state: FormState,
) -> impl IntoView {
    let text = text();
    move || {
        let errors = state.errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div class="status error" role="alert" data-testid="form-error">
                    <p>{text.fix_fields()}</p>
                    <ul>
                        {errors
                            .iter()
                            .map(|e| view! {
                                <li>{format!("{}: {}", text.field(e.field), text.field_error(&e.error))}</li>
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
