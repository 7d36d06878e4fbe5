//! The throttle's memory does not grow with the size of what clients send: failures for
//! huge account names keep only fixed-size keys. Measured with an allocator that counts,
//! per thread, the bytes allocated and not yet freed — so tests running on other threads
//! do not disturb the measurement.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::net::IpAddr;

use super::{Throttle, ThrottleConfig};

struct CountingAllocator;

thread_local! {
    static HELD: Cell<i64> = const { Cell::new(0) };
}

fn count(delta: i64) {
    // During a thread's teardown its counter is gone: nothing to count then.
    let _ = HELD.try_with(|held| held.set(held.get() + delta));
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counted.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, which `System` has too.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            count(layout.size() as i64);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(pointer, layout) };
        count(-(layout.size() as i64));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            count(new_size as i64 - layout.size() as i64);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn held() -> i64 {
    HELD.with(Cell::get)
}

#[test]
fn huge_account_names_take_no_more_memory_than_short_ones() {
    let throttle = Throttle::new(ThrottleConfig::default());
    let name = "x".repeat(300 * 1024);
    let before = held();
    for i in 0..100_u8 {
        let mut account = name.clone();
        account.push_str(&i.to_string());
        throttle.failed(Some(&account), Some(IpAddr::from([10, 0, 0, i])));
    }
    let grown = held() - before;
    // A hundred 300 KB names would be 30 MB if they were kept.
    assert!(grown < 1024 * 1024, "the throttle kept {grown} bytes for 100 failures");
}
