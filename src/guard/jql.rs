//! JQL composition for the `options.projects` allow-list: every query the connector sends becomes
//! `(<caller's filter>) AND project in (...)`, with the caller's `ORDER BY` kept last, outside the parentheses.
//!
//! The parentheses are what stop `project = X OR project = Y` from widening the scope, so they must hold: the
//! caller's JQL is scanned (quotes and backslash escapes respected) and refused when its parentheses are not
//! balanced, a quote is not closed, or anything but sort keys follows `ORDER BY`.

use crate::error::{Error, ErrorKind, Result};

/// Quotes a value as a JQL string literal: `"..."` with `\` and `"` escaped and line breaks spelled out, so
/// no value taken from input can end the literal early.
pub fn jql_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `project in ("ACME", "OPS", 10000)`: keys quoted, numeric project ids as numbers. An empty list allows
/// nothing and is refused.
pub fn project_clause(projects: &[String]) -> Result<String> {
    if projects.is_empty() {
        return Err(Error::new(ErrorKind::Forbidden, "`options.projects` is empty: no project is allowed"));
    }
    let values: Vec<String> = projects
        .iter()
        .map(|p| if p.bytes().all(|b| b.is_ascii_digit()) { p.clone() } else { jql_string(p) })
        .collect();
    Ok(format!("project in ({})", values.join(", ")))
}

/// Restricts `jql` to `projects`: `(<filter>) AND project in (...) <ORDER BY ...>`; a blank filter becomes
/// the project clause alone.
pub fn restrict_jql(jql: &str, projects: &[String]) -> Result<String> {
    let scope = project_clause(projects)?;
    let (filter, order) = split_order_by(jql)?;
    let mut out = if filter.is_empty() { scope } else { format!("({filter}) AND {scope}") };
    if let Some(order) = order {
        out.push(' ');
        out.push_str(order);
    }
    Ok(out)
}

/// Splits JQL into its filter and its top-level `ORDER BY` clause (both trimmed), after checking that
/// quotes are closed, parentheses balanced, and no parenthesis follows `ORDER BY`.
pub fn split_order_by(jql: &str) -> Result<(&str, Option<&str>)> {
    let bad = |what: &str| Err(Error::invalid_input(format!("`jql` {what}")));
    let bytes = jql.as_bytes();
    let mut depth: u32 = 0;
    let mut quote: Option<u8> = None;
    let mut order_at: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'\\' => {
                i += 2;
                continue;
            }
            b'"' | b'\'' => quote = Some(b),
            b'(' | b')' if order_at.is_some() => return bad("has a parenthesis after ORDER BY, which must come last"),
            b'(' => depth += 1,
            b')' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return bad("has a `)` without its `(`"),
            },
            _ if depth == 0 && order_at.is_none() && is_order_by_at(bytes, i) => order_at = Some(i),
            _ => {}
        }
        i += 1;
    }
    if quote.is_some() {
        return bad("has a quote that is not closed");
    }
    if depth != 0 {
        return bad("has a `(` without its `)`");
    }
    // `order_at` is the index of an ASCII `o`/`O`, so a char boundary.
    Ok(match order_at {
        Some(at) => (jql[..at].trim(), Some(jql[at..].trim())),
        None => (jql.trim(), None),
    })
}

/// Whether the keywords `ORDER BY` (any case, any whitespace between) start at `i` as whole words.
fn is_order_by_at(bytes: &[u8], i: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b >= 0x80;
    if i > 0 && word(bytes[i - 1]) {
        return false;
    }
    let rest = &bytes[i..];
    if rest.len() < 5 || !rest[..5].eq_ignore_ascii_case(b"order") {
        return false;
    }
    let after = &rest[5..];
    let gap = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if gap == 0 {
        return false;
    }
    let after = &after[gap..];
    after.len() >= 2 && after[..2].eq_ignore_ascii_case(b"by") && after.get(2).is_none_or(|b| !word(*b))
}
