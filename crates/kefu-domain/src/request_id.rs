//! The `Requestid` header (newer pages of the hosted API): a client's unique id for a
//! request, so that a POST retried over a bad network is applied once. A POST whose id was
//! already seen for the company is answered with the first answer again, creating nothing.

use crate::limits::{MAX_REQUEST_ID_CHARS, REQUEST_ID_ABANDONED_SECONDS, REQUEST_ID_RETENTION_SECONDS};

/// A checked request id: 1 to `MAX_REQUEST_ID_CHARS` visible ASCII characters (a UUID, a
/// hash, a counter…), compared exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.is_empty() || raw.len() > MAX_REQUEST_ID_CHARS {
            return Err(format!("must be 1 to {MAX_REQUEST_ID_CHARS} characters, got {}", raw.chars().count()));
        }
        if let Some(c) = raw.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(format!("must be visible ASCII characters without spaces (found {c:?})"));
        }
        Ok(RequestId(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a request with an id already seen gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// The first request finished: answer its answer again.
    Answer,
    /// The first request is still running (another instance, or a client that did not
    /// wait): 409, retry later.
    InProgress,
    /// The id was used for a different request (another method, path or body): 409, since
    /// answering the other request's answer would be wrong.
    Mismatch,
    /// Remembered too long ago, or a first request that never finished (its instance
    /// stopped): treat as a new request.
    Expired,
}

/// Decides a repeat: `seen_at` and `now` are UTC microseconds; `finished` whether the first
/// request has its answer stored; `same_request` whether method, path and body hash match.
pub fn replay(seen_at: i64, now: i64, finished: bool, same_request: bool) -> Replay {
    let age = now.saturating_sub(seen_at);
    let abandoned = !finished && age > REQUEST_ID_ABANDONED_SECONDS * 1_000_000;
    if age > REQUEST_ID_RETENTION_SECONDS * 1_000_000 || abandoned {
        Replay::Expired
    } else if !same_request {
        Replay::Mismatch
    } else if finished {
        Replay::Answer
    } else {
        Replay::InProgress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(RequestId::parse("550e8400-e29b-41d4-a716-446655440000").is_ok());
        assert!(RequestId::parse(&"a".repeat(MAX_REQUEST_ID_CHARS)).is_ok());
        for bad in ["", "a b", "请求", "a\tb"] {
            assert!(RequestId::parse(bad).is_err(), "{bad:?}");
        }
        assert!(RequestId::parse(&"a".repeat(MAX_REQUEST_ID_CHARS + 1)).is_err());
    }

    #[test]
    fn repeats() {
        let second = 1_000_000;
        let day = REQUEST_ID_RETENTION_SECONDS * second;
        let cases = [
            (0, second, true, true, Replay::Answer),
            (0, second, false, true, Replay::InProgress),
            (0, second, true, false, Replay::Mismatch),
            (0, day + 1, true, true, Replay::Expired),
            (0, day, true, true, Replay::Answer),
            (0, REQUEST_ID_ABANDONED_SECONDS * second + 1, false, true, Replay::Expired),
            (0, REQUEST_ID_ABANDONED_SECONDS * second + 1, false, false, Replay::Expired),
            (0, REQUEST_ID_ABANDONED_SECONDS * second + 1, true, true, Replay::Answer),
        ];
        for (seen, now, finished, same, expected) in cases {
            assert_eq!(replay(seen, now, finished, same), expected, "{seen} {now} {finished} {same}");
        }
    }
}
