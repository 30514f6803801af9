//! Classification metrics: a confusion matrix and what is read off it (per-class
//! precision, recall and F1, macro-F1, accuracy), as `candor eval` and the head
//! cards report them.

use serde::Serialize;

/// Counts of (true label, predicted label) pairs over a fixed label list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion {
    labels: Vec<String>,
    /// `counts[truth][predicted]`.
    counts: Vec<Vec<u32>>,
}

/// Precision, recall and F1 of one class, with its support (true examples).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u32,
}

/// Everything `candor eval` prints for one label set on one data set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub examples: u32,
    pub accuracy: f64,
    /// The unweighted mean of the per-class F1 over classes with support.
    pub macro_f1: f64,
    pub classes: Vec<ClassScores>,
    pub labels: Vec<String>,
    /// `confusion[truth][predicted]`, in the order of `labels`.
    pub confusion: Vec<Vec<u32>>,
}

impl Confusion {
    pub fn new<S: AsRef<str>>(labels: &[S]) -> Confusion {
        let n = labels.len();
        Confusion {
            labels: labels.iter().map(|l| l.as_ref().to_owned()).collect(),
            counts: vec![vec![0; n]; n],
        }
    }

    /// Records one example by label indices.
    pub fn add(&mut self, truth: usize, predicted: usize) {
        self.counts[truth][predicted] += 1;
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    fn support(&self, class: usize) -> u32 {
        self.counts[class].iter().sum()
    }

    fn predicted(&self, class: usize) -> u32 {
        self.counts.iter().map(|row| row[class]).sum()
    }

    fn scores(&self, class: usize) -> ClassScores {
        let hits = f64::from(self.counts[class][class]);
        let ratio = |n: u32| if n == 0 { 0.0 } else { hits / f64::from(n) };
        let (precision, recall) = (ratio(self.predicted(class)), ratio(self.support(class)));
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        ClassScores {
            label: self.labels[class].clone(),
            precision,
            recall,
            f1,
            support: self.support(class),
        }
    }

    pub fn report(&self) -> Report {
        let classes: Vec<ClassScores> = (0..self.labels.len()).map(|c| self.scores(c)).collect();
        let supported: Vec<f64> = classes
            .iter()
            .filter(|c| c.support > 0)
            .map(|c| c.f1)
            .collect();
        let total = self.total();
        let correct: u32 = (0..self.labels.len()).map(|c| self.counts[c][c]).sum();
        Report {
            examples: total,
            accuracy: if total == 0 {
                0.0
            } else {
                f64::from(correct) / f64::from(total)
            },
            macro_f1: if supported.is_empty() {
                0.0
            } else {
                supported.iter().sum::<f64>() / supported.len() as f64
            },
            classes,
            labels: self.labels.clone(),
            confusion: self.counts.clone(),
        }
    }
}

impl Report {
    /// A plain-text table: per-class scores, then the confusion matrix.
    pub fn table(&self) -> String {
        use std::fmt::Write as _;
        let width = self
            .labels
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(5)
            .max(9);
        let mut out = String::new();
        let _ = writeln!(out, "{:width$}  precision  recall     f1  support", "class");
        for c in &self.classes {
            let _ = writeln!(
                out,
                "{:width$}  {:>9.3}  {:>6.3}  {:>5.3}  {:>7}",
                c.label, c.precision, c.recall, c.f1, c.support
            );
        }
        let _ = writeln!(
            out,
            "{:width$}  accuracy {:.3}  macro-F1 {:.3}  ({} examples)",
            "", self.accuracy, self.macro_f1, self.examples
        );
        let _ = write!(out, "{:width$}", "true \\ predicted");
        for label in &self.labels {
            let _ = write!(out, " {:>8}", clip(label, 8));
        }
        out.push('\n');
        for (label, row) in self.labels.iter().zip(&self.confusion) {
            let _ = write!(out, "{label:width$}");
            for n in row {
                let _ = write!(out, " {n:>8}");
            }
            out.push('\n');
        }
        out
    }
}

fn clip(label: &str, width: usize) -> &str {
    label.get(..width).unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_match_a_hand_computed_example() {
        // truth a: 3 predicted a, 1 predicted b; truth b: 2 predicted b, 2 predicted a.
        let mut m = Confusion::new(&["a", "b"]);
        for (t, p) in [
            (0, 0),
            (0, 0),
            (0, 0),
            (0, 1),
            (1, 1),
            (1, 1),
            (1, 0),
            (1, 0),
        ] {
            m.add(t, p);
        }
        let r = m.report();
        assert_eq!(r.examples, 8);
        assert!((r.accuracy - 5.0 / 8.0).abs() < 1e-12);
        let a = &r.classes[0];
        assert!((a.precision - 3.0 / 5.0).abs() < 1e-12);
        assert!((a.recall - 3.0 / 4.0).abs() < 1e-12);
        let b = &r.classes[1];
        assert!((b.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((b.recall - 0.5).abs() < 1e-12);
        let f1 = |p: f64, r: f64| 2.0 * p * r / (p + r);
        let expected = f64::midpoint(f1(0.6, 0.75), f1(2.0 / 3.0, 0.5));
        assert!((r.macro_f1 - expected).abs() < 1e-12);
        assert_eq!(r.confusion, vec![vec![3, 1], vec![2, 2]]);
    }

    #[test]
    fn classes_without_support_do_not_count_in_macro_f1() {
        let mut m = Confusion::new(&["a", "b", "never"]);
        m.add(0, 0);
        m.add(1, 1);
        assert!((m.report().macro_f1 - 1.0).abs() < 1e-12);
        assert!(m.report().table().contains("macro-F1 1.000"));
    }
}
