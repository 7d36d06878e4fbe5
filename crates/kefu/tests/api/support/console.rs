//! A browser-like client of the console: it keeps the session cookie, reads the CSRF
//! token from the pages, and never follows redirects (tests look at them).

use reqwest::header::{HeaderMap, SET_COOKIE};

/// One answer of the console.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(self.status, expected, "unexpected status; page: {}", self.text);
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }

    /// Every `Set-Cookie` line.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect()
    }

    /// The `Set-Cookie` line of a cookie, if set.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.set_cookies().into_iter().find(|line| line.starts_with(&format!("{name}=")))
    }

    /// The value of the first hidden `_csrf` field.
    pub fn csrf(&self) -> Option<String> {
        hidden_value(&self.text, "_csrf")
    }
}

/// The value of the first `<input … name="NAME" value="…">` of a page.
pub fn hidden_value(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

/// The value of a `Set-Cookie` line.
pub fn cookie_value(line: &str) -> String {
    line.split(';').next().and_then(|pair| pair.split_once('=')).map(|(_, v)| v.to_owned()).unwrap_or_default()
}

/// The `value` of the `<input>` named `name`, whatever the order of its attributes.
pub fn input_value(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("name=\"{name}\""))?;
    let tag_start = page[..at].rfind('<')?;
    let tag_end = page[at..].find('>')? + at;
    let tag = &page[tag_start..=tag_end];
    let start = tag.find(" value=\"")? + 8;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

/// HTML-escapes text as maud does, to look for values in pages.
pub fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[derive(Clone)]
pub struct Console {
    http: reqwest::Client,
    pub base: String,
    /// The session cookie's value.
    pub session: Option<String>,
    /// The session's CSRF token.
    pub csrf: String,
}

impl Console {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("HTTP client");
        Console { http, base: base.to_owned(), session: None, csrf: String::new() }
    }

    /// A console client whose connections come from `local` (a 127.x.y.z address).
    pub fn new_from(base: &str, local: [u8; 4]) -> Self {
        Console { http: super::client_from(local), base: base.to_owned(), session: None, csrf: String::new() }
    }

    /// Signs in through the sign-in form, as a browser does; panics unless it works.
    pub async fn sign_in(base: &str, account: &str, password: &str) -> Console {
        let mut console = Console::new(base);
        let answer = console.try_sign_in(account, password, &[]).await;
        answer.assert_status(303);
        let line = answer.set_cookie("kefu_console").expect("a session cookie");
        console.session = Some(cookie_value(&line));
        // The start page redirects to a page whose sign-out form carries the token.
        let start = console.get("/console/").await;
        start.assert_status(303);
        console.csrf = console.get(start.location()).await.csrf().expect("signed-in pages carry a CSRF token");
        console
    }

    /// The sign-in form filled in and sent, with extra headers on the POST.
    pub async fn try_sign_in(&self, account: &str, password: &str, headers: &[(&str, &str)]) -> Answer {
        let form = self.get("/console/login").await;
        form.assert_status(200);
        let login_cookie = cookie_value(&form.set_cookie("kefu_console_login").expect("a sign-in form cookie"));
        let csrf = form.csrf().expect("the sign-in form's token");
        let mut request = self
            .http
            .post(format!("{}/console/login", self.base))
            .header("Cookie", format!("kefu_console_login={login_cookie}"))
            .form(&[("_csrf", csrf.as_str()), ("account", account), ("password", password), ("next", "/console/")]);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Self::answer(request.send().await.expect("the server answers")).await
    }

    async fn answer(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a readable body");
        Answer { status, headers, text }
    }

    fn with_cookie(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.session {
            Some(session) => request.header("Cookie", format!("kefu_console={session}")),
            None => request,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.with_cookie(self.http.get(format!("{}{path}", self.base)));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Self::answer(request.send().await.expect("the server answers")).await
    }

    /// The same session, talking to another instance.
    pub fn at(&self, base: &str) -> Console {
        Console { base: base.to_owned(), ..self.clone() }
    }

    /// A form POST carrying this session's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// A form POST with exactly these fields (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let request = self.with_cookie(self.http.post(format!("{}{path}", self.base))).form(fields);
        Self::answer(request.send().await.expect("the server answers")).await
    }
}
