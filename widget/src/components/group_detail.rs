//! Everything about one group: the rule in words and its next five dates, place and access,
//! how to join online, contact and phone hours, the group's calendar from the worker (to
//! download, or to subscribe to so later changes follow), and the button that opens the inquiry
//! form for it.

use leptos::html::H2;
use leptos::prelude::*;
use tsunagu_contract::GroupId;
use tsunagu_contract::directory::Group;
use tsunagu_contract::text::is_web_url;

use crate::api::calendar_url;
use crate::components::finder::focus_later;
use crate::config::Mode;
use crate::i18n::UiText;
use crate::instance::{config, directory, nav, text};
use crate::route::Entry;

/// How many coming meetings the detail lists.
const NEXT_DATES: usize = 5;

/// The detail of `group`, with a way back to the list.
#[component]
pub(crate) fn GroupDetail(
    /// The group to show.
    group: GroupId,
    /// Called when the visitor wants to ask about the group (in an instance that offers the
    /// inquiry form).
    on_inquire: impl Fn(GroupId) + Send + Sync + 'static,
) -> impl IntoView {
    let (nav, text) = (nav(), text());
    let can_inquire = config().with_value(|c| c.mode != Mode::Finder);
    let back = move || nav.change(Entry::Push, |s| s.group = None);
    let title = NodeRef::<H2>::new();
    // On the next frame: a part renders into its place only once its download has finished,
    // and an element not yet in the page cannot take the focus.
    Effect::new(move |_| {
        if title.get().is_some() && nav.acted() {
            focus_later(title);
        }
    });
    let config = config();
    let lang = config.with_value(|c| c.lang);
    let found = directory().with_value(|index| {
        let directory = index.directory();
        let position = index.position_of(&group)?;
        let group = directory.groups.get(position)?.clone();
        let now = index.now();
        let prepared = index.prepared(position)?;
        let dates: Vec<_> = prepared
            .coming(now)
            .take(NEXT_DATES)
            .map(|o| (text.occurrence(o), o.in_progress_at(now)))
            .collect();
        let words = prepared.words(lang).to_owned();
        let facility = directory.facility(&group.facility).cloned();
        let place = directory.place_of(&group).cloned();
        let contact = directory.contact_of(&group);
        Some((group, words, dates, facility, place, contact))
    });
    let Some((group, words, dates, facility, place, contact)) = found else {
        return view! {
            <div class="detail" data-testid="group-detail">
                <h2 tabindex="-1" node_ref=title>{text.group_missing()}</h2>
                <button type="button" class="button" data-testid="back" on:click=move |_| back()>
                    {text.back_to_list()}
                </button>
            </div>
        }
        .into_any();
    };
    let (download, subscribe) = config.with_value(|c| {
        (
            calendar_url(c, &group.id, false),
            calendar_url(c, &group.id, true),
        )
    });
    let has_meetings = !dates.is_empty();
    let id = group.id.clone();
    view! {
        <article class="detail" data-testid="group-detail" data-group=group.id.to_string()>
            <button type="button" class="button link" data-testid="back" on:click=move |_| back()>
                {text.back_to_list()}
            </button>
            <h2 class="detail-title" tabindex="-1" node_ref=title data-testid="detail-title">
                {group.name.clone()}
            </h2>
            {facility.map(|f| view! { <p class="facility">{f.name}</p> })}
            <ul class="chips" aria-label=text.category_label()>
                {group.categories.iter().map(|c| view! { <li class="chip">{text.category(*c)}</li> }).collect_view()}
            </ul>
            {group.summary.clone().map(|s| view! { <p class="summary">{s}</p> })}
            {group.description.clone().map(|s| view! { <p class="description">{s}</p> })}
            <dl class="facts">
                <dt>{text.schedule_label()}</dt>
                <dd data-testid="detail-schedule">
                    {words}
                    {group.schedule_note.clone().map(|n| view! { <span class="note">{n}</span> })}
                </dd>
                <dt>{text.next_dates_label()}</dt>
                <dd>
                    {if dates.is_empty() {
                        view! { <p data-testid="no-dates">{text.no_next()}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="dates" data-testid="next-dates">
                                {dates
                                    .into_iter()
                                    .map(|(when, live)| view! {
                                        <li>
                                            {when}
                                            {live.then(|| view! { <span class="badge live">{text.in_progress()}</span> })}
                                        </li>
                                    })
                                    .collect_view()}
                            </ol>
                        }
                        .into_any()
                    }}
                </dd>
                <dt>{text.format_label()}</dt>
                <dd data-testid="detail-format">{text.format(group.format)}</dd>
                {place.map(|p| view! {
                    <dt>{text.place_label()}</dt>
                    <dd data-testid="detail-place">
                        {p.one_line()}
                        {p.access.clone().map(|a| view! { <span class="note">{a}</span> })}
                    </dd>
                })}
                {group.online.clone().map(|o| view! {
                    <dt>{text.online_label()}</dt>
                    <dd data-testid="detail-online">
                        {o.platform.clone().map(|p| view! { <p>{p}</p> })}
                        <ol class="steps">
                            {o.steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                        </ol>
                    </dd>
                })}
                <dt>{text.audience_label()}</dt>
                <dd data-testid="detail-audience">{audiences(&group, text)}</dd>
                {(!group.options.is_empty()).then(|| view! {
                    <dt>{text.options_label()}</dt>
                    <dd>
                        <ul class="chips options">
                            {group.options.iter().map(|o| view! { <li class="chip option">{text.option(*o)}</li> }).collect_view()}
                        </ul>
                    </dd>
                })}
                {group.cost.as_ref().map(|c| view! {
                    <dt>{text.cost_label()}</dt>
                    <dd data-testid="detail-cost">{text.cost(c)}</dd>
                })}
                {group.capacity.map(|n| view! {
                    <dt>{text.capacity_label()}</dt>
                    <dd>{text.capacity(n)}</dd>
                })}
                {group.apply_days_before.map(|n| view! {
                    <dt>{text.apply_label()}</dt>
                    <dd>{text.apply_days_before(n)}</dd>
                })}
                {(!group.languages.is_empty()).then(|| view! {
                    <dt>{text.languages_label()}</dt>
                    <dd>{group.languages.join(", ")}</dd>
                })}
                <dt>{text.contact_label()}</dt>
                <dd data-testid="detail-contact">
                    {contact.phone.clone().map(|phone| {
                        let tel = format!("tel:{}", phone.replace(['-', ' '], ""));
                        view! {
                            <p>
                                <a href=tel>{phone}</a>
                                {contact.phone_hours.clone().map(|h| view! { <span class="note">{h}</span> })}
                            </p>
                        }
                    })}
                    {contact.email.clone().map(|email| {
                        let mailto = format!("mailto:{email}");
                        view! { <p><a href=mailto>{email}</a></p> }
                    })}
                    {contact.url.clone().map(|url| {
                        // Core refuses anything but a web address when a directory is loaded; the check is
                        // repeated here because a `javascript:` link would run in the host page.
                        if is_web_url(&url) {
                            let href = url.clone();
                            view! { <p><a href=href target="_blank" rel="noopener">{url}</a></p> }
                                .into_any()
                        } else {
                            view! { <p>{url}</p> }.into_any()
                        }
                    })}
                </dd>
                {group.updated.map(|d| view! {
                    <dt>{text.updated_label()}</dt>
                    <dd>{text.full_date(d)}</dd>
                })}
            </dl>
            <div class="actions">
                {has_meetings.then(|| view! {
                    <a class="button" href=download data-testid="add-to-calendar">
                        {text.add_to_calendar()}
                    </a>
                    <a class="button" href=subscribe data-testid="subscribe-calendar">
                        {text.subscribe_calendar()}
                    </a>
                })}
                {can_inquire.then(|| view! {
                    <button
                        type="button"
                        class="button primary"
                        data-testid="inquire"
                        on:click=move |_| on_inquire(id.clone())
                    >
                        {text.inquire(&group.name)}
                    </button>
                })}
            </div>
        </article>
    }
    .into_any()
}

/// Who the group is for, in words.
fn audiences(group: &Group, text: &'static dyn UiText) -> String {
    if group.audience.is_empty() {
        return text
            .audience(tsunagu_contract::directory::Audience::Anyone)
            .to_owned();
    }
    group
        .audience
        .iter()
        .map(|a| text.audience(*a))
        .collect::<Vec<_>>()
        .join(text.list_separator())
}
