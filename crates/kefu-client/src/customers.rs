//! Customers (客户): contacts (`/api/v1/users…`, or the `_v2` twins with option ids and
//! `uniqueIds`), companies (`/api/v1/companies…`) and customer groups
//! (`/api/v1/customergroups…`), on the request and answer shapes of `kefu-api`.

use std::fmt::Display;

use kefu_api::{
    Company, CompanyBatch, CompanyBatchBody, CompanyEnvelope, CompanyFields, CompanyFieldsBody, CompanyList,
    CompanySearchPage, CustomerGroup, CustomerGroupBody, CustomerGroupEnvelope, CustomerGroupInput, CustomerGroupList,
    FieldDefinitionList, User, UserBatch, UserBatchBody, UserBody, UserEnvelope, UserInput, UserList, UserSearchPage,
};
use reqwest::Method;

use crate::{Client, PageQuery, Query, Result};

/// The contact endpoints: `client.contacts()` (old endpoints) or `client.contacts_v2()`.
pub struct Contacts<'c> {
    pub(crate) client: &'c Client,
    /// `users` or `users_v2`.
    pub(crate) root: &'static str,
}

impl Client {
    pub fn contacts(&self) -> Contacts<'_> {
        Contacts { client: self, root: "users" }
    }

    /// The `_v2` contact endpoints: choices as option ids, every remote id.
    pub fn contacts_v2(&self) -> Contacts<'_> {
        Contacts { client: self, root: "users_v2" }
    }

    pub fn companies(&self) -> Companies<'_> {
        Companies(self)
    }

    pub fn customer_groups(&self) -> CustomerGroups<'_> {
        CustomerGroups(self)
    }
}

fn search_query(query: &str, page: PageQuery) -> Query {
    let mut pairs = vec![("query", query.to_owned())];
    page.push_to(&mut pairs);
    pairs
}

impl Contacts<'_> {
    fn one(&self, id: impl Display) -> reqwest::Url {
        self.client.api(&[self.root, &format!("{id}.json")])
    }

    pub async fn list(&self, page: PageQuery) -> Result<UserList> {
        self.client.get(self.client.api(&[&format!("{}.json", self.root)]), &page.query()).await
    }

    pub async fn show(&self, c_id: impl Display) -> Result<User> {
        Ok(self.client.get::<UserEnvelope>(self.one(c_id), &Query::new()).await?.user)
    }

    pub async fn create(&self, user: &UserInput) -> Result<User> {
        let body = UserBody { user: user.clone() };
        let url = self.client.api(&[&format!("{}.json", self.root)]);
        Ok(self.client.send::<UserEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.user)
    }

    /// Creates several contacts, all or none (`POST /users/batch.json`, an extension).
    pub async fn create_many(&self, users: Vec<UserInput>) -> Result<Vec<User>> {
        let body = UserBatchBody { users };
        let url = self.client.api(&[self.root, "batch.json"]);
        Ok(self.client.send::<UserBatch>(Method::POST, url, &Query::new(), Some(&body)).await?.users)
    }

    pub async fn update(&self, c_id: impl Display, user: &UserInput) -> Result<User> {
        let body = UserBody { user: user.clone() };
        Ok(self.client.send::<UserEnvelope>(Method::PUT, self.one(c_id), &Query::new(), Some(&body)).await?.user)
    }

    /// Deletes the contact softly (administrators); answers it as it was.
    pub async fn delete(&self, c_id: impl Display) -> Result<User> {
        Ok(self.client.send::<UserEnvelope>(Method::DELETE, self.one(c_id), &Query::new(), None::<&()>).await?.user)
    }

    /// `query` is `FIELD:VALUE` or a bare name, phone number or e-mail address.
    pub async fn search(&self, query: &str, page: PageQuery) -> Result<UserSearchPage> {
        let url = self.client.api(&[self.root, "search.json"]);
        self.client.get(url, &search_query(query, page)).await
    }

    pub async fn fields(&self) -> Result<FieldDefinitionList> {
        self.client.get(self.client.api(&["users", "user_fields.json"]), &Query::new()).await
    }
}

/// The company endpoints: `client.companies()`.
pub struct Companies<'c>(pub(crate) &'c Client);

