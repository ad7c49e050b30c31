import Foundation

/// The planner's state changes of one course, as named pure functions: each gives the course as
/// the state is to record it without a call to Zoom (`Plan.stateUpdates`, taken in by
/// `SyncState.takePlanned`). The executor's changes after a call are in Apply/StateChanges.swift.
extension ManagedCourse {
    /// Cancelled in SEMCO, and Zoom says the meeting is gone already: nothing is left to delete.
    func deletedInZoom() -> ManagedCourse {
        var course = self
        course.phase = .deleted
        course.meetingID = nil
        course.pendingCreate = nil
        return course
    }

    /// Cancelled in SEMCO before an interrupted create made a meeting (none found by its marker).
    func deletedBeforeCreate() -> ManagedCourse {
        var course = self
        course.phase = .deleted
        course.pendingCreate = nil
        return course
    }

    /// The meeting was found deleted in Zoom (recreated by a later run, or with --recreate-deleted).
    func gone(since now: Date) -> ManagedCourse {
        var course = self
        course.goneSince = now
        return course
    }

    /// What Zoom already holds for the course's meeting, recorded without a call: the meeting is
    /// there, its links, the registrants as Zoom listed them (`healed`), the bookings behind each
    /// address as SEMCO has them now, and people Zoom holds already whom SEMCO wants registered.
    /// - Parameter inStep: the spec Zoom now holds when the plan sends nothing to the meeting (it
    ///   becomes `lastSent`); nil leaves `lastSent` as it was.
    func takingIn(
        _ meeting: ZoomMeeting, healed: [String: ManagedRegistrant], inZoom: [String: ZoomRegistrant],
        desired: [DesiredRegistrant], inStep: MeetingSpec?
    ) -> ManagedCourse {
        var course = self
        course.goneSince = nil
        if let inStep, course.lastSent != inStep { course.lastSent = inStep }
        if course.joinURL == nil, let url = meeting.joinURL { course.joinURL = url }
        if course.registrationURL == nil, let url = meeting.registrationURL { course.registrationURL = url }
        course.registrants = healed
        for registrant in desired {
            if var known = course.registrants[registrant.key] {
                // Keep the bookings behind an address current (a re-booking under a new number).
                guard known.bookings != registrant.bookings else { continue }
                known.bookings = registrant.bookings
                course.registrants[registrant.key] = known
            } else if let listed = inZoom[registrant.key], listed.status == .approved || listed.status == .pending {
                // Registered in Zoom already (an adopted meeting, a state restored from backup, an
                // add the journal missed); a pending one is approved by this plan.
                course.registrants[registrant.key] = ManagedRegistrant(
                    email: registrant.email, firstName: registrant.firstName, lastName: registrant.lastName,
                    registrantID: listed.id, bookings: registrant.bookings,
                    status: listed.status == .approved ? .registered : .pending,
                    joinURL: listed.status == .approved ? listed.joinURL : nil)
            }
        }
        return course
    }
}
