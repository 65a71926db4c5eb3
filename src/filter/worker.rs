//! The filter worker: `evbus` started by the bus as a child process to evaluate jq
//! filters, so that a filter that loops, allocates or recurses without end costs a
//! worker, never the bus.
//!
//! It reads requests on stdin and answers on stdout, one at a time, in order:
//! - `F` + u32 length (LE) + filter code: use this filter from now on. Answer `K`, or
//!   `X` + u32 length + why it does not compile.
//! - `E` + u32 length + event JSON: answer `Y` (passes) or `N`.
//! - `V` + u32 length + event JSON: answer `O` + u32 length + the first output as JSON,
//!   or `R` + u32 length + why there is none.
//!
//! Answers are flushed when no request is waiting, and at least every [`FLUSH_EVERY`],
//! so a page of events costs a few writes each way. When a worker is killed or dies in
//! the middle of a page, the bus sends the rest one event at a time to find the event
//! it was. The worker ends at end of input.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use super::program::Program;

/// The first argument that makes `evbus` a filter worker (not a subcommand users see).
pub const ARG: &str = "__filter-worker";

pub const SET_FILTER: u8 = b'F';
pub const EVENT: u8 = b'E';
pub const COMPILED: u8 = b'K';
pub const NOT_COMPILED: u8 = b'X';
pub const PASSES: u8 = b'Y';
pub const FAILS: u8 = b'N';
pub const VALUE: u8 = b'V';
pub const OUTPUT: u8 = b'O';
pub const NO_OUTPUT: u8 = b'R';

/// Stack for evaluating: deep enough for any filter of `MAX_LEN` bytes on data nested as
/// deep as the bus accepts; unbounded recursion overflows it and ends the worker.
const EVAL_STACK: usize = 64 << 20;
/// Most answers held before they are written.
pub const FLUSH_EVERY: usize = 64;
/// Compiled filters kept, by code.
const CACHE: usize = 64;

/// Runs as a filter worker and exits, when the process was started as one.
pub fn run_if_asked() {
    if std::env::args_os().nth(1).is_some_and(|arg| arg == ARG) {
        let served = std::thread::Builder::new()
            .name("evbus-jq".into())
            .stack_size(EVAL_STACK)
            .spawn(|| serve(io::stdin().lock(), io::stdout().lock()))
            .map(|thread| thread.join());
        let code = match served {
            Ok(Ok(Ok(()))) => 0,
            _ => 1,
        };
        std::process::exit(code);
    }
}

fn serve(input: impl Read, output: impl Write) -> io::Result<()> {
    let mut input = BufReader::with_capacity(256 * 1024, input);
    let mut output = BufWriter::new(output);
    let mut programs: HashMap<Vec<u8>, Program> = HashMap::new();
    let mut current: Option<Vec<u8>> = None;
    let mut held = 0;
    while let Some((kind, payload)) = read_frame(&mut input)? {
        match kind {
            SET_FILTER => {
                if !programs.contains_key(&payload) {
                    let compiled = std::str::from_utf8(&payload)
                        .map_err(|_| "the filter is not UTF-8".to_owned())
                        .and_then(Program::compile);
                    match compiled {
                        Ok(program) => {
                            if programs.len() >= CACHE {
                                programs.clear();
                            }
                            programs.insert(payload.clone(), program);
                        }
                        Err(reason) => {
                            write_frame(&mut output, NOT_COMPILED, reason.as_bytes())?;
                            current = None;
                            output.flush()?;
                            continue;
                        }
                    }
                }
                current = Some(payload);
                output.write_all(&[COMPILED])?;
                held += 1;
            }
            EVENT => {
                let passes = current
                    .as_ref()
                    .and_then(|code| programs.get(code))
                    .is_some_and(|program| program.matches(&payload));
                output.write_all(&[if passes { PASSES } else { FAILS }])?;
                held += 1;
            }
            VALUE => {
                let output_of = current
                    .as_ref()
                    .and_then(|code| programs.get(code))
                    .map(|program| program.first_output(&payload));
                match output_of.unwrap_or_else(|| Err("no filter is set".into())) {
                    Ok(json) => write_frame(&mut output, OUTPUT, json.as_bytes())?,
                    Err(why) => write_frame(&mut output, NO_OUTPUT, why.as_bytes())?,
                }
                held += 1;
            }
            other => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("unknown request {other}"),
                ));
            }
        }
        if held >= FLUSH_EVERY || input.buffer().is_empty() {
            output.flush()?;
            held = 0;
        }
    }
    output.flush()
}

/// One request: its kind and payload; `None` at end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut kind = [0u8; 1];
    if input.read(&mut kind)? == 0 {
        return Ok(None);
    }
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let mut payload = vec![0u8; u32::from_le_bytes(len) as usize];
    input.read_exact(&mut payload)?;
    Ok(Some((kind[0], payload)))
}

pub fn write_frame(output: &mut impl Write, kind: u8, payload: &[u8]) -> io::Result<()> {
    output.write_all(&[kind])?;
    output.write_all(&(payload.len() as u32).to_le_bytes())?;
    output.write_all(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(frames: &[(u8, &[u8])]) -> Vec<u8> {
        let mut input = Vec::new();
        for (kind, payload) in frames {
            write_frame(&mut input, *kind, payload).unwrap();
        }
        let mut output = Vec::new();
        serve(&input[..], &mut output).unwrap();
        output
    }

    #[test]
    fn answers_each_event_of_the_filter_set_last() {
        let output = request(&[
            (SET_FILTER, b".data.n > 1"),
            (EVENT, br#"{"data":{"n":2}}"#),
            (EVENT, br#"{"data":{"n":0}}"#),
            (SET_FILTER, b".data.n == 0"),
            (EVENT, br#"{"data":{"n":0}}"#),
        ]);
        assert_eq!(output, b"KYNKY");
    }

    #[test]
    fn answers_values_with_the_first_output_or_why_there_is_none() {
        let output = request(&[
            (SET_FILTER, b".data.n + 1"),
            (VALUE, br#"{"data":{"n":2}}"#),
            (VALUE, br#"{"data":{"n":"x"}}"#),
        ]);
        assert_eq!(&output[..6], b"KO\x01\0\0\0");
        assert_eq!(output[6], b'3');
        assert_eq!(output[7], NO_OUTPUT);
    }

    #[test]
    fn a_filter_that_does_not_compile_is_explained_and_passes_nothing() {
        let output = request(&[(SET_FILTER, b".data >"), (EVENT, b"{}")]);
        assert_eq!(output[0], NOT_COMPILED);
        assert_eq!(*output.last().unwrap(), FAILS);
        let message = String::from_utf8_lossy(&output[5..output.len() - 1]);
        assert!(message.contains("expected"), "{message}");
    }
}
