//! The raw peers evbus's figures are held against, measured by the same process in the
//! same run: JetStream (sync publish, async publish, a durable pull consumer) through the
//! async-nats client the JetStream engine uses, and Redis `XADD` through a few lines of
//! RESP, each on a stream or key of its own that is removed afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use async_nats::jetstream::{self, consumer, stream};
use bytes::Bytes;
use futures_util::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use super::BenchArgs;
use super::load::{event_body, spread};
use crate::cli::Context;

/// Publishes in flight at once in the async publish.
const ASYNC_WINDOW: usize = 4_096;

/// JetStream on `--nats`: `--clients` publishers each awaiting every ack, then one
/// publisher with acks in flight, then `--members` members of a durable pull consumer
/// fetching `--fetch` at a time and acking each message, over all that was published.
pub(super) async fn nats_baseline(args: &BenchArgs) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let client = async_nats::connect(&args.nats)
        .await
        .with_context(|| format!("cannot reach NATS at {}: pass --nats URL", args.nats))?;
    let context = jetstream::new(client);
    let name = format!("EVBUS_BENCH_{}", crate::bus::ids::new_ulid());
    let subject = format!("evbus-bench.{}", name.to_lowercase());
    let stream = context
        .create_stream(stream::Config {
            name: name.clone(),
            subjects: vec![subject.clone()],
            storage: stream::StorageType::File,
            ..Default::default()
        })
        .await
        .context("cannot create a JetStream stream: is JetStream enabled (-js)?")?;
    let measured = nats_figures(args, &context, &stream, &subject).await;
    context.delete_stream(&name).await?;
    measured
}

async fn nats_figures(
    args: &BenchArgs,
    context: &jetstream::Context,
    stream: &stream::Stream,
    subject: &str,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let payload = Bytes::from(event_body(args.size, "bench.nats", 0));
    let clients = args.clients.max(1);
    let per_client = args.events / clients;
    let sync = spread(clients, per_client, |_| {
        let (context, subject, payload) = (context.clone(), subject.to_owned(), payload.clone());
        async move {
            for _ in 0..per_client {
                context
                    .publish(subject.clone(), payload.clone())
                    .await?
                    .await?;
            }
            anyhow::Ok(())
        }
    })
    .await?;

    let started = Instant::now();
    let acks = futures_util::stream::iter(0..args.batch_events)
        .then(|_| context.publish(subject.to_owned(), payload.clone()))
        .map(|sent| async move { anyhow::Ok(sent?.await?) })
        .buffer_unordered(ASYNC_WINDOW);
    let mut acks = std::pin::pin!(acks);
    while let Some(ack) = acks.next().await {
        ack?;
    }
    let asynchronous = args.batch_events as f64 / started.elapsed().as_secs_f64();

    let total = per_client * clients + args.batch_events;
    let consumer: consumer::PullConsumer = stream
        .create_consumer(consumer::pull::Config {
            durable_name: Some("bench".into()),
            ack_policy: consumer::AckPolicy::Explicit,
            max_ack_pending: -1,
            ..Default::default()
        })
        .await?;
    let taken = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut members = Vec::new();
    for _ in 0..args.members.max(1) {
        let (consumer, taken, fetch) = (consumer.clone(), taken.clone(), args.fetch.max(1));
        members.push(tokio::spawn(async move {
            while taken.load(Ordering::Relaxed) < total {
                let mut batch = consumer
                    .fetch()
                    .max_messages(fetch)
                    .expires(Duration::from_millis(500))
                    .messages()
                    .await?;
                while let Some(message) = batch.next().await {
                    message
                        .map_err(|err| anyhow::anyhow!("{err}"))?
                        .ack()
                        .await
                        .map_err(|err| anyhow::anyhow!("{err}"))?;
                    taken.fetch_add(1, Ordering::Relaxed);
                }
            }
            anyhow::Ok(())
        }));
    }
    for member in members {
        member.await??;
    }
    let pull = total as f64 / started.elapsed().as_secs_f64();
    Ok(vec![
        ("sync publish/s", sync),
        ("async publish/s", asynchronous),
        ("durable pull/s", pull),
    ])
}

