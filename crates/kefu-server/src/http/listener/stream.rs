//! A client connection as hyper sees it, with two repairs to what reaches the client.
//!
//! **Lingering close.** A refusal sent before the request body was read (413, an early
//! 401) is followed by closing the connection. Closing a socket that still has unread
//! bytes makes the kernel send a reset, which can reach the client before it has read the
//! answer: it sees "connection reset" or "broken pipe" instead of the 4xx. So a connection
//! that answered anything is not closed outright: kefu sends its FIN, then reads and
//! discards what the client is still sending — at most [`LINGER_BYTES`], for at most
//! [`LINGER_TIME`] — and closes after that, as web servers have long done. (A connection
//! that never answered, such as a silent one timed out, has nothing to protect.) The
//! connection's slot is free from the FIN on: lingering holds only a socket, for seconds.
//!
//! **hyper's own refusals.** A request hyper cannot read (a malformed request line or
//! header, headers too large, a URI too long) never reaches kefu: hyper answers 400, 431
//! or 414 with an empty body itself. Such an answer is recognised as it is written (a
//! refusal status, `content-length: 0`, no `content-type` — every answer of kefu's own has
//! one) and written instead with the API's JSON error body.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use kefu_api::{ErrorBody, ErrorCode};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

/// What a lingering close reads and discards at most.
pub const LINGER_BYTES: usize = 8 * 1024 * 1024;
/// How long a lingering close waits at most for the client to stop sending.
pub const LINGER_TIME: Duration = Duration::from_secs(2);

/// An accepted connection.
pub struct ClientStream {
    /// None once handed to the lingering close.
    inner: Option<TcpStream>,
    /// An answer written in place of one of hyper's empty refusals, and how much of it is
    /// written.
    replacement: Vec<u8>,
    replaced: usize,
    /// Whether anything was written: a connection that never answered (a silent one timed
    /// out) has no answer to protect and is closed without lingering.
    answered: bool,
}

impl ClientStream {
    pub fn new(stream: TcpStream) -> Self {
        ClientStream { inner: Some(stream), replacement: Vec::new(), replaced: 0, answered: false }
    }

    fn inner(&mut self) -> io::Result<&mut TcpStream> {
        self.inner.as_mut().ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))
    }

    /// The stream, for writing an answer.
    fn writer(&mut self) -> io::Result<&mut TcpStream> {
        self.answered = true;
        self.inner()
    }

    /// Writes what is left of a replacement answer.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let ClientStream { inner, replacement, replaced, .. } = self;
        while *replaced < replacement.len() {
            let stream = inner.as_mut().ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))?;
            let written = ready!(Pin::new(stream).poll_write(cx, &replacement[*replaced..]))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *replaced += written;
        }
        Poll::Ready(Ok(()))
    }

    /// Takes `head` in place of hyper's empty refusal, if it is one.
    fn replace_refusal(&mut self, head: &[u8]) -> bool {
        match refusal_with_body(head) {
            Some(answer) => {
                self.replacement = answer;
                self.replaced = 0;
                true
            }
            None => false,
        }
    }
}

impl AsyncRead for ClientStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(self.get_mut().inner()?).poll_read(cx, buf)
    }
}

impl AsyncWrite for ClientStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        if this.replace_refusal(buf) {
            // hyper believes its bytes written; ours go out now or on the next poll.
            this.answered = true;
            let _ = this.poll_replacement(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(this.writer()?).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        // hyper's refusal is a head alone: one slice.
        if let [only] = bufs
            && this.replace_refusal(only)
        {
            this.answered = true;
            let _ = this.poll_replacement(cx)?;
            return Poll::Ready(Ok(only.len()));
        }
        Pin::new(this.writer()?).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.as_ref().is_some_and(TcpStream::is_write_vectored)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(this.inner()?).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(this.inner()?).poll_shutdown(cx)
    }
}

impl Drop for ClientStream {
    fn drop(&mut self) {
        let Some(stream) = self.inner.take() else { return };
        if !self.answered {
            return;
        }
        let unsent = self.replacement.split_off(self.replaced.min(self.replacement.len()));
        // Outside a runtime (never, in kefu) the socket is simply closed.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(linger(stream, unsent));
        }
    }
}

/// Sends what is left to send and a FIN, then discards what the client still sends
/// (bounded in bytes and time) before closing, so that the client reads the answer rather
/// than a reset.
async fn linger(mut stream: TcpStream, unsent: Vec<u8>) {
    let _ = tokio::time::timeout(LINGER_TIME, async {
        if !unsent.is_empty() && stream.write_all(&unsent).await.is_err() {
            return;
        }
        if stream.shutdown().await.is_err() {
            return;
        }
        let mut buffer = vec![0_u8; 16 * 1024];
        let mut discarded = 0;
        while discarded < LINGER_BYTES {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => discarded += read,
            }
        }
    })
    .await;
}

/// The answer to write instead of `head` when `head` is one of hyper's empty refusals.
fn refusal_with_body(head: &[u8]) -> Option<Vec<u8>> {
    const REFUSALS: [(&[u8], ErrorCode, &str); 3] = [
        (
            b"HTTP/1.1 400 ",
            ErrorCode::InvalidRequest,
            "malformed HTTP request: the request line or a header could not be read",
        ),
        (b"HTTP/1.1 414 ", ErrorCode::UriTooLong, ErrorCode::UriTooLong.default_message()),
        (b"HTTP/1.1 431 ", ErrorCode::HeadersTooLarge, ErrorCode::HeadersTooLarge.default_message()),
    ];
    let (_, code, message) = REFUSALS.iter().find(|(prefix, _, _)| head.starts_with(prefix))?;
    let text = std::str::from_utf8(head).ok()?;
    let text = text.strip_suffix("\r\n\r\n")?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next()?;
    let mut headers = Vec::new();
    let mut empty = false;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "content-type" | "transfer-encoding" => return None,
            "content-length" => empty = value.trim() == "0",
            "connection" => {}
            _ => headers.push(line),
        }
    }
    if !empty {
        return None;
    }
    let body = ErrorBody { status: code.status(), code: None, message: (*message).to_owned(), errors: Vec::new() };
    let body = serde_json::to_vec(&body).ok()?;
    let mut answer = format!("{status_line}\r\n");
    for line in headers {
        answer.push_str(line);
        answer.push_str("\r\n");
    }
    answer.push_str(&format!(
        "content-type: application/json\r\nx-content-type-options: nosniff\r\ncache-control: no-store\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    ));
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyper_s_empty_refusals_get_the_api_s_body() {
        let head = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n";
        let answer = String::from_utf8(refusal_with_body(head).unwrap()).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\ndate: Mon"), "{head}");
        assert!(head.contains("content-type: application/json"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["status"], 400);
        assert!(
            refusal_with_body(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n").is_some()
        );
    }

    #[test]
    fn kefu_s_own_answers_are_left_alone() {
        let own = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n";
        assert!(refusal_with_body(own).is_none());
        assert!(refusal_with_body(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n").is_none());
        assert!(refusal_with_body(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(refusal_with_body(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n").is_none(), "not a whole head");
    }
}
