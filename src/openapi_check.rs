//! Test support: checks a built [`Request`] against Atlassian's official OpenAPI specs.
//!
//! `../shared/jira-api/platform.v3.json` describes `/rest/api/3/...`; `software.v3.json` describes
//! `/rest/agile/1.0/...` (and the DevOps `/rest/<area>/...` APIs). Both are OpenAPI 3.0.1; their
//! schemas become JSON Schema draft 7 before validating a body:
//! - `nullable: true` becomes `type: [T, "null"]` (and `null` joins any `enum`);
//! - a `readOnly` property becomes the `false` schema (the server sends it, a request must not)
//!   and leaves `required`; OpenAPI-only keywords (`discriminator`, `example`, `x-...`) go;
//! - `additionalProperties` stays as the spec states it (`SearchAndReconcileRequestBean` is
//!   closed, `IssueUpdateDetails` open).
//!
//! `format` is not checked: Jira's own `date-time` values (`2021-01-17T12:34:00.000+0000`, as in
//! the worklog examples) are not RFC 3339. OpenAPI 3.0's boolean `exclusiveMinimum` would differ
//! under draft 7; neither spec uses it. The agile spec types some query parameters (`type`,
//! `state`, agile `fields`) as `object`, a Java `Set<String>` leaking through its generator: their
//! values are accepted as free strings.

use crate::http::Request;
use jsonschema::error::ValidationErrorKind;
use jsonschema::Validator;
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const PLATFORM_SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/jira-api/platform.v3.json");
const SOFTWARE_SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/jira-api/software.v3.json");
const HTTP_METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// Checks `req` against the operation it targets: method and path template, declared and typed
/// query parameters, required query parameters, typed path parameters, and the JSON body.
///
/// `Err` names the operation (method, template, operationId, spec file) and lists every
/// violation, body violations with their JSON path. A deprecated operation (such as
/// `GET /rest/api/3/search`, which the live service answers with 410 Gone) is an error too.
pub(crate) fn check_request(req: &Request) -> Result<(), String> {
    let url = url::Url::parse(&req.url).map_err(|e| format!("unparsable URL {}: {e}", req.url))?;
    let path = api_path(&url)?;
    let op = spec_for(&path)?.find_operation(req.method.as_str(), &path)?;
    let mut violations = Vec::new();
    if op.operation.get("deprecated") == Some(&Value::Bool(true)) {
        violations.push("the operation is deprecated in the spec".to_string());
    }
    op.check_parameters(&grouped_query(&url), &mut violations);
    op.check_body(req, &mut violations);
    if violations.is_empty() {
        return Ok(());
    }
    Err(format!("{} rejects {}:\n  - {}", op.label(), req.url, violations.join("\n  - ")))
}

/// The OAuth scopes of an operation as `(classic, granular)`; `None` when no operation matches
/// (or the spec cannot be read). `path` is a template (`/rest/api/3/issue/{issueIdOrKey}`), a
/// concrete path or a full URL.
///
/// The platform spec puts the classic scopes in `security: [{"OAuth2": [...]}]` and repeats
/// them in `x-atlassian-oauth2-scopes` under `state: "Current"`, beside the granular ones under
/// `state: "Beta"`: `GET /rest/api/3/myself` is classic `read:jira-user`, granular
/// `read:application-role:jira`, `read:group:jira`, `read:user:jira`, `read:avatar:jira`. The
/// agile spec has no extension and lists only granular scopes in `security` (`GET
/// /rest/agile/1.0/board`: `read:board-scope:jira-software`, `read:project:jira`). Without the
/// extension, the shape decides: classic `verb:jira-area`, granular `verb:entity:product`.
pub(crate) fn operation_scopes(method: &str, path: &str) -> Option<(Vec<String>, Vec<String>)> {
    let path = match url::Url::parse(path) {
        Ok(url) => api_path(&url).ok()?,
        Err(_) => path.to_string(),
    };
    let op = spec_for(&path).ok()?.find_operation(method, &path).ok()?;
    let (mut classic, mut granular) = (Vec::new(), Vec::new());
    if let Some(entries) = op.operation.get("x-atlassian-oauth2-scopes").and_then(Value::as_array) {
        for entry in entries {
            let current = entry.get("state").and_then(Value::as_str) == Some("Current");
            if current { &mut classic } else { &mut granular }.extend(strings(entry.get("scopes")));
        }
    } else {
        let security = op.operation.get("security").and_then(Value::as_array).into_iter().flatten();
        for scope in security.flat_map(|entry| strings(entry.get("OAuth2"))) {
            if scope.matches(':').count() == 1 { &mut classic } else { &mut granular }.push(scope);
        }
    }
    Some((classic, granular))
}

