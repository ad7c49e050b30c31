import Foundation

/// Approving people the sync added whom Zoom leaves pending (webinars), see `PlannerApproval.swift`.
extension CourseWorker {
    /// Whether Zoom leaves a person added one by one pending: webinars (no `auto_approve`).
    var singleAddsStayPending: Bool { executor.configuration.kind == .webinar }

    /// `PUT …/registrants/status` `approve` for the people of `registrants` whom Zoom listed as
    /// pending when the run planned (their reference carries Zoom's id), and for those this run
    /// added (no id: the state records them as pending, with the id the add answered); an add
    /// that failed or was handed to the import file is not approved. Each person approved is
    /// recorded as registered in one journal write right after the call; their join links come
    /// with the registrant list the plan reads afterwards.
    mutating func approveAdded(
        _ action: PlannedAction, meeting id: ZoomMeetingID, registrants: [ZoomRegistrantReference],
        context: CallContext
    ) async throws -> ActionOutcome {
        let keys = registrants.map { $0.email.lowercased() }
        let recorded = await journal.read { [course] state in
            keys.map { state[course: course]?.registrants[$0] }
        }
        var references: [ZoomRegistrantReference] = []
        for (asked, entry) in zip(registrants, recorded) {
            if asked.id != nil {
                references.append(asked)
            } else if let entry, entry.status == .pending {
                references.append(ZoomRegistrantReference(id: entry.registrantID, email: entry.email))
            }
        }
        guard !references.isEmpty else {
            return ActionOutcome(
                action, result: .skipped, meetingID: id,
                note: LocalizedText(
                    de: "Niemand wartet auf die Freigabe (die Anmeldung ist nicht zustande gekommen).",
                    en: "Nobody is waiting for approval (the registration did not come about)."))
        }
        try await client.updateRegistrantStatus(
            meetingID: id, action: .approve, registrants: references, context: context)
        let records = references.map { reference in
            let names = action.names(of: reference.email)
            return ManagedRegistrant(
                email: reference.email, firstName: names.first, lastName: names.last, registrantID: reference.id,
                bookings: action.bookings(of: reference.email, booking: nil), status: .registered)
        }
        try await update { state, course in state.recordApproved(course: course, records) }
        let note: LocalizedText? =
            references.count == registrants.count
            ? nil
            : LocalizedText(
                de:
                    "Freigegeben: \(references.count) von \(RunTexts(language: .de).count(registrants.count, .person)); die anderen wurden nicht angemeldet.",
                en:
                    "Approved: \(references.count) of \(RunTexts(language: .en).count(registrants.count, .person)); the others were not registered."
            )
        return ActionOutcome(action, result: .applied, meetingID: id, note: note)
    }
}
