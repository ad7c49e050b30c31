import Foundation

/// Approving people the sync added whom Zoom leaves pending (webinars), see `PlannerApproval.swift`.
extension CourseWorker {
    /// Whether Zoom leaves a person added one by one pending: webinars (no `auto_approve`).
    var singleAddsStayPending: Bool { executor.configuration.kind == .webinar }

    /// `PUT …/registrants/status` `approve` for the people of `registrants` the state records as
    /// pending (an add of this run, or a person Zoom listed as pending); an add that failed or was
    /// handed to the import file is not approved. Each person approved is recorded as registered
    /// in one journal write right after the call; their join links come with the registrant list
    /// the plan reads afterwards.
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
            guard let entry, entry.status == .pending else { continue }
            references.append(ZoomRegistrantReference(id: asked.id ?? entry.registrantID, email: entry.email))
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
        let approved = Set(references.map { $0.email.lowercased() })
        let ids = Dictionary(
            references.compactMap { reference in reference.id.map { (reference.email.lowercased(), $0) } },
            uniquingKeysWith: { first, _ in first })
        try await update { state, course in
            for key in approved {
                guard var registrant = state[course: course]?.registrants[key] else { continue }
                registrant.status = .registered
                if let id = ids[key] { registrant.registrantID = id }
                state[course: course]?.registrants[key] = registrant
            }
        }
        let note: LocalizedText? =
            references.count == registrants.count
            ? nil
            : LocalizedText(
                de:
                    "\(references.count) von \(registrants.count) Personen freigegeben; die anderen wurden nicht angemeldet.",
                en: "\(references.count) of \(registrants.count) people approved; the others were not registered.")
        return ActionOutcome(action, result: .applied, meetingID: id, note: note)
    }
}
