//! The wire shapes of the Bangwo8 (帮我吧) API, exactly as the hosted service sends them —
//! field names (typos such as `gnder` and `tableName` for tags included), envelopes,
//! numbers as strings — and the table of error codes: agents, customers (companies,
//! contacts, customer groups) and tickets. Serde only: shared by the server and the client.

pub mod agents;
pub mod audit;
pub mod coded;
pub mod companies;
pub mod company;
pub mod contacts;
pub mod customer_groups;
pub mod errors;
pub mod field_definitions;
pub mod fields;
pub mod groups;
pub mod helpdesk_settings;
pub mod oauth;
pub mod presence;
pub mod schedules;
pub mod schema;
pub mod signins;
pub mod ticket_replies;
pub mod ticket_templates;
pub mod tickets;

pub use agents::{
    CustomFieldValue, Support, SupportEnvelope, SupportList, SupportSearchPage, SupportShowMany, SupportStatus,
    SupportStatusEnvelope,
};
pub use audit::{AuditLog, AuditLogList};
pub use coded::Coded;
pub use companies::{Company, CompanyEnvelope, CompanyList, CompanySearchPage, CompanyShowMany};
pub use company::{CompanySettings, CompanySettingsEnvelope};
pub use contacts::{UniqueId, User, UserEnvelope, UserList, UserSearchPage, UserShowMany};
pub use customer_groups::{CustomerGroup, CustomerGroupEnvelope, CustomerGroupList, CustomerGroupShowMany};
pub use errors::{ErrorBody, ErrorCode, FieldProblem, Row, Shape};
pub use field_definitions::{
    CustomFieldDefinition, FieldDefinitionList, FieldOption, TableColumnDefinition, is_required_flag,
};
pub use fields::{SupportField, SupportFieldEnvelope, SupportFieldList};
pub use groups::{SupportGroup, SupportGroupEnvelope, SupportGroupList};
pub use helpdesk_settings::{HelpdeskSettings, HelpdeskSettingsEnvelope};
pub use oauth::{AccessToken, ApiKey, ApiKeyEnvelope, ApiKeyList, OAuthError};
pub use presence::{
    Permission, PermissionEnvelope, PermissionList, PlateServiceState, PlateServiceStateChange,
    PlateServiceStateEnvelope, PlateServiceStateHistory, PlateServiceStates,
};
pub use schedules::{Duty, DutyList, DutyOne, DutySchedule};
pub use signins::{SignIn, SignInCreated, SignInCreatedEnvelope, SignInPage, SignInPlace};
pub use ticket_replies::{TicketHistory, TicketHistoryEntry, TicketReply, TicketReplyList};
pub use ticket_templates::{TemplateAnswer, TicketTemplate, TicketTemplateList, TicketTemplateShow};
pub use tickets::{FileRef, Ticket, TicketEnvelope, TicketList, TicketSearch, TicketSearchResults, TicketShow};

#[cfg(test)]
mod schema_tests {
    use utoipa::ToSchema;

    use super::*;

    /// A type's schema name and those of every schema it refers to, as the OpenAPI
    /// document collects them.
    fn names<T: ToSchema>(into: &mut Vec<String>) {
        into.push(T::name().into_owned());
        let mut referred = Vec::new();
        T::schemas(&mut referred);
        into.extend(referred.into_iter().map(|(name, _)| name));
    }

    /// The OpenAPI document is built from these derives: each new type must yield its
    /// schema and those it refers to (the recursive cascade options included).
    #[test]
    fn the_customer_and_ticket_types_describe_themselves() {
        let mut found = Vec::new();
        names::<CompanyEnvelope>(&mut found);
        names::<CompanyList>(&mut found);
        names::<CompanySearchPage>(&mut found);
        names::<UserEnvelope>(&mut found);
        names::<UserList>(&mut found);
        names::<UserSearchPage>(&mut found);
        names::<CustomerGroupList>(&mut found);
        names::<TicketShow>(&mut found);
        names::<TicketEnvelope>(&mut found);
        names::<TicketList>(&mut found);
        names::<TicketSearch>(&mut found);
        names::<TicketReplyList>(&mut found);
        names::<TicketHistory>(&mut found);
        names::<TicketTemplateShow>(&mut found);
        names::<TicketTemplateList>(&mut found);
        names::<CustomFieldDefinition>(&mut found);
        names::<HelpdeskSettingsEnvelope>(&mut found);
        for name in [
            "Company",
            "CustomFieldValue",
            "User",
            "UniqueId",
            "CustomerGroup",
            "Ticket",
            "FileRef",
            "TicketSearchResults",
            "TicketReply",
            "TicketHistoryEntry",
            "TicketTemplate",
            "TemplateAnswer",
            "FieldOption",
            "TableColumnDefinition",
            "HelpdeskSettings",
        ] {
            assert!(found.iter().any(|n| n == name), "no schema for {name} in {found:?}");
        }
    }
}
