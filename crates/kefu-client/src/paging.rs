//! Following `next_page`. Most lists send `null` when there is no next page; the agent
//! search and the sign-in list send `""`, as the hosted service does. [`Paged`] hides the
//! difference.

use kefu_api::{
    ApiKey, ApiKeyList, AuditLog, AuditLogList, Coded, PlateServiceStateChange, PlateServiceStateHistory, SignIn,
    SignInPage, Support, SupportGroup, SupportGroupList, SupportList, SupportSearchPage,
};
use reqwest::Url;
use serde::de::DeserializeOwned;

use crate::{Client, Error, Query, Result};

/// One page of a list.
pub trait Paged: DeserializeOwned {
    type Item;

    /// The next page's URL, None on the last page.
    fn next_page(&self) -> Option<&str>;

    /// The total the server counted across all pages.
    fn count(&self) -> u64;

    fn into_items(self) -> Vec<Self::Item>;
}

/// `page` and `per_page`, for lists that take nothing else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageQuery {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl PageQuery {
    pub(crate) fn push_to(&self, query: &mut Query) {
        if let Some(page) = self.page {
            query.push(("page", page.to_string()));
        }
        if let Some(per_page) = self.per_page {
            query.push(("per_page", per_page.to_string()));
        }
    }

    pub(crate) fn query(&self) -> Query {
        let mut query = Query::new();
        self.push_to(&mut query);
        query
    }
}

/// Lists of one agent's records over time (sign-ins, the audit log): `sId`, a
/// `created_start`/`created_end` range in the company's time zone, `created_order`, paging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    pub s_id: Option<String>,
    pub created_start: Option<String>,
    pub created_end: Option<String>,
    pub created_order: Option<crate::Order>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl ActivityQuery {
    pub(crate) fn query(&self) -> Query {
        let mut query = Query::new();
        let text = [("sId", &self.s_id), ("created_start", &self.created_start), ("created_end", &self.created_end)];
        for (key, value) in text {
            if let Some(value) = value {
                query.push((key, value.clone()));
            }
        }
        if let Some(order) = self.created_order {
            query.push(("created_order", order.as_str().to_owned()));
        }
        PageQuery { page: self.page, per_page: self.per_page }.push_to(&mut query);
        query
    }
}

fn link(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().filter(|url| !url.is_empty())
}

macro_rules! paged {
    ($page:ty, $item:ty, $items:ident, |$p:ident| $count:expr) => {
        impl Paged for $page {
            type Item = $item;

            fn next_page(&self) -> Option<&str> {
                link(&self.next_page)
            }

            fn count(&self) -> u64 {
                let $p = self;
                $count
            }

            fn into_items(self) -> Vec<$item> {
                self.$items
            }
        }
    };
}

paged!(SupportList, Support, supports, |p| p.count);
paged!(SupportGroupList, SupportGroup, supportgroups, |p| p.count);
paged!(ApiKeyList, ApiKey, api_keys, |p| p.count);
paged!(AuditLogList, AuditLog, audit_logs, |p| p.count);
paged!(PlateServiceStateHistory, PlateServiceStateChange, plate_service_state_history, |p| p.count);

impl Paged for SupportSearchPage {
    type Item = Support;

    fn next_page(&self) -> Option<&str> {
        Some(self.next_page.as_str()).filter(|url| !url.is_empty())
    }

    /// The search sends its count as a string.
    fn count(&self) -> u64 {
        self.count.parse().unwrap_or(0)
    }

    fn into_items(self) -> Vec<Support> {
        self.supports
    }
}

impl Paged for Coded<SignInPage> {
    type Item = SignIn;

    fn next_page(&self) -> Option<&str> {
        Some(self.data.next_page.as_str()).filter(|url| !url.is_empty())
    }

    fn count(&self) -> u64 {
        self.data.count
    }

    fn into_items(self) -> Vec<SignIn> {
        self.data.sign_in
    }
}

/// Pages one at a time, starting after a first page already fetched.
pub struct Pages<'c, P> {
    client: &'c Client,
    next: Option<Url>,
    seen: Vec<Url>,
    _page: std::marker::PhantomData<P>,
}

