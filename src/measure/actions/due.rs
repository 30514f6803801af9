//! Due times: reading 下周三前, 月底, "by Friday", "end of next week" out of a clause and
//! resolving them against the conversation date (the rules are listed in the parent
//! module's documentation, under "Decisions the tests pin down").

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use regex::{Captures, Regex};
use serde::Serialize;

use super::{compile, ends_with_any, names_a_thing, previous_word, starts_with_any};
use crate::domain::Repeat;
use crate::normalize::{chinese_number, is_cjk, rough_range};

/// When an action is due, as said and, where the conversation date allows, as a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub text: String,
    /// The day it is due; for a recurring action (每周五, "every Monday") the first
    /// occurrence after the conversation, the first day there is something to follow up.
    pub date: Option<NaiveDate>,
    /// How often a recurring action comes round (每周一对一次进度, "a check-in every
    /// Monday"); `None` for a one-off.
    pub repeats: Option<Repeat>,
}

/// Which week a weekday is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Week {
    /// The next such day, today included (周五前, "by Friday").
    Coming,
    This,
    Next,
    AfterNext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Point {
    Start,
    Mid,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    BusinessDay,
    Week,
    Month,
}

/// A time expression, read but not yet resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    /// Today (0), tomorrow (1)…
    Days(u64),
    /// 下班前, EOD: today, unless a day stands next to it.
    DayPart,
    /// `day` counts from Monday = 0.
    Weekday {
        week: Week,
        day: u64,
    },
    /// `ahead` months from this one; `bare` when no month was named (月初 alone).
    Month {
        ahead: u32,
        point: Point,
        bare: bool,
    },
    NamedMonth {
        month: u32,
        point: Point,
    },
    Quarter {
        ahead: u32,
    },
    NamedQuarter(u32),
    YearEnd,
    Within {
        n: u32,
        unit: Unit,
    },
    MonthDay {
        month: u32,
        day: u32,
        year: Option<i32>,
    },
    DayOfMonth(u32),
    /// 每周五, "every Monday", "monthly": `day` counts from Monday = 0 when one is named;
    /// `point` when a point of the period is (每月底, "at the start of each month").
    Every {
        repeat: Repeat,
        day: Option<u64>,
        point: Option<Point>,
    },
}

impl When {
    pub(super) fn is_today(self) -> bool {
        matches!(self, When::Days(0) | When::DayPart)
    }

    /// A day rather than a span: today, tomorrow, a weekday.
    pub(super) fn is_day(self) -> bool {
        matches!(self, When::Days(_) | When::DayPart | When::Weekday { .. })
    }

    /// How often it comes round, when it recurs.
    pub(super) fn repeats(self) -> Option<Repeat> {
        match self {
            When::Every { repeat, .. } => Some(repeat),
            _ => None,
        }
    }

    pub(super) fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            When::Every { repeat, day, point } => first_occurrence(today, repeat, day, point),
            When::Days(n) => today.checked_add_days(Days::new(n)),
            When::DayPart => Some(today),
            When::Weekday { week, day } => {
                let weekday = u64::from(today.weekday().num_days_from_monday());
                let monday = today.checked_sub_days(Days::new(weekday))?;
                let offset = match week {
                    Week::Coming => {
                        return today.checked_add_days(Days::new((day + 7 - weekday) % 7));
                    }
                    Week::This => 0,
                    Week::Next => 7,
                    Week::AfterNext => 14,
                };
                monday.checked_add_days(Days::new(offset + day))
            }
            When::Month { ahead, point, bare } => {
                let first = first_of_month(today)?.checked_add_months(Months::new(ahead))?;
                let on = point_in(first, point)?;
                if bare && on < today {
                    point_in(first.checked_add_months(Months::new(1))?, point)
                } else {
                    Some(on)
                }
            }
            When::NamedMonth { month, point } => nearest_year(today, |year| {
                point_in(NaiveDate::from_ymd_opt(year, month, 1)?, point)
            }),
            When::Quarter { ahead } => {
                let quarters = today.month0() / 3 + ahead;
                let year = today.year() + i32::try_from(quarters / 4).ok()?;
                last_of_month(year, (quarters % 4) * 3 + 3)
            }
            When::NamedQuarter(quarter) => {
                let end = last_of_month(today.year(), quarter * 3)?;
                if end < today {
                    last_of_month(today.year() + 1, quarter * 3)
                } else {
                    Some(end)
                }
            }
            When::YearEnd => NaiveDate::from_ymd_opt(today.year(), 12, 31),
            When::Within { n, unit } => match unit {
                Unit::Day => today.checked_add_days(Days::new(u64::from(n))),
                Unit::Week => today.checked_add_days(Days::new(7 * u64::from(n))),
                Unit::Month => today.checked_add_months(Months::new(n)),
                Unit::BusinessDay => add_business_days(today, n),
            },
            When::MonthDay { month, day, year } => match year {
                Some(year) => NaiveDate::from_ymd_opt(year, month, day),
                None => nearest_year(today, |year| NaiveDate::from_ymd_opt(year, month, day)),
            },
            When::DayOfMonth(day) => {
                let first = first_of_month(today)?;
                match first.with_day(day) {
                    Some(date) if date >= today => Some(date),
                    _ => first.checked_add_months(Months::new(1))?.with_day(day),
                }
            }
        }
    }
}

