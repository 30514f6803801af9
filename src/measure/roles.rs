//! Who is the manager, who the employee, who only observes.
//!
//! Metadata decides when it names people. Otherwise the manager is inferred from
//! how performance conversations go (DOMAIN.md): the manager opens, asks most of the
//! questions, and is often named by title (张经理, 王总, "Team Lead"). The output says
//! that the manager was inferred, how sure the inference is and on what it rests.

use serde::Serialize;

use crate::domain::{Metadata, Role, Speaker};

use super::questions::QuestionKind;

/// Name parts that mark a manager (张经理, 王总, 李主管, "Alice (Manager)").
const MANAGER_TITLES: &[&str] = &[
    "经理", "总监", "主管", "组长", "部长", "主任", "老板", "总", "leader", "lead", "manager",
    "director", "head", "boss", "vp",
];
/// Name parts that mark an HR observer, who is neither manager nor employee.
const OBSERVER_TITLES: &[&str] = &["hrbp", "hr", "人力", "人事", "人资"];

/// Weights of the inference signals; they sum to 1 so a score is a share.
const WEIGHT_QUESTIONS: f64 = 0.5;
const WEIGHT_OPENED: f64 = 0.2;
const WEIGHT_TITLE: f64 = 0.3;

/// A named person who is not among the speakers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{role} '{name}' does not speak in this transcript; the speakers are: {speakers}")]
pub struct UnknownSpeaker {
    pub role: &'static str,
    pub name: String,
    pub speakers: String,
}

/// One signal the manager inference rested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Basis {
    /// Asked `asked` of the conversation's `of` questions (rhetorical ones left out).
    AskedQuestions {
        asked: u32,
        of: u32,
    },
    OpenedConversation,
    /// A manager's title stands in the name (张经理, 王总, "Team Lead").
    ManagerTitle,
    /// Everyone else is an observer or the named employee.
    OnlyCandidate,
}

/// The roles of all speakers and how the manager was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleAssignment {
    pub speakers: Vec<Speaker>,
    pub manager: String,
    pub employee: Option<String>,
    pub manager_inferred: bool,
    /// 1 when metadata named the manager; otherwise how clearly the evidence points
    /// at one speaker, from 0.5 (a coin toss) to 1.
    pub confidence: f64,
    /// What the inference rested on; empty when metadata named the manager.
    pub basis: Vec<Basis>,
}

impl RoleAssignment {
    pub fn role_of(&self, name: &str) -> Role {
        self.speakers
            .iter()
            .find(|s| s.name == name)
            .map_or(Role::Other, |s| s.role)
    }
}

/// What role inference needs to know about one speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerSignals<'a> {
    pub name: &'a str,
    pub units: u32,
    pub questions: &'a [QuestionKind],
}

/// Assigns roles. `signals` lists the speakers in order of first appearance.
pub fn assign(
    metadata: &Metadata,
    signals: &[SpeakerSignals<'_>],
) -> Result<RoleAssignment, UnknownSpeaker> {
    let names: Vec<&str> = signals.iter().map(|s| s.name).collect();
    let named_employee = metadata
        .employee
        .as_deref()
        .map(|wanted| find_speaker(wanted, &names, "employee"))
        .transpose()?;
    let (manager, inferred, confidence, basis) = if let Some(wanted) = &metadata.manager {
        (
            find_speaker(wanted, &names, "manager")?,
            false,
            1.0,
            Vec::new(),
        )
    } else {
        let guess = infer_manager(signals, named_employee);
        (guess.name, true, guess.confidence, guess.basis)
    };
    let employee = named_employee
        .or_else(|| likely_employee(signals, manager, &metadata.participants))
        .filter(|e| *e != manager);
    let speakers = names
        .iter()
        .map(|&name| Speaker {
            name: name.to_owned(),
            role: if name == manager {
                Role::Manager
            } else if Some(name) == employee {
                Role::Employee
            } else {
                Role::Other
            },
        })
        .collect();
    Ok(RoleAssignment {
        speakers,
        manager: manager.to_owned(),
        employee: employee.map(str::to_owned),
        manager_inferred: inferred,
        confidence,
        basis,
    })
}

/// Finds `wanted` among the speakers: exactly, then ignoring case, then as the one
/// speaker whose name contains it ("Alice" for "Alice Wang", "张伟" for "张伟（经理）").
fn find_speaker<'a>(
    wanted: &str,
    names: &[&'a str],
    role: &'static str,
) -> Result<&'a str, UnknownSpeaker> {
    let wanted_lower = wanted.trim().to_lowercase();
    let exact = names.iter().find(|n| **n == wanted.trim());
    let caseless = || names.iter().find(|n| n.to_lowercase() == wanted_lower);
    let containing = || {
        let matches: Vec<&&str> = names
            .iter()
            .filter(|n| !wanted_lower.is_empty() && n.to_lowercase().contains(&wanted_lower))
            .collect();
        (matches.len() == 1).then(|| matches[0])
    };
    exact
        .or_else(caseless)
        .or_else(containing)
        .copied()
        .ok_or_else(|| UnknownSpeaker {
            role,
            name: wanted.to_owned(),
            speakers: names.join(", "),
        })
}

