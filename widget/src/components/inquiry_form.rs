//! The inquiry form for one group: the facility's settings are loaded (which kinds it takes,
//! whether a name is required, its consent text), the visitor fills in the fields, the contract's
//! `Inquiry::validated` checks them exactly as the worker will, a confirm screen shows every
//! value, and the success screen shows the receipt number and the facility's reply promise.
//!
//! The draft lives in sessionStorage until the inquiry is sent ([`draft`]); sending reuses one
//! idempotency key for every attempt, so a network failure never makes two inquiries.

mod confirm;
mod draft;
mod fields;
mod success;

use leptos::ev::SubmitEvent;
use leptos::html::{Div, H2, H3};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_contract::schedule::Occurrence;
use tsunagu_contract::{
    Asker, ContactPreference, ErrorCode, FacilityId, FieldError, FormSettings, GroupId, Inquiry,
    InquiryError, InquiryField, ReceiptId,
};
use wasm_bindgen::JsCast;

use self::confirm::ConfirmScreen;
use self::draft::Draft;
pub(crate) use self::fields::Need;
use self::fields::{
    ConsentField, ErrorSummary, FormState, Honeypot, PreferredField, Radios, TextArea, TextField,
};
use self::success::SuccessScreen;
use crate::api;
use crate::app::LoadFailed;
use crate::components::finder::focus_later;
use crate::error::Error;
use crate::events::{self, Detail};
use crate::instance::{config, directory, host, text};

pub(crate) use self::draft::open_form_group;
use self::draft::{forget_open_form, open_form};
use tsunagu_contract::inquiry::PREFERRED_HORIZON_DAYS;

/// How many of the group's coming meetings a visit or trial may choose from (fewer when the
/// group meets rarely: only those within [`PREFERRED_HORIZON_DAYS`]).
const OFFERED_MEETINGS: usize = 8;

/// Where the visitor is in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Filling in the fields.
    Edit,
    /// Reading the confirm screen (and sending from it).
    Confirm,
    /// The inquiry was stored; the receipt is shown.
    Sent,
}