/// Redis on `--redis`: `--clients` connections each sending `XADD` of an event-sized
/// entry and waiting for its id, `--events` in all. Durable like evbus's `--fsync always`
/// only when the Redis was started with `appendonly yes` and `appendfsync always`; what it
/// runs with is said.
pub(super) async fn redis_baseline(
    args: &BenchArgs,
    ctx: &Context,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let key = format!("evbus-bench:{}", crate::bus::ids::new_ulid());
    let mut admin = Resp::connect(&args.redis).await?;
    let appendonly = admin.config("appendonly").await?;
    let appendfsync = admin.config("appendfsync").await?;
    if (appendonly.as_str(), appendfsync.as_str()) != ("yes", "always") {
        ctx.out.warn(&format!(
            "Redis at {} runs with appendonly {appendonly}, appendfsync {appendfsync}: it does not fsync each XADD (start it with --appendonly yes --appendfsync always to compare durable writes)",
            args.redis
        ));
    }
    let payload = Arc::new(event_body(args.size, "bench.redis", 0));
    let clients = args.clients.max(1);
    let per_client = args.events / clients;
    let rate = spread(clients, per_client, |_| {
        let (address, key, payload) = (args.redis.clone(), key.clone(), payload.clone());
        async move {
            let mut connection = Resp::connect(&address).await?;
            for _ in 0..per_client {
                connection
                    .command(&["XADD", &key, "*", "d", &payload])
                    .await?;
            }
            anyhow::Ok(())
        }
    })
    .await;
    admin.command(&["DEL", &key]).await?;
    Ok(vec![("xadd/s", rate?)])
}

/// One Redis connection speaking just enough RESP: a command out, its one reply back.
struct Resp {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    line: String,
}

impl Resp {
    async fn connect(address: &str) -> anyhow::Result<Self> {
        let stream = tokio::net::TcpStream::connect(address)
            .await
            .with_context(|| format!("cannot reach Redis at {address}: pass --redis HOST:PORT"))?;
        stream.set_nodelay(true)?;
        let (reader, writer) = stream.into_split();
        Ok(Self {
            reader: BufReader::new(reader),
            writer,
            line: String::new(),
        })
    }

    /// Sends `parts` as one command; returns its reply's strings (one for a simple or
    /// bulk reply, each element's for an array of them).
    async fn command(&mut self, parts: &[&str]) -> anyhow::Result<Vec<String>> {
        let mut out = format!("*{}\r\n", parts.len());
        for part in parts {
            out.push_str(&format!("${}\r\n{part}\r\n", part.len()));
        }
        self.writer.write_all(out.as_bytes()).await?;
        let mut values = Vec::new();
        let mut expected = 1;
        while values.len() < expected {
            self.line.clear();
            self.reader.read_line(&mut self.line).await?;
            let line = self.line.trim_end().to_owned();
            let (kind, rest) = line
                .split_at_checked(1)
                .context("Redis closed the connection")?;
            match kind {
                "+" | ":" => values.push(rest.to_owned()),
                "-" => anyhow::bail!("Redis refused {}: {rest}", parts[0]),
                "*" => expected = rest.parse::<usize>()?.max(values.len()),
                "$" => {
                    let length: i64 = rest.parse()?;
                    if length < 0 {
                        values.push(String::new());
                        continue;
                    }
                    let mut bulk = vec![0; length as usize + 2];
                    self.reader.read_exact(&mut bulk).await?;
                    bulk.truncate(length as usize);
                    values.push(String::from_utf8_lossy(&bulk).into_owned());
                }
                _ => anyhow::bail!("not a Redis reply: {line}"),
            }
            if kind == "*" && expected == 0 {
                break;
            }
        }
        Ok(values)
    }

    /// One `CONFIG GET` setting's value.
    async fn config(&mut self, name: &str) -> anyhow::Result<String> {
        let reply = self.command(&["CONFIG", "GET", name]).await?;
        Ok(reply.get(1).cloned().unwrap_or_default())
    }
}
