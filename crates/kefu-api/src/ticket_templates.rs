//! Ticket templates (工单模板): `tickettemplate` objects. Every member is a string, as the
//! spec lists them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketTemplate {
    #[serde(rename = "tId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "4")]
    pub t_id: String,
    /// `…/api/v1/tickettemplates/{tId}.json`.
    #[schema(example = "https://kefu.example.com/api/v1/tickettemplates/4.json")]
    pub url: String,
    #[serde(rename = "ticketTemplateName")]
    #[schema(example = "售后维修")]
    pub ticket_template_name: String,
    #[serde(rename = "ticketTemplateDescription")]
    pub ticket_template_description: String,
    /// Who may use it: "1" every agent, "2" the groups in `servicerGroupId`, "3" the agents
    /// in `servicerId`, "4" its creator.
    #[serde(rename = "visibleRange")]
    #[schema(pattern = "^[1-4]$", example = "1")]
    pub visible_range: String,
    /// Support groups (visibleRange 2), comma-separated; else `""`.
    #[serde(rename = "servicerGroupId")]
    #[schema(pattern = r"^([1-9][0-9]*(,[1-9][0-9]*)*)?$", example = "")]
    pub servicer_group_id: String,
    /// Agents (visibleRange 3), comma-separated; else `""`.
    #[serde(rename = "servicerId")]
    #[schema(pattern = r"^([1-9][0-9]*(,[1-9][0-9]*)*)?$", example = "")]
    pub servicer_id: String,
    /// "1" released (offered for new tickets), "0" a draft.
    #[serde(rename = "isReleased")]
    #[schema(pattern = "^[01]$", example = "1")]
    pub is_released: String,
    /// The administrator who made it.
    #[serde(rename = "creatorId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "1")]
    pub creator_id: String,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
    /// kefu: the keys of the ticket fields attached to the template, in form order.
    #[serde(rename = "fieldKeys")]
    #[schema(pattern = r"^(field_[1-9][0-9]*(,field_[1-9][0-9]*)*)?$", example = "field_1,field_3")]
    pub field_keys: String,
}

/// `GET /tickettemplates/{id}.json`: `{"tickettemplate":{…}}`, or — the spec's answer for
/// an unknown id — `{"tickettemplate":[]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketTemplateShow {
    pub tickettemplate: TemplateAnswer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum TemplateAnswer {
    Found(Box<TicketTemplate>),
    /// Always empty.
    NotFound(Vec<TicketTemplate>),
}

impl TicketTemplateShow {
    pub fn found(template: TicketTemplate) -> Self {
        TicketTemplateShow { tickettemplate: TemplateAnswer::Found(Box::new(template)) }
    }

    pub fn not_found() -> Self {
        TicketTemplateShow { tickettemplate: TemplateAnswer::NotFound(Vec::new()) }
    }
}

/// `GET /tickettemplates.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketTemplateList {
    pub tickettemplates: Vec<TicketTemplate>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

// ── Requests ─────────────────────────────────────────────────────────────────────────

/// The members of a template's create (`ticketTemplateName` required) and change; `tId`,
/// `url`, `creatorId` and `createDT` sent back are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketTemplateInput {
    #[serde(rename = "ticketTemplateName", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub ticket_template_name: Option<serde_json::Value>,
    #[serde(rename = "ticketTemplateDescription", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub ticket_template_description: Option<serde_json::Value>,
    /// 1 every agent (default), 2 the groups in `servicerGroupId`, 3 the agents in
    /// `servicerId`, 4 its creator; sent with the list it uses.
    #[serde(rename = "visibleRange", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub visible_range: Option<serde_json::Value>,
    #[serde(rename = "servicerGroupId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub servicer_group_id: Option<serde_json::Value>,
    #[serde(rename = "servicerId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub servicer_id: Option<serde_json::Value>,
    /// "1" released (default), "0" a draft.
    #[serde(rename = "isReleased", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub is_released: Option<serde_json::Value>,
    /// The ticket fields it gives its tickets, in form order: `"field_1,field_3"`.
    #[serde(rename = "fieldKeys", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text)]
    pub field_keys: Option<serde_json::Value>,
    #[serde(rename = "tId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub t_id: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub url: Option<serde_json::Value>,
    #[serde(rename = "creatorId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub creator_id: Option<serde_json::Value>,
    #[serde(rename = "createDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub create_dt: Option<serde_json::Value>,
}

/// `{"tickettemplate":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketTemplateBody {
    pub tickettemplate: TicketTemplateInput,
}

/// The answer of a template's create, change and delete: `{"tickettemplate":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TicketTemplateEnvelope {
    pub tickettemplate: TicketTemplate,
}

crate::schema::request_shapes!(TicketTemplateInput);

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> TicketTemplate {
        TicketTemplate {
            t_id: "4".into(),
            url: "https://kefu.example.com/api/v1/tickettemplates/4.json".into(),
            ticket_template_name: "售后维修".into(),
            ticket_template_description: "".into(),
            visible_range: "2".into(),
            servicer_group_id: "3".into(),
            servicer_id: "".into(),
            is_released: "1".into(),
            creator_id: "1".into(),
            create_dt: "2024-01-31 09:30:00".into(),
            field_keys: "field_1,field_3".into(),
        }
    }

    #[test]
    fn a_template_and_the_unknown_answer() {
        let text = serde_json::to_string(&TicketTemplateShow::found(template())).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"tickettemplate":{"tId":"4","url":"https://kefu.example.com/api/v1/tickettemplates/4.json","#,
                r#""ticketTemplateName":"售后维修","ticketTemplateDescription":"","visibleRange":"2","#,
                r#""servicerGroupId":"3","servicerId":"","isReleased":"1","creatorId":"1","#,
                r#""createDT":"2024-01-31 09:30:00","fieldKeys":"field_1,field_3"}}"#
            )
        );
        assert_eq!(serde_json::from_str::<TicketTemplateShow>(&text).unwrap(), TicketTemplateShow::found(template()));
        let missing = serde_json::to_string(&TicketTemplateShow::not_found()).unwrap();
        assert_eq!(missing, r#"{"tickettemplate":[]}"#);
        assert_eq!(serde_json::from_str::<TicketTemplateShow>(&missing).unwrap(), TicketTemplateShow::not_found());
    }

    #[test]
    fn template_lists() {
        let list = TicketTemplateList { tickettemplates: vec![], count: 0, next_page: None, previous_page: None };
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"tickettemplates":[],"count":0,"next_page":null,"previous_page":null}"#
        );
    }
}