/// The path below the API base: the site (`https://<org>.atlassian.net`), the gateway
/// (`https://api.atlassian.com/ex/jira/<cloudId>`), or a custom base (proxy, local fake) whose
/// path starts at `/rest/`.
fn api_path(url: &url::Url) -> Result<String, String> {
    let host = url.host_str().unwrap_or_default();
    let is_gateway = host == "api.atlassian.com";
    if (is_gateway || host.ends_with(".atlassian.net")) && url.scheme() != "https" {
        return Err(format!("{url} is not https"));
    }
    let below_base = if is_gateway {
        let mut parts = url.path().splitn(5, '/'); // "", "ex", "jira", cloud id, rest
        match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(""), Some("ex"), Some("jira"), Some(cloud), Some(rest)) if !cloud.is_empty() => {
                format!("/{rest}")
            }
            _ => return Err(format!("{url} is not below the gateway base /ex/jira/<cloudId>")),
        }
    } else {
        url.path().to_string()
    };
    if !below_base.starts_with("/rest/") {
        return Err(format!("{url} is not a Jira REST URL (no /rest/ right below the API base)"));
    }
    Ok(below_base)
}

/// Decoded query pairs grouped by name, in order of first appearance.
fn grouped_query(url: &url::Url) -> Vec<(String, Vec<String>)> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in url.query_pairs() {
        match grouped.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value.into_owned()),
            None => grouped.push((name.into_owned(), vec![value.into_owned()])),
        }
    }
    grouped
}

fn strings(value: Option<&Value>) -> Vec<String> {
    let items = value.and_then(Value::as_array).into_iter().flatten();
    items.filter_map(Value::as_str).map(str::to_string).collect()
}

/// One parsed spec with its path templates and request-side schemas.
struct Spec {
    /// The file name, for messages.
    name: &'static str,
    document: Value,
    templates: Vec<(String, Vec<Segment>)>,
    /// `{"schemas": ...}` rewritten for requests; body `$ref`s resolve into it.
    request_components: Value,
    body_validators: Mutex<HashMap<String, Arc<Validator>>>,
}

enum Segment {
    Literal(String),
    Param(String),
}

/// The spec describing `path`, parsed on first use.
fn spec_for(path: &str) -> Result<&'static Spec, String> {
    static PLATFORM: OnceLock<Result<Spec, String>> = OnceLock::new();
    static SOFTWARE: OnceLock<Result<Spec, String>> = OnceLock::new();
    let (cell, file) =
        if path.starts_with("/rest/api/") { (&PLATFORM, PLATFORM_SPEC_PATH) } else { (&SOFTWARE, SOFTWARE_SPEC_PATH) };
    cell.get_or_init(|| Spec::load(file)).as_ref().map_err(String::clone)
}

impl Spec {
    fn load(file: &'static str) -> Result<Spec, String> {
        let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let document: Value = serde_json::from_str(&text).map_err(|e| format!("{file} is not JSON: {e}"))?;
        let paths = document.get("paths").and_then(Value::as_object);
        let templates = paths
            .ok_or_else(|| format!("{file} has no paths"))?
            .keys()
            .map(|t| (t.clone(), t.split('/').skip(1).map(Segment::parse).collect()))
            .collect();
        let schemas = document.pointer("/components/schemas").and_then(Value::as_object);
        let schemas = schemas.ok_or_else(|| format!("{file} has no components.schemas"))?;
        let rewritten = schemas.iter().map(|(name, s)| (name.clone(), request_schema(s))).collect();
        Ok(Spec {
            name: file.rsplit('/').next().unwrap_or(file),
            templates,
            request_components: json!({ "schemas": Value::Object(rewritten) }),
            document,
            body_validators: Mutex::default(),
        })
    }

