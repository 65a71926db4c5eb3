
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'evbus' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'evbus'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'evbus' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the bus in the foreground.')
            [CompletionResult]::new('emit', 'emit', [CompletionResultType]::ParameterValue, 'Append one event, or a batch of events, to the log.')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Stream matching events: history from a position, then live.')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Join a consumer group and process its events: print them, or run a handler per event.')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Manage consumer groups: durable, at-least-once delivery to competing members.')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead letters: events a group gave up on, with every failed attempt.')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or as fresh deliveries to a group.')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Send a request and print its reply: the event gets a replyto inbox and a correlationid; the first reply wins.')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Answer requests: run CMD per request (via sh -c) with the request event on stdin; its stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error reply, which `evbus request` reports with a non-zero exit.')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Routes forward each event matching a pattern (and jq filter), exactly once, to a topic (a new event with causationid = the original id) or straight to a group. They act on events from when they are added. A route that would close a cycle is refused.')
            [CompletionResult]::new('schedules', 'schedules', [CompletionResultType]::ParameterValue, 'Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema says so) for the data of events whose topic matches a pattern. An emit that breaks one is refused, naming where; a conforming event gets `dataschema` set to the schema''s URL on the bus (unless its producer set one).')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Declares the bus''s groups, routes and schemas in a file (YAML or JSON; each entry what the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …) and makes the bus match it: prints the plan (create, change, replace, delete), then applies it. Applying the same file again changes nothing. `${VAR}` in a value is read from the environment (for secrets).')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Prints the bus''s groups, routes and schemas as the file `evbus apply` reads, so that `export | apply` on another bus reproduces them. Secrets and push header values are written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'A snapshot is the bus in one file: its events, groups with their cursors and what they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one thing per line, readable and writable by hand). It loads into an empty bus on any engine; the events get that bus''s next seqs, and the cursors, dead letters and route positions follow them. Loading the same snapshot again changes nothing.')
            [CompletionResult]::new('expect', 'expect', [CompletionResultType]::ParameterValue, 'Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq `where`, how many, within how long, in order, correlated with an earlier step''s event), expect none of a kind for a while, wait for a group to drain. Prints each step as it passes; on a failure, what was expected and the nearest events seen instead. Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one stored event, by seq or id.')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Follow an event: what caused it, what it caused, and every delivery on the way.')
            [CompletionResult]::new('why', 'why', [CompletionResultType]::ParameterValue, 'Why a group did or did not get an event.')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List topics with event counts and last-seen times.')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the bus''s version, engine, data dir, log size and uptime.')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and the selected group''s members, refreshed each second.')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load a running bus and print medians.')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Named servers and tokens, used with --context NAME or `context use NAME`.')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Named tokens with rights, for `serve --auth FILE`.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where the log lives [default: the user''s data directory, e.g. ~/.local/share/evbus]')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Where the bus keeps its data: embedded (a local file), memory, or nats://HOST:PORT (NATS JetStream; several servers on one NATS are one bus)')
            [CompletionResult]::new('--nats-prefix', '--nats-prefix', [CompletionResultType]::ParameterName, 'Names this bus''s streams and subjects, so several buses can share one NATS')
            [CompletionResult]::new('--nats-replicas', '--nats-replicas', [CompletionResultType]::ParameterName, 'JetStream replicas of each stream (up to the cluster''s size)')
            [CompletionResult]::new('--nats-creds', '--nats-creds', [CompletionResultType]::ParameterName, 'NATS credentials file (JWT and NKey seed)')
            [CompletionResult]::new('--nats-user', '--nats-user', [CompletionResultType]::ParameterName, 'nats-user')
            [CompletionResult]::new('--nats-password', '--nats-password', [CompletionResultType]::ParameterName, 'nats-password')
            [CompletionResult]::new('--nats-token', '--nats-token', [CompletionResultType]::ParameterName, 'nats-token')
            [CompletionResult]::new('--nats-tls-ca', '--nats-tls-ca', [CompletionResultType]::ParameterName, 'CA certificate to verify the NATS server with (implies --nats-tls)')
            [CompletionResult]::new('--nats-tls-cert', '--nats-tls-cert', [CompletionResultType]::ParameterName, 'Client certificate for mutual TLS (with --nats-tls-key)')
            [CompletionResult]::new('--nats-tls-key', '--nats-tls-key', [CompletionResultType]::ParameterName, 'nats-tls-key')
            [CompletionResult]::new('--fsync', '--fsync', [CompletionResultType]::ParameterName, 'always: fsync before every acknowledgement (survives a power cut); never: survives a crash of evbus only')
            [CompletionResult]::new('--dedup-window', '--dedup-window', [CompletionResultType]::ParameterName, 'How long a (source, id) pair is remembered so a re-sent event is not stored twice')
            [CompletionResult]::new('--max-event-size', '--max-event-size', [CompletionResultType]::ParameterName, 'Largest event accepted, as stored')
            [CompletionResult]::new('--retention', '--retention', [CompletionResultType]::ParameterName, 'Drop events older than this (e.g. 7d)')
            [CompletionResult]::new('--retention-bytes', '--retention-bytes', [CompletionResultType]::ParameterName, 'Drop the oldest events while the log is bigger than this (e.g. 10GiB)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token clients must present from this file')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Named tokens with their rights (written by `evbus auth add`); re-read on SIGHUP. --token, if also given, keeps every right')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate (PEM, the server''s own first, then its chain); re-read on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The private key of --tls-cert (PEM); re-read on SIGHUP')
            [CompletionResult]::new('--push-allow', '--push-allow', [CompletionResultType]::ParameterName, 'Where push groups may POST besides public addresses, when the bus listens off loopback: a network (10.1.0.0/16), an address or a host name (repeatable). A bus on loopback may push anywhere')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Also answer requests whose Host is this name (besides IP addresses, localhost and this machine''s name); `*.example.com` allows its subdomains, `*` any host')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections open at once; one more is answered 503 (the open-file limit is raised to fit)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Close a connection that sends no request (or its headers) for this long')
            [CompletionResult]::new('--health-interval', '--health-interval', [CompletionResultType]::ParameterName, 'How often to emit $evbus.health (status, groups, resources); 0 turns it off')
            [CompletionResult]::new('--disk-warning', '--disk-warning', [CompletionResultType]::ParameterName, 'Emit $evbus.warning.disk when free space under the data dir drops below this')
            [CompletionResult]::new('--lag-warning', '--lag-warning', [CompletionResultType]::ParameterName, 'Emit $evbus.warning.lag when a group is more than this many events behind; 0: never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Apply this topology file (what `evbus apply -f` reads) at start; a bad file, or one that cannot be applied, and the bus does not start (exit 2)')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Load this snapshot (what `evbus snapshot save` writes) at start, into an empty bus (the same snapshot again, after a restart, changes nothing); a bad file, or a bus that holds something already, and the bus does not start (exit 2)')
            [CompletionResult]::new('--log-level', '--log-level', [CompletionResultType]::ParameterName, 'Log level for stderr (RUST_LOG overrides it)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Keep everything in memory: a throwaway bus (same as --engine memory)')
            [CompletionResult]::new('--nats-tls', '--nats-tls', [CompletionResultType]::ParameterName, 'Require TLS to NATS')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow listening on a non-loopback address without TLS or without a token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;emit' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The payload: JSON text, @FILE, or - for stdin')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Event source [default: filled by the bus]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Event id; re-sending the same source and id within the dedup window stores it once')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'CloudEvents subject')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a TRACEPARENT in the environment makes the event part of that trace)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The event''s ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Deliver only to this group, or to each group matching a glob (billing-*), whatever their patterns; an address no group matches is dead-lettered as no_route')
            [CompletionResult]::new('--reply-to', '--reply-to', [CompletionResultType]::ParameterName, 'Ask for a reply on this topic: sets replyto and a correlationid (printed)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'With --batch: read this file instead of stdin')
            [CompletionResult]::new('--chunk', '--chunk', [CompletionResultType]::ParameterName, 'With --batch: events per request (each request commits all or nothing)')
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'Append the event this long from now (30s, 10m, 1h30m); it is stored durably until then')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Append the event at this RFC 3339 time (2030-01-01T09:00:00Z)')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'Append a copy every DUR, from one DUR from now, until `evbus schedules cancel`')
            [CompletionResult]::new('--cron', '--cron', [CompletionResultType]::ParameterName, 'Append a copy on a five-field cron schedule (''*/5 * * * *'', ''0 9 * * mon-fri'')')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The time zone --cron runs in (an IANA name, e.g. Europe/Paris) [default: UTC]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Read NDJSON (one CloudEvent per line, or bare data with a TOPIC) from stdin or --file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;tail' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start this far back (10m, 2h) or at this RFC 3339 time')
            [CompletionResult]::new('--from-seq', '--from-seq', [CompletionResultType]::ParameterName, 'Start at this sequence number')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events for which this jq expression is true, evaluated on the bus')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Exit with the timeout code when no (further) event arrives within this long')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--from-start', '--from-start', [CompletionResultType]::ParameterName, 'Start at the oldest stored event')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;consume' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group to join (created on first use)')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run this command per event (via sh -c); its exit code settles the delivery')
            [CompletionResult]::new('--emit', '--emit', [CompletionResultType]::ParameterName, 'Emit the handler''s stdout as an event on this topic before acking')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Events handled at the same time by this member')
            [CompletionResult]::new('--handler-timeout', '--handler-timeout', [CompletionResultType]::ParameterName, 'Kill a handler that runs longer than this; the attempt fails')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many completed events')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Exit with the timeout code when no delivery arrives for this long')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'This member''s name [default: HOST-PID]')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events for which this jq expression is true')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts before an event is dead-lettered [default: 5]')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]')
            [CompletionResult]::new('--ack-timeout', '--ack-timeout', [CompletionResultType]::ParameterName, 'How long a member holds a delivery before it is redelivered [default: 30s]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--ordered', '--ordered', [CompletionResultType]::ParameterName, 'One event per ordering key (partitionkey, emit --key) in flight at a time, in log order')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List groups: pattern, pending retries, in flight, dead letters, lag, members')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one group: its policy, counts and members')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group; with --push, a push group whose member is a webhook')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a group: it hands out nothing until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group and its deliveries in progress (its dead letters stay)')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s cursor; deliveries in progress are dropped')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;groups;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;create' {
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Topic pattern the group receives, e.g. order.* or order.>')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events for which this jq expression is true')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts before an event is dead-lettered [default: 5]')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]')
            [CompletionResult]::new('--ack-timeout', '--ack-timeout', [CompletionResultType]::ParameterName, 'How long a member holds a delivery before it is redelivered [default: 30s]')
            [CompletionResult]::new('--push', '--push', [CompletionResultType]::ParameterName, 'POST each event to this URL (CloudEvents binary mode); 2xx acks')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Sign each push with HMAC-SHA256 under this secret (evbus-signature header)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many pushes per second (10 or 10/s)')
            [CompletionResult]::new('--max-in-flight', '--max-in-flight', [CompletionResultType]::ParameterName, 'At most this many pushes in flight [default: 10]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Send this header with every push, e.g. ''Authorization=Bearer T'' (repeatable); stored, and shown masked')
            [CompletionResult]::new('--pause-after', '--pause-after', [CompletionResultType]::ParameterName, 'Pause the group after this many failed pushes in a row; 0 never [default: 20]')
            [CompletionResult]::new('--probe-every', '--probe-every', [CompletionResultType]::ParameterName, 'While paused by failures, try one push this often; the first taken resumes the group [default: 1m]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--ordered', '--ordered', [CompletionResultType]::ParameterName, 'One event per ordering key (partitionkey, emit --key) in flight at a time, in log order')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;pause' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;reset' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'beginning, new, a seq, a duration back (10m) or an RFC 3339 time')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;rotate-secret' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long the old secret signs as well; 0s stops it at once')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The new secret [default: a random one]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;groups;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List groups: pattern, pending retries, in flight, dead letters, lag, members')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one group: its policy, counts and members')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group; with --push, a push group whose member is a webhook')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a group: it hands out nothing until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group and its deliveries in progress (its dead letters stay)')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s cursor; deliveries in progress are dropped')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;groups;help;list' {
            break
        }
        'evbus;groups;help;show' {
            break
        }
        'evbus;groups;help;create' {
            break
        }
        'evbus;groups;help;pause' {
            break
        }
        'evbus;groups;help;resume' {
            break
        }
        'evbus;groups;help;delete' {
            break
        }
        'evbus;groups;help;reset' {
            break
        }
        'evbus;groups;help;rotate-secret' {
            break
        }
        'evbus;groups;help;help' {
            break
        }
        'evbus;dlq' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dead letters, oldest first (NDJSON with --output json)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one dead letter: the event and its attempt history')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Count dead letters by group, reason and error, with first and last seen')
            [CompletionResult]::new('requeue', 'requeue', [CompletionResultType]::ParameterValue, 'Put dead letters back into their group with fresh attempts')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Open one dead letter''s event in $VISUAL or $EDITOR, then requeue what you saved')
            [CompletionResult]::new('drain', 'drain', [CompletionResultType]::ParameterValue, 'Write dead letters'' events to stdout as NDJSON, removing each once written')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete dead letters for good (asks first on a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;dlq;list' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group''s dead letters')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only dead letters whose topic matches this pattern')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only dead letters that died this recently (10m) or since this RFC 3339 time')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only dead letters whose last error contains this text (see `dlq summary`)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;summary' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group''s dead letters')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only dead letters whose topic matches this pattern')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only dead letters that died this recently (10m) or since this RFC 3339 time')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only dead letters whose last error contains this text (see `dlq summary`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;requeue' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group''s dead letters')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only dead letters whose topic matches this pattern')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only dead letters that died this recently (10m) or since this RFC 3339 time')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only dead letters whose last error contains this text (see `dlq summary`)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'With --all: only dead letters whose event this jq expression accepts')
            [CompletionResult]::new('--transform', '--transform', [CompletionResultType]::ParameterName, 'Rewrite each event with this jq expression before it goes back (its output is the new event); if it fails on any, nothing is requeued')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many per second (100 or 100/s)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every dead letter the selection matches')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Requeue nothing: show what would go back (with --transform, a diff per event)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;edit' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;drain' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group''s dead letters')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only dead letters whose topic matches this pattern')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only dead letters that died this recently (10m) or since this RFC 3339 time')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only dead letters whose last error contains this text (see `dlq summary`)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after this many')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;purge' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group''s dead letters')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only dead letters whose topic matches this pattern')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only dead letters that died this recently (10m) or since this RFC 3339 time')
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Only dead letters whose last error contains this text (see `dlq summary`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every dead letter the selection matches')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Purge nothing: list what would be purged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;dlq;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dead letters, oldest first (NDJSON with --output json)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one dead letter: the event and its attempt history')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Count dead letters by group, reason and error, with first and last seen')
            [CompletionResult]::new('requeue', 'requeue', [CompletionResultType]::ParameterValue, 'Put dead letters back into their group with fresh attempts')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Open one dead letter''s event in $VISUAL or $EDITOR, then requeue what you saved')
            [CompletionResult]::new('drain', 'drain', [CompletionResultType]::ParameterValue, 'Write dead letters'' events to stdout as NDJSON, removing each once written')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete dead letters for good (asks first on a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;dlq;help;list' {
            break
        }
        'evbus;dlq;help;show' {
            break
        }
        'evbus;dlq;help;summary' {
            break
        }
        'evbus;dlq;help;requeue' {
            break
        }
        'evbus;dlq;help;edit' {
            break
        }
        'evbus;dlq;help;drain' {
            break
        }
        'evbus;dlq;help;purge' {
            break
        }
        'evbus;dlq;help;help' {
            break
        }
        'evbus;replay' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events for which this jq expression is true')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start this far back (10m, 2h) or at this RFC 3339 time')
            [CompletionResult]::new('--from-seq', '--from-seq', [CompletionResultType]::ParameterName, 'Start at this seq')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End at the last event before this time (a duration back or RFC 3339)')
            [CompletionResult]::new('--to-seq', '--to-seq', [CompletionResultType]::ParameterName, 'End at this seq, inclusive')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Re-deliver to this group as fresh deliveries')
            [CompletionResult]::new('--to-topic', '--to-topic', [CompletionResultType]::ParameterName, 'Re-emit copies onto this topic')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many events per second (100 or 100/s)')
            [CompletionResult]::new('--pace', '--pace', [CompletionResultType]::ParameterName, '`original`: keep the original gaps between events')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'With --pace original: play this much faster, e.g. 10x')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--from-start', '--from-start', [CompletionResultType]::ParameterName, 'Start at the oldest stored event')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say how many events the slice holds, their time span and topics; change nothing')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'Start the job and print it, without following it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List replay jobs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a replay job and its progress')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a running or interrupted replay job')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;replay;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;replay;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;replay;cancel' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;replay;resume' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;replay;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List replay jobs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a replay job and its progress')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a running or interrupted replay job')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;replay;help;list' {
            break
        }
        'evbus;replay;help;show' {
            break
        }
        'evbus;replay;help;cancel' {
            break
        }
        'evbus;replay;help;resume' {
            break
        }
        'evbus;replay;help;help' {
            break
        }
        'evbus;request' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The payload: JSON text, @FILE, or - for stdin')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Event source [default: filled by the bus]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Event id; re-sending the same source and id within the dedup window stores it once')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'CloudEvents subject')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a TRACEPARENT in the environment makes the event part of that trace)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The event''s ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the reply (at most 60s)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;reply' {
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run this command per request')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The responders'' group [default: reply.PATTERN]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests handled at the same time by this responder')
            [CompletionResult]::new('--handler-timeout', '--handler-timeout', [CompletionResultType]::ParameterName, 'Kill a handler that runs longer than this; an error reply is sent')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after answering this many requests')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Exit with the timeout code when no request arrives for this long')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--ordered', '--ordered', [CompletionResultType]::ParameterName, 'Answer one request per ordering key (partitionkey) at a time, in order')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;routes' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes with how far each has forwarded')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a route')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a route')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;routes;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;routes;add' {
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Topic pattern of the events to forward')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only events for which this jq expression is true')
            [CompletionResult]::new('--to-topic', '--to-topic', [CompletionResultType]::ParameterName, 'Forward as a new event on this topic')
            [CompletionResult]::new('--to-group', '--to-group', [CompletionResultType]::ParameterName, 'Forward straight to this group')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;routes;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;routes;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes with how far each has forwarded')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a route')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a route')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;routes;help;list' {
            break
        }
        'evbus;routes;help;add' {
            break
        }
        'evbus;routes;help;remove' {
            break
        }
        'evbus;routes;help;help' {
            break
        }
        'evbus;schedules' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules, soonest first: id, topic, next time, repeat, firings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one schedule and its event')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a schedule: it fires no more')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;schedules;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schedules;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schedules;cancel' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schedules;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules, soonest first: id, topic, next time, repeat, firings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one schedule and its event')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a schedule: it fires no more')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;schedules;help;list' {
            break
        }
        'evbus;schedules;help;show' {
            break
        }
        'evbus;schedules;help;cancel' {
            break
        }
        'evbus;schedules;help;help' {
            break
        }
        'evbus;schemas' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schemas and the topics they cover')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a schema (or, with --replace, replace one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a schema')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a schema: events on its topics are no longer checked')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check events in a file against a schema, line by line, without emitting them')
            [CompletionResult]::new('infer', 'infer', [CompletionResultType]::ParameterValue, 'Propose a schema from the data of stored events, for review')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;schemas;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schemas;add' {
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Topic pattern of the events whose data must conform')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The JSON Schema, as JSON or YAML (''-'': stdin)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace the schema of that name instead of refusing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schemas;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schemas;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schemas;check' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Events as NDJSON, one CloudEvent per line (''-'': stdin)')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Check against this JSON Schema file instead of the bus''s: no bus is needed')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Each line is the data itself, not an event')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schemas;infer' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events this recent (10m, 2h) or since this RFC 3339 time')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Learn from at most this many events (the oldest first)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;schemas;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schemas and the topics they cover')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a schema (or, with --replace, replace one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a schema')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a schema: events on its topics are no longer checked')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check events in a file against a schema, line by line, without emitting them')
            [CompletionResult]::new('infer', 'infer', [CompletionResultType]::ParameterValue, 'Propose a schema from the data of stored events, for review')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;schemas;help;list' {
            break
        }
        'evbus;schemas;help;add' {
            break
        }
        'evbus;schemas;help;show' {
            break
        }
        'evbus;schemas;help;remove' {
            break
        }
        'evbus;schemas;help;check' {
            break
        }
        'evbus;schemas;help;infer' {
            break
        }
        'evbus;schemas;help;help' {
            break
        }
        'evbus;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The file to apply (''-'': stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The file to apply (''-'': stdin)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan only; change nothing')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete the groups, routes and schemas the file does not name')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Make changes that cannot be made in place (a group''s pattern) by deleting and creating again: the group''s cursor and deliveries in progress are lost')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'yaml, or json (also under --output json)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;snapshot' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Save the bus to a file (it holds push secrets: keep it safe)')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a snapshot into the bus, which must be empty')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;snapshot;save' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;snapshot;load' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;snapshot;help' {
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Save the bus to a file (it holds push secrets: keep it safe)')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a snapshot into the bus, which must be empty')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;snapshot;help;save' {
            break
        }
        'evbus;snapshot;help;load' {
            break
        }
        'evbus;snapshot;help;help' {
            break
        }
        'evbus;expect' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The flow to run (''-'': stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The flow to run (''-'': stdin)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report here, one test case per step')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;get' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'With an id: the event''s source, when several sources use the id')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Take SEQ|ID as an id even if it is a number')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;trace' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'With an id: the event''s source, when several sources use the id')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Take SEQ|ID as an id even if it is a number')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;why' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'With an id: the event''s source, when several sources use the id')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group asked about')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Take SEQ|ID as an id even if it is a number')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;topics' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;status' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;top' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;bench' {
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'Scenarios to run (repeatable) [default: publish, baseline, batch, latency, process]')
            [CompletionResult]::new('--runs', '--runs', [CompletionResultType]::ParameterName, 'Runs per scenario; the median is reported')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'Concurrent keep-alive connections for publish and baseline')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Events per publish/baseline run')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Event size in bytes, as sent')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Events per request in the batch scenario')
            [CompletionResult]::new('--batch-events', '--batch-events', [CompletionResultType]::ParameterName, 'Events per batch run')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Events per second in the latency scenario')
            [CompletionResult]::new('--latency-events', '--latency-events', [CompletionResultType]::ParameterName, 'Events per latency run')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'Members pulling from the group in the group scenario')
            [CompletionResult]::new('--fetch', '--fetch', [CompletionResultType]::ParameterName, 'Events per pull (and per ack) in the group scenario')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Ordering keys the events of the ordered scenario are spread over')
            [CompletionResult]::new('--group-events', '--group-events', [CompletionResultType]::ParameterName, 'Events consumed per group run')
            [CompletionResult]::new('--replay-events', '--replay-events', [CompletionResultType]::ParameterName, 'Events stored once, then replayed to stdout per run, in the replay scenario')
            [CompletionResult]::new('--trace-events', '--trace-events', [CompletionResultType]::ParameterName, 'Events stored before the traced tree in the trace scenario')
            [CompletionResult]::new('--fill', '--fill', [CompletionResultType]::ParameterName, 'Events to store in the fill scenario')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Instead of the bus at --server, start a bus on each ENGINE (repeatable: embedded, memory, nats://HOST:PORT) with fresh storage, and measure them in one run')
            [CompletionResult]::new('--nats', '--nats', [CompletionResultType]::ParameterName, 'The NATS server (with JetStream) of the nats-baseline scenario')
            [CompletionResult]::new('--redis', '--redis', [CompletionResultType]::ParameterName, 'The Redis server of the redis-baseline scenario')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;context' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add or replace a context; the first one added is put in use')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Use this context from now on')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contexts; the one in use is marked')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (the one in use by default); the token is masked')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a context')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;context;add' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--use', '--use', [CompletionResultType]::ParameterName, 'Use it from now on')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;context;use' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;context;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;context;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;context;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;context;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add or replace a context; the first one added is put in use')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Use this context from now on')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contexts; the one in use is marked')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (the one in use by default); the token is masked')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a context')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;context;help;add' {
            break
        }
        'evbus;context;help;use' {
            break
        }
        'evbus;context;help;list' {
            break
        }
        'evbus;context;help;show' {
            break
        }
        'evbus;context;help;remove' {
            break
        }
        'evbus;context;help;help' {
            break
        }
        'evbus;auth' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token with these rights; prints it once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens and their rights (never the tokens)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a token: the bus refuses it once it has read the file again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;auth;add' {
            [CompletionResult]::new('--publish', '--publish', [CompletionResultType]::ParameterName, 'Emit on topics matching this pattern (repeatable)')
            [CompletionResult]::new('--subscribe', '--subscribe', [CompletionResultType]::ParameterName, 'Read events on topics matching this pattern: tail, replay to stdout, request (repeatable)')
            [CompletionResult]::new('--consume', '--consume', [CompletionResultType]::ParameterName, 'Pull, settle and reply for this group, a name or a glob like billing-* (repeatable)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The auth file (created by the first `auth add`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('--read', '--read', [CompletionResultType]::ParameterName, 'Look at status, topics, groups, dead letters, replays, routes and schedules')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Change groups, routes, schedules, dead letters and replays (implies --read)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;auth;list' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The auth file (created by the first `auth add`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;auth;remove' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The auth file (created by the first `auth add`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;auth;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token with these rights; prints it once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens and their rights (never the tokens)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a token: the bus refuses it once it has read the file again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;auth;help;add' {
            break
        }
        'evbus;auth;help;list' {
            break
        }
        'evbus;auth;help;remove' {
            break
        }
        'evbus;auth;help;help' {
            break
        }
        'evbus;completions' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https:// server, besides the system''s roots [env: EVBUS_CA]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this saved server and token (see `evbus context`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured under auto)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'evbus;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the bus in the foreground.')
            [CompletionResult]::new('emit', 'emit', [CompletionResultType]::ParameterValue, 'Append one event, or a batch of events, to the log.')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Stream matching events: history from a position, then live.')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Join a consumer group and process its events: print them, or run a handler per event.')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Manage consumer groups: durable, at-least-once delivery to competing members.')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead letters: events a group gave up on, with every failed attempt.')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or as fresh deliveries to a group.')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Send a request and print its reply: the event gets a replyto inbox and a correlationid; the first reply wins.')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Answer requests: run CMD per request (via sh -c) with the request event on stdin; its stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error reply, which `evbus request` reports with a non-zero exit.')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Routes forward each event matching a pattern (and jq filter), exactly once, to a topic (a new event with causationid = the original id) or straight to a group. They act on events from when they are added. A route that would close a cycle is refused.')
            [CompletionResult]::new('schedules', 'schedules', [CompletionResultType]::ParameterValue, 'Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.')
            [CompletionResult]::new('schemas', 'schemas', [CompletionResultType]::ParameterValue, 'Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema says so) for the data of events whose topic matches a pattern. An emit that breaks one is refused, naming where; a conforming event gets `dataschema` set to the schema''s URL on the bus (unless its producer set one).')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Declares the bus''s groups, routes and schemas in a file (YAML or JSON; each entry what the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …) and makes the bus match it: prints the plan (create, change, replace, delete), then applies it. Applying the same file again changes nothing. `${VAR}` in a value is read from the environment (for secrets).')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Prints the bus''s groups, routes and schemas as the file `evbus apply` reads, so that `export | apply` on another bus reproduces them. Secrets and push header values are written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'A snapshot is the bus in one file: its events, groups with their cursors and what they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one thing per line, readable and writable by hand). It loads into an empty bus on any engine; the events get that bus''s next seqs, and the cursors, dead letters and route positions follow them. Loading the same snapshot again changes nothing.')
            [CompletionResult]::new('expect', 'expect', [CompletionResultType]::ParameterValue, 'Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq `where`, how many, within how long, in order, correlated with an earlier step''s event), expect none of a kind for a while, wait for a group to drain. Prints each step as it passes; on a failure, what was expected and the nearest events seen instead. Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one stored event, by seq or id.')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Follow an event: what caused it, what it caused, and every delivery on the way.')
            [CompletionResult]::new('why', 'why', [CompletionResultType]::ParameterValue, 'Why a group did or did not get an event.')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List topics with event counts and last-seen times.')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the bus''s version, engine, data dir, log size and uptime.')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and the selected group''s members, refreshed each second.')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load a running bus and print medians.')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Named servers and tokens, used with --context NAME or `context use NAME`.')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Named tokens with rights, for `serve --auth FILE`.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'evbus;help;serve' {
            break
        }
        'evbus;help;emit' {
            break
        }
        'evbus;help;tail' {
            break
        }
        'evbus;help;consume' {
            break
        }
        'evbus;help;groups' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List groups: pattern, pending retries, in flight, dead letters, lag, members')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one group: its policy, counts and members')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group; with --push, a push group whose member is a webhook')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a group: it hands out nothing until resumed')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group and its deliveries in progress (its dead letters stay)')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s cursor; deliveries in progress are dropped')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over')
            break
        }
        'evbus;help;groups;list' {
            break
        }
        'evbus;help;groups;show' {
            break
        }
        'evbus;help;groups;create' {
            break
        }
        'evbus;help;groups;pause' {
            break
        }
        'evbus;help;groups;resume' {
            break
        }
        'evbus;help;groups;delete' {
            break
        }
        'evbus;help;groups;reset' {
            break
        }
        'evbus;help;groups;rotate-secret' {
            break
        }
        'evbus;help;dlq' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List dead letters, oldest first (NDJSON with --output json)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one dead letter: the event and its attempt history')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'Count dead letters by group, reason and error, with first and last seen')
            [CompletionResult]::new('requeue', 'requeue', [CompletionResultType]::ParameterValue, 'Put dead letters back into their group with fresh attempts')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Open one dead letter''s event in $VISUAL or $EDITOR, then requeue what you saved')
            [CompletionResult]::new('drain', 'drain', [CompletionResultType]::ParameterValue, 'Write dead letters'' events to stdout as NDJSON, removing each once written')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete dead letters for good (asks first on a terminal)')
            break
        }
        'evbus;help;dlq;list' {
            break
        }
        'evbus;help;dlq;show' {
            break
        }
        'evbus;help;dlq;summary' {
            break
        }
        'evbus;help;dlq;requeue' {
            break
        }
        'evbus;help;dlq;edit' {
            break
        }
        'evbus;help;dlq;drain' {
            break
        }
        'evbus;help;dlq;purge' {
            break
        }
        'evbus;help;replay' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List replay jobs')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a replay job and its progress')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a running or interrupted replay job')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)')
            break
        }
        'evbus;help;replay;list' {
            break
        }
        'evbus;help;replay;show' {
            break
        }
        'evbus;help;replay;cancel' {
            break
        }
        'evbus;help;replay;resume' {
            break
        }
        'evbus;help;request' {
            break
        }
        'evbus;help;reply' {
            break
        }
        'evbus;help;routes' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List routes with how far each has forwarded')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a route')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a route')
            break
        }
        'evbus;help;routes;list' {
            break
        }
        'evbus;help;routes;add' {
            break
        }
        'evbus;help;routes;remove' {
            break
        }
        'evbus;help;schedules' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schedules, soonest first: id, topic, next time, repeat, firings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one schedule and its event')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a schedule: it fires no more')
            break
        }
        'evbus;help;schedules;list' {
            break
        }
        'evbus;help;schedules;show' {
            break
        }
        'evbus;help;schedules;cancel' {
            break
        }
        'evbus;help;schemas' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List schemas and the topics they cover')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a schema (or, with --replace, replace one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a schema')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a schema: events on its topics are no longer checked')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check events in a file against a schema, line by line, without emitting them')
            [CompletionResult]::new('infer', 'infer', [CompletionResultType]::ParameterValue, 'Propose a schema from the data of stored events, for review')
            break
        }
        'evbus;help;schemas;list' {
            break
        }
        'evbus;help;schemas;add' {
            break
        }
        'evbus;help;schemas;show' {
            break
        }
        'evbus;help;schemas;remove' {
            break
        }
        'evbus;help;schemas;check' {
            break
        }
        'evbus;help;schemas;infer' {
            break
        }
        'evbus;help;apply' {
            break
        }
        'evbus;help;export' {
            break
        }
        'evbus;help;snapshot' {
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Save the bus to a file (it holds push secrets: keep it safe)')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a snapshot into the bus, which must be empty')
            break
        }
        'evbus;help;snapshot;save' {
            break
        }
        'evbus;help;snapshot;load' {
            break
        }
        'evbus;help;expect' {
            break
        }
        'evbus;help;get' {
            break
        }
        'evbus;help;trace' {
            break
        }
        'evbus;help;why' {
            break
        }
        'evbus;help;topics' {
            break
        }
        'evbus;help;status' {
            break
        }
        'evbus;help;top' {
            break
        }
        'evbus;help;bench' {
            break
        }
        'evbus;help;context' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add or replace a context; the first one added is put in use')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Use this context from now on')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contexts; the one in use is marked')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (the one in use by default); the token is masked')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a context')
            break
        }
        'evbus;help;context;add' {
            break
        }
        'evbus;help;context;use' {
            break
        }
        'evbus;help;context;list' {
            break
        }
        'evbus;help;context;show' {
            break
        }
        'evbus;help;context;remove' {
            break
        }
        'evbus;help;auth' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token with these rights; prints it once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens and their rights (never the tokens)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a token: the bus refuses it once it has read the file again')
            break
        }
        'evbus;help;auth;add' {
            break
        }
        'evbus;help;auth;list' {
            break
        }
        'evbus;help;auth;remove' {
            break
        }
        'evbus;help;completions' {
            break
        }
        'evbus;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
