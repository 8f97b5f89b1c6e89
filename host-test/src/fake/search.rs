//! `GET|POST /rest/api/3/search/jql`: the enhanced JQL search with opaque `nextPageToken` paging.

use std::hash::{DefaultHasher, Hash, Hasher};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::exchange::{split_list, ApiRequest, Reply, INVALID_PAYLOAD};
use super::fields::FieldSelection;
use super::render::{self, Expansions};
use super::state::State;
use super::{jql, jql_eval};

/// Page size when `maxResults` is absent.
const DEFAULT_PAGE_SIZE: usize = 50;
/// The largest page Jira returns when fields are requested.
const MAX_PAGE_SIZE: usize = 100;

/// Keys the POST body may carry (the spec's `SearchAndReconcileRequestBean`); Jira rejects others.
const BODY_KEYS: &[&str] = &[
    "jql",
    "nextPageToken",
    "maxResults",
    "fields",
    "expand",
    "properties",
    "fieldsByKeys",
    "failFast",
    "reconcileIssues",
];

/// The search parameters, from the query string or the POST body.
struct SearchParams {
    jql: String,
    next_page_token: Option<String>,
    max_results: usize,
    /// `None` when `fields` was not sent: Jira then returns only issue ids.
    fields: Option<Vec<String>>,
    expand: Vec<String>,
}

/// `GET /rest/api/3/search/jql`.
pub(crate) fn search_get(state: &State, request: &ApiRequest) -> Reply {
    let fields = request.list_param("fields");
    let params = request.int_param("maxResults", DEFAULT_PAGE_SIZE).map(|max_results| SearchParams {
        jql: request.param("jql").unwrap_or_default().to_string(),
        next_page_token: request.param("nextPageToken").map(str::to_string),
        max_results,
        fields: (!fields.is_empty()).then_some(fields),
        expand: request.list_param("expand"),
    });
    match params {
        Ok(params) => search(state, &request.base, &params),
        Err(reply) => reply,
    }
}

/// `POST /rest/api/3/search/jql`.
pub(crate) fn search_post(state: &State, request: &ApiRequest) -> Reply {
    match request.json_object().and_then(|body| params_from_body(&body)) {
        Ok(params) => search(state, &request.base, &params),
        Err(reply) => reply,
    }
}

fn params_from_body(body: &Map<String, Value>) -> Result<SearchParams, Reply> {
    if let Some(unknown) = body.keys().find(|key| !BODY_KEYS.contains(&key.as_str())) {
        return Err(Reply::error(400, &format!("Invalid request payload. Unrecognized field \"{unknown}\".")));
    }
    let invalid = || Reply::error(400, INVALID_PAYLOAD);
    let string_list = |value: &Value| -> Result<Vec<String>, Reply> {
        match value {
            Value::String(text) => Ok(split_list(text)),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(split_list).ok_or_else(invalid))
                .collect::<Result<Vec<_>, _>>()
                .map(|lists| lists.concat()),
            _ => Err(invalid()),
        }
    };
    let optional_string = |key: &str| match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(invalid()),
    };
    let max_results = match body.get("maxResults") {
        None | Some(Value::Null) => DEFAULT_PAGE_SIZE,
        Some(value) => value.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(invalid)?,
    };
    let fields = match body.get("fields") {
        None | Some(Value::Null) => None,
        Some(value) => Some(string_list(value)?).filter(|list| !list.is_empty()),
    };
    let expand = match body.get("expand") {
        None | Some(Value::Null) => Vec::new(),
        Some(value) => string_list(value)?,
    };
    Ok(SearchParams {
        jql: optional_string("jql")?.unwrap_or_default(),
        next_page_token: optional_string("nextPageToken")?,
        max_results,
        fields,
        expand,
    })
}

fn search(state: &State, base: &str, params: &SearchParams) -> Reply {
    let query = match jql::parse(&params.jql) {
        Ok(query) => query,
        Err(message) => return Reply::error(400, &message),
    };
    if query.filter.is_none() {
        return Reply::error(
            400,
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        );
    }
    let hits = match jql_eval::run(state, &query) {
        Ok(hits) => hits,
        Err(message) => return Reply::error(400, &message),
    };
    let fingerprint = query_fingerprint(&params.jql);
    let offset = match params.next_page_token.as_deref() {
        None | Some("") => 0,
        Some(token) => match decode_token(token, fingerprint) {
            Some(offset) => offset,
            None => return Reply::error(400, "The provided next page token is invalid or expired."),
        },
    };
    // A page of zero would never advance; Jira treats tiny and huge values the same way: clamped.
    let page_size = params.max_results.clamp(1, MAX_PAGE_SIZE);
    let page: Vec<usize> = hits.iter().skip(offset).take(page_size).copied().collect();
    let next_offset = offset + page.len();
    let expansions = Expansions::parse(&params.expand);
    let selection = params.fields.as_ref().map(|fields| FieldSelection::parse(fields, FieldSelection::navigable()));
    let issues: Vec<Value> = page
        .iter()
        .map(|index| {
            let issue = &state.issues[*index];
            match &selection {
                None => json!({ "id": issue.id }),
                Some(selection) => render::issue_json(state, base, issue, selection, &expansions),
            }
        })
        .collect();
    let is_last = next_offset >= hits.len();
    let mut body = json!({ "issues": issues, "isLast": is_last });
    if !is_last {
        body["nextPageToken"] = json!(encode_token(next_offset, fingerprint));
    }
    if let (true, Some(selection)) = (expansions.names, &selection) {
        body["names"] = render::names_json(selection.ids().iter().copied());
    }
    Reply::json(200, &body)
}

/// Tokens carry the query's fingerprint so a token from one query cannot page another, as in Jira.
fn query_fingerprint(jql: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    jql.trim().hash(&mut hasher);
    hasher.finish()
}

fn encode_token(offset: usize, fingerprint: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("page:{offset}:{fingerprint:016x}"))
}

fn decode_token(token: &str, fingerprint: u64) -> Option<usize> {
    let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let rest = decoded.strip_prefix("page:")?;
    let (offset, token_fingerprint) = rest.split_once(':')?;
    (token_fingerprint == format!("{fingerprint:016x}")).then(|| offset.parse().ok()).flatten()
}
