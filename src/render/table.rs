//! Plain-text tables aligned by display width, so Chinese (two columns a
//! character) and English line up in a terminal.

use unicode_width::UnicodeWidthStr;

/// Rows of cells; the first row is the header. Numbers are right-aligned.
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|s| (*s).to_owned()).collect()],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &width)| pad(cell, width))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

fn pad(cell: &str, width: usize) -> String {
    let fill = " ".repeat(width.saturating_sub(cell.width()));
    if is_number(cell) {
        format!("{fill}{cell}")
    } else {
        format!("{cell}{fill}")
    }
}

fn is_number(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || ".%/-–".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_cells_align_by_display_width() {
        let mut table = Table::new(&["说话人", "turns"]);
        table.row(vec!["张伟".into(), "12".into()]);
        table.row(vec!["Alice".into(), "3".into()]);
        let text = table.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "说话人  turns");
        assert_eq!(lines[1], "张伟       12");
        assert_eq!(lines[2], "Alice       3");
    }
}
