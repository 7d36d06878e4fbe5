//! Agents (客服): `/api/v1/supports…`, the search, `show_many`, and hiding/restoring
//! (`/api/v1/servicers/{sId}.json`).

use std::fmt::Display;

use kefu_api::{
    Support, SupportEnvelope, SupportList, SupportSearchPage, SupportShowMany, SupportStatus, SupportStatusEnvelope,
    VisibilityBody,
};
use reqwest::Method;
use serde_json::json;

use crate::{Client, Query, Result};

/// The agent endpoints: `client.agents()`.
pub struct Agents<'c>(pub(crate) &'c Client);

/// `created_order` / `sort_order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Asc => "asc",
            Order::Desc => "desc",
        }
    }
}

/// `isStat` as a filter: active agents, or those in the recycle bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// `isStat=1`.
    Active,
    /// `isStat=0`.
    RecycleBin,
}

impl Visibility {
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Active => "1",
            Visibility::RecycleBin => "0",
        }
    }
}

/// The search's `sort_by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchSort {
    Created,
    Updated,
}

impl SearchSort {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchSort::Created => "createDT",
            SearchSort::Updated => "updateDT",
        }
    }
}

/// `GET /supports.json`'s filters. Times are `2024-01-01` or `2024-01-01 08:00:00` in the
/// company's time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentListQuery {
    pub created_start: Option<String>,
    pub created_end: Option<String>,
    pub created_order: Option<Order>,
    pub status: Option<Visibility>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl AgentListQuery {
    fn query(&self) -> Query {
        let mut query = Query::new();
        push_filters(&mut query, &self.created_start, &self.created_end, self.status);
        if let Some(order) = self.created_order {
            query.push(("created_order", order.as_str().to_owned()));
        }
        push_page(&mut query, self.page, self.per_page);
        query
    }
}

/// `GET /supportgroups/supports/search.json`: `query` is `name:张`, `mobile:138`,
/// `sPassportName:…`, `sNum:…`, or a bare term searched in all four.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentSearchQuery {
    pub query: String,
    pub sort_by: Option<SearchSort>,
    pub sort_order: Option<Order>,
    pub created_start: Option<String>,
    pub created_end: Option<String>,
    pub status: Option<Visibility>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl AgentSearchQuery {
    pub fn new(query: impl Into<String>) -> Self {
        AgentSearchQuery { query: query.into(), ..AgentSearchQuery::default() }
    }

    fn query(&self) -> Query {
        let mut query = vec![("query", self.query.clone())];
        if let Some(sort_by) = self.sort_by {
            query.push(("sort_by", sort_by.as_str().to_owned()));
        }
        if let Some(order) = self.sort_order {
            query.push(("sort_order", order.as_str().to_owned()));
        }
        push_filters(&mut query, &self.created_start, &self.created_end, self.status);
        push_page(&mut query, self.page, self.per_page);
        query
    }
}

fn push_filters(query: &mut Query, start: &Option<String>, end: &Option<String>, status: Option<Visibility>) {
    if let Some(start) = start {
        query.push(("created_start", start.clone()));
    }
    if let Some(end) = end {
        query.push(("created_end", end.clone()));
    }
    if let Some(status) = status {
        query.push(("isStat", status.code().to_owned()));
    }
}

pub(crate) fn push_page(query: &mut Query, page: Option<u64>, per_page: Option<u64>) {
    crate::PageQuery { page, per_page }.push_to(query);
}

/// The writable members of a `support` object: `kefu_api`'s request shape, which the server
/// documents and reads by too. On create, `sPassportName` and `sNum` are required; on
/// update, only what is set is sent (and so changed).
pub use kefu_api::SupportFields as AgentFields;

impl Agents<'_> {
    /// One page of `GET /supports.json` (administrators).
    pub async fn list(&self, query: &AgentListQuery) -> Result<SupportList> {
        self.0.get(self.0.api(&["supports.json"]), &query.query()).await
    }

    /// Every agent matching `query`, following `next_page` from `query.page` on.
    pub async fn list_all(&self, query: &AgentListQuery) -> Result<Vec<Support>> {
        let first = self.list(query).await?;
        self.0.collect_pages(first).await
    }

    /// `GET /supports/{sId}.json` (every agent of the company).
    pub async fn show(&self, s_id: impl Display) -> Result<Support> {
        let url = self.0.api(&["supports", &format!("{s_id}.json")]);
        Ok(self.0.get::<SupportEnvelope>(url, &Query::new()).await?.support)
    }

    /// `GET /supports/show_many.json?ids=…`: unknown ids are left out.
    pub async fn show_many<I: Display>(&self, ids: impl IntoIterator<Item = I>) -> Result<Vec<Support>> {
        let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
        let url = self.0.api(&["supports", "show_many.json"]);
        Ok(self.0.get::<SupportShowMany>(url, &vec![("ids", ids.join(","))]).await?.supports)
    }

    /// `POST /supports.json`.
    pub async fn create(&self, fields: &AgentFields) -> Result<Support> {
        let url = self.0.api(&["supports.json"]);
        let body = json!({ "support": fields });
        Ok(self.0.send::<SupportEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.support)
    }

    /// `PUT /supports/{sId}.json`: changes the members that are set.
    pub async fn update(&self, s_id: impl Display, fields: &AgentFields) -> Result<Support> {
        let url = self.0.api(&["supports", &format!("{s_id}.json")]);
        let body = json!({ "support": fields });
        Ok(self.0.send::<SupportEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.support)
    }

    /// `DELETE /supports/{sId}.json`: answers the agent as it was.
    pub async fn delete(&self, s_id: impl Display) -> Result<Support> {
        let url = self.0.api(&["supports", &format!("{s_id}.json")]);
        Ok(self.0.send::<SupportEnvelope>(Method::DELETE, url, &Query::new(), None::<&()>).await?.support)
    }

    /// One page of the search.
    pub async fn search(&self, query: &AgentSearchQuery) -> Result<SupportSearchPage> {
        self.0.get(self.0.api(&["supportgroups", "supports", "search.json"]), &query.query()).await
    }

    /// Every agent the search finds, following `next_page` (which is `""` on the last page).
    pub async fn search_all(&self, query: &AgentSearchQuery) -> Result<Vec<Support>> {
        let first = self.search(query).await?;
        self.0.collect_pages(first).await
    }

    /// `PUT /servicers/{sId}.json` with `isStat` "0": into the recycle bin.
    pub async fn hide(&self, s_id: impl Display) -> Result<SupportStatus> {
        self.set_visibility(s_id, "0").await
    }

    /// `PUT /servicers/{sId}.json` with `isStat` "1": back from the recycle bin.
    pub async fn restore(&self, s_id: impl Display) -> Result<SupportStatus> {
        self.set_visibility(s_id, "1").await
    }

    async fn set_visibility(&self, s_id: impl Display, is_stat: &str) -> Result<SupportStatus> {
        let url = self.0.api(&["servicers", &format!("{s_id}.json")]);
        let body = VisibilityBody { support: kefu_api::Visibility { is_stat: is_stat.to_owned() } };
        Ok(self.0.send::<SupportStatusEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.support)
    }
}
