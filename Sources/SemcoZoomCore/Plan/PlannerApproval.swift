import Foundation

// Approving what Zoom leaves pending (docs/sync-rules.md, "The meeting"): Zoom's webinar registrant
// add has no `auto_approve`, so under manual approval every webinar registrant the sync adds one
// by one is pending until a `PUT …/registrants/status` approves them. The approval is its own
// action after the adds, so that the add and the approval are each journaled: a run killed in
// between leaves the person pending in Zoom and in the state, and the next run approves them.
// A person SEMCO has booked whom Zoom lists as pending (that run, or a hand-made registration
// through the public link) is approved the same way, for meetings too.

extension CoursePlanner {
    /// Whether Zoom leaves a registrant the sync adds one by one pending: webinars (no
    /// `auto_approve` in `webinarRegistrantCreate`). A batch add takes `auto_approve` for both kinds.
    var singleAddsStayPending: Bool { configuration.kind == .webinar }

    /// One approval per (at most) 30 people, after the adds. A reference without an id is a person
    /// this run adds; the executor takes the id the add recorded.
    mutating func addApprovals(_ people: [(booking: String?, registrant: ZoomRegistrantReference)], ref: MeetingRef) {
        var start = 0
        while start < people.count {
            let chunk = Array(people[start..<min(start + ZoomBatchLimits.registrantsPerCall, people.count)])
            start += ZoomBatchLimits.registrantsPerCall
            let bookings = chunk.compactMap(\.booking)
            let added = chunk.filter { $0.registrant.id == nil }.count
            add(
                .approveAdded(ref, registrants: chunk.map(\.registrant)),
                PlanCatalogue.reasonApproveAdded(bookings, added: added, pending: chunk.count - added),
                booking: chunk.first?.booking, email: chunk.count == 1 ? chunk[0].registrant.email : nil,
                people: desiredPeople(chunk.map(\.registrant.email)))
        }
    }
}

extension PlanCatalogue {
    static func reasonApproveAdded(_ bookings: [String], added: Int, pending: Int) -> LocalizedText {
        let list = bookings.joined(separator: ", ")
        let which = bookings.isEmpty ? LocalizedText(de: "", en: "") : LocalizedText(de: " (\(list))", en: " (\(list))")
        let de = RunTexts(language: .de)
        let en = RunTexts(language: .en)
        switch (added, pending) {
        case (_, 0):
            return LocalizedText(
                de:
                    "Zoom nimmt Webinar-Anmeldungen ohne automatische Freigabe an. Zur Freigabe, neu angemeldet: \(de.count(added, .person))\(which.de).",
                en:
                    "Zoom takes webinar registrations without automatic approval. To approve, newly registered: \(en.count(added, .person))\(which.en)."
            )
        case (0, _):
            return LocalizedText(
                de:
                    "In SEMCO gebucht, in Zoom aber noch nicht freigegeben (ausstehend); zur Freigabe: \(de.count(pending, .person))\(which.de).",
                en: "Booked in SEMCO but still pending in Zoom; to approve: \(en.count(pending, .person))\(which.en).")
        default:
            return LocalizedText(
                de:
                    "Zur Freigabe: neu angemeldet \(de.count(added, .person)), in Zoom ausstehend \(de.count(pending, .person))\(which.de).",
                en:
                    "To approve: newly registered \(en.count(added, .person)), pending in Zoom \(en.count(pending, .person))\(which.en)."
            )
        }
    }
}