    /// The operation for `method` on the most specific template matching `path`: literal
    /// segments beat `{params}` from the left (`/issue/createmeta` over `/issue/{issueIdOrKey}`).
    /// Templates that differ only in parameter names (`/field/{id}` has DELETE, `/field/{fieldId}`
    /// PUT) are one path to the server, so their methods are pooled.
    fn find_operation(&self, method: &str, path: &str) -> Result<Operation<'_>, String> {
        let method = method.to_ascii_lowercase();
        let concrete: Vec<&str> = path.split('/').skip(1).collect();
        let literals = |segments: &[Segment]| -> Vec<bool> { segments.iter().map(Segment::is_literal).collect() };
        let matching: Vec<&(String, Vec<Segment>)> = self
            .templates
            .iter()
            .filter(|(_, segments)| segments.len() == concrete.len())
            .filter(|(_, segments)| segments.iter().zip(&concrete).all(|(s, c)| s.matches(c)))
            .collect();
        let Some(best) = matching.iter().map(|(_, segments)| literals(segments)).max() else {
            let method = method.to_uppercase();
            return Err(format!("no path in {} matches {method} {path}", self.name));
        };
        let mut allowed: Vec<&str> = Vec::new();
        let mut found = None;
        for (template, segments) in matching.into_iter().filter(|(_, s)| literals(s) == best) {
            let pointer = format!("/paths/{}", template.replace('~', "~0").replace('/', "~1"));
            let Some(path_item) = self.document.pointer(&pointer).and_then(Value::as_object) else {
                continue;
            };
            allowed.extend(HTTP_METHODS.into_iter().filter(|m| path_item.contains_key(*m)));
            if let Some(operation) = path_item.get(&method).and_then(Value::as_object) {
                found = Some((template, segments, path_item, operation));
            }
        }
        let Some((template, segments, path_item, operation)) = found else {
            return Err(format!(
                "{} {path} is not an operation in {} (the path allows {})",
                method.to_uppercase(),
                self.name,
                allowed.iter().map(|m| m.to_uppercase()).collect::<Vec<_>>().join(", ")
            ));
        };
        let path_values = segments
            .iter()
            .zip(&concrete)
            .filter_map(|(segment, value)| match segment {
                Segment::Param(name) => {
                    Some((name.clone(), percent_decode_str(value).decode_utf8_lossy().into_owned()))
                }
                Segment::Literal(_) => None,
            })
            .collect();
        Ok(Operation { spec: self, template, method, path_item, operation, path_values })
    }

    /// A cached validator for a body schema, in a root where `#/components/schemas/X` resolves.
    fn body_validator(&self, key: &str, schema: &Value) -> Result<Arc<Validator>, String> {
        let mut cache = self.body_validators.lock().map_err(|_| "validator cache poisoned")?;
        if let Some(validator) = cache.get(key) {
            return Ok(Arc::clone(validator));
        }
        let root = json!({ "allOf": [request_schema(schema)], "components": self.request_components });
        let validator = Arc::new(schema_validator(&root)?);
        cache.insert(key.to_string(), Arc::clone(&validator));
        Ok(validator)
    }
}

impl Segment {
    fn parse(text: &str) -> Segment {
        match text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            Some(name) => Segment::Param(name.to_string()),
            None => Segment::Literal(text.to_string()),
        }
    }

    fn is_literal(&self) -> bool {
        matches!(self, Segment::Literal(_))
    }

    fn matches(&self, concrete: &str) -> bool {
        match self {
            Segment::Literal(literal) => literal == concrete,
            Segment::Param(_) => !concrete.is_empty(),
        }
    }
}

/// One matched operation and the decoded values of its path parameters.
struct Operation<'s> {
    spec: &'s Spec,
    template: &'s str,
    /// Lower case, as the spec keys it.
    method: String,
    path_item: &'s Map<String, Value>,
    operation: &'s Map<String, Value>,
    path_values: Vec<(String, String)>,
}