/// The first day after `today` a recurring action comes round: the named weekday, the
/// named point of the period (每月底: this month's end), else one period on (tomorrow, a
/// week, a month).
fn first_occurrence(
    today: NaiveDate,
    repeat: Repeat,
    day: Option<u64>,
    point: Option<Point>,
) -> Option<NaiveDate> {
    if let Some(day) = day {
        return next_weekday(today.succ_opt()?, day);
    }
    let at_point = match (repeat, point) {
        (Repeat::Weekly | Repeat::Biweekly, Some(Point::End)) => Some(When::Weekday {
            week: Week::Coming,
            day: 4,
        }),
        (Repeat::Monthly, Some(point)) => Some(When::Month {
            ahead: 0,
            point,
            bare: true,
        }),
        (Repeat::Quarterly, Some(Point::End)) => Some(When::Quarter { ahead: 0 }),
        _ => None,
    };
    if let Some(when) = at_point {
        return when.resolve(today);
    }
    repeat.after(today, 1)
}

/// The first `day` (Monday = 0) on or after `from`.
fn next_weekday(from: NaiveDate, day: u64) -> Option<NaiveDate> {
    let weekday = u64::from(from.weekday().num_days_from_monday());
    from.checked_add_days(Days::new((day + 7 - weekday) % 7))
}

/// The first day of the period `when` names, for a recurrence said with it ("every Friday
/// in January", 三月份每周一): the recurrence starts there.
fn start_of(when: When, today: NaiveDate) -> Option<NaiveDate> {
    match when {
        When::NamedMonth { month, .. } => When::NamedMonth {
            month,
            point: Point::Start,
        }
        .resolve(today),
        When::Month { ahead, .. } => When::Month {
            ahead,
            point: Point::Start,
            bare: false,
        }
        .resolve(today),
        When::Quarter { .. } | When::NamedQuarter(_) => {
            let end = when.resolve(today)?;
            NaiveDate::from_ymd_opt(end.year(), end.month() - 2, 1)
        }
        // 从下周开始 starts on its Monday, whatever day 下周 alone would be due.
        When::Weekday { week, .. } if week != Week::Coming => {
            When::Weekday { week, day: 0 }.resolve(today)
        }
        When::Every { .. } | When::DayPart | When::Within { .. } | When::YearEnd => None,
        _ => when.resolve(today),
    }
}

