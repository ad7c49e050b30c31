/// The exit codes of README.md ("Exit codes"): scripts and cron jobs rely on them.
public enum ExitStatus: Int32, Sendable, Codable {
    /// Done, nothing failed (`plan`: nothing to change).
    case ok = 0
    /// Bad config, rejected input, unreadable state, Zoom authentication failed; nothing (more) applied.
    case fatal = 1
    /// `plan` only: there are changes to apply.
    case changesPending = 2
    /// Done, but some courses or bookings failed or were deferred.
    case partial = 3
    /// Refused by the mass-cancel guard; nothing applied.
    case massCancelRefused = 4
    /// Another run holds the lock; nothing touched.
    case locked = 75
}
