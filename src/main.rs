use std::process::ExitCode as ProcessExit;

use evbus::cli;
use evbus::cli::exit::ExitCode;

fn main() -> ProcessExit {
    evbus::filter::worker::run_if_asked();
    let cli = cli::parse();
    let mut builder = if cli::needs_threads(&cli) {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("evbus: cannot start the async runtime: {err}");
            return ProcessExit::from(ExitCode::Failure.code());
        }
    };
    let result = runtime.block_on(cli::run(cli));
    // Don't wait for blocked stdin readers or idle tasks on the way out.
    runtime.shutdown_background();
    match result {
        Ok(()) => ProcessExit::SUCCESS,
        Err(err) => {
            let code = ExitCode::for_error(&err);
            if code != ExitCode::Success {
                eprintln!("evbus: {}", one_line(&err));
            }
            ProcessExit::from(code.code())
        }
    }
}

/// The error and its causes on one line, each said once.
fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ").replace('\n', " ")
}