fn first_of_month(date: NaiveDate) -> Option<NaiveDate> {
    date.with_day(1)
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

fn point_in(first: NaiveDate, point: Point) -> Option<NaiveDate> {
    match point {
        Point::Start => Some(first),
        Point::Mid => first.with_day(15),
        Point::End => last_of_month(first.year(), first.month()),
    }
}

/// The date in this year, or next year's when this year's is more than 30 days past.
fn nearest_year(today: NaiveDate, on: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let this_year = on(today.year());
    let long_past = this_year.is_none_or(|d| d < today - Days::new(30));
    if long_past {
        on(today.year() + 1)
    } else {
        this_year
    }
}

fn add_business_days(from: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut date = from;
    let mut left = n;
    while left > 0 {
        date = date.succ_opt()?;
        if date.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    Some(date)
}

/// Time expressions next to each other, read as one.
#[derive(Debug, Clone)]
pub(super) struct DueGroup {
    pub(super) range: Range<usize>,
    pub(super) when: When,
    /// A period said next to a recurrence, where it starts ("every Friday in January").
    starting: Option<When>,
}

impl DueGroup {
    /// A recurrence said with where it starts (从下周起每周一, "every Monday, starting
    /// next week").
    pub(super) fn starts_later(&self) -> bool {
        self.starting.is_some()
    }

    fn new(range: Range<usize>, when: When) -> DueGroup {
        DueGroup {
            range,
            when,
            starting: None,
        }
    }

    /// The date it is due: for a recurrence the first occurrence, from the period said
    /// with it when one was.
    pub(super) fn resolve(&self, today: NaiveDate) -> Option<NaiveDate> {
        let start = self.starting.and_then(|s| start_of(s, today));
        match (self.when, start) {
            (When::Every { day: Some(day), .. }, Some(start)) => next_weekday(start, day),
            (When::Every { .. }, Some(start)) => Some(start),
            _ => self.when.resolve(today),
        }
    }
}

type Reader = fn(&str, &Captures<'_>) -> Option<When>;

struct DueRule {
    regex: Regex,
    read: Reader,
}

fn rule(pattern: &str, read: Reader) -> DueRule {
    DueRule {
        regex: compile(pattern),
        read,
    }
}

static DUE_RULES: LazyLock<Vec<DueRule>> = LazyLock::new(|| {
    let num = "[0-9０-９一二两三四五六七八九十]{1,3}";
    let before = "(?:之前|以前|前)?";
    // A clock time after the part of the day belongs to the due (每天下午三点你…): the
    // date ignores it, and left in the clause it would part 你 from its time.
    let part = format!(
        "(?:早上|上午|中午|下午|晚上)?(?:{num}点(?:半|[0-9０-９一二三四五六七八九十]{{1,3}}分?)?)?(?:下班)?"
    );
    let prep = r"(?:(?:by|before|until|till|on|for|due|no\s+later\s+than)\s+)?";
    let days = "mon|tues|wednes|thurs|fri|satur|sun";
    let months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    let count = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+couple\s+of|a\s+couple|couple\s+of";
    vec![
        // Chinese
        rule(&format!("大后天{part}{before}"), |_, _| {
            Some(When::Days(3))
        }),
        rule(&format!("后天{part}{before}"), read_zh_day_after),
        rule(
            &format!("(?:明天|明日|明早|明晚|明儿){part}{before}"),
            |_, _| Some(When::Days(1)),
        ),
        rule(
            &format!("(?:今天|今日|今晚|今儿){part}(?:之前|以前|前|之内|以内|内)?"),
            |_, _| Some(When::Days(0)),
        ),
        rule(
            &format!("(下下|下|这|本)?个?(?:周|星期|礼拜)([一二三四五六日天1-7]){part}{before}"),
            read_zh_weekday,
        ),
        rule(
            "(下下|下|这|本)个?(?:周|星期|礼拜)(末)?(?:结束)?(?:之前|以前|前|之内|以内|内)?",
            read_zh_week,
        ),
        rule(&format!("周末{before}"), read_zh_weekend),
        rule(
            &format!("({num})月份?(初|中|底|末|上旬|中旬|下旬){before}"),
            read_zh_named_month,
        ),
        rule(&format!("({num})月份?(?:开始|起)"), read_zh_month_start),
        rule(
            &format!("(下下个|下个|下|这个|本|这)?月(初|中|底|末){before}"),
            read_zh_month_point,
        ),
        rule(
            "(下个|下|这个|本|这)月((?:之内|以内|内|之前|以前|前)?)",
            read_zh_month,
        ),
        rule(
            &format!("([一二三四1-4])季度(?:末|底|结束|之内|以内|内)?{before}"),
            read_zh_named_quarter,
        ),
        rule(
            "(下一个|下一|下个|下|这个|本|这)?(季度|季)(末|底|结束|之内|以内|内)?((?:之前|以前|前)?)",
            read_zh_quarter,
        ),
        rule(
            r"(?i)(?:((?:by|in|before|until|till|(?:the\s+)?end\s+of))\s+)?(?:the\s+)?[Qq]([1-4])(末|底|结束|之前|以前|前|之内|内)?",
            read_quarter_name,
        ),
        rule(
            &format!("(?:今年)?(?:年底|年末){before}|今年(?:之内|以内|内)"),
            |_, _| Some(When::YearEnd),
        ),
        rule(
            &format!("({num})月({num})(?:日|号){before}"),
            read_zh_month_day,
        ),
        rule(
            &format!("({num})(?:日|号)((?:之前|以前|前|为止)?)"),
            read_zh_day_of_month,
        ),
        rule(
            &format!("({num}|半)个?(天|日|周|星期|礼拜|工作日|月)(?:之内|以内|内|之后|以后|后)"),
            read_zh_within,
        ),
        rule("下班(?:之前|以前|前)", |_, _| Some(When::DayPart)),
        rule(
            "(元旦|新年|圣诞节?|国庆节?|五一|劳动节)((?:之前|以前|前)?)",
            read_zh_holiday,
        ),
        rule(
            &format!(
                "(?:(?:每|隔)(一|两|二)?个?(?:(工作日|天|日|月|季度)|(周|星期|礼拜)([一二三四五六日天1-7])?)(底|末|初)?|双周){part}{before}"
            ),
            read_zh_every,
        ),
        rule(&format!("(?:上午|中午|下午){before}"), read_zh_day_part),
        // English
        rule(
            &format!(
                r"(?i)\b(?:(?:at\s+)?(?:the\s+)?(end|start|beginning)\s+of\s+)?(?:every|each)\s+(other\s+|second\s+|two\s+)?(day|working\s+day|business\s+day|weekday|morning|week|month|quarter|(?:{days})day)s?(?:\s+(?:morning|afternoon|evening))?\b"
            ),
            read_en_every,
        ),
        // A weekday in the plural recurs, with "on" or without ("Fridays. Okay.",
        // "Monday mornings work."): "on Friday" is one day, "Fridays" every one.
        rule(
            &format!(
                r"(?i)\b(?:on\s+)?(?:((?:{days})day)s(?:\s+(?:morning|afternoon|evening)s?)?|((?:{days})day)\s+(?:morning|afternoon|evening)s)\b"
            ),
            |_, caps| {
                Some(When::Every {
                    repeat: Repeat::Weekly,
                    day: Some(en_weekday(group(caps, 1).or_else(|| group(caps, 2))?)),
                    point: None,
                })
            },
        ),
        rule(
            r"(?i)\b(daily|weekly|fortnightly|bi-?weekly|monthly|quarterly)\b",
            read_en_period_adverb,
        ),
        rule(
            &format!(r"(?i)\b{prep}(?:the\s+)?day\s+after\s+tomorrow\b"),
            |_, _| Some(When::Days(2)),
        ),
        rule(
            &format!(r"(?i)\b{prep}tomorrow(?:\s+(?:morning|afternoon|evening|night))?\b"),
            |_, _| Some(When::Days(1)),
        ),
        rule(
            &format!(r"(?i)\b{prep}(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"),
            |_, _| Some(When::Days(0)),
        ),
        rule(
            &format!(
                r"(?i)\b{prep}(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day|eod|cob|close\s+of\s+business)\b"
            ),
            |_, _| Some(When::DayPart),
        ),
        rule(
            &format!(
                r"(?i)\b{prep}(?:(this\s+coming|this|next|coming)\s+)?((?:{days})day)(?:\s+(?:morning|afternoon|evening|night|noon|lunchtime|eod|cob))?\b"
            ),
            read_en_weekday,
        ),
        rule(
            &format!(
                r"(?i)\b{prep}(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:(this|next)\s+)?(week|month|quarter|year)|(eow|eom|eoq|eoy)|(month|quarter|year)[-\s]end)\b"
            ),
            read_en_period_end,
        ),
        rule(
            &format!(r"(?i)\b{prep}(this|next)\s+(week|month|quarter|year)\b"),
            read_en_this_next,
        ),
        rule(
            &format!(r"(?i)\b{prep}(?:the\s+|this\s+)?weekend\b"),
            |_, _| {
                Some(When::Weekday {
                    week: Week::This,
                    day: 6,
                })
            },
        ),
        rule(
            &format!(r"(?i)\b{prep}(early|mid|late)[-\s](?:(this|next)\s+)?month\b"),
            read_en_month_part,
        ),
        rule(
            &format!(
                r"(?i)\b(?:in|within|over)\s+(?:the\s+next\s+)?({count})\s+(business\s+|working\s+)?(day|week|month)s?\b"
            ),
            read_en_within,
        ),
        rule(
            &format!(
                r"(?i)\b({count})\s+(business\s+|working\s+)?(day|week|month)s?\s+from\s+(?:now|today)\b"
            ),
            read_en_within,
        ),
        rule(
            r"(?i)\b(?:(by|before|until|till|ahead\s+of)\s+|(?:on|at|over)\s+)?(christmas(?:\s+eve|\s+day)?|new\s+year['’]?s?(?:\s+day|\s+eve)?|the\s+new\s+year)\b",
            read_en_holiday,
        ),
        rule(
            r"(?i)\b(?:by|on|before|until|till|due)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b",
            read_en_day_of_month,
        ),
        rule(
            &format!(r"(?i)\b{prep}({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"),
            read_en_month_day,
        ),
        rule(
            &format!(
                r"(?i)\b{prep}(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\b"
            ),
            read_en_day_month,
        ),
        rule(
            &format!(
                r"(?i)\b(?:by|on|before|until|till|due)\s+the\s+(?:(twenty|thirty)[-\s]?)?({})\b",
                ORDINALS.join("|")
            ),
            read_en_ordinal_day_of_month,
        ),
        rule(
            r"(?i)\b(?:by|on|before|until|till|due)\s+(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b",
            read_en_slash_date,
        ),
        rule(
            &format!(r"(?i)\b{prep}(?:the\s+)?(end|beginning|start|middle)\s+of\s+({months})\b"),
            read_en_named_month,
        ),
        rule(
            &format!(r"(?i)\b{prep}(early|mid|late)[-\s]({months})\b"),
            read_en_named_month,
        ),
        rule(
            &format!(r"(?i)\b(in|during|by|before)\s+({months})\b"),
            read_en_named_month,
        ),
    ]
});

/// The date said again after a day ("by Monday the twenty-eighth", 下周三之前，也就是二十六号):
/// part of the due.
static DATE_APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^[，,]?\s*(?:也就是|就是|即)\s*(?:[0-9一二三四五六七八九十]{1,3}月)?[0-9一二三四五六七八九十]{1,3}[号日]|^\s+the\s+(?:\d{1,2}(?:st|nd|rd|th)|(?:twenty|thirty)?-?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth))\b",
    )
});

