//! Companies (公司): `company` objects and their envelopes. Every scalar is a string, as
//! the hosted service answers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::agents::CustomFieldValue;

/// One company, in the order of the spec's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Company {
    /// The company's id.
    #[serde(rename = "uId")]
    #[schema(pattern = r"^[1-9][0-9]*$", example = "12")]
    pub u_id: String,
    /// `…/api/v1/companies/{uId}.json`.
    #[schema(example = "https://kefu.example.com/api/v1/companies/12.json")]
    pub url: String,
    #[serde(rename = "companyName")]
    #[schema(example = "北京网康科技有限公司")]
    pub company_name: String,
    /// The agent responsible for the company (an sId), `"0"` for none.
    #[serde(rename = "supportId")]
    #[schema(pattern = r"^[0-9]+$", example = "1")]
    pub support_id: String,
    /// The service period's first day, `2017-01-01`, or `""`.
    #[schema(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", example = "2017-01-01")]
    pub servicestarttime: String,
    /// The service period's last day, or `""`.
    #[schema(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", example = "2017-12-31")]
    pub serviceendtime: String,
    /// The company's website.
    #[serde(rename = "userURL")]
    pub user_url: String,
    /// A remark.
    #[serde(rename = "serveNote")]
    pub serve_note: String,
    /// The service fee balance, as entered (`"1200.50"`).
    #[serde(rename = "serviceCharge")]
    pub service_charge: String,
    /// The customer's account on the service sold to it (not a kefu login).
    pub serviceaccount: String,
    /// That account's password, kept for the agents' reference as entered.
    pub servicepassword: String,
    pub address: String,
    pub province: String,
    pub city: String,
    #[serde(rename = "createDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub create_dt: String,
    #[serde(rename = "updateDT")]
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", example = "2024-01-31 09:30:00")]
    pub update_dt: String,
    pub custom_fields: Vec<CustomFieldValue>,
    /// The company's customer group (type 1), `"0"` for none.
    #[serde(rename = "userGroup")]
    #[schema(pattern = r"^[0-9]+$", example = "0")]
    pub user_group: String,
    /// Tags, comma-separated (sic: the hosted service keeps tags in `tableName`).
    #[serde(rename = "tableName")]
    #[schema(example = "VIP,北京")]
    pub table_name: String,
    /// "1" active, "2" deleted.
    #[schema(pattern = "^[12]$", example = "1")]
    pub status: String,
    /// The support groups that serve the company, comma-separated, ascending.
    #[schema(pattern = r"^([1-9][0-9]*(,[1-9][0-9]*)*)?$", example = "3,5")]
    pub service_groupid: String,
}

/// `{"company":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyEnvelope {
    pub company: Company,
}

/// `GET /companies.json`: the developer guide's list envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyList {
    pub companies: Vec<Company>,
    pub count: u64,
    #[schema(required = true)]
    pub next_page: Option<String>,
    #[schema(required = true)]
    pub previous_page: Option<String>,
}

/// `GET /companies/show_many.json?ids=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyShowMany {
    pub companies: Vec<Company>,
}

/// `GET /companies/search.json`: as the agents' search answers, `count` a string and
/// missing page links `""`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanySearchPage {
    pub companies: Vec<Company>,
    #[schema(pattern = "^[0-9]+$", example = "1")]
    pub count: String,
    pub previous_page: String,
    pub next_page: String,
}

