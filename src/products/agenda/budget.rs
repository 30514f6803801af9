//! Fitting the candidates into the requested minutes.
//!
//! 1. Choose: by priority (ties: the order given), keep each candidate whose least
//!    useful time still fits; the rest are left out. The closing has the top
//!    priority, so it is always kept.
//! 2. Share the spare minutes one at a time, each to the kept item with the fewest
//!    spare minutes for its weight (stage items weigh 3–5, follow-up, recognition and
//!    closing 1–2), up to each item's cap. A 90-minute agenda so spends its extra time
//!    on the stage items; a 20-minute one has none to share.
//! 3. Lay the kept items out by section, in the order given within each.
//!
//! Whole minutes throughout; the total never exceeds the request. Deterministic.

use super::{Item, LeftOut};

/// An item that could be on the agenda and what it asks of the time.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub item: Item,
    /// 0–100; higher is kept first.
    pub priority: u32,
    /// The least minutes the item is worth having at all.
    pub min: u32,
    /// Its claim on spare minutes, relative to the others.
    pub weight: u32,
    /// The most minutes it should get, when there is a limit.
    pub cap: Option<u32>,
}

/// The items that fit in `minutes`, laid out, and those left out, most important first.
pub fn allocate(candidates: &[Candidate], minutes: u32) -> (Vec<Item>, Vec<LeftOut>) {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(candidates[i].priority), i));
    let mut used = 0;
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for i in order {
        let c = &candidates[i];
        if used + c.min <= minutes {
            used += c.min;
            kept.push(i);
        } else {
            left_out.push(LeftOut {
                section: c.item.section,
                topic: c.item.topic,
                title: c.item.title.clone(),
            });
        }
    }
    kept.sort_by_key(|&i| (candidates[i].item.section, i));
    let mut shares: Vec<u32> = kept.iter().map(|&i| candidates[i].min).collect();
    share_spare(&kept, candidates, &mut shares, minutes - used);
    let items = kept
        .iter()
        .zip(shares)
        .map(|(&i, minutes)| Item {
            minutes,
            ..candidates[i].item.clone()
        })
        .collect();
    (items, left_out)
}

/// Hands out `spare` minutes, one at a time, to the kept candidate below its cap with
/// the least extra time per weight (the first on a tie).
fn share_spare(kept: &[usize], candidates: &[Candidate], shares: &mut [u32], spare: u32) {
    let mut extra = vec![0u32; kept.len()];
    for _ in 0..spare {
        let mut best: Option<usize> = None;
        for (k, &i) in kept.iter().enumerate() {
            let c = &candidates[i];
            if c.weight == 0 || c.cap.is_some_and(|cap| shares[k] >= cap) {
                continue;
            }
            // (extra_k + 1) / w_k < (extra_b + 1) / w_b, cross-multiplied.
            let better = best.is_none_or(|b| {
                let wb = candidates[kept[b]].weight;
                u64::from(extra[k] + 1) * u64::from(wb)
                    < u64::from(extra[b] + 1) * u64::from(c.weight)
            });
            if better {
                best = Some(k);
            }
        }
        let Some(k) = best else { return };
        extra[k] += 1;
        shares[k] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::agenda::{Section, Topic};

    fn candidate(section: Section, priority: u32, min: u32, weight: u32) -> Candidate {
        Candidate {
            item: Item {
                section,
                topic: Topic::Progress,
                title: format!("{section:?} {priority}"),
                why: String::new(),
                evidence: Vec::new(),
                questions: Vec::new(),
                minutes: 0,
            },
            priority,
            min,
            weight,
            cap: (section == Section::FollowUp).then_some(4),
        }
    }

    #[test]
    fn low_priority_items_are_dropped_when_time_is_short() {
        let candidates = vec![
            candidate(Section::FollowUp, 80, 2, 1),
            candidate(Section::Process, 40, 3, 3),
            candidate(Section::GoalReview, 70, 3, 3),
            candidate(Section::Closing, 100, 2, 1),
        ];
        let (items, left_out) = allocate(&candidates, 8);
        let sections: Vec<Section> = items.iter().map(|i| i.section).collect();
        assert_eq!(
            sections,
            [Section::FollowUp, Section::GoalReview, Section::Closing]
        );
        assert_eq!(left_out.len(), 1);
        assert_eq!(left_out[0].section, Section::Process);
        assert_eq!(items.iter().map(|i| i.minutes).sum::<u32>(), 8);
    }

    #[test]
    fn spare_minutes_go_by_weight_and_respect_caps() {
        let candidates = vec![
            candidate(Section::FollowUp, 80, 2, 1),
            candidate(Section::GoalReview, 70, 3, 3),
            candidate(Section::Closing, 100, 2, 1),
        ];
        let (items, _) = allocate(&candidates, 60);
        let minutes: Vec<u32> = items.iter().map(|i| i.minutes).collect();
        assert_eq!(minutes[0], 4, "the follow-up stops at its cap");
        assert!(minutes[1] > 40, "{minutes:?}");
        assert_eq!(minutes.iter().sum::<u32>(), 60);
    }
}
