//! A parser for the JQL subset the fake understands: clauses with AND / OR / NOT and parentheses, the
//! operators `= != ~ !~ in, not in, is, is not` (plus `< <= > >=`, parsed so they can be refused by name),
//! quoted and unquoted values, `EMPTY`/`NULL`, functions like `currentUser()`, and `ORDER BY`.

/// A parsed query: an optional filter and the sort keys.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    pub filter: Option<Expr>,
    pub order: Vec<OrderKey>,
}

/// A boolean combination of clauses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Clause(Clause),
}

/// `field operator operand`; `field` is lower case.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Clause {
    pub field: String,
    pub operator: Operator,
    pub operand: Operand,
}

/// A JQL comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operator {
    Equals,
    NotEquals,
    In,
    NotIn,
    Is,
    IsNot,
    Contains,
    NotContains,
    /// `<`, `<=`, `>`, `>=`: parsed, then refused by the evaluator.
    Ordering(&'static str),
}

impl Operator {
    /// How the operator is written in JQL, for error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Equals => "=",
            Operator::NotEquals => "!=",
            Operator::In => "in",
            Operator::NotIn => "not in",
            Operator::Is => "is",
            Operator::IsNot => "is not",
            Operator::Contains => "~",
            Operator::NotContains => "!~",
            Operator::Ordering(symbol) => symbol,
        }
    }
}

/// The right-hand side of a clause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// A literal, quotes removed.
    Value(String),
    /// `EMPTY` or `NULL`.
    Empty,
    /// A function call such as `currentUser()`, name in lower case (arguments are not supported).
    Function(String),
    /// `(a, b, ...)`.
    List(Vec<Operand>),
}

/// One `ORDER BY` key; `field` is lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderKey {
    pub field: String,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Symbol(&'static str),
}

impl Token {
    fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.eq_ignore_ascii_case(keyword))
    }

    fn describe(&self) -> String {
        match self {
            Token::Word(word) => word.clone(),
            Token::Quoted(text) => format!("\"{text}\""),
            Token::Symbol(symbol) => (*symbol).to_string(),
        }
    }
}

/// Prefixes every parse error like Jira does.
fn syntax_error(detail: &str) -> String {
    format!("Error in the JQL Query: {detail}")
}

// Longer symbols first, so `!=` is not read as `!` then `=`.
const SYMBOLS: &[&str] = &["!=", "!~", "<=", ">=", "=", "~", "<", ">", "(", ")", ","];

fn tokenize(jql: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = jql.trim_start();
    while let Some(first) = rest.chars().next() {
        if let Some(symbol) = SYMBOLS.iter().find(|symbol| rest.starts_with(**symbol)) {
            tokens.push(Token::Symbol(symbol));
            rest = &rest[symbol.len()..];
        } else if first == '"' || first == '\'' {
            let (text, after) = read_quoted(&rest[1..], first)?;
            tokens.push(Token::Quoted(text));
            rest = after;
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || "\"'=!~<>(),".contains(c)).unwrap_or(rest.len());
            if end == 0 {
                return Err(syntax_error(&format!(
                    "The character '{first}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u{:04x}' instead.",
                    u32::from(first)
                )));
            }
            tokens.push(Token::Word(rest[..end].to_string()));
            rest = &rest[end..];
        }
        rest = rest.trim_start();
    }
    Ok(tokens)
}

/// Reads a quoted string body up to the closing `quote`, honouring backslash escapes.
fn read_quoted(input: &str, quote: char) -> Result<(String, &str), String> {
    let mut text = String::new();
    let mut chars = input.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => text.push(escaped),
                None => break,
            },
            c if c == quote => return Ok((text, &input[index + c.len_utf8()..])),
            c => text.push(c),
        }
    }
    Err(syntax_error(&format!("The quoted string {quote}{text} has not been completed.")))
}

