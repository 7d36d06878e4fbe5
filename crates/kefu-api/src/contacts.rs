//! Contacts (联系人): the `user` objects of `/api/v1/users…` and `/api/v1/users_v2…`, and
//! their envelopes. The old endpoints answer `uniqueId`, the `_v2` ones `uniqueIds`; in
//! 2C accounts `companyId` is absent.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::agents::CustomFieldValue;

/// One contact, in the order of the spec's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct User {
    /// The contact's id.
    #[serde(rename = "cId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "7")]
    pub c_id: String,
    /// `…/api/v1/users/{cId}.json` (or `users_v2/…` on the `_v2` endpoints).
    #[schema(example = "https://kefu.example.com/api/v1/users/7.json")]
    pub url: String,
    #[schema(example = "张三")]
    pub name: String,
    #[schema(example = "13039209552")]
    pub mobile: String,
    /// The landline.
    #[schema(example = "010-63701717")]
    pub fixnumber: String,
    pub email: String,
    pub position: String,
    /// "1" employed, "2" left, "3" deleted.
    #[schema(pattern = "^[123]$", example = "1")]
    pub state: String,
    #[serde(rename = "QQ")]
    pub qq: String,
    pub note: String,
    /// The contact's company (2B accounts; `"0"` for a contact without one). Absent in 2C.
    #[serde(rename = "companyId", default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^[0-9]+$", example = "12")]
    pub company_id: Option<String>,
    /// Old endpoints: the contact's first remote id, `""` for none.
    #[serde(rename = "uniqueId", default, skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<String>,
    /// `_v2` endpoints: every remote id with its note.
    #[serde(rename = "uniqueIds", default, skip_serializing_if = "Option::is_none")]
    pub unique_ids: Option<Vec<UniqueId>>,
    /// The agent responsible for the contact (an sId), `"0"` for none.
    #[serde(rename = "supportId")]
    #[schema(pattern = r"^[0-9]+$", example = "1")]
    pub support_id: String,
    /// The agent who created the contact.
    #[serde(rename = "createrId")]
    #[schema(pattern = r"^[0-9]+$", example = "1")]
    pub creater_id: String,
    /// "1" for the company's default contact, else "0".
    #[schema(pattern = "^[01]$", example = "0")]
    pub default: String,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
    #[serde(rename = "updateDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub update_dt: String,
    pub custom_fields: Vec<CustomFieldValue>,
    /// The contact's customer groups (type 2), comma-separated, ascending.
    #[serde(rename = "userGroup")]
    #[schema(pattern = r"^([1-9][0-9]*(,[1-9][0-9]*)*)?$", example = "4")]
    pub user_group: String,
    /// Tags, comma-separated (sic: `tableName`).
    #[serde(rename = "tableName")]
    pub table_name: String,
}

/// One remote id (`_v2`'s `uniqueIds`): an id of the contact in another system, and a note
/// saying which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UniqueId {
    #[serde(rename = "uniqueId")]
    #[schema(example = "wx_o6_bmjrPTlm6_2sgVt7hMZOPfL2M")]
    pub unique_id: String,
    #[schema(example = "微信")]
    pub note: String,
}

/// `{"user":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserEnvelope {
    pub user: User,
}

/// `GET /users.json` and `GET /companies/{uId}/users.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserList {
    pub users: Vec<User>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// `GET /users/show_many.json?ids=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserShowMany {
    pub users: Vec<User>,
}

/// `GET /users/search.json`: as the agents' search answers, `count` a string and missing
/// page links `""`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserSearchPage {
    pub users: Vec<User>,
    #[schema(pattern = "^[0-9]+$", example = "1")]
    pub count: String,
    pub previous_page: String,
    pub next_page: String,
}

/// The members a contact is created or changed with (`POST /users.json`, `PUT
/// /users/{cId}.json` and the `_v2` twins). Every one is optional on a change; a creation
/// needs a `mobile` or a `fixnumber` (and in a 2B account a `companyId`). Members the
/// server sets (`cId`, `url`, `createrId`, `createDT`, `updateDT`) may be sent back and are
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 30)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 30, example = "13039209552")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 32, example = "010-63701717")]
    pub fixnumber: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 45)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 45)]
    pub position: Option<String>,
    /// "1" employed, "2" left; on a deleted contact either restores it (administrators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[12]$")]
    pub state: Option<String>,
    #[serde(rename = "QQ", default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 20)]
    pub qq: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 245)]
    pub note: Option<String>,
    #[serde(rename = "companyId", default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^(0|[1-9][0-9]*)?$")]
    pub company_id: Option<String>,
    /// One remote id (the old endpoints' form); `""` removes them all.
    #[serde(rename = "uniqueId", default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64)]
    pub unique_id: Option<String>,
    /// Every remote id with its note (the `_v2` form).
    #[serde(rename = "uniqueIds", default, skip_serializing_if = "Option::is_none")]
    pub unique_ids: Option<Vec<UniqueId>>,
    #[serde(rename = "supportId", default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^[1-9][0-9]*$")]
    pub support_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[01]$")]
    pub default: Option<String>,
    #[serde(rename = "userGroup", default, skip_serializing_if = "Option::is_none")]
    pub user_group: Option<String>,
    #[serde(rename = "tableName", default, skip_serializing_if = "Option::is_none")]
    pub table_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomFieldValue>>,
    #[serde(rename = "cId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub c_id: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub url: Option<serde_json::Value>,
    #[serde(rename = "createrId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub creater_id: Option<serde_json::Value>,
    #[serde(rename = "createDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub create_dt: Option<serde_json::Value>,
    #[serde(rename = "updateDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub update_dt: Option<serde_json::Value>,
}

