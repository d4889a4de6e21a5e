//! `GET /v2/feed[?facility=ID]`: the finder's feed, prebuilt, and its refresh from the cron.
//!
//! A feed is built when the directory is loaded (`tsunagu load`) and again by the cron once it
//! is [`tsunagu_engine::kv::FEED_REFRESH_SECONDS`] old ([`refresh`]); a request never builds one.
//! A request reads the prebuilt JSON text from KV and keeps it in this isolate's memory for
//! [`MEMORY_TTL_MS`], so on a warm isolate a finder load reads no KV and recomputes nothing. The
//! text goes out as stored, never parsed: the Workers free plan allows 10 ms of CPU per request.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use tsunagu_contract::api::query;
use tsunagu_contract::search::Folder;
use tsunagu_engine::feed::{self, stored_feeds};
use tsunagu_engine::kv::feed_key;
use worker::{Env, Request, Response, console_log};

use crate::error::{Error, Result};
use crate::{platform, store};

/// Browsers may reuse a feed for a minute: its meetings are listed hours ahead and the widget
/// drops each one as it ends.
const CACHE_CONTROL: &str = "public, max-age=60";

/// How long this isolate serves a feed from memory before reading KV again. `tsunagu load`
/// writes KV from outside; an isolate sees the new feed within this time.
const MEMORY_TTL_MS: i64 = 60_000;

/// A feed's text as read from KV, and when.
struct Remembered {
    text: Rc<str>,
    read_at_ms: i64,
}

thread_local! {
    /// Feeds this isolate has read, by KV key. Workers run one request at a time per isolate
    /// thread, and wasm has one thread: a thread-local is the isolate's memory.
    static FEEDS: RefCell<BTreeMap<String, Remembered>> = const { RefCell::new(BTreeMap::new()) };
}

/// Serves the feed of the whole directory or of one facility.
pub(crate) async fn get(req: &Request, env: &Env) -> Result<Response> {
    let facility = query::facility(req.url()?.query_pairs())?;
    let key = feed_key(facility.as_ref());
    let now_ms = platform::now().timestamp_millis();
    let remembered = FEEDS.with_borrow(|feeds| {
        feeds
            .get(&key)
            .filter(|r| now_ms - r.read_at_ms < MEMORY_TTL_MS)
            .map(|r| Rc::clone(&r.text))
    });
    let (text, source) = match remembered {
        Some(text) => (text, "memory"),
        None => {
            let Some(text) = store::feed_text(env, &key).await? else {
                return Err(match (facility, store::feeds_built(env).await?) {
                    (Some(id), Some(_)) => Error::UnknownFacility(id),
                    _ => Error::NotConfigured,
                });
            };
            let text: Rc<str> = text.into();
            FEEDS.with_borrow_mut(|feeds| {
                feeds.insert(
                    key,
                    Remembered {
                        text: Rc::clone(&text),
                        read_at_ms: now_ms,
                    },
                )
            });
            (text, "kv")
        }
    };
    let mut response = Response::ok(text.as_ref())?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("cache-control", CACHE_CONTROL)?;
    // Where this answer came from, for the tests and for anyone checking that a warm isolate
    // answers from memory.
    headers.set("x-tsunagu-feed", source)?;
    Ok(response)
}

/// Builds every feed again if the stored ones are stale at `now` ([`feed::is_stale`]); called
/// by the cron every minute. Returns whether it built them.
pub(crate) async fn refresh(env: &Env, now: DateTime<Utc>) -> Result<bool> {
    if !feed::is_stale(store::feeds_built(env).await?, now) {
        return Ok(false);
    }
    let directory = match store::directory(env).await {
        Err(Error::NotConfigured) => return Ok(false),
        other => other?,
    };
    let feeds = stored_feeds(&directory, now, Folder::BUILT_IN);
    store::put_feeds(env, &feeds, now).await?;
    // This isolate's copies are older than what it just wrote.
    FEEDS.with_borrow_mut(BTreeMap::clear);
    console_log!(
        "feeds built for {} groups of {} facilities",
        directory.groups.len(),
        directory.facilities.len()
    );
    Ok(true)
}
