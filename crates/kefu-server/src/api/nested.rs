//! Reading JSON objects and lists nested in a request body with [`ObjectReader`]s, so
//! that every problem names its full path: `current.latitude`, `attachments[2].fileUrl`,
//! `duty[1].schedules[0].end_time`.

use kefu_app::Members;
use serde_json::{Map, Value};

use crate::api::input::{ObjectReader, describe};
use crate::http::error::ApiError;

/// The members of `value` if it is an object; otherwise records a problem at `path`.
pub fn object_at(outer: &mut ObjectReader, path: &str, value: Value) -> Option<Map<String, Value>> {
    match value {
        Value::Object(members) => Some(members),
        other => {
            outer.problem(path, format!("must be a JSON object, got {}", describe(&other)));
            None
        }
    }
}

/// The items of `value` if it is a list of at most `max`; otherwise records a problem at
/// `path`. `what` names an item, for the messages ("attachments", "schedules").
pub fn list_at(outer: &mut ObjectReader, path: &str, value: Value, max: usize, what: &str) -> Option<Vec<Value>> {
    match value {
        Value::Array(items) if items.len() > max => {
            outer.problem(path, format!("at most {max} {what} are allowed, got {}", items.len()));
            None
        }
        Value::Array(items) => Some(items),
        other => {
            outer.problem(path, format!("must be a list of {what}, got {}", describe(&other)));
            None
        }
    }
}

/// A list item that must be a string (or a whole number, as everywhere in the API).
pub fn text_item(outer: &mut ObjectReader, path: &str, value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        other => {
            outer.problem(path, format!("must be a string, got {}", describe(&other)));
            None
        }
    }
}

/// Finishes a nested reader: its problems move to `outer`, each prefixed with `path`.
/// True when it had none.
pub fn absorb(outer: &mut ObjectReader, path: &str, finished: Result<(), ApiError>) -> bool {
    match finished {
        Ok(()) => true,
        Err(error) => {
            for problem in error.problems {
                outer.problem(&format!("{path}.{}", problem.field), problem.message);
            }
            false
        }
    }
}
