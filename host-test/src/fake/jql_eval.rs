//! Runs a parsed JQL query against the fake's issues: validates values like Jira (unknown projects, statuses
//! and users are errors, not empty results), filters, then sorts with `jql_order`.
//!
//! `resolution` compares by resolution id (by name or id in the query); `Unresolved` is Jira's keyword for no
//! resolution (`resolution = Unresolved` is `resolution IS EMPTY`).

use super::jql::{Clause, Expr, Operand, Operator, Query};
use super::project_meta::RESOLUTIONS;
use super::state::{issue_number, Issue, State};
use super::{adf, jql_order};

/// Fields holding one referenced value, compared by canonical id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScalarField {
    Project,
    Key,
    Status,
    StatusCategory,
    Assignee,
    Reporter,
    IssueType,
    Priority,
    Parent,
    Resolution,
}

/// Fields searched with `~`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    Summary,
    Description,
    Comment,
    Everything,
}

/// A clause resolved against the data: values turned into ids, ready to test issues.
enum Filter {
    All(Vec<Filter>),
    Any(Vec<Filter>),
    Not(Box<Filter>),
    /// Matches when the issue's value is (or, negated, is set and is not) one of `wanted`; `None` is EMPTY.
    Scalar {
        field: ScalarField,
        wanted: Vec<Option<String>>,
        negate: bool,
    },
    Labels {
        wanted: Vec<Option<String>>,
        negate: bool,
    },
    Text {
        field: TextField,
        words: Vec<String>,
        negate: bool,
    },
}

/// The positions in `state.issues` of the issues matching `query`, in result order.
pub(crate) fn run(state: &State, query: &Query) -> Result<Vec<usize>, String> {
    let filter = query.filter.as_ref().map(|expr| compile(state, expr)).transpose()?;
    jql_order::check_sortable(&query.order)?;
    let mut hits: Vec<usize> = (0..state.issues.len())
        .filter(|index| filter.as_ref().is_none_or(|filter| matches(state, &state.issues[*index], filter)))
        .collect();
    jql_order::sort(state, &mut hits, &query.order);
    Ok(hits)
}

fn compile(state: &State, expr: &Expr) -> Result<Filter, String> {
    Ok(match expr {
        Expr::And(terms) => Filter::All(compile_all(state, terms)?),
        Expr::Or(terms) => Filter::Any(compile_all(state, terms)?),
        Expr::Not(inner) => Filter::Not(Box::new(compile(state, inner)?)),
        Expr::Clause(clause) => compile_clause(state, clause)?,
    })
}

fn compile_all(state: &State, terms: &[Expr]) -> Result<Vec<Filter>, String> {
    terms.iter().map(|term| compile(state, term)).collect()
}

fn compile_clause(state: &State, clause: &Clause) -> Result<Filter, String> {
    let field = clause.field.as_str();
    let operator = clause.operator;
    if let Operator::Ordering(symbol) = operator {
        return Err(format!("The fake Jira does not support the operator '{symbol}' (in the clause on '{field}')."));
    }
    let negate = matches!(operator, Operator::NotEquals | Operator::NotIn | Operator::IsNot | Operator::NotContains);
    let text_field = match field {
        "summary" => Some(TextField::Summary),
        "description" => Some(TextField::Description),
        "comment" => Some(TextField::Comment),
        "text" => Some(TextField::Everything),
        _ => None,
    };
    if let Some(text_field) = text_field {
        return compile_text(text_field, clause, negate);
    }
    if matches!(operator, Operator::Contains | Operator::NotContains) {
        return Err(unsupported_operator(clause));
    }
    let leaves = operand_leaves(clause)?;
    if field == "labels" || field == "label" {
        let wanted = leaves
            .iter()
            .map(|leaf| match leaf {
                Operand::Value(label) => Ok(Some(label.clone())),
                Operand::Empty => Ok(None),
                other => Err(unsupported_function(other, field)),
            })
            .collect::<Result<_, _>>()?;
        return Ok(Filter::Labels { wanted, negate });
    }
    let scalar = scalar_field(field)
        .ok_or_else(|| format!("Field '{field}' does not exist or you do not have permission to view it."))?;
    let wanted = leaves.iter().map(|leaf| resolve(state, scalar, field, leaf)).collect::<Result<_, _>>()?;
    Ok(Filter::Scalar { field: scalar, wanted, negate })
}

