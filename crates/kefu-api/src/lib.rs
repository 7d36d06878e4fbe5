//! The wire shapes of the Bangwo8 (帮我吧) API, exactly as the hosted service sends them —
//! field names (typos such as `gnder` and `tableName` for tags included), envelopes,
//! numbers as strings — the table of error codes, and the shapes of the request bodies:
//! agents, customers (companies, contacts, customer groups) and tickets. Serde only: shared
//! by the server (which documents the API with them and reads requests by their members,
//! [`RequestShape`]) and the client (which sends them).

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
pub mod ticket_fields;
pub mod ticket_replies;
pub mod ticket_templates;
pub mod tickets;

pub use agents::{
    CustomFieldValue, Support, SupportCreate, SupportCreateBody, SupportEnvelope, SupportFields, SupportList,
    SupportSearchPage, SupportServerSet, SupportShowMany, SupportStatus, SupportStatusEnvelope, SupportUpdate,
    SupportUpdateBody, Visibility, VisibilityBody,
};
pub use audit::{AuditLog, AuditLogList};
pub use coded::Coded;
pub use companies::{
    Company, CompanyBatch, CompanyBatchBody, CompanyEnvelope, CompanyFields, CompanyFieldsBody, CompanyList,
    CompanySearchPage, CompanyShowMany,
};
pub use company::{CompanyBody, CompanyInput, CompanySettings, CompanySettingsEnvelope};
pub use contacts::{
    UniqueId, User, UserBatch, UserBatchBody, UserBody, UserEnvelope, UserInput, UserList, UserSearchPage, UserShowMany,
};
pub use customer_groups::{
    CustomerGroup, CustomerGroupBody, CustomerGroupEnvelope, CustomerGroupInput, CustomerGroupList,
    CustomerGroupShowMany,
};
pub use errors::{ErrorBody, ErrorCode, FieldProblem, HostedError, Row, Shape};
pub use field_definitions::{
    CompanyFieldCreateBody, CompanyFieldEnvelope, CompanyFieldUpdateBody, CustomFieldDefinition, FieldDefinitionList,
    FieldOption, TableColumnDefinition, UserFieldCreateBody, UserFieldEnvelope, UserFieldUpdateBody, is_required_flag,
};
pub use fields::{
    SupportField, SupportFieldCreate, SupportFieldCreateBody, SupportFieldEnvelope, SupportFieldInput,
    SupportFieldList, SupportFieldServerSet, SupportFieldUpdate, SupportFieldUpdateBody,
};
pub use groups::{SupportGroup, SupportGroupBody, SupportGroupEnvelope, SupportGroupInput, SupportGroupList};
pub use helpdesk_settings::{HelpdeskSettings, HelpdeskSettingsBody, HelpdeskSettingsEnvelope, HelpdeskSettingsInput};
pub use oauth::{AccessToken, ApiKey, ApiKeyBody, ApiKeyEnvelope, ApiKeyInput, ApiKeyList, OAuthError, TokenRequest};
pub use presence::{
    Permission, PermissionBody, PermissionEnvelope, PermissionInput, PermissionList, PlateServiceState,
    PlateServiceStateBody, PlateServiceStateChange, PlateServiceStateEnvelope, PlateServiceStateHistory,
    PlateServiceStateInput, PlateServiceStates, PlateStateLists, PlateStateListsBody,
};
pub use schedules::{
    Duty, DutyBatchBody, DutyList, DutyOne, DutySchedule, DutyServerSet, DutyUpdate, DutyUpdateBody, NewDuty,
    ScheduleFields,
};
pub use schema::RequestShape;
pub use signins::{
    NewSignIn, SignIn, SignInAttachment, SignInBody, SignInCreated, SignInCreatedEnvelope, SignInPage, SignInPlace,
};
pub use ticket_fields::{
    TicketFieldBody, TicketFieldColumn, TicketFieldCreate, TicketFieldCreateBody, TicketFieldEnvelope,
    TicketFieldExtras, TicketFieldInput, TicketFieldUpdate, TicketFieldUpdateBody,
};
pub use ticket_replies::{TicketHistory, TicketHistoryEntry, TicketReply, TicketReplyList};
pub use ticket_templates::{
    TemplateAnswer, TicketTemplate, TicketTemplateBody, TicketTemplateEnvelope, TicketTemplateInput,
    TicketTemplateList, TicketTemplateShow,
};
pub use tickets::{
    FileRef, Ticket, TicketBody, TicketEnvelope, TicketInput, TicketList, TicketReplyInput, TicketSearch,
    TicketSearchResults, TicketShow,
};

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
