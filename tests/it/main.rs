//! One integration test binary: a real bus, the real `evbus` binary.

mod cli;
mod common;
mod connections;
mod cross_site;
mod dlq;
mod durability;
mod emit_tail;
mod engines;
mod exit_codes;
mod fixtures;
mod generated;
mod group_failures;
mod groups;
mod hostile;
mod http;
mod lifecycle;
mod nats;
mod nats_crash;
mod nats_creds;
mod patterns;
mod push;
mod replay;
mod scale_out;
mod scale_out_groups;
mod storage;
mod system_events;
