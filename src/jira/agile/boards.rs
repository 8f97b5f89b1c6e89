//! Boards: list (`GET /rest/agile/1.0/board`), get one, and its configuration (columns with their statuses,
//! the estimation and ranking fields, the saved filter).

use serde::Serialize;
use serde_json::Value;

use super::{node_u64, positive_id, AGILE_BASE};
use crate::decode::{parse_body, Node};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::page::parse_offset_page;
use crate::page::Page;
use crate::site::{project_key, Site};

/// A board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    pub id: u64,
    pub name: String,
    /// `scrum`, `kanban` (or `simple` for team-managed boards).
    #[serde(rename = "type")]
    pub board_type: String,
    /// The key of the project the board belongs to, when it belongs to one.
    pub project_key: Option<String>,
    /// Jira's board object.
    #[serde(skip)]
    pub raw: Value,
}

/// Boards gathered over one or more pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardList {
    pub boards: Vec<Board>,
    pub total: Option<u32>,
    pub is_last: bool,
}

/// The filters of a board listing; each is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// Boards whose name contains this text.
    pub name: Option<String>,
    /// Boards of this project (key or id).
    pub project_key: Option<String>,
    /// `scrum` or `kanban`.
    pub board_type: Option<String>,
}

impl BoardFilter {
    /// Validates the filter before any request.
    pub fn validated(&self) -> Result<BoardFilter> {
        let board_type = match self.board_type.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(kind) if kind.eq_ignore_ascii_case("scrum") || kind.eq_ignore_ascii_case("kanban") => {
                Some(kind.to_ascii_lowercase())
            }
            Some(other) => {
                return Err(Error::invalid_input(format!(
                    "`type` must be `scrum` or `kanban`, got {}",
                    crate::site::quoted_preview(other)
                )))
            }
        };
        Ok(BoardFilter {
            name: self.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
            project_key: self.project_key.as_deref().map(|p| project_key("project_key", p)).transpose()?,
            board_type,
        })
    }
}

/// One column of a board and the statuses mapped to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardColumn {
    pub name: String,
    /// The ids of the statuses in the column.
    pub statuses: Vec<String>,
    /// The column's minimum and maximum issue counts, when set.
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// The field a board estimates with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EstimationField {
    /// The field id (`customfield_10016`, or `timeoriginalestimate`).
    pub field_id: String,
    pub display_name: Option<String>,
}

/// A board's configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardConfiguration {
    pub id: u64,
    pub name: String,
    #[serde(rename = "type")]
    pub board_type: Option<String>,
    /// The key of the board's project, when the board belongs to one.
    pub project_key: Option<String>,
    /// The id of the saved filter that selects the board's issues.
    pub filter_id: Option<String>,
    /// The columns, left to right.
    pub columns: Vec<BoardColumn>,
    /// The estimation field; none when the board does not estimate (kanban) or Jira does not say.
    pub estimation_field: Option<EstimationField>,
    /// The id of the rank custom field (the number in `customfield_<id>`).
    pub ranking_field_id: Option<u64>,
    /// Jira's configuration object.
    #[serde(skip)]
    pub raw: Value,
}

fn board_path(board_id: u64) -> Result<String> {
    Ok(format!("{AGILE_BASE}/board/{}", positive_id("board_id", board_id)?))
}

/// One page of `GET /rest/agile/1.0/board` with Jira's filters `name`, `projectKeyOrId` and `type`.
pub fn list_boards_request(site: &Site, filter: &BoardFilter, start_at: u32, max_results: u32) -> Request {
    let mut params = vec![("startAt", start_at.to_string()), ("maxResults", max_results.to_string())];
    if let Some(name) = &filter.name {
        params.push(("name", name.clone()));
    }
    if let Some(project) = &filter.project_key {
        params.push(("projectKeyOrId", project.clone()));
    }
    if let Some(kind) = &filter.board_type {
        params.push(("type", kind.clone()));
    }
    Request::new(Method::Get, site.api_url(&format!("{AGILE_BASE}/board"), &params))
}

/// `GET /rest/agile/1.0/board/{boardId}`.
pub fn get_board_request(site: &Site, board_id: u64) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&board_path(board_id)?, &[])))
}

