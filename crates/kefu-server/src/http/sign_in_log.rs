//! Failed and refused sign-ins: a warning per attempt, with what an operator's tools
//! (fail2ban, a SIEM) need — which credential, the account tried, the client's address,
//! why — and counters for the metrics. Never the password, secret or token: only the
//! account (a login or a SecretID, which identify and do not authenticate), shortened and
//! logged as a quoted, escaped string so that no account can forge a log line.

use std::net::IpAddr;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

use crate::http::access_log::current_request_id;

/// Characters of an account kept in a log line.
const ACCOUNT_CHARS: usize = 64;

/// How a client tried to sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Credential {
    /// HTTP Basic `account:password` (the API and the console's sign-in form).
    Password,
    /// An OAuth2 Bearer access token.
    Token,
    /// `SecretID:secret` at the token endpoint.
    ClientSecret,
}

impl Credential {
    fn name(self) -> &'static str {
        match self {
            Credential::Password => "password",
            Credential::Token => "token",
            Credential::ClientSecret => "client_secret",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CredentialLabels {
    credential: &'static str,
}

/// The authenticator's record of failures; the counters are shared with the metrics.
#[derive(Clone, Default)]
pub struct SignInLog {
    failures: Family<CredentialLabels, Counter>,
    refusals: Family<CredentialLabels, Counter>,
}

impl SignInLog {
    /// A wrong password, an unknown account, an invalid token or secret.
    pub fn failed(&self, credential: Credential, account: Option<&str>, address: Option<IpAddr>, reason: &'static str) {
        self.failures.get_or_create(&CredentialLabels { credential: credential.name() }).inc();
        let account = account.map(shortened);
        tracing::warn!(
            credential = credential.name(),
            account = account.as_deref(),
            client = address.map(display),
            reason,
            request_id = current_request_id(),
            "sign-in failed"
        );
    }

    /// An attempt refused unchecked (429) because the account or address failed too often.
    pub fn refused(&self, credential: Credential, account: Option<&str>, address: Option<IpAddr>, retry_after_s: u64) {
        self.refusals.get_or_create(&CredentialLabels { credential: credential.name() }).inc();
        let account = account.map(shortened);
        tracing::warn!(
            credential = credential.name(),
            account = account.as_deref(),
            client = address.map(display),
            retry_after_s,
            request_id = current_request_id(),
            "sign-in refused: too many failures"
        );
    }

    pub(crate) fn register(&self, registry: &mut Registry) {
        registry.register(
            "kefu_sign_in_failures",
            "Failed sign-ins (wrong password, unknown account, invalid token or API secret), by credential",
            self.failures.clone(),
        );
        registry.register(
            "kefu_sign_in_throttled",
            "Sign-ins refused unchecked (429) after too many failures, by credential",
            self.refusals.clone(),
        );
    }
}

fn shortened(account: &str) -> String {
    account.chars().take(ACCOUNT_CHARS).collect()
}
