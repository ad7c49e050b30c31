import Foundation

extension CoursePlanner {
    /// A course the run does not change: its state still takes in what Zoom listed.
    mutating func healOnly() {
        guard let managed, case .present(let meeting, let listed)? = zoom.meetings[number] else { return }
        var healed = Self.observedOnly(managed, meeting: meeting, registrants: listed)
        var update = healed.update ?? managed
        if let moved = HostChanges.accept(meeting, into: &update, now: options.now) {
            healed.diagnostics.append(moved)
            healed.update = update
        }
        result.diagnostics += healed.diagnostics
        if let update = healed.update { result.stateUpdate = update }
    }

    /// The state of a course that is not planned, corrected by what Zoom listed for its meeting.
    static func observedOnly(_ managed: ManagedCourse, meeting: ZoomMeeting, registrants: [ZoomRegistrant])
        -> (update: ManagedCourse?, diagnostics: [Diagnostic])
    {
        guard managed.meetingID == meeting.id else { return (nil, []) }
        let observed = ObservedRegistrants.heal(managed.registrants, inZoom: byAddress(registrants))
        let diagnostics = observed.corrections.map { PlanCatalogue.registrantCorrected(managed.number, $0) }
        var update = managed
        update.registrants = observed.registrants
        return (update == managed ? nil : update, diagnostics)
    }

    /// The registrants whose status the state took from Zoom, except those SEMCO still wants and
    /// Zoom denied: they are reported where they are brought back.
    mutating func reportCorrections(_ corrections: [ObservedRegistrants.Correction], desired: Set<String>) {
        for correction in corrections
        where
            !((correction.now == .cancelled || correction.now == .pending)
            && desired.contains(TextCase.lowercased(correction.email)))
        {
            result.diagnostics.append(PlanCatalogue.registrantCorrected(number, correction))
        }
    }
}
