//! The two robust statistics the audit needs: the median and the median absolute
//! deviation. Both sort a copy, O(n log n).

/// The median of `values`; `None` when there are none. An even count gives the mean
/// of the two middle values.
pub(super) fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

/// The median absolute deviation from `center`, scaled by 1.4826 so that for
/// normally distributed values it estimates the standard deviation.
pub(super) fn scaled_mad(values: &[f64], center: f64) -> Option<f64> {
    let deviations: Vec<f64> = values.iter().map(|v| (v - center).abs()).collect();
    median(&deviations).map(|mad| mad * 1.4826)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_even_and_empty_lists() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn the_mad_ignores_one_wild_value() {
        let values = [1.0, 2.0, 3.0, 4.0, 100.0];
        let center = median(&values).expect("values");
        let mad = scaled_mad(&values, center).expect("values");
        assert!((mad - 1.4826).abs() < 1e-12, "{mad}");
    }
}
