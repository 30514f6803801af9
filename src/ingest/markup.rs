//! Markup inside subtitle text: tags (`<i>`, `<c.yellow>`, `<00:00:01.000>`,
//! `<font color=…>`) are dropped and HTML character references are decoded.

use std::borrow::Cow;

/// Text without tags and with `&amp;`, `&lt;`, `&#39;`, `&#x4E2D;`… decoded.
pub fn plain_text(text: &str) -> String {
    decode_entities(&strip_tags(text)).into_owned()
}

fn strip_tags(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) if looks_like_tag(&rest[open + 1..open + close]) => {
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push('<');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `<b>`, `</v>`, `<c.loud>`, `<00:01.000>`, `<font color="red">`: but not "a < b > c".
fn looks_like_tag(inner: &str) -> bool {
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && !inner.starts_with(' ')
}

fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        if let Some((c, semi)) = decoded {
            out.push(c);
            rest = &after[semi + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "lrm" => Some('\u{200E}'),
        "rlm" => Some('\u{200F}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn tags_are_dropped() {
        assert_eq!(plain_text("<v Alice>Hi <i>there</i></v>"), "Hi there");
        assert_eq!(plain_text("<c.yellow>注意</c>这里"), "注意这里");
        assert_eq!(
            plain_text("<00:00:01.000>word <font color=\"red\">red</font>"),
            "word red"
        );
    }

    #[test]
    fn comparisons_are_not_tags() {
        assert_eq!(
            plain_text("latency < 200ms > target"),
            "latency < 200ms > target"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            plain_text("R&amp;D &lt;3 &quot;ok&quot; it&#39;s &#x4E2D;"),
            "R&D <3 \"ok\" it's 中"
        );
    }

    #[test]
    fn unknown_or_unterminated_entities_stay() {
        assert_eq!(plain_text("AT&T &bogus; & more"), "AT&T &bogus; & more");
        assert_eq!(plain_text("&#0;"), "&#0;");
    }
}
