//! Schemas of values serde sees as free JSON but the API constrains, for the OpenAPI
//! document.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};

/// A custom field's value: text, or a list (attachments, cascades, multiselects).
pub fn text_or_list() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String))
        .item(ArrayBuilder::new().items(any()))
        .description(Some("Text, or a list for attachment, cascade and multiselect fields"))
        .into()
}

/// A cascade field's option tree: `[{"name":"北京市","children":[…]}]`.
pub fn cascade_tree() -> Schema {
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .property("name", ObjectBuilder::new().schema_type(Type::String))
                .required("name")
                .property("children", ArrayBuilder::new().items(any()))
                .description(Some("One option; `children` holds options of the same shape")),
        )
        .into()
}

/// Any JSON value.
fn any() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::AnyValue)
}