impl Operation<'_> {
    fn label(&self) -> String {
        let id = self.operation.get("operationId").and_then(Value::as_str).unwrap_or("no id");
        format!("{} {} ({id}, {})", self.method.to_uppercase(), self.template, self.spec.name)
    }

    /// The parameter declared with this `name` and `in`, on the operation or else its path item.
    fn parameter(&self, name: &str, location: &str) -> Option<&Map<String, Value>> {
        let declared = |p: &&Map<String, Value>| {
            p.get("name").and_then(Value::as_str) == Some(name) && p.get("in").and_then(Value::as_str) == Some(location)
        };
        let mut own = param_list(self.operation.get("parameters"));
        own.find(declared).or_else(|| param_list(self.path_item.get("parameters")).find(declared))
    }

    fn check_parameters(&self, query: &[(String, Vec<String>)], violations: &mut Vec<String>) {
        for (name, values) in query {
            let Some(param) = self.parameter(name, "query") else {
                violations.push(format!("query parameter `{name}` is not declared"));
                continue;
            };
            if param.get("deprecated") == Some(&Value::Bool(true)) {
                violations.push(format!("query parameter `{name}` is deprecated"));
            }
            check_param_value(&format!("query parameter `{name}`"), param, values, violations);
        }
        let all = param_list(self.operation.get("parameters")).chain(param_list(self.path_item.get("parameters")));
        for param in all.filter(|p| p.get("required") == Some(&Value::Bool(true))) {
            let name = param.get("name").and_then(Value::as_str).unwrap_or_default();
            let in_query = param.get("in").and_then(Value::as_str) == Some("query");
            if in_query && !query.iter().any(|(n, _)| n == name) {
                violations.push(format!("required query parameter `{name}` is missing"));
            }
        }
        for (name, value) in &self.path_values {
            match self.parameter(name, "path") {
                None => violations.push(format!("path parameter `{name}` is not declared")),
                Some(param) => check_param_value(
                    &format!("path parameter `{name}`"),
                    param,
                    std::slice::from_ref(value),
                    violations,
                ),
            }
        }
    }

    fn check_body(&self, req: &Request, violations: &mut Vec<String>) {
        let request_body = self.operation.get("requestBody");
        let Some(body) = &req.body else {
            if request_body.and_then(|b| b.get("required")) == Some(&Value::Bool(true)) {
                violations.push("the request body is required but none was sent".to_string());
            }
            return;
        };
        let Some(content) = request_body.and_then(|b| b.get("content")).and_then(Value::as_object) else {
            return violations.push("the operation takes no request body".to_string());
        };
        let Some(content_type) = req.header_value("content-type") else {
            return violations.push("a body was sent without a Content-Type".to_string());
        };
        let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let Some(entry) = content.get(&media).or_else(|| content.get("*/*")) else {
            let accepted: Vec<&String> = content.keys().collect();
            return violations.push(format!("Content-Type {media} is not one of {accepted:?}"));
        };
        let is_json = media == "application/json" || media.ends_with("+json");
        let Some(schema) = entry.get("schema").filter(|_| is_json) else {
            return; // multipart and text bodies are not validated here
        };
        let instance: Value = match serde_json::from_slice(body) {
            Ok(instance) => instance,
            Err(e) => return violations.push(format!("the body is not JSON: {e}")),
        };
        let key = format!("{} {} {media}", self.method, self.template);
        let validator = match self.spec.body_validator(&key, schema) {
            Ok(validator) => validator,
            Err(e) => return violations.push(format!("cannot build the body validator: {e}")),
        };
        violations.extend(validator.iter_errors(&instance).map(|error| {
            let path = error.instance_path.as_str();
            let path = if path.is_empty() { "/" } else { path };
            // Read-only properties are the only `false` schemas directly under `properties`.
            let schema_path = error.schema_path.as_str();
            match error.kind {
                ValidationErrorKind::FalseSchema if schema_path.rsplit('/').nth(1) == Some("properties") => {
                    format!("body {path}: read-only in the spec, must not be sent")
                }
                _ => format!("body {path}: {error}"),
            }
        }));
    }
}

fn param_list(value: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object)
}

