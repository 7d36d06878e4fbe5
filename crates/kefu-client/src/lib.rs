//! A typed async client for kefu and the Bangwo8 (帮我吧) agent API.
//!
//! Every endpoint kefu serves has a method, grouped by resource: [`Client::agents`],
//! [`Client::groups`], [`Client::fields`], [`Client::presence`], [`Client::permissions`],
//! [`Client::signins`], [`Client::schedules`], [`Client::api_keys`], [`Client::audit`],
//! plus the token endpoint ([`Client::token`]) and health checks. Answers are the
//! [`kefu_api`] wire types, exactly as sent; failures are an [`Error`] that carries the
//! API's status, `code` (`"10011"`…) and message, or the OAuth error of the token endpoint.
//!
//! ```no_run
//! # async fn demo() -> Result<(), kefu_client::Error> {
//! use kefu_client::{AgentFields, AgentListQuery, Client};
//!
//! let client = Client::basic("http://127.0.0.1:8080", "admin", "secret")?;
//! let created = client.agents().create(&AgentFields::new("zhangsan", "001").name("张三")).await?;
//! let everyone = client.agents().list_all(&AgentListQuery::default()).await?;
//! # let _ = (created, everyone); Ok(()) }
//! ```
//!
//! Lists come a page at a time; [`Client::next_page`], [`Client::pages`] and the
//! `…_all` methods follow `next_page` to the end. Page links are always followed on the
//! client's own server, so credentials never travel to a host the client was not given.

pub mod agents;
pub mod api_keys;
pub mod audit;
pub mod company;
pub mod customer_fields;
pub mod customers;
mod error;
pub mod fields;
pub mod groups;
mod paging;
pub mod permissions;
pub mod presence;
pub mod schedules;
pub mod signins;
pub mod system;
pub mod tickets;

use std::fmt;
use std::time::Duration;

use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use kefu_api as api;

pub use agents::{AgentFields, AgentListQuery, AgentSearchQuery, Agents, Order, SearchSort, Visibility};
pub use api_keys::ApiKeys;
pub use audit::{Audit, AuditQuery};
pub use company::CompanySettings;
pub use customer_fields::CustomerFields;
pub use customers::{Companies, Contacts, CustomerGroups};
pub use error::{ApiError, Error, OAuthFailure, Result};
pub use fields::{Fields, SupportFieldInput};
pub use groups::Groups;
pub use paging::{ActivityQuery, PageQuery, Paged, Pages};
pub use permissions::Permissions;
pub use presence::{HistoryQuery, Presence};
pub use schedules::{NewDuty, ScheduleFields, Schedules};
pub use signins::{NewSignIn, SignInAttachment, SignInQuery, Signins};
pub use system::Health;
pub use tickets::{TicketListQuery, Tickets};

/// How requests authenticate.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials: the health checks and the token endpoint need none.
    None,
    /// HTTP Basic with an agent's login (`sPassportName`) and password.
    Basic { account: String, password: String },
    /// `Authorization: Bearer <token>`, a token from the token endpoint.
    Bearer(String),
}

impl fmt::Debug for Auth {
    // Never print secrets, not even in a debug log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Basic { account, .. } => write!(f, "Basic({account:?}, password hidden)"),
            Auth::Bearer(_) => f.write_str("Bearer(token hidden)"),
        }
    }
}

/// A connection to one kefu server (or the hosted service) as one caller. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    /// Always ends with `/`, so that `api/v1/…` joins below any path prefix.
    base: Url,
    auth: Auth,
}

/// A request's query string: pairs, sent in order, values already as text.
pub(crate) type Query = Vec<(&'static str, String)>;

impl Client {
    /// A client for `base_url` (e.g. `http://127.0.0.1:8080`, or a URL with a path prefix
    /// behind a proxy) with a 60-second timeout per request.
    pub fn new(base_url: &str, auth: Auth) -> Result<Client> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|source| Error::Transport { url: base_url.to_owned(), source })?;
        Client::with_http_client(base_url, auth, http)
    }

    /// As [`Client::new`], with a `reqwest::Client` configured by the caller.
    pub fn with_http_client(base_url: &str, auth: Auth, http: reqwest::Client) -> Result<Client> {
        let mut base = Url::parse(base_url).map_err(|e| Error::Url(format!("{base_url:?} is not a URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::Url(format!("{base_url:?} is not an http:// or https:// URL")));
        }
        base.set_query(None);
        base.set_fragment(None);
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Client { http, base, auth })
    }

    /// Basic authentication as an agent.
    pub fn basic(base_url: &str, account: &str, password: &str) -> Result<Client> {
        Client::new(base_url, Auth::Basic { account: account.to_owned(), password: password.to_owned() })
    }

    /// Bearer authentication with a token from [`Client::token`].
    pub fn bearer(base_url: &str, token: &str) -> Result<Client> {
        Client::new(base_url, Auth::Bearer(token.to_owned()))
    }

    /// Trades an API key pair (SecretID and secret) for a token, and answers a client that
    /// sends it.
    pub async fn from_api_key(base_url: &str, secret_id: &str, secret: &str) -> Result<Client> {
        let anonymous = Client::new(base_url, Auth::None)?;
        let token = anonymous.token(secret_id, secret).await?;
        Ok(anonymous.with_auth(Auth::Bearer(token.access_token)))
    }

    /// The same server and connection pool, another caller.
    pub fn with_auth(&self, auth: Auth) -> Client {
        Client { http: self.http.clone(), base: self.base.clone(), auth }
    }

    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    pub fn agents(&self) -> Agents<'_> {
        Agents(self)
    }

    pub fn groups(&self) -> Groups<'_> {
        Groups(self)
    }

    pub fn tickets(&self) -> Tickets<'_> {
        Tickets(self)
    }

    pub fn fields(&self) -> Fields<'_> {
        Fields(self)
    }

    pub fn presence(&self) -> Presence<'_> {
        Presence(self)
    }

    pub fn permissions(&self) -> Permissions<'_> {
        Permissions(self)
    }

    pub fn signins(&self) -> Signins<'_> {
        Signins(self)
    }

    pub fn schedules(&self) -> Schedules<'_> {
        Schedules(self)
    }

    pub fn api_keys(&self) -> ApiKeys<'_> {
        ApiKeys(self)
    }

    pub fn audit(&self) -> Audit<'_> {
        Audit(self)
    }

    pub fn company(&self) -> CompanySettings<'_> {
        CompanySettings(self)
    }

    /// The URL of a path given as segments below the base. Each segment is
    /// percent-encoded, so an id such as `"1.json?x"` stays inside its segment.
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// `api/v1/<segments…>`.
    pub(crate) fn api(&self, segments: &[&str]) -> Url {
        let mut all = vec!["api", "v1"];
        all.extend_from_slice(segments);
        self.url(&all)
    }

    /// Sends a request with this client's credentials and decodes a 2xx answer as `T`.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        query: &Query,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T> {
        let mut request = self.http.request(method, url.clone()).header("Accept", "application/json");
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request = match &self.auth {
            Auth::None => request,
            Auth::Basic { account, password } => request.basic_auth(account, Some(password)),
            Auth::Bearer(token) => request.bearer_auth(token),
        };
        let response =
            request.send().await.map_err(|source| Error::Transport { url: error::redacted(&url), source })?;
        error::decode(url, response).await
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, url: Url, query: &Query) -> Result<T> {
        self.send(Method::GET, url, query, None::<&()>).await
    }
}
