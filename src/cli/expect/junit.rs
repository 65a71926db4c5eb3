//! A JUnit XML report of a flow, the format CI systems show: one test case per step.

use std::time::Duration;

/// How one step ended.
pub struct CaseResult {
    pub name: String,
    pub elapsed: Duration,
    /// `(kind, message)`: `failure` or `error` (timed out); none when it passed.
    pub problem: Option<(&'static str, String)>,
    pub skipped: bool,
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            c if c.is_control() && c != '\n' && c != '\t' => " ".into(),
            c => c.to_string(),
        })
        .collect()
}

pub fn report(suite: &str, cases: &[CaseResult]) -> String {
    let count = |kind: &str| {
        cases
            .iter()
            .filter(|case| case.problem.as_ref().is_some_and(|(k, _)| *k == kind))
            .count()
    };
    let total: f64 = cases.iter().map(|case| case.elapsed.as_secs_f64()).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites><testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{total:.3}\">\n",
        escape(suite),
        cases.len(),
        count("failure"),
        count("error"),
        cases.iter().filter(|case| case.skipped).count(),
    ));
    for case in cases {
        xml.push_str(&format!(
            "  <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            escape(suite),
            escape(&case.name),
            case.elapsed.as_secs_f64()
        ));
        match (&case.problem, case.skipped) {
            (Some((kind, message)), _) => xml.push_str(&format!(
                "><{kind} message=\"{}\">{}</{kind}></testcase>\n",
                escape(message.lines().next().unwrap_or_default()),
                escape(message)
            )),
            (None, true) => xml.push_str("><skipped/></testcase>\n"),
            (None, false) => xml.push_str("/>\n"),
        }
    }
    xml.push_str("</testsuite></testsuites>\n");
    xml
}
