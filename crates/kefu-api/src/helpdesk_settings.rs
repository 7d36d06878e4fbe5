//! The company account's helpdesk settings (a kefu extension): 2B or 2C, and the days
//! after which solved tickets close themselves.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HelpdeskSettings {
    /// "2B" (companies and their contacts) or "2C" (contacts only).
    #[serde(rename = "customerMode")]
    #[schema(pattern = "^2[BC]$", example = "2B")]
    pub customer_mode: String,
    /// Days after which a solved ticket is closed (status 5); "0" never.
    #[serde(rename = "autoCloseDays")]
    #[schema(pattern = "^[0-9]{1,3}$", example = "3")]
    pub auto_close_days: String,
}

/// `GET|PUT /api/v1/helpdesk_settings.json`: `{"helpdesk_settings":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HelpdeskSettingsEnvelope {
    pub helpdesk_settings: HelpdeskSettings,
}

/// The settings to change; members left out stay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelpdeskSettingsInput {
    /// "2B" or "2C" (also "1" / "2"). 2B → 2C is refused (409) while the account has
    /// companies, deleted ones included.
    #[serde(rename = "customerMode", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text, example = "2C")]
    pub customer_mode: Option<String>,
    /// 0 (never) to 365.
    #[serde(rename = "autoCloseDays", default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::text, example = "3")]
    pub auto_close_days: Option<String>,
}

/// `{"helpdesk_settings":{…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HelpdeskSettingsBody {
    pub helpdesk_settings: HelpdeskSettingsInput,
}

crate::schema::request_shapes!(HelpdeskSettingsInput);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings() {
        let settings = HelpdeskSettingsEnvelope {
            helpdesk_settings: HelpdeskSettings { customer_mode: "2B".into(), auto_close_days: "3".into() },
        };
        let text = serde_json::to_string(&settings).unwrap();
        assert_eq!(text, r#"{"helpdesk_settings":{"customerMode":"2B","autoCloseDays":"3"}}"#);
        assert_eq!(serde_json::from_str::<HelpdeskSettingsEnvelope>(&text).unwrap(), settings);
    }
}
