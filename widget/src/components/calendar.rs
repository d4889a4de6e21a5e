//! The month calendar: every meeting of the filtered groups in one month, the way facilities
//! publish a month of programs, with holidays marked (a holiday can cancel a meeting, and then
//! it is simply not there). Each meeting links to its group's detail. The worker expands the
//! month ([`crate::api::fetch_month`]); the widget keeps the meetings its filter lets through.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use tsunagu_contract::calendar::Month;
use tsunagu_contract::filter::GroupFilter;
use tsunagu_contract::schedule::WEEK;
use tsunagu_contract::{GroupId, Lang};

use crate::api;
use crate::app::LoadFailed;
use crate::components::finder::Nav;
use crate::i18n::UiText;
use crate::instance::{config, directory, nav, text};
use crate::route::Entry;

/// One meeting in a day's cell.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Meeting {
    group: GroupId,
    name: String,
    time: String,
}

/// One day of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Day {
    date: NaiveDate,
    in_month: bool,
    holiday: Option<String>,
    meetings: Vec<Meeting>,
}

/// The month grid with its navigation.
#[component]
pub(crate) fn MonthCalendar(
    /// The filter in force.
    effective: Memo<GroupFilter>,
) -> impl IntoView {
    // The month shown is part of the finder's state.
    let (config, directory, nav, text) = (config(), directory(), nav(), text());
    let lang = config.with_value(|c| c.lang);
    let today = directory.with_value(|d| d.now().date());
    let month = Memo::new(move |_| {
        nav.state
            .with(|s| s.month)
            .unwrap_or_else(|| Month::of(today))
    });
    let (attempt, set_attempt) = signal(0u32);
    let data = LocalResource::new(move || {
        attempt.track();
        let month = month.get();
        let config = config.get_value();
        async move { api::fetch_month(&config, month).await }
    });
    let weeks = Memo::new(move |_| {
        let month = month.get();
        let grid = month.weeks();
        let fetched = data.get();
        let calendar = match &fetched {
            Some(Ok(calendar)) if calendar.month == month => Some(calendar),
            _ => None,
        };
        effective.with(|filter| {
            directory.with_value(|index| {
                let occurrences = calendar
                    .map(|c| index.month_meetings(filter, &c.meetings))
                    .unwrap_or_default();
                let holiday = |date: NaiveDate| {
                    let h = calendar?.holidays.iter().find(|h| h.date == date)?;
                    Some(match lang {
                        Lang::Ja => h.name_ja.clone(),
                        Lang::En => h.name_en.clone(),
                    })
                };
                let mut total = 0;
                let weeks = grid
                    .iter()
                    .map(|week| {
                        week.iter()
                            .map(|date| {
                                let in_month = date.month() == month.month();
                                let meetings: Vec<Meeting> = if in_month {
                                    occurrences
                                        .iter()
                                        .filter(|(o, _)| o.date == *date)
                                        .map(|(o, g)| Meeting {
                                            group: g.id.clone(),
                                            name: g.name.clone(),
                                            time: text.meeting_time(o),
                                        })
                                        .collect()
                                } else {
                                    Vec::new()
                                };
                                total += meetings.len();
                                Day {
                                    date: *date,
                                    in_month,
                                    holiday: holiday(*date),
                                    meetings,
                                }
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>();
                (total, weeks)
            })
        })
    });
    let go = move |to: Option<Month>| {
        if let Some(to) = to {
            nav.change(Entry::Push, |s| s.month = Some(to));
        }
    };
    // Sunday first, as Month::weeks lays out the days.
    let mut headers = WEEK;
    headers.rotate_right(1);
    view! {
        <div class="calendar" data-testid="calendar">
            <div class="month-nav">
                <button
                    type="button"
                    class="button"
                    data-testid="previous-month"
                    on:click=move |_| go(month.get_untracked().previous())
                >
                    {text.previous_month()}
                </button>
                <h2 class="count" aria-live="polite" data-testid="month-title">
                    {move || text.month(month.get())}
                </h2>
                <button
                    type="button"
                    class="button"
                    data-testid="next-month"
                    on:click=move |_| go(month.get_untracked().next())
                >
                    {text.next_month()}
                </button>
            </div>
            // The count once the month shown has arrived; until then (a previous month's answer
            // may still be at hand) that it is loading.
            {move || match data.get() {
                Some(Err(error)) => view! {
                    <LoadFailed error=error on_retry=Callback::new(move |()| set_attempt.update(|n| *n += 1)) />
                }
                .into_any(),
                Some(Ok(calendar)) if calendar.month == month.get() => view! {
                    <p class="status" data-testid="month-count">
                        {move || text.meetings_in_month(weeks.with(|(n, _)| *n))}
                    </p>
                }
                .into_any(),
                _ => view! { <p class="status" role="status" data-testid="month-loading">{text.loading()}</p> }.into_any(),
            }}
            <table class="month">
                <thead>
                    <tr>
                        {headers
                            .into_iter()
                            .map(|d| view! {
                                <th scope="col" class=weekday_class(d)>
                                    <abbr title=text.weekday_name(d)>{text.weekday_short(d)}</abbr>
                                </th>
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || weeks.with(|(_, weeks)| weeks.iter().map(|week| view! {
                        <tr>
                            {week.iter().map(|day| day_cell(day.clone(), nav, text)).collect_view()}
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

/// The colour class of a weekday: Sundays (and holidays) red, Saturdays blue.
fn weekday_class(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Sun => "sun",
        chrono::Weekday::Sat => "sat",
        _ => "",
    }
}

/// One cell: the day number, a holiday's name, and links to the day's meetings.
fn day_cell(day: Day, nav: Nav, text: &'static dyn UiText) -> impl IntoView {
    let mut class = String::from("day");
    if !day.in_month {
        class.push_str(" outside");
    }
    if day.meetings.is_empty() {
        class.push_str(" quiet");
    }
    let colour = if day.holiday.is_some() {
        weekday_class(chrono::Weekday::Sun)
    } else {
        weekday_class(day.date.weekday())
    };
    if !colour.is_empty() {
        class.push(' ');
        class.push_str(colour);
    }
    let label = text.day_of_month(day.date);
    view! {
        <td class=class data-date=day.date.to_string()>
            <span class="date"><span aria-hidden="true">{day.date.day()}</span><span class="sr">{label}</span></span>
            {day.holiday.map(|h| view! { <span class="holiday">{h}</span> })}
            {(!day.meetings.is_empty()).then(|| view! {
                <ul class="meetings">
                    {day.meetings.into_iter().map(|m| {
                        let id = m.group.clone();
                        let href = nav.href(|s| s.group = Some(m.group.clone()));
                        view! {
                            <li>
                                <a
                                    href=href
                                    data-testid="calendar-meeting"
                                    data-group=m.group.to_string()
                                    on:click=move |ev| nav.follow(&ev, &id)
                                >
                                    <span class="time">{m.time}</span>
                                    " "
                                    <span class="name">{m.name}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </td>
    }
}
