//! Importing the org chart from a CSV with the header `name,manager,department`
//! (or 姓名,经理,部门), as HR exports it from a spreadsheet.
//!
//! The file is authoritative for the people it lists: their manager and department
//! become what the file says (blank clears them); people it does not list are left
//! alone. A manager may be named before or after their own row, or be someone
//! already in the store. The whole file is one transaction: any bad row stores
//! nothing, and the error names the line.

use serde::Serialize;
use sqlx::SqliteConnection;

use super::Store;
use super::error::StoreError;
use super::fields;
use super::people;
use super::types::PersonId;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Rows read (people listed).
    pub rows: usize,
    /// People who were not in the store before.
    pub created: usize,
    /// People who were, and whose manager and department the file now sets.
    pub updated: usize,
}

/// One data row, checked.
#[derive(Debug, Clone, PartialEq)]
struct OrgRow {
    line: u64,
    name: String,
    manager: Option<String>,
    department: Option<String>,
}

/// Where each field is in a row; `manager` and `department` columns are optional.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    manager: Option<usize>,
    department: Option<usize>,
    count: usize,
}

impl Store {
    /// Imports people and who manages whom from CSV bytes (UTF-8 with or without
    /// BOM, UTF-16 with BOM, or GB18030 as Excel on Chinese Windows saves it).
    pub async fn import_people_csv(&self, bytes: &[u8]) -> Result<ImportSummary, StoreError> {
        fields::within("the CSV", bytes.len(), self.limits.max_file_bytes)?;
        let text = decode(bytes)?;
        let rows = parse(&text)?;
        self.guard(async {
            let mut tx = self.write().await?;
            let summary = apply(&mut tx, &rows).await?;
            tx.commit().await?;
            Ok(summary)
        })
        .await
    }
}

/// The CSV as text: a BOM decides; otherwise UTF-8 when it is valid, else GB18030.
fn decode(bytes: &[u8]) -> Result<String, StoreError> {
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return Ok(text.to_owned()),
            Err(_) => (encoding_rs::GB18030, bytes),
        },
    };
    let (text, malformed) = encoding.decode_without_bom_handling(body);
    if malformed {
        return Err(StoreError::CsvEncoding);
    }
    Ok(text.into_owned())
}

/// Reads and checks every row before anything is written.
fn parse(text: &str) -> Result<Vec<OrgRow>, StoreError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|err| csv_error(1, &err))?.clone();
    let columns = Columns::from_header(&header)?;
    let mut rows: Vec<OrgRow> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| csv_error(0, &err))?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row = columns.read(line, &record)?;
        if let Some(first) = rows.iter().find(|r| r.name == row.name) {
            return Err(StoreError::Csv {
                line,
                reason: format!(
                    "names {} again (first on line {}); list each person once",
                    row.name, first.line
                ),
            });
        }
        rows.push(row);
    }
    Ok(rows)
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Result<Columns, StoreError> {
        let mut columns = Columns {
            name: usize::MAX,
            manager: None,
            department: None,
            count: header.len(),
        };
        for (i, title) in header.iter().enumerate() {
            match title.trim_start_matches('\u{feff}').to_lowercase().as_str() {
                "name" | "姓名" => columns.name = i,
                "manager" | "经理" | "上级" => columns.manager = Some(i),
                "department" | "部门" => columns.department = Some(i),
                other => {
                    return Err(StoreError::Csv {
                        line: 1,
                        reason: format!(
                            "has an unknown column '{other}'; the header is name,manager,department"
                        ),
                    });
                }
            }
        }
        if columns.name == usize::MAX {
            return Err(StoreError::Csv {
                line: 1,
                reason: "has no 'name' column; the header is name,manager,department".into(),
            });
        }
        Ok(columns)
    }

    /// One row's fields, checked like any other name. Missing trailing fields are
    /// blank (spreadsheets drop them); extra fields are an error.
    fn read(self, line: u64, record: &csv::StringRecord) -> Result<OrgRow, StoreError> {
        if record.len() > self.count {
            return Err(StoreError::Csv {
                line,
                reason: format!(
                    "has {} fields but the header has {}; quote fields that contain commas",
                    record.len(),
                    self.count
                ),
            });
        }
        let at_line = |err: StoreError| refused(line, err);
        let field = |i: Option<usize>| i.and_then(|i| record.get(i));
        let name = match field(Some(self.name)) {
            Some(name) if !name.is_empty() => fields::name("the name", name).map_err(at_line)?,
            _ => {
                return Err(StoreError::Csv {
                    line,
                    reason: "has no name; every row needs one".into(),
                });
            }
        };
        Ok(OrgRow {
            line,
            name,
            manager: fields::optional_name("the manager", field(self.manager)).map_err(at_line)?,
            department: fields::optional_name("the department", field(self.department))
                .map_err(at_line)?,
        })
    }
}

