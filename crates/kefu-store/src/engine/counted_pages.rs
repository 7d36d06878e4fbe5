//! Finding page N from maintained counts instead of skipping the rows before it.
//!
//! Sign-ins keep counts per day, agents per block of ids: a list is cut into such segments,
//! their counts say which segment holds row `offset`, and the page is read from inside that
//! segment — whatever the page's number, it costs the segments plus at most one segment's
//! index entries. The counts and the rows must come from one snapshot (`store.read(Cost::Point).snapshot()`).

use kefu_domain::search::SortOrder;

use super::db::Db;
use super::sql::Sql;
use crate::StoreError;

/// Agents, contacts and tickets are counted in blocks of this many consecutive ids
/// (`agent_id_counts`, `contact_id_counts`, `ticket_id_counts`: block = id / ID_BLOCK).
pub(crate) const ID_BLOCK: i64 = 1024;

/// A block of ids and how many of a list's rows it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdBlock {
    pub block: i64,
    pub rows: u64,
}

impl IdBlock {
    pub fn first_id(self) -> i64 {
        self.block.saturating_mul(ID_BLOCK)
    }
}

impl Counted for IdBlock {
    fn rows(&self) -> u64 {
        self.rows
    }
}

/// The blocks a counts query answers (`id_block` and `n` columns, ascending `id_block`).
pub(crate) async fn id_blocks(reads: &mut Db, counts: &Sql) -> Result<Vec<IdBlock>, StoreError> {
    reads.rows(counts, |row| Ok(IdBlock { block: row.int("id_block")?, rows: row.int("n")?.max(0) as u64 })).await
}

/// Narrows a listing in id `order` to the rows from `block` on: its page starts there.
pub(crate) fn push_from_block(sql: &mut Sql, column: &str, block: IdBlock, order: SortOrder) {
    match order {
        SortOrder::Asc => sql.push(&format!(" AND {column} >= ")).bind(block.first_id()),
        SortOrder::Desc => sql.push(&format!(" AND {column} < ")).bind(block.first_id().saturating_add(ID_BLOCK)),
    };
}

/// A stretch of a list and how many of its rows it holds.
pub(crate) trait Counted: Copy {
    fn rows(&self) -> u64;
}

/// The segment holding the row at `offset` of the list in `order` (segments are given in
/// ascending order), and how many of that segment's rows come before it. None past the end.
pub(crate) fn locate<S: Counted>(segments: &[S], order: SortOrder, offset: u64) -> Option<(S, u64)> {
    let mut before = 0u64;
    let mut walk = |segment: &S| {
        let after = before.saturating_add(segment.rows());
        let found = (offset < after).then(|| (*segment, offset - before));
        before = after;
        found
    };
    match order {
        SortOrder::Asc => segments.iter().find_map(&mut walk),
        SortOrder::Desc => segments.iter().rev().find_map(&mut walk),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Seg(i64, u64);

    impl Counted for Seg {
        fn rows(&self) -> u64 {
            self.1
        }
    }

    #[test]
    fn pages_are_located_by_adding_up_counts() {
        let segments = [Seg(0, 3), Seg(1, 5), Seg(2, 2)];
        assert_eq!(locate(&segments, SortOrder::Asc, 0), Some((Seg(0, 3), 0)));
        assert_eq!(locate(&segments, SortOrder::Asc, 3), Some((Seg(1, 5), 0)));
        assert_eq!(locate(&segments, SortOrder::Asc, 9), Some((Seg(2, 2), 1)));
        assert_eq!(locate(&segments, SortOrder::Asc, 10), None);
        assert_eq!(locate(&segments, SortOrder::Desc, 0), Some((Seg(2, 2), 0)));
        assert_eq!(locate(&segments, SortOrder::Desc, 2), Some((Seg(1, 5), 0)));
        assert_eq!(locate(&segments, SortOrder::Desc, 9), Some((Seg(0, 3), 2)));
        assert_eq!(locate::<Seg>(&[], SortOrder::Asc, 0), None);
    }

    #[test]
    fn empty_segments_are_passed_over() {
        let segments = [Seg(0, 0), Seg(1, 2), Seg(2, 0)];
        assert_eq!(locate(&segments, SortOrder::Asc, 0), Some((Seg(1, 2), 0)));
        assert_eq!(locate(&segments, SortOrder::Desc, 1), Some((Seg(1, 2), 1)));
    }
}
