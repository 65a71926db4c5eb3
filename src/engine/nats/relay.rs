//! Requests one server relays to another over core NATS (no stream: a request nobody
//! answers is the asker's to report). Each server listens on `PREFIX.relay.ID`.

use futures_util::StreamExt as _;
use tokio::sync::{mpsc, oneshot};

use super::{Inner, unavailable};
use crate::engine::peers::Relayed;
use crate::engine::{EngineError, EngineResult};

/// Relayed requests waiting for this server to take them.
const BACKLOG: usize = 64;

impl Inner {
    pub(super) async fn relay_to(
        &self,
        server: &str,
        body: bytes::Bytes,
    ) -> EngineResult<bytes::Bytes> {
        self.check()?;
        let subject = format!("{}{server}", self.names.relay_prefix);
        match self.client.request(subject, body).await {
            Ok(answer) => Ok(answer.payload),
            Err(err) if err.kind() == async_nats::RequestErrorKind::NoResponders => {
                Err(EngineError::NotFound)
            }
            Err(err) => Err(unavailable(err)),
        }
    }

    /// Subscribes to this server's relay subject; each request is handed over with a
    /// channel for its answer, which goes back to the asker when it comes.
    pub(super) async fn listen_for_relays(&self) -> EngineResult<mpsc::Receiver<Relayed>> {
        let subject = format!("{}{}", self.names.relay_prefix, self.server_id);
        let mut requests = self.client.subscribe(subject).await.map_err(unavailable)?;
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let client = self.client.clone();
        tokio::spawn(async move {
            while let Some(request) = requests.next().await {
                let Some(reply) = request.reply else {
                    continue;
                };
                let (answer, answered) = oneshot::channel();
                let relayed = Relayed {
                    body: request.payload,
                    answer,
                };
                if sender.send(relayed).await.is_err() {
                    return;
                }
                let client = client.clone();
                tokio::spawn(async move {
                    if let Ok(answer) = answered.await
                        && let Err(err) = client.publish(reply, answer).await
                    {
                        tracing::debug!(error = %err, "cannot answer a relayed request");
                    }
                });
            }
        });
        Ok(receiver)
    }
}
