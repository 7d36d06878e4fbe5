//! The wire shapes of the Bangwo8 (帮我吧) agent API, exactly as the hosted service sends
//! them — field names (typos such as `gnder` included), envelopes, numbers as strings —
//! and the table of error codes. Serde only: shared by the server and the client.

pub mod agents;
pub mod errors;
pub mod groups;
pub mod presence;

pub use agents::{
    CustomFieldValue, Support, SupportEnvelope, SupportList, SupportSearchPage, SupportShowMany, SupportStatus,
    SupportStatusEnvelope,
};
pub use errors::{ErrorBody, ErrorCode, FieldProblem};
pub use groups::{SupportGroup, SupportGroupEnvelope, SupportGroupList};
pub use presence::{
    Permission, PermissionEnvelope, PermissionList, PlateServiceState, PlateServiceStateChange,
    PlateServiceStateEnvelope, PlateServiceStateHistory, PlateServiceStates,
};
