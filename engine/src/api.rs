//! The worker's answers that expand schedules: a month's meetings and one group's iCalendar
//! file. Their wire shapes and paths are the contract's ([`tsunagu_contract::api`]).

pub mod group_calendar;
pub mod month;
