//! HTML character references in Markdown (`&amp;`, `&#35;`, `&#x23;`): the named ones people type, and
//! every numeric one.

/// An entity or numeric character reference at `start` (`&amp;`, `&#35;`, `&#x23;`), decoded.
pub(super) fn entity(chars: &[char], start: usize) -> Option<(String, usize)> {
    let body: String = chars.iter().skip(start + 1).take(33).take_while(|c| **c != ';').collect();
    let end = start + 1 + body.chars().count();
    if chars.get(end) != Some(&';') || body.is_empty() {
        return None;
    }
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if (1..=6).contains(&hex.len()) => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None if (1..=7).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) => {
                number.parse().ok()?
            }
            None => return None,
        };
        char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{fffd}').to_string()
    } else {
        named_entity(&body)?.to_string()
    };
    Some((decoded, end + 1))
}

/// The named references people type; others stay literal.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bull" => '•',
        "middot" => '·',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "euro" => '€',
        "pound" => '£',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        _ => return None,
    })
}

/// Decodes the references in `text` (a `<summary>` title).
pub(super) fn decode_entities(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(&c) = chars.get(pos) {
        match (c, entity(&chars, pos)) {
            ('&', Some((decoded, end))) => {
                out.push_str(&decoded);
                pos = end;
            }
            _ => {
                out.push(c);
                pos += 1;
            }
        }
    }
    out
}
