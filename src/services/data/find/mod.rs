//! Reading data (data.md §3, §4, §6.3): query plans, the find engine over compact rows, the
//! projection of returned objects, and the [`RowView`](crate::query::RowView) of a stored row.

pub mod grouping;
pub mod names;
mod order;
pub mod plan;
pub mod project;
mod reader;
pub mod select;
pub(crate) mod sort_index;
pub mod view;

#[cfg(test)]
mod tests;

pub use grouping::GroupQuery;
pub use names::{check_filter, check_names};
pub use plan::{parse_where, Plan};
pub use reader::Reader;