/// `GET /rest/agile/1.0/board/{boardId}/configuration`.
pub fn get_board_configuration_request(site: &Site, board_id: u64) -> Result<Request> {
    Ok(Request::new(Method::Get, site.api_url(&format!("{}/configuration", board_path(board_id)?), &[])))
}

/// Parses a board object.
pub fn parse_board_node(node: Node<'_>) -> Result<Board> {
    Ok(Board {
        id: node.with("id", node_u64)?,
        name: node.opt_str("name")?.unwrap_or_default(),
        board_type: node.opt_str("type")?.unwrap_or_default(),
        project_key: node.with_opt("location", |location| location.opt_str("projectKey"))?.flatten(),
        raw: node.value().clone(),
    })
}

/// Parses one page of boards.
pub fn parse_board_page(response: &Response) -> Result<Page<Board>> {
    parse_offset_page(response, "list boards", "values", parse_board_node)
}

/// Parses one board.
pub fn parse_board(response: &Response) -> Result<Board> {
    const CONTEXT: &str = "get board";
    let body = parse_body(&response.body, CONTEXT)?;
    parse_board_node(Node::root(&body, CONTEXT))
}

/// Parses a board configuration.
pub fn parse_board_configuration(response: &Response) -> Result<BoardConfiguration> {
    const CONTEXT: &str = "get board configuration";
    let body = parse_body(&response.body, CONTEXT)?;
    let root = Node::root(&body, CONTEXT);
    let columns = root
        .with_opt("columnConfig", |config| {
            config.with_opt("columns", |columns| {
                columns.map_array(|column| {
                    Ok(BoardColumn {
                        name: column.opt_str("name")?.unwrap_or_default(),
                        statuses: column
                            .with_opt("statuses", |statuses| statuses.map_array(|status| status.id("id")))?
                            .unwrap_or_default(),
                        min: column.opt_u32("min")?,
                        max: column.opt_u32("max")?,
                    })
                })
            })
        })?
        .flatten()
        .unwrap_or_default();
    let estimation_field = root
        .with_opt("estimation", |estimation| {
            estimation.with_opt("field", |field| {
                Ok(EstimationField { field_id: field.str("fieldId")?, display_name: field.opt_str("displayName")? })
            })
        })?
        .flatten();
    // Project boards name the project `key` here (`projectKey` in board lists); user boards have none.
    let project_key = root
        .with_opt("location", |location| match location.opt_str("type")?.as_deref() {
            Some("user") => Ok(None),
            _ => Ok(location.opt_str("key")?.or(location.opt_str("projectKey")?)),
        })?
        .flatten();
    Ok(BoardConfiguration {
        id: root.with("id", node_u64)?,
        name: root.opt_str("name")?.unwrap_or_default(),
        board_type: root.opt_str("type")?,
        project_key,
        filter_id: root.with_opt("filter", |filter| filter.with_opt("id", |id| id.as_id()))?.flatten(),
        columns,
        estimation_field,
        ranking_field_id: root
            .with_opt("ranking", |ranking| ranking.with_opt("rankCustomFieldId", node_u64))?
            .flatten(),
        raw: body.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jira::test_support::{fixture, site_api_key, site_oauth, spec_valid, CLOUD_ID};

    #[test]
    fn list_request_uses_jiras_filter_names() {
        let filter = BoardFilter {
            name: Some(" ACME ".into()),
            project_key: Some("ACME".into()),
            board_type: Some("Scrum".into()),
        }
        .validated()
        .expect("valid");
        let req = list_boards_request(&site_api_key(), &filter, 50, 50);
        assert_eq!(
            req.url,
            "https://acme.atlassian.net/rest/agile/1.0/board?startAt=50&maxResults=50&name=ACME&projectKeyOrId=ACME&type=scrum"
        );
        spec_valid(&req);
        let req = list_boards_request(&site_oauth(), &BoardFilter::default(), 0, 10);
        assert_eq!(
            req.url,
            format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/agile/1.0/board?startAt=0&maxResults=10")
        );
        spec_valid(&req);
    }

    #[test]
    fn filters_are_validated_before_any_request() {
        let bad_type = BoardFilter { board_type: Some("agility".into()), ..BoardFilter::default() };
        assert!(bad_type.validated().expect_err("type").message.contains("`type` must be `scrum` or `kanban`"));
        let bad_project = BoardFilter { project_key: Some("AC ME".into()), ..BoardFilter::default() };
        assert_eq!(bad_project.validated().expect_err("project").kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn board_requests_take_positive_ids() {
        let req = get_board_request(&site_api_key(), 84).expect("request");
        assert_eq!(req.url, "https://acme.atlassian.net/rest/agile/1.0/board/84");
        spec_valid(&req);
        let req = get_board_configuration_request(&site_oauth(), 84).expect("request");
        assert!(req.url.ends_with("/rest/agile/1.0/board/84/configuration"));
        spec_valid(&req);
        assert_eq!(get_board_request(&site_api_key(), 0).expect_err("zero").kind, ErrorKind::InvalidInput);
    }

    #[test]
    fn parses_board_pages_from_the_spec_and_captures() {
        let page = parse_board_page(&Response::new(200, fixture("agile/agile_board_list_200.spec-examples.json")))
            .expect("spec example");
        assert!(!page.is_last);
        assert_eq!(page.total, Some(5));
        assert_eq!(page.items[0].id, 84);
        assert_eq!(page.items[1].board_type, "kanban");
        let page =
            parse_board_page(&Response::new(200, fixture("agile/agile_board_list.go-jira.json"))).expect("go-jira");
        assert!(page.is_last);
        assert_eq!(page.items.len(), 6);
        assert_eq!(page.items[5].project_key.as_deref(), Some("AP"));
        assert_eq!(page.items[0].project_key, None);
        for file in ["agile/agile_board_list.jira-cli.json", "agile/agile_board_list_filtered.go-jira.json"] {
            let page = parse_board_page(&Response::new(200, fixture(file))).expect(file);
            assert!(page.is_last, "{file}");
            assert!(page.items.iter().all(|b| b.board_type == "scrum"), "{file}");
        }
    }

    #[test]
    fn parses_one_board() {
        let board =
            parse_board(&Response::new(200, fixture("agile/agile_board_get_200.spec-examples.json"))).expect("board");
        assert_eq!(board.id, 84);
        assert_eq!(board.name, "scrum board");
        assert_eq!(board.project_key.as_deref(), Some("Example Project Key"));
        assert_eq!(board.raw["location"]["projectId"], 10040);
        let err = parse_board(&Response::new(200, r#"{"name":"x"}"#)).expect_err("no id");
        assert_eq!(err.message, "get board: missing required value at `$.id`");
    }

    #[test]
    fn parses_configurations() {
        let config = parse_board_configuration(&Response::new(
            200,
            fixture("agile/agile_board_configuration_200.spec-examples.json"),
        ))
        .expect("spec example");
        assert_eq!(config.id, 10000);
        assert_eq!(config.project_key.as_deref(), Some("PROJ"));
        assert_eq!(config.filter_id.as_deref(), Some("1001"));
        assert_eq!(config.columns.len(), 3);
        assert_eq!(config.columns[0].statuses, ["1", "4"]);
        assert_eq!((config.columns[1].min, config.columns[1].max), (Some(2), Some(4)));
        let estimation = config.estimation_field.expect("estimation");
        assert_eq!(estimation.field_id, "customfield_10002");
        assert_eq!(estimation.display_name.as_deref(), Some("Story Points"));
        assert_eq!(config.ranking_field_id, Some(10020));

        let kanban =
            parse_board_configuration(&Response::new(200, fixture("agile/agile_board_configuration.go-jira.json")))
                .expect("go-jira");
        assert_eq!(kanban.board_type.as_deref(), Some("kanban"));
        assert_eq!(kanban.project_key.as_deref(), Some("IT"));
        assert_eq!(kanban.columns.len(), 6);
        assert_eq!(kanban.columns[4].statuses.len(), 5);
        assert_eq!(kanban.columns[0].min, Some(5));
        assert_eq!(kanban.estimation_field, None);
        assert_eq!(kanban.ranking_field_id, Some(10002));
    }
}