impl<P: Paged> Pages<'_, P> {
    /// The next page, or None after the last.
    pub async fn next(&mut self) -> Result<Option<P>> {
        let Some(url) = self.next.take() else { return Ok(None) };
        // A server that links back to a page already fetched would loop forever.
        if self.seen.contains(&url) {
            return Err(Error::Unexpected {
                url: crate::error::redacted(&url),
                status: 200,
                detail: "next_page links to a page already fetched".to_owned(),
            });
        }
        self.seen.push(url.clone());
        let page: P = self.client.get(url, &Query::new()).await?;
        self.next = page.next_page().map(|link| self.client.follow(link)).transpose()?;
        Ok(Some(page))
    }
}

impl Client {
    /// The page after `page`, or None when it is the last.
    pub async fn next_page<P: Paged>(&self, page: &P) -> Result<Option<P>> {
        match page.next_page() {
            Some(link) => Ok(Some(self.get(self.follow(link)?, &Query::new()).await?)),
            None => Ok(None),
        }
    }

    /// The pages after `first`, one at a time.
    pub fn pages<P: Paged>(&self, first: &P) -> Result<Pages<'_, P>> {
        let next = first.next_page().map(|link| self.follow(link)).transpose()?;
        Ok(Pages { client: self, next, seen: Vec::new(), _page: std::marker::PhantomData })
    }

    /// Every item of `first` and of the pages after it.
    pub async fn collect_pages<P: Paged>(&self, first: P) -> Result<Vec<P::Item>> {
        let mut pages = self.pages(&first)?;
        let mut items = first.into_items();
        while let Some(page) = pages.next().await? {
            items.extend(page.into_items());
        }
        Ok(items)
    }

    /// A page link, to be requested on this client's server: a link on the same origin is
    /// used as is; one on another (a `--public-url` the client does not go through) keeps
    /// its path and query below this client's base, so credentials stay where they were
    /// meant to go.
    pub(crate) fn follow(&self, link: &str) -> Result<Url> {
        let bad = |e: &dyn std::fmt::Display| Error::Unexpected {
            url: crate::error::redacted(&self.base),
            status: 200,
            detail: format!("next_page {link:?} is not a URL: {e}"),
        };
        let parsed = self.base.join(link).map_err(|e| bad(&e))?;
        if parsed.origin() == self.base.origin() {
            return Ok(parsed);
        }
        // Below the base's own path prefix if the link repeats it, else below the base.
        let path = parsed.path();
        let relative = path.strip_prefix(self.base.path()).unwrap_or_else(|| path.trim_start_matches('/'));
        let mut url = self.base.join(relative).map_err(|e| bad(&e))?;
        url.set_query(parsed.query());
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Auth, Client};

    fn client(base: &str) -> Client {
        Client::new(base, Auth::None).expect("a client")
    }

    #[test]
    fn links_on_the_same_origin_are_followed_as_they_are() {
        let url = client("http://127.0.0.1:8080").follow("http://127.0.0.1:8080/api/v1/supports.json?page=2");
        assert_eq!(url.expect("url").as_str(), "http://127.0.0.1:8080/api/v1/supports.json?page=2");
    }

    #[test]
    fn links_on_another_origin_stay_on_the_clients_server() {
        let direct = client("http://127.0.0.1:8080/");
        let url = direct.follow("https://kefu.example.com/api/v1/supports.json?per_page=2&page=2").expect("url");
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/api/v1/supports.json?per_page=2&page=2");
        // Behind a path prefix, whether or not the link repeats it.
        let prefixed = client("http://proxy.local/kefu");
        let repeated = prefixed.follow("https://public.example.com/kefu/api/v1/signin.json?page=3").expect("url");
        assert_eq!(repeated.as_str(), "http://proxy.local/kefu/api/v1/signin.json?page=3");
        let bare = prefixed.follow("https://public.example.com/api/v1/signin.json?page=3").expect("url");
        assert_eq!(bare.as_str(), "http://proxy.local/kefu/api/v1/signin.json?page=3");
    }

    #[test]
    fn ids_stay_inside_their_path_segment() {
        let url = client("http://127.0.0.1:8080").api(&["supports", "1.json?x=/y"]);
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/api/v1/supports/1.json%3Fx=%2Fy");
    }

    #[test]
    fn only_http_urls_are_bases() {
        assert!(Client::new("ftp://example.com", Auth::None).is_err());
        assert!(Client::new("not a url", Auth::None).is_err());
    }
}
