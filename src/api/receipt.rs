//! Receipts: what names one lease in ack, nack, reject and extend. `42.1` is attempt 1
//! of event 42; on a bus of several servers the server that runs the lease follows
//! (`42.1.SERVER`), so any server can pass the settle on to it.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub seq: u64,
    pub attempt: u32,
    /// The server that runs the lease, on a bus of several servers.
    pub server: Option<String>,
}

impl Receipt {
    pub fn new(seq: u64, attempt: u32) -> Self {
        Self {
            seq,
            attempt,
            server: None,
        }
    }

    /// The same lease, as clients of the server `server` see it.
    pub fn at(self, server: Option<&str>) -> Self {
        Self {
            server: server.map(str::to_owned),
            ..self
        }
    }
}

impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.seq, self.attempt)?;
        match &self.server {
            Some(server) => write!(f, ".{server}"),
            None => Ok(()),
        }
    }
}

/// A text that is not a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAReceipt;

impl FromStr for Receipt {
    type Err = NotAReceipt;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.splitn(3, '.');
        let seq = parts.next().and_then(|seq| seq.parse().ok());
        let attempt = parts.next().and_then(|attempt| attempt.parse().ok());
        let server = parts.next().map(str::to_owned);
        match (seq, attempt, server) {
            (Some(seq), Some(attempt), server)
                if server.as_deref().is_none_or(|server| !server.is_empty()) =>
            {
                Ok(Self {
                    seq,
                    attempt,
                    server,
                })
            }
            _ => Err(NotAReceipt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_and_parses_back_with_or_without_a_server() {
        for text in ["42.1", "42.3.NDSA3QXK"] {
            assert_eq!(text.parse::<Receipt>().unwrap().to_string(), text);
        }
        assert_eq!(
            Receipt::new(7, 2).at(Some("S")),
            "7.2.S".parse::<Receipt>().unwrap()
        );
        for bad in ["", "42", "42.", "x.1", "42.x", "42.1.", "-1.1"] {
            assert_eq!(bad.parse::<Receipt>(), Err(NotAReceipt), "{bad}");
        }
    }
}
