//! The generated operations and their proptest strategies. Operations name users, objects,
//! counters, keys and files by small slot numbers, so any subsequence of a sequence is still a
//! meaningful sequence: that is what lets proptest shrink a failure by dropping steps.

use proptest::prelude::*;

/// How many users, counters, keys and files a sequence plays with.
pub const SLOTS: usize = 4;

/// Typed properties shared by users and data objects (one type per name, as a schema would fix).
pub const PROPS: &[(&str, Kind)] = &[
    ("age", Kind::Int),
    ("nick", Kind::Text),
    ("vip", Kind::Bool),
    ("score", Kind::Int),
];

/// The data tables objects go to.
pub const TABLES: &[&str] = &["FuzzThing", "FuzzOther"];

/// A property type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Whole number.
    Int,
    /// Short text.
    Text,
    /// Boolean.
    Bool,
}

impl Kind {
    /// A value of this kind (used to create a column through dynamic schema).
    pub fn sample(self) -> serde_json::Value {
        match self {
            Kind::Int => serde_json::json!(0),
            Kind::Text => serde_json::json!("schema"),
            Kind::Bool => serde_json::json!(false),
        }
    }
}

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// Whole number.
    Int(i64),
    /// Text (letters only, so it is safe in a where clause).
    Text(String),
    /// Boolean.
    Bool(bool),
}

/// `(index into PROPS, value)` pairs.
pub type Props = Vec<(usize, Scalar)>;

/// A comparison operator of the where-clause grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `>=`.
    Ge,
}

/// A where clause over [`PROPS`] (where-clause.md grammar subset).
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// `prop <cmp> value`.
    Compare(usize, Cmp, Scalar),
    /// `prop IS NULL`.
    IsNull(usize),
    /// `(a) AND (b)`.
    And(Box<Clause>, Box<Clause>),
    /// `(a) OR (b)`.
    Or(Box<Clause>, Box<Clause>),
}

/// One generated operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// U1 register user slot with properties.
    Register(usize, Props),
    /// U2 login, with the right or a wrong password.
    Login(usize, bool),
    /// U5 logout.
    Logout(usize),
    /// U6 validate the slot's current (or last stale) token.
    ValidateToken(usize),
    /// U7 find the slot's user.
    FindUser(usize),
    /// U8 update the slot's user with its own token.
    UpdateUser(usize, Props),
    /// U9 delete the slot's user.
    DeleteUser(usize),
    /// U4 guest login.
    Guest,
    /// D9 count this run's users (needs data + where).
    CountUsers,
    /// D1 create an object in a table.
    SaveObject(usize, Props),
    /// D4 find the n-th object created so far.
    FindObject(usize),
    /// D8 delete the n-th object created so far.
    DeleteObject(usize),
    /// D9 count a table's objects matching a clause.
    CountObjects(usize, Clause),
    /// C7 add to a counter.
    CounterAdd(usize, i64),
    /// C1 read a counter.
    CounterGet(usize),
    /// C9 reset a counter.
    CounterReset(usize),
    /// K3 set a key-value key.
    HiveSet(usize, Scalar),
    /// K1 read a key-value key.
    HiveGet(usize),
    /// F1 upload a text file (overwrite).
    FileSave(usize, String),
    /// F4 download a file.
    FileRead(usize),
    /// F9 delete a file.
    FileDelete(usize),
}

/// Which families of operations the target(s) support.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Families {
    /// Data objects and where clauses.
    pub data: bool,
    /// Counters.
    pub counters: bool,
    /// Hive key-value.
    pub hive: bool,
    /// Files.
    pub files: bool,
}

fn slot() -> impl Strategy<Value = usize> {
    0..SLOTS
}

fn text() -> impl Strategy<Value = String> {
    "[a-z]{1,6}"
}

/// A value of a kind.
pub fn scalar(kind: Kind) -> BoxedStrategy<Scalar> {
    match kind {
        Kind::Int => (-5i64..20).prop_map(Scalar::Int).boxed(),
        Kind::Text => text().prop_map(Scalar::Text).boxed(),
        Kind::Bool => any::<bool>().prop_map(Scalar::Bool).boxed(),
    }
}

