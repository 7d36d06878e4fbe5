//! Schemas the derives cannot write: values serde sees as free JSON but the API constrains,
//! the leniency of request members (a scalar may be sent as a string or a whole number),
//! lengths and counts taken from `kefu-limits` — and [`RequestShape`], the members of a
//! request object as its schema lists them, which the server reads request bodies by.

use kefu_limits::*;
use serde_json::Value;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

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

// ── Request members ──────────────────────────────────────────────────────────────────
// A request's scalar may be a string or a whole number (the API answers numbers as strings;
// clients send either).

fn text_builder() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Integer]))
}

/// A string or a whole number.
pub fn text() -> Schema {
    text_builder().into()
}

/// Text of `min` to `max` characters.
fn text_within(min: usize, max: usize) -> Schema {
    text_builder().min_length(Some(min)).max_length(Some(max)).into()
}

/// One of the given codes, as a string or a number.
fn code(values: &[i64]) -> Schema {
    let mut choices: Vec<Value> = values.iter().map(|v| Value::String(v.to_string())).collect();
    choices.extend(values.iter().map(|v| Value::from(*v)));
    ObjectBuilder::new().schema_type(SchemaType::AnyValue).enum_values(Some(choices)).into()
}

pub fn zero_or_one() -> Schema {
    code(&[0, 1])
}

pub fn gender() -> Schema {
    code(&[1, 2])
}

pub fn plate() -> Schema {
    code(&[1, 2, 3])
}

pub fn module() -> Schema {
    code(&[4])
}

/// Anything: the member is accepted and ignored.
pub fn ignored() -> Schema {
    ObjectBuilder::new().schema_type(SchemaType::AnyValue).description(Some("Ignored")).into()
}

pub fn any_value() -> Schema {
    any().into()
}

/// A coordinate: a JSON number or a string holding one.
pub fn coordinate() -> Schema {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Number])).into()
}

pub fn string_list() -> Schema {
    ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)).into()
}

pub fn passport_name() -> Schema {
    text_within(1, MAX_PASSPORT_NAME_CHARS)
}

pub fn job_number() -> Schema {
    text_within(1, MAX_SNUM_CHARS)
}

pub fn agent_name() -> Schema {
    text_within(0, MAX_NAME_CHARS)
}

pub fn email() -> Schema {
    text_within(0, MAX_EMAIL_CHARS)
}

pub fn fixnumber() -> Schema {
    text_within(0, MAX_FIXNUMBER_CHARS)
}

pub fn password() -> Schema {
    text_within(MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS)
}

pub fn group_name() -> Schema {
    text_within(1, MAX_GROUP_NAME_CHARS)
}

/// A support group's `name`: the old spelling of `sgName`, deprecated.
pub fn group_name_alias() -> Schema {
    let mut schema = group_name();
    if let Schema::Object(object) = &mut schema {
        object.deprecated = Some(utoipa::openapi::Deprecated::True);
        object.description = Some("Deprecated: kefu's old spelling of `sgName`, accepted in its place".to_owned());
    }
    schema
}

pub fn key_name() -> Schema {
    text_within(1, MAX_KEY_NAME_CHARS)
}

pub fn field_title() -> Schema {
    text_within(1, MAX_FIELD_TITLE_CHARS)
}

pub fn state_name() -> Schema {
    text_within(1, MAX_STATE_NAME_CHARS)
}

pub fn schedule_name() -> Schema {
    text_within(0, MAX_SCHEDULE_NAME_CHARS)
}

pub fn schedule_remark() -> Schema {
    text_within(0, MAX_SCHEDULE_REMARK_CHARS)
}

pub fn url() -> Schema {
    text_within(0, MAX_URL_CHARS)
}

pub fn signin_remark() -> Schema {
    text_within(0, MAX_SIGNIN_REMARK_CHARS)
}

pub fn signin_tags() -> Schema {
    ArrayBuilder::new()
        .items(text_builder().max_length(Some(MAX_SIGNIN_TAG_CHARS)))
        .max_items(Some(MAX_SIGNIN_TAGS))
        .into()
}

/// A list of at most `max` of `T`.
pub fn list_of<T: ToSchema>(max: usize) -> Schema {
    ArrayBuilder::new().items(T::schema()).min_items(Some(1)).max_items(Some(max)).into()
}

/// A list of a sign-in's attachments.
pub fn signin_attachments() -> Schema {
    ArrayBuilder::new().items(crate::signins::SignInAttachment::schema()).max_items(Some(MAX_SIGNIN_ATTACHMENTS)).into()
}

