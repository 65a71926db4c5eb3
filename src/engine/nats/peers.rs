//! What the servers of one bus tell each other through JetStream: which members are
//! alive where, what each server holds of a group, relayed requests, and the routes
//! whose events each go to one server.

use async_nats::jetstream;
use futures_util::StreamExt as _;

use super::groups::{consumer_error, group_token};
use super::{Inner, unavailable};
use crate::engine::EngineError;
use crate::engine::EngineResult;
use crate::engine::peers::{LEAD_LAPSE, Peers, Relayed, SHARE_FRESH, ServerShare, SharedCounts};

// What a dead leader held is handed out again before another server may lead.
const _: () = assert!(super::groups::HOLD_FOR.as_secs() + 2 <= LEAD_LAPSE.as_secs());

impl Inner {
    /// `PREFIX.members.GROUP.SERVER.held`: what one server holds of a group (one token
    /// more than a member's subject, so member lookups never see it).
    fn share_subject(&self, group: &str, server: &str) -> String {
        let group = group_token(group);
        format!("{}{group}.{server}.held", self.names.members_prefix)
    }

    /// What `group`'s consumers hold: hand-outs nobody settled yet, and events nobody
    /// took yet (on the log; put straight into the group).
    async fn consumer_counts(&self, group: &str) -> EngineResult<SharedCounts> {
        let infos = self
            .group_consumers(group)
            .map(|(stream, name)| async move { stream.consumer_info(name).await });
        let [plain, addressed, direct] = futures_util::future::try_join_all(infos)
            .await
            .map_err(consumer_error)?
            .try_into()
            .expect("three consumers");
        Ok(SharedCounts {
            unsettled: [&plain, &addressed, &direct]
                .iter()
                .map(|info| info.num_ack_pending as u64)
                .sum(),
            untaken_log: plain.num_pending + addressed.num_pending,
            untaken_direct: direct.num_pending,
            elsewhere: ServerShare::default(),
        })
    }

    /// The newest message on each subject of the members stream that `filter` matches
    /// (one may age out between the listing and the read: it is left out).
    async fn latest_on_each(
        &self,
        filter: String,
    ) -> EngineResult<Vec<(String, jetstream::message::StreamMessage)>> {
        let mut subjects = self
            .members
            .info_with_subjects(filter)
            .await
            .map_err(unavailable)?;
        let mut latest = Vec::new();
        while let Some(entry) = subjects.next().await {
            let (subject, _) = entry.map_err(unavailable)?;
            if let Ok(last) = self.members.get_last_raw_message_by_subject(&subject).await {
                latest.push((subject, last));
            }
        }
        Ok(latest)
    }

    /// The other servers' shares of `group`, summed, as they last reported them.
    async fn shares_elsewhere(&self, group: &str) -> EngineResult<ServerShare> {
        let mine = self.share_subject(group, &self.server_id);
        let fresh_since = crate::api::time::now_ms() - SHARE_FRESH.as_millis() as i64;
        let mut total = ServerShare::default();
        for (subject, last) in self.latest_on_each(self.share_subject(group, "*")).await? {
            if subject == mine || super::cursor::epoch_ms(last.time) < fresh_since {
                continue;
            }
            if let Ok(share) = serde_json::from_slice::<ServerShare>(&last.payload) {
                total = total + share;
            }
        }
        Ok(total)
    }

    /// `PREFIX.members.GROUP.lead.ordered`: who leads an ordered group (tokens no member
    /// or share subject has).
    fn lead_subject(&self, group: &str) -> String {
        format!(
            "{}{}.lead.ordered",
            self.names.members_prefix,
            group_token(group)
        )
    }

    /// `PREFIX.members.GROUP.MEMBER`, the member name base64url-encoded (it may hold
    /// anything).
    fn member_subject(&self, group: &str, member: &str) -> String {
        use base64::Engine as _;
        let member = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(member);
        format!(
            "{}{}.{member}",
            self.names.members_prefix,
            group_token(group)
        )
    }
}

