//! Tickets (工单): `/api/v1/tickets…` and `/api/v1/tickettemplates…` on the kefu-api shapes.

use std::fmt::Display;

use kefu_api::{
    CustomFieldDefinition, Ticket, TicketBody, TicketEnvelope, TicketFieldBody, TicketFieldEnvelope, TicketFieldInput,
    TicketHistory, TicketInput, TicketList, TicketReplyList, TicketSearch, TicketShow, TicketTemplate,
    TicketTemplateBody, TicketTemplateEnvelope, TicketTemplateInput, TicketTemplateList, TicketTemplateShow,
};
use reqwest::Method;

use crate::{Client, PageQuery, Query, Result};

/// The ticket endpoints: `client.tickets()`.
pub struct Tickets<'c>(pub(crate) &'c Client);

/// The filters and order of `GET /tickets.json` (administrators).
#[derive(Debug, Clone, Default)]
pub struct TicketListQuery {
    pub created_start: Option<String>,
    pub created_end: Option<String>,
    pub updated_start: Option<String>,
    pub updated_end: Option<String>,
    /// One of `created_order`, `updated_order`, `status_order`, with `asc`/`desc`.
    pub order: Option<(&'static str, &'static str)>,
    pub deleted: bool,
    pub page: PageQuery,
}

impl TicketListQuery {
    fn query(&self) -> Query {
        let mut query = Query::new();
        for (key, value) in [
            ("created_start", &self.created_start),
            ("created_end", &self.created_end),
            ("updated_start", &self.updated_start),
            ("updated_end", &self.updated_end),
        ] {
            if let Some(value) = value {
                query.push((key, value.clone()));
            }
        }
        if let Some((key, direction)) = self.order {
            query.push((key, direction.to_owned()));
        }
        if self.deleted {
            query.push(("isDeleted", "1".to_owned()));
        }
        self.page.push_to(&mut query);
        query
    }
}

impl Tickets<'_> {
    pub async fn list(&self, query: &TicketListQuery) -> Result<TicketList> {
        self.0.get(self.0.api(&["tickets.json"]), &query.query()).await
    }

    /// `GET /tickets/{id}.json` answers an array of one; this returns its ticket.
    pub async fn show(&self, ticket_id: impl Display) -> Result<Option<Ticket>> {
        let url = self.0.api(&["tickets", &format!("{ticket_id}.json")]);
        Ok(self.0.get::<TicketShow>(url, &Query::new()).await?.ticket.into_iter().next())
    }

    /// `GET /tickets/{id}_v2.json` (an object; dropdowns as option ids).
    pub async fn show_v2(&self, ticket_id: impl Display) -> Result<Ticket> {
        let url = self.0.api(&["tickets", &format!("{ticket_id}_v2.json")]);
        Ok(self.0.get::<TicketEnvelope>(url, &Query::new()).await?.ticket)
    }

    pub async fn create(&self, ticket: TicketInput) -> Result<Ticket> {
        let url = self.0.api(&["tickets.json"]);
        let body = TicketBody { ticket };
        Ok(self.0.send::<TicketEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.ticket)
    }

    /// Changes a ticket through its `_v2` path (which answers an object).
    pub async fn update(&self, ticket_id: impl Display, ticket: TicketInput) -> Result<Ticket> {
        let url = self.0.api(&["tickets", &format!("{ticket_id}_v2.json")]);
        let body = TicketBody { ticket };
        Ok(self.0.send::<TicketEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.ticket)
    }

    /// Soft-deletes a ticket; answers it as deleted.
    pub async fn delete(&self, ticket_id: impl Display) -> Result<Ticket> {
        let url = self.0.api(&["tickets", &format!("{ticket_id}_v2.json")]);
        Ok(self.0.send::<TicketEnvelope>(Method::DELETE, url, &Query::new(), None::<&()>).await?.ticket)
    }

    /// `tickets/search.json?query=…` with optional `sort_by`/`sort_order`.
    pub async fn search(&self, terms: &str, sort: Option<(&str, &str)>, page: PageQuery) -> Result<TicketSearch> {
        let mut query: Query = vec![("query", terms.to_owned())];
        if let Some((by, order)) = sort {
            query.push(("sort_by", by.to_owned()));
            query.push(("sort_order", order.to_owned()));
        }
        page.push_to(&mut query);
        self.0.get(self.0.api(&["tickets", "search.json"]), &query).await
    }

    pub async fn replies(&self, ticket_id: impl Display, page: PageQuery) -> Result<TicketReplyList> {
        let url = self.0.api(&["tickets", &ticket_id.to_string(), "replies.json"]);
        self.0.get(url, &page.query()).await
    }

    pub async fn history(&self, ticket_id: impl Display, page: PageQuery) -> Result<TicketHistory> {
        let url = self.0.api(&["tickets", &ticket_id.to_string(), "history.json"]);
        self.0.get(url, &page.query()).await
    }

    /// `tickets/ticket_fields.json` (custom fields) or, with `system`, `ticket_fields2.json`.
    pub async fn fields(&self, system: bool) -> Result<Vec<CustomFieldDefinition>> {
        let file = if system { "ticket_fields2.json" } else { "ticket_fields.json" };
        self.0.get(self.0.api(&["tickets", file]), &Query::new()).await
    }

    /// Defines a ticket field (administrators): `POST tickets/ticket_fields.json`.
    pub async fn create_field(&self, field: TicketFieldInput) -> Result<CustomFieldDefinition> {
        let url = self.0.api(&["tickets", "ticket_fields.json"]);
        let body = TicketFieldBody { ticket_field: field };
        Ok(self.0.send::<TicketFieldEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.ticket_field)
    }

    /// Changes a ticket field (`key` is `field_N`; not its type).
    pub async fn update_field(&self, key: &str, field: TicketFieldInput) -> Result<CustomFieldDefinition> {
        let url = self.0.api(&["tickets", "ticket_fields", &format!("{key}.json")]);
        let body = TicketFieldBody { ticket_field: field };
        Ok(self.0.send::<TicketFieldEnvelope>(Method::PUT, url, &Query::new(), Some(&body)).await?.ticket_field)
    }

    /// Removes a ticket field (detached from its templates); answers it as it was.
    pub async fn delete_field(&self, key: &str) -> Result<CustomFieldDefinition> {
        let url = self.0.api(&["tickets", "ticket_fields", &format!("{key}.json")]);
        Ok(self.0.send::<TicketFieldEnvelope>(Method::DELETE, url, &Query::new(), None::<&()>).await?.ticket_field)
    }

    pub async fn templates(&self, page: PageQuery) -> Result<TicketTemplateList> {
        self.0.get(self.0.api(&["tickettemplates.json"]), &page.query()).await
    }

    /// One template; None for an unknown id (the spec's `{"tickettemplate":[]}`).
    pub async fn template(&self, template_id: impl Display) -> Result<Option<TicketTemplate>> {
        let url = self.0.api(&["tickettemplates", &format!("{template_id}.json")]);
        Ok(match self.0.get::<TicketTemplateShow>(url, &Query::new()).await?.tickettemplate {
            kefu_api::TemplateAnswer::Found(template) => Some(*template),
            kefu_api::TemplateAnswer::NotFound(_) => None,
        })
    }

    pub async fn create_template(&self, template: TicketTemplateInput) -> Result<TicketTemplate> {
        let url = self.0.api(&["tickettemplates.json"]);
        let body = TicketTemplateBody { tickettemplate: template };
        Ok(self.0.send::<TicketTemplateEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.tickettemplate)
    }
}