struct Guess<'a> {
    name: &'a str,
    confidence: f64,
    basis: Vec<Basis>,
}

fn infer_manager<'a>(signals: &[SpeakerSignals<'a>], employee: Option<&str>) -> Guess<'a> {
    let candidates: Vec<&SpeakerSignals<'a>> = signals
        .iter()
        .filter(|s| Some(s.name) != employee && !has_title(s.name, OBSERVER_TITLES))
        .collect();
    let pool = if candidates.is_empty() {
        signals.iter().collect()
    } else {
        candidates
    };
    let total_questions: f64 = pool.iter().map(|s| question_weight(s.questions)).sum();
    let mut scored: Vec<(f64, &SpeakerSignals<'a>)> = pool
        .iter()
        .map(|s| (score(s, signals, total_questions), *s))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some(&(best_score, best)) = scored.first() else {
        return Guess {
            name: "",
            confidence: 0.5,
            basis: vec![],
        };
    };
    let runner_up = scored.get(1).map_or(0.0, |s| s.0);
    let confidence = if best_score + runner_up > 0.0 {
        0.5 + 0.5 * (best_score - runner_up) / (best_score + runner_up)
    } else {
        0.5
    };
    Guess {
        name: best.name,
        confidence: (confidence * 100.0).round() / 100.0,
        basis: basis(best, signals, pool.len()),
    }
}

fn score(speaker: &SpeakerSignals<'_>, all: &[SpeakerSignals<'_>], total_questions: f64) -> f64 {
    let questions = if total_questions > 0.0 {
        question_weight(speaker.questions) / total_questions
    } else {
        0.0
    };
    let opened = all.first().is_some_and(|first| first.name == speaker.name);
    WEIGHT_QUESTIONS * questions
        + WEIGHT_OPENED * f64::from(u8::from(opened))
        + WEIGHT_TITLE * f64::from(u8::from(has_title(speaker.name, MANAGER_TITLES)))
}

/// Open questions are what coaching managers ask; they weigh double.
fn question_weight(questions: &[QuestionKind]) -> f64 {
    questions
        .iter()
        .map(|q| match q {
            QuestionKind::Open => 2.0,
            QuestionKind::Closed | QuestionKind::Tag => 1.0,
            QuestionKind::Rhetorical => 0.0,
        })
        .sum()
}

fn basis(best: &SpeakerSignals<'_>, all: &[SpeakerSignals<'_>], candidates: usize) -> Vec<Basis> {
    let asked = |s: &SpeakerSignals<'_>| {
        s.questions
            .iter()
            .filter(|q| **q != QuestionKind::Rhetorical)
            .count() as u32
    };
    let mut basis = vec![Basis::AskedQuestions {
        asked: asked(best),
        of: all.iter().map(asked).sum(),
    }];
    if all.first().is_some_and(|first| first.name == best.name) {
        basis.push(Basis::OpenedConversation);
    }
    if has_title(best.name, MANAGER_TITLES) {
        basis.push(Basis::ManagerTitle);
    }
    if candidates == 1 {
        basis.push(Basis::OnlyCandidate);
    }
    basis
}

