//! Web links (`fileUrl`, a schedule's `url`): absolute `http://` or `https://` URLs.

use crate::limits::MAX_URL_CHARS;
use crate::text::check_length;

/// An absolute http(s) URL with a host, without whitespace or control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_length(raw, 1, MAX_URL_CHARS)?;
        if let Some(c) = raw.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "must not contain whitespace or control characters (found {c:?}); percent-encode them"
            ));
        }
        let not_web = || format!("must be an http:// or https:// URL such as https://example.com/a.jpg, got {raw:?}");
        let (scheme, rest) = raw.split_once("://").ok_or_else(not_web)?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(not_web());
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        if !is_host_and_port(host_port) {
            return Err(format!("must name a host after {scheme}:// (e.g. https://example.com/a.jpg), got {raw:?}"));
        }
        Ok(WebUrl(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; host names may be internationalised.
fn is_host_and_port(raw: &str) -> bool {
    if let Some(bracketed) = raw.strip_prefix('[') {
        let Some((v6, after)) = bracketed.split_once(']') else {
            return false;
        };
        let v6_ok = !v6.is_empty() && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        return v6_ok && (after.is_empty() || after.strip_prefix(':').is_some_and(is_port));
    }
    let (host, port) = match raw.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (raw, None),
    };
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    host_ok && port.is_none_or(is_port)
}

fn is_port(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= 5 && raw.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        for ok in [
            "https://huixing.jpg",
            "http://www.baidu.com",
            "https://alioss.bangwo8.com/874731/202309/11/3iyze5cEnG.jpeg",
            "HTTPS://example.com:8443/a?b=c#d",
            "https://user@例子.中国/图片.png",
            "http://[::1]:8080/x",
            "http://[::1]",
        ] {
            assert!(WebUrl::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "huixing.jpg",
            "ftp://example.com/a",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com:http",
            "https://.example.com",
            "http://[zz]/",
            "https://example.com/a\nb",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert!(WebUrl::parse(&long).is_err());
    }
}
