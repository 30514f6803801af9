//! The conversation checked against DOMAIN.md's numbers: the manager talks at most
//! 40% and the employee at least 60% of the time, the manager asks at least three
//! open questions and labels nobody.

use serde::Serialize;

use crate::config::Norms;

use super::evidence::Evidence;

/// Which norm a check is about; stable ids in the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Norm {
    ManagerTalkShare,
    EmployeeTalkShare,
    ManagerOpenQuestions,
    ManagerLabelling,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtMost,
    AtLeast,
}

/// What a norm's numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share of speaking time, 0–1.
    ShareOfTime,
    /// A share of speech units, 0–1 (when the transcript has no times).
    ShareOfUnits,
    Count,
}

/// One norm, the value found, and the turns behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormCheck {
    pub norm: Norm,
    pub bound: Bound,
    pub threshold: f64,
    pub actual: f64,
    pub unit: Unit,
    pub met: bool,
    pub evidence: Vec<Evidence>,
}

impl NormCheck {
    fn new(norm: Norm, bound: Bound, threshold: f64, measured: Measured) -> NormCheck {
        let met = match bound {
            Bound::AtMost => measured.value <= threshold,
            Bound::AtLeast => measured.value >= threshold,
        };
        NormCheck {
            norm,
            bound,
            threshold,
            actual: measured.value,
            unit: measured.unit,
            met,
            evidence: measured.evidence,
        }
    }
}

/// A measured value with its unit and evidence, as a check needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub value: f64,
    pub unit: Unit,
    pub evidence: Vec<Evidence>,
}

/// What the checks are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct NormInputs {
    pub manager_share: Measured,
    pub employee_share: Option<Measured>,
    pub manager_open_questions: Vec<Evidence>,
    pub manager_labelling: Vec<Evidence>,
}

/// All checks that the inputs allow.
pub fn check(inputs: NormInputs, norms: &Norms) -> Vec<NormCheck> {
    let count = |evidence: Vec<Evidence>| Measured {
        value: evidence.len() as f64,
        unit: Unit::Count,
        evidence,
    };
    let mut checks = vec![NormCheck::new(
        Norm::ManagerTalkShare,
        Bound::AtMost,
        norms.manager_max_talk_share,
        inputs.manager_share,
    )];
    checks.extend(inputs.employee_share.map(|share| {
        NormCheck::new(
            Norm::EmployeeTalkShare,
            Bound::AtLeast,
            1.0 - norms.manager_max_talk_share,
            share,
        )
    }));
    checks.push(NormCheck::new(
        Norm::ManagerOpenQuestions,
        Bound::AtLeast,
        f64::from(norms.min_open_questions),
        count(inputs.manager_open_questions),
    ));
    checks.push(NormCheck::new(
        Norm::ManagerLabelling,
        Bound::AtMost,
        0.0,
        count(inputs.manager_labelling),
    ));
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(value: f64) -> Measured {
        Measured {
            value,
            unit: Unit::ShareOfTime,
            evidence: vec![],
        }
    }

    #[test]
    fn boundaries_are_inclusive() {
        let checks = check(
            NormInputs {
                manager_share: share(0.40),
                employee_share: Some(share(0.60)),
                manager_open_questions: vec![],
                manager_labelling: vec![],
            },
            &Norms::default(),
        );
        let met: Vec<(Norm, bool)> = checks.iter().map(|c| (c.norm, c.met)).collect();
        assert_eq!(
            met,
            [
                (Norm::ManagerTalkShare, true),
                (Norm::EmployeeTalkShare, true),
                (Norm::ManagerOpenQuestions, false),
                (Norm::ManagerLabelling, true),
            ]
        );
    }

    #[test]
    fn without_an_employee_there_is_no_employee_check() {
        let checks = check(
            NormInputs {
                manager_share: share(0.7),
                employee_share: None,
                manager_open_questions: vec![],
                manager_labelling: vec![],
            },
            &Norms::default(),
        );
        assert!(!checks.iter().any(|c| c.norm == Norm::EmployeeTalkShare));
        assert!(!checks[0].met);
    }
}
