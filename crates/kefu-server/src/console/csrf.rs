//! Every state-changing console request is a form POST read by [`ConsoleForm`] (or
//! [`AdminForm`]): a signed-in session, then (for admin pages) an administrator, then the
//! synchronizer token `_csrf` equal to the session's — or nothing happens. A successful
//! write is added to the audit log, as the API's writes are.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use kefu_domain::text::is_storable;
use kefu_domain::time::now_micros;
use kefu_store::AuditEntry;

use super::layout;
use super::session::{ConsoleUser, Refusal, csrf_matches};
use crate::http::client_address::ClientAddress;
use crate::state::AppState;

/// The name of the CSRF field of every console form.
pub const CSRF_FIELD: &str = "_csrf";

/// A form's fields, in the order sent.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Fields a page starts or fills a form with (its defaults, or a record's values as the form
    /// names them).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Fields(pairs)
    }

    pub fn parse(body: &[u8]) -> Self {
        Fields(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of a field, or "" when it was not sent.
    pub fn one(&self, key: &str) -> &str {
        self.get(key).unwrap_or("")
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The last value of a field (a checkbox after its hidden default).
    pub fn last(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Whether every name and value can be stored (no NUL character, which PostgreSQL
    /// cannot hold).
    pub fn storable(&self) -> bool {
        self.0.iter().all(|(k, v)| is_storable(k) && is_storable(v))
    }

    /// Every value of a field, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }
}

/// A checked form POST of a signed-in agent.
pub struct ConsoleForm {
    pub user: ConsoleUser,
    pub fields: Fields,
    path: String,
    address: String,
}

impl ConsoleForm {
    /// Appends the write this form made to the audit log (method, path, who, from where;
    /// never the body). A failure is logged: the write itself is done.
    pub async fn audit(&self, state: &AppState) {
        let entry = AuditEntry {
            tenant_id: self.user.tenant,
            agent_id: self.user.agent,
            at: now_micros(),
            method: "POST".to_owned(),
            path: self.path.clone(),
            status: StatusCode::SEE_OTHER.as_u16(),
            address: self.address.clone(),
        };
        if let Err(error) = state.store().append_audit(&entry).await {
            tracing::error!(%error, "could not append a console write to the audit log");
        }
    }
}

/// A checked form POST of a signed-in administrator.
pub struct AdminForm(pub ConsoleForm);

/// Why a form was not accepted.
pub enum FormRefusal {
    Session(Refusal),
    /// The `_csrf` field is missing or not this session's.
    Csrf(Box<ConsoleUser>),
    /// Not a form, or too large.
    Body(Box<ConsoleUser>, StatusCode, &'static str),
}

impl IntoResponse for FormRefusal {
    fn into_response(self) -> Response {
        match self {
            FormRefusal::Session(refusal) => refusal.into_response(),
            FormRefusal::Csrf(user) => layout::message_page(
                StatusCode::FORBIDDEN,
                Some(&user),
                "表单已失效",
                "这次提交没有带上本次登录的安全令牌（CSRF），因此未被执行。请返回上一页，刷新后重新提交。",
            ),
            FormRefusal::Body(user, status, message) => {
                layout::message_page(status, Some(&user), "无法读取表单", message)
            }
        }
    }
}

async fn read(req: Request, state: &AppState, admin_only: bool) -> Result<ConsoleForm, FormRefusal> {
    let (mut parts, body) = req.into_parts();
    let user = ConsoleUser::from_request_parts(&mut parts, state).await.map_err(FormRefusal::Session)?;
    if admin_only && !user.is_admin {
        return Err(FormRefusal::Session(Refusal::NotAdmin(Box::new(user))));
    }
    let content_type = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence != "application/x-www-form-urlencoded" {
        return Err(FormRefusal::Body(
            Box::new(user),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "控制台只接受普通表单提交（application/x-www-form-urlencoded）。",
        ));
    }
    let path = parts.uri.path().to_owned();
    let address = ClientAddress::text(&parts.extensions);
    let bytes = match Bytes::from_request(Request::from_parts(parts, body), state).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err(FormRefusal::Body(Box::new(user), StatusCode::PAYLOAD_TOO_LARGE, "表单内容过大，未被执行。"));
        }
    };
    let fields = Fields::parse(&bytes);
    if !csrf_matches(fields.one(CSRF_FIELD), &user.csrf) {
        return Err(FormRefusal::Csrf(Box::new(user)));
    }
    if !fields.storable() {
        return Err(FormRefusal::Body(
            Box::new(user),
            StatusCode::BAD_REQUEST,
            "表单内容含有无法保存的字符（NUL），未被执行。",
        ));
    }
    Ok(ConsoleForm { user, fields, path, address })
}

impl FromRequest<AppState> for ConsoleForm {
    type Rejection = FormRefusal;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        read(req, state, false).await
    }
}

impl FromRequest<AppState> for AdminForm {
    type Rejection = FormRefusal;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        read(req, state, true).await.map(AdminForm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_order_and_repeats() {
        let fields = Fields::parse(b"a=1&b=%E5%BC%A0&a=2&c=");
        assert_eq!(fields.one("a"), "1");
        assert_eq!(fields.last("a"), Some("2"));
        assert_eq!(fields.all("a"), ["1", "2"]);
        assert_eq!(fields.one("b"), "张");
        assert_eq!(fields.get("c"), Some(""));
        assert_eq!(fields.one("missing"), "");
    }
}
