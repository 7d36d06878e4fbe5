//! The wire shapes of the Bangwo8 (帮我吧) agent API, exactly as the hosted service sends
//! them — field names (typos such as `gnder` included), envelopes, numbers as strings —
//! and the table of error codes. Serde only: shared by the server and the client.

pub mod agents;
pub mod audit;
pub mod coded;
pub mod company;
pub mod errors;
pub mod fields;
pub mod groups;
pub mod oauth;
pub mod presence;
pub mod schedules;
pub mod schema;
pub mod signins;

pub use agents::{
    CustomFieldValue, Support, SupportEnvelope, SupportList, SupportSearchPage, SupportShowMany, SupportStatus,
    SupportStatusEnvelope,
};
pub use audit::{AuditLog, AuditLogList};
pub use coded::Coded;
pub use company::{Company, CompanyEnvelope};
pub use errors::{ErrorBody, ErrorCode, FieldProblem};
pub use fields::{SupportField, SupportFieldEnvelope, SupportFieldList};
pub use groups::{SupportGroup, SupportGroupEnvelope, SupportGroupList};
pub use oauth::{AccessToken, ApiKey, ApiKeyEnvelope, ApiKeyList, OAuthError};
pub use presence::{
    Permission, PermissionEnvelope, PermissionList, PlateServiceState, PlateServiceStateChange,
    PlateServiceStateEnvelope, PlateServiceStateHistory, PlateServiceStates,
};
pub use schedules::{Duty, DutyList, DutyOne, DutySchedule};
pub use signins::{SignIn, SignInCreated, SignInCreatedEnvelope, SignInPage, SignInPlace};
