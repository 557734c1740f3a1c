//! [`FilePath`]: a storage path parsed once at the edge (files.md §1, §2 "Path rules", §4 6006/6028).
//!
//! Clients send paths percent-encoded (the JS SDK `encodeURIComponent`s file names and the whole
//! path of a permission call), with or without leading/trailing slashes and sometimes with `//`
//! (`Files.remove('/dir/a.txt')` builds `/files//dir/a.txt`). A path is decoded once, split on `/`,
//! empty segments dropped, and every segment checked for prohibited symbols.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{ApiError, Code};

/// What `encodeURIComponent` leaves alone; everything else in a segment is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Characters no file or directory name may contain. Backendless documents 6006 without listing
/// its symbols; the emulator refuses the characters no common file system accepts in a name.
const PROHIBITED: [char; 9] = ['\\', ':', '*', '?', '"', '<', '>', '|', '\u{7f}'];

/// A normalized storage path: segments joined by `/`, no leading or trailing slash; `""` is the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePath(String);

impl FilePath {
    /// The root directory.
    pub fn root() -> Self {
        FilePath(String::new())
    }

    /// Parse an already-decoded path (6006 for prohibited symbols).
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let mut segments = Vec::new();
        for segment in text.split('/').filter(|s| !s.is_empty()) {
            if !is_valid_name(segment) {
                return Err(prohibited(text));
            }
            segments.push(segment);
        }
        Ok(FilePath(segments.join("/")))
    }

    /// Parse a percent-encoded URL path, decoding it exactly once.
    pub fn from_url(encoded: &str) -> Result<Self, ApiError> {
        let decoded = percent_decode_str(encoded)
            .decode_utf8()
            .map_err(|_| prohibited(encoded))?;
        FilePath::parse(&decoded)
    }

    /// A path the store already validated (keys of the tree).
    pub(super) fn from_stored(text: &str) -> Self {
        FilePath(text.to_string())
    }

    /// Whether this is the root directory.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path without leading slash (`web/index.html`; `""` for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last segment (`""` for the root).
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or("")
    }

    /// The containing directory (`None` for the root).
    pub fn parent(&self) -> Option<FilePath> {
        if self.is_root() {
            return None;
        }
        Some(match self.0.rfind('/') {
            Some(i) => FilePath(self.0[..i].to_string()),
            None => FilePath::root(),
        })
    }

    /// A child of this directory; `name` must be a valid single segment (see [`validate_name`]).
    pub fn join(&self, name: &str) -> FilePath {
        if self.is_root() {
            FilePath(name.to_string())
        } else {
            FilePath(format!("{}/{name}", self.0))
        }
    }

    /// This path, then each parent up to and including the root.
    pub fn ancestors(&self) -> impl Iterator<Item = FilePath> {
        std::iter::successors(Some(self.clone()), FilePath::parent)
    }

    /// Whether `self` is `dir` or lies somewhere below it.
    pub fn is_within(&self, dir: &FilePath) -> bool {
        dir.is_root()
            || self.0 == dir.0
            || (self.0.starts_with(&dir.0) && self.0.as_bytes().get(dir.0.len()) == Some(&b'/'))
    }

    /// The same position under another directory: `from/x/y` rebased from `from` to `to` is `to/x/y`.
    pub fn rebase(&self, from: &FilePath, to: &FilePath) -> FilePath {
        let rest = self
            .0
            .strip_prefix(from.as_str())
            .unwrap_or("")
            .trim_start_matches('/');
        match (to.is_root(), rest.is_empty()) {
            (_, true) => to.clone(),
            (true, false) => FilePath(rest.to_string()),
            (false, false) => FilePath(format!("{}/{rest}", to.0)),
        }
    }

    /// The percent-encoded form used in URLs (each segment encoded, slashes kept).
    pub fn to_url_path(&self) -> String {
        self.0
            .split('/')
            .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The public download URL under a client-API root (`{root}/files/{path}`).
    pub fn public_url(&self, root_url: &str) -> String {
        if self.is_root() {
            format!("{root_url}/files")
        } else {
            format!("{root_url}/files/{}", self.to_url_path())
        }
    }
}

