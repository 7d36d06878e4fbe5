//! How a ticket moves between its six statuses, and the timestamps each move sets.
//!
//! ```text
//!            ┌──────────── re-open ─────────────┐
//!            ▼                                  │
//!  1 new ─► 2 open ◄─► 3 pending ─► 4 solved ─► 6 closed by hand
//!    │        │            │          │   ╲
//!    └────────┴────────────┴──────────┘    ╲► 5 closed automatically (the task only)
//! ```
//!
//! - Any status may go to 2 open, 3 pending, 4 solved or 6 closed by hand, except that a
//!   closed ticket is not solved again (it is re-opened first) and 5 and 6 do not turn into
//!   each other. A ticket never goes back to 1 new. Only the auto-close task sets 5, and
//!   only on a solved ticket. Setting the status a ticket already has changes nothing.
//! - Each timestamp records the latest entry into its status: `openDT` (2), `waitDT` (3),
//!   `solveDT` (4), `closeDT` (5 or 6). A ticket created in a status gets that status's
//!   timestamp (its creation time); 1 new has none.
//! - Re-opening — a solved or closed ticket going to 2 or 3 — clears `solveDT` and
//!   `closeDT`: the ticket is no longer solved, so reports and the auto-close task must
//!   not count it. Closing a solved ticket keeps `solveDT`.

use super::codes::TicketStatus;
use crate::limits::MAX_AUTO_CLOSE_DAYS;

/// Who moves the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusActor {
    /// An agent, through the API or the console.
    Agent,
    /// The background task that closes solved tickets after the company's number of days.
    AutoClose,
}

/// Checks a change of status.
pub fn check_transition(from: TicketStatus, to: TicketStatus, actor: StatusActor) -> Result<(), String> {
    use TicketStatus::*;
    if from == to {
        return Ok(());
    }
    let refusal = match (actor, from, to) {
        (StatusActor::AutoClose, Solved, ClosedAutomatically) => return Ok(()),
        (StatusActor::AutoClose, _, _) => "the auto-close task only closes solved tickets",
        (StatusActor::Agent, _, ClosedAutomatically) => {
            "5 (closed automatically) is set by the company's auto-close, after a solved ticket's days; use 6 to close by hand"
        }
        (StatusActor::Agent, _, New) => "a ticket never goes back to 1 (new); use 2 (open)",
        (StatusActor::Agent, ClosedAutomatically | ClosedByHand, ClosedByHand) => "the ticket is already closed",
        (StatusActor::Agent, ClosedAutomatically | ClosedByHand, Solved) => {
            "a closed ticket is re-opened (2 open or 3 pending) before it is solved again"
        }
        (StatusActor::Agent, _, _) => return Ok(()),
    };
    Err(format!(
        "cannot change from {} ({}) to {} ({}): {refusal}",
        from.code(),
        from.meaning(),
        to.code(),
        to.meaning()
    ))
}

/// The status-related timestamps of a ticket, UTC microseconds; None is "never" (`""`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusTimes {
    pub opened_at: Option<i64>,
    pub waiting_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub closed_at: Option<i64>,
}

impl StatusTimes {
    /// The timestamps of a ticket created at `now` in `status`.
    pub fn on_create(status: TicketStatus, now: i64) -> Self {
        let mut times = StatusTimes::default();
        times.enter(status, now);
        times
    }

    /// Records a checked move from `from` to `to` at `now`.
    pub fn apply(&mut self, from: TicketStatus, to: TicketStatus, now: i64) {
        if from == to {
            return;
        }
        if from.is_done() && matches!(to, TicketStatus::Open | TicketStatus::Pending) {
            self.solved_at = None;
            self.closed_at = None;
        }
        self.enter(to, now);
    }

    fn enter(&mut self, status: TicketStatus, now: i64) {
        match status {
            TicketStatus::New => {}
            TicketStatus::Open => self.opened_at = Some(now),
            TicketStatus::Pending => self.waiting_at = Some(now),
            TicketStatus::Solved => self.solved_at = Some(now),
            TicketStatus::ClosedAutomatically | TicketStatus::ClosedByHand => self.closed_at = Some(now),
        }
    }
}

/// The status a new ticket gets: the one asked for, else 2 (open) when it is created with
/// an assignee (someone is working on it), else 1 (new).
pub fn status_on_create(requested: Option<TicketStatus>, has_assignee: bool) -> TicketStatus {
    match requested {
        Some(status) => status,
        None if has_assignee => TicketStatus::Open,
        None => TicketStatus::New,
    }
}

/// The status after an update: the one asked for, else 2 (open) when a new ticket gets an
/// assignee, else unchanged.
pub fn status_on_update(current: TicketStatus, requested: Option<TicketStatus>, gets_assignee: bool) -> TicketStatus {
    match requested {
        Some(status) => status,
        None if current == TicketStatus::New && gets_assignee => TicketStatus::Open,
        None => current,
    }
}

/// `autoCloseDays`, the company's number of days after which a solved ticket closes
/// itself (status 5). 0 turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoCloseDays(u32);

const MICROS_PER_DAY: i64 = 86_400_000_000;