/// A time read from 下 just after 一 is read again without it: that 下 is 一下's (帮我订一下
/// 周三去成都的机票 is due on the coming Wednesday, not next week's). None when nothing is
/// left.
fn without_yixia<'t>(text: &'t str, regex: &Regex, caps: Captures<'t>) -> Option<Captures<'t>> {
    let start = caps.get(0)?.start();
    if !(text[start..].starts_with('下') && text[..start].ends_with('一')) {
        return Some(caps);
    }
    let after = start + '下'.len_utf8();
    regex
        .captures_at(text, after)
        .filter(|again| again.get(0).is_some_and(|m| m.start() == after))
}

/// Time expressions in `text`, the longest where they overlap, adjacent ones merged.
pub(super) fn due_groups(text: &str) -> Vec<DueGroup> {
    let mut stretches: Vec<Range<usize>> = Vec::new();
    let mut spans: Vec<(Range<usize>, When)> = Vec::new();
    for rule in DUE_RULES.iter() {
        for caps in rule.regex.captures_iter(text) {
            let Some(caps) = without_yixia(text, &rule.regex, caps) else {
                continue;
            };
            let Some(whole) = caps.get(0) else { continue };
            let after = &text[whole.end()..];
            // 周一到周三 is a stretch of time, not a due.
            if after.starts_with(['到', '至', '~', '～', '-', '–']) {
                stretches.push(whole.range());
            } else if !names_a_thing(after) {
                spans.extend((rule.read)(text, &caps).map(|when| (whole.range(), when)));
            }
        }
    }
    // Nor is any part of one: 下周 in 下周三到周五.
    spans.retain(|(range, _)| {
        !stretches
            .iter()
            .any(|s| s.start < range.end && range.start < s.end)
    });
    for (range, _) in &mut spans {
        if let Some(m) = DATE_APPOSITIVE.find(&text[range.end..]) {
            range.end += m.end();
        }
    }
    spans.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut groups: Vec<DueGroup> = Vec::new();
    for (range, when) in spans {
        let Some(last) = groups.last_mut() else {
            groups.push(DueGroup::new(range, when));
            continue;
        };
        if range.start < last.range.end {
            continue;
        }
        if names_the_weekday(last.when, &text[last.range.end..range.start], when) {
            // "on Monday, November 9th": the date is the due, the day only names it.
            last.range.end = range.end;
            last.when = when;
        } else if text[last.range.end..range.start].trim().is_empty() {
            last.range.end = range.end;
            if last.when == When::DayPart {
                last.when = when;
            } else if last.when.repeats().is_some() && when != When::DayPart {
                last.starting = Some(when);
            }
        } else {
            groups.push(DueGroup::new(range, when));
        }
    }
    link_starts(text, &mut groups);
    groups
}

/// Whether `date`, said after `day` with only a comma between, is the date of that day.
fn names_the_weekday(day: When, between: &str, date: When) -> bool {
    matches!(day, When::Weekday { .. })
        && matches!(date, When::MonthDay { .. } | When::DayOfMonth(_))
        && matches!(between.trim(), "," | "，")
}

/// Words that make the time after them a start: 从下周开始, "starting next week".
const STARTING: [&str; 5] = ["从", "starting", "from", "beginning", "as of"];

