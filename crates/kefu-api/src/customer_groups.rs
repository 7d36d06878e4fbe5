//! Customer groups (客户分组): `customergroup` objects of `/api/v1/customergroups…`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerGroup {
    #[serde(rename = "groupId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "4")]
    pub group_id: String,
    /// `…/api/v1/customergroups/{groupId}.json`.
    #[schema(example = "https://kefu.example.com/api/v1/customergroups/4.json")]
    pub url: String,
    #[serde(rename = "groupName")]
    #[schema(example = "重点客户")]
    pub group_name: String,
    /// "1" a group of companies, "2" a group of contacts.
    #[serde(rename = "type")]
    #[schema(pattern = "^[12]$", example = "1")]
    pub group_type: String,
}

/// `{"customergroup":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerGroupEnvelope {
    pub customergroup: CustomerGroup,
}

/// `GET /customergroups.json`: `{"customergroups":[…]}` as known, with the developer
/// guide's `count` and page links after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerGroupList {
    pub customergroups: Vec<CustomerGroup>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// `GET /customergroups/show_many.json?ids=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerGroupShowMany {
    pub customergroups: Vec<CustomerGroup>,
}

/// A customer group as sent: `groupName` and, on creation, `type` (fixed afterwards: a
/// change may send it back only unchanged). `groupId` and `url` sent back are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerGroupInput {
    #[serde(rename = "groupName", default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 64)]
    pub group_name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[12]$")]
    pub group_type: Option<String>,
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub group_id: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub url: Option<serde_json::Value>,
}

/// `{"customergroup":{…}}` as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerGroupBody {
    pub customergroup: CustomerGroupInput,
}

crate::schema::request_shapes!(CustomerGroupInput);

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> CustomerGroup {
        CustomerGroup {
            group_id: "4".into(),
            url: "https://kefu.example.com/api/v1/customergroups/4.json".into(),
            group_name: "重点客户".into(),
            group_type: "1".into(),
        }
    }

    #[test]
    fn a_customer_group() {
        let text = serde_json::to_string(&CustomerGroupEnvelope { customergroup: group() }).unwrap();
        assert_eq!(
            text,
            r#"{"customergroup":{"groupId":"4","url":"https://kefu.example.com/api/v1/customergroups/4.json","groupName":"重点客户","type":"1"}}"#
        );
        assert_eq!(serde_json::from_str::<CustomerGroupEnvelope>(&text).unwrap().customergroup, group());
    }

    #[test]
    fn customer_group_lists() {
        let list = CustomerGroupList { customergroups: vec![group()], count: 1, next_page: None, previous_page: None };
        let text = serde_json::to_string(&list).unwrap();
        assert!(text.starts_with(r#"{"customergroups":[{"groupId":"4""#), "{text}");
        assert!(text.ends_with(r#"}],"count":1,"next_page":null,"previous_page":null}"#), "{text}");
        let many = CustomerGroupShowMany { customergroups: vec![] };
        assert_eq!(serde_json::to_string(&many).unwrap(), r#"{"customergroups":[]}"#);
    }
}
