
use builtin;
use str;

set edit:completion:arg-completer[evbus] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'evbus'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'evbus'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the bus in the foreground.'
            cand emit 'Append one event, or a batch of events, to the log.'
            cand tail 'Stream matching events: history from a position, then live.'
            cand consume 'Join a consumer group and process its events: print them, or run a handler per event.'
            cand groups 'Manage consumer groups: durable, at-least-once delivery to competing members.'
            cand dlq 'Dead letters: events a group gave up on, with every failed attempt.'
            cand replay 'Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or as fresh deliveries to a group.'
            cand request 'Send a request and print its reply: the event gets a replyto inbox and a correlationid; the first reply wins.'
            cand reply 'Answer requests: run CMD per request (via sh -c) with the request event on stdin; its stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error reply, which `evbus request` reports with a non-zero exit.'
            cand routes 'Routes forward each event matching a pattern (and jq filter), exactly once, to a topic (a new event with causationid = the original id) or straight to a group. They act on events from when they are added. A route that would close a cycle is refused.'
            cand schedules 'Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.'
            cand schemas 'Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema says so) for the data of events whose topic matches a pattern. An emit that breaks one is refused, naming where; a conforming event gets `dataschema` set to the schema''s URL on the bus (unless its producer set one).'
            cand apply 'Declares the bus''s groups, routes and schemas in a file (YAML or JSON; each entry what the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …) and makes the bus match it: prints the plan (create, change, replace, delete), then applies it. Applying the same file again changes nothing. `${VAR}` in a value is read from the environment (for secrets).'
            cand export 'Prints the bus''s groups, routes and schemas as the file `evbus apply` reads, so that `export | apply` on another bus reproduces them. Secrets and push header values are written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.'
            cand snapshot 'A snapshot is the bus in one file: its events, groups with their cursors and what they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one thing per line, readable and writable by hand). It loads into an empty bus on any engine; the events get that bus''s next seqs, and the cursors, dead letters and route positions follow them. Loading the same snapshot again changes nothing.'
            cand expect 'Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq `where`, how many, within how long, in order, correlated with an earlier step''s event), expect none of a kind for a while, wait for a group to drain. Prints each step as it passes; on a failure, what was expected and the nearest events seen instead. Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.'
            cand get 'Print one stored event, by seq or id.'
            cand trace 'Follow an event: what caused it, what it caused, and every delivery on the way.'
            cand why 'Why a group did or did not get an event.'
            cand topics 'List topics with event counts and last-seen times.'
            cand status 'Show the bus''s version, engine, data dir, log size and uptime.'
            cand top 'Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and the selected group''s members, refreshed each second.'
            cand bench 'Load a running bus and print medians.'
            cand context 'Named servers and tokens, used with --context NAME or `context use NAME`.'
            cand auth 'Named tokens with rights, for `serve --auth FILE`.'
            cand completions 'Print a shell completion script.'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;serve'= {
            cand --listen 'Address to listen on (port 0 picks a free port)'
            cand --data-dir 'Where the log lives [default: the user''s data directory, e.g. ~/.local/share/evbus]'
            cand --engine 'Where the bus keeps its data: embedded (a local file), memory, or nats://HOST:PORT (NATS JetStream; several servers on one NATS are one bus)'
            cand --nats-prefix 'Names this bus''s streams and subjects, so several buses can share one NATS'
            cand --nats-replicas 'JetStream replicas of each stream (up to the cluster''s size)'
            cand --nats-creds 'NATS credentials file (JWT and NKey seed)'
            cand --nats-user 'nats-user'
            cand --nats-password 'nats-password'
            cand --nats-token 'nats-token'
            cand --nats-tls-ca 'CA certificate to verify the NATS server with (implies --nats-tls)'
            cand --nats-tls-cert 'Client certificate for mutual TLS (with --nats-tls-key)'
            cand --nats-tls-key 'nats-tls-key'
            cand --fsync 'always: fsync before every acknowledgement (survives a power cut); never: survives a crash of evbus only'
            cand --dedup-window 'How long a (source, id) pair is remembered so a re-sent event is not stored twice'
            cand --max-event-size 'Largest event accepted, as stored'
            cand --retention 'Drop events older than this (e.g. 7d)'
            cand --retention-bytes 'Drop the oldest events while the log is bigger than this (e.g. 10GiB)'
            cand --token-file 'Read the token clients must present from this file'
            cand --auth 'Named tokens with their rights (written by `evbus auth add`); re-read on SIGHUP. --token, if also given, keeps every right'
            cand --tls-cert 'Serve HTTPS with this certificate (PEM, the server''s own first, then its chain); re-read on SIGHUP'
            cand --tls-key 'The private key of --tls-cert (PEM); re-read on SIGHUP'
            cand --push-allow 'Where push groups may POST besides public addresses, when the bus listens off loopback: a network (10.1.0.0/16), an address or a host name (repeatable). A bus on loopback may push anywhere'
            cand --allow-host 'Also answer requests whose Host is this name (besides IP addresses, localhost and this machine''s name); `*.example.com` allows its subdomains, `*` any host'
            cand --max-connections 'Connections open at once; one more is answered 503 (the open-file limit is raised to fit)'
            cand --idle-timeout 'Close a connection that sends no request (or its headers) for this long'
            cand --health-interval 'How often to emit $evbus.health (status, groups, resources); 0 turns it off'
            cand --disk-warning 'Emit $evbus.warning.disk when free space under the data dir drops below this'
            cand --lag-warning 'Emit $evbus.warning.lag when a group is more than this many events behind; 0: never'
            cand --config 'Apply this topology file (what `evbus apply -f` reads) at start; a bad file, or one that cannot be applied, and the bus does not start (exit 2)'
            cand --snapshot 'Load this snapshot (what `evbus snapshot save` writes) at start, into an empty bus (the same snapshot again, after a restart, changes nothing); a bad file, or a bus that holds something already, and the bus does not start (exit 2)'
            cand --log-level 'Log level for stderr (RUST_LOG overrides it)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --memory 'Keep everything in memory: a throwaway bus (same as --engine memory)'
            cand --nats-tls 'Require TLS to NATS'
            cand --insecure 'Allow listening on a non-loopback address without TLS or without a token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;emit'= {
            cand --data 'The payload: JSON text, @FILE, or - for stdin'
            cand --content-type 'Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype'
            cand --source 'Event source [default: filled by the bus]'
            cand --id 'Event id; re-sending the same source and id within the dedup window stores it once'
            cand --subject 'CloudEvents subject'
            cand --attr 'An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a TRACEPARENT in the environment makes the event part of that trace)'
            cand --key 'The event''s ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)'
            cand --to 'Deliver only to this group, or to each group matching a glob (billing-*), whatever their patterns; an address no group matches is dead-lettered as no_route'
            cand --reply-to 'Ask for a reply on this topic: sets replyto and a correlationid (printed)'
            cand --file 'With --batch: read this file instead of stdin'
            cand --chunk 'With --batch: events per request (each request commits all or nothing)'
            cand --in 'Append the event this long from now (30s, 10m, 1h30m); it is stored durably until then'
            cand --at 'Append the event at this RFC 3339 time (2030-01-01T09:00:00Z)'
            cand --every 'Append a copy every DUR, from one DUR from now, until `evbus schedules cancel`'
            cand --cron 'Append a copy on a five-field cron schedule (''*/5 * * * *'', ''0 9 * * mon-fri'')'
            cand --tz 'The time zone --cron runs in (an IANA name, e.g. Europe/Paris) [default: UTC]'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --batch 'Read NDJSON (one CloudEvent per line, or bare data with a TOPIC) from stdin or --file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;tail'= {
            cand --since 'Start this far back (10m, 2h) or at this RFC 3339 time'
            cand --from-seq 'Start at this sequence number'
            cand --filter 'Only events for which this jq expression is true, evaluated on the bus'
            cand --count 'Exit 0 after this many events'
            cand --timeout 'Exit with the timeout code when no (further) event arrives within this long'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --from-start 'Start at the oldest stored event'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;consume'= {
            cand --group 'The group to join (created on first use)'
            cand --exec 'Run this command per event (via sh -c); its exit code settles the delivery'
            cand --emit 'Emit the handler''s stdout as an event on this topic before acking'
            cand --concurrency 'Events handled at the same time by this member'
            cand --handler-timeout 'Kill a handler that runs longer than this; the attempt fails'
            cand --count 'Exit 0 after this many completed events'
            cand --timeout 'Exit with the timeout code when no delivery arrives for this long'
            cand --member 'This member''s name [default: HOST-PID]'
            cand --filter 'Only events for which this jq expression is true'
            cand --start 'Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]'
            cand --max-attempts 'Attempts before an event is dead-lettered [default: 5]'
            cand --backoff 'Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]'
            cand --ack-timeout 'How long a member holds a delivery before it is redelivered [default: 30s]'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --ordered 'One event per ordering key (partitionkey, emit --key) in flight at a time, in log order'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List groups: pattern, pending retries, in flight, dead letters, lag, members'
            cand show 'Show one group: its policy, counts and members'
            cand create 'Create a group; with --push, a push group whose member is a webhook'
            cand pause 'Pause a group: it hands out nothing until resumed'
            cand resume 'Resume a paused group'
            cand delete 'Delete a group and its deliveries in progress (its dead letters stay)'
            cand reset 'Move a group''s cursor; deliveries in progress are dropped'
            cand rotate-secret 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;groups;list'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;show'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;create'= {
            cand --pattern 'Topic pattern the group receives, e.g. order.* or order.>'
            cand --filter 'Only events for which this jq expression is true'
            cand --start 'Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]'
            cand --max-attempts 'Attempts before an event is dead-lettered [default: 5]'
            cand --backoff 'Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]'
            cand --ack-timeout 'How long a member holds a delivery before it is redelivered [default: 30s]'
            cand --push 'POST each event to this URL (CloudEvents binary mode); 2xx acks'
            cand --secret 'Sign each push with HMAC-SHA256 under this secret (evbus-signature header)'
            cand --rate 'At most this many pushes per second (10 or 10/s)'
            cand --max-in-flight 'At most this many pushes in flight [default: 10]'
            cand --header 'Send this header with every push, e.g. ''Authorization=Bearer T'' (repeatable); stored, and shown masked'
            cand --pause-after 'Pause the group after this many failed pushes in a row; 0 never [default: 20]'
            cand --probe-every 'While paused by failures, try one push this often; the first taken resumes the group [default: 1m]'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --ordered 'One event per ordering key (partitionkey, emit --key) in flight at a time, in log order'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;pause'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;resume'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;delete'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;reset'= {
            cand --to 'beginning, new, a seq, a duration back (10m) or an RFC 3339 time'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;rotate-secret'= {
            cand --grace 'How long the old secret signs as well; 0s stops it at once'
            cand --secret 'The new secret [default: a random one]'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;groups;help'= {
            cand list 'List groups: pattern, pending retries, in flight, dead letters, lag, members'
            cand show 'Show one group: its policy, counts and members'
            cand create 'Create a group; with --push, a push group whose member is a webhook'
            cand pause 'Pause a group: it hands out nothing until resumed'
            cand resume 'Resume a paused group'
            cand delete 'Delete a group and its deliveries in progress (its dead letters stay)'
            cand reset 'Move a group''s cursor; deliveries in progress are dropped'
            cand rotate-secret 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;groups;help;list'= {
        }
        &'evbus;groups;help;show'= {
        }
        &'evbus;groups;help;create'= {
        }
        &'evbus;groups;help;pause'= {
        }
        &'evbus;groups;help;resume'= {
        }
        &'evbus;groups;help;delete'= {
        }
        &'evbus;groups;help;reset'= {
        }
        &'evbus;groups;help;rotate-secret'= {
        }
        &'evbus;groups;help;help'= {
        }
        &'evbus;dlq'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List dead letters, oldest first (NDJSON with --output json)'
            cand show 'Show one dead letter: the event and its attempt history'
            cand summary 'Count dead letters by group, reason and error, with first and last seen'
            cand requeue 'Put dead letters back into their group with fresh attempts'
            cand edit 'Open one dead letter''s event in $VISUAL or $EDITOR, then requeue what you saved'
            cand drain 'Write dead letters'' events to stdout as NDJSON, removing each once written'
            cand purge 'Delete dead letters for good (asks first on a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;dlq;list'= {
            cand --group 'Only this group''s dead letters'
            cand --topic 'Only dead letters whose topic matches this pattern'
            cand --since 'Only dead letters that died this recently (10m) or since this RFC 3339 time'
            cand --error 'Only dead letters whose last error contains this text (see `dlq summary`)'
            cand --limit 'At most this many'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;show'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;summary'= {
            cand --group 'Only this group''s dead letters'
            cand --topic 'Only dead letters whose topic matches this pattern'
            cand --since 'Only dead letters that died this recently (10m) or since this RFC 3339 time'
            cand --error 'Only dead letters whose last error contains this text (see `dlq summary`)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;requeue'= {
            cand --group 'Only this group''s dead letters'
            cand --topic 'Only dead letters whose topic matches this pattern'
            cand --since 'Only dead letters that died this recently (10m) or since this RFC 3339 time'
            cand --error 'Only dead letters whose last error contains this text (see `dlq summary`)'
            cand --filter 'With --all: only dead letters whose event this jq expression accepts'
            cand --transform 'Rewrite each event with this jq expression before it goes back (its output is the new event); if it fails on any, nothing is requeued'
            cand --rate 'At most this many per second (100 or 100/s)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --all 'Every dead letter the selection matches'
            cand --dry-run 'Requeue nothing: show what would go back (with --transform, a diff per event)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;edit'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;drain'= {
            cand --group 'Only this group''s dead letters'
            cand --topic 'Only dead letters whose topic matches this pattern'
            cand --since 'Only dead letters that died this recently (10m) or since this RFC 3339 time'
            cand --error 'Only dead letters whose last error contains this text (see `dlq summary`)'
            cand --count 'Stop after this many'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;purge'= {
            cand --group 'Only this group''s dead letters'
            cand --topic 'Only dead letters whose topic matches this pattern'
            cand --since 'Only dead letters that died this recently (10m) or since this RFC 3339 time'
            cand --error 'Only dead letters whose last error contains this text (see `dlq summary`)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --all 'Every dead letter the selection matches'
            cand --yes 'Do not ask for confirmation'
            cand --dry-run 'Purge nothing: list what would be purged'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;dlq;help'= {
            cand list 'List dead letters, oldest first (NDJSON with --output json)'
            cand show 'Show one dead letter: the event and its attempt history'
            cand summary 'Count dead letters by group, reason and error, with first and last seen'
            cand requeue 'Put dead letters back into their group with fresh attempts'
            cand edit 'Open one dead letter''s event in $VISUAL or $EDITOR, then requeue what you saved'
            cand drain 'Write dead letters'' events to stdout as NDJSON, removing each once written'
            cand purge 'Delete dead letters for good (asks first on a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;dlq;help;list'= {
        }
        &'evbus;dlq;help;show'= {
        }
        &'evbus;dlq;help;summary'= {
        }
        &'evbus;dlq;help;requeue'= {
        }
        &'evbus;dlq;help;edit'= {
        }
        &'evbus;dlq;help;drain'= {
        }
        &'evbus;dlq;help;purge'= {
        }
        &'evbus;dlq;help;help'= {
        }
        &'evbus;replay'= {
            cand --filter 'Only events for which this jq expression is true'
            cand --since 'Start this far back (10m, 2h) or at this RFC 3339 time'
            cand --from-seq 'Start at this seq'
            cand --until 'End at the last event before this time (a duration back or RFC 3339)'
            cand --to-seq 'End at this seq, inclusive'
            cand --group 'Re-deliver to this group as fresh deliveries'
            cand --to-topic 'Re-emit copies onto this topic'
            cand --rate 'At most this many events per second (100 or 100/s)'
            cand --pace '`original`: keep the original gaps between events'
            cand --speed 'With --pace original: play this much faster, e.g. 10x'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --from-start 'Start at the oldest stored event'
            cand --dry-run 'Say how many events the slice holds, their time span and topics; change nothing'
            cand --detach 'Start the job and print it, without following it'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List replay jobs'
            cand show 'Show a replay job and its progress'
            cand cancel 'Cancel a running or interrupted replay job'
            cand resume 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;replay;list'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;replay;show'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;replay;cancel'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;replay;resume'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;replay;help'= {
            cand list 'List replay jobs'
            cand show 'Show a replay job and its progress'
            cand cancel 'Cancel a running or interrupted replay job'
            cand resume 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;replay;help;list'= {
        }
        &'evbus;replay;help;show'= {
        }
        &'evbus;replay;help;cancel'= {
        }
        &'evbus;replay;help;resume'= {
        }
        &'evbus;replay;help;help'= {
        }
        &'evbus;request'= {
            cand --data 'The payload: JSON text, @FILE, or - for stdin'
            cand --content-type 'Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype'
            cand --source 'Event source [default: filled by the bus]'
            cand --id 'Event id; re-sending the same source and id within the dedup window stores it once'
            cand --subject 'CloudEvents subject'
            cand --attr 'An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a TRACEPARENT in the environment makes the event part of that trace)'
            cand --key 'The event''s ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)'
            cand --timeout 'How long to wait for the reply (at most 60s)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;reply'= {
            cand --exec 'Run this command per request'
            cand --group 'The responders'' group [default: reply.PATTERN]'
            cand --concurrency 'Requests handled at the same time by this responder'
            cand --handler-timeout 'Kill a handler that runs longer than this; an error reply is sent'
            cand --count 'Exit 0 after answering this many requests'
            cand --timeout 'Exit with the timeout code when no request arrives for this long'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --ordered 'Answer one request per ordering key (partitionkey) at a time, in order'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;routes'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List routes with how far each has forwarded'
            cand add 'Add a route'
            cand remove 'Remove a route'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;routes;list'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;routes;add'= {
            cand --pattern 'Topic pattern of the events to forward'
            cand --filter 'Only events for which this jq expression is true'
            cand --to-topic 'Forward as a new event on this topic'
            cand --to-group 'Forward straight to this group'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;routes;remove'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;routes;help'= {
            cand list 'List routes with how far each has forwarded'
            cand add 'Add a route'
            cand remove 'Remove a route'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;routes;help;list'= {
        }
        &'evbus;routes;help;add'= {
        }
        &'evbus;routes;help;remove'= {
        }
        &'evbus;routes;help;help'= {
        }
        &'evbus;schedules'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List schedules, soonest first: id, topic, next time, repeat, firings'
            cand show 'Show one schedule and its event'
            cand cancel 'Cancel a schedule: it fires no more'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;schedules;list'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schedules;show'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schedules;cancel'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schedules;help'= {
            cand list 'List schedules, soonest first: id, topic, next time, repeat, firings'
            cand show 'Show one schedule and its event'
            cand cancel 'Cancel a schedule: it fires no more'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;schedules;help;list'= {
        }
        &'evbus;schedules;help;show'= {
        }
        &'evbus;schedules;help;cancel'= {
        }
        &'evbus;schedules;help;help'= {
        }
        &'evbus;schemas'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List schemas and the topics they cover'
            cand add 'Add a schema (or, with --replace, replace one)'
            cand show 'Show a schema'
            cand remove 'Remove a schema: events on its topics are no longer checked'
            cand check 'Check events in a file against a schema, line by line, without emitting them'
            cand infer 'Propose a schema from the data of stored events, for review'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;schemas;list'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schemas;add'= {
            cand --pattern 'Topic pattern of the events whose data must conform'
            cand --file 'The JSON Schema, as JSON or YAML (''-'': stdin)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --replace 'Replace the schema of that name instead of refusing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schemas;show'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schemas;remove'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schemas;check'= {
            cand --file 'Events as NDJSON, one CloudEvent per line (''-'': stdin)'
            cand --schema 'Check against this JSON Schema file instead of the bus''s: no bus is needed'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --data 'Each line is the data itself, not an event'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schemas;infer'= {
            cand --since 'Only events this recent (10m, 2h) or since this RFC 3339 time'
            cand --limit 'Learn from at most this many events (the oldest first)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;schemas;help'= {
            cand list 'List schemas and the topics they cover'
            cand add 'Add a schema (or, with --replace, replace one)'
            cand show 'Show a schema'
            cand remove 'Remove a schema: events on its topics are no longer checked'
            cand check 'Check events in a file against a schema, line by line, without emitting them'
            cand infer 'Propose a schema from the data of stored events, for review'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;schemas;help;list'= {
        }
        &'evbus;schemas;help;add'= {
        }
        &'evbus;schemas;help;show'= {
        }
        &'evbus;schemas;help;remove'= {
        }
        &'evbus;schemas;help;check'= {
        }
        &'evbus;schemas;help;infer'= {
        }
        &'evbus;schemas;help;help'= {
        }
        &'evbus;apply'= {
            cand -f 'The file to apply (''-'': stdin)'
            cand --file 'The file to apply (''-'': stdin)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --dry-run 'Print the plan only; change nothing'
            cand --prune 'Also delete the groups, routes and schemas the file does not name'
            cand --replace 'Make changes that cannot be made in place (a group''s pattern) by deleting and creating again: the group''s cursor and deliveries in progress are lost'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;export'= {
            cand --format 'yaml, or json (also under --output json)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;snapshot'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand save 'Save the bus to a file (it holds push secrets: keep it safe)'
            cand load 'Load a snapshot into the bus, which must be empty'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;snapshot;save'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;snapshot;load'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;snapshot;help'= {
            cand save 'Save the bus to a file (it holds push secrets: keep it safe)'
            cand load 'Load a snapshot into the bus, which must be empty'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;snapshot;help;save'= {
        }
        &'evbus;snapshot;help;load'= {
        }
        &'evbus;snapshot;help;help'= {
        }
        &'evbus;expect'= {
            cand -f 'The flow to run (''-'': stdin)'
            cand --file 'The flow to run (''-'': stdin)'
            cand --junit 'Also write a JUnit XML report here, one test case per step'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;get'= {
            cand --source 'With an id: the event''s source, when several sources use the id'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --id 'Take SEQ|ID as an id even if it is a number'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;trace'= {
            cand --source 'With an id: the event''s source, when several sources use the id'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --id 'Take SEQ|ID as an id even if it is a number'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;why'= {
            cand --source 'With an id: the event''s source, when several sources use the id'
            cand --group 'The group asked about'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --id 'Take SEQ|ID as an id even if it is a number'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;topics'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;status'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;top'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;bench'= {
            cand --scenario 'Scenarios to run (repeatable) [default: publish, baseline, batch, latency, process]'
            cand --runs 'Runs per scenario; the median is reported'
            cand --clients 'Concurrent keep-alive connections for publish and baseline'
            cand --events 'Events per publish/baseline run'
            cand --size 'Event size in bytes, as sent'
            cand --batch 'Events per request in the batch scenario'
            cand --batch-events 'Events per batch run'
            cand --rate 'Events per second in the latency scenario'
            cand --latency-events 'Events per latency run'
            cand --members 'Members pulling from the group in the group scenario'
            cand --fetch 'Events per pull (and per ack) in the group scenario'
            cand --keys 'Ordering keys the events of the ordered scenario are spread over'
            cand --group-events 'Events consumed per group run'
            cand --replay-events 'Events stored once, then replayed to stdout per run, in the replay scenario'
            cand --trace-events 'Events stored before the traced tree in the trace scenario'
            cand --fill 'Events to store in the fill scenario'
            cand --engine 'Instead of the bus at --server, start a bus on each ENGINE (repeatable: embedded, memory, nats://HOST:PORT) with fresh storage, and measure them in one run'
            cand --nats 'The NATS server (with JetStream) of the nats-baseline scenario'
            cand --redis 'The Redis server of the redis-baseline scenario'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;context'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add or replace a context; the first one added is put in use'
            cand use 'Use this context from now on'
            cand list 'List contexts; the one in use is marked'
            cand show 'Show a context (the one in use by default); the token is masked'
            cand remove 'Remove a context'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;context;add'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --use 'Use it from now on'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;context;use'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;context;list'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;context;show'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;context;remove'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;context;help'= {
            cand add 'Add or replace a context; the first one added is put in use'
            cand use 'Use this context from now on'
            cand list 'List contexts; the one in use is marked'
            cand show 'Show a context (the one in use by default); the token is masked'
            cand remove 'Remove a context'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;context;help;add'= {
        }
        &'evbus;context;help;use'= {
        }
        &'evbus;context;help;list'= {
        }
        &'evbus;context;help;show'= {
        }
        &'evbus;context;help;remove'= {
        }
        &'evbus;context;help;help'= {
        }
        &'evbus;auth'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Make a token with these rights; prints it once'
            cand list 'List the tokens and their rights (never the tokens)'
            cand remove 'Remove a token: the bus refuses it once it has read the file again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;auth;add'= {
            cand --publish 'Emit on topics matching this pattern (repeatable)'
            cand --subscribe 'Read events on topics matching this pattern: tail, replay to stdout, request (repeatable)'
            cand --consume 'Pull, settle and reply for this group, a name or a glob like billing-* (repeatable)'
            cand --file 'The auth file (created by the first `auth add`)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand --read 'Look at status, topics, groups, dead letters, replays, routes and schedules'
            cand --admin 'Change groups, routes, schedules, dead letters and replays (implies --read)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;auth;list'= {
            cand --file 'The auth file (created by the first `auth add`)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;auth;remove'= {
            cand --file 'The auth file (created by the first `auth add`)'
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;auth;help'= {
            cand add 'Make a token with these rights; prints it once'
            cand list 'List the tokens and their rights (never the tokens)'
            cand remove 'Remove a token: the bus refuses it once it has read the file again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;auth;help;add'= {
        }
        &'evbus;auth;help;list'= {
        }
        &'evbus;auth;help;remove'= {
        }
        &'evbus;auth;help;help'= {
        }
        &'evbus;completions'= {
            cand --server 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]'
            cand --token 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present'
            cand --ca 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]'
            cand --context 'Use this saved server and token (see `evbus context`)'
            cand --output 'Output format: text for people, json for scripts'
            cand --color 'When to use colors (NO_COLOR is honoured under auto)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'evbus;help'= {
            cand serve 'Run the bus in the foreground.'
            cand emit 'Append one event, or a batch of events, to the log.'
            cand tail 'Stream matching events: history from a position, then live.'
            cand consume 'Join a consumer group and process its events: print them, or run a handler per event.'
            cand groups 'Manage consumer groups: durable, at-least-once delivery to competing members.'
            cand dlq 'Dead letters: events a group gave up on, with every failed attempt.'
            cand replay 'Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or as fresh deliveries to a group.'
            cand request 'Send a request and print its reply: the event gets a replyto inbox and a correlationid; the first reply wins.'
            cand reply 'Answer requests: run CMD per request (via sh -c) with the request event on stdin; its stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error reply, which `evbus request` reports with a non-zero exit.'
            cand routes 'Routes forward each event matching a pattern (and jq filter), exactly once, to a topic (a new event with causationid = the original id) or straight to a group. They act on events from when they are added. A route that would close a cycle is refused.'
            cand schedules 'Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.'
            cand schemas 'Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema says so) for the data of events whose topic matches a pattern. An emit that breaks one is refused, naming where; a conforming event gets `dataschema` set to the schema''s URL on the bus (unless its producer set one).'
            cand apply 'Declares the bus''s groups, routes and schemas in a file (YAML or JSON; each entry what the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …) and makes the bus match it: prints the plan (create, change, replace, delete), then applies it. Applying the same file again changes nothing. `${VAR}` in a value is read from the environment (for secrets).'
            cand export 'Prints the bus''s groups, routes and schemas as the file `evbus apply` reads, so that `export | apply` on another bus reproduces them. Secrets and push header values are written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.'
            cand snapshot 'A snapshot is the bus in one file: its events, groups with their cursors and what they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one thing per line, readable and writable by hand). It loads into an empty bus on any engine; the events get that bus''s next seqs, and the cursors, dead letters and route positions follow them. Loading the same snapshot again changes nothing.'
            cand expect 'Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq `where`, how many, within how long, in order, correlated with an earlier step''s event), expect none of a kind for a while, wait for a group to drain. Prints each step as it passes; on a failure, what was expected and the nearest events seen instead. Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.'
            cand get 'Print one stored event, by seq or id.'
            cand trace 'Follow an event: what caused it, what it caused, and every delivery on the way.'
            cand why 'Why a group did or did not get an event.'
            cand topics 'List topics with event counts and last-seen times.'
            cand status 'Show the bus''s version, engine, data dir, log size and uptime.'
            cand top 'Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and the selected group''s members, refreshed each second.'
            cand bench 'Load a running bus and print medians.'
            cand context 'Named servers and tokens, used with --context NAME or `context use NAME`.'
            cand auth 'Named tokens with rights, for `serve --auth FILE`.'
            cand completions 'Print a shell completion script.'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'evbus;help;serve'= {
        }
        &'evbus;help;emit'= {
        }
        &'evbus;help;tail'= {
        }
        &'evbus;help;consume'= {
        }
        &'evbus;help;groups'= {
            cand list 'List groups: pattern, pending retries, in flight, dead letters, lag, members'
            cand show 'Show one group: its policy, counts and members'
            cand create 'Create a group; with --push, a push group whose member is a webhook'
            cand pause 'Pause a group: it hands out nothing until resumed'
            cand resume 'Resume a paused group'
            cand delete 'Delete a group and its deliveries in progress (its dead letters stay)'
            cand reset 'Move a group''s cursor; deliveries in progress are dropped'
            cand rotate-secret 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over'
        }
        &'evbus;help;groups;list'= {
        }
        &'evbus;help;groups;show'= {
        }
        &'evbus;help;groups;create'= {
        }
        &'evbus;help;groups;pause'= {
        }
        &'evbus;help;groups;resume'= {
        }
        &'evbus;help;groups;delete'= {
        }
        &'evbus;help;groups;reset'= {
        }
        &'evbus;help;groups;rotate-secret'= {
        }
        &'evbus;help;dlq'= {
            cand list 'List dead letters, oldest first (NDJSON with --output json)'
            cand show 'Show one dead letter: the event and its attempt history'
            cand summary 'Count dead letters by group, reason and error, with first and last seen'
            cand requeue 'Put dead letters back into their group with fresh attempts'
            cand edit 'Open one dead letter''s event in $VISUAL or $EDITOR, then requeue what you saved'
            cand drain 'Write dead letters'' events to stdout as NDJSON, removing each once written'
            cand purge 'Delete dead letters for good (asks first on a terminal)'
        }
        &'evbus;help;dlq;list'= {
        }
        &'evbus;help;dlq;show'= {
        }
        &'evbus;help;dlq;summary'= {
        }
        &'evbus;help;dlq;requeue'= {
        }
        &'evbus;help;dlq;edit'= {
        }
        &'evbus;help;dlq;drain'= {
        }
        &'evbus;help;dlq;purge'= {
        }
        &'evbus;help;replay'= {
            cand list 'List replay jobs'
            cand show 'Show a replay job and its progress'
            cand cancel 'Cancel a running or interrupted replay job'
            cand resume 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)'
        }
        &'evbus;help;replay;list'= {
        }
        &'evbus;help;replay;show'= {
        }
        &'evbus;help;replay;cancel'= {
        }
        &'evbus;help;replay;resume'= {
        }
        &'evbus;help;request'= {
        }
        &'evbus;help;reply'= {
        }
        &'evbus;help;routes'= {
            cand list 'List routes with how far each has forwarded'
            cand add 'Add a route'
            cand remove 'Remove a route'
        }
        &'evbus;help;routes;list'= {
        }
        &'evbus;help;routes;add'= {
        }
        &'evbus;help;routes;remove'= {
        }
        &'evbus;help;schedules'= {
            cand list 'List schedules, soonest first: id, topic, next time, repeat, firings'
            cand show 'Show one schedule and its event'
            cand cancel 'Cancel a schedule: it fires no more'
        }
        &'evbus;help;schedules;list'= {
        }
        &'evbus;help;schedules;show'= {
        }
        &'evbus;help;schedules;cancel'= {
        }
        &'evbus;help;schemas'= {
            cand list 'List schemas and the topics they cover'
            cand add 'Add a schema (or, with --replace, replace one)'
            cand show 'Show a schema'
            cand remove 'Remove a schema: events on its topics are no longer checked'
            cand check 'Check events in a file against a schema, line by line, without emitting them'
            cand infer 'Propose a schema from the data of stored events, for review'
        }
        &'evbus;help;schemas;list'= {
        }
        &'evbus;help;schemas;add'= {
        }
        &'evbus;help;schemas;show'= {
        }
        &'evbus;help;schemas;remove'= {
        }
        &'evbus;help;schemas;check'= {
        }
        &'evbus;help;schemas;infer'= {
        }
        &'evbus;help;apply'= {
        }
        &'evbus;help;export'= {
        }
        &'evbus;help;snapshot'= {
            cand save 'Save the bus to a file (it holds push secrets: keep it safe)'
            cand load 'Load a snapshot into the bus, which must be empty'
        }
        &'evbus;help;snapshot;save'= {
        }
        &'evbus;help;snapshot;load'= {
        }
        &'evbus;help;expect'= {
        }
        &'evbus;help;get'= {
        }
        &'evbus;help;trace'= {
        }
        &'evbus;help;why'= {
        }
        &'evbus;help;topics'= {
        }
        &'evbus;help;status'= {
        }
        &'evbus;help;top'= {
        }
        &'evbus;help;bench'= {
        }
        &'evbus;help;context'= {
            cand add 'Add or replace a context; the first one added is put in use'
            cand use 'Use this context from now on'
            cand list 'List contexts; the one in use is marked'
            cand show 'Show a context (the one in use by default); the token is masked'
            cand remove 'Remove a context'
        }
        &'evbus;help;context;add'= {
        }
        &'evbus;help;context;use'= {
        }
        &'evbus;help;context;list'= {
        }
        &'evbus;help;context;show'= {
        }
        &'evbus;help;context;remove'= {
        }
        &'evbus;help;auth'= {
            cand add 'Make a token with these rights; prints it once'
            cand list 'List the tokens and their rights (never the tokens)'
            cand remove 'Remove a token: the bus refuses it once it has read the file again'
        }
        &'evbus;help;auth;add'= {
        }
        &'evbus;help;auth;list'= {
        }
        &'evbus;help;auth;remove'= {
        }
        &'evbus;help;completions'= {
        }
        &'evbus;help;help'= {
        }
    ]
    $completions[$command]
}
