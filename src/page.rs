//! The one paging abstraction, for both of Jira's styles: offset (`startAt`/`maxResults`/`isLast`/`total`)
//! and token (`nextPageToken`/`isLast`).
//!
//! An operation supplies a `fetch(cursor, page_size)` that requests and parses one page; `collect_pages`
//! calls it until the caller's limit, the last page, or a sign that the server is not advancing.

use crate::decode::{parse_body, Node};
use crate::error::{Error, ErrorKind, Result};
use crate::http::Response;

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Offset paging: the index of the first item.
    Offset(u32),
    /// Token paging: none for the first page.
    Token(Option<String>),
}

/// One parsed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// True when the server said (or the total shows) there is nothing after this page.
    pub is_last: bool,
    /// Token paging: the token of the next page.
    pub next_token: Option<String>,
    /// Offset paging: the total number of items, when the server reported it.
    pub total: Option<u32>,
}

/// Items gathered over one or more pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected<T> {
    pub items: Vec<T>,
    /// Where to continue; none when the end was reached.
    pub next: Option<Cursor>,
    pub total: Option<u32>,
}

impl<T> Collected<T> {
    /// True when there is nothing more to fetch.
    pub fn is_last(&self) -> bool {
        self.next.is_none()
    }
}

/// More pages than any real listing needs: a server that keeps saying "not last" is looping.
const MAX_PAGES: usize = 1000;

/// Fetches pages from `first` until `limit` items, the last page, or a non-advancing server (an error).
/// `max_page_size` is the most the endpoint serves per page; servers may serve fewer, which is followed.
pub fn collect_pages<T>(
    limit: u32,
    max_page_size: u32,
    first: Cursor,
    context: &str,
    mut fetch: impl FnMut(&Cursor, u32) -> Result<Page<T>>,
) -> Result<Collected<T>> {
    let limit = limit as usize;
    let mut items: Vec<T> = Vec::new();
    let mut cursor = first;
    let mut seen_tokens: Vec<String> = Vec::new();
    let mut total = None;
    for _ in 0..MAX_PAGES {
        let remaining = limit.saturating_sub(items.len());
        if remaining == 0 {
            return Ok(Collected { items, next: Some(cursor), total });
        }
        let page_size = u32::try_from(remaining).unwrap_or(u32::MAX).min(max_page_size).max(1);
        let page = fetch(&cursor, page_size)?;
        total = page.total.or(total);
        let received = page.items.len();
        let taken = received.min(remaining);
        items.extend(page.items.into_iter().take(taken));
        let next = match &cursor {
            Cursor::Offset(start) => {
                let after = start.saturating_add(u32::try_from(taken).unwrap_or(u32::MAX));
                let exhausted = page.is_last || total.is_some_and(|t| after >= t);
                if exhausted && taken == received {
                    None
                } else if received == 0 {
                    return Err(not_advancing(
                        context,
                        &format!("an empty page at offset {start} that is not the last"),
                    ));
                } else {
                    Some(Cursor::Offset(after))
                }
            }
            Cursor::Token(current) => {
                let token = page.next_token.filter(|t| !t.is_empty());
                match token {
                    None => None,
                    Some(_) if page.is_last => None,
                    Some(token) => {
                        if current.as_deref() == Some(token.as_str()) || seen_tokens.contains(&token) {
                            return Err(not_advancing(context, "the same nextPageToken twice"));
                        }
                        seen_tokens.push(token.clone());
                        Some(Cursor::Token(Some(token)))
                    }
                }
            }
        };
        match next {
            None => return Ok(Collected { items, next: None, total }),
            Some(next) => cursor = next,
        }
    }
    Err(not_advancing(context, &format!("more than {MAX_PAGES} pages")))
}