/// A recurrence and the start said before or after it: 从下周开始，你每周五…; "every Friday,
/// starting next week" (a start said after joins the due).
fn link_starts(text: &str, groups: &mut Vec<DueGroup>) {
    let mut i = 0;
    while i < groups.len() {
        if groups[i].when.repeats().is_some() && groups[i].starting.is_none() {
            link_start(text, groups, i);
        }
        i += 1;
    }
}

fn link_start(text: &str, groups: &mut Vec<DueGroup>, i: usize) {
    let after = groups.get(i + 1).filter(|next| {
        let between = text[groups[i].range.end..next.range.start]
            .trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '，')
            .to_ascii_lowercase();
        STARTING.contains(&between.as_str())
    });
    if let Some(next) = after.cloned() {
        groups[i].starting = Some(next.when);
        groups[i].range.end = next.range.end;
        groups.remove(i + 1);
        return;
    }
    let before = i.checked_sub(1).map(|j| &groups[j]).filter(|prev| {
        let lead = text[..prev.range.start].trim_end().to_ascii_lowercase();
        STARTING.iter().any(|w| lead.ends_with(w))
    });
    groups[i].starting = before.map(|g| g.when);
}

fn group<'t>(caps: &Captures<'t>, i: usize) -> Option<&'t str> {
    caps.get(i).map(|m| m.as_str())
}

/// The characters before the whole match.
fn before_match<'t>(text: &'t str, caps: &Captures<'_>) -> &'t str {
    caps.get(0).map_or("", |m| &text[..m.start()])
}

/// 我下午就跟刘姐说: a part of the day alone is today's, unless a day stands before it (每周一
/// 下午 recurs). 早上 and 晚上 are left out: alone they mostly tell a habit (我早上要先去医院).
fn read_zh_day_part(text: &str, caps: &Captures<'_>) -> Option<When> {
    let day_before = before_match(text, caps)
        .chars()
        .next_back()
        .is_some_and(|c| "一二三四五六日天号末每".contains(c));
    (!day_before).then_some(When::DayPart)
}

/// 每周五, 每天, 每两周, 隔周, 每个月, 每季度, 双周. Not a habit told (每天都…, 你每天六点
/// 一到就走人), a change of rhythm (从每月一次改成每周一次), nor 每两天 or 隔月, which no
/// repeat names; 每周一次 is "once a week", not Mondays.
fn read_zh_every(text: &str, caps: &Captures<'_>) -> Option<When> {
    let whole = caps.get(0)?;
    let rest = &text[whole.end()..];
    let clause = rest
        .split(['，', ',', '。', '；', '！', '？'])
        .next()
        .unwrap_or(rest);
    let before = &text[..whole.start()];
    if clause.contains(['都', '就', '总']) || ends_with_any(before, &["从", "改成", "改为", "变成"])
    {
        return None;
    }
    if whole.as_str().starts_with("双周") {
        return Some(When::Every {
            repeat: Repeat::Biweekly,
            day: None,
            point: None,
        });
    }
    let twice = whole.as_str().starts_with('隔') || matches!(group(caps, 1), Some("两" | "二"));
    let unit = group(caps, 2).or(group(caps, 3))?;
    let repeat = match (unit, twice) {
        ("工作日" | "天" | "日", false) => Repeat::Daily,
        ("周" | "星期" | "礼拜", false) => Repeat::Weekly,
        ("周" | "星期" | "礼拜", true) => Repeat::Biweekly,
        ("月", false) => Repeat::Monthly,
        ("季度", false) => Repeat::Quarterly,
        _ => return None,
    };
    let weekday = group(caps, 4).filter(|_| !rest.starts_with('次'));
    let point = group(caps, 5);
    let day = match (repeat, point) {
        // 每周末: every weekend, its Sunday as 周末 is.
        (Repeat::Weekly, Some("末")) => Some(6),
        _ => weekday.map(zh_weekday),
    };
    let point = point.filter(|_| day.is_none()).map(zh_point);
    Some(When::Every { repeat, day, point })
}

fn read_zh_day_after(text: &str, caps: &Captures<'_>) -> Option<When> {
    // 以后天… is "later, the sky…", never a day.
    (!before_match(text, caps).ends_with('以')).then_some(When::Days(2))
}

fn zh_week(prefix: Option<&str>) -> Week {
    match prefix {
        None => Week::Coming,
        Some("下下") => Week::AfterNext,
        Some("下") => Week::Next,
        Some(_) => Week::This,
    }
}

/// Monday = 0 from 一…六 or 1…6; 日 and 天 are Sunday.
fn zh_weekday(name: &str) -> u64 {
    match name {
        "一" | "1" => 0,
        "二" | "2" => 1,
        "三" | "3" => 2,
        "四" | "4" => 3,
        "五" | "5" => 4,
        "六" | "6" => 5,
        _ => 6,
    }
}

fn read_zh_weekday(text: &str, caps: &Captures<'_>) -> Option<When> {
    let whole = caps.get(0)?;
    let prefix = group(caps, 1);
    let day = zh_weekday(group(caps, 2)?);
    let after = &text[whole.end()..];
    // 上周五 is past, 每周五 recurs, 一周一次 counts, 下周一起 is "together next week".
    let not_a_day = (prefix.is_none() && ends_with_any(&text[..whole.start()], &["上", "每"]))
        || whole.as_str().starts_with('个')
        || after.starts_with('次')
        || (day == 0 && after.starts_with('起'));
    (!not_a_day).then_some(When::Weekday {
        week: zh_week(prefix),
        day,
    })
}

fn read_zh_week(text: &str, caps: &Captures<'_>) -> Option<When> {
    let whole = caps.get(0)?;
    // 这周报 is this weekly report, 这周期 this cycle.
    if starts_with_any(&text[whole.end()..], &["报", "期"]) {
        return None;
    }
    let day = if caps.get(2).is_some() { 6 } else { 4 };
    Some(When::Weekday {
        week: zh_week(group(caps, 1)),
        day,
    })
}

