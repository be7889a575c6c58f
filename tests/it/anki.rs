//! `export --format anki` imported by Anki's own code: the `anki` package from PyPI opens a
//! fresh collection, reads the file's headers as Anki's File > Import does, and imports it.

use crate::support::{anki_ready, handbook, prepbook};
use serde_json::Value;
use std::path::Path;

/// Imports each file into the collection at argv[1] as File > Import would, with the headers'
/// settings, after making "Basic (and reversed card)" and the Default deck the current ones (what
/// a header-less file would be imported into); prints every note as JSON.
const IMPORT: &str = r#"
import json, sys
from anki.collection import Collection, ImportCsvRequest
col = Collection(sys.argv[1])
col.set_config("curModel", col.models.by_name("Basic (and reversed card)")["id"])
for path in sys.argv[2:]:
    meta = col.get_csv_metadata(path=path, delimiter=None)
    col.import_csv(ImportCsvRequest(path=path, metadata=meta))
notes = []
for nid in sorted(col.find_notes("")):
    note = col.get_note(nid)
    notes.append({
        "guid": note.guid,
        "notetype": note.note_type()["name"],
        "fields": note.fields,
        "tags": note.tags,
        "decks": sorted({col.decks.name(card.did) for card in note.cards()}),
    })
col.close()
print(json.dumps(notes))
"#;

/// Export `dir`'s handbook as Anki cards to `file`.
fn export_cards(dir: &Path, file: &Path) {
    let out = prepbook(
        dir,
        &[
            "export",
            "--format",
            "anki",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Import `files` into the collection `collection` with Anki's code; its notes after.
fn import(collection: &Path, files: &[&Path]) -> Vec<Value> {
    let run = std::process::Command::new("python3")
        .arg("-c")
        .arg(IMPORT)
        .arg(collection)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "Anki's import failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn anki_imports_the_cards_as_basic_notes_in_a_deck_per_document_and_updates_them_in_place() {
    if !anki_ready() {
        return;
    }
    let dir = handbook(&[
        (
            "db.md",
            b"# Databases\n\n## 1. What is an index?\n\nA sorted copy.\n\n## 2. What is a cache?\n\nFast memory.\n",
        ),
        (
            "web.md",
            b"---\ntitle: Web\ntags: [browser]\n---\n## 1. What is a cache?\n\nA browser store.\n",
        ),
    ]);
    std::fs::write(dir.path().join("prepbook.yaml"), "title: My Prep\n").unwrap();
    let cards = dir.path().join("cards.txt");
    export_cards(dir.path(), &cards);
    let collection = dir.path().join("collection.anki2");
    let notes = import(&collection, &[&cards]);

    let summary: Vec<(&str, &str, &str, &str)> = notes
        .iter()
        .map(|n| {
            (
                n["guid"].as_str().unwrap(),
                n["notetype"].as_str().unwrap(),
                n["fields"][0].as_str().unwrap(),
                n["decks"][0].as_str().unwrap(),
            )
        })
        .collect();
    // The Basic note type, whatever was used last; a deck per document; the question's id as
    // the GUID, so the same words asked in two documents stay two notes.
    assert_eq!(
        summary,
        [
            (
                "db--what-is-an-index",
                "Basic",
                "What is an index?",
                "My Prep::Databases"
            ),
            (
                "db--what-is-a-cache",
                "Basic",
                "What is a cache?",
                "My Prep::Databases"
            ),
            (
                "web--what-is-a-cache",
                "Basic",
                "What is a cache?",
                "My Prep::Web"
            ),
        ]
    );
    assert!(notes[0]["fields"][1]
        .as_str()
        .unwrap()
        .contains("<p>A sorted copy.</p>"));
    assert_eq!(notes[2]["tags"], serde_json::json!(["browser", "web"]));

    // Edit an answer, export again, import into the same collection: the note is updated in
    // place, nothing is added.
    std::fs::write(
        dir.path().join("content/db.md"),
        "# Databases\n\n## 1. What is an index?\n\nA sorted copy, kept in step with the table.\n\n## 2. What is a cache?\n\nFast memory.\n",
    )
    .unwrap();
    let edited = dir.path().join("cards-2.txt");
    export_cards(dir.path(), &edited);
    let after = import(&collection, &[&edited]);
    assert_eq!(after.len(), 3, "{after:#?}");
    assert_eq!(after[0]["guid"], "db--what-is-an-index");
    assert!(
        after[0]["fields"][1]
            .as_str()
            .unwrap()
            .contains("kept in step with the table"),
        "{after:#?}"
    );
    assert_eq!(after[1], notes[1]);
    assert_eq!(after[2], notes[2]);
}