/// Parses one offset page (`startAt`/`maxResults`/`isLast`/`total`) whose items sit under `list_key`
/// (`values`, `issues`, `comments`, ...); an absent list is an empty page.
pub(crate) fn parse_offset_page<T>(
    response: &Response,
    context: &str,
    list_key: &str,
    mut item: impl FnMut(Node<'_>) -> Result<T>,
) -> Result<Page<T>> {
    let body = parse_body(&response.body, context)?;
    let root = Node::root(&body, context);
    let items = root.with_opt(list_key, |list| list.map_array(&mut item))?.unwrap_or_default();
    offset_page(root, items)
}

/// The offset page of `items` read from the page object `root`. Whether it is the last page: `isLast` when
/// Jira sends it (Jira's word, so an empty page that is "not last" reaches `collect_pages`' defence);
/// otherwise an empty page is last, then `total` decides, then a page shorter than the served `maxResults`.
/// Without any of these only an empty page ends the list.
pub(crate) fn offset_page<T>(root: Node<'_>, items: Vec<T>) -> Result<Page<T>> {
    let start_at = root.opt_u32("startAt")?.unwrap_or(0);
    let total = root.opt_u32("total")?;
    let served = root.opt_u32("maxResults")?;
    let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
    let is_last = match root.opt_bool("isLast")? {
        Some(flag) => flag,
        None if items.is_empty() => true,
        None => match total {
            Some(total) => start_at.saturating_add(count) >= total,
            None => served.is_some_and(|size| count < size),
        },
    };
    Ok(Page { items, is_last, next_token: None, total })
}

fn not_advancing(context: &str, what: &str) -> Error {
    Error::new(ErrorKind::Decode, format!("{context}: paging stopped because Jira returned {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn parsed(body: &str) -> Page<u32> {
        parse_offset_page(&Response::new(200, body), "list", "values", |n| n.as_u32()).expect("page")
    }

    #[test]
    fn last_page_is_decided_by_is_last_then_emptiness_then_total_then_page_size() {
        assert!(!parsed(r#"{"isLast":false,"values":[1]}"#).is_last);
        assert!(!parsed(r#"{"isLast":false,"values":[]}"#).is_last, "Jira's word is kept for the pager to judge");
        assert!(parsed(r#"{"isLast":true,"startAt":0,"total":9,"values":[1]}"#).is_last);
        assert!(parsed(r#"{"startAt":4,"total":5,"values":[1]}"#).is_last);
        assert!(!parsed(r#"{"startAt":0,"total":5,"values":[1]}"#).is_last);
        assert!(parsed(r#"{"startAt":0,"total":5,"values":[]}"#).is_last, "an empty page ends the list");
        assert!(parsed(r#"{"maxResults":50,"values":[1,2]}"#).is_last);
        assert!(!parsed(r#"{"maxResults":2,"values":[1,2]}"#).is_last);
        assert!(parsed(r#"{"values":[]}"#).is_last);
        assert!(parsed(r#"{}"#).is_last, "an absent list is an empty page");
        assert!(!parsed(r#"{"values":[1]}"#).is_last, "without any hint, only an empty page ends the list");
        let page = parsed(r#"{"startAt":"2","total":"3","values":[7]}"#);
        assert_eq!((page.items, page.total, page.is_last), (vec![7], Some(3), true));
    }

    #[test]
    fn a_list_that_is_not_an_array_is_a_decode_error_naming_the_path() {
        let err = parse_offset_page(&Response::new(200, r#"{"values":{}}"#), "list boards", "values", |n| n.as_u32())
            .expect_err("not an array");
        assert_eq!(err.kind, ErrorKind::Decode);
        assert_eq!(err.message, "list boards: expected an array at `$.values`");
        let err = parse_offset_page(&Response::new(200, r#"{"total":-1}"#), "list boards", "values", |n| n.as_u32())
            .expect_err("negative total");
        assert_eq!(err.kind, ErrorKind::Decode);
    }

    fn offset_source(
        all: u32,
        served_per_page: u32,
        with_total: bool,
    ) -> impl FnMut(&Cursor, u32) -> Result<Page<u32>> {
        move |cursor, size| {
            let Cursor::Offset(start) = cursor else { panic!("offset cursor expected") };
            let end = (start + size.min(served_per_page)).min(all);
            Ok(Page {
                items: (*start..end).collect(),
                is_last: end >= all,
                next_token: None,
                total: with_total.then_some(all),
            })
        }
    }

    #[test]
    fn offset_paging_follows_a_server_that_caps_pages() {
        let calls = RefCell::new(Vec::new());
        let mut source = offset_source(120, 50, true);
        let got = collect_pages(1000, 100, Cursor::Offset(0), "list", |c, s| {
            calls.borrow_mut().push((c.clone(), s));
            source(c, s)
        })
        .expect("pages");
        assert_eq!(got.items, (0..120).collect::<Vec<_>>());
        assert!(got.is_last());
        assert_eq!(got.total, Some(120));
        assert_eq!(
            calls.into_inner(),
            vec![(Cursor::Offset(0), 100), (Cursor::Offset(50), 100), (Cursor::Offset(100), 100)]
        );
    }

    #[test]
    fn offset_paging_stops_at_the_limit_and_says_where_to_continue() {
        let got = collect_pages(70, 50, Cursor::Offset(0), "list", offset_source(200, 50, false)).expect("pages");
        assert_eq!(got.items.len(), 70);
        assert_eq!(got.next, Some(Cursor::Offset(70)));
        assert!(!got.is_last());
    }

    #[test]
    fn an_overfull_page_is_truncated_and_resumes_after_what_was_taken() {
        // The server ignores maxResults and sends 30 items when 10 were asked for.
        let got = collect_pages(10, 50, Cursor::Offset(5), "list", |_, _| {
            Ok(Page { items: (0..30).collect::<Vec<u32>>(), is_last: true, next_token: None, total: None })
        })
        .expect("pages");
        assert_eq!(got.items.len(), 10);
        assert_eq!(got.next, Some(Cursor::Offset(15)));
    }

    #[test]
    fn an_empty_page_that_is_not_last_is_an_error_not_a_loop() {
        let err = collect_pages(100, 50, Cursor::Offset(0), "list boards", |_, _| {
            Ok(Page { items: Vec::<u32>::new(), is_last: false, next_token: None, total: None })
        })
        .expect_err("must stop");
        assert!(err.message.contains("list boards: paging stopped"), "{}", err.message);
    }

    #[test]
    fn token_paging_follows_tokens_to_the_last_page() {
        let got = collect_pages(100, 100, Cursor::Token(None), "search", |cursor, _| {
            let Cursor::Token(token) = cursor else { panic!("token cursor expected") };
            Ok(match token.as_deref() {
                None => Page { items: vec![1, 2], is_last: false, next_token: Some("t2".into()), total: None },
                Some("t2") => Page { items: vec![3, 4], is_last: false, next_token: Some("t3".into()), total: None },
                Some("t3") => Page { items: vec![5], is_last: true, next_token: None, total: None },
                Some(other) => panic!("unexpected token {other}"),
            })
        })
        .expect("pages");
        assert_eq!(got.items, vec![1, 2, 3, 4, 5]);
        assert!(got.is_last());
    }

    #[test]
    fn token_paging_stops_at_the_limit_with_the_next_token() {
        let got = collect_pages(2, 100, Cursor::Token(None), "search", |_, size| {
            assert_eq!(size, 2, "asks only for what is needed");
            Ok(Page { items: vec![1, 2], is_last: false, next_token: Some("t2".into()), total: None })
        })
        .expect("pages");
        assert_eq!(got.items, vec![1, 2]);
        assert_eq!(got.next, Some(Cursor::Token(Some("t2".into()))));
    }

    #[test]
    fn an_empty_token_ends_paging() {
        let got = collect_pages(10, 100, Cursor::Token(None), "search", |_, _| {
            Ok(Page { items: vec![1], is_last: false, next_token: Some(String::new()), total: None })
        })
        .expect("pages");
        assert!(got.is_last());
    }

    #[test]
    fn a_repeated_token_is_an_error_not_a_loop() {
        let err = collect_pages(1000, 100, Cursor::Token(None), "search", |_, _| {
            Ok(Page { items: vec![1], is_last: false, next_token: Some("same".into()), total: None })
        })
        .expect_err("must stop");
        assert!(err.message.contains("same nextPageToken twice"), "{}", err.message);
    }

    #[test]
    fn fetch_errors_propagate() {
        let err = collect_pages(10, 10, Cursor::Offset(0), "x", |_, _| -> Result<Page<u32>> {
            Err(Error::new(ErrorKind::RateLimited, "slow down"))
        })
        .expect_err("propagates");
        assert_eq!(err.kind, ErrorKind::RateLimited);
    }
}