fn props() -> impl Strategy<Value = Props> {
    proptest::collection::vec(
        (0..PROPS.len()).prop_flat_map(|i| scalar(PROPS[i].1).prop_map(move |v| (i, v))),
        0..=3,
    )
    .prop_map(|mut ps| {
        // One value per property: the last one wins, as in a JSON object.
        let mut seen = Vec::new();
        ps.reverse();
        ps.retain(|(i, _)| {
            let fresh = !seen.contains(i);
            seen.push(*i);
            fresh
        });
        ps.reverse();
        ps
    })
}

fn clause() -> impl Strategy<Value = Clause> {
    let cmp = prop_oneof![Just(Cmp::Eq), Just(Cmp::Ne), Just(Cmp::Lt), Just(Cmp::Ge)];
    let leaf = prop_oneof![
        4 => (0..PROPS.len(), cmp).prop_flat_map(|(i, c)| {
            let c = if PROPS[i].1 == Kind::Int { c } else { match c { Cmp::Lt | Cmp::Ge => Cmp::Eq, other => other } };
            scalar(PROPS[i].1).prop_map(move |v| Clause::Compare(i, c, v))
        }),
        1 => (0..PROPS.len()).prop_map(Clause::IsNull),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Clause::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Clause::Or(Box::new(a), Box::new(b))),
        ]
    })
}

/// One operation from the enabled families (users always).
pub fn op(families: Families) -> BoxedStrategy<Op> {
    let mut choices: Vec<(u32, BoxedStrategy<Op>)> = vec![
        (
            4,
            (slot(), props())
                .prop_map(|(s, p)| Op::Register(s, p))
                .boxed(),
        ),
        (
            4,
            (slot(), any::<bool>())
                .prop_map(|(s, ok)| Op::Login(s, ok))
                .boxed(),
        ),
        (1, slot().prop_map(Op::Logout).boxed()),
        (2, slot().prop_map(Op::ValidateToken).boxed()),
        (2, slot().prop_map(Op::FindUser).boxed()),
        (
            2,
            (slot(), props())
                .prop_map(|(s, p)| Op::UpdateUser(s, p))
                .boxed(),
        ),
        (1, slot().prop_map(Op::DeleteUser).boxed()),
        (1, Just(Op::Guest).boxed()),
    ];
    if families.data {
        choices.push((1, Just(Op::CountUsers).boxed()));
        choices.push((
            3,
            (0..TABLES.len(), props())
                .prop_map(|(t, p)| Op::SaveObject(t, p))
                .boxed(),
        ));
        choices.push((2, (0..8usize).prop_map(Op::FindObject).boxed()));
        choices.push((1, (0..8usize).prop_map(Op::DeleteObject).boxed()));
        choices.push((
            2,
            (0..TABLES.len(), clause())
                .prop_map(|(t, c)| Op::CountObjects(t, c))
                .boxed(),
        ));
    }
    if families.counters {
        choices.push((
            2,
            (slot(), -3i64..10)
                .prop_map(|(s, n)| Op::CounterAdd(s, n))
                .boxed(),
        ));
        choices.push((1, slot().prop_map(Op::CounterGet).boxed()));
        choices.push((1, slot().prop_map(Op::CounterReset).boxed()));
    }
    if families.hive {
        choices.push((
            2,
            (slot(), prop_oneof![scalar(Kind::Int), scalar(Kind::Text)])
                .prop_map(|(s, v)| Op::HiveSet(s, v))
                .boxed(),
        ));
        choices.push((1, slot().prop_map(Op::HiveGet).boxed()));
    }
    if families.files {
        choices.push((
            2,
            (slot(), text())
                .prop_map(|(s, t)| Op::FileSave(s, t))
                .boxed(),
        ));
        choices.push((1, slot().prop_map(Op::FileRead).boxed()));
        choices.push((1, slot().prop_map(Op::FileDelete).boxed()));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

/// A sequence of 1..=max operations.
pub fn sequence(families: Families, max: usize) -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(op(families), 1..=max.max(1))
}