/// Where an agent signs in: its coordinates may be numbers too.
pub fn place() -> Schema {
    let text = || ObjectBuilder::new().schema_type(Type::String);
    ObjectBuilder::new()
        .property("address", text().max_length(Some(MAX_ADDRESS_CHARS)))
        .property("landmark", text().max_length(Some(MAX_ADDRESS_CHARS)))
        .property("latitude", coordinate())
        .property("longitude", coordinate())
        .required("address")
        .required("landmark")
        .required("latitude")
        .required("longitude")
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)))
        .into()
}

// ── Request shapes ───────────────────────────────────────────────────────────────────

/// A request body's object, read member by member by the server (which collects every
/// problem of a request, rather than stopping at the first as serde would). Its members are
/// its schema's properties, in order: written once, in the type.
pub trait RequestShape: PartialSchema {
    fn members() -> &'static [&'static str];
}

/// The property names of an object schema, in order.
fn property_names(schema: RefOr<Schema>) -> Vec<&'static str> {
    match schema {
        // Leaked once per shape (a static holds them): a handful of short names.
        RefOr::T(Schema::Object(object)) => {
            object.properties.into_keys().map(|name| &*Box::leak(name.into_boxed_str())).collect()
        }
        _ => Vec::new(),
    }
}

/// Implements [`RequestShape`] for types deriving `ToSchema` or writing their schema.
macro_rules! request_shapes {
    ($($shape:ty),* $(,)?) => {
        $(
            impl $crate::schema::RequestShape for $shape {
                fn members() -> &'static [&'static str] {
                    static MEMBERS: std::sync::LazyLock<Vec<&'static str>> =
                        std::sync::LazyLock::new(|| $crate::schema::members_of::<$shape>());
                    &MEMBERS
                }
            }
        )*
    };
}
pub(crate) use request_shapes;

#[doc(hidden)]
pub fn members_of<T: PartialSchema>() -> Vec<&'static str> {
    property_names(T::schema())
}

/// The object schema of `T` (a derived one), to build another from.
fn object_of<T: PartialSchema>() -> Object {
    match T::schema() {
        RefOr::T(Schema::Object(object)) => object,
        _ => Object::new(),
    }
}

/// `T`'s schema with `required` members: one type serves a creation (where they are
/// required) and a change (where nothing is).
pub fn requiring<T: PartialSchema>(required: &[&str], description: &str) -> RefOr<Schema> {
    let mut object = object_of::<T>();
    object.required = required.iter().map(|name| (*name).to_owned()).collect();
    object.description = Some(description.to_owned());
    RefOr::T(Schema::Object(object))
}

/// `T`'s members and `U`'s in one closed object: a change's writable members, and the
/// server-set ones it may send back unchanged.
pub fn merged<T: PartialSchema, U: PartialSchema>(description: &str) -> RefOr<Schema> {
    let mut object = object_of::<T>();
    let other = object_of::<U>();
    object.properties.extend(other.properties);
    object.required.extend(other.required);
    object.description = Some(description.to_owned());
    RefOr::T(Schema::Object(object))
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;
    use crate::{NewDuty, PermissionInput, SupportCreate, SupportFields, SupportUpdate};

    /// The members are the type's fields as the wire spells them, in order.
    #[test]
    fn members_are_the_schemas_properties_in_order() {
        assert_eq!(
            SupportFields::members(),
            [
                "sPassportName",
                "password",
                "groupId",
                "sNum",
                "name",
                "gnder",
                "email",
                "fixnumber",
                "mobile",
                "QQ",
                "isAdmin",
                "custom_fields"
            ]
        );
        assert_eq!(SupportUpdate::members()[12..], ["sId", "url", "isStat", "createDT", "updateDT"]);
        assert_eq!(PermissionInput::members(), ["mType", "state", "sId"]);
        assert_eq!(NewDuty::members(), ["sid", "date", "schedules"]);
    }

    /// One type serves creation and change; only the creation's document requires members.
    #[test]
    fn creation_requires_what_a_change_does_not() {
        let required = |schema: RefOr<Schema>| match schema {
            RefOr::T(Schema::Object(object)) => object.required,
            _ => Vec::new(),
        };
        assert_eq!(required(SupportCreate::schema()), ["sPassportName", "sNum"]);
        assert!(required(SupportUpdate::schema()).is_empty());
        assert!(required(SupportFields::schema()).is_empty());
    }

    /// Lengths come from the limits the rules check.
    #[test]
    fn lengths_are_the_limits() {
        let RefOr::T(Schema::Object(fields)) = SupportFields::schema() else { panic!("an object") };
        let Some(RefOr::T(Schema::Object(login))) = fields.properties.get("sPassportName") else { panic!("a login") };
        assert_eq!(login.max_length, Some(MAX_PASSPORT_NAME_CHARS));
    }
}