/// The employee is the non-manager who talks most, leaving out named participants
/// and HR observers.
fn likely_employee<'a>(
    signals: &[SpeakerSignals<'a>],
    manager: &str,
    participants: &[String],
) -> Option<&'a str> {
    signals
        .iter()
        .filter(|s| s.name != manager)
        .filter(|s| !participants.iter().any(|p| p.trim() == s.name))
        .filter(|s| !has_title(s.name, OBSERVER_TITLES))
        .max_by_key(|s| s.units)
        .map(|s| s.name)
}

/// Whether a title stands in the name: CJK titles anywhere (张经理, 王总), Latin
/// titles as whole words ("Team Lead", "HR - Jane") so "Leadbetter" is no lead.
fn has_title(name: &str, titles: &[&str]) -> bool {
    let lower = name.to_lowercase();
    titles.iter().any(|title| {
        if title.is_ascii() {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == *title)
        } else {
            lower.contains(title)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuestionKind::{Closed, Open};

    fn signals<'a>(name: &'a str, units: u32, questions: &'a [QuestionKind]) -> SpeakerSignals<'a> {
        SpeakerSignals {
            name,
            units,
            questions,
        }
    }

    #[test]
    fn metadata_names_the_manager_by_part_of_the_name() {
        let speakers = [
            signals("Alice Wang", 100, &[]),
            signals("Bob Li", 300, &[Open]),
        ];
        let metadata = Metadata {
            manager: Some("alice".into()),
            ..Metadata::default()
        };
        let roles = assign(&metadata, &speakers).expect("alice speaks");
        assert_eq!(
            (roles.manager.as_str(), roles.manager_inferred),
            ("Alice Wang", false)
        );
        assert_eq!(roles.employee.as_deref(), Some("Bob Li"));
    }

    #[test]
    fn unknown_manager_lists_the_speakers() {
        let speakers = [signals("张伟", 10, &[]), signals("李娜", 10, &[])];
        let metadata = Metadata {
            manager: Some("王芳".into()),
            ..Metadata::default()
        };
        let err = assign(&metadata, &speakers).expect_err("not a speaker");
        assert!(err.to_string().contains("张伟, 李娜"), "{err}");
    }

    #[test]
    fn the_questioner_who_opens_is_inferred_with_high_confidence() {
        let speakers = [
            signals("周建国", 500, &[Open, Open, Closed, Open]),
            signals("林晓雯", 900, &[Closed]),
        ];
        let roles = assign(&Metadata::default(), &speakers).expect("roles");
        assert_eq!(roles.manager, "周建国");
        assert!(roles.manager_inferred);
        assert!(roles.confidence > 0.8, "{}", roles.confidence);
        assert!(
            roles
                .basis
                .contains(&Basis::AskedQuestions { asked: 4, of: 5 })
        );
    }

    #[test]
    fn the_hr_observer_is_never_the_manager_nor_the_employee() {
        let speakers = [
            signals("HRBP 何佳", 200, &[Open, Open, Open, Open, Open]),
            signals("张经理", 400, &[Open]),
            signals("李娜", 600, &[]),
        ];
        let roles = assign(&Metadata::default(), &speakers).expect("roles");
        assert_eq!(roles.manager, "张经理");
        assert_eq!(roles.employee.as_deref(), Some("李娜"));
        assert_eq!(roles.role_of("HRBP 何佳"), Role::Other);
    }

    #[test]
    fn evenly_matched_speakers_give_low_confidence() {
        let speakers = [
            signals("A", 100, &[Open]),
            signals("B", 100, &[Open, Closed]),
        ];
        let roles = assign(&Metadata::default(), &speakers).expect("roles");
        assert!(roles.confidence < 0.7, "{}", roles.confidence);
    }

    #[test]
    fn titles_are_whole_words_in_latin_names() {
        assert!(has_title("Team Lead Sam", MANAGER_TITLES));
        assert!(!has_title("Sam Leadbetter", MANAGER_TITLES));
        assert!(has_title("王总", MANAGER_TITLES));
    }
}
