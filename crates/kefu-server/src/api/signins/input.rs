//! `{"signIn":{…}}` bodies and the list's query string → checked domain values.

use jiff::tz::TimeZone;
use kefu_api::{RequestShape, SignInAttachment, SignInPlace};
use kefu_app::Members;
use kefu_app::signins::SignInQuery;
use kefu_domain::AgentId;
use kefu_domain::limits::{DEFAULT_PER_PAGE, MAX_SIGNIN_ATTACHMENTS, MAX_SIGNIN_TAGS};
use kefu_domain::search::SortOrder;
use kefu_domain::signin::{
    Attachment, Coordinate, NewSignIn, Place, Remark, Tag, parse_address, parse_checkin_time, parse_file_name,
    parse_file_url, parse_landmark,
};
use kefu_store::SignInFilter;
use serde_json::{Map, Value};

use crate::api::input::{ObjectReader, describe};
use crate::api::list_query::{LinkFilters, ListQuery};
use crate::api::nested::{absorb, list_at, object_at, text_item};
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;

/// `POST /signin.json`'s `signIn` object. `now` is UTC microseconds.
pub fn new_signin(members: Map<String, Value>, zone: &TimeZone, now: i64) -> Result<NewSignIn, ApiError> {
    let mut r = ObjectReader::new(members);
    let remark = r.parse("remark", Remark::parse);
    let attachments = match r.take("attachments") {
        Some(value) => attachments(&mut r, value),
        None => Some(Vec::new()),
    };
    let tags = match r.take("tags") {
        Some(value) => tags(&mut r, value),
        None => Some(Vec::new()),
    };
    let checkin_at = r.require("checkinTime", |raw| parse_checkin_time(raw, zone, now));
    let place = match r.take("current") {
        Some(value) => place(&mut r, value),
        None => {
            r.problem("current", "is required: {\"address\":…,\"landmark\":…,\"latitude\":…,\"longitude\":…}");
            None
        }
    };
    r.finish(kefu_api::NewSignIn::members())?;
    // finish() succeeded, so every part parsed.
    let (Some(attachments), Some(tags), Some(checkin_at), Some(place)) = (attachments, tags, checkin_at, place) else {
        return Err(ApiError::internal());
    };
    Ok(NewSignIn { remark: remark.filter(|r| !r.as_str().is_empty()), attachments, tags, checkin_at, place })
}

fn attachments(r: &mut ObjectReader, value: Value) -> Option<Vec<Attachment>> {
    let items = list_at(r, "attachments", value, MAX_SIGNIN_ATTACHMENTS, "attachments {\"fileName\":…,\"fileUrl\":…}")?;
    let mut parsed = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let path = format!("attachments[{i}]");
        let Some(members) = object_at(r, &path, item) else {
            continue;
        };
        let mut a = ObjectReader::new(members);
        let file_name = a.require("fileName", parse_file_name);
        let file_url = a.require("fileUrl", parse_file_url);
        if absorb(r, &path, a.finish(SignInAttachment::members()))
            && let (Some(file_name), Some(file_url)) = (file_name, file_url)
        {
            parsed.push(Attachment { file_name, file_url });
        }
    }
    Some(parsed)
}

fn tags(r: &mut ObjectReader, value: Value) -> Option<Vec<Tag>> {
    let items = list_at(r, "tags", value, MAX_SIGNIN_TAGS, "tags (strings)")?;
    let mut parsed = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let path = format!("tags[{i}]");
        if let Some(text) = text_item(r, &path, item) {
            match Tag::parse(&text) {
                Ok(tag) => parsed.push(tag),
                Err(message) => r.problem(&path, message),
            }
        }
    }
    Some(parsed)
}

fn place(r: &mut ObjectReader, value: Value) -> Option<Place> {
    let members = object_at(r, "current", value)?;
    let mut p = ObjectReader::new(members);
    let address = p.require("address", parse_address);
    let landmark = p.require("landmark", parse_landmark);
    let latitude = coordinate(&mut p, "latitude", Coordinate::latitude);
    let longitude = coordinate(&mut p, "longitude", Coordinate::longitude);
    if !absorb(r, "current", p.finish(SignInPlace::members())) {
        return None;
    }
    Some(Place { address: address?, landmark: landmark?, latitude: latitude?, longitude: longitude? })
}

/// A required coordinate, sent as a string (`"39.827126"`) or a JSON number (`39.827126`).
fn coordinate(p: &mut ObjectReader, key: &str, parse: fn(&str) -> Result<Coordinate, String>) -> Option<Coordinate> {
    let text = match p.take(key) {
        None => {
            p.problem(key, "is required");
            return None;
        }
        Some(Value::String(text)) => text,
        // Rust prints floats in plain decimal, never with an exponent.
        Some(Value::Number(n)) => match n.as_f64() {
            Some(value) if n.is_f64() => format!("{value}"),
            _ => n.to_string(),
        },
        Some(other) => {
            p.problem(key, format!("must be a number or a string holding one, got {}", describe(&other)));
            return None;
        }
    };
    match parse(&text) {
        Ok(coordinate) => Some(coordinate),
        Err(message) => {
            p.problem(key, message);
            None
        }
    }
}

/// A checked `GET /signin.json`, and its filters as given, for the page links.
pub struct ListRequest {
    pub query: SignInQuery,
    pub link_filters: LinkFilters,
}

/// `created_start`, `created_end` (checkinTime, in the tenant's zone, both inclusive),
/// `created_order` (asc|desc), `sId`, `page`, `per_page`.
pub fn list_request(query: &QueryParams, zone: &TimeZone) -> Result<ListRequest, ApiError> {
    let mut reader = ListQuery::new(query);
    let (from, until) = reader.ordered_created_range(zone)?;
    let order = reader.parse("created_order", SortOrder::parse)?.unwrap_or(SortOrder::Asc);
    let agent = reader.parse("sId", AgentId::parse)?;
    let page = reader.page(DEFAULT_PER_PAGE)?;
    let query = SignInQuery { filter: SignInFilter { agent, from, until }, order, page };
    Ok(ListRequest { query, link_filters: reader.finish()? })
}
