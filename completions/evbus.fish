# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_evbus_global_optspecs
    string join \n server= token= ca= context= output= color= h/help V/version
end

function __fish_evbus_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_evbus_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_evbus_using_subcommand
    set -l cmd (__fish_evbus_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c evbus -n "__fish_evbus_needs_command" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_needs_command" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_needs_command" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_needs_command" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_needs_command" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_needs_command" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_needs_command" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "serve" -d 'Run the bus in the foreground.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "emit" -d 'Append one event, or a batch of events, to the log.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "tail" -d 'Stream matching events: history from a position, then live.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "consume" -d 'Join a consumer group and process its events: print them, or run a handler per event.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "groups" -d 'Manage consumer groups: durable, at-least-once delivery to competing members.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "dlq" -d 'Dead letters: events a group gave up on, with every failed attempt.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "replay" -d 'Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or as fresh deliveries to a group.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "request" -d 'Send a request and print its reply: the event gets a replyto inbox and a correlationid; the first reply wins.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "reply" -d 'Answer requests: run CMD per request (via sh -c) with the request event on stdin; its stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error reply, which `evbus request` reports with a non-zero exit.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "routes" -d 'Routes forward each event matching a pattern (and jq filter), exactly once, to a topic (a new event with causationid = the original id) or straight to a group. They act on events from when they are added. A route that would close a cycle is refused.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "schedules" -d 'Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "schemas" -d 'Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema says so) for the data of events whose topic matches a pattern. An emit that breaks one is refused, naming where; a conforming event gets `dataschema` set to the schema\'s URL on the bus (unless its producer set one).'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "apply" -d 'Declares the bus\'s groups, routes and schemas in a file (YAML or JSON; each entry what the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …) and makes the bus match it: prints the plan (create, change, replace, delete), then applies it. Applying the same file again changes nothing. `${VAR}` in a value is read from the environment (for secrets).'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "export" -d 'Prints the bus\'s groups, routes and schemas as the file `evbus apply` reads, so that `export | apply` on another bus reproduces them. Secrets and push header values are written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "snapshot" -d 'A snapshot is the bus in one file: its events, groups with their cursors and what they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one thing per line, readable and writable by hand). It loads into an empty bus on any engine; the events get that bus\'s next seqs, and the cursors, dead letters and route positions follow them. Loading the same snapshot again changes nothing.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "expect" -d 'Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq `where`, how many, within how long, in order, correlated with an earlier step\'s event), expect none of a kind for a while, wait for a group to drain. Prints each step as it passes; on a failure, what was expected and the nearest events seen instead. Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "get" -d 'Print one stored event, by seq or id.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "trace" -d 'Follow an event: what caused it, what it caused, and every delivery on the way.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "why" -d 'Why a group did or did not get an event.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "topics" -d 'List topics with event counts and last-seen times.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "status" -d 'Show the bus\'s version, engine, data dir, log size and uptime.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "top" -d 'Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and the selected group\'s members, refreshed each second.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "bench" -d 'Load a running bus and print medians.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "context" -d 'Named servers and tokens, used with --context NAME or `context use NAME`.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "auth" -d 'Named tokens with rights, for `serve --auth FILE`.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "completions" -d 'Print a shell completion script.'
