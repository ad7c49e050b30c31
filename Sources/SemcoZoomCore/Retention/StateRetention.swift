import Foundation

/// The state forgets closed courses (docs/privacy.md, docs/state.md): a pure function on the
/// state, applied through the run's journal like every other change.
///
/// - A course found closed (`beendet`, every session over) or cancelled (its meeting deleted)
///   gets `closedAt`, the run's time, once; a course made active again loses it.
/// - `retention.state_days` after `closedAt`, a closed course keeps only what recognises it
///   again: its number, meeting id, the meeting's join and registration links and `closedAt`.
///   Its registrants (names, addresses, bookings, personal join links), the host's address and
///   what was last sent go. The stub keeps the course "closed", so that SEMCO changing an old
///   course never creates a second meeting for it.
/// - A cancelled course has no meeting left, so nothing needs it: it leaves the state whole.
public enum StateRetention {
    /// What `prune` changed, by course number.
    public struct Pruned: Sendable, Equatable {
        /// Courses that got their `closedAt` (or lost it, being active again).
        public var stamped: [CourseNumber] = []
        /// Closed courses reduced to what recognises them.
        public var reduced: [CourseNumber] = []
        /// Cancelled courses removed from the state.
        public var removed: [CourseNumber] = []

        public init() {}

        public var isEmpty: Bool { stamped.isEmpty && reduced.isEmpty && removed.isEmpty }
        /// True when personal data left the state.
        public var forgotSomething: Bool { !reduced.isEmpty || !removed.isEmpty }
    }

    /// The state with closed courses older than `keepDays` (nil: kept for good) forgotten.
    public static func prune(_ state: SyncState, now: Date, keepDays: Int?) -> (state: SyncState, pruned: Pruned) {
        var result = state
        var pruned = Pruned()
        let cutoff = keepDays.map { now.addingTimeInterval(-Double($0) * 86_400) }
        for key in state.courses.keys.sorted() {
            guard var course = state.courses[key] else { continue }
            switch course.phase {
            case .active:
                guard course.closedAt != nil else { continue }
                course.closedAt = nil
                pruned.stamped.append(course.number)
            case .closed, .deleted:
                var changed = false
                if course.closedAt == nil {
                    course.closedAt = now
                    pruned.stamped.append(course.number)
                    changed = true
                }
                if let cutoff, let closedAt = course.closedAt, closedAt < cutoff {
                    if course.phase == .deleted {
                        result.courses[key] = nil
                        pruned.removed.append(course.number)
                        continue
                    }
                    let stub = reduced(course)
                    if stub != course {
                        course = stub
                        pruned.reduced.append(course.number)
                        changed = true
                    }
                }
                guard changed else { continue }
            }
            result.courses[key] = course
        }
        return (result, pruned)
    }

    /// What a closed course keeps once it is forgotten.
    public static func reduced(_ course: ManagedCourse) -> ManagedCourse {
        ManagedCourse(
            number: course.number, phase: course.phase, host: "", meetingID: course.meetingID,
            joinURL: course.joinURL, registrationURL: course.registrationURL, closedAt: course.closedAt)
    }
}
