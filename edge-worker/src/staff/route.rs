//! Which staff route a request is: the facility and receipt number are read from the path with
//! the contract's parsers, so a path can only ever name a slug and a receipt number (`..`, `%2F`
//! and the like are 404s before any key is built).

use tsunagu_contract::api::STAFF_PREFIX;
use tsunagu_contract::{FacilityId, ReceiptId};
use worker::Method;

use crate::error::{Error, Result};

/// What the request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// `GET …/inquiries`: one page of summaries.
    List,
    /// `GET …/inquiries.csv`: every inquiry as CSV.
    Csv,
    /// `GET …/inquiries/{receipt}`.
    Read(ReceiptId),
    /// `POST …/inquiries/{receipt}/handled`.
    Handled(ReceiptId),
    /// `DELETE …/inquiries/{receipt}`.
    Delete(ReceiptId),
}

/// A parsed staff route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    /// The facility named in the path.
    pub(crate) facility: FacilityId,
    /// What is asked of it.
    pub(crate) action: Action,
}

/// Parses a path under [`STAFF_PREFIX`] and checks the method.
pub(crate) fn parse(method: &Method, path: &str) -> Result<Route> {
    let rest = path.strip_prefix(STAFF_PREFIX).ok_or(Error::NotFound)?;
    let segments: Vec<&str> = rest.split('/').collect();
    let (facility, tail) = segments.split_first().ok_or(Error::NotFound)?;
    let receipt = |text: &str| ReceiptId::parse(text).map_err(|_| Error::UnknownInquiry);
    let (action, allow) = match tail {
        ["inquiries"] => (Action::List, "GET"),
        ["inquiries.csv"] => (Action::Csv, "GET"),
        ["inquiries", id] => {
            let id = receipt(id)?;
            match method {
                Method::Delete => (Action::Delete(id), "GET, DELETE"),
                _ => (Action::Read(id), "GET, DELETE"),
            }
        }
        ["inquiries", id, "handled"] => (Action::Handled(receipt(id)?), "POST"),
        _ => return Err(Error::NotFound),
    };
    let facility = FacilityId::new(*facility).map_err(|_| Error::InvalidFacilityParam)?;
    let method_ok = match action {
        Action::List | Action::Csv | Action::Read(_) => *method == Method::Get,
        Action::Handled(_) => *method == Method::Post,
        Action::Delete(_) => true,
    };
    if !method_ok {
        return Err(Error::MethodNotAllowed { allow });
    }
    Ok(Route { facility, action })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_contract::ErrorCode;

    fn code(method: Method, path: &str) -> ErrorCode {
        parse(&method, path).unwrap_err().code()
    }

    #[test]
    fn the_five_routes_parse() {
        let r = |method, path| parse(&method, path).unwrap();
        let id = ReceiptId::parse("7KQ2M9XD").unwrap();
        assert_eq!(
            r(Method::Get, "/v1/staff/hidamari/inquiries").action,
            Action::List
        );
        assert_eq!(
            r(Method::Get, "/v1/staff/hidamari/inquiries.csv").action,
            Action::Csv
        );
        assert_eq!(
            r(Method::Get, "/v1/staff/hidamari/inquiries/7KQ2M9XD").action,
            Action::Read(id.clone())
        );
        assert_eq!(
            r(Method::Delete, "/v1/staff/hidamari/inquiries/7KQ2M9XD").action,
            Action::Delete(id.clone())
        );
        let handled = r(
            Method::Post,
            "/v1/staff/hidamari/inquiries/7KQ2M9XD/handled",
        );
        assert_eq!(handled.action, Action::Handled(id));
        assert_eq!(handled.facility.as_str(), "hidamari");
    }

    #[test]
    fn traversal_and_malformed_ids_are_404s() {
        for path in [
            "/v1/staff/../inquiries",
            "/v1/staff/..%2F..%2Fx/inquiries",
            "/v1/staff/Hidamari/inquiries",
            "/v1/staff//inquiries",
        ] {
            assert_eq!(
                code(Method::Get, path),
                ErrorCode::UnknownFacility,
                "{path}"
            );
        }
        // The answer names the problem, not the segment (which can be anything, of any length).
        let long = format!("/v1/staff/{}x/inquiries", "..%2F".repeat(500));
        let message = parse(&Method::Get, &long).unwrap_err().to_api().message;
        assert!(!message.contains("..") && message.len() < 200, "{message}");
        for path in [
            "/v1/staff/hidamari/inquiries/..",
            "/v1/staff/hidamari/inquiries/..%2F..%2Fmail",
            "/v1/staff/hidamari/inquiries/7kq2m9xd",
            "/v1/staff/hidamari/inquiries/7KQ2M9XDX",
            "/v1/staff/hidamari/inquiries/",
        ] {
            assert_eq!(code(Method::Get, path), ErrorCode::UnknownInquiry, "{path}");
        }
        for path in [
            "/v1/staff/",
            "/v1/staff/hidamari",
            "/v1/staff/hidamari/other",
            "/v1/staff/hidamari/inquiries/7KQ2M9XD/handled/x",
        ] {
            assert_eq!(code(Method::Get, path), ErrorCode::NotFound, "{path}");
        }
    }

    #[test]
    fn wrong_methods_are_405s() {
        assert_eq!(
            code(Method::Post, "/v1/staff/hidamari/inquiries"),
            ErrorCode::MethodNotAllowed
        );
        assert_eq!(
            code(Method::Get, "/v1/staff/hidamari/inquiries/7KQ2M9XD/handled"),
            ErrorCode::MethodNotAllowed
        );
        assert_eq!(
            code(Method::Put, "/v1/staff/hidamari/inquiries/7KQ2M9XD"),
            ErrorCode::MethodNotAllowed
        );
    }
}