/// `{"user":{…}}` as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserBody {
    pub user: UserInput,
}

/// `POST /users/batch.json` (an extension): `{"users":[{…},…]}`, up to 500 contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserBatchBody {
    pub users: Vec<UserInput>,
}

/// The contacts a batch created, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UserBatch {
    pub users: Vec<User>,
}

crate::schema::request_shapes!(UserInput);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn user() -> User {
        User {
            c_id: "7".into(),
            url: "https://kefu.example.com/api/v1/users/7.json".into(),
            name: "张三".into(),
            mobile: "13039209552".into(),
            fixnumber: "".into(),
            email: "zhangsan@example.com".into(),
            position: "经理".into(),
            state: "1".into(),
            qq: "".into(),
            note: "".into(),
            company_id: Some("12".into()),
            unique_id: Some("wx_1".into()),
            unique_ids: None,
            support_id: "1".into(),
            creater_id: "1".into(),
            default: "1".into(),
            create_dt: "2024-01-31 09:30:00".into(),
            update_dt: "2024-01-31 09:30:00".into(),
            custom_fields: vec![CustomFieldValue { key: "field_2".into(), value: json!(["北京市", "丰台区"]) }],
            user_group: "".into(),
            table_name: "VIP".into(),
        }
    }

    #[test]
    fn a_contact_of_the_old_endpoints() {
        let text = serde_json::to_string(&UserEnvelope { user: user() }).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"user":{"cId":"7","url":"https://kefu.example.com/api/v1/users/7.json","name":"张三","#,
                r#""mobile":"13039209552","fixnumber":"","email":"zhangsan@example.com","position":"经理","#,
                r#""state":"1","QQ":"","note":"","companyId":"12","uniqueId":"wx_1","supportId":"1","#,
                r#""createrId":"1","default":"1","createDT":"2024-01-31 09:30:00","updateDT":"2024-01-31 09:30:00","#,
                r#""custom_fields":[{"key":"field_2","value":["北京市","丰台区"]}],"userGroup":"","tableName":"VIP"}}"#
            )
        );
        assert_eq!(serde_json::from_str::<UserEnvelope>(&text).unwrap().user, user());
    }

    #[test]
    fn a_contact_of_v2_in_a_2c_account() {
        let v2 = User {
            company_id: None,
            unique_id: None,
            unique_ids: Some(vec![UniqueId { unique_id: "wx_1".into(), note: "微信".into() }]),
            default: "0".into(),
            ..user()
        };
        let value = serde_json::to_value(&v2).unwrap();
        assert_eq!(value["uniqueIds"], json!([{"uniqueId": "wx_1", "note": "微信"}]));
        assert!(value.get("companyId").is_none() && value.get("uniqueId").is_none());
        let text = serde_json::to_string(&v2).unwrap();
        assert!(text.contains(r#""note":"","uniqueIds":[{"uniqueId":"wx_1","note":"微信"}],"supportId""#), "{text}");
        assert_eq!(serde_json::from_str::<User>(&text).unwrap(), v2);
    }

    #[test]
    fn contact_lists() {
        let list = UserList {
            users: vec![],
            count: 3,
            next_page: Some("https://k/api/v1/users.json?page=2".into()),
            previous_page: None,
        };
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"users":[],"count":3,"next_page":"https://k/api/v1/users.json?page=2","previous_page":null}"#
        );
        let search =
            UserSearchPage { users: vec![], count: "0".into(), previous_page: "".into(), next_page: "".into() };
        assert_eq!(
            serde_json::to_string(&search).unwrap(),
            r#"{"users":[],"count":"0","previous_page":"","next_page":""}"#
        );
        assert_eq!(serde_json::to_string(&UserShowMany { users: vec![] }).unwrap(), r#"{"users":[]}"#);
    }
}
