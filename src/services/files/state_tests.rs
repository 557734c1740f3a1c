//! Unit tests of [`FilesState`]: writes, limits, listing, count, delete and the ACL on each.

use bytes::Bytes;

use super::*;

fn p(text: &str) -> FilePath {
    FilePath::parse(text).expect("valid")
}

fn store(files: &[&str]) -> FilesState {
    let state = FilesState::default();
    for f in files {
        state
            .save(
                Actor::Console,
                &p(f),
                Bytes::from(f.to_string()),
                Overwrite::Refuse,
                1,
            )
            .expect("saved");
    }
    state
}

fn names(items: &[Listed]) -> Vec<&str> {
    items.iter().map(|i| i.path.as_str()).collect()
}

#[test]
fn save_refuses_existing_files_unless_overwrite() {
    let state = store(&["d/f.txt"]);
    let again = || Bytes::from_static(b"new");
    let refused = state.save(Actor::Console, &p("d/f.txt"), again(), Overwrite::Refuse, 2);
    assert_eq!(refused.expect_err("exists").code, 6018);
    state
        .save(
            Actor::Console,
            &p("d/f.txt"),
            again(),
            Overwrite::Replace,
            2,
        )
        .expect("replaced");
    assert_eq!(state.used(), 3);
    let onto_dir = state.save(Actor::Console, &p("d"), again(), Overwrite::Replace, 2);
    assert_eq!(onto_dir.expect_err("directory").code, 6018);
    let root = state.save(
        Actor::Console,
        &FilePath::root(),
        again(),
        Overwrite::Replace,
        2,
    );
    assert_eq!(root.expect_err("root").code, 6028);
}

#[test]
fn append_concatenates_and_creates() {
    let state = FilesState::default();
    for part in ["aaa", "bbb", "ccc"] {
        state
            .append(Actor::Console, &p("logs/x.log"), part.as_bytes(), 1)
            .expect("appended");
    }
    assert!(
        matches!(state.get(Actor::Console, &p("logs/x.log")), Ok(Found::File(b)) if b.as_ref() == b"aaabbbccc")
    );
}

#[test]
fn limits_refuse_large_files_and_full_apps_without_changing_anything() {
    let state = FilesState::with_limits(Limits {
        max_file_bytes: 10,
        max_app_bytes: 15,
    });
    let bytes = |n: usize| Bytes::from(vec![b'x'; n]);
    let big = state.save(Actor::Console, &p("big"), bytes(11), Overwrite::Refuse, 1);
    assert_eq!(big.expect_err("too large").code, 99060);
    state
        .save(Actor::Console, &p("a"), bytes(10), Overwrite::Refuse, 1)
        .expect("fits");
    let full = state.save(Actor::Console, &p("b/c"), bytes(6), Overwrite::Refuse, 1);
    assert_eq!(full.expect_err("full").code, 99061);
    assert!(
        !state.exists(Actor::Console, &p("b")).expect("exists"),
        "no parent left behind"
    );
    let grown = state.append(Actor::Console, &p("a"), b"y", 1);
    assert_eq!(grown.expect_err("too large").code, 99060);
    let copied = state.copy(Actor::Console, &p("a"), &p("d"), 1);
    assert_eq!(copied.expect_err("full").code, 99061);
    state
        .save(Actor::Console, &p("a"), bytes(5), Overwrite::Replace, 1)
        .expect("replacing frees the old bytes");
    assert_eq!(state.used(), 5);
}

#[test]
fn listing_children_recursive_patterns_and_count() {
    let state = store(&[
        "web/index.html",
        "web/users.html",
        "web/logo.png",
        "web/subdir/one-more.html",
    ]);
    let all = state
        .list(Actor::Console, &p("web"), &Pattern::Any, Depth::Children)
        .expect("listed");
    assert_eq!(
        names(&all),
        [
            "web/index.html",
            "web/logo.png",
            "web/subdir",
            "web/users.html"
        ]
    );
    assert_eq!(all[2].size, "web/subdir/one-more.html".len() as u64);
    let html = Pattern::parse(Some("*.html")).expect("glob");
    let deep = state
        .list(Actor::Console, &p("web"), &html, Depth::Recursive)
        .expect("listed");
    assert_eq!(
        names(&deep),
        [
            "web/index.html",
            "web/subdir/one-more.html",
            "web/users.html"
        ]
    );
    let count = |pattern: &Pattern, depth, dirs| {
        state
            .count(Actor::Console, &p("web"), pattern, depth, dirs)
            .expect("counted")
    };
    assert_eq!(
        count(&Pattern::Any, Depth::Children, CountDirectories::No),
        3
    );
    assert_eq!(
        count(&Pattern::Any, Depth::Children, CountDirectories::Yes),
        4
    );
    assert_eq!(count(&html, Depth::Recursive, CountDirectories::No), 3);
    let missing = state.list(Actor::Console, &p("nope"), &Pattern::Any, Depth::Children);
    assert_eq!(missing.expect_err("missing").code, 6000);
}

#[test]
fn delete_removes_directories_recursively_and_6000_when_missing() {
    let state = store(&["d/a.txt", "d/s/b.txt", "keep.txt"]);
    assert_eq!(state.delete(Actor::Console, &p("d")).expect("deleted"), 4);
    assert_eq!(state.used(), "keep.txt".len() as u64);
    assert_eq!(
        state
            .delete(Actor::Console, &p("d"))
            .expect_err("gone")
            .code,
        6000
    );
    assert_eq!(
        state
            .delete(Actor::Console, &FilePath::root())
            .expect_err("root")
            .code,
        6028
    );
}

#[test]
fn the_acl_guards_every_operation_for_clients_only() {
    let state = store(&["d/secret.txt", "d/open.txt"]);
    let roles = vec!["AuthenticatedUser".to_string()];
    let caller = Caller {
        user_id: Some("u1"),
        roles: &roles,
    };
    let client = Actor::Client(&caller);
    let deny = |path: &str, permission| {
        state
            .set_permission(
                &p(path),
                Principal::User("u1".into()),
                permission,
                Access::Deny,
            )
            .expect("set")
    };
    deny("d/secret.txt", FilePermission::Read);
    assert_eq!(
        state
            .get(client, &p("d/secret.txt"))
            .expect_err("read")
            .code,
        4000
    );
    let listed = state
        .list(client, &p("d"), &Pattern::Any, Depth::Children)
        .expect("listed");
    assert_eq!(
        names(&listed),
        ["d/open.txt"],
        "unreadable items are left out"
    );
    assert!(state.get(Actor::Console, &p("d/secret.txt")).is_ok());

    deny("d", FilePermission::Write);
    let write = state.save(client, &p("d/new.txt"), Bytes::new(), Overwrite::Refuse, 1);
    assert_eq!(write.expect_err("write").code, 4000);
    assert_eq!(
        state
            .append(client, &p("d/open.txt"), b"x", 1)
            .expect_err("write")
            .code,
        4000
    );
    assert_eq!(
        state
            .create_directory(client, &p("d/sub"), 1)
            .expect_err("write")
            .code,
        4000
    );

    deny("d/open.txt", FilePermission::Delete);
    assert_eq!(
        state
            .delete(client, &p("d"))
            .expect_err("delete below")
            .code,
        4000
    );
    assert!(state
        .exists(Actor::Console, &p("d/open.txt"))
        .expect("exists"));

    let missing = state.set_permission(
        &p("none"),
        Principal::Role("*".into()),
        FilePermission::Read,
        Access::Grant,
    );
    assert_eq!(missing.expect_err("missing").code, 6000);
}