fn scalar_field(field: &str) -> Option<ScalarField> {
    Some(match field {
        "project" => ScalarField::Project,
        "key" | "issuekey" | "id" => ScalarField::Key,
        "status" => ScalarField::Status,
        "statuscategory" => ScalarField::StatusCategory,
        "assignee" => ScalarField::Assignee,
        "reporter" | "creator" => ScalarField::Reporter,
        "issuetype" | "type" => ScalarField::IssueType,
        "priority" => ScalarField::Priority,
        "parent" => ScalarField::Parent,
        "resolution" => ScalarField::Resolution,
        _ => return None,
    })
}

fn compile_text(field: TextField, clause: &Clause, negate: bool) -> Result<Filter, String> {
    match (&clause.operator, &clause.operand) {
        (Operator::Contains | Operator::NotContains, Operand::Value(text)) => {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(str::to_lowercase)
                .collect();
            if words.is_empty() {
                return Err(format!("The field '{}' does not support searching for an empty string.", clause.field));
            }
            Ok(Filter::Text { field, words, negate })
        }
        (Operator::Is | Operator::IsNot, Operand::Empty) if field == TextField::Description => {
            Ok(Filter::Text { field, words: Vec::new(), negate: !negate })
        }
        _ => Err(unsupported_operator(clause)),
    }
}

/// The operand as a flat list of values, checking it fits the operator.
fn operand_leaves(clause: &Clause) -> Result<Vec<Operand>, String> {
    let operator = clause.operator;
    match (&clause.operand, operator) {
        (Operand::List(items), Operator::In | Operator::NotIn) => Ok(items.clone()),
        (Operand::List(_), _) => Err(format!(
            "The operator '{}' does not support the list value for the field '{}'.",
            operator.symbol(),
            clause.field
        )),
        (Operand::Empty, _) => Ok(vec![Operand::Empty]),
        (_, Operator::Is | Operator::IsNot) => Err(format!(
            "The operator '{}' only supports the 'EMPTY' and 'NULL' keywords (field '{}').",
            operator.symbol(),
            clause.field
        )),
        (single, _) => Ok(vec![single.clone()]),
    }
}

/// Turns one operand value into the canonical id the issue stores, or a Jira-style error.
fn resolve(state: &State, field: ScalarField, name: &str, leaf: &Operand) -> Result<Option<String>, String> {
    let value = match leaf {
        Operand::Empty => return Ok(None),
        Operand::Function(function)
            if function == "currentuser" && matches!(field, ScalarField::Assignee | ScalarField::Reporter) =>
        {
            return Ok(Some(state.current_user_id.clone()));
        }
        Operand::Value(value) if field == ScalarField::Resolution && value.eq_ignore_ascii_case("unresolved") => {
            return Ok(None);
        }
        Operand::Value(value) => value.as_str(),
        other => return Err(unsupported_function(other, name)),
    };
    let found = match field {
        ScalarField::Project => state.project(value).map(|project| project.id.clone()),
        ScalarField::Status => state.status(value).map(|status| status.id.clone()),
        ScalarField::StatusCategory => state
            .statuses
            .iter()
            .map(|status| status.category)
            .find(|category| {
                category.key().eq_ignore_ascii_case(value)
                    || category.name().eq_ignore_ascii_case(value)
                    || category.id().to_string() == value
            })
            .map(|category| category.key().to_string()),
        ScalarField::IssueType => state.issue_type(value).map(|kind| kind.id.clone()),
        ScalarField::Priority => state.priority(value).map(|priority| priority.id.clone()),
        ScalarField::Resolution => RESOLUTIONS
            .iter()
            .find(|(id, name, _)| *id == value || name.eq_ignore_ascii_case(value))
            .map(|(id, _, _)| id.to_string()),
        ScalarField::Assignee | ScalarField::Reporter => state
            .users
            .iter()
            .find(|user| {
                user.account_id == value
                    || user.email.eq_ignore_ascii_case(value)
                    || user.display_name.eq_ignore_ascii_case(value)
            })
            .map(|user| user.account_id.clone()),
        ScalarField::Key | ScalarField::Parent => {
            return match state.issue(value) {
                Some(issue) => Ok(Some(issue.id.clone())),
                None if issue_number(value).is_some() => {
                    Err(format!("An issue with key '{value}' does not exist for field '{name}'."))
                }
                None => Err(format!("The issue key '{value}' for field '{name}' is invalid.")),
            };
        }
    };
    found.map(Some).ok_or_else(|| format!("The value '{value}' does not exist for the field '{name}'."))
}

