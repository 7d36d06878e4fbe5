//! Defining ticket custom fields (a kefu extension): `POST /tickets/ticket_fields.json`,
//! `PUT`/`DELETE /tickets/ticket_fields/{key}.json`, wrapped in `{"ticket_field":{…}}`. The
//! input is the agents' definition input plus what only ticket fields have: the types
//! `table`, `stars` and `phone`, a table's `columns` and the read-only range; the answer is
//! one definition in the shape of `ticket_fields.json`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::field_definitions::CustomFieldDefinition;
use crate::fields::{SupportFieldInput, SupportFieldServerSet};

/// `{"ticket_field":{…}}`: a ticket field definition as answered by its writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketFieldEnvelope {
    pub ticket_field: CustomFieldDefinition,
}

/// The members a ticket field has beyond an agent field's (whose `type` also takes
/// `table`, `stars` and `phone`, or the hosted type codes such as `"11"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketFieldExtras {
    /// "1" read-only for the agents of `readonly_range`, "0" editable.
    #[serde(rename = "isReadonly", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub is_readonly: Option<String>,
    /// "1" every agent, "2" the groups, "3" the agents in `readonly_support`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub readonly_range: Option<String>,
    /// The group or agent ids of range 2 or 3, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub readonly_support: Option<String>,
    /// A table field's columns, in order; a column sent with its `key` keeps it, one
    /// without is new. The list replaces the columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<TicketFieldColumn>>,
}

/// One column of a table field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketFieldColumn {
    /// The column's key within the table (`field_N`), to keep an existing column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^field_[1-9][0-9]*$")]
    pub key: Option<String>,
    #[schema(schema_with = crate::schema::field_title)]
    pub title: String,
    /// dropdown, text, textarea, integer, decimal, checkbox or date.
    #[serde(rename = "type")]
    #[schema(pattern = "^(dropdown|text|textarea|integer|decimal|checkbox|date)$")]
    pub field_type: String,
    /// "1" when every row needs a value in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::zero_or_one)]
    pub required: Option<String>,
    /// A dropdown column's choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::string_list)]
    pub options: Option<Vec<String>>,
    /// A decimal column's places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub decimal_places: Option<u32>,
}

/// A ticket field definition to send: the agents' input and the ticket extras.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketFieldInput {
    #[serde(flatten)]
    pub base: SupportFieldInput,
    #[serde(flatten)]
    pub extras: TicketFieldExtras,
}

/// `{"ticket_field":{…}}`, as a client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketFieldBody {
    pub ticket_field: TicketFieldInput,
}

use utoipa::PartialSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// The agents' input members and the ticket extras in one object, plus `more`'s members.
fn ticket_field_schema(description: &str, required: &[&str], more: Option<RefOr<Schema>>) -> RefOr<Schema> {
    let mut schema = crate::schema::merged::<SupportFieldInput, TicketFieldExtras>(description);
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        object.required = required.iter().map(|name| (*name).to_owned()).collect();
        if let Some(RefOr::T(Schema::Object(more))) = more {
            object.properties.extend(more.properties);
        }
    }
    schema
}

/// A ticket field to define: `title` and `type` required.
pub struct TicketFieldCreate;

impl PartialSchema for TicketFieldCreate {
    fn schema() -> RefOr<Schema> {
        ticket_field_schema(
            "A ticket field definition to create; the server assigns its key.",
            &["title", "type"],
            None,
        )
    }
}

impl ToSchema for TicketFieldCreate {}

/// A change of a ticket field: what is left out stays; the key may be sent back unchanged.
pub struct TicketFieldUpdate;

impl PartialSchema for TicketFieldUpdate {
    fn schema() -> RefOr<Schema> {
        ticket_field_schema(
            "Changes to a ticket field; what is left out stays. The type cannot change; the key may be sent back unchanged.",
            &[],
            Some(SupportFieldServerSet::schema()),
        )
    }
}

impl ToSchema for TicketFieldUpdate {}

/// `{"ticket_field":{…}}` to define a ticket field.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct TicketFieldCreateBody {
    ticket_field: TicketFieldCreate,
}

/// `{"ticket_field":{…}}` to change one.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
pub struct TicketFieldUpdateBody {
    ticket_field: TicketFieldUpdate,
}

crate::schema::request_shapes!(TicketFieldExtras, TicketFieldColumn);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_input_is_one_flat_object() {
        let input = TicketFieldInput {
            base: SupportFieldInput::new("型号表", "table"),
            extras: TicketFieldExtras {
                is_readonly: Some("1".into()),
                readonly_range: Some("1".into()),
                columns: Some(vec![TicketFieldColumn {
                    title: "型号".into(),
                    field_type: "text".into(),
                    ..TicketFieldColumn::default()
                }]),
                ..TicketFieldExtras::default()
            },
        };
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            serde_json::json!({"title":"型号表","type":"table","isReadonly":"1","readonly_range":"1",
                "columns":[{"title":"型号","type":"text"}]})
        );
    }
}