impl Companies<'_> {
    fn one(&self, id: impl Display) -> reqwest::Url {
        self.0.api(&["companies", &format!("{id}.json")])
    }

    pub async fn list(&self, page: PageQuery) -> Result<CompanyList> {
        self.0.get(self.0.api(&["companies.json"]), &page.query()).await
    }

    pub async fn show(&self, u_id: impl Display) -> Result<Company> {
        Ok(self.0.get::<CompanyEnvelope>(self.one(u_id), &Query::new()).await?.company)
    }

    pub async fn create(&self, company: &CompanyFields) -> Result<Company> {
        let body = CompanyFieldsBody { company: company.clone() };
        let url = self.0.api(&["companies.json"]);
        Ok(self.0.send::<CompanyEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.company)
    }

    /// Creates several companies, all or none (`POST /companies/batch.json`, an extension).
    pub async fn create_many(&self, companies: Vec<CompanyFields>) -> Result<Vec<Company>> {
        let body = CompanyBatchBody { companies };
        let url = self.0.api(&["companies", "batch.json"]);
        Ok(self.0.send::<CompanyBatch>(Method::POST, url, &Query::new(), Some(&body)).await?.companies)
    }

    pub async fn update(&self, u_id: impl Display, company: &CompanyFields) -> Result<Company> {
        let body = CompanyFieldsBody { company: company.clone() };
        Ok(self.0.send::<CompanyEnvelope>(Method::PUT, self.one(u_id), &Query::new(), Some(&body)).await?.company)
    }

    pub async fn delete(&self, u_id: impl Display) -> Result<Company> {
        Ok(self.0.send::<CompanyEnvelope>(Method::DELETE, self.one(u_id), &Query::new(), None::<&()>).await?.company)
    }

    pub async fn search(&self, query: &str, page: PageQuery) -> Result<CompanySearchPage> {
        self.0.get(self.0.api(&["companies", "search.json"]), &search_query(query, page)).await
    }

    /// One page of a company's contacts.
    pub async fn contacts(&self, u_id: impl Display, page: PageQuery) -> Result<UserList> {
        self.0.get(self.0.api(&["companies", &u_id.to_string(), "users.json"]), &page.query()).await
    }

    pub async fn fields(&self) -> Result<FieldDefinitionList> {
        self.0.get(self.0.api(&["companies", "company_fields.json"]), &Query::new()).await
    }
}

/// The customer-group endpoints: `client.customer_groups()`.
pub struct CustomerGroups<'c>(pub(crate) &'c Client);

impl CustomerGroups<'_> {
    fn one(&self, id: impl Display) -> reqwest::Url {
        self.0.api(&["customergroups", &format!("{id}.json")])
    }

    pub async fn list(&self, page: PageQuery) -> Result<CustomerGroupList> {
        self.0.get(self.0.api(&["customergroups.json"]), &page.query()).await
    }

    pub async fn show(&self, group_id: impl Display) -> Result<CustomerGroup> {
        Ok(self.0.get::<CustomerGroupEnvelope>(self.one(group_id), &Query::new()).await?.customergroup)
    }

    /// `group_type`: "1" companies, "2" contacts.
    pub async fn create(&self, name: &str, group_type: &str) -> Result<CustomerGroup> {
        let input = CustomerGroupInput {
            group_name: Some(name.to_owned()),
            group_type: Some(group_type.to_owned()),
            ..CustomerGroupInput::default()
        };
        let body = CustomerGroupBody { customergroup: input };
        let url = self.0.api(&["customergroups.json"]);
        Ok(self.0.send::<CustomerGroupEnvelope>(Method::POST, url, &Query::new(), Some(&body)).await?.customergroup)
    }

    pub async fn rename(&self, group_id: impl Display, name: &str) -> Result<CustomerGroup> {
        let input = CustomerGroupInput { group_name: Some(name.to_owned()), ..CustomerGroupInput::default() };
        let body = CustomerGroupBody { customergroup: input };
        Ok(self
            .0
            .send::<CustomerGroupEnvelope>(Method::PUT, self.one(group_id), &Query::new(), Some(&body))
            .await?
            .customergroup)
    }

    pub async fn delete(&self, group_id: impl Display) -> Result<CustomerGroup> {
        Ok(self
            .0
            .send::<CustomerGroupEnvelope>(Method::DELETE, self.one(group_id), &Query::new(), None::<&()>)
            .await?
            .customergroup)
    }
}