fn read_zh_weekend(text: &str, caps: &Captures<'_>) -> Option<When> {
    (!ends_with_any(
        before_match(text, caps),
        &["这", "本", "下", "上", "个", "每"],
    ))
    .then_some(When::Weekday {
        week: Week::This,
        day: 6,
    })
}

fn zh_point(word: &str) -> Point {
    match word {
        "初" | "上旬" => Point::Start,
        "中" | "中旬" => Point::Mid,
        _ => Point::End,
    }
}

fn read_zh_named_month(_: &str, caps: &Captures<'_>) -> Option<When> {
    let month = zh_number(group(caps, 1)?).filter(|m| (1..=12).contains(m))?;
    Some(When::NamedMonth {
        month,
        point: zh_point(group(caps, 2)?),
    })
}

/// 从十二月开始，我们每周一…: a named month alone is a due only as the start of a
/// recurrence said after it in the same sentence.
fn read_zh_month_start(text: &str, caps: &Captures<'_>) -> Option<When> {
    let whole = caps.get(0)?;
    let sentence_rest = text[whole.end()..]
        .split(['。', '！', '？', '!', '?'])
        .next()
        .unwrap_or("");
    if !before_match(text, caps).ends_with('从') || !sentence_rest.contains('每') {
        return None;
    }
    let month = zh_number(group(caps, 1)?).filter(|m| (1..=12).contains(m))?;
    Some(When::NamedMonth {
        month,
        point: Point::Start,
    })
}

fn read_zh_month_point(text: &str, caps: &Captures<'_>) -> Option<When> {
    let prefix = group(caps, 1);
    // 上个月底 is past; 10月底 is read as a named month.
    let before = before_match(text, caps);
    if prefix.is_none()
        && before.ends_with(|c: char| c.is_numeric() || "个上每一二三四五六七八九十".contains(c))
    {
        return None;
    }
    Some(When::Month {
        ahead: match prefix {
            Some("下下个") => 2,
            Some("下个" | "下") => 1,
            _ => 0,
        },
        point: zh_point(group(caps, 2)?),
        bare: prefix.is_none(),
    })
}

fn read_zh_month(_: &str, caps: &Captures<'_>) -> Option<When> {
    let next = group(caps, 1)?.starts_with('下');
    let before_it = group(caps, 2).is_some_and(|s| s.ends_with('前'));
    Some(When::Month {
        ahead: u32::from(next && !before_it),
        point: Point::End,
        bare: false,
    })
}

fn read_zh_named_quarter(text: &str, caps: &Captures<'_>) -> Option<When> {
    // 上一季度 / 下一季度 name a quarter relative to this one, not the first.
    if ends_with_any(before_match(text, caps), &["上", "下", "每"]) {
        return None;
    }
    let quarter = zh_number(group(caps, 1)?)?;
    Some(When::NamedQuarter(quarter))
}

fn read_zh_quarter(text: &str, caps: &Captures<'_>) -> Option<When> {
    let prefix = group(caps, 1);
    let end = group(caps, 3);
    let before_it = group(caps, 4).is_some_and(|s| !s.is_empty());
    let bare_season = group(caps, 2) == Some("季") && !matches!(end, Some("末" | "底"));
    let numbered =
        before_match(text, caps).ends_with(|c: char| c.is_numeric() || "上每一二三四".contains(c));
    if bare_season || (prefix.is_none() && (end.is_none() || numbered)) {
        return None;
    }
    let next = prefix.is_some_and(|p| p.starts_with('下'));
    Some(When::Quarter {
        ahead: u32::from(next && !(end.is_none() && before_it)),
    })
}

/// Q3: with an English preposition ("by Q3"), a Chinese suffix (Q3前) or in Chinese text
/// (这个功能Q3上线); alone in English ("Q3 numbers") it names a period, not a due.
fn read_quarter_name(text: &str, caps: &Captures<'_>) -> Option<When> {
    let digit = caps.get(2)?;
    let q = digit.start() - 1;
    let prev = text[..q].chars().next_back();
    let next = text[digit.end()..].chars().next();
    if prev.is_some_and(|c| c.is_ascii_alphanumeric())
        || next.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let marked = caps.get(1).is_some() || caps.get(3).is_some() || prev.is_some_and(is_cjk);
    marked.then(|| When::NamedQuarter(digit.as_str().parse().unwrap_or(4)))
}

fn read_zh_month_day(_: &str, caps: &Captures<'_>) -> Option<When> {
    let month = zh_number(group(caps, 1)?).filter(|m| (1..=12).contains(m))?;
    let day = zh_number(group(caps, 2)?).filter(|d| (1..=31).contains(d))?;
    Some(When::MonthDay {
        month,
        day,
        year: None,
    })
}

/// 15号前, 在20号, 3号。: a day of the month, but not 3号楼 or 1号方案.
fn read_zh_day_of_month(text: &str, caps: &Captures<'_>) -> Option<When> {
    let whole = caps.get(0)?;
    let day = zh_number(group(caps, 1)?).filter(|d| (1..=31).contains(d))?;
    let before = &text[..whole.start()];
    let after = &text[whole.end()..];
    let deadline = group(caps, 2).is_some_and(|s| !s.is_empty())
        || ends_with_any(before, &["在", "于", "到", "截至", "截止"])
        || after
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || "把给发交".contains(c));
    (deadline && !before.ends_with('月')).then_some(When::DayOfMonth(day))
}

