//! Parse + metrics on the 90-minute transcript (filled in with the metrics).
fn main() {}