/// Coerces raw values to the parameter's schema type, then validates them against the schema.
/// Arrays take comma lists, repeated keys, or both (`fields=a,b&fields=c`).
fn check_param_value(label: &str, param: &Map<String, Value>, raw: &[String], violations: &mut Vec<String>) {
    let schema = param.get("schema").cloned().unwrap_or_else(|| json!({}));
    let kind = schema.get("type").and_then(Value::as_str).unwrap_or("string");
    let item_kind = schema.pointer("/items/type").and_then(Value::as_str).unwrap_or("string");
    let coerced = if kind == "array" {
        let items = raw.iter().flat_map(|value| value.split(','));
        items.map(|item| coerce(item_kind, item)).collect::<Result<_, _>>().map(Value::Array)
    } else if raw.len() > 1 {
        Err(format!("given {} times but is not an array", raw.len()))
    } else {
        coerce(kind, raw.first().map(String::as_str).unwrap_or_default())
    };
    let value = match coerced {
        Ok(value) => value,
        Err(e) => return violations.push(format!("{label}: {e}")),
    };
    if kind == "object" || (kind == "array" && item_kind == "object") {
        return; // agile spec artefacts, see the module docs
    }
    match schema_validator(&request_schema(&schema)) {
        Err(e) => violations.push(format!("{label}: unusable schema: {e}")),
        Ok(validator) => violations.extend(validator.iter_errors(&value).map(|e| format!("{label}: {e}"))),
    }
}

fn coerce(kind: &str, raw: &str) -> Result<Value, String> {
    let coerced = match kind {
        "integer" => raw.parse::<i64>().map(Value::from).map_err(|_| "is not an integer"),
        "number" => raw.parse::<f64>().map(Value::from).map_err(|_| "is not a number"),
        "boolean" => match raw {
            "true" | "false" => Ok(Value::Bool(raw == "true")),
            _ => Err("is not a boolean (true or false)"),
        },
        _ => Ok(Value::String(raw.to_string())),
    };
    coerced.map_err(|problem| format!("`{raw}` {problem}"))
}

fn schema_validator(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(false)
        .build(schema)
        .map_err(|e| e.to_string())
}

