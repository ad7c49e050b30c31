import Foundation

/// A host changed directly in Zoom (the guide: "Änderungen direkt in Zoom"): the run takes the
/// host Zoom now shows into the state, and from then on the overlap check and the per-host
/// daily budget count the meeting under that host. Reported once: the state then agrees with
/// Zoom (docs/sync-rules.md, "Moderator changes").
enum HostChanges {
    /// The host Zoom shows for the course's own meeting when it is not the one in the state
    /// (lower-cased), else nil. A meeting without `host_email` in the answer changes nothing.
    static func movedInZoom(_ meeting: ZoomMeeting, managed: ManagedCourse) -> String? {
        guard managed.meetingID == meeting.id, let raw = meeting.hostEmail else { return nil }
        let observed = TextTrim.whitespaces(raw).lowercased()
        guard !observed.isEmpty, observed != managed.host.lowercased() else { return nil }
        return observed
    }

    /// `update` takes the host found in Zoom; the diagnostic says so (nil: no change).
    static func accept(_ meeting: ZoomMeeting, into update: inout ManagedCourse, now: Date) -> Diagnostic? {
        guard let moved = movedInZoom(meeting, managed: update) else { return nil }
        let previous = update.host
        update.host = moved
        update.hostChangedInZoom = now
        return PlanCatalogue.hostChangedInZoom(update.number, meetingID: meeting.id, from: previous, to: moved)
    }
}
