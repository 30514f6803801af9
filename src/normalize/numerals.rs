//! Numbers as Chinese speakers write them: 十五, 两千零五, 九十五点一, 二〇二六, １２.
//!
//! Due dates (下周三, 十五号) and figures (良品率百分之九十五点一) both read them, so the
//! reader lives here, once.

/// The value of a number in Chinese numerals, digits (also full-width) or both.
///
/// Without a place word (十, 百, 千) the digits are read in sequence: 15 is 15 and the
/// year 二〇二六 is 2026, but two or three Chinese digits side by side without a zero
/// are a rough range, not a number (三五天 is three to five days). With place words each
/// place must be smaller than the one before: 一百二十 is 120, 两千零五 is 2005, and a
/// bare 十 is 10. A decimal part follows 点. None for anything else, 万 among them:
/// the callers read 万 and 亿 as units.
pub fn chinese_number(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('点').unwrap_or((text, ""));
    let mut total = if whole.chars().any(|c| place(c).is_some()) {
        with_places(whole)?
    } else {
        in_sequence(whole)?
    };
    let mut scale = 0.1;
    for c in fraction.chars() {
        total += f64::from(digit(c)?) * scale;
        scale /= 10.0;
    }
    Some(total)
}

/// A rough range said as two Chinese digits side by side, low then high: 三五 (three
/// to five), 两三, 七八. [`chinese_number`] refuses these, as it refuses any short run of
/// Chinese digits without a zero; a promise within one (三五天内) is kept by its high end.
pub fn rough_range(text: &str) -> Option<(u32, u32)> {
    let mut chars = text.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    let chinese = |c: char| !c.is_ascii_digit() && !('０'..='９').contains(&c);
    if chars.next().is_some() || !chinese(first) || !chinese(second) {
        return None;
    }
    let (low, high) = (digit(first)?, digit(second)?);
    (0 < low && low < high).then_some((low, high))
}

/// 二〇二六, 15, 两: every character a digit, and not a rough range like 三五 (see
/// [`rough_range`]).
fn in_sequence(whole: &str) -> Option<f64> {
    let count = whole.chars().count();
    let arabic = whole
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let year_like = count >= 4 || whole.contains(['零', '〇']);
    if count == 0 || (count > 1 && !arabic && !year_like) {
        return None;
    }
    whole
        .chars()
        .try_fold(0.0, |n, c| Some(n * 10.0 + f64::from(digit(c)?)))
}

/// 一百二十, 两千零五, 十五: digits before decreasing places, 零 where a place is skipped.
fn with_places(whole: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut pending: Option<u32> = None;
    let mut last_place = u32::MAX;
    for c in whole.chars() {
        if let Some(value) = place(c) {
            if value >= last_place {
                return None;
            }
            total += f64::from(pending.take().unwrap_or(1) * value);
            last_place = value;
        } else if matches!(c, '零' | '〇') {
            pending = None;
        } else if pending.replace(digit(c)?).is_some() {
            return None;
        }
    }
    Some(total + f64::from(pending.unwrap_or(0)))
}

fn place(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenths(text: &str) -> Option<i64> {
        chinese_number(text).map(|v| (v * 10.0).round() as i64)
    }

    #[test]
    fn reads_places_decimals_and_sequences() {
        assert_eq!(tenths("十五"), Some(150));
        assert_eq!(tenths("二十一"), Some(210));
        assert_eq!(tenths("十"), Some(100));
        assert_eq!(tenths("两"), Some(20));
        assert_eq!(tenths("一百二十"), Some(1200));
        assert_eq!(tenths("两千零五"), Some(20050));
        assert_eq!(tenths("九十五点一"), Some(951));
        assert_eq!(tenths("五点四"), Some(54));
        assert_eq!(tenths("二〇二六"), Some(20260));
        assert_eq!(tenths("１２"), Some(120));
        assert_eq!(tenths("30"), Some(300));
    }

    #[test]
    fn refuses_what_is_not_one_number() {
        assert_eq!(chinese_number("万"), None);
        assert_eq!(chinese_number(""), None);
        assert_eq!(chinese_number("点五"), None);
        assert_eq!(chinese_number("二二十"), None);
        assert_eq!(chinese_number("十百"), None);
        assert_eq!(chinese_number("三个"), None);
        assert_eq!(chinese_number("三五"), None);
        assert_eq!(chinese_number("两三"), None);
    }

    #[test]
    fn reads_two_digits_side_by_side_as_a_rough_range() {
        assert_eq!(rough_range("三五"), Some((3, 5)));
        assert_eq!(rough_range("两三"), Some((2, 3)));
        assert_eq!(rough_range("七八"), Some((7, 8)));
        assert_eq!(rough_range("五三"), None);
        assert_eq!(rough_range("35"), None);
        assert_eq!(rough_range("三"), None);
        assert_eq!(rough_range("三四五"), None);
        assert_eq!(rough_range("零五"), None);
    }
}