/// Writes the rows: people first (so managers named later exist), then every
/// listed person's manager cleared, then set. Clearing first means a file that
/// swaps two people's places is not mistaken for a cycle.
async fn apply(conn: &mut SqliteConnection, rows: &[OrgRow]) -> Result<ImportSummary, StoreError> {
    let mut ids: Vec<PersonId> = Vec::with_capacity(rows.len());
    let mut created = 0;
    for row in rows {
        let saved = people::upsert(conn, &row.name, None).await?;
        sqlx::query("UPDATE people SET department = ?, manager_id = NULL WHERE id = ?")
            .bind(&row.department)
            .bind(saved.id.0)
            .execute(&mut *conn)
            .await?;
        created += usize::from(saved.created);
        ids.push(saved.id);
    }
    for (row, id) in rows.iter().zip(&ids) {
        let Some(manager) = &row.manager else {
            continue;
        };
        let Some(boss) = people::by_name(conn, manager).await? else {
            return Err(StoreError::Csv {
                line: row.line,
                reason: format!("names manager {manager}, who is not in the file or the store"),
            });
        };
        people::set_manager(conn, *id, Some(boss.id))
            .await
            .map_err(|err| refused(row.line, err))?;
    }
    Ok(ImportSummary {
        rows: rows.len(),
        created,
        updated: rows.len() - created,
    })
}

/// A row refused for a reason another check gave (a cycle, a name too long).
/// Errors about the file itself (locked, full) are passed through unchanged.
fn refused(line: u64, err: StoreError) -> StoreError {
    if !err.is_caller_error() {
        return err;
    }
    StoreError::Csv {
        line,
        reason: format!("is refused: {err}"),
    }
}