/// 元旦前, 圣诞节前, 国庆前: the day before the holiday, the last working day before
/// it ("元旦前给您" is 31 December); the holiday alone is its own day. The holidays of
/// the lunar calendar (春节, 中秋) move, and are left out.
fn read_zh_holiday(_: &str, caps: &Captures<'_>) -> Option<When> {
    let (month, day) = match group(caps, 1)? {
        "元旦" | "新年" => (1, 1),
        "五一" | "劳动节" => (5, 1),
        "国庆" | "国庆节" => (10, 1),
        _ => (12, 25),
    };
    holiday(month, day, group(caps, 2).is_some_and(|b| !b.is_empty()))
}

/// A fixed holiday, or the day before it when the due is "before" it.
fn holiday(month: u32, day: u32, before: bool) -> Option<When> {
    if !before {
        return Some(When::MonthDay {
            month,
            day,
            year: None,
        });
    }
    // Any year will do: no fixed holiday falls on 1 March, whose eve a leap year moves.
    let eve = NaiveDate::from_ymd_opt(2001, month, day)?.pred_opt()?;
    Some(When::MonthDay {
        month: eve.month(),
        day: eve.day(),
        year: None,
    })
}

fn read_zh_within(_: &str, caps: &Captures<'_>) -> Option<When> {
    let unit = match group(caps, 2)? {
        "天" | "日" => Unit::Day,
        "工作日" => Unit::BusinessDay,
        "月" => Unit::Month,
        _ => Unit::Week,
    };
    match group(caps, 1)? {
        "半" if unit == Unit::Month => Some(When::Within {
            n: 15,
            unit: Unit::Day,
        }),
        "半" => None,
        n => Some(When::Within {
            n: zh_number(n)
                .or_else(|| rough_range(n).map(|(_, high)| high))
                .filter(|n| *n > 0)?,
            unit,
        }),
    }
}

fn en_weekday(name: &str) -> u64 {
    match name.get(..3).map(str::to_ascii_lowercase).as_deref() {
        Some("mon") => 0,
        Some("tue") => 1,
        Some("wed") => 2,
        Some("thu") => 3,
        Some("fri") => 4,
        Some("sat") => 5,
        _ => 6,
    }
}

fn en_week(word: Option<&str>) -> Week {
    match word.map(str::to_ascii_lowercase).as_deref() {
        Some("this") => Week::This,
        Some("next") => Week::Next,
        _ => Week::Coming,
    }
}

fn read_en_weekday(text: &str, caps: &Captures<'_>) -> Option<When> {
    // "last Friday" is past, "every Friday" recurs.
    let previous = previous_word(before_match(text, caps));
    if previous.is_some_and(|w| ["last", "every", "each"].contains(&w.as_str())) {
        return None;
    }
    // "this coming Friday" is the coming one.
    let week = match group(caps, 1) {
        Some(w) if w.contains(char::is_whitespace) => Week::Coming,
        other => en_week(other),
    };
    Some(When::Weekday {
        week,
        day: en_weekday(group(caps, 2)?),
    })
}

/// "every Monday", "each week", "every other week", "every two weeks", "every morning".
fn read_en_every(_: &str, caps: &Captures<'_>) -> Option<When> {
    let point = group(caps, 1).map(|p| {
        if p.eq_ignore_ascii_case("end") {
            Point::End
        } else {
            Point::Start
        }
    });
    let twice = group(caps, 2).is_some();
    let unit = group(caps, 3)?.to_ascii_lowercase();
    let (repeat, day) = match unit.as_str() {
        "week" => (
            if twice {
                Repeat::Biweekly
            } else {
                Repeat::Weekly
            },
            None,
        ),
        _ if twice => return None,
        "month" => (Repeat::Monthly, None),
        "quarter" => (Repeat::Quarterly, None),
        "weekday" | "morning" => (Repeat::Daily, None),
        unit if unit.ends_with("day") && unit.len() > "day".len() && !unit.contains(' ') => {
            (Repeat::Weekly, Some(en_weekday(unit)))
        }
        _ => (Repeat::Daily, None),
    };
    let point = point.filter(|_| day.is_none());
    Some(When::Every { repeat, day, point })
}

/// "weekly", "monthly" as an adverb at the end of a clause ("We'll review it monthly.",
/// "…weekly until launch"); before a noun they name a thing ("the weekly report").
fn read_en_period_adverb(text: &str, caps: &Captures<'_>) -> Option<When> {
    let after = text[caps.get(0)?.end()..].trim_start().to_ascii_lowercase();
    let ends_clause = after.is_empty()
        || after.starts_with(['.', ',', ';', '!', '?', ')'])
        || [
            "until", "from", "starting", "going", "on ", "at ", "for ", "with", "after", "through",
        ]
        .iter()
        .any(|w| after.starts_with(w));
    if !ends_clause {
        return None;
    }
    let repeat = match group(caps, 1)?.to_ascii_lowercase().as_str() {
        "daily" => Repeat::Daily,
        "weekly" => Repeat::Weekly,
        "monthly" => Repeat::Monthly,
        "quarterly" => Repeat::Quarterly,
        _ => Repeat::Biweekly,
    };
    Some(When::Every {
        repeat,
        day: None,
        point: None,
    })
}

fn period_end(period: &str, next: bool) -> When {
    let ahead = u32::from(next);
    match period.to_ascii_lowercase().as_str() {
        "week" | "eow" => When::Weekday {
            week: if next { Week::Next } else { Week::This },
            day: 4,
        },
        "month" | "eom" => When::Month {
            ahead,
            point: Point::End,
            bare: false,
        },
        "quarter" | "eoq" => When::Quarter { ahead },
        _ => When::YearEnd,
    }
}