#[async_trait::async_trait]
impl Peers for Inner {
    async fn present(&self, group: &str, members: &[String]) -> EngineResult<()> {
        self.check()?;
        for member in members {
            self.client
                .publish(self.member_subject(group, member), bytes::Bytes::new())
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn absent(&self, group: &str, member: &str) -> EngineResult<()> {
        self.check()?;
        self.members
            .purge()
            .filter(self.member_subject(group, member))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn has_members(&self, group: &str) -> EngineResult<bool> {
        self.check()?;
        let filter = format!("{}{}.*", self.names.members_prefix, group_token(group));
        let mut subjects = self
            .members
            .info_with_subjects(filter)
            .await
            .map_err(unavailable)?;
        Ok(subjects
            .next()
            .await
            .transpose()
            .map_err(unavailable)?
            .is_some())
    }

    async fn members(&self, group: &str) -> EngineResult<Vec<(String, i64)>> {
        use base64::Engine as _;
        self.check()?;
        let prefix = format!("{}{}.", self.names.members_prefix, group_token(group));
        let mut members = Vec::new();
        for (subject, last) in self.latest_on_each(format!("{prefix}*")).await? {
            let Some(name) = subject
                .strip_prefix(&prefix)
                .and_then(|token| {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .decode(token)
                        .ok()
                })
                .and_then(|bytes| String::from_utf8(bytes).ok())
            else {
                continue;
            };
            members.push((name, super::cursor::epoch_ms(last.time)));
        }
        Ok(members)
    }

    async fn report(&self, group: &str, share: ServerShare) -> EngineResult<()> {
        self.check()?;
        let body = serde_json::to_vec(&share).expect("counts serialize");
        self.client
            .publish(self.share_subject(group, &self.server_id), body.into())
            .await
            .map_err(unavailable)
    }

    async fn counts(&self, group: &str) -> EngineResult<SharedCounts> {
        self.check()?;
        let (counts, elsewhere) = futures_util::future::try_join(
            self.consumer_counts(group),
            self.shares_elsewhere(group),
        )
        .await?;
        Ok(SharedCounts {
            elsewhere,
            ..counts
        })
    }

    /// The lead is the last message on the group's lead subject, naming the leader;
    /// taking or renewing it is a publish that expects that message still to be the
    /// last, so two servers never both win.
    async fn lead(&self, group: &str) -> EngineResult<String> {
        use async_nats::jetstream::context::PublishErrorKind;
        use async_nats::jetstream::message::PublishMessage;
        self.check()?;
        let subject = self.lead_subject(group);
        for _ in 0..5 {
            let last = self.members.get_last_raw_message_by_subject(&subject).await;
            let expected = match last {
                Ok(last) => {
                    let leader = String::from_utf8_lossy(&last.payload).into_owned();
                    let age_ms = crate::api::time::now_ms() - super::cursor::epoch_ms(last.time);
                    if leader != self.server_id && age_ms < LEAD_LAPSE.as_millis() as i64 {
                        return Ok(leader);
                    }
                    last.sequence
                }
                // None yet (or it aged out): expect none.
                Err(_) => 0,
            };
            let claim = PublishMessage::build()
                .payload(self.server_id.clone().into())
                .expected_last_subject_sequence(expected);
            let published = self
                .context
                .send_publish(subject.clone(), claim)
                .await
                .map_err(unavailable)?
                .await;
            match published {
                Ok(_) => return Ok(self.server_id.clone()),
                Err(err) if err.kind() == PublishErrorKind::WrongLastSequence => continue,
                Err(err) => return Err(unavailable(err)),
            }
        }
        Err(EngineError::Unavailable(format!(
            "the lead of ordered group '{group}' kept changing; try again"
        )))
    }

    fn server_id(&self) -> &str {
        &self.server_id
    }

    async fn relay(&self, server: &str, body: bytes::Bytes) -> EngineResult<bytes::Bytes> {
        self.relay_to(server, body).await
    }

    async fn relayed(&self) -> EngineResult<tokio::sync::mpsc::Receiver<Relayed>> {
        self.listen_for_relays().await
    }
}
