//! [`SortOrders`]: the order of a table's rows by plain sort columns, kept between finds. A
//! paged find sorted that way walks the rows in order and stops once its page is full, so a
//! where + sort over 100k objects reads tens of rows instead of sorting every match. An order
//! stays valid while the table's rows are unchanged: it keeps a structurally shared snapshot
//! of them, and any write copies the rows' root, which [`Table::same_rows`] sees in O(1).

use std::sync::Arc;

use imbl::OrdMap;
use parking_lot::Mutex;

use super::order::compare_rows;
use crate::query::SortKey;
use crate::services::data::table::{Row, Table};

/// Tables below this size are sorted per find: building and keeping an order costs more.
pub(crate) const MIN_ROWS: usize = 2048;

/// How many orders an app keeps (the oldest is dropped first).
const KEPT: usize = 8;

/// One table's rows in one sort order, as insertion sequence numbers.
struct Order {
    table: String,
    /// Column index and direction of each sort key.
    spec: Vec<(usize, bool)>,
    /// The rows the order was built from.
    rows: OrdMap<u64, Row>,
    seqs: Arc<Vec<u64>>,
}

/// The sort orders of an app's tables (never saved: rebuilt on the first find that needs one).
#[derive(Default)]
pub(crate) struct SortOrders {
    orders: Mutex<Vec<Order>>,
}

impl std::fmt::Debug for SortOrders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SortOrders({})", self.orders.lock().len())
    }
}

impl SortOrders {
    /// The rows of `table` ordered by `keys` (each a plain column, at `columns`), ties in created
    /// order: the order [`Reader::sorted`](super::Reader::sorted) puts any subset of them in.
    pub(crate) fn order(
        &self,
        table: &Table,
        keys: &[SortKey],
        columns: &[usize],
    ) -> Arc<Vec<u64>> {
        let spec: Vec<(usize, bool)> = columns
            .iter()
            .zip(keys)
            .map(|(c, k)| (*c, k.direction == crate::query::SortDirection::Desc))
            .collect();
        let same = |o: &Order| o.table == table.name && o.spec == spec;
        if let Some(o) = self.orders.lock().iter().find(|o| same(o)) {
            if table.same_rows(&o.rows) {
                return o.seqs.clone();
            }
        }
        // Built outside the lock: other finds of the app go on meanwhile.
        let mut rows: Vec<(u64, &Row)> = table.sequenced_rows().collect();
        rows.sort_unstable_by(|a, b| {
            compare_rows(keys, columns, a.1, b.1).then_with(|| a.0.cmp(&b.0))
        });
        let seqs = Arc::new(rows.into_iter().map(|(seq, _)| seq).collect::<Vec<_>>());
        let mut orders = self.orders.lock();
        orders.retain(|o| !same(o));
        if orders.len() >= KEPT {
            orders.remove(0);
        }
        orders.push(Order {
            table: table.name.clone(),
            spec,
            rows: table.rows_snapshot(),
            seqs: seqs.clone(),
        });
        seqs
    }

    /// How many orders are kept.
    #[cfg(test)]
    pub(crate) fn kept(&self) -> usize {
        self.orders.lock().len()
    }
}