fn read_en_period_end(_: &str, caps: &Captures<'_>) -> Option<When> {
    let next = group(caps, 1).is_some_and(|w| w.eq_ignore_ascii_case("next"));
    let period = group(caps, 2)
        .or_else(|| group(caps, 3))
        .or_else(|| group(caps, 4))?;
    // "end of next year" is not a due this reader resolves.
    if next && period.eq_ignore_ascii_case("year") {
        return None;
    }
    Some(period_end(period, next))
}

fn read_en_this_next(_: &str, caps: &Captures<'_>) -> Option<When> {
    let next = group(caps, 1)?.eq_ignore_ascii_case("next");
    let period = group(caps, 2)?;
    if next && period.eq_ignore_ascii_case("year") {
        return None;
    }
    Some(period_end(period, next))
}

fn read_en_month_part(_: &str, caps: &Captures<'_>) -> Option<When> {
    let point = match group(caps, 1)?.to_ascii_lowercase().as_str() {
        "early" => Point::Start,
        "mid" => Point::Mid,
        _ => Point::End,
    };
    let which = group(caps, 2);
    Some(When::Month {
        ahead: u32::from(which.is_some_and(|w| w.eq_ignore_ascii_case("next"))),
        point,
        bare: which.is_none(),
    })
}

fn en_number(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    if word.contains("couple") {
        return Some(2);
    }
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match word.as_str() {
        "a" | "an" => Some(1),
        w => words
            .iter()
            .position(|n| *n == w)
            .and_then(|i| u32::try_from(i + 1).ok()),
    }
}

fn read_en_within(_: &str, caps: &Captures<'_>) -> Option<When> {
    let n = en_number(group(caps, 1)?).filter(|n| *n > 0)?;
    let unit = match group(caps, 3)?.to_ascii_lowercase().as_str() {
        "day" if caps.get(2).is_some() => Unit::BusinessDay,
        "day" => Unit::Day,
        "week" => Unit::Week,
        _ => Unit::Month,
    };
    Some(When::Within { n, unit })
}

fn read_en_day_of_month(_: &str, caps: &Captures<'_>) -> Option<When> {
    let day: u32 = group(caps, 1)?.parse().ok()?;
    (1..=31).contains(&day).then_some(When::DayOfMonth(day))
}

/// Days of the month in words, first to twentieth and thirtieth; "twenty-" and "thirty-"
/// before one of the first nine add their tens.
const ORDINALS: [&str; 21] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
];

/// "by the thirtieth", "on the twenty-first".
fn read_en_ordinal_day_of_month(_: &str, caps: &Captures<'_>) -> Option<When> {
    let word = group(caps, 2)?.to_ascii_lowercase();
    let index = u32::try_from(ORDINALS.iter().position(|o| *o == word)?).ok()?;
    let unit = if index == 20 { 30 } else { index + 1 };
    let tens = match group(caps, 1).map(str::to_ascii_lowercase).as_deref() {
        None => 0,
        Some(_) if unit > 9 => return None,
        Some("twenty") => 20,
        Some(_) => 30,
    };
    let day = tens + unit;
    (1..=31).contains(&day).then_some(When::DayOfMonth(day))
}

fn en_month(name: &str) -> Option<u32> {
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let short = name.get(..3)?.to_ascii_lowercase();
    names
        .iter()
        .position(|n| *n == short)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn month_day(month: Option<u32>, day: &str, year: Option<i32>) -> Option<When> {
    let day: u32 = day.parse().ok()?;
    let month = month.filter(|m| (1..=12).contains(m))?;
    (1..=31)
        .contains(&day)
        .then_some(When::MonthDay { month, day, year })
}

/// "before Christmas", "by the new year", "on Christmas Eve": as 元旦前 is, the day
/// before the holiday when the due is before it.
fn read_en_holiday(_: &str, caps: &Captures<'_>) -> Option<When> {
    let name = group(caps, 2)?.to_lowercase();
    let (month, day) = if name.starts_with("christmas") {
        (12, 25)
    } else {
        (1, 1)
    };
    let eve = name.ends_with("eve");
    holiday(month, day, eve || group(caps, 1).is_some())
}

fn read_en_month_day(_: &str, caps: &Captures<'_>) -> Option<When> {
    month_day(en_month(group(caps, 1)?), group(caps, 2)?, None)
}

fn read_en_day_month(_: &str, caps: &Captures<'_>) -> Option<When> {
    month_day(en_month(group(caps, 2)?), group(caps, 1)?, None)
}

/// "by the end of February", "mid-March", "in March" (by its end), "by March" (its start).
fn read_en_named_month(_: &str, caps: &Captures<'_>) -> Option<When> {
    let point = match group(caps, 1)?.to_ascii_lowercase().as_str() {
        "beginning" | "start" | "early" | "by" | "before" => Point::Start,
        "middle" | "mid" => Point::Mid,
        _ => Point::End,
    };
    Some(When::NamedMonth {
        month: en_month(group(caps, 2)?)?,
        point,
    })
}

/// "by 3/15", month first.
fn read_en_slash_date(_: &str, caps: &Captures<'_>) -> Option<When> {
    let year = group(caps, 3)
        .and_then(|y| y.parse::<i32>().ok())
        .map(|y| if y < 100 { 2000 + y } else { y });
    month_day(group(caps, 1)?.parse().ok(), group(caps, 2)?, year)
}

/// A whole number in digits (also full-width) or Chinese: 3, １５, 十五, 二十一, 两.
fn zh_number(text: &str) -> Option<u32> {
    chinese_number(text)
        .filter(|n| n.fract() == 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_days_or_weeks_is_a_whole_number() {
        assert_eq!(zh_number("二十一"), Some(21));
        assert_eq!(zh_number("１２"), Some(12));
        assert_eq!(zh_number("五点四"), None);
        assert_eq!(zh_number("三五"), None);
    }
}
