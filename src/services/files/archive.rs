//! The console's zip and unzip (`files.performOperation`, `PUT /{appId}/console/files/{path}
//! ?operation=zip|unzip`). Backendless runs them in the background and mails the developer; the
//! emulator runs them at once:
//!
//! - `zip` of a directory writes `{name}.zip` beside it with every file below it (paths relative
//!   to the directory); of a file, `{name}.zip` with that file; of the root, `root.zip`.
//! - `unzip` of an archive writes its files into the archive's directory, replacing files of the
//!   same path, as `unzip -o` does. Entry names that leave the directory (`../`, absolute) are
//!   refused, and every file is held to the app's file size limits, so an archive cannot write
//!   outside its directory or inflate past them.

use std::io::{Cursor, Read, Write};

use bytes::Bytes;

use super::errors;
use super::model::{Depth, Found, Overwrite};
use super::path::FilePath;
use super::pattern::Pattern;
use super::state::parent_of;
use super::{Actor, FilesState};
use crate::error::ApiError;

/// Most entries one archive may hold when it is unpacked.
const MAX_ENTRIES: usize = 10_000;

/// A deflated zip archive of `entries` (name inside the archive, bytes).
pub fn zip_entries<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<u8>, ApiError> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer
            .start_file(name, options)
            .and_then(|()| writer.write_all(bytes).map_err(zip::result::ZipError::Io))
            .map_err(|e| errors::bad_archive(&e.to_string()))?;
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|e| errors::bad_archive(&e.to_string()))
}

/// Write the archive of `path`; answers the archive's path.
pub(super) fn zip(files: &FilesState, path: &FilePath, now: i64) -> Result<FilePath, ApiError> {
    let items = files.list(
        Actor::Console,
        path,
        &Pattern::parse(None)?,
        Depth::Recursive,
    )?;
    let (base, archive) = if path.is_root() {
        (FilePath::root(), FilePath::root().join("root.zip"))
    } else if matches!(files.get(Actor::Console, path)?, Found::File(_)) {
        let dir = parent_of(path);
        (dir.clone(), dir.join(&format!("{}.zip", path.name())))
    } else {
        (
            path.clone(),
            parent_of(path).join(&format!("{}.zip", path.name())),
        )
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items.iter().filter(|i| i.path != archive) {
        let Found::File(bytes) = files.get(Actor::Console, &item.path)? else {
            continue;
        };
        let name = item.path.rebase(&base, &FilePath::root());
        entries.push((name.as_str().to_string(), bytes));
    }
    let bytes = zip_entries(
        entries
            .iter()
            .map(|(name, bytes)| (name.as_str(), &bytes[..])),
    )?;
    files.save(
        Actor::Console,
        &archive,
        Bytes::from(bytes),
        Overwrite::Replace,
        now,
    )?;
    Ok(archive)
}

/// Unpack the archive at `path` into its directory; answers that directory.
pub(super) fn unzip(files: &FilesState, path: &FilePath, now: i64) -> Result<FilePath, ApiError> {
    let Found::File(bytes) = files.get(Actor::Console, path)? else {
        return Err(errors::bad_archive("a directory is not an archive"));
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| errors::bad_archive(&e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(errors::bad_archive(&format!(
            "more than {MAX_ENTRIES} entries"
        )));
    }
    let dir = parent_of(path);
    let limit = files.max_file_bytes();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| errors::bad_archive(&e.to_string()))?;
        let Some(name) = entry.enclosed_name() else {
            return Err(errors::bad_archive(&format!(
                "entry '{}' leaves the archive's directory",
                entry.name()
            )));
        };
        let name = FilePath::parse(&name.to_string_lossy().replace('\\', "/"))?;
        let target = dir_join(&dir, &name);
        if entry.is_dir() {
            files.create_directory(Actor::Console, &target, now)?;
            continue;
        }
        let mut content = Vec::new();
        (&mut entry)
            .take(limit.saturating_add(1))
            .read_to_end(&mut content)
            .map_err(|e| errors::bad_archive(&e.to_string()))?;
        if content.len() as u64 > limit {
            return Err(errors::file_too_large(limit));
        }
        files.save(
            Actor::Console,
            &target,
            Bytes::from(content),
            Overwrite::Replace,
            now,
        )?;
    }
    Ok(dir)
}

/// `name` (relative) under `dir`.
fn dir_join(dir: &FilePath, name: &FilePath) -> FilePath {
    name.rebase(&FilePath::root(), dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(files: &FilesState, path: &str, content: &str) {
        let path = FilePath::parse(path).expect("path");
        files
            .save(
                Actor::Console,
                &path,
                Bytes::from(content.to_string()),
                Overwrite::Replace,
                1,
            )
            .expect("saved");
    }

    fn read(files: &FilesState, path: &str) -> Option<String> {
        match files.get(Actor::Console, &FilePath::parse(path).expect("path")) {
            Ok(Found::File(b)) => Some(String::from_utf8_lossy(&b).into_owned()),
            _ => None,
        }
    }

    #[test]
    fn a_directory_zips_beside_itself_and_unzips_into_the_archives_directory() {
        let files = FilesState::default();
        put(&files, "web/index.html", "<h1>hi</h1>");
        put(&files, "web/css/site.css", "h1 {}");
        let archive = zip(&files, &FilePath::parse("web").expect("path"), 2).expect("zipped");
        assert_eq!(archive.as_str(), "web.zip");
        // Move the archive into another directory and unpack it there.
        let bytes = match files.get(Actor::Console, &archive).expect("archive") {
            Found::File(b) => b,
            Found::Directory => panic!("a file"),
        };
        let moved = FilePath::parse("copy/web.zip").expect("path");
        files
            .save(Actor::Console, &moved, bytes, Overwrite::Replace, 3)
            .expect("saved");
        let dir = unzip(&files, &moved, 4).expect("unzipped");
        assert_eq!(dir.as_str(), "copy");
        assert_eq!(
            read(&files, "copy/index.html").as_deref(),
            Some("<h1>hi</h1>")
        );
        assert_eq!(read(&files, "copy/css/site.css").as_deref(), Some("h1 {}"));
    }

    #[test]
    fn entries_that_leave_the_directory_and_non_archives_are_refused() {
        let files = FilesState::default();
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("../escape.txt", zip::write::SimpleFileOptions::default())
            .expect("entry");
        writer.write_all(b"x").expect("written");
        let evil = writer.finish().expect("finished").into_inner();
        let path = FilePath::parse("in/evil.zip").expect("path");
        files
            .save(
                Actor::Console,
                &path,
                Bytes::from(evil),
                Overwrite::Replace,
                1,
            )
            .expect("saved");
        assert_eq!(unzip(&files, &path, 2).expect_err("escapes").code, 8002);
        assert_eq!(read(&files, "escape.txt"), None);
        put(&files, "in/plain.zip", "not a zip");
        let plain = FilePath::parse("in/plain.zip").expect("path");
        assert_eq!(unzip(&files, &plain, 2).expect_err("not a zip").code, 8002);
    }
}
