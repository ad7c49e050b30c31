import Foundation

/// The state's registrants of one course brought in line with what Zoom listed, whatever the
/// plan then does: a write that a killed run made and never journaled, or a registrant approved,
/// denied or removed by hand, is written into the state by the next run that reads the meeting.
/// The planner plans against the corrected registrants, so that its cancels and re-approvals
/// start from what Zoom holds. Pure.
enum ObservedRegistrants {
    /// One registrant whose recorded status Zoom contradicted.
    struct Correction: Equatable, Sendable {
        var email: String
        var booking: String?
        var recorded: ManagedRegistrant.Status
        var now: ManagedRegistrant.Status
    }

    /// - Parameters:
    ///   - known: the state's registrants by lower-case address.
    ///   - inZoom: Zoom's registrants by lower-case address (`CoursePlanner.byAddress`): approved and
    ///     pending always, denied where the observer read them. A recorded registrant not approved
    ///     or pending there is, to Zoom, denied or removed: either way no longer registered.
    /// - Returns: the corrected registrants, and what was corrected in a status (ids and join
    ///   links read afresh are not listed: they are no contradiction).
    static func heal(_ known: [String: ManagedRegistrant], inZoom: [String: ZoomRegistrant])
        -> (registrants: [String: ManagedRegistrant], corrections: [Correction])
    {
        var registrants = known
        var corrections: [Correction] = []
        for key in known.keys.sorted() {
            let before = known[key]!
            var after = before
            let listed = inZoom[key]
            switch (before.status, listed?.status) {
            case (_, .approved?):
                // Registered in Zoom: an approve or add the journal missed, or a hand-over now imported.
                after.status = .registered
                after.registrantID = listed!.id
                if let url = listed!.joinURL { after.joinURL = url }
            case (.registered, .pending?):
                // Recorded as registered, yet Zoom still waits for an approval (a webinar add whose
                // approval was lost, a change in Zoom): not registered until approved.
                after.status = .pending
                after.registrantID = listed!.id
                after.joinURL = nil
            case (.pending, .pending?), (.handedToImport, _), (.cancelled, _):
                // Pending: still waiting for the approval the plan makes; a hand-over waits for the
                // admin's import; a cancelled registrant not approved in Zoom is as recorded.
                break
            case (.registered, _), (.pending, _):
                // Denied or gone in Zoom: a cancel the journal missed, or a change made by hand.
                after.status = .cancelled
                if let listed { after.registrantID = listed.id }
            }
            guard after != before else { continue }
            registrants[key] = after
            // A hand-over that the admin imported is what was asked for, no contradiction.
            if after.status != before.status, before.status != .handedToImport {
                corrections.append(
                    Correction(
                        email: before.email, booking: before.bookings.first, recorded: before.status,
                        now: after.status))
            }
        }
        return (registrants, corrections)
    }
}