/// An OpenAPI 3.0 schema as the JSON Schema draft 7 a request must satisfy (see the module docs).
/// Recursion follows the schema's own nesting, which serde_json caps at 128 levels when parsing.
fn request_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let is_read_only = |s: &Value| s.get("readOnly") == Some(&Value::Bool(true));
    let properties = map.get("properties").and_then(Value::as_object);
    let mut out = Map::new();
    for (key, value) in map {
        let rewritten = match (key.as_str(), value) {
            ("properties", Value::Object(props)) => Value::Object(
                props
                    .iter()
                    .map(|(name, p)| {
                        let p = if is_read_only(p) { Value::Bool(false) } else { request_schema(p) };
                        (name.clone(), p)
                    })
                    .collect(),
            ),
            ("items" | "additionalProperties" | "not", _) => request_schema(value),
            ("allOf" | "anyOf" | "oneOf", Value::Array(list)) => {
                Value::Array(list.iter().map(request_schema).collect())
            }
            ("required", _) => Value::Array(
                strings(Some(value))
                    .into_iter()
                    .filter(|name| !properties.and_then(|p| p.get(name)).is_some_and(is_read_only))
                    .map(Value::String)
                    .collect(),
            ),
            ("nullable" | "readOnly" | "writeOnly" | "discriminator" | "example" | "xml", _) => continue,
            (other, _) if other.starts_with("x-") || other == "externalDocs" => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), rewritten);
    }
    if map.get("nullable") != Some(&Value::Bool(true)) {
        return Value::Object(out);
    }
    match out.get("type").cloned() {
        Some(Value::String(kind)) => {
            out.insert("type".to_string(), json!([kind, "null"]));
            if let Some(Value::Array(values)) = out.get_mut("enum") {
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        _ => json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    const SITE: &str = "https://acme.atlassian.net";
    const GATEWAY: &str = "https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789";

    /// The same request on the site base and on the gateway base.
    fn on_both_bases(method: Method, path_and_query: &str, body: Option<&Value>) -> [Request; 2] {
        [SITE, GATEWAY].map(|base| {
            let req = Request::new(method, format!("{base}{path_and_query}"));
            match body {
                Some(body) => req.json_body(body),
                None => req,
            }
        })
    }

    fn assert_valid(method: Method, path_and_query: &str, body: Option<Value>) {
        for req in on_both_bases(method, path_and_query, body.as_ref()) {
            if let Err(e) = check_request(&req) {
                panic!("expected {} {} to pass, got:\n{e}", req.method, req.url);
            }
        }
    }

    /// Asserts that both bases reject the request with a message containing every `expected`.
    fn assert_rejected(method: Method, path_and_query: &str, body: Option<Value>, expected: &[&str]) {
        for req in on_both_bases(method, path_and_query, body.as_ref()) {
            let Err(message) = check_request(&req) else {
                panic!("expected {} {} to be rejected", req.method, req.url);
            };
            for part in expected {
                assert!(message.contains(part), "expected {part:?} in:\n{message}");
            }
        }
    }

    fn adf(text: &str) -> Value {
        let paragraph = json!({ "type": "paragraph", "content": [{ "type": "text", "text": text }] });
        json!({ "type": "doc", "version": 1, "content": [paragraph] })
    }

    #[test]
    fn valid_reads_pass_on_site_and_gateway() {
        assert_valid(Method::Get, "/rest/api/3/issue/ACME-1?fields=summary,status", None);
        assert_valid(Method::Get, "/rest/api/3/issue/10001?fields=summary&fields=status", None);
        let jql = "jql=project%20%3D%20ACME%20ORDER%20BY%20created";
        let search = format!("/rest/api/3/search/jql?{jql}&maxResults=50&fields=summary,status");
        assert_valid(Method::Get, &search, None);
        assert_valid(Method::Get, &format!("{search}&nextPageToken=abc&expand=names"), None);
        let projects = "/rest/api/3/project/search?startAt=0&maxResults=50&query=x";
        assert_valid(Method::Get, projects, None);
        assert_valid(Method::Get, "/rest/api/3/myself", None);
        assert_valid(Method::Get, "/rest/api/3/issue/ACME-1/transitions", None);
        assert_valid(Method::Get, "/rest/api/3/user/bulk?accountId=5b10a&accountId=5b10b", None);
        assert_valid(Method::Get, "/rest/agile/1.0/board?maxResults=50", None);
        assert_valid(Method::Get, "/rest/agile/1.0/board/7/sprint?state=active,future", None);
    }

    #[test]
    fn valid_writes_pass() {
        let fields = ["summary", "status"];
        let search = json!({ "jql": "project = ACME", "maxResults": 50, "fields": fields });
        assert_valid(Method::Post, "/rest/api/3/search/jql", Some(search));
        let create = json!({ "fields": {
            "project": { "key": "ACME" }, "issuetype": { "name": "Task" },
            "summary": "Hello", "description": adf("Body"),
        } });
        assert_valid(Method::Post, "/rest/api/3/issue", Some(create));
        let comment = json!({ "add": { "body": adf("done") } });
        let transition = json!({ "transition": { "id": "31" }, "update": { "comment": [comment] } });
        assert_valid(Method::Post, "/rest/api/3/issue/ACME-1/transitions", Some(transition));
        let comment = json!({ "body": adf("Looks good") });
        assert_valid(Method::Post, "/rest/api/3/issue/ACME-1/comment", Some(comment));
        let edit = json!({ "fields": { "summary": "Renamed" } });
        assert_valid(Method::Put, "/rest/api/3/issue/ACME-1", Some(edit));
    }

    #[test]
    fn literal_segments_win_over_templates() {
        let spec = spec_for("/rest/api/").unwrap_or_else(|e| panic!("{e}"));
        let find = |path| spec.find_operation("GET", path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(find("/rest/api/3/issue/createmeta").template, "/rest/api/3/issue/createmeta");
        let get_issue = find("/rest/api/3/issue/ACME%2D1");
        assert_eq!(get_issue.template, "/rest/api/3/issue/{issueIdOrKey}");
        assert_eq!(get_issue.path_values, [("issueIdOrKey".to_string(), "ACME-1".to_string())]);
        let expected = ["DELETE /rest/api/3/issue/createmeta is not an operation", "allows GET"];
        assert_rejected(Method::Delete, "/rest/api/3/issue/createmeta", None, &expected);
        // `/field/{id}` (DELETE) and `/field/{fieldId}` (PUT) are one server path.
        let body = json!({ "name": "Renamed" });
        assert_valid(Method::Put, "/rest/api/3/field/customfield_10000", Some(body));
    }

    #[test]
    fn unknown_paths_and_wrong_methods_are_named() {
        let expected = ["no path in platform.v3.json matches GET /rest/api/3/issue/ACME-1/nope"];
        assert_rejected(Method::Get, "/rest/api/3/issue/ACME-1/nope", None, &expected);
        let expected = ["DELETE /rest/api/3/myself is not an operation", "allows GET"];
        assert_rejected(Method::Delete, "/rest/api/3/myself", None, &expected);
        let expected = ["no path in software.v3.json matches GET /rest/agile/1.0/nope"];
        assert_rejected(Method::Get, "/rest/agile/1.0/nope", None, &expected);
        assert_rejected(Method::Get, "/rest/api/3/myself/", None, &["no path"]);
    }

    #[test]
    fn query_parameters_must_be_declared_and_typed() {
        let search = "/rest/api/3/search/jql?jql=x";
        let label = "GET /rest/api/3/search/jql (searchAndReconsileIssuesUsingJql, platform.v3.json)";
        let cases = [
            ("&startAt=0", "query parameter `startAt` is not declared"),
            ("&maxResults=fifty", "query parameter `maxResults`: `fifty` is not an integer"),
            ("&fieldsByKeys=yes", "`fieldsByKeys`: `yes` is not a boolean"),
            ("&reconcileIssues=1,two", "`reconcileIssues`: `two` is not an integer"),
            ("&jql=again", "`jql`: given 2 times but is not an array"),
        ];
        for (extra, expected) in cases {
            assert_rejected(Method::Get, &format!("{search}{extra}"), None, &[label, expected]);
        }
        let expected = ["`orderBy`: \"size\" is not one of [\"name\",\"-name\",\"+name\"]"];
        assert_rejected(Method::Get, "/rest/agile/1.0/board?orderBy=size", None, &expected);
    }

    #[test]
    fn required_query_and_typed_path_parameters_are_enforced() {
        let expected = ["required query parameter `accountId` is missing"];
        assert_rejected(Method::Get, "/rest/api/3/user/bulk?maxResults=5", None, &expected);
        let expected = ["path parameter `boardId`: `seven` is not an integer"];
        assert_rejected(Method::Get, "/rest/agile/1.0/board/seven", None, &expected);
    }

    #[test]
    fn bodies_are_validated_with_json_paths() {
        let url = "/rest/api/3/search/jql";
        let label = "POST /rest/api/3/search/jql (searchAndReconsileIssuesUsingJqlPost";
        let cases = [
            (json!({ "jql": 5 }), "body /jql: 5 is not of type \"string\""),
            (json!({ "startAt": 0 }), "body /: Additional properties are not allowed ('startAt'"),
            (json!({ "fields": ["a", 1] }), "body /fields/1: 1 is not of type \"string\""),
        ];
        for (body, expected) in cases {
            assert_rejected(Method::Post, url, Some(body), &[label, expected]);
        }
        let comment = json!({ "body": adf("x"), "id": "10001" });
        let expected = ["body /id: read-only in the spec, must not be sent"];
        assert_rejected(Method::Post, "/rest/api/3/issue/ACME-1/comment", Some(comment), &expected);
        let expected = ["the request body is required"];
        assert_rejected(Method::Post, "/rest/api/3/issue", None, &expected);
        let expected = ["the operation takes no request body"];
        assert_rejected(Method::Get, "/rest/api/3/myself", Some(json!({})), &expected);
        let mut raw = Request::new(Method::Post, format!("{SITE}{url}"));
        raw.body = Some(b"{not json".to_vec());
        assert!(check_request(&raw).is_err_and(|e| e.contains("without a Content-Type")));
        let raw = raw.header("Content-Type", "application/json; charset=utf-8");
        assert!(check_request(&raw).is_err_and(|e| e.contains("the body is not JSON")));
    }

    #[test]
    fn the_removed_search_is_reported_as_deprecated() {
        let url = "/rest/api/3/search?jql=project%3DACME&startAt=0&maxResults=50";
        let expected = ["GET /rest/api/3/search (searchForIssuesUsingJql", "deprecated in the spec"];
        assert_rejected(Method::Get, url, None, &expected);
    }

    #[test]
    fn only_jira_rest_bases_are_accepted() {
        for url in [
            "http://acme.atlassian.net/rest/api/3/myself",
            "https://api.atlassian.com/rest/api/3/myself",
            "https://api.atlassian.com/ex/jira//rest/api/3/myself",
            "https://acme.atlassian.net/wiki/rest/api/content",
            "not a url",
        ] {
            assert!(check_request(&Request::new(Method::Get, url)).is_err(), "{url}");
        }
        let local = Request::new(Method::Get, "http://127.0.0.1:8080/rest/api/3/myself");
        assert_eq!(check_request(&local), Ok(()));
    }

    #[test]
    fn schemas_are_rewritten_for_requests() {
        let nullable_enum = json!({ "type": "string", "enum": ["a"], "nullable": true });
        let expected = json!({ "type": ["string", "null"], "enum": ["a", null] });
        assert_eq!(request_schema(&nullable_enum), expected);
        let nullable_ref = json!({ "allOf": [{ "$ref": "#/x" }], "nullable": true });
        let expected = json!({ "anyOf": [{ "type": "null" }, { "allOf": [{ "$ref": "#/x" }] }] });
        assert_eq!(request_schema(&nullable_ref), expected);
        let properties = json!({ "id": { "readOnly": true }, "n": { "type": "integer", "x-a": 1 } });
        let object = json!({ "properties": properties, "required": ["id", "n"] });
        let expected = json!({ "properties": { "id": false, "n": { "type": "integer" } }, "required": ["n"] });
        assert_eq!(request_schema(&object), expected);
    }

    #[test]
    fn scopes_come_from_security_and_the_atlassian_extension() {
        let scopes = |method, path| operation_scopes(method, path).unwrap_or_default();
        let (classic, granular) = scopes("GET", "/rest/api/3/myself");
        assert_eq!(classic, ["read:jira-user"]);
        let expected = ["read:application-role:jira", "read:group:jira", "read:user:jira", "read:avatar:jira"];
        assert_eq!(granular, expected);
        let (classic, granular) = scopes("post", "/rest/api/3/issue/ACME-1/transitions");
        assert_eq!(classic, ["write:jira-work"]);
        assert!(granular.contains(&"write:issue:jira".to_string()), "{granular:?}");
        let concrete = operation_scopes("GET", &format!("{GATEWAY}/rest/api/3/issue/ACME-1"));
        assert_eq!(concrete, operation_scopes("GET", "/rest/api/3/issue/{issueIdOrKey}"));
        let (classic, granular) = scopes("GET", "/rest/agile/1.0/board");
        assert!(classic.is_empty(), "{classic:?}");
        assert_eq!(granular, ["read:board-scope:jira-software", "read:project:jira"]);
        assert_eq!(operation_scopes("GET", "/rest/api/3/nope"), None);
    }

    /// Guards against false positives: Atlassian's own request examples for the areas the
    /// connector uses (issues, comments, transitions, worklogs, links, search, agile) pass.
    #[test]
    fn official_request_examples_pass() {
        // These two examples contradict their own schemas (a read-only `active`; free-form
        // property values under a closed object).
        let known_bad = ["post /rest/api/3/issue/{issueIdOrKey}/notify", "post /rest/api/3/issue/properties/multi"];
        let prefixes = ["/rest/api/3/issue/", "/rest/api/3/issueLink", "/rest/api/3/search", "/rest/agile/1.0/"];
        let in_scope = |t: &str| t == "/rest/api/3/issue" || prefixes.iter().any(|p| t.starts_with(p));
        let mut checked = 0;
        for spec in ["/rest/api/", "/rest/agile/"].map(spec_for) {
            let spec = spec.unwrap_or_else(|e| panic!("{e}"));
            let paths = spec.document.get("paths").and_then(Value::as_object).into_iter().flatten();
            for (template, item) in paths.filter(|(t, _)| in_scope(t)) {
                for method in HTTP_METHODS {
                    let pointer = format!("/{method}/requestBody/content/application~1json/example");
                    let Some(example) = item.pointer(&pointer) else { continue };
                    if known_bad.contains(&format!("{method} {template}").as_str()) {
                        continue;
                    }
                    let body = match example {
                        Value::String(text) => serde_json::from_str(text).unwrap_or_else(|e| panic!("{template}: {e}")),
                        other => other.clone(),
                    };
                    let op = spec.find_operation(method, template).unwrap_or_else(|e| panic!("{e}"));
                    let req = Request::new(Method::Post, SITE).json_body(&body);
                    let mut violations = Vec::new();
                    op.check_body(&req, &mut violations);
                    assert!(violations.is_empty(), "{method} {template}: {violations:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked >= 40, "only {checked} examples checked");
    }
}