/// The members a company is created or changed with (`POST /companies.json`, `PUT
/// /companies/{uId}.json`): `companyName` is required on creation, everything optional on a
/// change. `status` `2` deletes, `1` restores (administrators). Members the server sets
/// (`uId`, `url`, `createDT`, `updateDT`) may be sent back and are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyFields {
    #[serde(rename = "companyName", default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 100)]
    pub company_name: Option<String>,
    #[serde(rename = "supportId", default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^[1-9][0-9]*$")]
    pub support_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2017-01-01")]
    pub servicestarttime: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2018-01-01")]
    pub serviceendtime: Option<String>,
    #[serde(rename = "userURL", default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 255)]
    pub user_url: Option<String>,
    #[serde(rename = "serveNote", default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 1000)]
    pub serve_note: Option<String>,
    #[serde(rename = "serviceCharge", default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "1200.50")]
    pub service_charge: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64)]
    pub serviceaccount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64)]
    pub servicepassword: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 255)]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64)]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64)]
    pub city: Option<String>,
    /// One company group (type 1), `"0"` or `""` for none.
    #[serde(rename = "userGroup", default, skip_serializing_if = "Option::is_none")]
    pub user_group: Option<String>,
    #[serde(rename = "tableName", default, skip_serializing_if = "Option::is_none")]
    pub table_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[12]$")]
    pub status: Option<String>,
    /// Support groups serving the company, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_groupid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<crate::agents::CustomFieldValue>>,
    #[serde(rename = "uId", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub u_id: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub url: Option<serde_json::Value>,
    #[serde(rename = "createDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub create_dt: Option<serde_json::Value>,
    #[serde(rename = "updateDT", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::ignored)]
    pub update_dt: Option<serde_json::Value>,
}

/// `POST /companies/batch.json` (an extension): `{"companies":[{…},…]}`, up to 500.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyBatchBody {
    pub companies: Vec<CompanyFields>,
}

/// The companies a batch created, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyBatch {
    pub companies: Vec<Company>,
}

/// `{"company":{…}}` as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompanyFieldsBody {
    pub company: CompanyFields,
}

crate::schema::request_shapes!(CompanyFields);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn company() -> Company {
        Company {
            u_id: "12".into(),
            url: "https://kefu.example.com/api/v1/companies/12.json".into(),
            company_name: "北京网康科技有限公司".into(),
            support_id: "1".into(),
            servicestarttime: "2017-01-01".into(),
            serviceendtime: "".into(),
            user_url: "www.gnway.com".into(),
            serve_note: "".into(),
            service_charge: "1200.50".into(),
            serviceaccount: "".into(),
            servicepassword: "".into(),
            address: "丰台区".into(),
            province: "北京".into(),
            city: "北京".into(),
            create_dt: "2024-01-31 09:30:00".into(),
            update_dt: "2024-02-01 10:00:00".into(),
            custom_fields: vec![CustomFieldValue { key: "field_1".into(), value: json!("华北") }],
            user_group: "0".into(),
            table_name: "VIP,北京".into(),
            status: "1".into(),
            service_groupid: "3,5".into(),
        }
    }

    #[test]
    fn a_company_in_the_spec_order() {
        let text = serde_json::to_string(&CompanyEnvelope { company: company() }).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"company":{"uId":"12","url":"https://kefu.example.com/api/v1/companies/12.json","#,
                r#""companyName":"北京网康科技有限公司","supportId":"1","servicestarttime":"2017-01-01","#,
                r#""serviceendtime":"","userURL":"www.gnway.com","serveNote":"","serviceCharge":"1200.50","#,
                r#""serviceaccount":"","servicepassword":"","address":"丰台区","province":"北京","city":"北京","#,
                r#""createDT":"2024-01-31 09:30:00","updateDT":"2024-02-01 10:00:00","#,
                r#""custom_fields":[{"key":"field_1","value":"华北"}],"userGroup":"0","tableName":"VIP,北京","#,
                r#""status":"1","service_groupid":"3,5"}}"#
            )
        );
        let back: CompanyEnvelope = serde_json::from_str(&text).unwrap();
        assert_eq!(back.company, company());
    }

    #[test]
    fn company_lists_and_searches() {
        let list = CompanyList { companies: vec![], count: 0, next_page: None, previous_page: None };
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"companies":[],"count":0,"next_page":null,"previous_page":null}"#
        );
        let search =
            CompanySearchPage { companies: vec![], count: "0".into(), previous_page: "".into(), next_page: "".into() };
        assert_eq!(
            serde_json::to_string(&search).unwrap(),
            r#"{"companies":[],"count":"0","previous_page":"","next_page":""}"#
        );
        assert_eq!(serde_json::to_string(&CompanyShowMany { companies: vec![] }).unwrap(), r#"{"companies":[]}"#);
    }
}
