//! The wall-clock bound of one call into the component.
//!
//! Three mechanisms share one deadline per call:
//! - **epoch interruption**: a ticker thread per [`Engine`] bumps the epoch every [`TICK`]; at each bump a
//!   running guest reaches the store's epoch callback, which traps once the hard deadline (the call's limit
//!   plus its grace) has passed. This stops guest code that computes for too long;
//! - **the `http` import**: a request's timeout is capped to the time left before the call's limit, and a
//!   request started after the limit is refused (`denied`, naming the limit), so a slow server cannot hold a
//!   call past its limit;
//! - **the WASI monotonic clock**: a guest sleeping (`std::thread::sleep` becomes
//!   `wasi:clocks/monotonic-clock.subscribe-duration` + `wasi:io/poll`) is inside a host call, where epoch
//!   interruption cannot fire. The host replaces `wasi:clocks/monotonic-clock` with [`DeadlineClock`], which
//!   shortens every sleep to end at the call's limit; when the guest wakes past the hard deadline, the epoch
//!   callback traps at its first instruction.
//!
//! The grace between the limit and the hard deadline lets a guest whose request was stopped at the limit
//! report that as a clean error instead of trapping.

use std::fmt;
use std::time::{Duration, Instant};

use wasmtime::component::{HasData, Resource};
use wasmtime::Engine;
use wasmtime_wasi::clocks::WasiClocksCtxView;
use wasmtime_wasi::p2::bindings::clocks::monotonic_clock;
use wasmtime_wasi::p2::DynPollable;

/// How often the ticker bumps the epoch: the resolution of the wall-clock limit for guest code.
pub const TICK: Duration = Duration::from_millis(10);

/// Starts the thread that bumps `engine`'s epoch every [`TICK`]; it ends when the engine is dropped.
pub(super) fn start_ticker(engine: &Engine) -> anyhow::Result<()> {
    let weak = engine.weak();
    std::thread::Builder::new().name("jira-host-epoch".into()).spawn(move || loop {
        std::thread::sleep(TICK);
        match weak.upgrade() {
            Some(engine) => engine.increment_epoch(),
            None => return,
        }
    })?;
    Ok(())
}

/// The deadline of the call in progress (none between calls).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CallDeadline {
    /// The configured limit, for messages.
    pub limit: Duration,
    /// When the limit is reached: requests and sleeps stop here.
    pub soft: Option<Instant>,
    /// When guest code is interrupted (the limit plus the grace).
    pub hard: Option<Instant>,
}

impl CallDeadline {
    /// A deadline starting now.
    pub fn starting_now(limit: Duration, grace: Duration) -> Self {
        let now = Instant::now();
        Self { limit, soft: now.checked_add(limit), hard: now.checked_add(limit.saturating_add(grace)) }
    }

    /// Time left before the limit; `None` when there is no deadline.
    pub fn remaining(&self) -> Option<Duration> {
        self.soft.map(|soft| soft.saturating_duration_since(Instant::now()))
    }

    /// Whether guest code must be interrupted now.
    pub fn hard_passed(&self) -> bool {
        self.hard.is_some_and(|hard| Instant::now() >= hard)
    }
}

/// The trap raised when a call outlives its wall-clock limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlineExceeded {
    /// The configured limit.
    pub limit: Duration,
}

impl fmt::Display for DeadlineExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the call exceeded its wall-clock limit of {} (Limits::call_timeout, --call-timeout-secs)",
            seconds(self.limit)
        )
    }
}

impl std::error::Error for DeadlineExceeded {}

/// A duration for messages: `120 s`, `0.25 s`.
pub fn seconds(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} s", duration.as_secs_f64())
    }
}

/// How long a sleep of `wanted` may really last with `remaining` left before the limit.
pub fn capped_sleep(wanted: Duration, remaining: Option<Duration>) -> Duration {
    remaining.map_or(wanted, |remaining| wanted.min(remaining))
}

/// `wasi:clocks/monotonic-clock` with every sleep ending at the call's limit at the latest.
pub(super) struct DeadlineClock<'a> {
    pub inner: WasiClocksCtxView<'a>,
    pub deadline: CallDeadline,
}

/// The [`HasData`] marker linking [`DeadlineClock`].
pub(super) struct DeadlineClocks;

impl HasData for DeadlineClocks {
    type Data<'a> = DeadlineClock<'a>;
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

impl monotonic_clock::Host for DeadlineClock<'_> {
    fn now(&mut self) -> wasmtime::Result<monotonic_clock::Instant> {
        monotonic_clock::Host::now(&mut self.inner)
    }

    fn resolution(&mut self) -> wasmtime::Result<monotonic_clock::Duration> {
        monotonic_clock::Host::resolution(&mut self.inner)
    }

    fn subscribe_instant(&mut self, when: monotonic_clock::Instant) -> wasmtime::Result<Resource<DynPollable>> {
        let now = monotonic_clock::Host::now(&mut self.inner)?;
        let wanted = Duration::from_nanos(when.saturating_sub(now));
        self.subscribe_duration(nanos(wanted))
    }

    fn subscribe_duration(&mut self, duration: monotonic_clock::Duration) -> wasmtime::Result<Resource<DynPollable>> {
        let allowed = capped_sleep(Duration::from_nanos(duration), self.deadline.remaining());
        monotonic_clock::Host::subscribe_duration(&mut self.inner, nanos(allowed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeps_end_at_the_limit() {
        let hour = Duration::from_secs(3600);
        assert_eq!(capped_sleep(hour, None), hour);
        assert_eq!(capped_sleep(hour, Some(Duration::from_millis(50))), Duration::from_millis(50));
        assert_eq!(capped_sleep(Duration::from_millis(5), Some(Duration::from_secs(1))), Duration::from_millis(5));
        assert_eq!(capped_sleep(hour, Some(Duration::ZERO)), Duration::ZERO);
    }

    #[test]
    fn deadlines_and_messages() {
        let none = CallDeadline::default();
        assert_eq!(none.remaining(), None);
        assert!(!none.hard_passed());
        let past = CallDeadline::starting_now(Duration::ZERO, Duration::ZERO);
        assert_eq!(past.remaining(), Some(Duration::ZERO));
        assert!(past.hard_passed());
        let long = CallDeadline::starting_now(Duration::from_secs(120), Duration::from_secs(1));
        assert!(long.remaining().is_some_and(|left| left > Duration::from_secs(100)));
        assert!(!long.hard_passed());
        let message = DeadlineExceeded { limit: Duration::from_millis(250) }.to_string();
        assert!(message.contains("wall-clock limit of 0.25 s"), "{message}");
        assert_eq!(seconds(Duration::from_secs(120)), "120 s");
    }
}