fn csv_error(fallback_line: u64, err: &csv::Error) -> StoreError {
    let line = err.position().map_or(fallback_line, csv::Position::line);
    StoreError::Csv {
        line,
        reason: format!("cannot be read: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{person, temp_store};
    use super::*;

    const TEAM: &str = "name,manager,department\n\
                        王芳,张伟,研发部\n\
                        张伟,陈总,研发部\n\
                        陈总,,\n\
                        \"Li, Na\",王芳,研发部\n";

    #[tokio::test]
    async fn managers_may_be_named_before_their_own_row() {
        let (_dir, store) = temp_store().await;
        let summary = store
            .import_people_csv(TEAM.as_bytes())
            .await
            .expect("import");
        assert_eq!(
            summary,
            ImportSummary {
                rows: 4,
                created: 4,
                updated: 0
            }
        );
        let chen = store.person_by_name("陈总").await.expect("boss");
        let team = store.people_under(chen.id).await.expect("team");
        assert_eq!(team.len(), 3);
        let li = store.person_by_name("Li, Na").await.expect("quoted name");
        let wang = store.person_by_name("王芳").await.expect("row");
        assert_eq!(li.manager, Some(wang.id));
        assert_eq!(chen.department, None);

        let again = store
            .import_people_csv(TEAM.as_bytes())
            .await
            .expect("again");
        assert_eq!(
            again,
            ImportSummary {
                rows: 4,
                created: 0,
                updated: 4
            }
        );
        assert_eq!(store.people().await.expect("all").len(), 4);
    }

    #[tokio::test]
    async fn an_unknown_manager_names_the_line_and_stores_nothing() {
        let (_dir, store) = temp_store().await;
        let csv = "name,manager,department\n王芳,李娜,研发部\n李娜,,研发部\nBob,,Sales\n赵六,Bob,Sales\n王五,张伟,研发部\n";
        let err = store
            .import_people_csv(csv.as_bytes())
            .await
            .expect_err("bad row");
        assert_eq!(
            err.to_string(),
            "line 6 of the CSV names manager 张伟, who is not in the file or the store"
        );
        assert!(
            store.people().await.expect("list").is_empty(),
            "rolled back"
        );
    }

    #[tokio::test]
    async fn a_manager_already_in_the_store_is_found() {
        let (_dir, store) = temp_store().await;
        let zhang = person(&store, "张伟").await;
        store
            .import_people_csv("name,manager\n王芳,张伟\n".as_bytes())
            .await
            .expect("import");
        let wang = store.person_by_name("王芳").await.expect("imported");
        assert_eq!(wang.manager, Some(zhang));
    }

    #[tokio::test]
    async fn cycles_and_bad_rows_roll_back_the_whole_file() {
        let (_dir, store) = temp_store().await;
        let existing = person(&store, "Existing").await;
        let cases = [
            (
                "name,manager\nA,B\nB,A\n",
                "line 3 of the CSV is refused: B cannot report to A",
            ),
            (
                "name,manager\nA,A\n",
                "line 2 of the CSV is refused: A cannot be their own manager",
            ),
            ("name,manager\nA,\n,B\n", "line 3 of the CSV has no name"),
            (
                "name,manager\nA,\nA,\n",
                "line 3 of the CSV names A again (first on line 2)",
            ),
            (
                "name,boss\nA,B\n",
                "line 1 of the CSV has an unknown column 'boss'",
            ),
            ("manager\nA\n", "line 1 of the CSV has no 'name' column"),
            (
                "name,manager\nA,B,C\n",
                "line 2 of the CSV has 3 fields but the header has 2",
            ),
        ];
        for (csv, expected) in cases {
            let err = store
                .import_people_csv(csv.as_bytes())
                .await
                .expect_err(csv);
            assert!(err.to_string().starts_with(expected), "{csv:?}: {err}");
        }
        let long = format!("name\n{}\n", "x".repeat(201));
        let err = store
            .import_people_csv(long.as_bytes())
            .await
            .expect_err("long");
        assert!(
            err.to_string()
                .starts_with("line 2 of the CSV is refused: the name is 201"),
            "{err}"
        );
        let people = store.people().await.expect("list");
        assert_eq!(people.iter().map(|p| p.id).collect::<Vec<_>>(), [existing]);
    }

    #[tokio::test]
    async fn swapping_two_people_is_not_a_cycle() {
        let (_dir, store) = temp_store().await;
        store
            .import_people_csv("name,manager\nA,\nB,A\n".as_bytes())
            .await
            .expect("first chart");
        store
            .import_people_csv("name,manager\nA,B\nB,\n".as_bytes())
            .await
            .expect("swapped chart");
        let a = store.person_by_name("A").await.expect("A");
        let b = store.person_by_name("B").await.expect("B");
        assert_eq!((a.manager, b.manager), (Some(b.id), None));
    }

    #[tokio::test]
    async fn chinese_headers_and_gb18030_files_are_read() {
        let (_dir, store) = temp_store().await;
        let text = "姓名,经理,部门\r\n王芳,张伟,研发部\r\n张伟,,研发部\r\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        store.import_people_csv(&bytes).await.expect("gb18030");
        let wang = store.person_by_name("王芳").await.expect("decoded name");
        assert_eq!(wang.department.as_deref(), Some("研发部"));

        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice("name,department\nBob,Sales\n".as_bytes());
        store.import_people_csv(&bom).await.expect("utf-8 with BOM");
        assert!(store.person_by_name("Bob").await.is_ok());
    }

    #[tokio::test]
    async fn an_oversize_csv_is_refused_before_reading() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let limits = super::super::StoreLimits {
            max_file_bytes: 10,
            ..Default::default()
        };
        let store = Store::open(dir.path().join("c.db"), limits)
            .await
            .expect("open");
        let err = store
            .import_people_csv(TEAM.as_bytes())
            .await
            .expect_err("big");
        assert!(
            matches!(err, StoreError::TooLarge { limit: 10, .. }),
            "{err:?}"
        );
    }
}