impl std::fmt::Display for FilePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}", self.0)
    }
}

/// Check a single file or directory name, as given to rename: 6028 when empty, 6006 otherwise.
pub fn validate_name(name: &str) -> Result<&str, ApiError> {
    if name.is_empty() {
        return Err(ApiError::templated(Code::PARAMETER_NULL, &["newName"]));
    }
    if name.contains('/') || !is_valid_name(name) {
        return Err(prohibited(name));
    }
    Ok(name)
}

fn is_valid_name(segment: &str) -> bool {
    segment != "."
        && segment != ".."
        && !segment
            .chars()
            .any(|c| c.is_control() || PROHIBITED.contains(&c))
}

/// 6006 naming the offending path.
fn prohibited(path: &str) -> ApiError {
    ApiError::templated(Code::PROHIBITED_PATH, &[path])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> FilePath {
        FilePath::parse(text).expect("valid path")
    }

    #[test]
    fn slashes_are_normalized_and_root_is_empty() {
        assert_eq!(p("/a//b/c.txt/").as_str(), "a/b/c.txt");
        assert!(p("/").is_root());
        assert!(p("").is_root());
        assert_eq!(p("a/b").to_string(), "/a/b");
    }

    #[test]
    fn url_paths_are_decoded_once() {
        let path = FilePath::from_url("dir/my%20file%2525.txt").expect("valid");
        assert_eq!(path.as_str(), "dir/my file%25.txt");
        assert_eq!(path.to_url_path(), "dir/my%20file%2525.txt");
        assert_eq!(
            FilePath::from_url("movies%2Fvacation.mp4")
                .expect("valid")
                .as_str(),
            "movies/vacation.mp4"
        );
        assert_eq!(FilePath::from_url("bad%FF").expect_err("utf8").code, 6006);
    }

    #[test]
    fn prohibited_symbols_and_dot_segments_are_6006() {
        for bad in [
            "a/../b",
            "./x",
            "a\\b",
            "a:b",
            "x?y",
            "x*y",
            "<a>",
            "a|b",
            "tab\tname",
        ] {
            assert_eq!(FilePath::parse(bad).expect_err(bad).code, 6006, "{bad}");
        }
        assert_eq!(validate_name("a/b").expect_err("slash").code, 6006);
        assert_eq!(validate_name("").expect_err("empty").code, 6028);
        assert_eq!(validate_name("ok name.txt").expect("valid"), "ok name.txt");
    }

    #[test]
    fn parents_ancestors_and_names() {
        let path = p("a/b/c.txt");
        assert_eq!(path.name(), "c.txt");
        assert_eq!(path.parent(), Some(p("a/b")));
        let all: Vec<String> = path.ancestors().map(|a| a.as_str().to_string()).collect();
        assert_eq!(all, ["a/b/c.txt", "a/b", "a", ""]);
        assert_eq!(FilePath::root().parent(), None);
        assert_eq!(p("x").join("y").as_str(), "x/y");
        assert_eq!(FilePath::root().join("y").as_str(), "y");
    }

    #[test]
    fn within_and_rebase() {
        assert!(p("a/b/c").is_within(&p("a/b")));
        assert!(p("a/b").is_within(&p("a/b")));
        assert!(!p("a/bc").is_within(&p("a/b")));
        assert!(p("a").is_within(&FilePath::root()));
        assert_eq!(p("a/b/c").rebase(&p("a/b"), &p("x")).as_str(), "x/c");
        assert_eq!(p("a/b").rebase(&p("a/b"), &p("x/y")).as_str(), "x/y");
        assert_eq!(
            p("a/b/c").rebase(&p("a"), &FilePath::root()).as_str(),
            "b/c"
        );
    }

    #[test]
    fn public_urls_encode_each_segment() {
        let root = "http://127.0.0.1:9000/APP/KEY";
        assert_eq!(
            p("test-upload/test.txt").public_url(root),
            "http://127.0.0.1:9000/APP/KEY/files/test-upload/test.txt"
        );
        assert_eq!(
            p("a b/c#d.txt").public_url(root),
            "http://127.0.0.1:9000/APP/KEY/files/a%20b/c%23d.txt"
        );
    }
}
