//! What must hold for any query string the worker or the widget reads, decoded as the worker's
//! URL parser decodes it (`application/x-www-form-urlencoded`): the `facility` parameter and the
//! staff list's `cursor` and `limit` give typed values or a [`QueryError`], never a panic, and
//! what is read writes back and reads again the same; a finder deep link always opens (values
//! it cannot read are skipped), and the state it opens writes a link, through percent-encoding
//! and back, that reads without a complaint to the same state and the same link. Shared by the
//! fuzz target and `engine/tests/fuzz_seeds.rs`.

use tsunagu_contract::api::PAGE_MAX;
use tsunagu_contract::api::query::{self, Cursor, PageQuery, QueryError};
use tsunagu_contract::link::FinderState;

/// Checks one query string; true when every reader takes it without a complaint.
pub(crate) fn check(data: &[u8]) -> bool {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(data).into_owned().collect();
    let pairs = || {
        pairs
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    };

    let facility = query::facility(pairs());
    if let Ok(Some(id)) = &facility {
        assert_eq!(
            query::facility([("facility", id.as_str())]).as_ref(),
            Ok(&Some(id.clone()))
        );
    }

    let page = PageQuery::from_pairs(pairs());
    if let Ok(page) = &page {
        assert!((1..=PAGE_MAX).contains(&page.limit), "{page:?}");
        let mut written = vec![("limit", page.limit.to_string())];
        if let Some(after) = &page.after {
            let text = after.to_string();
            assert_eq!(Cursor::parse(&text).as_ref(), Some(after), "{text}");
            written.push(("cursor", text));
        }
        assert_eq!(PageQuery::from_pairs(written).as_ref(), Ok(page));
    }
    if let Err(error) = &page {
        assert!(
            matches!(error, QueryError::Malformed("cursor" | "limit")),
            "{error:?}"
        );
    }

    let (state, complaints) = FinderState::from_pairs(pairs());
    let link = state.to_pairs();
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&link)
        .finish();
    let decoded: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes())
        .into_owned()
        .collect();
    let (again, again_complaints) = FinderState::from_pairs(
        decoded
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
    );
    assert_eq!(again_complaints, vec![], "{encoded}");
    assert_eq!(again, state, "{encoded}");
    assert_eq!(again.to_pairs(), link, "{encoded}");

    facility.is_ok() && page.is_ok() && complaints.is_empty()
}