/// Parses JQL. Errors are Jira-style messages starting with `Error in the JQL Query:`.
pub(crate) fn parse(jql: &str) -> Result<Query, String> {
    let mut parser = Parser { tokens: tokenize(jql)?, position: 0 };
    let filter = match parser.peek() {
        None => None,
        Some(token) if token.is_keyword("order") => None,
        Some(_) => Some(parser.or_expr()?),
    };
    let order = parser.order_by()?;
    match parser.peek() {
        None => Ok(Query { filter, order }),
        Some(token) => Err(syntax_error(&format!("Expecting either 'OR' or 'AND' but got '{}'.", token.describe()))),
    }
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += usize::from(token.is_some());
        token
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.peek().is_some_and(|token| token.is_keyword(keyword));
        self.position += usize::from(found);
        found
    }

    fn eat_symbol(&mut self, symbol: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Symbol(found)) if *found == symbol);
        self.position += usize::from(found);
        found
    }

    fn or_expr(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.and_expr()?];
        while self.eat_keyword("or") {
            terms.push(self.and_expr()?);
        }
        Ok(if terms.len() == 1 { terms.remove(0) } else { Expr::Or(terms) })
    }

    fn and_expr(&mut self) -> Result<Expr, String> {
        let mut terms = vec![self.unary()?];
        while self.eat_keyword("and") {
            terms.push(self.unary()?);
        }
        Ok(if terms.len() == 1 { terms.remove(0) } else { Expr::And(terms) })
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat_keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat_symbol("(") {
            let inner = self.or_expr()?;
            if !self.eat_symbol(")") {
                return Err(syntax_error("Expecting ')' before the end of the query."));
            }
            return Ok(inner);
        }
        self.clause().map(Expr::Clause)
    }

    fn clause(&mut self) -> Result<Clause, String> {
        let field = match self.next() {
            Some(Token::Word(word)) if !is_reserved(&word) => word.to_lowercase(),
            Some(Token::Quoted(text)) => text.to_lowercase(),
            Some(token) => {
                return Err(syntax_error(&format!("Expecting a field name but got '{}'.", token.describe())))
            }
            None => return Err(syntax_error("Expecting a field name at the end of the query.")),
        };
        let operator = self.operator()?;
        let operand = self.operand()?;
        Ok(Clause { field, operator, operand })
    }

    fn operator(&mut self) -> Result<Operator, String> {
        let operator = match self.next() {
            Some(Token::Symbol("=")) => Operator::Equals,
            Some(Token::Symbol("!=")) => Operator::NotEquals,
            Some(Token::Symbol("~")) => Operator::Contains,
            Some(Token::Symbol("!~")) => Operator::NotContains,
            Some(Token::Symbol(symbol @ ("<" | "<=" | ">" | ">="))) => Operator::Ordering(symbol),
            Some(token) if token.is_keyword("in") => Operator::In,
            Some(token) if token.is_keyword("is") => {
                if self.eat_keyword("not") {
                    Operator::IsNot
                } else {
                    Operator::Is
                }
            }
            Some(token) if token.is_keyword("not") && self.eat_keyword("in") => Operator::NotIn,
            other => {
                let got = other.map_or("the end of the query".to_string(), |t| t.describe());
                return Err(syntax_error(&format!(
                    "Expecting operator but got '{got}'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."
                )));
            }
        };
        Ok(operator)
    }

    fn operand(&mut self) -> Result<Operand, String> {
        match self.next() {
            Some(Token::Symbol("(")) => {
                let mut items = vec![self.operand()?];
                while self.eat_symbol(",") {
                    items.push(self.operand()?);
                }
                if !self.eat_symbol(")") {
                    return Err(syntax_error("Expecting ')' to close the list of values."));
                }
                Ok(Operand::List(items))
            }
            Some(Token::Quoted(text)) => Ok(Operand::Value(text)),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("empty") || word.eq_ignore_ascii_case("null") => {
                Ok(Operand::Empty)
            }
            Some(Token::Word(word)) if !is_reserved(&word) => {
                if self.eat_symbol("(") {
                    if !self.eat_symbol(")") {
                        return Err(syntax_error(&format!(
                            "The fake Jira does not support arguments to the function '{word}'."
                        )));
                    }
                    return Ok(Operand::Function(word.to_lowercase()));
                }
                Ok(Operand::Value(word))
            }
            other => {
                let got = other.map_or("the end of the query".to_string(), |t| t.describe());
                Err(syntax_error(&format!("Expecting either a value, list or function but got '{got}'.")))
            }
        }
    }

    fn order_by(&mut self) -> Result<Vec<OrderKey>, String> {
        if !self.eat_keyword("order") {
            return Ok(Vec::new());
        }
        if !self.eat_keyword("by") {
            return Err(syntax_error("Expecting 'by' after 'order'."));
        }
        let mut keys = Vec::new();
        loop {
            let field = match self.next() {
                Some(Token::Word(word)) if !is_reserved(&word) => word.to_lowercase(),
                Some(Token::Quoted(text)) => text.to_lowercase(),
                _ => return Err(syntax_error("Expecting a field name in the ORDER BY clause.")),
            };
            let descending = if self.eat_keyword("desc") {
                true
            } else {
                self.eat_keyword("asc");
                false
            };
            keys.push(OrderKey { field, descending });
            if !self.eat_symbol(",") {
                return Ok(keys);
            }
        }
    }
}

/// Words that cannot be an unquoted field name or value.
fn is_reserved(word: &str) -> bool {
    ["and", "or", "not", "in", "is", "order", "by", "empty", "null", "asc", "desc"]
        .iter()
        .any(|reserved| word.eq_ignore_ascii_case(reserved))
}
