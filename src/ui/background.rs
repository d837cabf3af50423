//! Threads the window starts for its own work (a save, the project's counts) step aside for
//! the frames: on a 2-core machine a save and a count can otherwise take both cores, and the
//! frame waits for one.

/// Lowers the calling thread's scheduling priority (nice 10, Linux), so that the window's
/// thread runs first when the cores are busy. Elsewhere it does nothing.
pub fn step_aside() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain system calls on the calling thread (on Linux the nice value is per
        // thread); a failure leaves the priority as it was, which is harmless.
        unsafe {
            let thread = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, 10);
        }
    }
}
