//! Presence per plate (`plate_service_state`), its history and the company's state lists
//! (`plate_service_states`), administrators. Plates are "1" 工单, "2" 在线聊天,
//! "3" 呼叫中心. An unknown agent is the API's 10011, a bad plate 10012, a state the plate
//! does not have 10013: see [`crate::Error::code`].

use std::collections::BTreeMap;
use std::fmt::Display;

use kefu_api::{
    PlateServiceState, PlateServiceStateBody, PlateServiceStateChange, PlateServiceStateEnvelope,
    PlateServiceStateHistory, PlateServiceStateInput, PlateServiceStates,
};
use reqwest::Method;
use serde_json::json;

use crate::agents::push_page;
use crate::{Client, Query, Result};

/// The presence endpoints: `client.presence()`.
pub struct Presence<'c>(pub(crate) &'c Client);

/// The history's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    pub plate: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl HistoryQuery {
    fn query(&self) -> Query {
        let mut query = Query::new();
        if let Some(plate) = &self.plate {
            query.push(("plate", plate.clone()));
        }
        push_page(&mut query, self.page, self.per_page);
        query
    }
}

impl Presence<'_> {
    /// `GET /plate_service_state/{sId}.json?plate=N`.
    pub async fn show(&self, s_id: impl Display, plate: &str) -> Result<PlateServiceState> {
        let url = self.0.api(&["plate_service_state", &format!("{s_id}.json")]);
        let query = vec![("plate", plate.to_owned())];
        Ok(self.0.get::<PlateServiceStateEnvelope>(url, &query).await?.plate_service_state)
    }

    /// `PUT /plate_service_state/{sId}.json`: sets the agent's state in one plate.
    pub async fn set(&self, s_id: impl Display, plate: &str, state: &str) -> Result<PlateServiceState> {
        let url = self.0.api(&["plate_service_state", &format!("{s_id}.json")]);
        let plate_service_state =
            PlateServiceStateInput { plate: plate.to_owned(), state: state.to_owned(), s_id: None };
        let body = PlateServiceStateBody { plate_service_state };
        let answer: PlateServiceStateEnvelope = self.0.send(Method::PUT, url, &Query::new(), Some(&body)).await?;
        Ok(answer.plate_service_state)
    }

    /// One page of the agent's changes, oldest first (extension).
    pub async fn history(&self, s_id: impl Display, query: &HistoryQuery) -> Result<PlateServiceStateHistory> {
        let url = self.0.api(&["plate_service_state", &s_id.to_string(), "history.json"]);
        self.0.get(url, &query.query()).await
    }

    pub async fn history_all(&self, s_id: impl Display, query: &HistoryQuery) -> Result<Vec<PlateServiceStateChange>> {
        let first = self.history(s_id, query).await?;
        self.0.collect_pages(first).await
    }

    /// Each plate's state names, by plate code (extension).
    pub async fn states(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let url = self.0.api(&["plate_service_states.json"]);
        Ok(self.0.get::<PlateServiceStates>(url, &Query::new()).await?.plate_service_states)
    }

    /// Replaces the lists of the plates named; the others stay. Answers every list.
    pub async fn replace_states(&self, lists: &BTreeMap<String, Vec<String>>) -> Result<BTreeMap<String, Vec<String>>> {
        let url = self.0.api(&["plate_service_states.json"]);
        let body = json!({ "plate_service_states": lists });
        let answer: PlateServiceStates = self.0.send(Method::PUT, url, &Query::new(), Some(&body)).await?;
        Ok(answer.plate_service_states)
    }
}
