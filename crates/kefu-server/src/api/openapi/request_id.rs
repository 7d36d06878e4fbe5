//! Every write operation of the API takes the optional `Requestid` header (applied once per
//! company: `http::request_id`), and may answer 409 for a reused id. Declared here for all
//! of them at once, as the layer serves all of them.

use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{OpenApi, RefOr, Required};

use super::responses;
use crate::http::request_id::HEADER;

pub fn declare(openapi: &mut OpenApi) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        if !crate::http::request_id::applies_to(path) {
            continue;
        }
        for operation in [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten() {
            add_header(operation);
        }
    }
}

fn add_header(operation: &mut Operation) {
    let max = kefu_domain::limits::MAX_REQUEST_ID_CHARS;
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some("^[!-~]+$"));
    let parameter = ParameterBuilder::new()
        .name(HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "A client's unique id for this request (1–128 visible ASCII characters): a repeat of the same request \
             with the same id within 24 hours answers the first answer again and changes nothing.",
        ))
        .schema(Some(schema))
        .build();
    operation.parameters.get_or_insert_with(Vec::new).push(RefOr::T(parameter));
    let answers = &mut operation.responses.responses;
    answers.entry("400".to_owned()).or_insert_with(|| RefOr::T(responses::invalid_request_id()));
    answers.entry("409".to_owned()).or_insert_with(|| RefOr::T(responses::request_id_conflict()));
}