impl AutoCloseDays {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.parse::<u32>() {
            Ok(days) if days <= MAX_AUTO_CLOSE_DAYS && !raw.starts_with('+') => Ok(AutoCloseDays(days)),
            _ => Err(format!("must be a whole number of days from 0 (never) to {MAX_AUTO_CLOSE_DAYS}, got {raw:?}")),
        }
    }

    /// A stored value; out-of-range ones (a corrupt row) read as the nearest valid one.
    pub fn from_stored(days: i64) -> Self {
        AutoCloseDays(days.clamp(0, i64::from(MAX_AUTO_CLOSE_DAYS)) as u32)
    }

    pub fn days(self) -> u32 {
        self.0
    }

    /// When a ticket solved at `solved_at` closes itself: that instant plus the days, as
    /// periods of 24 hours (daylight-saving changes do not move it); None when off.
    pub fn due(self, solved_at: i64) -> Option<i64> {
        (self.0 > 0).then(|| solved_at.saturating_add(i64::from(self.0) * MICROS_PER_DAY))
    }

    /// The latest `solveDT` a solved ticket may have to be due at `now`: what the task's
    /// scan of `(tenant_id, solved_at) WHERE status = 4` reads up to. None when off.
    pub fn solved_before(self, now: i64) -> Option<i64> {
        (self.0 > 0).then(|| now.saturating_sub(i64::from(self.0) * MICROS_PER_DAY))
    }
}

impl Default for AutoCloseDays {
    fn default() -> Self {
        AutoCloseDays(crate::limits::DEFAULT_AUTO_CLOSE_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::TicketStatus::*;
    use super::*;

    #[test]
    fn transitions_by_hand() {
        let allowed = [
            (New, Open),
            (New, Pending),
            (New, Solved),
            (New, ClosedByHand),
            (Open, Pending),
            (Pending, Open),
            (Open, Solved),
            (Pending, ClosedByHand),
            (Solved, Open),
            (Solved, Pending),
            (Solved, ClosedByHand),
            (ClosedByHand, Open),
            (ClosedAutomatically, Pending),
            (ClosedAutomatically, ClosedAutomatically),
            (New, New),
        ];
        for (from, to) in allowed {
            assert_eq!(check_transition(from, to, StatusActor::Agent), Ok(()), "{from:?} → {to:?}");
        }
        let refused = [
            (Open, New, "never goes back"),
            (Solved, ClosedAutomatically, "auto-close"),
            (ClosedByHand, Solved, "re-opened"),
            (ClosedAutomatically, ClosedByHand, "already closed"),
            (ClosedByHand, ClosedAutomatically, "auto-close"),
        ];
        for (from, to, why) in refused {
            let err = check_transition(from, to, StatusActor::Agent).unwrap_err();
            assert!(err.contains(why), "{from:?} → {to:?}: {err}");
        }
        assert!(
            check_transition(Open, New, StatusActor::Agent)
                .unwrap_err()
                .starts_with("cannot change from 2 (open) to 1 (new)")
        );
    }

    #[test]
    fn the_task_only_closes_solved_tickets() {
        assert_eq!(check_transition(Solved, ClosedAutomatically, StatusActor::AutoClose), Ok(()));
        assert!(check_transition(Open, ClosedAutomatically, StatusActor::AutoClose).is_err());
        assert!(check_transition(Solved, Open, StatusActor::AutoClose).is_err());
    }

    #[test]
    fn timestamps_record_the_latest_entry() {
        let mut times = StatusTimes::on_create(New, 1);
        assert_eq!(times, StatusTimes::default());
        times.apply(New, Open, 2);
        times.apply(Open, Pending, 3);
        times.apply(Pending, Open, 4);
        assert_eq!((times.opened_at, times.waiting_at), (Some(4), Some(3)));
        times.apply(Open, Solved, 5);
        times.apply(Solved, ClosedByHand, 6);
        assert_eq!((times.solved_at, times.closed_at), (Some(5), Some(6)), "closing keeps solveDT");
        times.apply(ClosedByHand, ClosedByHand, 7);
        assert_eq!(times.closed_at, Some(6), "no move, no change");
    }

    #[test]
    fn reopening_clears_solved_and_closed() {
        let mut times = StatusTimes::on_create(Solved, 10);
        assert_eq!(times.solved_at, Some(10));
        times.apply(Solved, ClosedAutomatically, 20);
        times.apply(ClosedAutomatically, Pending, 30);
        assert_eq!(times, StatusTimes { opened_at: None, waiting_at: Some(30), solved_at: None, closed_at: None });
        let mut solved = StatusTimes::on_create(Open, 1);
        solved.apply(Open, Solved, 2);
        solved.apply(Solved, Open, 3);
        assert_eq!((solved.opened_at, solved.solved_at), (Some(3), None));
    }

    #[test]
    fn statuses_implied_by_assignment() {
        assert_eq!(status_on_create(None, false), New);
        assert_eq!(status_on_create(None, true), Open);
        assert_eq!(status_on_create(Some(Pending), true), Pending);
        assert_eq!(status_on_update(New, None, true), Open);
        assert_eq!(status_on_update(Pending, None, true), Pending);
        assert_eq!(status_on_update(New, None, false), New);
        assert_eq!(status_on_update(New, Some(Solved), true), Solved);
    }

    #[test]
    fn auto_close_days() {
        let days = AutoCloseDays::parse("3").unwrap();
        assert_eq!(days.due(0), Some(3 * MICROS_PER_DAY));
        assert_eq!(days.solved_before(10 * MICROS_PER_DAY), Some(7 * MICROS_PER_DAY));
        let off = AutoCloseDays::parse("0").unwrap();
        assert_eq!((off.due(5), off.solved_before(5)), (None, None));
        for bad in ["-1", "366", "x", "", "+3", "1.5"] {
            assert!(AutoCloseDays::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(AutoCloseDays::default().days(), crate::limits::DEFAULT_AUTO_CLOSE_DAYS);
        assert_eq!(AutoCloseDays::from_stored(9999).days(), MAX_AUTO_CLOSE_DAYS);
        assert_eq!(days.due(i64::MAX), Some(i64::MAX), "saturates instead of overflowing");
    }
}