fn unsupported_operator(clause: &Clause) -> String {
    format!("The operator '{}' is not supported by the '{}' field.", clause.operator.symbol(), clause.field)
}

fn unsupported_function(operand: &Operand, field: &str) -> String {
    match operand {
        Operand::Function(function) => {
            format!("Unable to find JQL function '{function}()' for the field '{field}'.")
        }
        _ => format!("Unsupported value for the field '{field}'."),
    }
}

fn matches(state: &State, issue: &Issue, filter: &Filter) -> bool {
    match filter {
        Filter::All(terms) => terms.iter().all(|term| matches(state, issue, term)),
        Filter::Any(terms) => terms.iter().any(|term| matches(state, issue, term)),
        Filter::Not(inner) => !matches(state, issue, inner),
        Filter::Scalar { field, wanted, negate } => {
            let actual = scalar_value(state, issue, *field);
            if *negate {
                // As in Jira, `!=` and `NOT IN` never match issues where the field is empty.
                actual.is_some() && !wanted.contains(&actual)
            } else {
                wanted.contains(&actual)
            }
        }
        Filter::Labels { wanted, negate } => {
            let has = |label: &Option<String>| match label {
                None => issue.labels.is_empty(),
                Some(label) => issue.labels.iter().any(|l| l.eq_ignore_ascii_case(label)),
            };
            if *negate {
                !issue.labels.is_empty() && !wanted.iter().any(has)
            } else {
                wanted.iter().any(has)
            }
        }
        Filter::Text { field, words, negate } => {
            let text = searchable_text(issue, *field).to_lowercase();
            let found = if words.is_empty() {
                !text.trim().is_empty()
            } else {
                words.iter().all(|word| text.contains(word.as_str()))
            };
            found != *negate
        }
    }
}

fn scalar_value(state: &State, issue: &Issue, field: ScalarField) -> Option<String> {
    match field {
        ScalarField::Project => Some(issue.project_id.clone()),
        ScalarField::Key => Some(issue.id.clone()),
        ScalarField::Status => Some(issue.status_id.clone()),
        ScalarField::StatusCategory => state.status(&issue.status_id).map(|status| status.category.key().to_string()),
        ScalarField::Assignee => issue.assignee_id.clone(),
        ScalarField::Reporter => issue.reporter_id.clone(),
        ScalarField::IssueType => Some(issue.issue_type_id.clone()),
        ScalarField::Priority => issue.priority_id.clone(),
        ScalarField::Parent => issue.parent_id.clone(),
        ScalarField::Resolution => issue.resolved.as_ref().map(|resolved| resolved.resolution_id.clone()),
    }
}

fn searchable_text(issue: &Issue, field: TextField) -> String {
    let description = || issue.description.as_ref().map(adf::plain_text).unwrap_or_default();
    let comments = || {
        let texts: Vec<String> = issue.comments.iter().map(|c| adf::plain_text(&c.body)).collect();
        texts.join("\n")
    };
    match field {
        TextField::Summary => issue.summary.clone(),
        TextField::Description => description(),
        TextField::Comment => comments(),
        TextField::Everything => format!("{}\n{}\n{}", issue.summary, description(), comments()),
    }
}