/// The form, with the group picker when it stands alone.
#[component]
pub(crate) fn InquiryForm(
    /// The group asked about, if the visitor came from one; else the one chosen last in this
    /// tab, else the first of the scope.
    group: Option<GroupId>,
    /// Called when the visitor leaves the form; without it (the form alone) there is no way
    /// back to a list.
    on_close: Option<Callback<()>>,
) -> impl IntoView {
    let (config, directory, text) = (config(), directory(), text());
    let instance = config.with_value(|c| c.instance.clone());
    // The groups one can ask about: those of the instance's scope, by name.
    let choices: Vec<(GroupId, String)> = config.with_value(|c| {
        directory.with_value(|d| {
            let mut listed: Vec<_> = d
                .filter(&c.scope)
                .iter()
                .map(|m| (m.group.id.clone(), m.group.name.clone()))
                .collect();
            tsunagu_contract::order::sort_by(&mut listed, |a, b| a.1.cmp(&b.1));
            listed
        })
    });
    let standalone = group.is_none();
    let remembered = draft::read(&draft::group_key(&instance))
        .filter(|_| standalone)
        .and_then(|id| choices.iter().find(|(g, _)| g.as_str() == id).cloned())
        .map(|(id, _)| id);
    let Some(first) = group
        .or(remembered)
        .or_else(|| choices.first().map(|(id, _)| id.clone()))
    else {
        return view! { <p class="status" data-testid="no-groups">{text.no_results()}</p> }
            .into_any();
    };
    if on_close.is_some() {
        // Opened from a detail: a reload reopens it (the finder asks on start), until closed.
        open_form(&instance, &first);
        let instance = instance.clone();
        on_cleanup(move || forget_open_form(&instance));
    }
    let chosen = RwSignal::new(first);
    let step = RwSignal::new(Step::Edit);
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
    let title = NodeRef::<H2>::new();
    // On the next frame, as in the detail: the form is a part, placed once downloaded.
    Effect::new(move |_| {
        if title.get().is_some() && on_close.is_some() {
            focus_later(title);
        }
    });
    let group_key = draft::group_key(&instance);
    view! {
        <div class="form-panel" data-testid="inquiry-form">
            <h2 tabindex="-1" node_ref=title data-testid="form-title">{move || text.form_heading(&group_name())}</h2>
            {standalone.then(|| view! {
                <div class="field" hidden=move || step.get() != Step::Edit>
                    <label for="tsunagu-group">{text.group_label()}</label>
                    <select
                        id="tsunagu-group"
                        data-testid="group"
                        on:change=move |ev| {
                            let picked = event_target_value(&ev);
                            let found = names.with_value(|c| c.iter().find(|(g, _)| g.as_str() == picked).map(|(g, _)| g.clone()));
                            if let Some(id) = found {
                                draft::write(&group_key, id.as_str());
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
            })}
            {move || {
                let group = chosen.get();
                view! {
                    <GroupForm group=group step=step title=title on_close=on_close />
                }
            }}
        </div>
    }
    .into_any()
}

/// The form for one group: loads its facility's settings, then shows the form.
#[component]
fn GroupForm(
    /// The group asked about.
    group: GroupId,
    /// Where the visitor is in the form (the group picker hides after the fields).
    step: RwSignal<Step>,
    /// The form's heading, focused when the fields open again.
    title: NodeRef<H2>,
    /// Called when the visitor leaves the form, if there is a way back.
    on_close: Option<Callback<()>>,
) -> impl IntoView {
    let (config, text) = (config(), text());
    let Some(facility) =
        directory().with_value(|d| d.directory().group(&group).map(|g| g.facility.clone()))
    else {
        return view! { <p class="status" data-testid="group-missing">{text.group_missing()}</p> }
            .into_any();
    };
    let (attempt, set_attempt) = signal(0u32);
    // Set when the worker refused the consent as outdated: the settings are fetched anew and the
    // new form opens with that error, so the visitor reads the new text before agreeing again.
    let outdated = StoredValue::new(Vec::<FieldError>::new());
    let wanted = facility.clone();
    let settings = LocalResource::new(move || {
        attempt.track();
        let config = config.get_value();
        let facility = wanted.clone();
        let fresh = outdated.with_value(|e| !e.is_empty());
        async move { api::fetch_form(&config, &facility, fresh).await }
    });
    let on_outdated = Callback::new(move |errors: Vec<FieldError>| {
        outdated.set_value(errors);
        set_attempt.update(|n| *n += 1);
    });
    let group = StoredValue::new(group);
    let facility = StoredValue::new(facility);
    (move || match settings.get() {
        None => view! {
            <p class="status" role="status" data-testid="form-loading">{text.form_loading()}</p>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <LoadFailed error=error on_retry=Callback::new(move |()| set_attempt.update(|n| *n += 1)) />
        }
        .into_any(),
        Some(Ok(form)) => view! {
            <FormFlow
                group=group.get_value()
                facility=facility.get_value()
                form=form
                step=step
                title=title
                on_close=on_close
                errors=outdated.try_update_value(std::mem::take).unwrap_or_default()
                on_outdated=on_outdated
            />
        }
        .into_any(),
    })
    .into_any()
}

/// The fields, the confirm screen and the success screen of one group's form.
#[component]
#[allow(clippy::too_many_arguments)]
fn FormFlow(
    /// The group asked about.
    group: GroupId,
    /// Its facility, whose form this is.
    facility: FacilityId,
    /// The facility's form settings, as loaded.
    form: FormSettings,
    /// Where the visitor is in the form.
    step: RwSignal<Step>,
    /// The form's heading, focused when the visitor goes back to edit.
    title: NodeRef<H2>,
    /// Called when the visitor leaves the form, if there is a way back.
    on_close: Option<Callback<()>>,
    /// Errors to show from the start (the worker refused an outdated consent).
    errors: Vec<FieldError>,
    /// Called when the worker refuses the consent as outdated: the settings load again.
    on_outdated: Callback<Vec<FieldError>>,
) -> impl IntoView {
    let (config, directory, host, text) = (config(), directory(), host(), text());
    let initial_errors = errors;
    let storage = config.with_value(|c| draft::storage_key(&c.instance, &facility, &group));
    let draft =
        RwSignal::new(draft::load(&storage).unwrap_or_else(|| Draft::new(js_sys::Date::now())));
    let storage = StoredValue::new(storage);
    // Written on every change, until the inquiry is sent; then the draft is gone for good.
    let keep = StoredValue::new(true);
    Effect::new(move |_| {
        draft.with(|d| {
            if keep.get_value() {
                storage.with_value(|key| draft::save(key, d));
            }
        });
    });
    let reply_promise = form.reply_promise.clone();
    let anonymous = form.anonymous_allowed;
    let kinds: Vec<_> = form
        .kinds
        .iter()
        .map(|k| (*k, text.inquiry_kind(*k)))
        .collect();
    let form = StoredValue::new(form);
    let errors = RwSignal::new(initial_errors);
    let state = FormState {
        draft,
        errors,
        form,
    };
    let (offered, group_name) = directory.with_value(|index| {
        let groups = &index.directory().groups;
        let position = index.position_of(&group);
        // Only what the worker accepts: a meeting within PREFERRED_HORIZON_DAYS of today.
        let last = index.now().date() + chrono::Duration::days(PREFERRED_HORIZON_DAYS);
        let offered: Vec<Occurrence> = position
            .and_then(|p| index.prepared(p))
            .map(|p| {
                p.coming(index.now())
                    .filter(|o| o.date <= last)
                    .take(OFFERED_MEETINGS)
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        let name = position.and_then(|p| groups.get(p)).map(|g| g.name.clone());
        (offered, name.unwrap_or_default())
    });
    let ids = StoredValue::new((facility, group));
    let kind = Memo::new(move |_| draft.with(|d| form.with_value(|f| d.kind(f))));
    let contact = Memo::new(move |_| draft.with(|d| d.contact));
    let takes_dates = Memo::new(move |_| kind.get().takes_dates());
    let needs_postal = Memo::new(move |_| kind.get().needs_postal_address());
    let checked = RwSignal::new(None::<Inquiry>);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<Error>);
    let receipt = RwSignal::new(None::<ReceiptId>);
    let root = NodeRef::<Div>::new();
    let confirm_heading = NodeRef::<H3>::new();
    let sent_heading = NodeRef::<H3>::new();

    let focus_first_invalid = move || {
        let Some(field) = errors
            .with_untracked(|e: &Vec<tsunagu_contract::FieldError>| e.first().map(|e| e.field))
        else {
            return;
        };
        request_animation_frame(move || {
            let target = root.get_untracked().and_then(|root| {
                root.query_selector(&format!("[data-field=\"{field}\"]"))
                    .ok()
                    .flatten()
            });
            if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        });
    };

    let to_confirm = move |ev: SubmitEvent| {
        ev.prevent_default();
        let inquiry = ids.with_value(|(facility, group)| {
            draft.with_untracked(|d| {
                form.with_value(|f| d.inquiry(facility.clone(), group.clone(), f))
            })
        });
        match form.with_value(|f| inquiry.validated(f)) {
            Ok(valid) => {
                errors.set(Vec::new());
                failure.set(None);
                draft.update(|d| d.confirmed(api::new_idempotency_key));
                checked.set(Some(valid));
                step.set(Step::Confirm);
                focus_later(confirm_heading);
            }
            Err(invalid) => {
                errors.set(invalid.errors);
                focus_first_invalid();
            }
        }
    };

    let edit = Callback::new(move |()| {
        failure.set(None);
        step.set(Step::Edit);
        focus_later(title);
    });

    let send = Callback::new(move |()| {
        // The button is disabled while sending; this guards a double click in between.
        if sending.get_untracked() {
            return;
        }
        let Some(inquiry) = checked.get_untracked() else {
            return;
        };
        let Some((key, submission)) =
            draft.try_update(|d| d.attempt(inquiry, js_sys::Date::now(), api::new_idempotency_key))
        else {
            return;
        };
        sending.set(true);
        failure.set(None);
        let config = config.get_value();
        spawn_local(async move {
            let result = api::send_submission(&config, &key, &submission).await;
            sending.set(false);
            match result {
                Ok(answer) => {
                    keep.set_value(false);
                    storage.with_value(|key| draft::remove(key));
                    // Sent: a reload shows the group again, not a form to fill in once more.
                    forget_open_form(&config.instance);
                    events::dispatch(
                        host,
                        "tsunagu:inquiry-sent",
                        Detail::of(&config.instance)
                            .text("receipt", answer.receipt_id.as_str())
                            .text(
                                "kind",
                                tsunagu_contract::code::code(&submission.inquiry.kind)
                                    .unwrap_or_default(),
                            )
                            .text("group", submission.inquiry.group.as_str()),
                    );
                    receipt.set(Some(answer.receipt_id));
                    step.set(Step::Sent);
                    focus_later(sent_heading);
                }
                Err(Error::Api { body, .. })
                    if body.code == ErrorCode::ValidationFailed
                        && body
                            .fields
                            .iter()
                            .any(|f| f.error == InquiryError::ConsentOutdated) =>
                {
                    // Agreed to a text that is no longer the facility's: untick, and show the
                    // new text (the form opens again with these errors).
                    draft.update(|d| d.consent = false);
                    step.set(Step::Edit);
                    on_outdated.run(body.fields);
                }
                Err(Error::Api { body, .. })
                    if body.code == ErrorCode::ValidationFailed && !body.fields.is_empty() =>
                {
                    errors.set(body.fields);
                    step.set(Step::Edit);
                    focus_first_invalid();
                }
                Err(error) => {
                    // The error's text names codes and statuses, never what the visitor typed.
                    web_sys::console::warn_1(&format!("tsunagu: {error}").into());
                    if matches!(&error, Error::Api { body, .. } if body.code == ErrorCode::IdempotencyKeyReused)
                    {
                        draft.update(Draft::forget_key);
                    }
                    failure.set(Some(error));
                }
            }
        });
    });

    let name_need = if anonymous {
        Need::Anonymous
    } else {
        Need::Required
    };
    let email_need = Signal::derive(move || match contact.get() {
        ContactPreference::Email => Need::Required,
        ContactPreference::Phone => Need::Optional,
        ContactPreference::Either => Need::OneOf,
    });
    let phone_need = Signal::derive(move || match contact.get() {
        ContactPreference::Email => Need::Optional,
        ContactPreference::Phone => Need::Required,
        ContactPreference::Either => Need::OneOf,
    });
    let message_need = Signal::derive(move || {
        if kind.get().needs_message() {
            Need::Required
        } else {
            Need::Optional
        }
    });
    let askers: Vec<_> = Asker::ALL.iter().map(|a| (*a, text.asker(*a))).collect();
    let contacts: Vec<_> = ContactPreference::ALL
        .iter()
        .map(|c| (*c, text.contact(*c)))
        .collect();
    let offered = StoredValue::new(offered);
    let group_name = StoredValue::new(group_name);
    let reply_promise = StoredValue::new(reply_promise);

    view! {
        <div node_ref=root>
            <form
                class="inquiry"
                data-testid="inquiry-fields"
                novalidate
                on:submit=to_confirm
                hidden=move || step.get() != Step::Edit
            >
                <ErrorSummary state=state />
                <Radios
                    state=state
                    legend=text.field(InquiryField::Kind)
                    name="kind"
                    options=kinds
                    get=kind_of
                    set=set_kind
                    field=InquiryField::Kind
                />
                <TextField
                    state=state
                    field=InquiryField::Name
                    get=|d| &d.name
                    set=|d, v| d.name = v
                    input_type="text"
                    autocomplete="nickname"
                    need=name_need
                />
                <TextField
                    state=state
                    field=InquiryField::Furigana
                    get=|d| &d.furigana
                    set=|d, v| d.furigana = v
                    input_type="text"
                    autocomplete="off"
                    need=Need::Optional
                />
                <Radios state=state legend=text.asker_label() name="asker" options=askers get=|d, _| d.asker set=|d, a| d.asker = a />
                <Radios state=state legend=text.contact_preference_label() name="contact" options=contacts get=|d, _| d.contact set=|d, c| d.contact = c />
                <TextField
                    state=state
                    field=InquiryField::Email
                    get=|d| &d.email
                    set=|d, v| d.email = v
                    input_type="email"
                    autocomplete="email"
                    need=email_need
                />
                <TextField
                    state=state
                    field=InquiryField::Phone
                    get=|d| &d.phone
                    set=|d, v| d.phone = v
                    input_type="tel"
                    autocomplete="tel"
                    need=phone_need
                />
                {move || needs_postal.get().then(|| view! {
                    <TextArea
                        state=state
                        field=InquiryField::PostalAddress
                        get=|d| &d.postal_address
                        set=|d, v| d.postal_address = v
                        rows="3"
                        autocomplete="street-address"
                        need=Need::Required
                    />
                })}
                {move || takes_dates.get().then(|| view! {
                    <PreferredField state=state offered=offered.get_value() />
                })}
                <TextArea
                    state=state
                    field=InquiryField::Message
                    get=|d| &d.message
                    set=|d, v| d.message = v
                    rows="6"
                    autocomplete="off"
                    need=message_need
                />
                <ConsentField state=state />
                <Honeypot state=state />
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="to-confirm">
                        {text.to_confirm()}
                    </button>
                    {on_close.map(|close| view! {
                        <button type="button" class="button" data-testid="cancel" on:click=move |_| close.run(())>
                            {text.cancel()}
                        </button>
                    })}
                </div>
            </form>
            <div hidden=move || step.get() != Step::Confirm>
                {move || checked.get().map(|inquiry| view! {
                    <ConfirmScreen
                        inquiry=inquiry
                        group_name=group_name.get_value()
                        sending=sending
                        failure=failure
                        heading=confirm_heading
                        on_edit=edit
                        on_send=send
                    />
                })}
            </div>
            {move || receipt.get().map(|receipt| view! {
                <SuccessScreen
                    receipt=receipt
                    reply_promise=reply_promise.get_value()
                    heading=sent_heading
                    on_close=on_close
                />
            })}
        </div>
    }
}

fn kind_of(draft: &Draft, form: &FormSettings) -> tsunagu_contract::InquiryKind {
    draft.kind(form)
}

fn set_kind(draft: &mut Draft, kind: tsunagu_contract::InquiryKind) {
    draft.kind = Some(kind);
}
