//! Reading JSON the worker was sent or stored: [`Submission::from_json`] for a request body, the
//! one way the worker and the `inquiry_json` fuzz target both do it, and [`DecodeError`] for any
//! JSON that does not decode.
//!
//! Two things serde_json alone does not give: a depth limit that also covers fields nobody reads
//! (serde skips an unknown field at any depth, and stops at 128 only in the fields it decodes),
//! and an error that never quotes the JSON (serde's messages repeat the offending value, which
//! may be anything a client sent, or a visitor's data in a stored record).

use std::fmt;

use crate::Submission;

/// Deepest nesting of arrays and objects a submission may have. A real one is four deep (the
/// submission, the inquiry, its preferred meetings, one meeting); the rest is headroom for
/// fields added later.
pub const MAX_JSON_DEPTH: usize = 8;

/// Why JSON did not decode. The message names the kind of fault and its place only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Arrays and objects are nested deeper than [`MAX_JSON_DEPTH`].
    #[error("arrays and objects are nested deeper than {max}")]
    TooDeep {
        /// The limit, [`MAX_JSON_DEPTH`].
        max: usize,
    },
    /// Not JSON, or not the type asked for.
    #[error("{fault} error at line {line} column {column}")]
    Malformed {
        /// What kind of fault it is.
        fault: JsonFault,
        /// The line of the fault, from 1.
        line: usize,
        /// The column of the fault, from 1.
        column: usize,
    },
}

/// The kinds of fault a body can have, as serde_json classifies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonFault {
    /// Not JSON at all: a stray character, a bad escape, invalid UTF-8.
    Syntax,
    /// JSON, but not the type asked for: a missing field, a wrong type, an unknown value.
    Data,
    /// The body ends in the middle of a value.
    Eof,
}

impl fmt::Display for JsonFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonFault::Syntax => "Syntax",
            JsonFault::Data => "Data",
            JsonFault::Eof => "Eof",
        })
    }
}

impl From<serde_json::Error> for DecodeError {
    fn from(error: serde_json::Error) -> Self {
        use serde_json::error::Category;
        DecodeError::Malformed {
            fault: match error.classify() {
                Category::Data => JsonFault::Data,
                Category::Eof => JsonFault::Eof,
                // Text and slices have no I/O to fail; counted as syntax should serde ever say so.
                Category::Syntax | Category::Io => JsonFault::Syntax,
            },
            line: error.line(),
            column: error.column(),
        }
    }
}

impl Submission {
    /// Reads a submission from a request body: refused before parsing when it nests deeper
    /// than [`MAX_JSON_DEPTH`], then decoded by serde.
    pub fn from_json(body: &[u8]) -> Result<Submission, DecodeError> {
        if !nesting_within(body, MAX_JSON_DEPTH) {
            return Err(DecodeError::TooDeep {
                max: MAX_JSON_DEPTH,
            });
        }
        Ok(serde_json::from_slice(body)?)
    }
}

/// Whether no array or object in `body` is nested deeper than `max` (brackets inside strings
/// do not count). A byte scan, before any parsing: a malformed body is left to serde.
fn nesting_within(body: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in body {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"{"inquiry":{"facility":"hidamari-noborito","group":"hidamari-walking",
        "kind":"question","name":"ひなた","asker":"person","contact":"email",
        "email":"hinata@example.jp","preferred":[{"date":"2026-12-02","start":"10:00"}],
        "message":"はじめてです。","consent":true,"consent_version":"2026-04"},"fill_ms":8000}"#;

    fn deep(n: usize) -> String {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    }

    fn with_junk(junk: &str) -> String {
        format!("{},\"junk\":{junk}}}", VALID.strip_suffix('}').unwrap())
    }

    #[test]
    fn a_valid_body_decodes() {
        let submission = Submission::from_json(VALID.as_bytes()).unwrap();
        assert_eq!(submission.inquiry.group.as_str(), "hidamari-walking");
        assert_eq!(submission.fill_ms, 8000);
    }

    #[test]
    fn deep_nesting_is_refused_even_where_serde_would_skip_it() {
        // An unknown field is skipped by serde, however deep: only the scan stops it.
        assert!(Submission::from_json(with_junk(&deep(3)).as_bytes()).is_ok());
        for body in [with_junk(&deep(10_000)), deep(10_000), with_junk(&deep(8))] {
            assert_eq!(
                Submission::from_json(body.as_bytes()),
                Err(DecodeError::TooDeep { max: 8 })
            );
        }
        // Seven levels of junk in the submission's object: eight deep, the limit itself.
        assert!(Submission::from_json(with_junk(&deep(7)).as_bytes()).is_ok());
    }

    #[test]
    fn brackets_in_text_are_text() {
        let message = format!("\\\"{}", deep(50));
        let body = VALID.replace("はじめてです。", &message);
        let submission = Submission::from_json(body.as_bytes()).unwrap();
        assert_eq!(submission.inquiry.message, format!("\"{}", deep(50)));
        assert!(nesting_within(br#"[[{"a":[]}]]"#, 4));
        assert!(!nesting_within(br#"[[{"a":[{}]}]]"#, 4));
        assert!(nesting_within(br#"["\\", [[]]]"#, 3));
    }

    #[test]
    fn a_refused_body_is_named_by_place_and_never_echoed() {
        for (body, fault, echo) in [
            (
                VALID.replace("true", "\"yes<script>\""),
                JsonFault::Data,
                "<script>",
            ),
            (
                VALID.replace("\"question\"", "\"Bcc: x\""),
                JsonFault::Data,
                "Bcc",
            ),
            (
                VALID.replace("\"ひなた\"", "98765"),
                JsonFault::Data,
                "98765",
            ),
            (
                VALID.replace("{\"inquiry\"", "{evil\"inquiry\""),
                JsonFault::Syntax,
                "evil",
            ),
            (VALID[..40].to_owned(), JsonFault::Eof, "hidamari"),
        ] {
            let error = Submission::from_json(body.as_bytes()).unwrap_err();
            let DecodeError::Malformed { fault: got, .. } = error else {
                panic!("{error:?}");
            };
            assert_eq!(got, fault, "{body}");
            let message = error.to_string();
            assert!(!message.contains(echo), "{message}");
            assert!(message.contains(" error at line "), "{message}");
        }
        let error = Submission::from_json(b"\xff").unwrap_err();
        assert_eq!(error.to_string(), "Syntax error at line 1 column 1");
    }
}