complete -c evbus -n "__fish_evbus_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l data-dir -d 'Where the log lives [default: the user\'s data directory, e.g. ~/.local/share/evbus]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l engine -d 'Where the bus keeps its data: embedded (a local file), memory, or nats://HOST:PORT (NATS JetStream; several servers on one NATS are one bus)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-prefix -d 'Names this bus\'s streams and subjects, so several buses can share one NATS' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-replicas -d 'JetStream replicas of each stream (up to the cluster\'s size)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-creds -d 'NATS credentials file (JWT and NKey seed)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-user -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-password -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-token -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-tls-ca -d 'CA certificate to verify the NATS server with (implies --nats-tls)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-tls-cert -d 'Client certificate for mutual TLS (with --nats-tls-key)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-tls-key -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l fsync -d 'always: fsync before every acknowledgement (survives a power cut); never: survives a crash of evbus only' -r -f -a "always\t'fsync before every acknowledgement (group commit): survives a power cut'
never\t'leave flushing to the OS: survives a crash of evbus, not of the machine'"
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l dedup-window -d 'How long a (source, id) pair is remembered so a re-sent event is not stored twice' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l max-event-size -d 'Largest event accepted, as stored' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l retention -d 'Drop events older than this (e.g. 7d)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l retention-bytes -d 'Drop the oldest events while the log is bigger than this (e.g. 10GiB)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l token-file -d 'Read the token clients must present from this file' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l auth -d 'Named tokens with their rights (written by `evbus auth add`); re-read on SIGHUP. --token, if also given, keeps every right' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l tls-cert -d 'Serve HTTPS with this certificate (PEM, the server\'s own first, then its chain); re-read on SIGHUP' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l tls-key -d 'The private key of --tls-cert (PEM); re-read on SIGHUP' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l push-allow -d 'Where push groups may POST besides public addresses, when the bus listens off loopback: a network (10.1.0.0/16), an address or a host name (repeatable). A bus on loopback may push anywhere' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l allow-host -d 'Also answer requests whose Host is this name (besides IP addresses, localhost and this machine\'s name); `*.example.com` allows its subdomains, `*` any host' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l max-connections -d 'Connections open at once; one more is answered 503 (the open-file limit is raised to fit)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l idle-timeout -d 'Close a connection that sends no request (or its headers) for this long' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l health-interval -d 'How often to emit $evbus.health (status, groups, resources); 0 turns it off' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l disk-warning -d 'Emit $evbus.warning.disk when free space under the data dir drops below this' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l lag-warning -d 'Emit $evbus.warning.lag when a group is more than this many events behind; 0: never' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l config -d 'Apply this topology file (what `evbus apply -f` reads) at start; a bad file, or one that cannot be applied, and the bus does not start (exit 2)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l snapshot -d 'Load this snapshot (what `evbus snapshot save` writes) at start, into an empty bus (the same snapshot again, after a restart, changes nothing); a bad file, or a bus that holds something already, and the bus does not start (exit 2)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l log-level -d 'Log level for stderr (RUST_LOG overrides it)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l memory -d 'Keep everything in memory: a throwaway bus (same as --engine memory)'
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l nats-tls -d 'Require TLS to NATS'
complete -c evbus -n "__fish_evbus_using_subcommand serve" -l insecure -d 'Allow listening on a non-loopback address without TLS or without a token'
complete -c evbus -n "__fish_evbus_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand serve" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l data -d 'The payload: JSON text, @FILE, or - for stdin' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l content-type -d 'Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l source -d 'Event source [default: filled by the bus]' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l id -d 'Event id; re-sending the same source and id within the dedup window stores it once' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l subject -d 'CloudEvents subject' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l attr -d 'An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a TRACEPARENT in the environment makes the event part of that trace)' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l key -d 'The event\'s ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l to -d 'Deliver only to this group, or to each group matching a glob (billing-*), whatever their patterns; an address no group matches is dead-lettered as no_route' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l reply-to -d 'Ask for a reply on this topic: sets replyto and a correlationid (printed)' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l file -d 'With --batch: read this file instead of stdin' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l chunk -d 'With --batch: events per request (each request commits all or nothing)' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l in -d 'Append the event this long from now (30s, 10m, 1h30m); it is stored durably until then' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l at -d 'Append the event at this RFC 3339 time (2030-01-01T09:00:00Z)' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l every -d 'Append a copy every DUR, from one DUR from now, until `evbus schedules cancel`' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l cron -d 'Append a copy on a five-field cron schedule (\'*/5 * * * *\', \'0 9 * * mon-fri\')' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l tz -d 'The time zone --cron runs in (an IANA name, e.g. Europe/Paris) [default: UTC]' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand emit" -l batch -d 'Read NDJSON (one CloudEvent per line, or bare data with a TOPIC) from stdin or --file'
complete -c evbus -n "__fish_evbus_using_subcommand emit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand emit" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l since -d 'Start this far back (10m, 2h) or at this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l from-seq -d 'Start at this sequence number' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l filter -d 'Only events for which this jq expression is true, evaluated on the bus' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l count -d 'Exit 0 after this many events' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l timeout -d 'Exit with the timeout code when no (further) event arrives within this long' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand tail" -l from-start -d 'Start at the oldest stored event'
complete -c evbus -n "__fish_evbus_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand tail" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l group -d 'The group to join (created on first use)' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l exec -d 'Run this command per event (via sh -c); its exit code settles the delivery' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l emit -d 'Emit the handler\'s stdout as an event on this topic before acking' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l concurrency -d 'Events handled at the same time by this member' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l handler-timeout -d 'Kill a handler that runs longer than this; the attempt fails' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l count -d 'Exit 0 after this many completed events' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l timeout -d 'Exit with the timeout code when no delivery arrives for this long' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l member -d 'This member\'s name [default: HOST-PID]' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l filter -d 'Only events for which this jq expression is true' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l start -d 'Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l max-attempts -d 'Attempts before an event is dead-lettered [default: 5]' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l backoff -d 'Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l ack-timeout -d 'How long a member holds a delivery before it is redelivered [default: 30s]' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand consume" -l ordered -d 'One event per ordering key (partitionkey, emit --key) in flight at a time, in log order'
complete -c evbus -n "__fish_evbus_using_subcommand consume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand consume" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "list" -d 'List groups: pattern, pending retries, in flight, dead letters, lag, members'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "show" -d 'Show one group: its policy, counts and members'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "create" -d 'Create a group; with --push, a push group whose member is a webhook'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "pause" -d 'Pause a group: it hands out nothing until resumed'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "resume" -d 'Resume a paused group'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "delete" -d 'Delete a group and its deliveries in progress (its dead letters stay)'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "reset" -d 'Move a group\'s cursor; deliveries in progress are dropped'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "rotate-secret" -d 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and not __fish_seen_subcommand_from list show create pause resume delete reset rotate-secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l pattern -d 'Topic pattern the group receives, e.g. order.* or order.>' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l filter -d 'Only events for which this jq expression is true' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l start -d 'Where a new group starts: new, beginning, a seq, a duration back or a time [default: new]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l max-attempts -d 'Attempts before an event is dead-lettered [default: 5]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l backoff -d 'Retry delays, exponential with jitter, MIN..MAX [default: 1s..5m]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l ack-timeout -d 'How long a member holds a delivery before it is redelivered [default: 30s]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l push -d 'POST each event to this URL (CloudEvents binary mode); 2xx acks' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l secret -d 'Sign each push with HMAC-SHA256 under this secret (evbus-signature header)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l rate -d 'At most this many pushes per second (10 or 10/s)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l max-in-flight -d 'At most this many pushes in flight [default: 10]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l header -d 'Send this header with every push, e.g. \'Authorization=Bearer T\' (repeatable); stored, and shown masked' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l pause-after -d 'Pause the group after this many failed pushes in a row; 0 never [default: 20]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l probe-every -d 'While paused by failures, try one push this often; the first taken resumes the group [default: 1m]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -l ordered -d 'One event per ordering key (partitionkey, emit --key) in flight at a time, in log order'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l to -d 'beginning, new, a seq, a duration back (10m) or an RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l grace -d 'How long the old secret signs as well; 0s stops it at once' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l secret -d 'The new secret [default: a random one]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from rotate-secret" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "list" -d 'List groups: pattern, pending retries, in flight, dead letters, lag, members'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one group: its policy, counts and members'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a group; with --push, a push group whose member is a webhook'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause a group: it hands out nothing until resumed'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused group'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a group and its deliveries in progress (its dead letters stay)'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Move a group\'s cursor; deliveries in progress are dropped'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "rotate-secret" -d 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over'
complete -c evbus -n "__fish_evbus_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "list" -d 'List dead letters, oldest first (NDJSON with --output json)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "show" -d 'Show one dead letter: the event and its attempt history'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "summary" -d 'Count dead letters by group, reason and error, with first and last seen'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "requeue" -d 'Put dead letters back into their group with fresh attempts'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "edit" -d 'Open one dead letter\'s event in $VISUAL or $EDITOR, then requeue what you saved'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "drain" -d 'Write dead letters\' events to stdout as NDJSON, removing each once written'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "purge" -d 'Delete dead letters for good (asks first on a terminal)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and not __fish_seen_subcommand_from list show summary requeue edit drain purge help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l group -d 'Only this group\'s dead letters' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l topic -d 'Only dead letters whose topic matches this pattern' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l since -d 'Only dead letters that died this recently (10m) or since this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l error -d 'Only dead letters whose last error contains this text (see `dlq summary`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l limit -d 'At most this many' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l group -d 'Only this group\'s dead letters' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l topic -d 'Only dead letters whose topic matches this pattern' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l since -d 'Only dead letters that died this recently (10m) or since this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l error -d 'Only dead letters whose last error contains this text (see `dlq summary`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from summary" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l group -d 'Only this group\'s dead letters' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l topic -d 'Only dead letters whose topic matches this pattern' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l since -d 'Only dead letters that died this recently (10m) or since this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l error -d 'Only dead letters whose last error contains this text (see `dlq summary`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l filter -d 'With --all: only dead letters whose event this jq expression accepts' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l transform -d 'Rewrite each event with this jq expression before it goes back (its output is the new event); if it fails on any, nothing is requeued' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l rate -d 'At most this many per second (100 or 100/s)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l all -d 'Every dead letter the selection matches'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -l dry-run -d 'Requeue nothing: show what would go back (with --transform, a diff per event)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from requeue" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l group -d 'Only this group\'s dead letters' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l topic -d 'Only dead letters whose topic matches this pattern' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l since -d 'Only dead letters that died this recently (10m) or since this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l error -d 'Only dead letters whose last error contains this text (see `dlq summary`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l count -d 'Stop after this many' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from drain" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l group -d 'Only this group\'s dead letters' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l topic -d 'Only dead letters whose topic matches this pattern' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l since -d 'Only dead letters that died this recently (10m) or since this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l error -d 'Only dead letters whose last error contains this text (see `dlq summary`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l all -d 'Every dead letter the selection matches'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l yes -d 'Do not ask for confirmation'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -l dry-run -d 'Purge nothing: list what would be purged'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "list" -d 'List dead letters, oldest first (NDJSON with --output json)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one dead letter: the event and its attempt history'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "summary" -d 'Count dead letters by group, reason and error, with first and last seen'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "requeue" -d 'Put dead letters back into their group with fresh attempts'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Open one dead letter\'s event in $VISUAL or $EDITOR, then requeue what you saved'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "drain" -d 'Write dead letters\' events to stdout as NDJSON, removing each once written'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Delete dead letters for good (asks first on a terminal)'
complete -c evbus -n "__fish_evbus_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l filter -d 'Only events for which this jq expression is true' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l since -d 'Start this far back (10m, 2h) or at this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l from-seq -d 'Start at this seq' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l until -d 'End at the last event before this time (a duration back or RFC 3339)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l to-seq -d 'End at this seq, inclusive' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l group -d 'Re-deliver to this group as fresh deliveries' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l to-topic -d 'Re-emit copies onto this topic' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l rate -d 'At most this many events per second (100 or 100/s)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l pace -d '`original`: keep the original gaps between events' -r -f -a "original\t''"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l speed -d 'With --pace original: play this much faster, e.g. 10x' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l from-start -d 'Start at the oldest stored event'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l dry-run -d 'Say how many events the slice holds, their time span and topics; change nothing'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -l detach -d 'Start the job and print it, without following it'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -a "list" -d 'List replay jobs'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -a "show" -d 'Show a replay job and its progress'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -a "cancel" -d 'Cancel a running or interrupted replay job'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -a "resume" -d 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and not __fish_seen_subcommand_from list show cancel resume help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from help" -f -a "list" -d 'List replay jobs'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a replay job and its progress'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a running or interrupted replay job'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)'
complete -c evbus -n "__fish_evbus_using_subcommand replay; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand request" -l data -d 'The payload: JSON text, @FILE, or - for stdin' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l content-type -d 'Media type of a non-JSON payload (e.g. text/plain); sets datacontenttype' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l source -d 'Event source [default: filled by the bus]' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l id -d 'Event id; re-sending the same source and id within the dedup window stores it once' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l subject -d 'CloudEvents subject' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l attr -d 'An extension attribute, e.g. --attr traceparent=00-…; repeatable (without one, a TRACEPARENT in the environment makes the event part of that trace)' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l key -d 'The event\'s ordering key: sets the CloudEvents partitionkey (1 to 256 bytes)' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l timeout -d 'How long to wait for the reply (at most 60s)' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand request" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand request" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand request" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand request" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l exec -d 'Run this command per request' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l group -d 'The responders\' group [default: reply.PATTERN]' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l concurrency -d 'Requests handled at the same time by this responder' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l handler-timeout -d 'Kill a handler that runs longer than this; an error reply is sent' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l count -d 'Exit 0 after answering this many requests' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l timeout -d 'Exit with the timeout code when no request arrives for this long' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand reply" -l ordered -d 'Answer one request per ordering key (partitionkey) at a time, in order'
complete -c evbus -n "__fish_evbus_using_subcommand reply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand reply" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -f -a "list" -d 'List routes with how far each has forwarded'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -f -a "add" -d 'Add a route'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -f -a "remove" -d 'Remove a route'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and not __fish_seen_subcommand_from list add remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l pattern -d 'Topic pattern of the events to forward' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l filter -d 'Only events for which this jq expression is true' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l to-topic -d 'Forward as a new event on this topic' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l to-group -d 'Forward straight to this group' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from help" -f -a "list" -d 'List routes with how far each has forwarded'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a route'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a route'
complete -c evbus -n "__fish_evbus_using_subcommand routes; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -f -a "list" -d 'List schedules, soonest first: id, topic, next time, repeat, firings'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -f -a "show" -d 'Show one schedule and its event'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -f -a "cancel" -d 'Cancel a schedule: it fires no more'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and not __fish_seen_subcommand_from list show cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from help" -f -a "list" -d 'List schedules, soonest first: id, topic, next time, repeat, firings'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one schedule and its event'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a schedule: it fires no more'
complete -c evbus -n "__fish_evbus_using_subcommand schedules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "list" -d 'List schemas and the topics they cover'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "add" -d 'Add a schema (or, with --replace, replace one)'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "show" -d 'Show a schema'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "remove" -d 'Remove a schema: events on its topics are no longer checked'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "check" -d 'Check events in a file against a schema, line by line, without emitting them'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "infer" -d 'Propose a schema from the data of stored events, for review'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and not __fish_seen_subcommand_from list add show remove check infer help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l pattern -d 'Topic pattern of the events whose data must conform' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l file -d 'The JSON Schema, as JSON or YAML (\'-\': stdin)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -l replace -d 'Replace the schema of that name instead of refusing'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l file -d 'Events as NDJSON, one CloudEvent per line (\'-\': stdin)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l schema -d 'Check against this JSON Schema file instead of the bus\'s: no bus is needed' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -l data -d 'Each line is the data itself, not an event'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l since -d 'Only events this recent (10m, 2h) or since this RFC 3339 time' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l limit -d 'Learn from at most this many events (the oldest first)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from infer" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "list" -d 'List schemas and the topics they cover'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a schema (or, with --replace, replace one)'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a schema'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a schema: events on its topics are no longer checked'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check events in a file against a schema, line by line, without emitting them'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "infer" -d 'Propose a schema from the data of stored events, for review'
complete -c evbus -n "__fish_evbus_using_subcommand schemas; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand apply" -s f -l file -d 'The file to apply (\'-\': stdin)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l dry-run -d 'Print the plan only; change nothing'
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l prune -d 'Also delete the groups, routes and schemas the file does not name'
complete -c evbus -n "__fish_evbus_using_subcommand apply" -l replace -d 'Make changes that cannot be made in place (a group\'s pattern) by deleting and creating again: the group\'s cursor and deliveries in progress are lost'
complete -c evbus -n "__fish_evbus_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand apply" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand export" -l format -d 'yaml, or json (also under --output json)' -r -f -a "yaml\t''
json\t''"
complete -c evbus -n "__fish_evbus_using_subcommand export" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand export" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand export" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand export" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand export" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand export" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand export" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -f -a "save" -d 'Save the bus to a file (it holds push secrets: keep it safe)'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -f -a "load" -d 'Load a snapshot into the bus, which must be empty'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and not __fish_seen_subcommand_from save load help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from save" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from load" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "save" -d 'Save the bus to a file (it holds push secrets: keep it safe)'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "load" -d 'Load a snapshot into the bus, which must be empty'
complete -c evbus -n "__fish_evbus_using_subcommand snapshot; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand expect" -s f -l file -d 'The flow to run (\'-\': stdin)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l junit -d 'Also write a JUnit XML report here, one test case per step' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand expect" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand expect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand expect" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand get" -l source -d 'With an id: the event\'s source, when several sources use the id' -r
complete -c evbus -n "__fish_evbus_using_subcommand get" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand get" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand get" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand get" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand get" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand get" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand get" -l id -d 'Take SEQ|ID as an id even if it is a number'
complete -c evbus -n "__fish_evbus_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand get" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l source -d 'With an id: the event\'s source, when several sources use the id' -r
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand trace" -l id -d 'Take SEQ|ID as an id even if it is a number'
complete -c evbus -n "__fish_evbus_using_subcommand trace" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand trace" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand why" -l source -d 'With an id: the event\'s source, when several sources use the id' -r
complete -c evbus -n "__fish_evbus_using_subcommand why" -l group -d 'The group asked about' -r
complete -c evbus -n "__fish_evbus_using_subcommand why" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand why" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand why" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand why" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand why" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand why" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand why" -l id -d 'Take SEQ|ID as an id even if it is a number'
complete -c evbus -n "__fish_evbus_using_subcommand why" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand why" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand topics" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand topics" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand topics" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand topics" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand topics" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand topics" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand topics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand topics" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand status" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand status" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand status" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand status" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand status" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand status" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand status" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand top" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand top" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand top" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand top" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand top" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand top" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand top" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand top" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l scenario -d 'Scenarios to run (repeatable) [default: publish, baseline, batch, latency, process]' -r -f -a "publish\t''
baseline\t''
batch\t''
latency\t''
process\t''
fill\t''
group\t''
ordered\t''
replay\t''
request\t''
trace\t''
nats-baseline\t''
redis-baseline\t''"
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l runs -d 'Runs per scenario; the median is reported' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l clients -d 'Concurrent keep-alive connections for publish and baseline' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l events -d 'Events per publish/baseline run' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l size -d 'Event size in bytes, as sent' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l batch -d 'Events per request in the batch scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l batch-events -d 'Events per batch run' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l rate -d 'Events per second in the latency scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l latency-events -d 'Events per latency run' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l members -d 'Members pulling from the group in the group scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l fetch -d 'Events per pull (and per ack) in the group scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l keys -d 'Ordering keys the events of the ordered scenario are spread over' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l group-events -d 'Events consumed per group run' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l replay-events -d 'Events stored once, then replayed to stdout per run, in the replay scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l trace-events -d 'Events stored before the traced tree in the trace scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l fill -d 'Events to store in the fill scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l engine -d 'Instead of the bus at --server, start a bus on each ENGINE (repeatable: embedded, memory, nats://HOST:PORT) with fresh storage, and measure them in one run' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l nats -d 'The NATS server (with JetStream) of the nats-baseline scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l redis -d 'The Redis server of the redis-baseline scenario' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand bench" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand bench" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -f -a "add" -d 'Add or replace a context; the first one added is put in use'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -f -a "use" -d 'Use this context from now on'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -f -a "list" -d 'List contexts; the one in use is marked'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -f -a "show" -d 'Show a context (the one in use by default); the token is masked'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -f -a "remove" -d 'Remove a context'
complete -c evbus -n "__fish_evbus_using_subcommand context; and not __fish_seen_subcommand_from add use list show remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -l use -d 'Use it from now on'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add or replace a context; the first one added is put in use'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "use" -d 'Use this context from now on'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "list" -d 'List contexts; the one in use is marked'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a context (the one in use by default); the token is masked'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a context'
complete -c evbus -n "__fish_evbus_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Make a token with these rights; prints it once'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List the tokens and their rights (never the tokens)'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a token: the bus refuses it once it has read the file again'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l publish -d 'Emit on topics matching this pattern (repeatable)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l subscribe -d 'Read events on topics matching this pattern: tail, replay to stdout, request (repeatable)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l consume -d 'Pull, settle and reply for this group, a name or a glob like billing-* (repeatable)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l file -d 'The auth file (created by the first `auth add`)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l read -d 'Look at status, topics, groups, dead letters, replays, routes and schedules'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -l admin -d 'Change groups, routes, schedules, dead letters and replays (implies --read)'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l file -d 'The auth file (created by the first `auth add`)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l file -d 'The auth file (created by the first `auth add`)' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "add" -d 'Make a token with these rights; prints it once'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the tokens and their rights (never the tokens)'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a token: the bus refuses it once it has read the file again'
complete -c evbus -n "__fish_evbus_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand completions" -l server -d 'URL of the bus to talk to [env: EVBUS_URL] [default: http://127.0.0.1:7717]' -r
complete -c evbus -n "__fish_evbus_using_subcommand completions" -l token -d 'Bearer token for the bus [env: EVBUS_TOKEN]; for `serve`, the token clients must present' -r
complete -c evbus -n "__fish_evbus_using_subcommand completions" -l ca -d 'Trust this CA (PEM) for an https:// server, besides the system\'s roots [env: EVBUS_CA]' -r -F
complete -c evbus -n "__fish_evbus_using_subcommand completions" -l context -d 'Use this saved server and token (see `evbus context`)' -r
complete -c evbus -n "__fish_evbus_using_subcommand completions" -l output -d 'Output format: text for people, json for scripts' -r -f -a "text\t'for people: colors and tables on a terminal, plain lines in a pipe'
json\t'for scripts: one JSON value, or NDJSON for streams'"
complete -c evbus -n "__fish_evbus_using_subcommand completions" -l color -d 'When to use colors (NO_COLOR is honoured under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c evbus -n "__fish_evbus_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evbus -n "__fish_evbus_using_subcommand completions" -s V -l version -d 'Print version'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "serve" -d 'Run the bus in the foreground.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "emit" -d 'Append one event, or a batch of events, to the log.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "tail" -d 'Stream matching events: history from a position, then live.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "consume" -d 'Join a consumer group and process its events: print them, or run a handler per event.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "groups" -d 'Manage consumer groups: durable, at-least-once delivery to competing members.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "dlq" -d 'Dead letters: events a group gave up on, with every failed attempt.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "replay" -d 'Replay a slice of the log, in log order: to stdout as NDJSON, onto another topic, or as fresh deliveries to a group.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "request" -d 'Send a request and print its reply: the event gets a replyto inbox and a correlationid; the first reply wins.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "reply" -d 'Answer requests: run CMD per request (via sh -c) with the request event on stdin; its stdout becomes the reply (JSON if it parses, else text). A failing CMD sends an error reply, which `evbus request` reports with a non-zero exit.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "routes" -d 'Routes forward each event matching a pattern (and jq filter), exactly once, to a topic (a new event with causationid = the original id) or straight to a group. They act on events from when they are added. A route that would close a cycle is refused.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "schedules" -d 'Scheduled events: list, show and cancel what `emit --in/--at/--every/--cron` stored.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "schemas" -d 'Schemas are JSON Schema contracts (2020-12; drafts 7 and 2019-09 when their $schema says so) for the data of events whose topic matches a pattern. An emit that breaks one is refused, naming where; a conforming event gets `dataschema` set to the schema\'s URL on the bus (unless its producer set one).'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "apply" -d 'Declares the bus\'s groups, routes and schemas in a file (YAML or JSON; each entry what the HTTP API takes: name, pattern, filter, max_attempts, push, to_topic, schema, …) and makes the bus match it: prints the plan (create, change, replace, delete), then applies it. Applying the same file again changes nothing. `${VAR}` in a value is read from the environment (for secrets).'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "export" -d 'Prints the bus\'s groups, routes and schemas as the file `evbus apply` reads, so that `export | apply` on another bus reproduces them. Secrets and push header values are written as ${EVBUS_SECRET_GROUP} and ${EVBUS_HEADER_GROUP_NAME} references.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "snapshot" -d 'A snapshot is the bus in one file: its events, groups with their cursors and what they had in progress, dead letters, routes, schedules and schemas, as NDJSON (one thing per line, readable and writable by hand). It loads into an empty bus on any engine; the events get that bus\'s next seqs, and the cursors, dead letters and route positions follow them. Loading the same snapshot again changes nothing.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "expect" -d 'Runs a flow of steps against the bus: emit events, expect events (topic pattern, jq `where`, how many, within how long, in order, correlated with an earlier step\'s event), expect none of a kind for a while, wait for a group to drain. Prints each step as it passes; on a failure, what was expected and the nearest events seen instead. Exit 0 when every step holds, 1 when one fails, 5 when a drain timed out.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "get" -d 'Print one stored event, by seq or id.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "trace" -d 'Follow an event: what caused it, what it caused, and every delivery on the way.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "why" -d 'Why a group did or did not get an event.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "topics" -d 'List topics with event counts and last-seen times.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "status" -d 'Show the bus\'s version, engine, data dir, log size and uptime.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "top" -d 'Watch the bus: event rates, groups with lag, pending, in flight and dead letters, and the selected group\'s members, refreshed each second.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "bench" -d 'Load a running bus and print medians.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "context" -d 'Named servers and tokens, used with --context NAME or `context use NAME`.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "auth" -d 'Named tokens with rights, for `serve --auth FILE`.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "completions" -d 'Print a shell completion script.'
complete -c evbus -n "__fish_evbus_using_subcommand help; and not __fish_seen_subcommand_from serve emit tail consume groups dlq replay request reply routes schedules schemas apply export snapshot expect get trace why topics status top bench context auth completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "list" -d 'List groups: pattern, pending retries, in flight, dead letters, lag, members'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "show" -d 'Show one group: its policy, counts and members'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "create" -d 'Create a group; with --push, a push group whose member is a webhook'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "pause" -d 'Pause a group: it hands out nothing until resumed'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "resume" -d 'Resume a paused group'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete a group and its deliveries in progress (its dead letters stay)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "reset" -d 'Move a group\'s cursor; deliveries in progress are dropped'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "rotate-secret" -d 'Give a push group a new signing secret (printed once); the old one signs too during --grace, so receivers can switch over'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "list" -d 'List dead letters, oldest first (NDJSON with --output json)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'Show one dead letter: the event and its attempt history'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "summary" -d 'Count dead letters by group, reason and error, with first and last seen'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "requeue" -d 'Put dead letters back into their group with fresh attempts'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "edit" -d 'Open one dead letter\'s event in $VISUAL or $EDITOR, then requeue what you saved'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "drain" -d 'Write dead letters\' events to stdout as NDJSON, removing each once written'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "purge" -d 'Delete dead letters for good (asks first on a terminal)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from replay" -f -a "list" -d 'List replay jobs'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from replay" -f -a "show" -d 'Show a replay job and its progress'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from replay" -f -a "cancel" -d 'Cancel a running or interrupted replay job'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from replay" -f -a "resume" -d 'Continue an interrupted, failed or cancelled replay job after the last event it handled (it runs on; `replay show ID` follows it)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from routes" -f -a "list" -d 'List routes with how far each has forwarded'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from routes" -f -a "add" -d 'Add a route'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from routes" -f -a "remove" -d 'Remove a route'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schedules" -f -a "list" -d 'List schedules, soonest first: id, topic, next time, repeat, firings'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schedules" -f -a "show" -d 'Show one schedule and its event'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schedules" -f -a "cancel" -d 'Cancel a schedule: it fires no more'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "list" -d 'List schemas and the topics they cover'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "add" -d 'Add a schema (or, with --replace, replace one)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "show" -d 'Show a schema'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "remove" -d 'Remove a schema: events on its topics are no longer checked'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "check" -d 'Check events in a file against a schema, line by line, without emitting them'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from schemas" -f -a "infer" -d 'Propose a schema from the data of stored events, for review'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "save" -d 'Save the bus to a file (it holds push secrets: keep it safe)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from snapshot" -f -a "load" -d 'Load a snapshot into the bus, which must be empty'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "add" -d 'Add or replace a context; the first one added is put in use'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "use" -d 'Use this context from now on'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "list" -d 'List contexts; the one in use is marked'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "show" -d 'Show a context (the one in use by default); the token is masked'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "remove" -d 'Remove a context'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "add" -d 'Make a token with these rights; prints it once'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "list" -d 'List the tokens and their rights (never the tokens)'
complete -c evbus -n "__fish_evbus_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "remove" -d 'Remove a token: the bus refuses it once it has read the file again'
