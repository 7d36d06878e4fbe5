//! Text members of the customers' and tickets' request shapes are read as text whether a
//! client sends `"5"` or `5` (the hosted service's clients send both; docs/compat.md), as the
//! agents' members are. The document says so: each string member of those shapes is declared
//! `string` or `integer` (its pattern and length still describe the string form), so that a
//! fuzzer does not take a number there for invalid data.

use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// The request shapes whose text members take a number too.
const TEXT_OR_NUMBER_SHAPES: &[&str] = &[
    "CompanyFields",
    "UserInput",
    "CustomerGroupInput",
    "TicketInput",
    "TicketReplyInput",
    "TicketTemplateInput",
    "HelpdeskSettingsInput",
];

pub fn declare_numbers_as_text(openapi: &mut OpenApi) {
    let Some(components) = openapi.components.as_mut() else { return };
    for name in TEXT_OR_NUMBER_SHAPES {
        if let Some(RefOr::T(Schema::Object(shape))) = components.schemas.get_mut(*name) {
            for member in shape.properties.values_mut() {
                if let RefOr::T(Schema::Object(member)) = member {
                    member.schema_type = widened(&member.schema_type);
                }
            }
        }
    }
}

/// `string` (or `string`/`null`) gains `integer`; any other type is left as it is.
fn widened(schema_type: &SchemaType) -> SchemaType {
    let types: Vec<Type> = match schema_type {
        SchemaType::Type(one) => vec![one.clone()],
        SchemaType::Array(many) => many.clone(),
        SchemaType::AnyValue => return SchemaType::AnyValue,
    };
    if !types.contains(&Type::String) || types.contains(&Type::Integer) {
        return schema_type.clone();
    }
    let mut widened = types;
    widened.push(Type::Integer);
    SchemaType::Array(widened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_string_members_take_a_number() {
        // SchemaType has no Debug: compare with assert!.
        assert!(widened(&SchemaType::Type(Type::String)) == SchemaType::Array(vec![Type::String, Type::Integer]));
        assert!(
            widened(&SchemaType::Array(vec![Type::String, Type::Null]))
                == SchemaType::Array(vec![Type::String, Type::Null, Type::Integer])
        );
        assert!(widened(&SchemaType::Type(Type::Array)) == SchemaType::Type(Type::Array));
        assert!(widened(&SchemaType::AnyValue) == SchemaType::AnyValue);
    }
}
