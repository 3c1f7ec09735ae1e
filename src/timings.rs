//! Stage timings: the wall time of each stage of a build or update, the
//! CPU time the process spent in it and its peak memory so far, for
//! `--verbose` and the performance notes.

use std::time::{Duration, Instant};

/// Wall time of each stage of the last build or update, and the CPU time
/// the process spent in it (all threads; more than the wall time when the
/// stage ran in parallel), for `--verbose` and the performance notes.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Each stage's name and wall time, in the order they ran.
    pub stages: Vec<(&'static str, Duration)>,
    /// CPU time per stage, in the order of `stages`.
    pub cpu: Vec<Duration>,
    /// The process's peak resident memory at the end of each stage, in KiB,
    /// in the order of `stages` (none where the system does not tell it).
    pub peak_kib: Vec<Option<u64>>,
    last: Option<(Instant, Duration)>,
}

impl Timings {
    /// Starts timing: the first [`Timings::lap`] ends the first stage.
    pub fn start() -> Timings {
        Timings {
            stages: Vec::new(),
            cpu: Vec::new(),
            peak_kib: Vec::new(),
            last: Some((Instant::now(), process_cpu_time())),
        }
    }

    /// Ends the stage called `name`.
    pub fn lap(&mut self, name: &'static str) {
        let now = (Instant::now(), process_cpu_time());
        if let Some((wall, cpu)) = self.last.replace(now) {
            self.stages.push((name, now.0 - wall));
            self.cpu.push(now.1.saturating_sub(cpu));
            self.peak_kib.push(peak_rss_kib());
        }
    }
}

/// The process's peak resident set size so far, in KiB: `VmHWM` of
/// `/proc/self/status` (Linux, see proc(5)); none elsewhere.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User plus system time of the whole process so far
/// (`CLOCK_PROCESS_CPUTIME_ID`, POSIX `clock_gettime`).
fn process_cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
        + Duration::from_nanos(u64::try_from(t.tv_nsec).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_name_stages_in_order_with_their_cpu_time() {
        let mut timings = Timings::start();
        timings.lap("first");
        // Some work, so that the CPU clock moves.
        let sum: u64 = (0..200_000u64)
            .map(|i| i.wrapping_mul(i))
            .fold(0, u64::wrapping_add);
        assert!(sum > 0);
        timings.lap("second");
        let names: Vec<&str> = timings.stages.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["first", "second"]);
        assert_eq!(timings.cpu.len(), 2);
        assert_eq!(timings.peak_kib.len(), 2);
        if cfg!(target_os = "linux") {
            // Some memory is resident by now, and the peak never falls.
            let peaks: Vec<u64> = timings.peak_kib.iter().map(|p| p.unwrap()).collect();
            assert!(peaks[0] > 0 && peaks[1] >= peaks[0], "{peaks:?}");
        }
        assert!(process_cpu_time() >= timings.cpu[0] + timings.cpu[1]);
    }

    #[test]
    fn a_default_timing_records_nothing() {
        let mut timings = Timings::default();
        timings.lap("never started");
        assert!(timings.stages.is_empty() && timings.cpu.is_empty() && timings.peak_kib.is_empty());
    }
}
