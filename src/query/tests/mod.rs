//! Cross-module tests: parsing, printing round trips, evaluation, fuzzing.

mod eval_basic;
mod eval_relations;
mod eval_sets;
mod fuzz;
mod parse;
mod roundtrip;
mod select;
mod support;
