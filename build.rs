//! Embeds `themes/` and `content/` into the binary as tables of (path, bytes), so an installed
//! `prepbook` has its default theme and `prepbook init` its sample handbook anywhere.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    // Two tables in two files: the theme belongs to render, the sample handbook to init.
    for (name, dir, file) in [
        ("THEME_FILES", "themes", "theme_files.rs"),
        ("SAMPLE_HANDBOOK", "content", "sample_handbook.rs"),
    ] {
        let mut code = String::new();
        println!("cargo:rerun-if-changed={dir}");
        let mut files = Vec::new();
        collect(&root.join(dir), &mut files);
        files.sort();
        writeln!(code, "/// Files under `{dir}/`, by path relative to it.").unwrap();
        writeln!(code, "pub(crate) static {name}: &[(&str, &[u8])] = &[").unwrap();
        for path in files {
            let rel = path.strip_prefix(root.join(dir)).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            println!("cargo:rerun-if-changed={}", path.display());
            // A vendored library kept gzipped in git (`mermaid.min.js.gz`) is embedded as the
            // file it holds (`mermaid.min.js`), so the site serves it as any other asset.
            let (rel, path) = match rel.strip_suffix(".gz") {
                Some(plain) => (plain.to_owned(), gunzip(&path, &out.join(plain))),
                None => (rel, path),
            };
            writeln!(
                code,
                "    ({rel:?}, include_bytes!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
        std::fs::write(out.join(file), code).unwrap();
    }
}

/// `gz` decompressed to `to` (made if missing); returns `to`.
fn gunzip(gz: &Path, to: &Path) -> PathBuf {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(gz).unwrap()),
        &mut bytes,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::write(to, bytes).unwrap();
    to.to_path_buf()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
