//! Sessions of the browser console. The store keeps only a hash of each session's token,
//! so nothing in the database signs anyone in; every instance reads the same rows, so a
//! session started on one instance works on all, and ending it on one ends it on all.

use kefu_domain::{AgentId, TenantId};

use crate::engine::Outcome::Commit;
use crate::engine::{Cost, Sql};
use crate::{Store, StoreError};

/// A session row with what the console needs about its agent, read in one query.
#[derive(Debug, Clone)]
pub struct ConsoleSessionRecord {
    pub tenant_id: TenantId,
    pub agent_id: AgentId,
    /// A digest of the agent's password hash when the session began.
    pub password_digest: String,
    /// The agent's password hash now: when its digest differs, the password changed.
    pub current_password_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub is_admin: bool,
    pub name: String,
    pub passport_name: String,
    pub time_zone: String,
}

/// A new session.
#[derive(Debug, Clone)]
pub struct NewConsoleSession<'a> {
    pub token_hash: &'a str,
    pub tenant_id: TenantId,
    pub agent_id: AgentId,
    pub password_digest: &'a str,
    pub now: i64,
}

impl Store {
    /// Stores a new session, and sweeps sessions unused since `stale_before` or begun
    /// before `expired_before` (any agent's: signing in is rare enough to pay for it).
    pub async fn create_console_session(
        &self,
        session: &NewConsoleSession<'_>,
        stale_before: i64,
        expired_before: i64,
    ) -> Result<(), StoreError> {
        let sweep = Sql::fixed(
            "DELETE FROM console_sessions WHERE last_seen_at < $1 OR created_at < $2",
            [stale_before.into(), expired_before.into()],
        );
        let insert = Sql::fixed(
            "INSERT INTO console_sessions (token_hash, tenant_id, agent_id, password_digest, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
            [
                session.token_hash.into(),
                session.tenant_id.0.into(),
                session.agent_id.0.into(),
                session.password_digest.into(),
                session.now.into(),
            ],
        );
        self.write(move |db| {
            Box::pin(async move {
                db.execute(&sweep).await?;
                db.execute(&insert).await?;
                Ok(Commit(()))
            })
        })
        .await
    }

    /// The session with this token hash, if its agent is still active (hidden and deleted
    /// agents have no sessions, as they have no login).
    pub async fn console_session(&self, token_hash: &str) -> Result<Option<ConsoleSessionRecord>, StoreError> {
        let query = Sql::fixed(
            "SELECT s.tenant_id, s.agent_id, s.password_digest, s.created_at, s.last_seen_at, \
             a.password_hash, a.is_admin, a.name, a.passport_name, t.time_zone \
             FROM console_sessions s \
             JOIN agents a ON a.tenant_id = s.tenant_id AND a.id = s.agent_id \
             JOIN tenants t ON t.id = s.tenant_id \
             WHERE s.token_hash = $1 AND a.status = 1",
            [token_hash.into()],
        );
        self.read(Cost::Point)
            .first(&query, |row| {
                Ok(ConsoleSessionRecord {
                    tenant_id: TenantId(row.int("tenant_id")?),
                    agent_id: AgentId(row.int("agent_id")?),
                    password_digest: row.text("password_digest")?,
                    current_password_hash: row.text("password_hash")?,
                    created_at: row.int("created_at")?,
                    last_seen_at: row.int("last_seen_at")?,
                    is_admin: row.int("is_admin")? == 1,
                    name: row.text("name")?,
                    passport_name: row.text("passport_name")?,
                    time_zone: row.text("time_zone")?,
                })
            })
            .await
    }

    /// Records that the session was used at `now`.
    pub async fn touch_console_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        let touch = Sql::fixed(
            "UPDATE console_sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1",
            [now.into(), token_hash.into()],
        );
        self.write_statement(touch).await.map(drop)
    }

    /// Binds the session to a new password digest (its agent just changed the password
    /// through it, which ends the agent's other sessions but not this one).
    pub async fn rebind_console_session(&self, token_hash: &str, password_digest: &str) -> Result<(), StoreError> {
        let rebind = Sql::fixed(
            "UPDATE console_sessions SET password_digest = $1 WHERE token_hash = $2",
            [password_digest.into(), token_hash.into()],
        );
        self.write_statement(rebind).await.map(drop)
    }

    /// Ends a session (signing out, or one found expired).
    pub async fn delete_console_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let delete = Sql::fixed("DELETE FROM console_sessions WHERE token_hash = $1", [token_hash.into()]);
        self.write_statement(delete).await.map(drop)
    }
}
